"""schema/shapes.ttl: a valid sample graph conforms; samples missing a required property or
carrying a wrong value are rejected; the shapes say what loaders/graph/mapping.py says.

The samples are built here with rdflib from the mapping's predicates, one node of every label.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

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
        return URIRef(prop.prefix + value)
    if prop.kind == "uri":
        return URIRef(value)
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
    g.add((node(*src), rel.predicate, node(*dst)))


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
    claim = dict(quote="aircraft struck Village", startOffset=10, endOffset=33, confidence=0.8,
                 rule="strike-pattern", datePrecision="day", startDate=day)  # fmt: skip
    add_node(g, "Claim", "c1", **claim, linkScore=0.9, linkReason="same place", linkDistanceKm=0.0,
             linkDaysApart=0, linkActors=["a"], linkFamily="battles")  # fmt: skip
    add_node(g, "Claim", "c2", quote="Row 7", confidence=1.0, datePrecision="day",
             datasetCategory="Air/drone strike", retractedOn=day)  # fmt: skip
    add_node(g, "ControlClaim", "cc1", **{**claim, "quote": "A holds Village", "endOffset": 25})
    add_node(g, "CasualtyFigure", "k1", count=3, qualifier="at_least", casualtyKind="killed",
             groupLabel="members of A")  # fmt: skip
    add_node(g, "Document", "d1", title="Report", url="https://example.org/report",
             datePublished="2018", datePrecision="year", language="en",
             documentType="NewsArticle", sha256="ab" * 32, text="...")  # fmt: skip
    add_node(g, "Document", "d2", title="Dataset row 7", documentType="DatasetRecord",
             sha256="cd" * 32, version="1618500000")  # fmt: skip
    add_node(g, "Source", "agency", name="Agency", sourceType="NewsAgency")
    add_node(g, "Source", "spokesman", name="Spokesman", sourceType="Person")
    add_node(g, "Extraction", "x1", method="rules", version="0.1.0")
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
            ("DERIVED_FROM", (claim_label, ident), ("Document", "d1")),
            ("ATTRIBUTED_TO", (claim_label, ident), ("Source", "spokesman")),
            ("GENERATED_BY", (claim_label, ident), ("Extraction", "x1")),
        ]
    for rel_type, src, dst in links:
        link(g, rel_type, src, dst)
    return g


def check(data: Graph, shapes: Graph, onto: Graph | None = None) -> tuple[bool, Graph, str]:
    conforms, report, text = validate(data, shacl_graph=shapes, ont_graph=onto)
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
    assert {rt.predicate for rt in MAPPING.rels.values()} <= used


def test_valid_sample_conforms(shapes: Graph) -> None:
    conforms, _, text = check(sample(), shapes)
    assert conforms, text


def test_valid_sample_conforms_with_the_ontology(shapes: Graph, onto: Graph) -> None:
    conforms, _, text = check(sample(), shapes, onto)
    assert conforms, text


def _required() -> list[tuple[str, str, str]]:
    idents = {"Actor": "a", "Place": "village", "EventType": "air_strike", "Event": "e1",
              "Claim": "c1", "ControlClaim": "cc1", "CasualtyFigure": "k1", "Document": "d1",
              "Source": "agency", "Extraction": "x1"}  # fmt: skip
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
    predicate = MAPPING.rel(rel_type).predicate
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
    found = [s for s in shapes.subjects(SH.targetClass, nt.rdf_class)]
    assert len(found) == 1, f"one node shape should target {nt.rdf_class}"
    return {str(shapes.value(ps, SH.name)): ps for ps in shapes.objects(found[0], SH.property)}


@pytest.mark.parametrize("label", sorted(MAPPING.nodes))
def test_shapes_follow_the_mapping(shapes: Graph, label: str) -> None:
    by_name = _property_shapes(shapes, label)
    for p in MAPPING.node(label).props:
        name = "wikidata, geonames" if label == "Place" and p.kind == "iri" else p.key
        ps = by_name.get(name)
        assert ps is not None, f"{label}.{p.key} has no property shape"
        assert shapes.value(ps, SH.path) == p.predicate
        min_count = shapes.value(ps, SH.minCount)
        assert (min_count is not None and int(min_count) >= 1) == p.required, p.key
        assert (shapes.value(ps, SH.maxCount) is None) == p.many, p.key
        datatype = shapes.value(ps, SH.datatype)
        if p.kind == "literal" and datatype is not None:
            assert datatype == p.datatype, p.key
        if p.kind == "vocab":
            allowed = Collection(shapes, shapes.value(ps, SH["in"]))
            assert [str(v) for v in allowed] == [str(KG[v]) for v in VOCAB[p.key]]
    for rt in MAPPING.rels.values():
        for src, dst in rt.endpoints:
            if src == label:
                ps = by_name.get(rt.type)
                assert ps is not None, f"{label} -[{rt.type}]-> has no property shape"
                assert shapes.value(ps, SH.path) == rt.predicate
                assert shapes.value(ps, SH["class"]) == MAPPING.node(dst).rdf_class


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
    export_to_file(clean_store, neo4j_settings.base_iri, "turtle", out)
    data = Graph().parse(out, format="turtle")
    assert (None, RDF.type, KG.Claim) in data
    hajin, syria = (instance_iri(neo4j_settings.base_iri, "Place", i) for i in ("hajin", "syria"))
    assert data.query(f"ASK {{ <{hajin}> <{KG.partOf}>+ <{syria}> }}").askAnswer
    conforms, _, text = check(data, shapes, onto)
    assert conforms, text[:5000]


def test_shapes_use_only_terms_the_ontology_declares(shapes: Graph, onto: Graph) -> None:
    declared = {s for s in onto.subjects() if isinstance(s, URIRef)}
    used = {
        t
        for triple in shapes
        for t in triple
        if isinstance(t, URIRef) and t.startswith(str(KG)) and not str(t).endswith("Shape")
    }
    assert used - declared == set()
