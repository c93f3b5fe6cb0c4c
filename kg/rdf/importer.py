"""``kg import rdf``: RDF that uses our ontology -> checks -> graph batches -> Neo4j.

Safe for third-party files. Each file is, in order:

1. parsed (named graphs read as one union: a claim's graph is its document, which the claim
   itself states);
2. made ready (``kg.rdf.incoming``): ``--map`` prefixes rewritten, blank nodes skolemised, and
   refused if it writes nodes outside the dataset's namespace;
3. validated against ``schema/shapes.ttl`` together with the stored nodes it refers to
   (``kg.rdf.validation``), so that a file may name existing actors, places, sources,
   documents and event types without copying their descriptions;
4. mapped back through ``loaders.graph.mapping`` (``kg.rdf.from_rdf``);
5. compared with the store (``kg.rdf.import_state``): a file that would change an existing node
   is refused unless ``replace`` is set.

Only when every file passes is anything written: each file in one transaction, MERGE on IRIs,
together with the recomputed aggregates (roles, span, label, claim and source counts) of every
event its claims support (``kg.ingest.event_aggregates.refresh_events``). Importing the same
file twice changes nothing. ``dry_run`` stops before writing and reports what would change.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from kg import changes as journal
from kg.config import Settings
from kg.cypher import batch_statements
from kg.dataset import bind_namespace, genid_base
from kg.errors import InputError, ValidationError
from kg.ingest.event_aggregates import refresh_events
from kg.rdf.from_rdf import to_batch
from kg.rdf.import_state import Change, changes, context_graph, read_stored
from kg.rdf.incoming import IriMap, check_namespace, node_iris, rewrite, skolemise
from kg.rdf.terms import Record
from kg.rdf.validation import RdfValidationError, validate
from kg.store import GraphStore, Tx
from loaders.graph.batch import GraphBatch

log = logging.getLogger(__name__)

__all__ = ["ImportOptions", "ImportReport", "RdfValidationError", "import_files", "parse_file"]

PARSER_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
MAX_CHANGES_LISTED = 20


class ProtectedDataError(ValidationError):
    """A file would change existing nodes and ``--replace`` was not given."""

    code = "PROTECTED_DATA"

    def __init__(self, source: str, found: list[Change]) -> None:
        listed = "\n".join(f"  {c}" for c in found[:MAX_CHANGES_LISTED])
        more = len(found) - MAX_CHANGES_LISTED
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(
            f"{source} would change {len(found)} statement(s) about existing nodes "
            f"(use --replace to let it):\n{listed}{tail}"
        )
        self.source = source
        self.changes = found


@dataclass(frozen=True)
class ImportOptions:
    replace: bool = False
    """Let files change what the store says about existing nodes."""
    dry_run: bool = False
    """Check and compare everything, write nothing."""
    iri_map: IriMap = field(default_factory=IriMap)


@dataclass
class FileReport:
    """What importing one file does (or would do, in a dry run)."""

    file: str
    triples: int
    nodes: int
    rels: int
    new: Counter[str] = field(default_factory=Counter)
    """Nodes the store does not have yet, by label."""
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skolemised: int = 0
    events: list[str] = field(default_factory=list)
    """Events whose aggregates are recomputed."""
    documents: list[str] = field(default_factory=list)
    written: bool = False


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)


def parse_file(path: Path) -> Graph:
    """The union of all graphs of an RDF file, its syntax chosen by the file extension."""
    fmt = PARSER_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            str(path), f"unknown RDF file extension; use one of {sorted(PARSER_FORMATS)}"
        )
    ds = Dataset()
    try:
        ds.parse(str(path), format=fmt)
    except OSError as e:
        raise InputError(str(path), f"unreadable: {e.strerror}") from e
    except Exception as e:  # rdflib raises many parser-specific types
        raise InputError(str(path), f"not valid {fmt}: {e}") from e
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


REFERENCE_NODE_LABELS = frozenset({"Actor", "Place", "Source", "EventType"})
"""Nodes an import may describe that no document's named graph holds."""


