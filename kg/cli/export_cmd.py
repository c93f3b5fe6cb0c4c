"""``kg export``: the graph as RDF (Turtle, N-Triples, JSON-LD, TriG, N-Quads)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from enum import StrEnum
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kg.cli.common import err_console, handle_errors, open_store, settings
from kg.dataset import dataset_namespace
from kg.errors import InputError
from kg.rdf.export import export_chunks, make_filters

app = typer.Typer(help="Export the graph as RDF.")


class RdfFormat(StrEnum):
    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"
    trig = "trig"
    nquads = "nquads"


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("exporting: {task.completed:,.0f} triples"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


@app.command("export")
@handle_errors
def export(
    fmt: RdfFormat = typer.Option(RdfFormat.turtle, "--format", "-f", help="RDF syntax."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default: standard output).", dir_okay=False
    ),
    event_types: list[str] = typer.Option(
        [], "--type", help="Keep events of this type or a narrower one (repeatable)."
    ),
    date_from: dt.datetime | None = typer.Option(
        None, "--from", formats=["%Y-%m-%d"], help="Keep events starting on or after this day."
    ),
    date_to: dt.datetime | None = typer.Option(
        None, "--to", formats=["%Y-%m-%d"], help="Keep events starting on or before this day."
    ),
    source: str | None = typer.Option(
        None, "--source", help="Keep claims attributed to (or published by) this source id."
    ),
) -> None:
    """Write the graph as RDF; TriG and N-Quads put each document's claims in a named graph.

    Filters keep the matching events and their claims (actors, places, sources and event
    types stay whole). Progress goes to stderr, so the dump can go to stdout.

    Example: kg export --format nquads --out backup.nq
    """
    cfg = settings()
    filters = make_filters(
        event_types,
        date_from.date() if date_from else None,
        date_to.date() if date_to else None,
        source,
    )
    total = 0
    start = time.perf_counter()
    with open_store(cfg) as store, _progress() as progress:
        task = progress.add_task("export", total=None)

        def advance(n: int) -> None:
            nonlocal total
            total += n
            progress.update(task, advance=n)

        chunks = export_chunks(
            store, dataset_namespace(store, cfg), fmt.value, filters, on_page=advance
        )
        if out is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
            sys.stdout.flush()
        else:
            try:
                with out.open("w", encoding="utf-8") as fh:
                    for chunk in chunks:
                        fh.write(chunk)
            except OSError as e:
                raise InputError(str(out), f"cannot write the export: {e.strerror}") from e
    seconds = time.perf_counter() - start
    where = f" to {out}" if out else ""
    err_console.print(
        f"Exported {total:,} triples as {fmt.value}{where} in {seconds:.1f} s.", highlight=False
    )
