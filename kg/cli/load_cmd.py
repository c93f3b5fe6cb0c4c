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


INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl-C (128 + SIGINT)."""


def print_report(report: LoadReport, counts: dict[str, int]) -> None:
    """Summary table, one line per warning and per failed input; exit non-zero when any
    failed, when the load was interrupted, or when there was nothing to load."""
    if report.found == 0:
        err_console.print(
            "[yellow]warning:[/] no article files (.txt, .md, .markdown) were found; "
            "nothing was loaded",
            highlight=False,
        )
        raise typer.Exit(1)
    title = "Load summary (interrupted)" if report.interrupted else "Load summary"
    table = Table("", "count", title=title)
    table.add_row("files loaded", str(len(report.loaded)))
    table.add_row("files unchanged", str(len(report.unchanged)))
    table.add_row("files failed", str(len(report.failures)))
    table.add_row("new sources to review", str(len(report.new_sources)))
    for label, n in counts.items():
        table.add_row(f"{label} nodes in graph", str(n))
    if report.interrupted:
        done = len(report.loaded) + len(report.unchanged) + len(report.failures)
        table.add_row("files not reached", str(report.found - done))
    console.print(table)
    for name in report.new_sources:
        err_console.print(
            f"[yellow]new source:[/] {name!r} is not in the reference data; added for review",
            highlight=False,
            soft_wrap=True,
        )
    for warning in report.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    for failure in report.failures:
        err_console.print(f"[red]failed:[/] {failure}", highlight=False, soft_wrap=True)
    if report.interrupted:
        err_console.print(
            "interrupted: the documents counted above were written whole, the others not at "
            "all; run the same command again to finish",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(INTERRUPTED)
    if report.failures:
        raise typer.Exit(1)


@app.command()
@handle_errors
def seeds(
    seeds_dir: Path = typer.Option(
        SEEDS_DIR, "--dir", help="Seeds folder.", exists=True, file_okay=False
    ),
) -> None:
    """Load the reference data (actors, places, sources, event types) and the seed articles.

    Example: kg load seeds
    """
    cfg = settings()
    with open_store(cfg) as store:
        report = load_seeds(store, cfg, seeds_dir)
        counts = graph_stats(store)
        refresh_snapshot(store, cfg)
    print_report(report, counts)
