"""``kg import rdf FILE...``: load RDF that uses our ontology, checked before anything is
written."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg.cli.common import (
    console,
    err_console,
    handle_errors,
    open_store,
    refresh_snapshot,
    settings,
)
from kg.rdf.importer import (
    ImportOptions,
    ImportReport,
    ProtectedDataError,
    RdfValidationError,
    import_files,
)
from kg.rdf.incoming import IriMap

app = typer.Typer(help="Import data into the graph.", no_args_is_help=True)


def _print(report: ImportReport, dry_run: bool) -> None:
    title = "Dry run: what the import would do" if dry_run else "Imported"
    table = Table(
        "file", "new nodes", "changed", "unchanged", "relationships", "events", title=title
    )
    for f in report.files:
        new = ", ".join(f"{n} {label}" for label, n in sorted(f.new.items())) or "0"
        table.add_row(f.file, new, str(len(f.changed)), str(f.unchanged), str(f.rels),
                      str(len(f.events)))  # fmt: skip
    console.print(table)
    for f in report.files:
        for change in f.changed:
            console.print(
                f"  {'would change' if dry_run else 'changed'}: {change}", highlight=False
            )
        if f.skolemised:
            console.print(f"  {f.file}: {f.skolemised} blank node(s) skolemised", highlight=False)
    if dry_run:
        console.print("Dry run: nothing was written.")


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
    replace: bool = typer.Option(
        False, "--replace", help="Let the files change what the store says about existing nodes."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Check everything and report what would change; write nothing."
    ),
    maps: list[str] = typer.Option(
        [], "--map", help="OLD=NEW: rewrite IRIs starting with OLD into the namespace (repeat)."
    ),
) -> None:
    """Check every file, then write each in one transaction with its events' aggregates.

    The checks: every node in the dataset's namespace (or --map), the shapes with the stored
    data the file names, no change to existing nodes unless --replace. If any file fails, the
    reason is printed, nothing is written and the exit code is non-zero. Importing the same
    data twice changes nothing.

    Example: kg import rdf backup.nq
    """
    cfg = settings()
    options = ImportOptions(replace=replace, dry_run=dry_run, iri_map=IriMap.parse(maps))
    with open_store(cfg) as store:
        try:
            report = import_files(
                store, cfg, files, options, on_file=lambda m: err_console.print(m, highlight=False)
            )
        except RdfValidationError as e:
            err_console.print(e.report, highlight=False, markup=False, soft_wrap=True)
            err_console.print(f"[bold red]error:[/] {e.source} is invalid; nothing was written")
            raise typer.Exit(e.exit_code) from e
        except ProtectedDataError as e:
            err_console.print(str(e), highlight=False, markup=False, soft_wrap=True)
            err_console.print("[bold red]error:[/] nothing was written")
            raise typer.Exit(e.exit_code) from e
        if not dry_run:
            refresh_snapshot(store, cfg)
    _print(report, dry_run)
