"""Text serialisers for streams of records: N-Triples, N-Quads, Turtle, TriG and JSON-LD.

Each writer turns one page of records into one string, so an export never holds more than a
page. Terms are formatted directly (escaped per the W3C grammars) instead of through rdflib,
which is what makes a million-triple dump take seconds. Turtle and TriG group a record's
triples by subject and predicate; TriG and N-Quads put records with a ``graph`` in that named
graph; JSON-LD keeps named graphs as ``{"@id", "@graph"}`` objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Protocol

from kg.rdf.lines import escape_string, record_lines
from kg.rdf.terms import RDF_TYPE, Lit, Obj, Record, Triple, record_triples
from loaders.graph.vocabulary import PREFIXES


class Writer(Protocol):
    """A serialiser: a header, one string per page of records, and a footer."""

    def start(self) -> str: ...

    def page(self, records: Iterable[Record]) -> tuple[str, int]:
        """The text of these records and the number of triples it holds."""
        ...

    def end(self) -> str: ...


class NTriplesWriter:
    """One line per triple; named graphs are dropped (everything in one graph)."""

    def start(self) -> str:
        return ""

    def page(self, records: Iterable[Record]) -> tuple[str, int]:
        lines = [line for rec in records for line in record_lines(rec)]
        return "".join(lines), len(lines)

    def end(self) -> str:
        return ""


class NQuadsWriter(NTriplesWriter):
    """One line per quad: claims carry their document's IRI as the graph name."""

    def page(self, records: Iterable[Record]) -> tuple[str, int]:
        lines: list[str] = []
        for rec in records:
            lines.extend(record_lines(rec, f" <{rec.graph}> .\n" if rec.graph else " .\n"))
        return "".join(lines), len(lines)


_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


class Compactor:
    """Shortens IRIs to ``prefix:local`` where the local part is a safe Turtle name."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(prefixes)
        self._by_ns = {ns: name for name, ns in self.prefixes.items()}
        self.compact = lru_cache(maxsize=8192)(self._compact)

    def _compact(self, iri: str) -> str:
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        name = self._by_ns.get(iri[:cut])
        if name is not None and _LOCAL.match(iri[cut:]):
            return f"{name}:{iri[cut:]}"
        return f"<{iri}>"

    def term(self, obj: Obj) -> str:
        if type(obj) is str:
            return self.compact(obj)
        assert isinstance(obj, Lit)
        lex = escape_string(obj.lex)
        if obj.lang is not None:
            return f'"{lex}"@{obj.lang}'
        return f'"{lex}"' if obj.datatype is None else f'"{lex}"^^{self.compact(obj.datatype)}'

    def header(self, keyword: str = "@prefix") -> str:
        return "".join(f"{keyword} {n}: <{ns}> .\n" for n, ns in self.prefixes.items()) + "\n"


def turtle_prefixes(base: str, kinds: Iterable[str]) -> dict[str, str]:
    """The vocabulary prefixes plus one per instance kind (``actor:`` = ``{base}actor/``)."""
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    for kind in kinds:
        prefixes.setdefault(kind, f"{base}{kind}/")
    return prefixes


def _blocks(c: Compactor, triples: list[Triple], indent: str) -> list[str]:
    """Turtle blocks, one per run of triples sharing a subject, ``a`` for rdf:type."""
    out: list[str] = []
    i = 0
    while i < len(triples):
        s = triples[i][0]
        preds: dict[str, list[str]] = {}
        while i < len(triples) and triples[i][0] == s:
            _, p, o = triples[i]
            preds.setdefault(p, []).append(c.term(o))
            i += 1
        parts = [
            ("a" if p == RDF_TYPE else c.compact(p)) + " " + ", ".join(objs)
            for p, objs in preds.items()
        ]
        sep = f" ;\n{indent}    "
        out.append(f"{indent}{c.compact(s)} {sep.join(parts)} .\n")
    return out


class TurtleWriter:
    """Prefixed Turtle, one block per subject; named graphs are dropped."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.c = Compactor(prefixes)

    def start(self) -> str:
        return self.c.header()

    def page(self, records: Iterable[Record]) -> tuple[str, int]:
        out: list[str] = []
        n = 0
        for rec in records:
            triples = record_triples(rec)
            n += len(triples)
            out.extend(_blocks(self.c, triples, ""))
        return "".join(out), n

    def end(self) -> str:
        return ""