@dataclass
class _Prepared:
    path: Path
    graph: Graph
    batch: GraphBatch
    report: FileReport


def _touched(batch: GraphBatch, stored: dict[str, Record]) -> tuple[list[str], list[str]]:
    """Events to recompute (those the file's claims support, before and after) and documents
    whose named graphs change."""
    events = {r.dst for r in batch.rels if r.type == "SUPPORTS"}
    documents = {r.dst for r in batch.rels if r.type == "DERIVED_FROM"}
    for row in batch.nodes:
        old = stored.get(row.iri)
        if old is not None:
            events.update(dst for t, dst in old.rels if t == "SUPPORTS")
            documents.update(dst for t, dst in old.rels if t == "DERIVED_FROM")
        if row.label == "Document":
            documents.add(row.iri)
    return sorted(events), sorted(documents)


def _prepare(
    store: GraphStore,
    namespace: str,
    path: Path,
    options: ImportOptions,
    pending: Graph,
) -> _Prepared:
    source = str(path)
    graph = rewrite(parse_file(path), options.iri_map)
    graph, skolemised = skolemise(graph, genid_base(namespace))
    check_namespace(graph, namespace, genid_base(namespace), source)
    subjects = {str(s) for s in graph.subjects()}
    stored = read_stored(store, subjects | node_iris(graph))
    referenced = [rec for iri, rec in stored.items() if iri not in subjects]
    context = context_graph(referenced)
    for s, p, o in pending:
        if str(s) not in subjects:
            context.add((s, p, o))
    validate(graph, source, context, subjects)
    batch = to_batch(graph, namespace, source)
    found = changes(batch, stored)
    if found and not options.replace:
        raise ProtectedDataError(source, found)
    events, documents = _touched(batch, stored)
    changed_iris = {c.iri for c in found}
    report = FileReport(
        file=source,
        triples=len(graph),
        nodes=len(batch.nodes),
        rels=len(batch.rels),
        new=Counter(row.label for row in batch.nodes if row.iri not in stored),
        changed=found,
        unchanged=sum(1 for r in batch.nodes if r.iri in stored and r.iri not in changed_iris),
        skolemised=skolemised,
        events=events,
        documents=documents,
    )
    return _Prepared(path, graph, batch, report)


def _write(store: GraphStore, prepared: _Prepared) -> None:
    statements = batch_statements(prepared.batch)
    events = prepared.report.events

    def work(tx: Tx) -> None:
        for query, params in statements:
            tx.run(query, params).consume()
        refresh_events(tx, events)

    store.write_tx(work)


def import_files(
    store: GraphStore,
    settings: Settings,
    paths: Sequence[Path],
    options: ImportOptions = ImportOptions(),
    on_file: Callable[[str], None] | None = None,
) -> ImportReport:
    """Check every file first; write only when all of them pass (and not in a dry run)."""
    settings = bind_namespace(store, settings)
    pending = Graph()
    prepared: list[_Prepared] = []
    for path in paths:
        item = _prepare(store, settings.namespace, path, options, pending)
        prepared.append(item)
        if len(paths) > 1:
            # Later files may refer to what earlier ones describe: it is their context too.
            for triple in item.graph:
                pending.add(triple)
        if on_file:
            on_file(f"checked {path} ({item.report.triples} triples)")
    report = ImportReport([p.report for p in prepared])
    if options.dry_run:
        return report
    for item in prepared:
        _write(store, item)
        item.report.written = True
        journal.record(settings, item.report.documents)
        if any(row.label in REFERENCE_NODE_LABELS for row in item.batch.nodes):
            journal.record(settings, [journal.REFERENCE])  # the snapshot re-reads them all
        log.info("imported %s: %d nodes, %d relationships", item.path, item.report.nodes,
                 item.report.rels)  # fmt: skip
        if on_file:
            on_file(f"wrote {item.path}")
    return report
