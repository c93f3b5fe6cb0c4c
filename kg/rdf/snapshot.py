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
committed), drops those documents' named graphs and reads them again from Neo4j, replaces the
events their claims supported before and after, and brings the reference nodes (actors,
places, sources, event types, extractions, the dataset) in step by comparing them. A full
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
from pathlib import Path

import pyoxigraph as ox

from kg import changes
from kg.config import Settings
from kg.dataset import dataset_namespace
from kg.rdf.export import export_chunks
from kg.rdf.reader import document_claim_records, label_records, records_of
from kg.rdf.terms import Record
from kg.rdf.writers import NQuadsWriter
from kg.store import GraphStore
from loaders.graph.mapping import MAPPING
from loaders.graph.vocabulary import KG

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
KEEP = 3
"""Generations kept on disk (a worker still reading an older one has time to move on)."""
REFERENCE_LABELS = ("Actor", "Place", "Source", "EventType", "Extraction", "Dataset")
"""Default-graph nodes compared in full at each refresh (few, and any load may touch them)."""
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
    reference_changes: int = 0
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


def _iri(term: object) -> str | None:
    """The IRI of a term (None for blank nodes, literals and quoted triples)."""
    return term.value if isinstance(term, ox.NamedNode) else None


def _old_events(primary: ox.Store, documents: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for doc in documents:
        for quad in primary.quads_for_pattern(None, SUPPORTS, None, ox.NamedNode(doc)):
            iri = _iri(quad.object)
            if iri is not None:
                found.add(iri)
    return found


def _stored(primary: ox.Store, graphs: Iterable[str], subjects: Iterable[str]) -> set[ox.Quad]:
    """The snapshot's quads in the named graphs and about the subjects (default graph)."""
    old: set[ox.Quad] = set()
    for g in graphs:
        old.update(primary.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    for s in subjects:
        old.update(primary.quads_for_pattern(ox.NamedNode(s), None, None, ox.DefaultGraph()))
    return old


def _quads(records: Iterable[Record]) -> set[ox.Quad]:
    """The records' quads as the snapshot stores them (Oxigraph keeps literals in a canonical
    form: ``"46.0"^^xsd:double`` comes back as ``"46"``), so that they compare with it."""
    text, _ = _nquads(records)
    canonical = ox.Store()
    canonical.load(input=text.encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=True)
    return set(canonical)


def _apply(primary: ox.Store, old: set[ox.Quad], new: set[ox.Quad]) -> tuple[int, int]:
    """Make ``old`` into ``new``: only the quads that differ are written."""
    removed, added = old - new, new - old
    for quad in removed:
        primary.remove(quad)
    primary.extend(added)
    return len(removed), len(added)


def _reference(store: GraphStore, primary: ox.Store) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """The snapshot's quads about reference nodes, and the store's."""
    new: set[ox.Quad] = set()
    subjects: set[str] = set()
    for label in REFERENCE_LABELS:
        cls = ox.NamedNode(str(MAPPING.node(label).rdf_class))
        typed = primary.quads_for_pattern(None, RDF_TYPE, cls)
        subjects.update(iri for q in typed if (iri := _iri(q.subject)) is not None)
        for page in label_records(store, label):
            new |= _quads(page)
    subjects.update(iri for q in new if (iri := _iri(q.subject)) is not None)
    return _stored(primary, (), subjects), new


def _linked_reference(
    store: GraphStore, primary: ox.Store, records: Iterable[Record]
) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """The snapshot's and the store's quads about the reference nodes ``records`` link to
    (a load creates the actors, places and sources its rows name that the reference data
    lacks, and links them from its claims)."""
    linked = sorted({dst for rec in records for _, dst in rec.rels})
    new: set[ox.Quad] = set()
    for label in REFERENCE_LABELS:
        new |= _quads(records_of(store, label, linked))
    subjects = {iri for q in new if (iri := _iri(q.subject)) is not None}
    return _stored(primary, (), subjects), new


def _incremental(
    store: GraphStore,
    primary: ox.Store,
    documents: Sequence[str],
    report: RefreshReport,
    reference: bool = True,
) -> None:
    """Replace what the snapshot says about the documents, the events their claims support
    (before and after) and the reference nodes (all of them when ``reference``, else those
    the documents and events link to) by what the store says."""
    claims = document_claim_records(store, documents)
    new_events = {dst for rec in claims for t, dst in rec.rels if t == "SUPPORTS"}
    events = sorted(_old_events(primary, documents) | new_events)
    records = [*records_of(store, "Document", documents), *records_of(store, "Event", events)]
    new = _quads([*records, *claims])
    old = _stored(primary, documents, [*documents, *events])
    _, added = _apply(primary, old, new)
    if reference:
        ref_old, ref_new = _reference(store, primary)
    else:
        ref_old, ref_new = _linked_reference(store, primary, [*records, *claims])
    ref_removed, ref_added = _apply(primary, ref_old, ref_new)
    report.documents, report.events = len(documents), len(events)
    report.reference_changes = ref_removed + ref_added
    report.quads = added + ref_added


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
