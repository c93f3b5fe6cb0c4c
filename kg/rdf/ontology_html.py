"""The ontology as a readable page (pure: an rdflib graph in, HTML out).

One section per term, grouped by kind (classes, properties, individuals, concept schemes and
concepts), each with an anchor named after the term, so that a hash IRI such as
``…/def#Actor`` opens the page at its definition. Class expressions (unions, intersections,
restrictions) are spelled out; IRIs are links (``href`` decides where); text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.rdf.writers import Compactor
from loaders.graph.vocabulary import KG, PREFIXES

Href = Callable[[str], str]
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;"
    "color:#222}table{border-collapse:collapse;width:100%;margin-bottom:1rem}"
    "td{border-top:1px solid #ddd;padding:.3rem .5rem;vertical-align:top}"
    "td:first-child{width:14rem;color:#555}small{color:#666}section{margin-bottom:1.5rem}"
)
GROUPS = (
    ("Ontology", OWL.Ontology),
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
    ("Closed values", OWL.NamedIndividual),
    ("Concept schemes", SKOS.ConceptScheme),
    ("Concepts", SKOS.Concept),
)


def _compactor() -> Compactor:
    return Compactor({name: str(ns) for name, ns in PREFIXES.items()})


def anchor(iri: str) -> str:
    """The HTML id of a term's section: the local name of a ``kg:`` term (what follows ``#``),
    the prefixed name of any other."""
    if iri.startswith(str(KG)):
        return iri[len(str(KG)) :]
    short = _compactor().compact(iri)
    return short.strip("<>")


def _expression(g: Graph, node: BNode, c: Compactor, href: Href) -> str:
    for op, word in ((OWL.unionOf, "union of"), (OWL.intersectionOf, "intersection of")):
        items = g.value(node, op)
        if items is not None:
            parts = ", ".join(_object(g, m, c, href) for m in Collection(g, items))
            return f"{word} ({parts})"
    prop = g.value(node, OWL.onProperty)
    if prop is not None:
        value = g.value(node, OWL.hasValue)
        shown = _object(g, value, c, href) if value is not None else "…"
        return f"restriction: {_object(g, prop, c, href)} has value {shown}"
    return "[…]"


def _object(g: Graph, o: Node, c: Compactor, href: Href) -> str:
    if isinstance(o, Literal):
        lang = f' lang="{escape(o.language, quote=True)}"' if o.language else ""
        return f"<span{lang}>{escape(str(o))}</span>"
    if isinstance(o, BNode):
        return _expression(g, o, c, href)
    iri = str(o)
    return f'<a href="{escape(href(iri), quote=True)}">{escape(c.compact(iri))}</a>'


def _title(g: Graph, s: URIRef) -> str:
    for p in (RDFS.label, SKOS.prefLabel):
        value = g.value(s, p)
        if value is not None:
            return str(value)
    return ""


def section(g: Graph, s: URIRef, href: Href, level: int = 3) -> str:
    """One term: its name, label and every statement about it."""
    c = _compactor()
    rows = []
    for p, o in sorted(g.predicate_objects(s), key=lambda po: (str(po[0]), str(po[1]))):
        name = "type" if p == RDF.type else c.compact(str(p))
        rows.append(f"<tr><td>{escape(name)}</td><td>{_object(g, o, c, href)}</td></tr>")
    title = _title(g, s)
    label = f" <small>{escape(title)}</small>" if title else ""
    return (
        f'<section id="{escape(anchor(str(s)), quote=True)}"><h{level}>'
        f"{escape(c.compact(str(s)))}{label}</h{level}><p><small>{escape(str(s))}</small></p>"
        f"<table>{''.join(rows)}</table></section>"
    )


def _grouped(g: Graph) -> Iterable[tuple[str, list[URIRef]]]:
    seen: set[URIRef] = set()
    for heading, cls in GROUPS:
        members = sorted(
            (s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef) and s not in seen),
            key=str,
        )
        seen.update(members)
        if members:
            yield heading, members


def page(g: Graph, title: str, href: Href) -> str:
    """A page of every named term of ``g``, by kind."""
    parts = [f"<h1>{escape(title)}</h1>"]
    for heading, members in _grouped(g):
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.extend(section(g, s, href) for s in members)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )
