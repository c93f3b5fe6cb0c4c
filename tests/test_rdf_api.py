"""HTTP: /rdf dumps and dereferenceable IRIs, with content negotiation, on the seed graph."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pyoxigraph
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from kg.api.app import create_app
from kg.config import Settings
from kg.store import GraphStore
from loaders.graph.mapping import quoted
from tests.rdf_seed_graph import load_seed_graph

pytestmark = [pytest.mark.neo4j, pytest.mark.nlp]  # the seed articles are extracted

KG = "https://w3id.org/conflict-kg/def#"
OXI = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/trig": pyoxigraph.RdfFormat.TRIG,
    "application/n-quads": pyoxigraph.RdfFormat.N_QUADS,
}


@pytest.fixture(scope="module")
def client(store: GraphStore, neo4j_settings: Settings) -> Iterator[TestClient]:
    load_seed_graph(store, neo4j_settings)
    with TestClient(create_app(neo4j_settings)) as c:
        yield c


@pytest.fixture(scope="module")
def ids(client: TestClient, store: GraphStore) -> dict[str, str]:
    """An event and a claim of the seed graph (their ids are content hashes)."""
    event = store.read(f"MATCH (e:{quoted('Event')}) RETURN e.id AS id ORDER BY id LIMIT 1")
    claim = store.read(
        f"MATCH (c:{quoted('Claim')})-[:{quoted('SUPPORTS')}]->() RETURN c.id AS id "
        "ORDER BY id LIMIT 1"
    )
    return {"event": event[0]["id"], "claim": claim[0]["id"]}


def _quads(body: bytes, media_type: str) -> list[pyoxigraph.Quad]:
    return list(pyoxigraph.parse(io.BytesIO(body), format=OXI[media_type]))


@pytest.mark.parametrize(
    ("accept", "query", "media_type", "ext"),
    [
        ("text/turtle", "", "text/turtle", "ttl"),
        ("application/n-triples", "", "application/n-triples", "nt"),
        ("application/ld+json", "", "application/ld+json", "jsonld"),
        ("application/trig", "", "application/trig", "trig"),
        ("application/n-quads", "", "application/n-quads", "nq"),
        ("text/html", "?format=nquads", "application/n-quads", "nq"),
        ("*/*", "", "text/turtle", "ttl"),
    ],
)
def test_dump_is_negotiated(
    client: TestClient, accept: str, query: str, media_type: str, ext: str
) -> None:
    r = client.get(f"/rdf{query}", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert r.headers["content-disposition"] == f'attachment; filename="conflict-kg.{ext}"'
    quads = _quads(r.content, media_type)
    assert len(quads) > 1000
    assert any(q.object.value == KG + "Claim" for q in quads)


def test_dump_refuses_what_it_cannot_serve(client: TestClient) -> None:
    r = client.get("/rdf", headers={"Accept": "text/html"})
    assert r.status_code == 406
    assert r.json()["error"]["code"] == "NOT_ACCEPTABLE"
    assert client.get("/rdf?format=rdfxml").status_code == 406
    assert client.get("/rdf?type=no_such_type").status_code == 400


def _resource(client: TestClient, path: str, accept: str, ext: str) -> bytes:
    r = client.get(path, headers={"Accept": accept}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].endswith(path.replace("/id/", "/doc/") + f".{ext}")
    assert "Accept" in r.headers["vary"]
    doc = client.get(r.headers["location"])
    assert doc.status_code == 200
    assert doc.headers["content-type"].startswith(accept)
    return doc.content


def _graph(body: bytes, fmt: str) -> Graph:
    g = Graph()
    g.parse(data=body.decode("utf-8"), format=fmt)
    return g


def test_actor_iri_in_turtle_carries_the_claims_naming_it(
    client: TestClient, neo4j_settings: Settings
) -> None:
    g = _graph(_resource(client, "/id/actor/islamic-state", "text/turtle", "ttl"), "turtle")
    actor = URIRef(f"{neo4j_settings.namespace}actor/islamic-state")
    assert (actor, None, None) in g
    claims = set(g.subjects(URIRef(KG + "statedAttacker"), actor))
    assert claims, "the claims naming the actor as attacker are part of its description"
    for claim in claims:
        document = g.value(claim, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        source = g.value(claim, URIRef("http://www.w3.org/ns/prov#wasAttributedTo"))
        assert (document, None, URIRef(KG + "Document")) in g
        assert (source, None, URIRef(KG + "Source")) in g


def test_place_iri_in_json_ld(client: TestClient, neo4j_settings: Settings) -> None:
    body = _resource(client, "/id/place/hajin", "application/ld+json", "jsonld")
    assert "@context" in json.loads(body)
    g = _graph(body, "json-ld")
    place = URIRef(f"{neo4j_settings.namespace}place/hajin")
    assert (place, URIRef("http://www.opengis.net/ont/geosparql#hasGeometry"), None) in g
    assert set(g.subjects(URIRef(KG + "statedPlace"), place))


def test_event_iri_as_html(client: TestClient, ids: dict[str, str]) -> None:
    body = _resource(client, f"/id/event/{ids['event']}", "text/html", "html").decode()
    assert body.startswith("<!DOCTYPE html>")
    assert "Claims, documents and sources" in body
    assert "<blockquote>" in body


def test_claim_iri_by_format_parameter(client: TestClient, ids: dict[str, str]) -> None:
    path = f"/id/claim/{ids['claim']}"
    r = client.get(f"{path}?format=ttl", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(".ttl")
    g = _graph(_resource(client, path, "text/turtle", "ttl"), "turtle")
    claims = set(g.subjects(None, URIRef(KG + "Claim")))
    assert {str(c).rsplit("/", 1)[1] for c in claims} == {ids["claim"]}
    assert set(g.subjects(None, URIRef(KG + "Document")))


def test_unknown_iris_are_404(client: TestClient) -> None:
    for path in ("/id/actor/no-such-actor", "/id/dragon/x", "/doc/actor/no-such-actor.ttl"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 404, path
        assert r.json()["error"]["code"] == "NOT_FOUND"
    assert client.get("/doc/actor/islamic-state.xyz").status_code == 404


def test_unsupported_accept_on_an_iri_is_406(client: TestClient) -> None:
    r = client.get("/id/actor/sdf", headers={"Accept": "image/png"}, follow_redirects=False)
    assert r.status_code == 406
    assert client.get("/id/actor/sdf?format=trig", follow_redirects=False).status_code == 406
