"""``kg load articles PATH...``: extract claims from news articles and write them with events."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from kg.cli.common import console, handle_errors, open_store, refresh_snapshot, settings
from kg.cli.load_cmd import print_report
from kg.ingest.articles import count_articles, load_articles
from kg.ingest.reference import load_event_types, load_reference
from kg.stats import graph_stats
from loaders.resources import SEEDS_DIR

app = typer.Typer(no_args_is_help=True)


@app.command("articles")
@handle_errors
def articles(
    paths: list[Path] = typer.Argument(
        ..., help="Article files (.txt, .md) or folders of them.", exists=True
    ),
    seeds_dir: Path = typer.Option(
        SEEDS_DIR, "--seeds", help="Folder of the reference data.", exists=True, file_okay=False
    ),
) -> None:
    """Extract events and control claims from articles and load them (one transaction each).

    Metadata comes from an index.yaml in the article's folder or a NAME.meta.yaml beside it.
    Unchanged articles are skipped, changed ones replace their claims. Exits 1 when any file
    failed; the others are loaded all the same.
    """
    cfg = settings()
    total = count_articles(paths)
    with open_store(cfg) as store:
        ref = load_reference(store, cfg, seeds_dir)
        load_event_types(store, cfg)
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=total < 2,
        ) as bar:
            task = bar.add_task("articles", total=total)
            report = load_articles(store, cfg, paths, ref, progress=lambda _: bar.advance(task))
        counts = graph_stats(store)
        refresh_snapshot(store, cfg)
    print_report(report, counts)
