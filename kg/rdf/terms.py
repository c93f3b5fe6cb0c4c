"""Node and relationship rows <-> RDF terms, through the shared mapping only.

Exports turn each node (its properties and outgoing relationships) into triples of plain
strings and ``Lit`` values, cheap enough to format millions of them without building rdflib
terms; imports turn rdflib terms back into property values and relationship rows. Places with
coordinates also get a GeoSPARQL point, which is derived data and ignored on import.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.errors import MappingError
from loaders.graph.mapping import MAPPING, NodeType, Prop
from loaders.graph.vocabulary import GEO, KG, SF, WGS84

RDF_TYPE = str(RDF.type)
GEOMETRY_SUFFIX = "#geometry"
HAS_GEOMETRY = str(GEO.hasGeometry)
AS_WKT = str(GEO.asWKT)
WKT_LITERAL = str(GEO.wktLiteral)
POINT = str(SF.Point)
DERIVED_PREDICATES = frozenset({HAS_GEOMETRY, AS_WKT})
"""Predicates computed from other data on export and skipped on import."""


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (``None`` for a plain xsd:string) and language
    tag (``None`` unless the literal is an ``rdf:langString``)."""

    lex: str
    datatype: str | None = None
    lang: str | None = None


Obj = str | Lit
"""An object term: an IRI (``str``) or a literal."""
Triple = tuple[str, str, Obj]


@dataclass(frozen=True, slots=True)
class Record:
    """One node as read from Neo4j: label, IRI, properties, outgoing relationships, graph.

    ``graph`` is the named graph the node's triples belong to (a document IRI for claims and
    their casualty figures), ``None`` for the default graph.
    """

    label: str
    iri: str
    props: Mapping[str, Any] = field(default_factory=dict)
    rels: Sequence[tuple[str, str]] = ()
    graph: str | None = None


# --- lexical forms -------------------------------------------------------------------------


def _double(value: Any) -> str:
    x = float(value)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "INF" if x > 0 else "-INF"
    return repr(x)


def _date(value: Any) -> str:
    # Pages read dates as strings already; Neo4j's own Date type has ``iso_format``; batches
    # may hold ``datetime.date``.
    if type(value) is str:
        return value
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return str(iso())
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_LEXICAL: dict[str, Callable[[Any], str]] = {
    str(XSD.string): str,
    str(XSD.integer): lambda v: str(int(v)),
    str(XSD.double): _double,
    str(XSD.boolean): lambda v: "true" if v else "false",
    str(XSD.date): _date,
}

_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def safe_iri(iri: str) -> str:
    """Percent-encode the characters an IRI may not contain (spaces, quotes, braces...)."""
    if _IRI_UNSAFE.search(iri) is None:
        return iri
    return _IRI_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), iri)


def lexical_form(datatype: str) -> Callable[[Any], str] | None:
    """How a value becomes the lexical form of a literal of ``datatype`` (None if unknown)."""
    return _LEXICAL.get(datatype)


@cache
def prop_term(prop: Prop) -> Callable[[Any], Obj]:
    """How a value of ``prop`` becomes an RDF term (IRI string or ``Lit``)."""
    if prop.kind == "vocab":
        ns = str(KG)
        return lambda v: ns + str(v)
    if prop.kind == "iri":
        prefix, suffix = prop.prefix, prop.suffix
        return lambda v: safe_iri(f"{prefix}{v}{suffix}")
    if prop.kind == "uri":
        return lambda v: safe_iri(str(v))
    if prop.lang is not None:
        lang = prop.lang
        return lambda v: Lit(str(v), None, lang)
    lexical = _LEXICAL.get(str(prop.datatype))
    if lexical is None:
        raise MappingError(f"no lexical form for datatype {prop.datatype} of {prop.key!r}")
    datatype = None if prop.datatype == XSD.string else str(prop.datatype)
    return lambda v: Lit(lexical(v), datatype)


class _CompiledProp(NamedTuple):
    key: str
    predicate: str
    many: bool
    term: Callable[[Any], Obj]
    other_than: str | None


