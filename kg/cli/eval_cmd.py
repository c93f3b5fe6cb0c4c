"""``kg eval GOLD_DIR``: score the extractor against hand annotations and print the tables."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg.cli.common import console, handle_errors, settings
from kg.errors import InputError
from kg.nlp.client import CoreNLPClient
from loaders.articles.documents import metadata_for, read_index
from loaders.extract.evaluation import Counts, Finding, Report, evaluate, read_gold
from loaders.extract.pipeline import EXTRACTOR_VERSION, extract
from loaders.reference import read_reference

app = typer.Typer(help="Evaluate extraction against gold annotations.")
QUOTE_WIDTH = 90


def _row(name: str, c: Counts) -> list[str]:
    return [
        name,
        f"{c.precision:.2f}",
        f"{c.recall:.2f}",
        f"{c.f1:.2f}",
        *map(str, (c.tp, c.fp, c.fn)),
    ]


def _scores_table(report: Report) -> Table:
    table = Table(title="Event claims: precision, recall and F1", title_justify="left")
    for col in ("field", "P", "R", "F1", "TP", "FP", "FN"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for name, c in report.fields.items():
        table.add_row(*_row(name, c))
    table.add_section()
    table.add_row(*_row("tuple (type, attacker, target, place)", report.tuples))
    table.add_row(*_row("control (controller, place)", report.control_pairs))
    return table


def _findings_table(title: str, findings: list[Finding], what: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("document")
    table.add_column("type")
    table.add_column(what)
    table.add_column("quote", overflow="fold")
    for f in findings:
        quote = f.quote if len(f.quote) <= QUOTE_WIDTH else f.quote[: QUOTE_WIDTH - 1] + "…"
        table.add_row(f.document, f.kind, f.what, quote)
    return table


@app.command("eval")
@handle_errors
def eval_command(
    gold_dir: Path = typer.Argument(..., help="Folder of gold annotation files (*.yaml)."),
    articles: Path = typer.Option(
        Path("seeds/articles"), "--articles", help="Folder of the annotated articles."
    ),
    seeds: Path = typer.Option(
        Path("seeds"), "--seeds", help="Folder of the reference data (actors, places, sources)."
    ),
    details: bool = typer.Option(
        False, "--details", help="Also list every missed and spurious (type, attacker, ...) tuple."
    ),
) -> None:
    """Score extraction on hand-annotated articles: P/R/F1 per field and per tuple.

    Example: kg eval tests/gold --details
    """
    ref = read_reference(seeds)
    index = read_index(articles / "index.yaml") if (articles / "index.yaml").exists() else None
    triples = []
    with CoreNLPClient.from_settings(settings()) as parser:
        for gold in read_gold(gold_dir):
            path = articles / gold.document
            if not path.is_file():
                raise InputError(str(path), f"article of gold file {gold.document!r} not found")
            text = path.read_text(encoding="utf-8")
            meta = metadata_for(path, index)
            triples.append((gold, text, extract(text, meta, ref, parser)))
    report = evaluate(triples)
    console.print(_scores_table(report))
    console.print(
        f"extractor {EXTRACTOR_VERSION}: {len(triples)} documents, {report.gold_events} gold "
        f"events, {report.predicted_events} extracted, {report.matched_events} matched; "
        f"attribution accuracy on matched events {report.attribution_accuracy:.2f} "
        f"({report.attribution_correct}/{report.matched_events})",
        highlight=False,
    )
    console.print(_findings_table("Misses (gold events no claim matched)", report.misses, "id"))
    console.print(
        _findings_table("False alarms (claims matching no gold event)", report.false_alarms, "rule")
    )
    if details:
        console.print(_findings_table("Missed tuples", report.tuple_misses, "tuple"))
        console.print(_findings_table("Spurious tuples", report.tuple_false_alarms, "tuple"))
