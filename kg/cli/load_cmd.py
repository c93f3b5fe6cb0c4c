"""``kg load ...``: turn inputs into the graph."""

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
from kg.ingest.articles import LoadReport, load_seeds
from kg.stats import graph_stats
from loaders.resources import SEEDS_DIR

app = typer.Typer(help="Load inputs into the graph.", no_args_is_help=True)


def print_report(report: LoadReport, counts: dict[str, int]) -> None:
    """Summary table and one line per failed input; exit non-zero when any failed."""
    table = Table("", "count", title="Load summary")
    table.add_row("files loaded", str(len(report.loaded)))
    table.add_row("files unchanged", str(len(report.unchanged)))
    table.add_row("files failed", str(len(report.failures)))
    for label, n in counts.items():
        table.add_row(f"{label} nodes in graph", str(n))
    console.print(table)
    for failure in report.failures:
        err_console.print(f"[red]failed:[/] {failure}", highlight=False, soft_wrap=True)
    if report.failures:
        raise typer.Exit(1)


@app.command()
@handle_errors
def seeds(
    seeds_dir: Path = typer.Option(
        SEEDS_DIR, "--dir", help="Seeds folder.", exists=True, file_okay=False
    ),
) -> None:
    """Load the reference data (actors, places, sources, event types) and the seed articles."""
    cfg = settings()
    with open_store(cfg) as store:
        report = load_seeds(store, cfg, seeds_dir)
        counts = graph_stats(store)
        refresh_snapshot(store, cfg)
    print_report(report, counts)
