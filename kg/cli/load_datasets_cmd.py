"""``kg load FORMAT FILE``, one command per registered dataset format (``kg load acled``,
``kg load ucdp``, ``kg load gdelt``): dataset exports into the graph.

Exit codes: 0 when the file was loaded, even if some rows were rejected (real exports carry a
few malformed rows; they are listed in FILE.rejects.csv and counted in the summary), unless
``--strict`` is given; 1 with ``--strict`` and rejected rows; on a fatal error the error's own
code: 1 for an unusable file (unreadable, not an export of that dataset), 3 when Neo4j is down.
An interrupted load resumes where it stopped when run again on the same file and database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from kg.cli.common import (
    console,
    err_console,
    handle_errors,
    open_store,
    refresh_snapshot,
    settings,
)
from kg.ingest.dataset_report import OUTCOMES, DatasetReport
from kg.ingest.datasets import DEFAULT_CHUNK, LoadOptions, load_dataset
from kg.ingest.direction import text_direction
from kg.stats import graph_stats
from loaders.datasets.common import DatasetFormat
from loaders.datasets.places import DEFAULT_RADIUS_KM
from loaders.datasets.registry import FORMATS
from loaders.resolution.rules import MatchRules
from loaders.resources import SEEDS_DIR

app = typer.Typer(no_args_is_help=True)

FILE = typer.Argument(..., help="The export file.", exists=True, dir_okay=False)
CHUNK = typer.Option(DEFAULT_CHUNK, "--chunk-size", min=1, help="Rows per transaction.")
RELEASE = typer.Option(None, "--release", help="Dataset release, kept in each claim's locator.")
RADIUS = typer.Option(
    DEFAULT_RADIUS_KM, "--place-radius-km", min=0.0, help="Gazetteer match radius (km)."
)
DISTANCE = typer.Option(
    25.0, "--max-distance-km", min=0.0, help="Corroboration: farthest two places of one event."
)
CORROBORATE = typer.Option(
    True, "--corroborate/--no-corroborate", help="Attach claims to events (same event rules)."
)
MIN_SCORE = typer.Option(
    None,
    "--min-score",
    min=0.0,
    max=1.0,
    help="Corroboration: score a link must reach [default: KG_MATCH_MIN_SCORE].",
)
ROLES = typer.Option(
    True,
    "--roles-from-text/--no-roles-from-text",
    help="Read who attacked whom from a row's own text (ACLED notes, UCDP headlines).",
)
PRUNE = typer.Option(
    False,
    "--prune",
    help="The file is a full export: retract the dataset's rows it no longer has (kept as "
    "history).",
)
RESTART = typer.Option(False, "--restart", help="Ignore a checkpoint and load from the start.")
STRICT = typer.Option(False, "--strict", help="Exit 1 when any row was rejected.")
SEEDS = typer.Option(
    SEEDS_DIR, "--seeds", help="Folder of the reference data.", exists=True, file_okay=False
)


def print_summary(report: DatasetReport, counts: dict[str, int]) -> None:
    table = Table("", "count", title=f"{report.dataset.upper()} load: {report.file}")
    for name, value in (
        ("rows read", report.rows),
        ("claims added", report.total("added")),
        ("claims updated (newer version)", report.total("updated")),
        ("claims unchanged", report.total("unchanged")),
        ("claims retracted (--prune)", report.retracted),
        ("rows rejected", report.rejected),
        ("rows skipped", report.skipped),
        ("rows with roles from their text", report.oriented),
        ("rows with warnings", report.warnings),
        ("events touched", report.events),
        ("chunks (transactions)", report.chunks),
    ):
        table.add_row(name, str(value))
    for reason, n in sorted(report.skip_reasons.items()):
        table.add_row(f"  skipped: {reason}", str(n))
    if report.resumed_at:
        table.add_row("resumed after line", str(report.resumed_at))
    table.add_row("seconds", f"{report.seconds:.1f}")
    for label, n in counts.items():
        table.add_row(f"{label} nodes in graph", str(n))
    console.print(table)
    console.print(_categories(report))
    if report.unknown_actors:
        console.print(_unknown(report))
    _notes(report)


def _categories(report: DatasetReport) -> Table:
    table = Table("category", *OUTCOMES, title="Rows per category")
    for category, counts in sorted(report.by_category.items()):
        table.add_row(category, *(str(counts.get(o, 0)) for o in OUTCOMES))
    return table


def _unknown(report: DatasetReport) -> Table:
    table = Table("name", "rows", title="Unknown actors (created once, reviewNeeded)")
    for name, n in sorted(report.unknown_actors.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(name, str(n))
    return table


def _notes(report: DatasetReport) -> None:
    if report.restarted:
        err_console.print(f"[yellow]loaded from the start:[/] {report.restarted}", soft_wrap=True)
    for line, message in report.warning_examples:
        err_console.print(f"[yellow]warning[/] line {line}: {message}", soft_wrap=True)
    if report.rejects_file:
        err_console.print(
            f"[yellow]{report.rejected} rejected row(s)[/] with line and reason in "
            f"{report.rejects_file}",
            highlight=False,
            soft_wrap=True,
        )


def _load(
    fmt: DatasetFormat,
    path: Path,
    opts: LoadOptions,
    strict: bool,
) -> None:
    cfg = settings()
    with open_store(cfg) as store:
        with Progress(
            TextColumn(fmt.title),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(fmt.name, total=path.stat().st_size)
            report = load_dataset(
                store,
                cfg,
                path,
                fmt,
                opts,
                on_progress=lambda done, _total: bar.update(task, completed=done),
            )
        counts = graph_stats(store)
        refresh_snapshot(store, cfg)
    print_summary(report, counts)
    if strict and report.rejected:
        raise typer.Exit(1)


def _options(
    chunk: int,
    release: str | None,
    radius: float,
    distance: float,
    min_score: float | None,
    corroborate: bool,
    roles_from_text: bool,
    restart: bool,
    prune: bool,
    seeds: Path,
) -> LoadOptions:
    score = settings().match_min_score if min_score is None else min_score
    rules = MatchRules(max_distance_km=distance, min_score=score) if corroborate else None
    direction = text_direction if roles_from_text else None
    return LoadOptions(
        chunk, release, radius, rules, restart, seeds_dir=seeds, direction=direction, prune=prune
    )


def _command(fmt: DatasetFormat) -> Callable[..., None]:
    """The ``kg load NAME`` command of one format."""

    @handle_errors
    def command(
        path: Path = FILE,
        chunk_size: int = CHUNK,
        release: str | None = RELEASE,
        place_radius_km: float = RADIUS,
        max_distance_km: float = DISTANCE,
        min_score: float | None = MIN_SCORE,
        corroborate: bool = CORROBORATE,
        roles_from_text: bool = ROLES,
        prune: bool = PRUNE,
        restart: bool = RESTART,
        strict: bool = STRICT,
        seeds_dir: Path = SEEDS,
    ) -> None:
        opts = _options(
            chunk_size, release, place_radius_km, max_distance_km, min_score, corroborate,
            roles_from_text, restart, prune, seeds_dir,
        )  # fmt: skip
        _load(fmt, path, opts, strict)

    command.__doc__ = (
        f"{fmt.summary}\n\n"
        "Rejected rows go to FILE.rejects.csv with line and reason; the rest loads.\n\n"
        "Exit 0 unless a fatal error occurs, or --strict and a row was rejected.\n\n"
        f"Example: kg load {fmt.name} --release 2024-01 {fmt.name}-export.csv"
    )
    return command


for _fmt in FORMATS.values():
    app.command(_fmt.name)(_command(_fmt))
