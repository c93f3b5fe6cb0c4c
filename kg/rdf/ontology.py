"""The ontology as served at ``/def``: the whole of ``schema/kg.ttl``, one concept, one scheme.

Vocabulary IRIs are stable and independent of any deployment: ``kg:`` terms are hash IRIs of
the ontology document (``…/def#Actor``: dereferencing one fetches ``/def``), concepts of the
event type, ACLED and CAMEO schemes are slash IRIs (``…/def/event-type/air_strike``) served one
by one. Pure: graphs in, graphs or text out.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from loaders.event_types import read_ontology
from loaders.graph.vocabulary import CONCEPT_SCHEMES, KG, ONTOLOGY_IRI, PREFIXES
from loaders.resources import ONTOLOGY_FILE

SCHEME_OF = {
    "event-type": KG.eventTypeScheme,
    "acled": KG.acledScheme,
    "cameo": KG.cameoScheme,
}
"""Path segment under ``/def/`` -> the concept scheme its concepts are in."""
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


@cache
def ontology_graph() -> Graph:
    """``schema/kg.ttl``, parsed once, with the project's prefixes bound."""
    graph = read_ontology(ONTOLOGY_FILE)
    for name, ns in PREFIXES.items():
        graph.bind(name, str(ns), replace=True)
    return graph


def ontology_iri() -> URIRef:
    return URIRef(ONTOLOGY_IRI)


def concept_iri(scheme: str, ident: str) -> URIRef | None:
    """The concept ``/def/{scheme}/{ident}`` names, if the ontology has it."""
    ns = CONCEPT_SCHEMES.get(scheme)
    if ns is None or not ident:
        return None
    iri = URIRef(f"{ns}{ident}")
    return iri if (iri, RDF.type, SKOS.Concept) in ontology_graph() else None


def _labelled(graph: Graph, source: Graph, subjects: set[URIRef]) -> Graph:
    """Add the labels of every IRI the graph points to, so that a page names its links."""
    for o in set(graph.objects()):
        if isinstance(o, URIRef) and o not in subjects:
            for label in source.objects(o, SKOS.prefLabel):
                graph.add((o, SKOS.prefLabel, label))
    return graph


def _bound(graph: Graph) -> Graph:
    for name, ns in PREFIXES.items():
        graph.bind(name, str(ns), replace=True)
    return graph


def concept_graph(iri: URIRef) -> Graph:
    """The concept's own triples, with the labels of the concepts it links to."""
    source = ontology_graph()
    graph = _bound(Graph())
    for p, o in source.predicate_objects(iri):
        graph.add((iri, p, o))
    return _labelled(graph, source, {iri})


def scheme_graph(scheme: str) -> Graph | None:
    """A concept scheme and all its concepts (``/def/{scheme}/``)."""
    scheme_iri = SCHEME_OF.get(scheme)
    if scheme_iri is None:
        return None
    source = ontology_graph()
    graph = _bound(Graph())
    members = {scheme_iri, *(c for c in source.subjects(SKOS.inScheme, scheme_iri))}
    for s in members:
        for p, o in source.predicate_objects(s):
            graph.add((s, p, o))
    return _labelled(graph, source, {m for m in members if isinstance(m, URIRef)})


def serialise(graph: Graph, fmt: str) -> str:
    """The graph in one of ``RDFLIB_FORMATS``; JSON-LD keeps the prefixes as its context."""
    if fmt == "jsonld":
        context = {name: str(ns) for name, ns in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True)
    return graph.serialize(format=RDFLIB_FORMATS[fmt])
