"""What an import would change: the stored state of the nodes a file names, compared with it.

A file may name existing nodes (to link new claims to them) or describe them again (our own
dumps do). Describing them again is harmless when it says what the store says; when it says
something else (other aliases, a new ``PART_OF``, a claim moved to another event) it would
replace reference data, so the importer refuses unless told ``--replace``. An event's roles,
span, label and counts are not compared: they are derived from its claims and recomputed after
every import. Values are compared as the RDF terms the mapping makes of them, so a date read back
as text equals the same date parsed from the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdf.reader import fetch, node_page, node_record
from kg.rdf.terms import Obj, Record, prop_term, record_triples
from kg.store import GraphStore
from loaders.graph.batch import GraphBatch
from loaders.graph.mapping import MAPPING

CHUNK = 5000
"""IRIs per look-up query."""
DERIVED = {"Event": frozenset({"label", "startDate", "endDate", "datePrecision", "sourceCount",
                                "claimCount"})}  # fmt: skip
"""Properties recomputed from the claims after an import (``kg.ingest.event_aggregates``)."""
DERIVED_RELS_FROM = frozenset({"Event"})
"""Labels whose outgoing relationships are derived from their claims."""


@dataclass(frozen=True)
class Change:
    """One difference between a file and the store about an existing node."""

    iri: str
    label: str
    what: str

    def __str__(self) -> str:
        return f"{self.label} <{self.iri}>: {self.what}"


def read_stored(store: GraphStore, iris: Iterable[str]) -> dict[str, Record]:
    """The stored nodes among ``iris``, with their properties and outgoing relationships."""
    wanted = sorted(set(iris))
    found: dict[str, Record] = {}
    for label in MAPPING.nodes:
        query, params = node_page(label, "n.iri IN $iris")
        for i in range(0, len(wanted), CHUNK):
            chunk = wanted[i : i + CHUNK]
            for item in fetch(store, query, {**params, "iris": chunk, "limit": len(chunk)}):
                found[item[0]] = node_record(label, item)
    return found


def _terms(label: str, key: str, props: Mapping[str, Any]) -> frozenset[Obj]:
    """The RDF terms of a property, as an export states them (an alias equal to the name is
    not stated)."""
    prop = MAPPING.node(label).prop(key)
    value = props.get(key)
    values = value if isinstance(value, list | tuple) else [value]
    term = prop_term(prop)
    terms = {term(v) for v in values if v is not None}
    if prop.other_than is not None and props.get(prop.other_than) is not None:
        terms.discard(term(props[prop.other_than]))
    return frozenset(terms)


def _described(values: frozenset[Obj]) -> str:
    shown = sorted(v if isinstance(v, str) else v.lex for v in values)
    if len(shown) > 3:
        return f"{len(shown)} values"
    return ", ".join(repr(v) for v in shown) or "nothing"


def changes(batch: GraphBatch, stored: Mapping[str, Record]) -> list[Change]:
    """How the file's statements about existing nodes differ from the store's."""
    out: list[Change] = []
    for row in batch.nodes:
        old = stored.get(row.iri)
        if old is None:
            continue
        if old.label != row.label:
            out.append(Change(row.iri, old.label, f"is a {old.label}, the file says {row.label}"))
            continue
        derived = DERIVED.get(row.label, frozenset())
        for key, value in row.props.items():
            if key in derived or value is None:
                continue
            before, after = _terms(row.label, key, old.props), _terms(row.label, key, row.props)
            if before != after:
                what = f"{key}: {_described(before)} -> {_described(after)}"
                out.append(Change(row.iri, row.label, what))
    for rel in batch.rels:
        old = stored.get(rel.src)
        if old is None or old.label in DERIVED_RELS_FROM:
            continue
        if (rel.type, rel.dst) not in set(old.rels):
            out.append(Change(rel.src, old.label, f"adds {rel.type} -> <{rel.dst}>"))
    return out


def _rdflib(obj: Obj) -> Node:
    if isinstance(obj, str):
        return URIRef(obj)
    if obj.lang is not None:
        return Literal(obj.lex, lang=obj.lang)
    return Literal(obj.lex, datatype=URIRef(obj.datatype) if obj.datatype else None)


def context_graph(records: Iterable[Record]) -> Graph:
    """The stored nodes a file refers to, as triples (their own statements: types and
    properties, not their relationships), to validate the file beside."""
    graph = Graph()
    for rec in records:
        for s, p, o in record_triples(Record(rec.label, rec.iri, rec.props)):
            graph.add((URIRef(s), URIRef(p), _rdflib(o)))
    return graph
