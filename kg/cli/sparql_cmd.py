"""``kg sparql refresh``: the SPARQL snapshot the API's /sparql reads."""

from __future__ import annotations

import typer

from kg.cli.common import console, handle_errors, open_store, settings
from kg.rdf.snapshot import refresh as refresh_snapshot

app = typer.Typer(help="The SPARQL snapshot of the graph.", no_args_is_help=True)


@app.command()
@handle_errors
def refresh(
    full: bool = typer.Option(False, "--full", help="Rebuild from the whole graph."),
) -> None:
    """Bring the snapshot in step with the database (loads do this themselves).

    Incremental: the documents loads noted in the change journal, their events and the
    reference nodes; --full (or a first run) rebuilds it from a whole export.

    Example: kg sparql refresh --full
    """
    cfg = settings()
    with open_store(cfg) as store:
        report = refresh_snapshot(store, cfg, full=full)
    kind = "rebuilt" if report.full else "refreshed"
    console.print(
        f"Snapshot {kind}: {report.generation} in {cfg.sparql_path} ({report.quads:,} quads "
        f"written, {report.documents} documents, {report.events} events, "
        f"{report.seconds:.1f} s).",
        highlight=False,
    )
