"""The event type scheme of ``schema/kg.ttl`` -> EventType nodes and BROADER relationships.

The ontology is the one place where event types are defined (labels, definitions, families,
ACLED and CAMEO correspondences); the graph gets a copy so that Cypher and GraphQL users can
filter and group events by type and family without reading RDF, and so that RDF dumps carry
the scheme membership and the SKOS mapping links to ACLED and CAMEO concepts. Reading is
strict: a type the code knows (``loaders.graph.vocabulary.EVENT_TYPES``) but the ontology
lacks is an error, not a silent gap.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from loaders.errors import InputError
from loaders.graph.batch import GraphBatch
from loaders.graph.mapping import instance_iri
from loaders.graph.vocabulary import EVENT_TYPE, EVENT_TYPES, KG
from loaders.resources import ONTOLOGY_FILE

SCHEME = KG.eventTypeScheme
MATCHES = {
    "exactMatch": SKOS.exactMatch,
    "closeMatch": SKOS.closeMatch,
    "broadMatch": SKOS.broadMatch,
    "relatedMatch": SKOS.relatedMatch,
}
"""EventType property keys of the SKOS mapping links (to ACLED and CAMEO concepts)."""


def read_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """Parse the ontology; unreadable or malformed Turtle becomes an InputError."""
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError, LookupError) as e:
        # rdflib's BadSyntax is a SyntaxError; truncated input surfaces as an IndexError.
        raise InputError(str(path), f"cannot parse the ontology: {e!r}") from e


def event_type_batch(base: str = "", path: Path = ONTOLOGY_FILE) -> GraphBatch:
    """Read the ontology file and return its event types as a batch.

    ``base`` is the instance IRI base; event types do not use it (their IRIs are fixed in the
    ``et:`` namespace) but take it like every other batch builder.
    """
    return event_types_from_graph(read_ontology(path), str(path), base)


def event_types_from_graph(graph: Graph, source: str, base: str = "") -> GraphBatch:
    """EventType nodes for every concept of the event type scheme, with BROADER links.

    ``source`` names the ontology in error messages.
    """
    concepts = _scheme_concepts(graph, source)
    missing = sorted(set(EVENT_TYPES) - set(concepts))
    if missing:
        raise InputError(source, f"event types missing from the scheme: {', '.join(missing)}")
    batch = GraphBatch()
    for ident, concept in sorted(concepts.items()):
        batch.add_node(
            "EventType",
            instance_iri(base, "EventType", ident),
            id=ident,
            name=_pref_label(graph, concept, source),
            definition=_first_text(graph, concept, SKOS.definition),
            acledSubEventTypes=_texts(graph, concept, KG.acledSubEventType),
            cameoCodes=_texts(graph, concept, KG.cameoCode),
            scheme=str(SCHEME),
            topConceptOf=str(SCHEME) if (concept, SKOS.topConceptOf, SCHEME) in graph else None,
            **{key: _iris(graph, concept, p) for key, p in MATCHES.items()},
        )
    for ident, concept in sorted(concepts.items()):
        for parent in sorted(graph.objects(concept, SKOS.broader), key=str):
            parent_id = _local_id(parent)
            if parent_id is None or parent_id not in concepts:
                raise InputError(source, f"{ident} is narrower than {parent}, not in the scheme")
            batch.add_rel(
                "BROADER",
                "EventType",
                instance_iri(base, "EventType", ident),
                "EventType",
                instance_iri(base, "EventType", parent_id),
            )
    return batch


def _scheme_concepts(graph: Graph, source: str) -> dict[str, URIRef]:
    concepts: dict[str, URIRef] = {}
    for concept in graph.subjects(SKOS.inScheme, SCHEME):
        if not isinstance(concept, URIRef) or (concept, RDF.type, SKOS.Concept) not in graph:
            raise InputError(source, f"{concept} is in the event type scheme but no skos:Concept")
        ident = _local_id(concept)
        if ident is None:
            raise InputError(source, f"event type {concept} is not in the namespace {EVENT_TYPE}")
        concepts[ident] = concept
    if not concepts:
        raise InputError(source, f"no concept is in the scheme {SCHEME}")
    return concepts


def _local_id(node: object) -> str | None:
    text = str(node)
    if not text.startswith(str(EVENT_TYPE)):
        return None
    ident = text[len(str(EVENT_TYPE)) :]
    return ident or None


def _pref_label(graph: Graph, concept: URIRef, source: str) -> str:
    label = _first_text(graph, concept, SKOS.prefLabel)
    if label is None:
        raise InputError(source, f"event type {concept} has no English skos:prefLabel")
    return label


def _first_text(graph: Graph, concept: URIRef, predicate: URIRef) -> str | None:
    """The English (or untagged) value of a single-valued text property."""
    for value in graph.objects(concept, predicate):
        if isinstance(value, Literal) and value.language in (None, "en"):
            return str(value)
    return None


def _texts(graph: Graph, concept: URIRef, predicate: URIRef) -> list[str]:
    return sorted(str(v) for v in graph.objects(concept, predicate) if isinstance(v, Literal))


def _iris(graph: Graph, concept: URIRef, predicate: Node) -> list[str] | None:
    """IRIs the concept links to with ``predicate``, sorted; None when there are none (so that
    the node has no empty list property)."""
    found = sorted(str(v) for v in graph.objects(concept, predicate) if isinstance(v, URIRef))
    return found or None