class TriGWriter(TurtleWriter):
    """Turtle plus ``<document> { ... }`` blocks for the records of each named graph."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        super().__init__(prefixes)
        self.graph: str | None = None

    def page(self, records: Iterable[Record]) -> tuple[str, int]:
        out: list[str] = []
        n = 0
        for rec in records:
            if rec.graph != self.graph:
                if self.graph is not None:
                    out.append("}\n\n")
                if rec.graph is not None:
                    out.append(f"<{rec.graph}> {{\n")
                self.graph = rec.graph
            triples = record_triples(rec)
            n += len(triples)
            out.extend(_blocks(self.c, triples, "    " if rec.graph else ""))
        return "".join(out), n

    def end(self) -> str:
        return "}\n" if self.graph is not None else ""


class JsonLdWriter:
    """JSON-LD with the project's context inlined; named graphs as ``@graph`` objects.

    Values are written as explicit ``{"@id"}`` / ``{"@value", "@type"}`` objects so that no
    coercion or default language in the context can change what they mean.
    """

    def __init__(self, context: Any, prefixes: Mapping[str, str]) -> None:
        self.context = context
        self.c = Compactor(prefixes)
        self.graph: str | None = None
        self.first = True
        self.first_in_graph = True

    def start(self) -> str:
        return '{\n"@context": ' + json.dumps(self.context) + ',\n"@graph": [\n'

    def _key(self, iri: str) -> str:
        short = self.c.compact(iri)
        return iri if short.startswith("<") else short

    def _value(self, obj: Obj) -> dict[str, str]:
        if type(obj) is str:
            return {"@id": obj}
        assert isinstance(obj, Lit)
        if obj.lang is not None:
            return {"@value": obj.lex, "@language": obj.lang}
        if obj.datatype is None:
            return {"@value": obj.lex}
        return {"@value": obj.lex, "@type": self._key(obj.datatype)}

    def _nodes(self, triples: list[Triple]) -> list[dict[str, Any]]:
        nodes: dict[str, dict[str, Any]] = {}
        for s, p, o in triples:
            node = nodes.setdefault(s, {"@id": s})
            if p == RDF_TYPE and type(o) is str:
                node.setdefault("@type", []).append(self._key(o))
            else:
                node.setdefault(self._key(p), []).append(self._value(o))
        return list(nodes.values())

    def _sep(self) -> str:
        sep = "" if self.first else ",\n"
        self.first = False
        return sep

    def page(self, records: Iterable[Record]) -> tuple[str, int]:
        out: list[str] = []
        n = 0
        for rec in records:
            if rec.graph != self.graph:
                if self.graph is not None:
                    out.append("\n]}")
                if rec.graph is not None:
                    out.append(self._sep() + '{"@id": ' + json.dumps(rec.graph) + ', "@graph": [\n')
                    self.first_in_graph = True
                self.graph = rec.graph
            triples = record_triples(rec)
            n += len(triples)
            for node in self._nodes(triples):
                if self.graph is None:
                    out.append(self._sep() + json.dumps(node, ensure_ascii=False))
                else:
                    sep = "" if self.first_in_graph else ",\n"
                    self.first_in_graph = False
                    out.append(sep + json.dumps(node, ensure_ascii=False))
        return "".join(out), n

    def end(self) -> str:
        return ("\n]}" if self.graph is not None else "") + "\n]\n}\n"


def make_writer(fmt: str, prefixes: Mapping[str, str], context: Any = None) -> Writer:
    """The writer for a format name of ``negotiation.DUMP_FORMATS``."""
    if fmt == "ntriples":
        return NTriplesWriter()
    if fmt == "nquads":
        return NQuadsWriter()
    if fmt == "turtle":
        return TurtleWriter(prefixes)
    if fmt == "trig":
        return TriGWriter(prefixes)
    if fmt == "jsonld":
        return JsonLdWriter(context if context is not None else dict(prefixes), prefixes)
    raise ValueError(f"no writer for format {fmt!r}")
