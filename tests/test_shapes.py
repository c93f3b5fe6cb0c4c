"""schema/shapes.ttl: a valid sample graph conforms; samples missing a required property or
carrying a wrong value are rejected; the shapes say what loaders/graph/mapping.py says.

The samples are built here with rdflib from the mapping's predicates, one node of every label.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, SKOS, VOID

from kg.config import Settings
from kg.store import GraphStore
from loaders.graph.mapping import MAPPING, Prop, instance_iri
from loaders.graph.vocabulary import (
    ACTOR_TYPES,
    CASUALTY_KINDS,
    DATE_PRECISIONS,
    DOCUMENT_TYPES,
    EVENT_TYPE,
    GEO,
    KG,
    PLACE_TYPES,
    QUALIFIERS,
    SEM,
    SF,
    SOURCE_TYPES,
    WD,
)

SCHEMA = Path(__file__).resolve().parent.parent / "schema"
BASE = "http://example.org/id/"
VOCAB = {
    "actorType": ACTOR_TYPES,
    "placeType": PLACE_TYPES,
    "sourceType": SOURCE_TYPES,
    "documentType": DOCUMENT_TYPES,
    "datePrecision": DATE_PRECISIONS,
    "qualifier": QUALIFIERS,
    "casualtyKind": CASUALTY_KINDS,
}
# Relationships a node must have, beyond the mapping's required properties (see shapes.ttl).
REQUIRED_RELS = [
    ("Claim", "c1", "DERIVED_FROM"),
    ("Claim", "c1", "ATTRIBUTED_TO"),
    ("ControlClaim", "cc1", "DERIVED_FROM"),
    ("ControlClaim", "cc1", "CONTROLLER"),
    ("ControlClaim", "cc1", "CONTROLLED_PLACE"),
    ("Event", "e1", "HAS_TYPE"),
]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SCHEMA / "shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(SCHEMA / "kg.ttl", format="turtle")


def node(label: str, ident: str) -> URIRef:
    return URIRef(instance_iri(BASE, label, ident))


def _term(prop: Prop, value: Any) -> Literal | URIRef:
    from rdflib.namespace import XSD  # imported here: pytest probes module-level namespaces

    if prop.kind == "vocab":
        return KG[value]
    if prop.kind == "iri":
        return URIRef(prop.prefix + value + prop.suffix)
    if prop.kind == "uri":
        return URIRef(value)
    if prop.lang:
        return Literal(value, lang=prop.lang)
    return Literal(value, datatype=None if prop.datatype == XSD.string else prop.datatype)


def add_node(g: Graph, label: str, ident: str, /, **props: Any) -> URIRef:
    """Triples of one node as the mapping says: its classes and one triple per value."""
    nt = MAPPING.node(label)
    subject = node(label, ident)
    for cls in (nt.rdf_class, *nt.also_types):
        g.add((subject, RDF.type, cls))
    for key, value in {"id": ident, **props}.items():
        prop = nt.prop(key)
        for v in value if isinstance(value, list) else [value]:
            g.add((subject, prop.predicate, _term(prop, v)))
    return subject


def link(g: Graph, rel_type: str, src: tuple[str, str], dst: tuple[str, str]) -> None:
    rel = MAPPING.rel(rel_type)
    assert (src[0], dst[0]) in rel.endpoints
    g.add((node(*src), MAPPING.rel_predicate(rel_type, src[0]), node(*dst)))


TEXT = "On 1 March aircraft struck Village, a witness said. A holds Village since then."
QUOTE, CONTROL_QUOTE = "aircraft struck Village", "A holds Village"


def offsets(quote: str) -> dict[str, int]:
    start = TEXT.index(quote)
    return {"startOffset": start, "endOffset": start + len(quote)}


def sample() -> Graph:
    """One valid node of every label, with every relationship type."""
    g = Graph()
    add_node(g, "Actor", "a", name="Group A", aliases=["A", "the A group"], actorType="ArmedGroup")
    add_node(g, "Actor", "b", name="State B", actorType="State", wikidata="Q42", side="b-camp")
    add_node(g, "Actor", "a-unit", name="Unit of A", actorType="ArmedGroup", reviewNeeded=True)
    village = add_node(
        g, "Place", "village", name="Village", placeType="Settlement", lat=34.5, lon=40.5,
        locationUnknown=False, wikidata="Q7", geonames="170000",
    )  # fmt: skip
    add_node(g, "Place", "country", name="Country", placeType="Country", locationUnknown=True)
    add_node(g, "Place", "village-as-written", name="Village", placeType="Settlement", lat=34.51,
             lon=40.5, precisionKm=2.0, reviewNeeded=True, nearKm=1.1)  # fmt: skip
    geometry = URIRef(f"{village}#geometry")
    g.add((village, GEO.hasGeometry, geometry))
    g.add((geometry, RDF.type, SF.Point))
    g.add((geometry, GEO.asWKT, Literal("POINT(40.5 34.5)", datatype=GEO.wktLiteral)))
    add_node(g, "EventType", "air_strike", name="air strike", definition="From the air.",
             acledSubEventTypes=["Air/drone strike"], cameoCodes=["195"])  # fmt: skip
    add_node(g, "EventType", "explosions_remote_violence", name="explosions")
    day = dt.date(2018, 3, 1)
    add_node(g, "Event", "e1", label="Air strike on Village", startDate=day, endDate=day,
             datePrecision="day", sourceCount=1, claimCount=1)  # fmt: skip
    claim = dict(quote=QUOTE, **offsets(QUOTE), confidence=0.8, rule="strike-pattern",
                 datePrecision="day", startDate=day)  # fmt: skip
    add_node(g, "Claim", "c1", **claim, linkScore=0.9, linkReason="same place", linkDistanceKm=0.0,
             linkDaysApart=0, linkActors=["a"], linkFamily="battles")  # fmt: skip
    add_node(g, "Claim", "c2", quote="Row 7", confidence=1.0, datePrecision="day",
             datasetCategory="Air/drone strike", retractedOn=day)  # fmt: skip
    add_node(
        g, "ControlClaim", "cc1", **{**claim, "quote": CONTROL_QUOTE, **offsets(CONTROL_QUOTE)}
    )
    add_node(g, "CasualtyFigure", "k1", count=3, qualifier="at_least", casualtyKind="killed",
             groupLabel="members of A")  # fmt: skip
    add_node(g, "Document", "d1", title="Report", url="https://example.org/report",
             datePublished="2018", datePrecision="year", language="en",
             documentType="NewsArticle", sha256=sha256(TEXT.encode()).hexdigest(),
             text=TEXT)  # fmt: skip
    add_node(g, "Document", "d2", title="Dataset row 7", documentType="DatasetRecord",
             sha256="cd" * 32, version="1618500000")  # fmt: skip
    add_node(g, "Source", "agency", name="Agency", sourceType="NewsAgency")
    add_node(g, "Source", "spokesman", name="Spokesman", sourceType="Person")
    add_node(g, "Extraction", "x1", method="rules", version="0.1.0")
    add_node(g, "Dataset", "conflict-kg", title="A dataset", namespace=BASE)
    links = [
        ("PART_OF", ("Actor", "a-unit"), ("Actor", "a")),
        ("ALLIED_WITH", ("Actor", "a"), ("Actor", "b")),
        ("SUPPORTED_BY", ("Actor", "a"), ("Actor", "b")),
        ("PLEDGED_TO", ("Actor", "a-unit"), ("Actor", "a")),
        ("PART_OF", ("Place", "village"), ("Place", "country")),
        ("PART_OF", ("Place", "village-as-written"), ("Place", "country")),
        ("NEAR", ("Place", "village-as-written"), ("Place", "village")),
        ("BROADER", ("EventType", "air_strike"), ("EventType", "explosions_remote_violence")),
        ("HAS_TYPE", ("Event", "e1"), ("EventType", "air_strike")),
        ("ATTACKER", ("Event", "e1"), ("Actor", "b")),
        ("TARGET", ("Event", "e1"), ("Actor", "a")),
        ("PARTICIPANT", ("Event", "e1"), ("Actor", "a-unit")),
        ("OCCURRED_AT", ("Event", "e1"), ("Place", "village")),
        ("HAS_TYPE", ("Claim", "c1"), ("EventType", "air_strike")),
        ("ATTACKER", ("Claim", "c1"), ("Actor", "b")),
        ("TARGET", ("Claim", "c1"), ("Actor", "a")),
        ("PARTICIPANT", ("Claim", "c1"), ("Actor", "a-unit")),
        ("OCCURRED_AT", ("Claim", "c1"), ("Place", "village")),
        ("SUPPORTS", ("Claim", "c1"), ("Event", "e1")),
        ("REPORTS", ("Claim", "c1"), ("CasualtyFigure", "k1")),
        ("COUNTS", ("CasualtyFigure", "k1"), ("Actor", "a")),
        ("CONTROLLER", ("ControlClaim", "cc1"), ("Actor", "a")),
        ("CONTROLLED_PLACE", ("ControlClaim", "cc1"), ("Place", "village")),
        ("PUBLISHED_BY", ("Document", "d1"), ("Source", "agency")),
        ("SPEAKS_FOR", ("Source", "spokesman"), ("Actor", "a")),
        ("AFFILIATED_WITH", ("Source", "spokesman"), ("Source", "agency")),
    ]
    for claim_label, ident in (("Claim", "c1"), ("Claim", "c2"), ("ControlClaim", "cc1")):
        links += [
            ("DERIVED_FROM", (claim_label, ident), ("Document", "d2" if ident == "c2" else "d1")),
            ("ATTRIBUTED_TO", (claim_label, ident), ("Source", "spokesman")),
            ("GENERATED_BY", (claim_label, ident), ("Extraction", "x1")),
        ]
    for rel_type, src, dst in links:
        link(g, rel_type, src, dst)
    return g


@cache
def ontology() -> Graph:
    return Graph().parse(SCHEMA / "kg.ttl", format="turtle")


def check(data: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    """Validate with the ontology mixed in: it declares the vocabulary and the subclasses."""
    conforms, report, text = validate(data, shacl_graph=shapes, ont_graph=ontology(), advanced=True)
    assert isinstance(report, Graph)
    return bool(conforms), report, str(text)


def violations(report: Graph) -> set[tuple[str, str]]:
    """(focus node, path) of every result."""
    return {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def test_every_relationship_type_is_in_the_sample() -> None:
    g = sample()
    used = {p for _, p, _ in g}
    assert {p for rt in MAPPING.rels.values() for p in rt.predicates} <= used


def test_valid_sample_conforms(shapes: Graph) -> None:
    conforms, _, text = check(sample(), shapes)
    assert conforms, text


def _required() -> list[tuple[str, str, str]]:
    idents = {"Actor": "a", "Place": "village", "EventType": "air_strike", "Event": "e1",
              "Claim": "c1", "ControlClaim": "cc1", "CasualtyFigure": "k1", "Document": "d1",
              "Source": "agency", "Extraction": "x1", "Dataset": "conflict-kg"}  # fmt: skip
    assert set(idents) == set(MAPPING.nodes)
    return [
        (label, idents[label], p.key)
        for label, nt in sorted(MAPPING.nodes.items())
        for p in nt.props
        if p.required
    ]


@pytest.mark.parametrize(("label", "ident", "key"), _required())
def test_missing_required_property_is_rejected(
    shapes: Graph, label: str, ident: str, key: str
) -> None:
    g = sample()
    subject = node(label, ident)
    predicate = MAPPING.node(label).prop(key).predicate
    assert (subject, predicate, None) in g
    g.remove((subject, predicate, None))
    conforms, report, _ = check(g, shapes)
    assert not conforms
    assert (str(subject), str(predicate)) in violations(report)


@pytest.mark.parametrize(("label", "ident", "rel_type"), REQUIRED_RELS)
def test_missing_required_relationship_is_rejected(
    shapes: Graph, label: str, ident: str, rel_type: str
) -> None:
    g = sample()
    subject = node(label, ident)
    predicate = MAPPING.rel_predicate(rel_type, label)
    g.remove((subject, predicate, None))
    conforms, report, _ = check(g, shapes)
    assert not conforms
    assert (str(subject), str(predicate)) in violations(report)


BAD_VALUES = [
    ("unknown actor type", ("Actor", "a"), "actorType", KG.Tank),
    ("value of another list", ("CasualtyFigure", "k1"), "qualifier", KG.killed),
    ("latitude as text", ("Place", "village"), "lat", Literal("34.5")),
    ("latitude out of range", ("Place", "village"), "lat", Literal(134.5)),
    ("wikidata property, not item", ("Actor", "b"), "wikidata", WD.P31),
    ("second canonical name", ("Actor", "a"), "name", Literal("Another name")),
    ("confidence above 1", ("Claim", "c1"), "confidence", Literal(1.5)),
    ("start after end", ("Claim", "c1"), "startOffset", Literal(50)),
    ("date as text", ("Event", "e1"), "startDate", Literal("2018-03-01")),
    ("sha256 not hex", ("Document", "d1"), "sha256", Literal("not-a-digest")),
    ("negative count", ("CasualtyFigure", "k1"), "count", Literal(-1)),
]


@pytest.mark.parametrize(
    ("what", "target", "key", "value"), BAD_VALUES, ids=[b[0] for b in BAD_VALUES]
)
def test_wrong_value_is_rejected(
    shapes: Graph, what: str, target: tuple[str, str], key: str, value: Literal | URIRef
) -> None:
    g = sample()
    subject = node(*target)
    predicate = MAPPING.node(target[0]).prop(key).predicate
    if key not in ("name", "wikidata"):
        g.remove((subject, predicate, None))
    g.add((subject, predicate, value))
    conforms, report, _ = check(g, shapes)
    assert not conforms, what
    assert (str(subject), str(predicate)) in violations(report)


def test_place_with_both_point_and_unknown_marker_is_rejected(shapes: Graph) -> None:
    g = sample()
    village = node("Place", "village")
    unknown = MAPPING.node("Place").prop("locationUnknown").predicate
    g.set((village, unknown, Literal(True)))
    assert not check(g, shapes)[0]


def test_place_with_neither_point_nor_marker_is_rejected(shapes: Graph) -> None:
    g = sample()
    country = node("Place", "country")
    g.remove((country, MAPPING.node("Place").prop("locationUnknown").predicate, None))
    assert not check(g, shapes)[0]


def test_relationship_to_the_wrong_class_is_rejected(shapes: Graph) -> None:
    g = sample()
    claim = node("Claim", "c1")
    derived = MAPPING.rel("DERIVED_FROM").predicate
    g.set((claim, derived, node("Source", "agency")))
    conforms, report, _ = check(g, shapes)
    assert not conforms
    assert (str(claim), str(derived)) in violations(report)


def test_geometry_must_be_a_wkt_point(shapes: Graph) -> None:
    g = sample()
    geometry = URIRef(f"{node('Place', 'village')}#geometry")
    g.set((geometry, GEO.asWKT, Literal("POLYGON((0 0, 1 1, 1 0, 0 0))", datatype=GEO.wktLiteral)))
    assert not check(g, shapes)[0]


def test_the_ontologys_event_type_scheme_conforms(shapes: Graph, onto: Graph) -> None:
    conforms, _, text = check(onto, shapes)
    assert conforms, text


# The shapes follow the mapping --------------------------------------------------------------


def _property_shapes(shapes: Graph, label: str) -> dict[str, Any]:
    nt = MAPPING.node(label)
    found = [
        s for s in shapes.subjects(SH.targetClass, nt.rdf_class) if (s, SH.property, None) in shapes
    ]
    assert len(found) == 1, f"one node shape should target {nt.rdf_class}"
    return {str(shapes.value(ps, SH.name)): ps for ps in shapes.objects(found[0], SH.property)}


@pytest.mark.parametrize("label", sorted(MAPPING.nodes))
def test_shapes_follow_the_mapping(shapes: Graph, label: str) -> None:
    by_name = _property_shapes(shapes, label)
    for p in MAPPING.node(label).props:
        ps = by_name.get(p.key)
        assert ps is not None, f"{label}.{p.key} has no property shape"
        assert shapes.value(ps, SH.path) == p.predicate
        min_count = shapes.value(ps, SH.minCount)
        assert (min_count is not None and int(min_count) >= 1) == p.required, p.key
        # Links that share a predicate (Wikidata, GeoNames) are counted among its values.
        most = shapes.value(ps, SH.maxCount) or shapes.value(ps, SH.qualifiedMaxCount)
        assert (most is None) == p.many, p.key
        datatype = shapes.value(ps, SH.datatype)
        if p.kind == "literal" and p.lang:
            assert datatype == RDF.langString, p.key
            assert [str(v) for v in Collection(shapes, shapes.value(ps, SH.languageIn))] == [p.lang]
        elif p.kind == "literal" and datatype is not None:
            assert datatype == p.datatype, p.key
        if p.kind == "vocab":
            allowed = Collection(shapes, shapes.value(ps, SH["in"]))
            assert [str(v) for v in allowed] == [str(KG[v]) for v in VOCAB[p.key]]
    for rt in MAPPING.rels.values():
        for src, dst in rt.endpoints:
            if src == label:
                ps = by_name.get(rt.type)
                assert ps is not None, f"{label} -[{rt.type}]-> has no property shape"
                assert shapes.value(ps, SH.path) == MAPPING.rel_predicate(rt.type, label)
                target = MAPPING.node(dst)
                # The class, or one it declares itself part of (SKOS concepts may have broader
                # concepts in other schemes: the ACLED ones their broad matches imply).
                assert shapes.value(ps, SH["class"]) in (target.rdf_class, *target.also_types)


def test_event_type_ids_in_the_sample_are_scheme_iris() -> None:
    assert node("EventType", "air_strike") == EVENT_TYPE.air_strike


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sample_survives_json_ld_with_the_context() -> None:
    """Every triple the mapping can produce compacts to context terms and expands back."""
    import json

    from rdflib.compare import isomorphic

    context = json.loads((SCHEMA / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    g = sample()
    text = g.serialize(format="json-ld", context=context)
    graph_nodes = json.loads(text)["@graph"]
    assert all(":" not in k for n in graph_nodes for k in n), "a predicate without a term"
    assert isomorphic(g, Graph().parse(data=text, format="json-ld"))


@pytest.mark.neo4j
@pytest.mark.nlp
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_export_of_the_loaded_seeds_conforms(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path, shapes: Graph, onto: Graph
) -> None:
    """The real pipeline end to end: `kg load seeds`, a Turtle export, then SHACL."""
    from kg.ingest.articles import load_seeds
    from kg.rdf.export import export_to_file

    report = load_seeds(clean_store, neo4j_settings)
    assert report.ok, report.failures
    out = tmp_path / "export.ttl"
    export_to_file(clean_store, neo4j_settings.namespace, "turtle", out)
    data = Graph().parse(out, format="turtle")
    assert (None, RDF.type, KG.Claim) in data
    hajin, syria = (instance_iri(neo4j_settings.namespace, "Place", i) for i in ("hajin", "syria"))
    assert data.query(f"ASK {{ <{hajin}> <{KG.partOf}>+ <{syria}> }}").askAnswer
    conforms, _, text = check(data, shapes)
    assert conforms, text[:5000]


def test_shapes_use_only_terms_the_ontology_declares(shapes: Graph, onto: Graph) -> None:
    declared = {s for s in onto.subjects() if isinstance(s, URIRef)}
    own = {s for s in shapes.subjects(RDF.type, None) if isinstance(s, URIRef)}
    """Shapes, constraints and prefix declarations the shapes file defines itself."""
    used = {
        t
        for triple in shapes
        for t in triple
        if isinstance(t, URIRef) and t.startswith(str(KG)) and t not in own
    }
    assert used - declared == set()


# Broken records: every kind of damage the shapes are there to catch ----------------------------

FOAF_NAME = URIRef("http://xmlns.com/foaf/0.1/name")


def _drop(g: Graph, s: URIRef, p: URIRef) -> None:
    g.remove((s, p, None))


def _set(g: Graph, s: URIRef, p: URIRef, o: Literal | URIRef) -> None:
    g.set((s, p, o))


C1, CC1, E1, D1 = (
    node("Claim", "c1"),
    node("ControlClaim", "cc1"),
    node("Event", "e1"),
    node("Document", "d1"),
)
A, VILLAGE = node("Actor", "a"), node("Place", "village")
STATED_TYPE = MAPPING.rel_predicate("HAS_TYPE", "Claim")
BROKEN: list[tuple[str, Any, URIRef, URIRef | None]] = [
    (
        "quote is not the text at its offsets",
        lambda g: _set(g, C1, KG.quote, Literal("aircraft struck Town")),
        C1,
        KG.quote,
    ),
    (
        "quote runs past the end of the text",
        lambda g: _set(g, C1, KG.endOffset, Literal(len(TEXT) + 5)),
        C1,
        KG.quote,
    ),
    ("start offset missing", lambda g: _drop(g, C1, KG.startOffset), C1, KG.startOffset),
    ("end offset missing", lambda g: _drop(g, CC1, KG.endOffset), CC1, KG.endOffset),
    (
        "offsets out of order",
        lambda g: _set(g, C1, KG.startOffset, Literal(60)),
        C1,
        KG.startOffset,
    ),
    ("negative offset", lambda g: _set(g, C1, KG.startOffset, Literal(-1)), C1, KG.startOffset),
    ("sha256 of another text", lambda g: _set(g, D1, KG.sha256, Literal("0" * 64)), D1, KG.sha256),
    (
        "predicate outside the vocabulary",
        lambda g: g.add((A, FOAF_NAME, Literal("Group A"))),
        A,
        FOAF_NAME,
    ),
    ("misspelt property of ours", lambda g: g.add((C1, KG.quotes, Literal("x"))), C1, KG.quotes),
    ("untyped claim", lambda g: _drop(g, C1, RDF.type), C1, None),
    ("untyped event", lambda g: _drop(g, E1, RDF.type), E1, None),
    ("untyped document", lambda g: _drop(g, D1, RDF.type), D1, None),
    ("event no claim supports", lambda g: [_drop(g, c, KG.supports) for c in (C1,)], E1, None),
    ("claim supporting a document", lambda g: _set(g, C1, KG.supports, D1), C1, KG.supports),
    ("claim typed with a place", lambda g: _set(g, C1, STATED_TYPE, VILLAGE), C1, STATED_TYPE),
    (
        "claim typed with a SEM event property",
        lambda g: g.add((C1, SEM.eventType, node("EventType", "air_strike"))),
        C1,
        SEM.eventType,
    ),
    (
        "name repeated as an alias (SKOS S13)",
        lambda g: g.add((A, SKOS.altLabel, Literal("Group A", lang="en"))),
        A,
        SKOS.prefLabel,
    ),
    (
        "name without a language tag",
        lambda g: _set(g, A, SKOS.prefLabel, Literal("Group A")),
        A,
        SKOS.prefLabel,
    ),
    (
        "name in another language only",
        lambda g: _set(g, A, SKOS.prefLabel, Literal("Gruppe A", lang="de")),
        A,
        SKOS.prefLabel,
    ),
    (
        "two English names",
        lambda g: g.add((A, SKOS.prefLabel, Literal("A Group", lang="en"))),
        A,
        SKOS.prefLabel,
    ),
    (
        "two Wikidata items",
        lambda g: g.add((node("Actor", "b"), SKOS.exactMatch, WD.Q43)),
        node("Actor", "b"),
        SKOS.exactMatch,
    ),
    (
        "GeoNames link without its slash",
        lambda g: _set(g, VILLAGE, SKOS.exactMatch, URIRef("https://sws.geonames.org/170000")),
        VILLAGE,
        SKOS.exactMatch,
    ),
    (
        "place inside two places",
        lambda g: g.add((VILLAGE, KG.partOf, node("Place", "village"))),
        VILLAGE,
        KG.partOf,
    ),
    (
        "namespace that ends in no separator",
        lambda g: _set(
            g, node("Dataset", "conflict-kg"), VOID.uriSpace, Literal("http://x.org/id")
        ),
        node("Dataset", "conflict-kg"),
        VOID.uriSpace,
    ),
]


@pytest.mark.parametrize(("what", "damage", "focus", "path"), BROKEN, ids=[b[0] for b in BROKEN])
def test_every_kind_of_broken_record_is_caught(
    shapes: Graph, what: str, damage: Any, focus: URIRef, path: URIRef | None
) -> None:
    g = sample()
    damage(g)
    conforms, report, text = check(g, shapes)
    assert not conforms, what
    found = violations(report)
    if path is None:
        assert str(focus) in {f for f, _ in found}, text
    else:
        assert (str(focus), str(path)) in found, text
