"""The SPARQL snapshot: the graph as an Oxigraph store, kept current after each load.

The store has the same dataset as an N-Quads export: actors, places, events and the other
nodes in the default graph, each document's claims (and their casualty figures) in the named
graph of the document. ``/sparql`` answers from it (``kg.rdf.sparql``).

It lives in ``KG_SPARQL_DIR`` (default ``KG_HOME/sparql``):

* ``primary/``: the store the refresh writes, one refresh at a time (``refresh.lock``);
* ``generations/gen-NNNNNN/``: read-only copies published after each refresh (RocksDB
  checkpoints: hard links, cheap); ``CURRENT`` names the newest, which the endpoint's workers
  open. Readers never see a half-applied refresh, and nothing ever reads the primary.

A refresh is incremental: it takes the change journal (``kg.changes``: the documents loads
committed), drops those documents' named graphs, the events their claims supported before and
after and the reference nodes (actors, places, sources, event types, extractions, the dataset)
they link to (all of them when the reference data was reloaded with changes), and writes them
again as Neo4j has them. A full
rebuild (``--full``, a wipe, a new namespace, a refresh that did not finish) streams the whole
export into a new store with Oxigraph's bulk loader.
"""

from __future__ import annotations

import io
import logging
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg import changes
from kg.config import Settings
from kg.dataset import dataset_namespace
from kg.rdf.export import export_chunks
from kg.rdf.reader import document_claim_records, label_records, records_of
from kg.rdf.terms import GEOMETRY_SUFFIX, Record, record_subjects
from kg.rdf.writers import NQuadsWriter
from kg.store import GraphStore
from loaders.graph.mapping import MAPPING
from loaders.graph.vocabulary import KG

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
KEEP = 3
"""Generations kept on disk (a worker still reading an older one has time to move on)."""
REFERENCE_LABELS = ("Actor", "Place", "Source", "EventType", "Extraction", "Dataset")
"""Default-graph nodes that loads link to and may create (actors, places, sources, ...)."""
SUPPORTS = ox.NamedNode(str(KG.supports))
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class SnapshotPaths:
    root: Path

    @property
    def primary(self) -> Path:
        return self.root / "primary"

    @property
    def generations(self) -> Path:
        return self.root / "generations"

    @property
    def dirty(self) -> Path:
        """Present while the primary is being changed: a crash there calls for a rebuild."""
        return self.root / "dirty"

    @property
    def namespace_file(self) -> Path:
        return self.root / "namespace"

    def current(self) -> Path | None:
        """The newest published generation, if any."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        path = self.generations / name
        return path if path.is_dir() else None


@dataclass
class RefreshReport:
    full: bool
    documents: int = 0
    events: int = 0
    reference_nodes: int = 0
    """Reference nodes (actors, places, sources, ...) rewritten."""
    quads: int = 0
    """Quads written (all of them on a full rebuild)."""
    seconds: float = 0.0
    generation: str = ""


class _TextStream(io.RawIOBase):
    """Text chunks as a binary stream, for Oxigraph's bulk loader."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            try:
                self._buffer = next(self._chunks).encode("utf-8")
            except StopIteration:
                return 0
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _nquads(records: Iterable[Record]) -> tuple[str, int]:
    return NQuadsWriter().page(records)


def _rebuild(store: GraphStore, namespace: str, paths: SnapshotPaths) -> int:
    """A new primary from the whole export, swapped in for the old one."""
    fresh = paths.root / "primary.new"
    shutil.rmtree(fresh, ignore_errors=True)
    count = 0

    def counted(n: int) -> None:
        nonlocal count
        count += n

    target = ox.Store(str(fresh))
    stream = io.BufferedReader(
        _TextStream(export_chunks(store, namespace, "nquads", on_page=counted))
    )
    target.bulk_load(input=stream, format=ox.RdfFormat.N_QUADS, lenient=True)
    target.flush()
    del target
    old = paths.root / "primary.old"
    shutil.rmtree(old, ignore_errors=True)
    if paths.primary.exists():
        paths.primary.rename(old)
    fresh.rename(paths.primary)
    shutil.rmtree(old, ignore_errors=True)
    return count


def _old_events(primary: ox.Store, documents: Sequence[str]) -> set[str]:
    """The events the documents' claims supported when the snapshot was last refreshed."""
    found: set[str] = set()
    for doc in documents:
        for quad in primary.quads_for_pattern(None, SUPPORTS, None, ox.NamedNode(doc)):
            if isinstance(quad.object, ox.NamedNode):
                found.add(quad.object.value)
    return found


def _typed(primary: ox.Store, labels: Iterable[str]) -> set[str]:
    """The subjects the snapshot types with the classes of ``labels``."""
    found: set[str] = set()
    for label in labels:
        cls = ox.NamedNode(str(MAPPING.node(label).rdf_class))
        for quad in primary.quads_for_pattern(None, RDF_TYPE, cls, ox.DefaultGraph()):
            if isinstance(quad.subject, ox.NamedNode):
                found.add(quad.subject.value)
    return found


@cache
def _target_labels(label: str, rel_type: str) -> tuple[str, ...]:
    """The reference labels a relationship of ``rel_type`` from a ``label`` node may reach."""
    own = (label, *MAPPING.node(label).extra_labels)
    rel = MAPPING.rels.get(rel_type)
    ends = rel.endpoints if rel is not None else ()
    return tuple(dict.fromkeys(dst for src, dst in ends if src in own and dst in REFERENCE_LABELS))


