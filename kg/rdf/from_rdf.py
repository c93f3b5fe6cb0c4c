"""RDF -> graph batch, through the shared mapping (pure).

Every triple must be understood: a class of the ontology on its subject, and a predicate that is
a property or relationship of that class (or derived data the exporter adds, which is skipped:
GeoSPARQL geometries, the extra ``rdf:type``s, the dataset's own description). Otherwise
``InputError`` names the triple. Aliases get the name back (the graph keeps it among them, RDF
states it once, as ``skos:prefLabel``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.errors import InputError, MappingError
from kg.rdf.terms import (
    is_derived,
    label_for_types,
    labels_for_iri,
    prop_for,
    python_value,
    rel_endpoints,
)
from loaders.graph.batch import GraphBatch, NodeRow, RelRow
from loaders.graph.mapping import MAPPING

SKIPPED_LABELS = frozenset({"Dataset"})
"""Labels whose nodes a file never writes: the dataset's description is the store's own."""


@dataclass
class _Node:
    label: str
    props: dict[str, Any] = field(default_factory=dict)
    many: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))


def types_of(graph: Graph) -> dict[str, set[str]]:
    """Subject IRI -> the classes the graph gives it."""
    types: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(RDF.type):
        types[str(s)].add(str(o))
    return types


def node_labels(graph: Graph) -> dict[str, str]:
    """Subject IRI -> the label of its most specific mapped class, for typed subjects."""
    out = {}
    for iri, ts in types_of(graph).items():
        label = label_for_types(ts)
        if label is not None:
            out[iri] = label
    return out


def to_batch(graph: Graph, namespace: str, source: str) -> GraphBatch:
    """The nodes and relationships a graph states, through the mapping; every triple must be
    understood (or be derived data), else ``InputError`` names it."""
    types = types_of(graph)
    nodes = {iri: _Node(label) for iri, label in node_labels(graph).items()}
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
        if node.label in SKIPPED_LABELS:
            continue
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
        rel = _rel_row(node.label, subject, predicate, o, nodes, namespace)
        if rel is None:
            raise fail(s, p, o, f"the mapping has no such property or relationship of {nt.label}")
        rels.append(rel)
    return _batch(nodes, rels, source)


def _rel_row(
    label: str, subject: str, predicate: str, obj: Node, nodes: dict[str, _Node], namespace: str
) -> RelRow | None:
    if not isinstance(obj, URIRef):
        return None
    target = nodes.get(str(obj))
    dst_labels = (target.label,) if target else labels_for_iri(str(obj), namespace)
    found = rel_endpoints(predicate, label, dst_labels)
    if found is None:
        return None
    rel_type, src_label, dst_label = found
    return RelRow(
        type=rel_type, src_label=src_label, src=subject, dst_label=dst_label, dst=str(obj)
    )


def _props(node: _Node) -> dict[str, Any]:
    props = dict(node.props)
    for key, values in node.many.items():
        props[key] = sorted(values)
    for p in MAPPING.node(node.label).props:
        if p.other_than is not None and props.get(p.other_than) is not None:
            props[p.key] = sorted({*props.get(p.key, ()), props[p.other_than]})
    return props


def _batch(nodes: dict[str, _Node], rels: list[RelRow], source: str) -> GraphBatch:
    batch = GraphBatch()
    try:
        for iri, node in sorted(nodes.items()):
            if node.label in SKIPPED_LABELS:
                continue
            batch.nodes.append(NodeRow(label=node.label, iri=iri, props=_props(node)))
    except MappingError as e:
        raise InputError(source, str(e)) from e
    batch.rels = rels
    return batch