@dataclass(frozen=True)
class _Compiled:
    types: tuple[str, ...]
    props: tuple[_CompiledProp, ...]
    geometry: bool


@cache
def compiled_label(label: str) -> _Compiled:
    """A label's RDF types, its properties in mapping order with their term makers, and
    whether it carries a GeoSPARQL point: what formatting a record needs, worked out once."""
    nt = MAPPING.node(label)
    props = tuple(
        _CompiledProp(p.key, str(p.predicate), p.many, prop_term(p), p.other_than) for p in nt.props
    )
    preds = {p.predicate for p in nt.props}
    return _Compiled(
        types=tuple(str(t) for t in (nt.rdf_class, *nt.also_types)),
        props=props,
        geometry=WGS84.lat in preds and WGS84.long in preds,
    )


@cache
def rel_predicate(rel_type: str, src_label: str) -> str:
    """The RDF property of a ``rel_type`` relationship from a node of ``src_label``."""
    return str(MAPPING.rel_predicate(rel_type, src_label))


def listed_values(value: Any, props: Mapping[str, Any], other_than: str | None) -> list[str]:
    """The values of a many-valued property as exported: as strings, once each, sorted,
    without the value of ``other_than`` (an actor's name is not repeated among its aliases)."""
    values = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
    if other_than is not None:
        values.discard(str(props.get(other_than)))
    return sorted(values)


def record_triples(rec: Record) -> list[Triple]:
    """All triples of one node: types, properties in mapping order, relationships, geometry."""
    c = compiled_label(rec.label)
    s = safe_iri(rec.iri)
    out: list[Triple] = [(s, RDF_TYPE, t) for t in c.types]
    props = rec.props
    for key, pred, many, term, other_than in c.props:
        value = props.get(key)
        if value is None:
            continue
        if many:
            out.extend((s, pred, term(v)) for v in listed_values(value, props, other_than))
        else:
            out.append((s, pred, term(value)))
    label = rec.label
    for rel_type, dst in sorted(rec.rels):
        out.append((s, rel_predicate(rel_type, label), safe_iri(dst)))
    if c.geometry:
        out.extend(geometry_triples(s, props.get("lat"), props.get("lon")))
    return out


def record_subjects(rec: Record) -> tuple[str, ...]:
    """Every subject of the default-graph triples ``record_triples`` makes for ``rec``: its IRI
    and, for labels with coordinates, its geometry's."""
    iri = safe_iri(rec.iri)
    return (iri, iri + GEOMETRY_SUFFIX) if compiled_label(rec.label).geometry else (iri,)


def geometry_triples(place_iri: str, lat: Any, lon: Any) -> list[Triple]:
    """GeoSPARQL point of a place (WKT is longitude first), none without coordinates."""
    if lat is None or lon is None:
        return []
    geom = place_iri + GEOMETRY_SUFFIX
    wkt = f"POINT({_double(lon)} {_double(lat)})"
    return [
        (place_iri, HAS_GEOMETRY, geom),
        (geom, RDF_TYPE, POINT),
        (geom, AS_WKT, Lit(wkt, WKT_LITERAL)),
    ]


# --- back from RDF ---------------------------------------------------------------------------


def label_for_types(types: Iterable[str]) -> str | None:
    """The most specific label whose class is among ``types`` (ControlClaim over Claim)."""
    present = set(types)
    candidates = [nt for nt in MAPPING.nodes.values() if str(nt.rdf_class) in present]
    for nt in candidates:
        if not any(nt.rdf_class in other.also_types for other in candidates if other is not nt):
            return nt.label
    return None


def labels_for_iri(iri: str, base: str) -> tuple[str, ...]:
    """Labels an IRI can name, judged by its shape (``{base}{kind}/{id}`` or a fixed base)."""
    found: list[str] = []
    for nt in MAPPING.nodes.values():
        if nt.iri_base:
            if iri.startswith(nt.iri_base):
                found.append(nt.label)
        elif iri.startswith(f"{base}{nt.iri_kind}/"):
            found.append(nt.label)
    return tuple(found)