def _linked(records: Iterable[Record]) -> dict[str, set[str]]:
    """The reference nodes ``records`` link to, by label (a load creates the actors, places and
    sources its documents name that the reference data lacks, and links them from claims)."""
    out: dict[str, set[str]] = {}
    for rec in records:
        for rel_type, dst in rec.rels:
            for label in _target_labels(rec.label, rel_type):
                out.setdefault(label, set()).add(dst)
    return out


def _reference_records(
    store: GraphStore, primary: ox.Store, records: Sequence[Record], everything: bool
) -> tuple[list[Record], set[str]]:
    """The reference nodes to rewrite, as the store has them, and the IRIs the snapshot must
    forget first: all reference nodes when ``everything`` (the reference data was reloaded,
    and a node may have gone), else those ``records`` link to."""
    if everything:
        fresh = [rec for label in REFERENCE_LABELS for page in label_records(store, label)
                 for rec in page]  # fmt: skip
        return fresh, _typed(primary, REFERENCE_LABELS) | {rec.iri for rec in fresh}
    fresh = [rec for label, iris in _linked(records).items()
             for rec in records_of(store, label, sorted(iris))]  # fmt: skip
    return fresh, {rec.iri for rec in fresh}


def _forget(primary: ox.Store, graphs: Iterable[str], subjects: Iterable[str]) -> None:
    """Drop the named graphs, and every default-graph quad about the subjects."""
    for graph in graphs:
        primary.remove_graph(ox.NamedNode(graph))
    default = ox.DefaultGraph()
    for subject in subjects:
        for quad in list(primary.quads_for_pattern(ox.NamedNode(subject), None, None, default)):
            primary.remove(quad)


def _incremental(
    store: GraphStore,
    primary: ox.Store,
    documents: Sequence[str],
    report: RefreshReport,
    reference: bool = True,
) -> None:
    """Replace what the snapshot says about the documents (their named graphs), the events
    their claims support (before and after) and the reference nodes (all of them when
    ``reference``, else those the documents and events link to) by what the store says.

    What is replaced is dropped and written again from one N-Quads text that Oxigraph parses
    itself: comparing old and new quads in Python cost more than rewriting the unchanged ones.
    """
    claims = document_claim_records(store, documents)
    new_events = {dst for rec in claims for t, dst in rec.rels if t == "SUPPORTS"}
    events = sorted(_old_events(primary, documents) | new_events)
    records = [*records_of(store, "Document", documents), *records_of(store, "Event", events)]
    linked, gone = _reference_records(store, primary, [*records, *claims], reference)
    fresh = [*records, *linked]
    subjects = {s for rec in fresh for s in record_subjects(rec)}
    subjects.update(documents)
    subjects.update(events)
    subjects.update(gone)
    subjects.update(iri + GEOMETRY_SUFFIX for iri in gone)
    _forget(primary, documents, subjects)
    text, written = _nquads([*fresh, *claims])
    primary.load(input=text.encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=True)
    report.documents, report.events = len(documents), len(events)
    report.reference_nodes = len(linked)
    report.quads = written


def _publish(paths: SnapshotPaths) -> str:
    """Checkpoint the primary as the next generation and point ``CURRENT`` at it."""
    paths.generations.mkdir(parents=True, exist_ok=True)
    existing = sorted(p.name for p in paths.generations.iterdir() if p.name.startswith("gen-"))
    number = int(existing[-1].removeprefix("gen-")) + 1 if existing else 1
    name = f"gen-{number:06d}"
    primary = ox.Store(str(paths.primary))
    primary.flush()
    primary.backup(str(paths.generations / name))
    del primary
    tmp = paths.root / f"{CURRENT}.tmp"
    tmp.write_text(name + "\n", encoding="utf-8")
    tmp.replace(paths.root / CURRENT)
    for old in existing[: max(0, len(existing) + 1 - KEEP)]:
        shutil.rmtree(paths.generations / old, ignore_errors=True)
    return name


def refresh(store: GraphStore, settings: Settings, full: bool = False) -> RefreshReport:
    """Bring the snapshot in step with the store (incrementally when it can); publish it."""
    started = time.perf_counter()
    paths = SnapshotPaths(settings.sparql_path)
    paths.root.mkdir(parents=True, exist_ok=True)
    with changes.locked(paths.root, "refresh.lock"):
        documents, asked_full, reference = changes.take(paths.root)
        namespace = dataset_namespace(store, settings)
        recorded = paths.namespace_file.read_text().strip() if paths.namespace_file.exists() else ""
        full = (
            full
            or asked_full
            or paths.current() is None
            or not paths.primary.exists()
            or paths.dirty.exists()
            or recorded != namespace
        )
        report = RefreshReport(full=full)
        paths.dirty.touch()
        if full:
            report.quads = _rebuild(store, namespace, paths)
            paths.namespace_file.write_text(namespace + "\n")
        else:
            primary = ox.Store(str(paths.primary))
            _incremental(store, primary, sorted(documents), report, reference)
            del primary
        report.generation = _publish(paths)
        paths.dirty.unlink()
        changes.done(paths.root)
    report.seconds = time.perf_counter() - started
    log.info("SPARQL snapshot %s: %s", report.generation, report)
    return report
