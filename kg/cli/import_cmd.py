"""``kg import rdf FILE...``: load RDF that uses our ontology, validated by SHACL first."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg.cli.common import console, err_console, handle_errors, open_store, settings
from kg.rdf.importer import RdfValidationError, import_files

app = typer.Typer(help="Import data into the graph.", no_args_is_help=True)


@app.command("rdf")
@handle_errors
def rdf(
    files: list[Path] = typer.Argument(
        ...,
        help="RDF files (.ttl, .nt, .nq, .trig, .jsonld).",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
) -> None:
    """Validate every file against schema/shapes.ttl, then write each in one transaction.

    If any file does not conform, its SHACL report is printed, nothing is written and the
    exit code is non-zero. Importing the same data twice changes nothing.

    Example: kg import rdf backup.nq
    """
    cfg = settings()
    with open_store(cfg) as store:
        try:
            report = import_files(
                store, cfg.base_iri, files, on_file=lambda m: err_console.print(m, highlight=False)
            )
        except RdfValidationError as e:
            err_console.print(e.report, highlight=False, markup=False, soft_wrap=True)
            err_console.print(f"[bold red]error:[/] {e.source} is invalid; nothing was written")
            raise typer.Exit(e.exit_code) from e
    table = Table("file", "nodes", "relationships", title="Imported")
    for name, nodes, rels in report.files:
        table.add_row(name, str(nodes), str(rels))
    console.print(table)
