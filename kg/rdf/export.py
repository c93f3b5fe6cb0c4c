"""Streaming RDF dumps of the graph, for the CLI (``kg export``) and the API (``GET /rdf``).

``export_chunks`` yields text as pages are read, so neither the process nor an HTTP response
ever holds the whole dump. Filters keep matching events and their claims (see ``docs/rdf.md``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.rdf.prefetch import prefetched
from kg.rdf.reader import Filters, record_pages
from kg.rdf.writers import make_writer, turtle_prefixes
from kg.store import GraphStore
from loaders.graph.mapping import MAPPING
from loaders.graph.vocabulary import EVENT_TYPES, PREFIXES
from loaders.resources import SCHEMA_DIR

log = logging.getLogger(__name__)

CONTEXT_FILE = SCHEMA_DIR / "context.jsonld"
INSTANCE_KINDS = tuple(
    dict.fromkeys(nt.iri_kind for nt in MAPPING.nodes.values() if not nt.iri_base)
)


def make_filters(
    types: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    source: str | None = None,
) -> Filters:
    """Checked filters: known event type ids and an ordered date range."""
    unknown = sorted(set(types or ()) - set(EVENT_TYPES))
    if unknown:
        raise InputError("--type", f"unknown event type(s) {unknown}; known: {list(EVENT_TYPES)}")
    if date_from and date_to and date_from > date_to:
        raise InputError("--from/--to", f"{date_from} is after {date_to}")
    return Filters(tuple(sorted(set(types or ()))), date_from, date_to, source or None)


def load_context(path: Path = CONTEXT_FILE) -> tuple[Any, dict[str, str]]:
    """The JSON-LD context to inline and the prefixes it defines as we do.

    Keys are only shortened with prefixes the context maps to the same namespace, so the
    output means the same whatever else the context declares. Without the file, our prefixes
    make the context.
    """
    ours = {name: str(ns) for name, ns in PREFIXES.items()}
    if not path.exists():
        return ours, ours
    try:
        context = json.loads(path.read_text(encoding="utf-8")).get("@context", {})
    except (OSError, ValueError, AttributeError) as e:
        raise InputError(str(path), f"not a JSON-LD context document: {e}") from e
    defined: dict[str, str] = {}
    for part in context if isinstance(context, list) else [context]:
        if not isinstance(part, dict):
            continue
        for name, value in part.items():
            ns = value.get("@id") if isinstance(value, dict) else value
            if name in ours and ns == ours[name]:
                defined[name] = ns
    return context, defined


def export_chunks(
    store: GraphStore,
    namespace: str,
    fmt: str,
    filters: Filters = Filters(),
    page_size: int = 2000,
    on_page: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """The dump as text chunks (header, one chunk per page, footer).

    ``namespace`` is the dataset's (``kg.dataset.dataset_namespace``): Turtle and TriG get one
    prefix per kind of instance under it. ``on_page`` receives the number of triples of each
    page (for progress displays).
    """
    if fmt == "jsonld":
        context, prefixes = load_context()
        writer = make_writer(fmt, prefixes, context)
    else:
        writer = make_writer(fmt, turtle_prefixes(namespace, INSTANCE_KINDS))
    yield writer.start()
    # The next page is read while this one is formatted (one page ahead: memory stays flat).
    for records in prefetched(record_pages(store, filters, page_size)):
        text, n = writer.page(records)
        if on_page:
            on_page(n)
        yield text
    yield writer.end()


@dataclass(frozen=True)
class ExportStats:
    triples: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.triples / self.seconds if self.seconds > 0 else 0.0


def export_to_file(
    store: GraphStore,
    namespace: str,
    fmt: str,
    out: Path,
    filters: Filters = Filters(),
    on_page: Callable[[int], None] | None = None,
    page_size: int = 2000,
) -> ExportStats:
    """Write the dump to ``out`` as it is read; returns the triple count and the time taken."""
    count = 0

    def counted(n: int) -> None:
        nonlocal count
        count += n
        if on_page:
            on_page(n)

    start = time.perf_counter()
    try:
        with out.open("w", encoding="utf-8") as fh:
            for chunk in export_chunks(store, namespace, fmt, filters, page_size, counted):
                fh.write(chunk)
    except OSError as e:
        raise InputError(str(out), f"cannot write the export: {e.strerror}") from e
    stats = ExportStats(count, time.perf_counter() - start)
    log.info("exported %d triples as %s to %s in %.1f s", count, fmt, out, stats.seconds)
    return stats
