"""A readable HTML page for a resource description (pure: records in, HTML text out).

One section per node: its class and name as a heading, then a table of properties with
prefixed names; IRIs are links, so a reader can walk from an event to its claims, their
documents and sources. Links go where this deployment serves the resource (``href``): the
dataset's IRIs stay the names shown, the links follow ``KG_BASE_IRI``. Everything from the data
is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from kg.rdf.terms import RDF_TYPE, Lit, Obj, Record, record_triples
from kg.rdf.writers import Compactor

_TITLE_KEYS = ("name", "label", "title", "quote", "id")
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#222}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}"
    "td{border-top:1px solid #ddd;padding:.3rem .5rem;vertical-align:top}"
    "td:first-child{width:14rem;color:#555}blockquote{border-left:3px solid #999;margin:0;"
    "padding:.2rem 1rem;background:#f6f6f6}small{color:#666}"
)


def title_of(rec: Record) -> str:
    for key in _TITLE_KEYS:
        value = rec.props.get(key)
        if value:
            return str(value)
    return rec.iri


Href = Callable[[str], str]
"""Where a link to an IRI points."""


def _cell(c: Compactor, obj: Obj, href: Href) -> str:
    if isinstance(obj, Lit):
        if obj.lang:
            return f'<span lang="{escape(obj.lang, quote=True)}">{escape(obj.lex)}</span>'
        dt = f" <small>{escape(c.compact(obj.datatype))}</small>" if obj.datatype else ""
        return escape(obj.lex) + dt
    return f'<a href="{escape(href(obj), quote=True)}">{escape(c.compact(obj))}</a>'


def _section(c: Compactor, rec: Record, level: int, href: Href) -> str:
    rows: list[str] = []
    for s, p, o in record_triples(rec):
        if s != rec.iri:
            continue
        name = "type" if p == RDF_TYPE else c.compact(p)
        rows.append(f"<tr><td>{escape(name)}</td><td>{_cell(c, o, href)}</td></tr>")
    quote = rec.props.get("quote")
    block = f"<blockquote>{escape(str(quote))}</blockquote>" if quote else ""
    return (
        f'<section id="{escape(rec.iri, quote=True)}"><h{level}>{escape(rec.label)}: '
        f"{escape(title_of(rec))}</h{level}><p><small>{escape(rec.iri)}</small></p>{block}"
        f"<table>{''.join(rows)}</table></section>"
    )


def render(records: list[Record], prefixes: dict[str, str], href: Href = lambda iri: iri) -> str:
    """The page: the resource first, then the claims about it and what they cite."""
    c = Compactor(prefixes)
    main, rest = records[0], records[1:]
    parts = [_section(c, main, 1, href)]
    if rest:
        parts.append("<h2>Claims, documents and sources</h2>")
        parts.extend(_section(c, rec, 3, href) for rec in rest)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title_of(main))}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )
