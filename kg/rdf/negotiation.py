"""Content negotiation: an ``Accept`` header or a ``?format=`` value -> one of our formats.

Pure, so that the rules (q-values, wildcards, server preference on ties) are tested without a
server. An explicit ``?format=`` wins over ``Accept``; anything we cannot serve is a
``NotAcceptable`` error, which the routes answer with 406.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import KGError


class NotAcceptable(KGError):
    """No format we offer matches what the client accepts (HTTP 406)."""

    code = "NOT_ACCEPTABLE"


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    aliases: tuple[str, ...] = ()
    """Other ``?format=`` names and media types that mean this format."""

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "text/turtle", "ttl", ("ttl", "application/x-turtle")),
        Format("ntriples", "application/n-triples", "nt", ("nt", "n-triples")),
        Format("jsonld", "application/ld+json", "jsonld", ("json-ld", "json", "application/json")),
        Format("trig", "application/trig", "trig", ()),
        Format("nquads", "application/n-quads", "nq", ("nq", "n-quads")),
        Format("html", "text/html", "html", ("application/xhtml+xml",)),
        Format("rdfxml", "application/rdf+xml", "rdf", ("rdf/xml", "xml", "owl")),
        Format("sparql-json", "application/sparql-results+json", "srj", ("application/json",)),
        Format("sparql-xml", "application/sparql-results+xml", "srx", ("application/xml",)),
        Format("csv", "text/csv", "csv", ()),
        Format("tsv", "text/tab-separated-values", "tsv", ()),
    )
}
DUMP_FORMATS = ("turtle", "ntriples", "jsonld", "trig", "nquads")
RESOURCE_FORMATS = ("turtle", "jsonld", "html", "ntriples")
VOCABULARY_FORMATS = ("turtle", "jsonld", "html", "ntriples", "rdfxml")
"""Formats of the ontology and its concepts at ``/def``: RDF/XML too, for ontology editors."""
SOLUTION_FORMATS = ("sparql-json", "sparql-xml", "csv", "tsv")
"""Formats of ``SELECT`` and ``ASK`` answers at ``/sparql`` (ASK: the first two)."""
GRAPH_FORMATS = ("turtle", "ntriples", "rdfxml")
"""Formats of ``CONSTRUCT`` and ``DESCRIBE`` answers at ``/sparql``."""


def format_named(name: str, offered: Sequence[str]) -> Format:
    """The offered format called ``name`` (by name, alias, extension or media type)."""
    key = name.strip().lower()
    for fmt_name in offered:
        fmt = FORMATS[fmt_name]
        if key in (fmt.name, fmt.extension, fmt.media_type, *fmt.aliases):
            return fmt
    raise NotAcceptable(f"format {name!r} is not offered here; choose one of {', '.join(offered)}")


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    order: int


def _parse_accept(header: str) -> list[_Range]:
    ranges: list[_Range] = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        main, _, sub = media.partition("/")
        ranges.append(_Range(main, sub, q, order))
    return ranges


def _quality(fmt: Format, ranges: list[_Range]) -> float:
    """q of the most specific range matching the format (RFC 9110 precedence)."""
    best: tuple[int, float] | None = None
    for media in (fmt.media_type, *(a for a in fmt.aliases if "/" in a)):
        main, _, sub = media.partition("/")
        for r in ranges:
            if (r.type, r.subtype) == (main, sub):
                rank = 2
            elif r.type == main and r.subtype == "*":
                rank = 1
            elif (r.type, r.subtype) == ("*", "*"):
                rank = 0
            else:
                continue
            if best is None or rank > best[0]:
                best = (rank, r.q)
    return 0.0 if best is None else best[1]


def negotiate(accept: str | None, requested: str | None, offered: Sequence[str]) -> Format:
    """Choose a format: ``?format=`` if given, else the best ``Accept`` match, else the first
    offered format (which is also the choice on ties and for ``*/*``)."""
    if requested:
        return format_named(requested, offered)
    if not accept or not accept.strip():
        return FORMATS[offered[0]]
    ranges = _parse_accept(accept)
    scored = [(_quality(FORMATS[name], ranges), -i, name) for i, name in enumerate(offered)]
    q, _, name = max(scored)
    if q <= 0.0:
        raise NotAcceptable(
            f"none of the accepted types ({accept}) is offered here; offered: "
            + ", ".join(FORMATS[n].media_type for n in offered)
        )
    return FORMATS[name]
