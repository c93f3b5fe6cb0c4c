"""Terms, writers and the mapping back from RDF, without a database."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kg.errors import InputError
from kg.rdf.from_rdf import to_batch
from kg.rdf.lines import ESCAPES, escape_string, nt_term, record_lines
from kg.rdf.terms import (
    Lit,
    Record,
    label_for_node_labels,
    label_for_types,
    labels_for_iri,
    prop_for,
    python_value,
    record_triples,
    safe_iri,
)
from kg.rdf.validation import RdfValidationError, validate
from kg.rdf.writers import make_writer, turtle_prefixes
from loaders.graph.mapping import MAPPING
from loaders.graph.vocabulary import EVENT_TYPE, GEO, KG, SEM, SF, WGS84

BASE = "http://example.org/id/"
TRICKY = 'He said "enough" \\ then\nleft\r\ttab \x01 \x7f قصف — ok'


def records() -> list[Record]:
    place = Record(
        "Place",
        BASE + "place/hajin",
        {
            "id": "hajin",
            "name": "Hajin",
            "aliases": ["Hajin", "Hajeen"],
            "placeType": "Settlement",
            "lat": 34.69,
            "lon": 40.83,
            "locationUnknown": False,
            "wikidata": "Q3125063",
            "geonames": "169389",
            "location": "ignored: not in the mapping",
        },
    )
    claim = Record(
        "ControlClaim",
        BASE + "claim/c1",
        {
            "id": "c1",
            "quote": TRICKY,
            "startOffset": 3,
            "endOffset": 40,
            "startDate": dt.date(2018, 12, 1),
            "datePrecision": "month",
            "confidence": 0.25,
        },
        [("CONTROLLED_PLACE", BASE + "place/hajin"), ("DERIVED_FROM", BASE + "document/d1")],
        graph=BASE + "document/d1",
    )
    return [place, claim]


def test_lexical_forms_follow_the_mapping_datatypes() -> None:
    triples = record_triples(records()[1])
    objects = {p: o for _, p, o in triples}
    assert objects[str(KG.startOffset)] == Lit("3", str(XSD.integer))
    assert objects[str(KG.confidence)] == Lit("0.25", str(XSD.double))
    assert objects[str(KG.datePrecision)] == str(KG.month)
    assert objects[str(KG.statedStart)] == Lit("2018-12-01", str(XSD.date))
    assert objects[str(KG.quote)] == Lit(TRICKY, None)
    types = {o for _, p, o in triples if p == str(RDF.type)}
    assert types == {str(KG.ControlClaim), str(KG.Claim), str(PROV.Entity)}


def test_place_gets_a_geosparql_point_longitude_first() -> None:
    triples = record_triples(records()[0])
    geom = BASE + "place/hajin#geometry"
    assert (BASE + "place/hajin", str(GEO.hasGeometry), geom) in triples
    assert (geom, str(RDF.type), str(SF.Point)) in triples
    assert (geom, str(GEO.asWKT), Lit("POINT(40.83 34.69)", str(GEO.wktLiteral))) in triples
    links = sorted(o for _, p, o in triples if p == str(SKOS.exactMatch))
    assert links == ["http://www.wikidata.org/entity/Q3125063", "https://sws.geonames.org/169389/"]


def test_names_are_english_and_never_repeated_as_aliases() -> None:
    triples = record_triples(records()[0])
    name = BASE + "place/hajin", str(SKOS.prefLabel), Lit("Hajin", None, "en")
    assert name in triples
    aliases = [o for _, p, o in triples if p == str(SKOS.altLabel)]
    assert aliases == [Lit("Hajeen", None, "en")]
    text = make_writer("ntriples", {}).page(records()[:1])[0]
    assert '"Hajin"@en .' in text and '"Hajeen"@en .' in text


def test_a_claim_states_its_roles_with_its_own_properties() -> None:
    claim = Record(
        "Claim",
        BASE + "claim/c2",
        {"id": "c2", "quote": "q", "datePrecision": "day", "confidence": 1.0},
        [("ATTACKER", BASE + "actor/a"), ("OCCURRED_AT", BASE + "place/p"),
         ("HAS_TYPE", str(EVENT_TYPE) + "attack")],
    )  # fmt: skip
    event = Record("Event", BASE + "event/e", {"id": "e", "datePrecision": "day"},
                   [("ATTACKER", BASE + "actor/a"), ("OCCURRED_AT", BASE + "place/p")])  # fmt: skip
    claim_preds = {p for _, p, _ in record_triples(claim)}
    event_preds = {p for _, p, _ in record_triples(event)}
    assert {str(KG.statedAttacker), str(KG.statedPlace), str(KG.statedType)} <= claim_preds
    assert not any(p.startswith(str(SEM)) for p in claim_preds)
    assert {str(KG.attacker), str(SEM.hasPlace)} <= event_preds


@pytest.mark.parametrize("text", [TRICKY, "plain text", "", "قصف — ok", "\x1f", "a\\b", '"'])
def test_escaping_fast_path_agrees_with_the_full_table(text: str) -> None:
    assert escape_string(text) == text.translate(ESCAPES)
    every_char = "".join(chr(i) for i in range(0x100))
    assert escape_string(every_char) == every_char.translate(ESCAPES)


def _generic_lines(rec: Record, end: str = " .\n") -> list[str]:
    return [f"<{s}> <{p}> {nt_term(o)}{end}" for s, p, o in record_triples(rec)]


def _value(datatype: str, many: bool) -> st.SearchStrategy[object]:
    text = st.text(max_size=12)
    one: st.SearchStrategy[object] = {
        str(XSD.integer): st.integers(),
        str(XSD.double): st.floats() | st.integers(),
        str(XSD.boolean): st.booleans(),
        str(XSD.date): st.dates() | text,
    }.get(datatype, text)
    return st.lists(one, max_size=3) | one if many else one


@st.composite
def _any_record(draw: st.DrawFn) -> Record:
    """A record of any mapped label, with any subset of its properties (odd text, NaN, dates,
    lists) and relationships of types the label has."""
    label = draw(st.sampled_from(sorted(MAPPING.nodes)))
    props = {
        p.key: draw(_value(str(p.datatype), p.many))
        for p in MAPPING.node(label).props
        if draw(st.booleans())
    }
    own = (label, *MAPPING.node(label).extra_labels)
    types = sorted(
        rt.type for rt in MAPPING.rels.values() if any(s in own for s, _ in rt.endpoints)
    )
    rels = (
        draw(st.lists(st.tuples(st.sampled_from(types), st.text(max_size=6)), max_size=4))
        if types
        else []
    )
    iri = BASE + draw(st.text(max_size=8))
    return Record(label, iri, props, [(t, BASE + d) for t, d in rels])


@settings(max_examples=300, deadline=None)
@given(_any_record())
def test_line_formats_write_what_the_generic_path_writes(rec: Record) -> None:
    """N-Triples and N-Quads lines come from per-label formatters; they must be the lines of
    ``record_triples`` and ``nt_term``, byte for byte."""
    assert record_lines(rec) == _generic_lines(rec)
    end = " <http://example.org/g> .\n"
    assert record_lines(rec, end) == _generic_lines(rec, end)


def test_line_formats_agree_on_the_sample_records() -> None:
    for rec in records():
        assert record_lines(rec) == _generic_lines(rec)


def test_unsafe_iri_characters_are_percent_encoded() -> None:
    assert safe_iri("https://x.org/a b<c>") == "https://x.org/a%20b%3Cc%3E"
    assert safe_iri(BASE + "actor/sdf") == BASE + "actor/sdf"


def _serialise(fmt: str) -> str:
    writer = make_writer(fmt, turtle_prefixes(BASE, ["place", "claim", "document"]))
    text, n = writer.page(records())
    assert n == len(record_triples(records()[0])) + len(record_triples(records()[1]))
    return writer.start() + text + writer.end()


RDFLIB = {"ntriples": "nt", "nquads": "nquads", "turtle": "turtle", "trig": "trig"}
OXI = {
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


@pytest.mark.parametrize("fmt", ["ntriples", "nquads", "turtle", "trig", "jsonld"])
def test_every_format_reads_back_the_same_triples(fmt: str) -> None:
    expected = {
        (s, p, o if isinstance(o, str) else (o.lex, o.lang or o.datatype or str(XSD.string)))
        for rec in records()
        for s, p, o in record_triples(rec)
    }
    text = _serialise(fmt)
    ds = Dataset()
    ds.parse(data=text, format=RDFLIB.get(fmt, "json-ld"))
    got = {
        (
            str(s),
            str(p),
            str(o)
            if isinstance(o, URIRef)
            else (str(o), o.language or str(o.datatype or XSD.string)),
        )
        for s, p, o, _ in ds.quads((None, None, None, None))
    }
    assert got == expected
    quads = list(pyoxigraph.parse(io.BytesIO(text.encode()), format=OXI[fmt]))
    assert len(quads) == len(expected)
    assert TRICKY in {q.object.value for q in quads if q.predicate.value == str(KG.quote)}


@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld"])
def test_claims_go_in_their_document_graph(fmt: str) -> None:
    quads = list(pyoxigraph.parse(io.BytesIO(_serialise(fmt).encode()), format=OXI[fmt]))
    graphs = {q.subject.value: getattr(q.graph_name, "value", None) for q in quads}
    assert graphs[BASE + "claim/c1"] == BASE + "document/d1"
    assert graphs[BASE + "place/hajin"] is None


def test_labels_from_types_and_iris() -> None:
    assert label_for_types([str(KG.ControlClaim), str(KG.Claim), str(PROV.Entity)]) == (
        "ControlClaim"
    )
    assert label_for_types([str(KG.Claim), str(PROV.Entity)]) == "Claim"
    assert label_for_types([str(SF.Point)]) is None
    assert label_for_node_labels(["Claim", "ControlClaim"]) == "ControlClaim"
    assert set(labels_for_iri(BASE + "claim/x", BASE)) == {"Claim", "ControlClaim"}
    assert labels_for_iri(str(EVENT_TYPE) + "attack", BASE) == ("EventType",)
    assert labels_for_iri("http://elsewhere.org/actor/x", BASE) == ()


def test_links_are_told_apart_by_prefix() -> None:
    place = MAPPING.node("Place")
    geonames = prop_for(place, str(SKOS.exactMatch), URIRef("https://sws.geonames.org/1/"))
    wikidata = prop_for(place, str(SKOS.exactMatch), URIRef("http://www.wikidata.org/entity/Q1"))
    assert geonames is not None and geonames.key == "geonames"
    assert wikidata is not None and wikidata.key == "wikidata"


def test_python_values_check_the_datatype() -> None:
    lat = MAPPING.node("Place").prop("lat")
    assert python_value(lat, Literal("34.5", datatype=XSD.double)) == 34.5
    with pytest.raises(ValueError, match="datatype"):
        python_value(lat, Literal("34.5"))
    kind = MAPPING.node("Place").prop("placeType")
    assert python_value(kind, KG.Settlement) == "Settlement"
    with pytest.raises(ValueError, match="IRI of the form"):
        python_value(kind, URIRef("http://other.org/Settlement"))
    name = MAPPING.node("Place").prop("name")
    assert python_value(name, Literal("Hajin", lang="en")) == "Hajin"
    with pytest.raises(ValueError, match="language"):
        python_value(name, Literal("Hadschin", lang="de"))
    geonames = MAPPING.node("Place").prop("geonames")
    assert python_value(geonames, URIRef("https://sws.geonames.org/169389/")) == "169389"


def _graph(fmt: str = "turtle") -> Graph:
    g = Graph()
    g.parse(data=_serialise(fmt), format=fmt)
    return g


def test_rdf_maps_back_to_the_same_rows() -> None:
    batch = to_batch(_graph(), BASE, "test")
    rows = {r.iri: r for r in batch.nodes}
    place = rows[BASE + "place/hajin"]
    assert place.label == "Place"
    assert place.props["aliases"] == ["Hajeen", "Hajin"], "the name is back among the aliases"
    assert place.props["lat"] == 34.69 and place.props["geonames"] == "169389"
    assert "location" not in place.props
    claim = rows[BASE + "claim/c1"]
    assert claim.label == "ControlClaim"
    assert claim.props["quote"] == TRICKY
    assert claim.props["startDate"] == dt.date(2018, 12, 1)
    rels = {(r.type, r.src_label, r.dst_label, r.dst) for r in batch.rels}
    assert ("CONTROLLED_PLACE", "ControlClaim", "Place", BASE + "place/hajin") in rels
    assert ("DERIVED_FROM", "ControlClaim", "Document", BASE + "document/d1") in rels


def test_unmapped_triples_are_refused_with_the_triple() -> None:
    g = _graph()
    g.add((URIRef(BASE + "place/hajin"), URIRef("http://other.org/p"), Literal("x")))
    with pytest.raises(InputError, match=r"other\.org/p"):
        to_batch(g, BASE, "test")
    g2 = _graph()
    g2.add((URIRef(BASE + "nothing/x"), KG.quote, Literal("x")))
    with pytest.raises(InputError, match="no class of the ontology"):
        to_batch(g2, BASE, "test")


def test_shapes_reject_a_place_without_a_name(tmp_path: Path) -> None:
    g = _graph()
    g.remove((URIRef(BASE + "place/hajin"), None, Literal("Hajin", lang="en")))
    g.add((URIRef(BASE + "place/hajin"), WGS84.lat, Literal("95.0", datatype=XSD.double)))
    with pytest.raises(RdfValidationError) as info:
        validate(g, "bad.ttl")
    assert "Conforms: False" in info.value.report
    assert "prefLabel" in info.value.report