def with_extra_labels(labels: Iterable[str]) -> set[str]:
    """Labels plus the extra labels their nodes carry (a ControlClaim is also a Claim)."""
    out: set[str] = set()
    for label in labels:
        out.add(label)
        out.update(MAPPING.node(label).extra_labels)
    return out


def rel_endpoints(
    predicate: str, src_label: str, dst_labels: Iterable[str]
) -> tuple[str, str, str] | None:
    """``(rel type, src label, dst label)`` the mapping allows for this predicate, if any."""
    exact_dsts = set(dst_labels)
    srcs = with_extra_labels([src_label])
    dsts = with_extra_labels(exact_dsts)
    allowed = [
        (rt.type, s, d)
        for rt, s, d in MAPPING.rels_for_predicate(URIRef(predicate))
        if s in srcs and d in dsts and rel_predicate(rt.type, src_label) == predicate
    ]
    if not allowed:
        return None
    # Prefer the node's own labels over the extra ones (ControlClaim over Claim).
    return min(allowed, key=lambda e: (e[1] != src_label, e[2] not in exact_dsts))


def prop_for(nt: NodeType, predicate: str, obj: Node) -> Prop | None:
    """The property of ``nt`` carried by ``predicate`` (Wikidata and GeoNames links share
    skos:exactMatch: told apart by their prefix)."""
    matches = [p for p in nt.props if str(p.predicate) == predicate]
    if len(matches) > 1 and isinstance(obj, URIRef):
        for p in matches:
            if p.kind == "iri" and str(obj).startswith(p.prefix):
                return p
    return matches[0] if matches else None


_PY: dict[str, Callable[[str], Any]] = {
    str(XSD.integer): int,
    str(XSD.double): float,
    str(XSD.boolean): lambda s: {"true": True, "1": True, "false": False, "0": False}[s],
    str(XSD.date): dt.date.fromisoformat,
    str(XSD.string): str,
}


def python_value(prop: Prop, obj: Node) -> Any:
    """The property value an RDF object stands for; ``ValueError`` when it does not fit.

    Names and labels are English: their literals carry ``@en`` (a plain string is read too;
    the shapes say whether it is acceptable)."""
    if prop.kind == "literal":
        if not isinstance(obj, Literal):
            raise ValueError(f"{prop.key} needs a literal, got {obj}")
        if prop.lang is not None and obj.language is not None:
            if obj.language.lower() != prop.lang:
                raise ValueError(f"{prop.key} needs language @{prop.lang}, got @{obj.language}")
            return str(obj)
        datatype = str(obj.datatype or XSD.string)
        if datatype != str(prop.datatype):
            raise ValueError(f"{prop.key} needs datatype {prop.datatype}, got {datatype}")
        return _PY[datatype](str(obj))
    if not isinstance(obj, URIRef):
        raise ValueError(f"{prop.key} needs an IRI, got {obj!r}")
    text = str(obj)
    prefix = str(KG) if prop.kind == "vocab" else prop.prefix
    suffix = prop.suffix if prop.kind == "iri" else ""
    if not text.startswith(prefix) or not text.endswith(suffix):
        raise ValueError(f"{prop.key} needs an IRI of the form {prefix}…{suffix}, got {text}")
    return text[len(prefix) : len(text) - len(suffix)]


def is_derived(subject: str, predicate: str, types: Iterable[str]) -> bool:
    """Triples made from other data on export (GeoSPARQL geometry) that imports skip."""
    if predicate in DERIVED_PREDICATES:
        return True
    return subject.endswith(GEOMETRY_SUFFIX) and set(types) <= {POINT}


def label_for_node_labels(labels: Iterable[str]) -> str | None:
    """The label a node is exported as: its most specific mapped label (a node labelled
    ``Claim`` and ``ControlClaim`` is a ControlClaim)."""
    mapped = [label for label in labels if label in MAPPING.nodes]
    for label in mapped:
        if not any(label in MAPPING.nodes[other].extra_labels for other in mapped):
            return label
    return None
