"""schema/kg.ttl declares exactly what loaders/graph/mapping.py writes, and the event type scheme
is whole.

Also covers the JSON-LD context (schema/context.jsonld) and the event type loader
(loaders/event_types.py), which read the same ontology.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.store import GraphStore
from loaders.event_types import event_type_batch, event_types_from_graph, read_ontology
from loaders.graph.mapping import MAPPING, quoted
from loaders.graph.vocabulary import (
    ACTOR_TYPES,
    CASUALTY_KINDS,
    DATE_PRECISIONS,
    DOCUMENT_TYPES,
    EVENT_TYPE,
    EVENT_TYPES,
    GEO,
    KG,
    PLACE_TYPES,
    PREFIXES,
    QUALIFIERS,
    SDO,
    SEM,
    SOURCE_TYPES,
)

SCHEMA = Path(__file__).resolve().parent.parent / "schema"
ONTOLOGY = SCHEMA / "kg.ttl"
CONTEXT = SCHEMA / "context.jsonld"
SCHEME = KG.eventTypeScheme
ACLED = "https://w3id.org/conflict-kg/def/acled/"
CAMEO = "https://w3id.org/conflict-kg/def/cameo/"
SKOS_MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch)
FAMILIES = {
    "battles",
    "explosions_remote_violence",
    "violence_against_civilians",
    "strategic_developments",
}

# The closed value lists of the mapping's 'vocab' properties, and the class of their values.
VOCAB = {
    "actorType": (ACTOR_TYPES, KG.ActorType),
    "placeType": (PLACE_TYPES, KG.PlaceType),
    "sourceType": (SOURCE_TYPES, KG.SourceType),
    "documentType": (DOCUMENT_TYPES, KG.DocumentType),
    "datePrecision": (DATE_PRECISIONS, KG.DatePrecision),
    "qualifier": (QUALIFIERS, KG.CasualtyQualifier),
    "casualtyKind": (CASUALTY_KINDS, KG.CasualtyKind),
}
# Built-in terms of RDF/RDFS/OWL that need no declaration.
BUILT_INS = {RDFS.label, RDFS.comment, OWL.sameAs}
PROPERTY_KINDS = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return read_ontology(ONTOLOGY)


def _members(g: Graph, cls: Node | None) -> set[Node]:
    """A class, or the members of an owl:unionOf class expression."""
    assert cls is not None
    union = g.value(cls, OWL.unionOf)
    return set(Collection(g, union)) if union is not None else {cls}


def _superclasses(g: Graph, cls: Node) -> set[Node]:
    return {c for c in g.transitive_objects(cls, RDFS.subClassOf) if c is not None}


def _covers(g: Graph, declared: Node | None, cls: URIRef) -> bool:
    """``cls`` (or one of its superclasses) is the declared class or in its union."""
    return bool(_superclasses(g, cls) & _members(g, declared))


def _mapping_props() -> Iterator[tuple[str, str, URIRef, str, URIRef]]:
    for nt in MAPPING.nodes.values():
        for p in nt.props:
            yield nt.label, p.key, p.predicate, p.kind, p.datatype


def _kg_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}


def test_ontology_parses_with_a_header(onto: Graph) -> None:
    header = URIRef("https://w3id.org/conflict-kg/def")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None


@pytest.mark.parametrize("label", sorted(MAPPING.nodes))
def test_every_class_of_the_mapping_is_declared(onto: Graph, label: str) -> None:
    nt = MAPPING.node(label)
    for cls in (nt.rdf_class, *nt.also_types):
        assert (cls, RDF.type, OWL.Class) in onto, f"{cls} ({label}) is not declared"
    if nt.rdf_class.startswith(str(KG)):
        assert onto.value(nt.rdf_class, RDFS.label) is not None
        assert onto.value(nt.rdf_class, RDFS.comment) is not None
    for also in nt.also_types:
        assert also in _superclasses(onto, nt.rdf_class), f"{label} is not a subclass of {also}"


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (KG.Actor, SEM.Actor),
        (KG.Actor, PROV.Agent),
        (KG.Event, SEM.Event),
        (KG.Place, SEM.Place),
        (KG.Place, GEO.Feature),
        (KG.Claim, PROV.Entity),
        (KG.ControlClaim, KG.Claim),
        (KG.Document, PROV.Entity),
        (KG.Source, PROV.Agent),
        (KG.Extraction, PROV.Activity),
    ],
)
def test_alignments(onto: Graph, cls: URIRef, parent: URIRef) -> None:
    assert parent in _superclasses(onto, cls)


def test_news_article_documents_are_schema_news_articles(onto: Graph) -> None:
    found = False
    for expr in onto.subjects(RDFS.subClassOf, SDO.NewsArticle):
        items = onto.value(expr, OWL.intersectionOf)
        assert items is not None
        parts = set(Collection(onto, items))
        restrictions = [p for p in parts if isinstance(p, BNode)]
        found |= KG.Document in parts and any(
            onto.value(r, OWL.onProperty) == KG.documentType
            and onto.value(r, OWL.hasValue) == KG.NewsArticle
            for r in restrictions
        )
    assert found


@pytest.mark.parametrize(
    ("label", "key", "predicate", "kind", "datatype"),
    sorted(set(_mapping_props())),
    ids=lambda v: v if isinstance(v, str) and not v.startswith("http") else "",
)
def test_every_property_of_the_mapping_is_declared(
    onto: Graph, label: str, key: str, predicate: URIRef, kind: str, datatype: URIRef
) -> None:
    if predicate in BUILT_INS:
        return
    kinds = set(onto.objects(predicate, RDF.type)) & PROPERTY_KINDS
    assert kinds, f"{label}.{key}: {predicate} is not declared"
    if not predicate.startswith(str(KG)):
        return
    expected = OWL.DatatypeProperty if kind == "literal" else OWL.ObjectProperty
    assert kinds == {expected}, f"{predicate} should be a {expected}"
    for meta in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
        assert onto.value(predicate, meta) is not None, f"{predicate} lacks {meta}"
    assert _covers(onto, onto.value(predicate, RDFS.domain), MAPPING.node(label).rdf_class)
    rng = onto.value(predicate, RDFS.range)
    if kind == "literal":
        assert rng == datatype, f"{predicate}: range {rng}, mapping says {datatype}"
    elif kind == "vocab":
        assert rng == VOCAB[key][1]


@pytest.mark.parametrize("rel_type", sorted(MAPPING.rels))
def test_every_relationship_type_is_declared(onto: Graph, rel_type: str) -> None:
    rt = MAPPING.rel(rel_type)
    for src, dst in rt.endpoints:
        predicate = MAPPING.rel_predicate(rel_type, src)
        assert (predicate, RDF.type, OWL.ObjectProperty) in onto, f"{predicate} undeclared"
        if not predicate.startswith(str(KG)):
            continue
        domain = onto.value(predicate, RDFS.domain)
        rng = onto.value(predicate, RDFS.range)
        assert onto.value(predicate, RDFS.label) is not None
        assert onto.value(predicate, RDFS.comment) is not None
        assert _covers(onto, domain, MAPPING.node(src).rdf_class), f"{rel_type} from {src}"
        assert _covers(onto, rng, MAPPING.node(dst).rdf_class), f"{rel_type} to {dst}"


def test_event_roles_are_sem_claim_roles_are_not(onto: Graph) -> None:
    assert (KG.attacker, RDFS.subPropertyOf, SEM.hasActor) in onto
    assert (KG.target, RDFS.subPropertyOf, SEM.hasActor) in onto
    assert onto.value(KG.attacker, RDFS.domain) == KG.Event
    # What a claim states is no SEM event property: a reasoner must not make it an event.
    claim_only = [p for p in onto.subjects(RDFS.domain, KG.Claim)]
    claim_only += [p for p in onto.subjects(RDFS.domain, KG.ControlClaim)]
    assert KG.statedAttacker in claim_only and KG.controller in claim_only
    for p in claim_only:
        supers = {o for o in onto.transitive_objects(p, RDFS.subPropertyOf)} - {p}
        assert not any(str(o).startswith(str(SEM)) for o in supers), p


def test_part_of_is_one_level_with_a_transitive_super_property(onto: Graph) -> None:
    assert (KG.partOf, RDF.type, OWL.TransitiveProperty) not in onto
    assert (KG.partOf, RDFS.subPropertyOf, KG.transitivelyPartOf) in onto
    assert (KG.transitivelyPartOf, RDF.type, OWL.TransitiveProperty) in onto
    assert (GEO.hasGeometry, RDF.type, OWL.ObjectProperty) in onto
    assert (GEO.asWKT, RDF.type, OWL.DatatypeProperty) in onto


@pytest.mark.parametrize("key", sorted(VOCAB))
def test_vocab_values_are_exactly_the_declared_individuals(onto: Graph, key: str) -> None:
    values, cls = VOCAB[key]
    declared = set(onto.subjects(RDF.type, cls))
    assert declared == {KG[v] for v in values}
    for v in values:
        assert onto.value(KG[v], RDFS.label) is not None, v
        assert onto.value(KG[v], RDFS.comment) is not None, v


def test_every_kg_term_used_in_the_ontology_is_declared(onto: Graph) -> None:
    """No kg: IRI is used as an object without being a subject too (typos, stale names)."""
    used = {o for o in onto.objects() if isinstance(o, URIRef) and o.startswith(str(KG))}
    assert used - _kg_terms(onto) == set()


def test_every_event_type_is_a_concept_of_the_scheme(onto: Graph) -> None:
    for ident in EVENT_TYPES:
        concept = EVENT_TYPE[ident]
        assert (concept, RDF.type, SKOS.Concept) in onto, ident
        assert (concept, SKOS.inScheme, SCHEME) in onto, ident
        assert onto.value(concept, SKOS.definition) is not None, ident
        assert str(onto.value(concept, DCTERMS.identifier)) == ident
        labels = [
            v
            for v in onto.objects(concept, SKOS.prefLabel)
            if isinstance(v, Literal) and v.language == "en"
        ]
        assert len(labels) == 1, ident


def test_event_types_fall_into_the_four_acled_families(onto: Graph) -> None:
    tops = {str(c).removeprefix(str(EVENT_TYPE)) for c in onto.objects(SCHEME, SKOS.hasTopConcept)}
    assert tops == FAMILIES
    for ident in EVENT_TYPES:
        parents = list(onto.objects(EVENT_TYPE[ident], SKOS.broader))
        assert len(parents) == 1, ident
        assert str(parents[0]).removeprefix(str(EVENT_TYPE)) in FAMILIES, ident
    broader = {
        i: str(onto.value(EVENT_TYPE[i], SKOS.broader)).removeprefix(str(EVENT_TYPE))
        for i in EVENT_TYPES
    }
    # As ACLED files them: air strikes and IEDs are remote violence, abductions violence
    # against civilians, arrests a strategic development, armed clashes battles.
    assert broader["air_strike"] == "explosions_remote_violence"
    assert broader["bombing"] == "explosions_remote_violence"
    assert broader["abduction"] == "violence_against_civilians"
    assert broader["arrest"] == "strategic_developments"
    assert broader["armed_clash"] == "battles"


def _matched(onto: Graph, concept: URIRef, namespace: str) -> set[URIRef]:
    return {
        o
        for m in SKOS_MATCHES
        for o in onto.objects(concept, m)
        if isinstance(o, URIRef) and o.startswith(namespace)
    }


@pytest.mark.parametrize("ident", [*EVENT_TYPES, *sorted(FAMILIES)])
def test_acled_and_cameo_literals_agree_with_the_skos_mappings(onto: Graph, ident: str) -> None:
    concept = EVENT_TYPE[ident]
    acled = _matched(onto, concept, ACLED)
    sub_types = {c for c in acled if (c, SKOS.topConceptOf, KG.acledScheme) not in onto}
    acled_names = {str(onto.value(c, SKOS.prefLabel)) for c in sub_types}
    assert {str(v) for v in onto.objects(concept, KG.acledSubEventType)} == acled_names
    cameo = _matched(onto, concept, CAMEO)
    assert {str(v) for v in onto.objects(concept, KG.cameoCode)} == {
        str(onto.value(c, SKOS.notation)) for c in cameo
    }
    for target in acled | cameo:
        assert (target, RDF.type, SKOS.Concept) in onto, target
        assert onto.value(target, SKOS.prefLabel) is not None, target


def test_violent_event_types_map_to_acled_or_cameo(onto: Graph) -> None:
    for ident in set(EVENT_TYPES) - {"control_statement"}:
        concept = EVENT_TYPE[ident]
        assert _matched(onto, concept, ACLED) or _matched(onto, concept, CAMEO), ident


# JSON-LD context ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def context() -> dict[str, object]:
    data = json.loads(CONTEXT.read_text(encoding="utf-8"))
    ctx = data["@context"]
    assert isinstance(ctx, dict)
    return ctx


def _expand(ctx: dict[str, object], term: object) -> str:
    value = term["@id"] if isinstance(term, dict) else term
    assert isinstance(value, str)
    prefix, _, local = value.partition(":")
    base = ctx.get(prefix)
    return f"{base}{local}" if isinstance(base, str) and not local.startswith("//") else value


def test_context_prefixes_match_the_code(context: dict[str, object]) -> None:
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == str(namespace), prefix


def test_context_has_a_term_for_every_mapped_predicate_and_value(
    context: dict[str, object],
) -> None:
    defined = {_expand(context, v) for k, v in context.items() if not k.startswith("@")}
    predicates = {p.predicate for nt in MAPPING.nodes.values() for p in nt.props}
    predicates |= {rt.predicate for rt in MAPPING.rels.values()}
    predicates |= {nt.rdf_class for nt in MAPPING.nodes.values()}
    assert {str(p) for p in predicates} - defined == set()
    for values, _ in VOCAB.values():
        for v in values:
            assert _expand(context, context[v]) == str(KG[v])


def test_context_terms_name_declared_ontology_terms(
    context: dict[str, object], onto: Graph
) -> None:
    declared = _kg_terms(onto)
    for term, value in context.items():
        iri = _expand(context, value)
        if iri.startswith(str(KG)) and iri != str(KG):
            assert URIRef(iri) in declared, term


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_context_turns_json_into_the_mapped_triples(context: dict[str, object]) -> None:
    doc = {
        "@context": context,
        "id": "http://example.org/id/place/hajin",
        "type": "Place",
        "identifier": "hajin",
        "name": "Hajin",
        "aliases": ["Hajin", "Hajeen"],
        "placeType": "Settlement",
        "lat": 34.6894,
        "partOf": "http://example.org/id/place/hajin-subdistrict",
        "exactMatch": "http://www.wikidata.org/entity/Q1",
    }
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    s = URIRef("http://example.org/id/place/hajin")
    assert (s, RDF.type, KG.Place) in g
    assert (s, KG.placeType, KG.Settlement) in g
    assert (s, SKOS.altLabel, Literal("Hajeen", lang="en")) in g
    assert (s, KG.partOf, URIRef("http://example.org/id/place/hajin-subdistrict")) in g
    lat_prop = MAPPING.node("Place").prop("lat")
    lat = g.value(s, lat_prop.predicate)
    assert isinstance(lat, Literal) and lat.datatype == lat_prop.datatype


# Event type loader ------------------------------------------------------------------------


def test_event_type_batch_has_every_type_and_its_family() -> None:
    batch = event_type_batch("http://example.org/id/")
    ids = {row.props["id"] for row in batch.nodes}
    assert ids == set(EVENT_TYPES) | FAMILIES
    for row in batch.nodes:
        assert row.label == "EventType"
        assert row.iri == str(EVENT_TYPE[str(row.props["id"])])
        assert row.props["name"]
    broader = {(r.src, r.dst) for r in batch.rels if r.type == "BROADER"}
    assert (str(EVENT_TYPE.suicide_attack), str(EVENT_TYPE.explosions_remote_violence)) in broader
    assert len(broader) == len(EVENT_TYPES)
    shelling = next(r for r in batch.nodes if r.props["id"] == "shelling")
    assert shelling.props["acledSubEventTypes"] == ["Shelling/artillery/missile attack"]
    assert shelling.props["cameoCodes"] == ["194"]


def test_event_type_loader_rejects_a_scheme_without_a_known_type(onto: Graph) -> None:
    g = Graph()
    for triple in onto:
        if triple[0] != EVENT_TYPE.siege:
            g.add(triple)
    with pytest.raises(InputError, match="siege"):
        event_types_from_graph(g, "test.ttl")


def test_event_type_loader_rejects_a_concept_without_label(onto: Graph) -> None:
    g = Graph()
    for triple in onto:
        if triple[:2] != (EVENT_TYPE.ambush, SKOS.prefLabel):
            g.add(triple)
    with pytest.raises(InputError, match="ambush"):
        event_types_from_graph(g, "test.ttl")


def test_event_type_loader_names_a_malformed_file(tmp_path: Path) -> None:
    bad = tmp_path / "kg.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/conflict-kg/def#> .\nkg:a kg:b", "utf-8")
    with pytest.raises(InputError, match=r"kg\.ttl"):
        event_type_batch("", bad)


@pytest.mark.neo4j
def test_event_types_load_into_neo4j_idempotently(clean_store: GraphStore) -> None:
    batch = event_type_batch("http://example.org/id/")
    clean_store.write_batch(batch)
    clean_store.write_batch(batch)
    et, broader = quoted("EventType"), quoted("BROADER")
    rows = clean_store.read(f"MATCH (n:{et}) RETURN count(n) AS n")
    assert rows[0]["n"] == len(EVENT_TYPES) + len(FAMILIES)
    rows = clean_store.read(
        f"MATCH (t:{et} {{id: $id}})-[:{broader}]->(f:{et}) RETURN f.id AS family, t.name AS name",
        {"id": "drone_strike"},
    )
    assert rows == [{"family": "explosions_remote_violence", "name": "drone strike"}]
    rows = clean_store.read(f"MATCH ()-[r:{broader}]->() RETURN count(r) AS n")
    assert rows[0]["n"] == len(EVENT_TYPES)


# docs/ontology.md -------------------------------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "ontology.md"


def _blocks(language: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return [b.split("```")[0] for b in text.split(f"```{language}\n")[1:]]


def test_doc_names_every_label_relationship_key_and_event_type() -> None:
    text = DOC.read_text(encoding="utf-8")
    names = set(MAPPING.nodes) | set(MAPPING.rels) | set(EVENT_TYPES)
    names |= {p.key for nt in MAPPING.nodes.values() for p in nt.props}
    assert {n for n in names if f"`{n}`" not in text} == set()
    assert "```mermaid\nclassDiagram" in text


def test_doc_sparql_examples_parse() -> None:
    from rdflib.plugins.sparql import prepareQuery

    blocks = _blocks("sparql")
    assert blocks
    for block in blocks:
        prepareQuery(block)


@pytest.mark.neo4j
def test_doc_cypher_examples_compile(store: GraphStore) -> None:
    statements = [
        s.strip()
        for block in _blocks("cypher")
        for s in "\n".join(
            line for line in block.splitlines() if not line.lstrip().startswith("//")
        ).split(";")
        if s.strip()
    ]
    assert len(statements) >= 3
    for statement in statements:
        store.read(f"EXPLAIN {statement}")
