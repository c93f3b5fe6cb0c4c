"""N-Triples and N-Quads lines of a record, formatted straight from its property values.

The generic path (``terms.record_triples``, then a term formatter) builds a tuple and a ``Lit``
per triple, which every writer can share. Line formats are what is dumped in bulk, so for them
each label's part of the mapping is compiled once into per-property formatters that turn a
value into its N-Triples object text directly. The lines are the generic path's, byte for byte
(``tests/test_rdf_terms.py`` holds the two together).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, NamedTuple

from rdflib.namespace import XSD

from kg.errors import MappingError
from kg.rdf.terms import (
    RDF_TYPE,
    Lit,
    Obj,
    Record,
    compiled_label,
    geometry_triples,
    lexical_form,
    listed_values,
    prop_term,
    rel_predicate,
    safe_iri,
)
from loaders.graph.mapping import MAPPING, Prop

ESCAPES = {i: f"\\u{i:04X}" for i in range(0x20)}
ESCAPES.update(
    {
        ord("\\"): "\\\\",
        ord('"'): '\\"',
        ord("\n"): "\\n",
        ord("\r"): "\\r",
        ord("\t"): "\\t",
        ord("\b"): "\\b",
        ord("\f"): "\\f",
        0x7F: "\\u007F",
    }
)
"""What a double-quoted N-Triples/Turtle string may not hold as is, and its escape."""

_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]').search
"""Most lexical forms need no escaping: one regex scan is cheaper than ``str.translate``."""

_NEVER_ESCAPED = frozenset({str(XSD.integer), str(XSD.double), str(XSD.boolean)})
"""Datatypes whose lexical forms (digits, signs, ``e``, ``INF``, ``true``) need no escaping."""


def escape_string(text: str) -> str:
    """Escape a lexical form for a double-quoted N-Triples/Turtle string."""
    return text if _NEEDS_ESCAPE(text) is None else text.translate(ESCAPES)


def nt_term(obj: Obj) -> str:
    """An object in N-Triples syntax (IRIs are already safe, see ``terms.safe_iri``)."""
    if type(obj) is str:
        return f"<{obj}>"
    assert isinstance(obj, Lit)
    lex = escape_string(obj.lex)
    if obj.lang is not None:
        return f'"{lex}"@{obj.lang}'
    return f'"{lex}"' if obj.datatype is None else f'"{lex}"^^<{obj.datatype}>'


def nt_object(prop: Prop) -> Callable[[Any], str]:
    """How a value of ``prop`` becomes N-Triples object text: ``nt_term(prop_term(prop)(v))``
    without the intermediate term."""
    if prop.kind != "literal":
        term = prop_term(prop)
        return lambda v: f"<{term(v)}>"
    if prop.lang is not None:
        lang_tail = '"@' + prop.lang
        return lambda v: '"' + escape_string(str(v)) + lang_tail
    if prop.datatype == XSD.string:
        return lambda v: '"' + escape_string(str(v)) + '"'
    lexical = lexical_form(str(prop.datatype))
    if lexical is None:
        raise MappingError(f"no lexical form for datatype {prop.datatype} of {prop.key!r}")
    typed_tail = f'"^^<{prop.datatype}>'
    if str(prop.datatype) in _NEVER_ESCAPED:
        return lambda v: '"' + lexical(v) + typed_tail
    return lambda v: '"' + escape_string(lexical(v)) + typed_tail


class _PropLines(NamedTuple):
    key: str
    predicate: str
    """`` <predicate> ``, spaces included."""
    many: bool
    obj: Callable[[Any], str]
    other_than: str | None


class _LabelLines(NamedTuple):
    types: tuple[str, ...]
    """`` <rdf:type> <class>`` per RDF class of the label."""
    props: tuple[_PropLines, ...]
    geometry: bool
    rels: dict[str, str]
    """Relationship type -> `` <predicate> ``, spaces included (filled as types are met)."""


@lru_cache(maxsize=65536)
def _iri_ref(iri: str) -> str:
    """``<iri>``, made safe: relationship targets repeat (actors, places, types, documents)."""
    return "<" + safe_iri(iri) + ">"


@cache
def _label_lines(label: str) -> _LabelLines:
    compiled = compiled_label(label)
    props = tuple(
        _PropLines(p.key, f" <{p.predicate}> ", p.many, nt_object(p), p.other_than)
        for p in MAPPING.node(label).props
    )
    types = tuple(f" <{RDF_TYPE}> <{t}>" for t in compiled.types)
    return _LabelLines(types, props, compiled.geometry, {})


def record_lines(rec: Record, end: str = " .\n") -> list[str]:
    """The record's triples as N-Triples lines, in ``record_triples`` order; ``end`` closes each
    line (`` <graph> .\n`` makes them N-Quads)."""
    shape = _label_lines(rec.label)
    s = "<" + safe_iri(rec.iri) + ">"
    out = [s + t + end for t in shape.types]
    props = rec.props
    for key, predicate, many, obj, other_than in shape.props:
        value = props.get(key)
        if value is None:
            continue
        if many:
            listed = listed_values(value, props, other_than)
            out.extend(s + predicate + obj(v) + end for v in listed)
        else:
            out.append(s + predicate + obj(value) + end)
    rels = shape.rels
    for rel_type, dst in sorted(rec.rels):
        rel = rels.get(rel_type)
        if rel is None:
            rel = rels[rel_type] = f" <{rel_predicate(rel_type, rec.label)}> "
        out.append(s + rel + _iri_ref(dst) + end)
    if shape.geometry:
        point = geometry_triples(safe_iri(rec.iri), props.get("lat"), props.get("lon"))
        out.extend(f"<{gs}> <{gp}> {nt_term(go)}{end}" for gs, gp, go in point)
    return out
