"""``kg import rdf``: RDF that uses our ontology -> SHACL validation -> graph batches -> Neo4j.

Every file is parsed and validated against ``schema/shapes.ttl`` before anything is written;
one invalid file means nothing is written at all, and the error carries the SHACL report. Valid
files are mapped back through ``loaders.graph.mapping`` (the same mapping the exporter uses) and
written
one transaction per file with MERGE on IRIs, so importing twice changes nothing. Named graphs
are read as one union: a claim's graph is its document, which the claim itself states.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.errors import InputError, KGError, MappingError, ValidationError
from kg.rdf.terms import (
    is_derived,
    label_for_types,
    labels_for_iri,
    prop_for,
    python_value,
    rel_endpoints,
)
from kg.store import GraphStore
from loaders.graph.batch import GraphBatch, NodeRow, RelRow
from loaders.graph.mapping import MAPPING
from loaders.resources import SCHEMA_DIR

log = logging.getLogger(__name__)

SHAPES_FILE = SCHEMA_DIR / "shapes.ttl"
ONTOLOGY_FILE = SCHEMA_DIR / "kg.ttl"
PARSER_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}


class RdfValidationError(ValidationError):
    """Data does not conform to the SHACL shapes; ``report`` is pyshacl's text report."""

    def __init__(self, source: str, report: str) -> None:
        super().__init__(f"{source} does not conform to schema/shapes.ttl:\n{report}")
        self.source = source
        self.report = report


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


@cache
def _schema_graphs() -> tuple[Graph, Graph | None]:
    if not SHAPES_FILE.exists():
        raise KGError(f"{SHAPES_FILE} is missing: it is needed to validate imports")
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle") if ONTOLOGY_FILE.exists() else None
    return shapes, ontology


def validate(graph: Graph, source: str) -> None:
    """Check a graph against the shapes (with the ontology mixed in for subclasses)."""
    import pyshacl

    shapes, ontology = _schema_graphs()
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    if not conforms:
        raise RdfValidationError(source, str(text))


@dataclass
class _Node:
    label: str
    props: dict[str, Any] = field(default_factory=dict)
    many: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))


def _types(graph: Graph) -> dict[str, set[str]]:
    types: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(RDF.type):
        types[str(s)].add(str(o))
    return types


def to_batch(graph: Graph, base: str, source: str) -> GraphBatch:
    """The nodes and relationships a graph states, through the mapping; every triple must be
    understood (or be derived geometry), else ``InputError`` names it."""
    types = _types(graph)
    nodes: dict[str, _Node] = {}
    for iri, ts in types.items():
        label = label_for_types(ts)
        if label is not None:
            nodes[iri] = _Node(label)
    rels: list[RelRow] = []

    def fail(s: Node, p: Node, o: Node, reason: str) -> InputError:
        return InputError(source, f"triple <{s}> <{p}> {o.n3()}: {reason}")

    for s, p, o in graph:
        subject, predicate = str(s), str(p)
        if predicate == str(RDF.type) or is_derived(subject, predicate, types.get(subject, ())):
            continue
        node = nodes.get(subject)
        if node is None:
            raise fail(s, p, o, "the subject has no class of the ontology")
        nt = MAPPING.node(node.label)
        prop = prop_for(nt, predicate, o)
        if prop is not None:
            try:
                value = python_value(prop, o)
            except ValueError as e:
                raise fail(s, p, o, str(e)) from e
            if prop.many:
                node.many[prop.key].add(value)
            elif node.props.setdefault(prop.key, value) != value:
                raise fail(s, p, o, f"{prop.key} has more than one value")
            continue
        rel = _rel_row(node.label, subject, predicate, o, nodes, base)
        if rel is None:
            raise fail(s, p, o, f"the mapping has no such property or relationship of {nt.label}")
        rels.append(rel)
    return _batch(nodes, rels, source)


def _rel_row(
    label: str, subject: str, predicate: str, obj: Node, nodes: dict[str, _Node], base: str
) -> RelRow | None:
    if not isinstance(obj, URIRef):
        return None
    target = nodes.get(str(obj))
    dst_labels = (target.label,) if target else labels_for_iri(str(obj), base)
    found = rel_endpoints(predicate, label, dst_labels)
    if found is None:
        return None
    rel_type, src_label, dst_label = found
    return RelRow(
        type=rel_type, src_label=src_label, src=subject, dst_label=dst_label, dst=str(obj)
    )


def _batch(nodes: dict[str, _Node], rels: list[RelRow], source: str) -> GraphBatch:
    batch = GraphBatch()
    try:
        for iri, node in sorted(nodes.items()):
            props = dict(node.props)
            props.update({k: sorted(v) for k, v in node.many.items()})
            batch.nodes.append(NodeRow(label=node.label, iri=iri, props=props))
    except MappingError as e:
        raise InputError(source, str(e)) from e
    batch.rels = rels
    return batch


@dataclass
class ImportReport:
    """What an import wrote, per file."""

    files: list[tuple[str, int, int]] = field(default_factory=list)
    """(file, nodes, relationships)"""


def import_files(
    store: GraphStore,
    base: str,
    paths: Sequence[Path],
    on_file: Callable[[str], None] | None = None,
) -> ImportReport:
    """Parse, validate and map every file first; write only when all of them are valid."""
    batches: list[tuple[Path, GraphBatch]] = []
    for path in paths:
        graph = parse_file(path)
        validate(graph, str(path))
        batches.append((path, to_batch(graph, base, str(path))))
        if on_file:
            on_file(f"validated {path} ({len(graph)} triples)")
    report = ImportReport()
    for path, batch in batches:
        store.write_batch(batch)
        report.files.append((str(path), len(batch.nodes), len(batch.rels)))
        log.info("imported %s: %d nodes, %d relationships", path, len(batch.nodes), len(batch.rels))
        if on_file:
            on_file(f"wrote {path}")
    return report
