"""SPARQL results as the protocol's media types, cut at a result limit (pure).

Oxigraph evaluates lazily; solutions are taken one by one up to the limit (one more tells
whether the answer was cut) and written as SPARQL JSON, XML, CSV or TSV; graphs of
``CONSTRUCT``/``DESCRIBE`` queries are written by Oxigraph in Turtle, N-Triples or RDF/XML.
Kept free of the service's imports: it runs in the query worker processes.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def _json_term(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        if t.language:
            return {"type": "literal", "value": t.value, "xml:lang": t.language}
        datatype = t.datatype.value
        if datatype == XSD_STRING:
            return {"type": "literal", "value": t.value}
        return {"type": "literal", "value": t.value, "datatype": datatype}
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(t.subject),
            "predicate": _json_term(t.predicate),
            "object": _json_term(t.object),
        },
    }


def _xml_term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        datatype = t.datatype.value
        if datatype == XSD_STRING:
            return f"<literal>{escape(t.value)}</literal>"
        return f"<literal datatype={quoteattr(datatype)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _csv_value(t: Any, tsv: bool) -> str:
    if t is None:
        return ""
    if tsv:
        return str(t)
    value = t.value if isinstance(t, ox.NamedNode | ox.BlankNode | ox.Literal) else str(t)
    if isinstance(t, ox.BlankNode):
        value = f"_:{value}"
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def solutions(result: ox.QuerySolutions, kind: str, limit: int) -> tuple[str, int, bool]:
    """The first ``limit`` solutions in ``kind`` (json, xml, csv, tsv): text, count, cut."""
    names = [v.value for v in result.variables]
    rows = list(itertools.islice(result, limit + 1))
    cut = len(rows) > limit
    rows = rows[:limit]
    if kind == "json":
        bindings = [
            {name: _json_term(t) for name, t in zip(names, row, strict=True) if t is not None}
            for row in rows
        ]
        body = {"head": {"vars": names}, "results": {"bindings": bindings}}
        return json.dumps(body, ensure_ascii=False), len(rows), cut
    if kind == "xml":
        head = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
        results = "".join(
            "<result>"
            + "".join(
                f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                for n, t in zip(names, row, strict=True)
                if t is not None
            )
            + "</result>"
            for row in rows
        )
        text = (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{results}</results></sparql>"
        )
        return text, len(rows), cut
    tsv = kind == "tsv"
    sep, end = ("\t", "\n") if tsv else (",", "\r\n")
    header = sep.join(f"?{n}" if tsv else n for n in names)
    lines = [sep.join(_csv_value(t, tsv) for t in row) for row in rows]
    return end.join([header, *lines]) + end, len(rows), cut


def boolean(value: bool, kind: str) -> str:
    """An ``ASK`` answer in ``kind`` (json or xml)."""
    if kind == "xml":
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>"
        )
    return json.dumps({"head": {}, "boolean": value})


def triples(result: Iterable[ox.Triple], fmt: ox.RdfFormat, limit: int) -> tuple[bytes, int, bool]:
    """The first ``limit`` triples of a graph result, serialised by Oxigraph."""
    taken = list(itertools.islice(result, limit + 1))
    cut = len(taken) > limit
    taken = taken[:limit]
    body = ox.serialize(taken, format=fmt)
    return body if body is not None else b"", len(taken), cut
