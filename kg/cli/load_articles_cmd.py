"""``kg load articles PATH...``: extract claims from news articles and write them with events."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from kg.cli.common import console, handle_errors, open_store, refresh_snapshot, settings
from kg.cli.load_cmd import print_report
from kg.ingest.articles import load_articles
from kg.ingest.reference import load_event_types, load_reference
from kg.stats import graph_stats
from loaders.resources import SEEDS_DIR

app = typer.Typer(no_args_is_help=True)


@app.command("articles")
@handle_errors
def articles(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH...", help="Article files (.txt, .md) or folders of them."
    ),
    seeds_dir: Path = typer.Option(
        SEEDS_DIR,
        "--seeds",
        metavar="DIR",
        help="Folder of the reference data.",
        exists=True,
        file_okay=False,
    ),
    replace: bool = typer.Option(
        False,
        "--replace",
        help="Let a file overwrite a stored document with the same id read from another file.",
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        metavar="N",
        help="Processes that extract in parallel (results load in order).",
    ),
) -> None:
    """Extract events and control claims from articles and load them (one transaction each).

    Metadata comes from an index.yaml in the article's folder or a NAME.meta.yaml beside it
    (see docs/cli.md). A document's id is its metadata id, else its path relative to the
    folder given. Unchanged articles are skipped, changed ones replace their claims.

    Exits 1 when any file failed (the others are loaded all the same) or none was found, 130
    when stopped by Ctrl-C (what was done is printed; run it again to finish).

    Example: kg load articles --workers 2 ~/articles/2018
    """
    cfg = settings()
    with open_store(cfg) as store:
        ref = load_reference(store, cfg, seeds_dir)
        load_event_types(store, cfg)
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("articles", total=None, visible=False)
            report = load_articles(
                store,
                cfg,
                paths,
                ref,
                progress=lambda _: bar.advance(task),
                on_total=lambda n: bar.update(task, total=n, visible=n >= 2),
                replace=replace,
                workers=workers,
            )
        counts = graph_stats(store)
        refresh_snapshot(store, cfg)
    print_report(report, counts)
