"""The ontology at /def and its concepts at /def/{scheme}/{id} dereference (no database)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pyoxigraph
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg.api.app import create_app
from kg.config import Settings
from kg.rdf.ontology_html import anchor
from loaders.graph.vocabulary import ACLED, CAMEO, EVENT_TYPE, EVENT_TYPES, KG

ONTOLOGY = "https://w3id.org/conflict-kg/def"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(
        NEO4J_URI="bolt://127.0.0.1:9", NEO4J_PASSWORD="unused", KG_BASE_IRI="https://x.org/id/"
    )
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def turtle(client: TestClient) -> Graph:
    r = client.get("/def", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    return Graph().parse(data=r.text, format="turtle")


@pytest.mark.parametrize(
    ("accept", "media_type", "parse_as"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("*/*", "text/turtle", "turtle"),
    ],
)
def test_the_ontology_is_negotiated(
    client: TestClient, turtle: Graph, accept: str, media_type: str, parse_as: str
) -> None:
    r = client.get("/def", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media_type)
    assert "Accept" in r.headers["vary"]
    g = Graph().parse(data=r.text, format=parse_as)
    assert (URIRef(ONTOLOGY), RDF.type, OWL.Ontology) in g
    assert len(g) == len(turtle)


def test_every_term_has_an_anchor_in_the_html_page(client: TestClient, turtle: Graph) -> None:
    r = client.get("/def", headers={"Accept": "text/html,application/xhtml+xml;q=0.9"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    terms = {s for s in turtle.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}
    assert KG.Actor in terms and KG.statedAttacker in terms and KG.transitivelyPartOf in terms
    for term in terms:
        assert f'id="{anchor(str(term))}"' in r.text, term
    # Links to the vocabulary go to this deployment's /def.
    assert 'href="https://x.org/def#Actor"' in r.text


def test_the_ontology_by_extension(client: TestClient) -> None:
    for ext, media_type in (("ttl", "text/turtle"), ("rdf", "application/rdf+xml"),
                            ("html", "text/html"), ("jsonld", "application/ld+json")):  # fmt: skip
        r = client.get(f"/def.{ext}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(media_type), ext
    assert client.get("/def.xyz").status_code == 404


@pytest.mark.parametrize(
    ("path", "iri"),
    [
        ("/def/event-type/air_strike", EVENT_TYPE.air_strike),
        ("/def/acled/armed_clash", ACLED.armed_clash),
        ("/def/cameo/0874", CAMEO["0874"]),
    ],
)
def test_concept_iris_dereference(client: TestClient, path: str, iri: URIRef) -> None:
    r = client.get(path, headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(f"{path}.ttl")
    doc = client.get(r.headers["location"])
    assert doc.status_code == 200
    g = Graph().parse(data=doc.text, format="turtle")
    assert (iri, RDF.type, SKOS.Concept) in g
    label = g.value(iri, SKOS.prefLabel)
    assert label is not None and label.language == "en"
    html = client.get(path, headers={"Accept": "text/html"}, follow_redirects=True)
    assert html.status_code == 200 and "<table>" in html.text


def test_an_event_type_names_its_acled_and_cameo_matches(client: TestClient) -> None:
    doc = client.get("/def/event-type/shelling.jsonld")
    assert doc.status_code == 200
    g = Graph().parse(data=doc.text, format="json-ld")
    shelling = EVENT_TYPE.shelling
    assert (shelling, SKOS.exactMatch, ACLED.shelling_artillery_missile_attack) in g
    assert (shelling, SKOS.closeMatch, CAMEO["194"]) in g
    assert (shelling, SKOS.inScheme, KG.eventTypeScheme) in g
    # The targets' names come with it.
    assert g.value(CAMEO["194"], SKOS.prefLabel) is not None


def test_a_scheme_lists_its_concepts(client: TestClient) -> None:
    r = client.get("/def/event-type/", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    quads = list(pyoxigraph.parse(io.BytesIO(r.content), format=pyoxigraph.RdfFormat.N_TRIPLES))
    concepts = {q.subject.value for q in quads if q.object.value == str(SKOS.Concept)}
    assert {str(EVENT_TYPE[t]) for t in EVENT_TYPES} <= concepts


def test_unknown_terms_and_formats(client: TestClient) -> None:
    for path in ("/def/event-type/dragon_attack", "/def/nothing/x", "/def/nothing/",
                 "/def/cameo/0874.xyz"):  # fmt: skip
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 404, path
        assert json.loads(r.text)["error"]["code"] == "NOT_FOUND"
    assert client.get("/def", headers={"Accept": "image/png"}).status_code == 406
