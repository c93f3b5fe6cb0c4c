"""Names that resolve (one resolver for search, look-ups and filters) and evidence in context
(a document's text, a claim's sentence, its attribution chain and stance)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings
from kg.cypher import delete_all
from kg.store import GraphStore
from loaders.names import name_keys
from tests.graphql_client import data, error_codes, gql, patient
from tests.graphql_fixtures import EVENTS, document_text, write_fixture

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings, store: GraphStore) -> Iterator[TestClient]:
    store.run_autocommit(delete_all()[0])
    write_fixture(store)
    with TestClient(create_app(patient(neo4j_settings))) as c:
        yield c


def events_at(client: TestClient, places: list[str]) -> set[str]:
    query = "query($p: [String!]) { events(filter: {places: $p}) { nodes { slug } } }"
    return {e["slug"] for e in data(client, query, {"p": places})["events"]["nodes"]}


def test_name_keys_absorb_articles_generic_words_and_transliteration() -> None:
    assert name_keys("Hasakah") == name_keys("Al-Hasakah Governorate") == name_keys("al-Hasaka")
    assert name_keys("Khalid bin al-Walid") == name_keys("Khalid ibn al-Walid Army")
    assert name_keys("Baghouz") <= name_keys("Albaghouz")
    assert name_keys("Raqqa") != name_keys("Hasakah")


@pytest.mark.parametrize("name", ["Hasakah", "al-Hasaka", "HASAKAH GOVERNORATE", "Hasaka province"])
def test_a_place_name_covers_the_city_and_the_governorate(client: TestClient, name: str) -> None:
    # The ambush is at the governorate; "Hasakah" is also the city's alias.
    assert events_at(client, [name]) == {"ev-hasakah-ambush"}


def test_lookups_use_the_same_resolver_as_search(client: TestClient) -> None:
    query = """{ a: actor(name: "Khalid bin al-Walid") { slug }
        s: search(text: "Khalid bin al-Walid", first: 3) { match node { slug } }
        city: place(name: "Hasakah") { slug }
        gov: place(name: "Hasakah Governorate") { slug } }"""
    got = data(client, query)
    assert got["a"] == {"slug": "khalid-ibn-al-walid-army"}
    assert got["s"][0] == {"match": "VARIANT", "node": {"slug": "khalid-ibn-al-walid-army"}}
    # An exact alias beats a spelling variant: the city, not the governorate.
    assert got["city"] == {"slug": "al-hasakah"}
    assert got["gov"] == {"slug": "al-hasakah-governorate"}


def test_an_unknown_name_lists_candidates_and_an_ambiguous_lookup_too(
    client: TestClient,
) -> None:
    body = gql(client, '{ events(filter: {places: ["Hajn"]}) { totalCount } }')
    assert error_codes(body) == ["BAD_ARGUMENT"]
    error = body["errors"][0]
    assert "filter.places" in error["message"] and "did you mean" in error["message"]
    assert "hajin" in [c["id"] for c in error["extensions"]["candidates"]]
    # A spelling variant whose generic words agree picks one: the city, not the governorate.
    assert data(client, '{ place(name: "al-Hasaka") { slug } }')["place"] == {"slug": "al-hasakah"}


def test_a_name_two_places_share_is_an_error_in_a_lookup_and_both_in_a_filter(
    neo4j_settings: Settings, client: TestClient, store: GraphStore
) -> None:
    from loaders.graph.batch import GraphBatch
    from tests.graphql_fixtures import iri

    batch = GraphBatch()
    batch.add_node("Place", iri("Place", "hajin-2"), id="hajin-2", name="Hajin", placeType="Town")
    store.write_batch(batch)
    try:
        with TestClient(create_app(patient(neo4j_settings))) as fresh:
            body = gql(fresh, '{ place(name: "HAJIN") { slug } }')
            assert error_codes(body) == ["BAD_ARGUMENT"]
            ids = {c["id"] for c in body["errors"][0]["extensions"]["candidates"]}
            assert ids == {"hajin", "hajin-2"}
            assert events_at(fresh, ["Hajin"]) == {
                k for k, e in EVENTS.items() if "hajin" in e.places
            }
    finally:
        store.write([("MATCH (p:Place {id: 'hajin-2'}) DETACH DELETE p", {})])


def test_new_names_are_found_without_a_restart(client: TestClient, store: GraphStore) -> None:
    from loaders.graph.batch import GraphBatch
    from tests.graphql_fixtures import iri

    assert data(client, '{ actor(name: "Liwa al-Test") { slug } }')["actor"] is None
    batch = GraphBatch()
    batch.add_node(
        "Actor", iri("Actor", "liwa-test"), id="liwa-test", name="Liwa al-Test", actorType="X"
    )
    store.write_batch(batch)
    import time

    time.sleep(2.1)  # a miss re-reads the names at most every two seconds
    assert data(client, '{ actor(name: "Liwa al-Test") { slug } }')["actor"] == {
        "slug": "liwa-test"
    }


def test_document_text_window_and_claim_context(client: TestClient) -> None:
    text, offsets = document_text("doc-dod-1")
    quote = EVENTS["ev-hajin-strike"].claims[0].quote
    query = """{ document(id: "doc-dod-1") { text { text totalLength start }
          part: text(start: 5, length: 10) { text start } }
        node(id: "Q2xhaW06ZXYtaGFqaW4tc3RyaWtlLWMw") { ... on Claim { quote
          context { sentence quoteStart quoteEnd startOffset endOffset } } } }"""
    got = data(client, query)
    assert got["document"]["text"] == {"text": text, "totalLength": len(text), "start": 0}
    assert got["document"]["part"] == {"text": text[5:15], "start": 5}
    ctx = got["node"]["context"]
    assert ctx["sentence"] == f"Reporters wrote that {quote}, witnesses said."
    assert ctx["sentence"][ctx["quoteStart"] : ctx["quoteEnd"]] == quote
    assert text[ctx["startOffset"] : ctx["endOffset"]] == ctx["sentence"]
    assert offsets[quote] == ctx["startOffset"] + ctx["quoteStart"]


def test_attribution_chain_and_stance(client: TestClient) -> None:
    query = """query($a: ID!, $b: ID!, $c: ID!) {
      own: node(id: $a) { ... on Claim { attribution {
        stance original { slug } relays { slug } } } }
      relayed: node(id: $b) { ... on Claim { attribution { stance chain { slug }
        original { slug } organisations { slug } relays { slug } } } }
      third: node(id: $c) { ... on Claim { attribution { stance } } } }"""
    import base64

    def gid(slug: str) -> str:
        return base64.b64encode(f"Claim:{slug}".encode()).decode()

    got = data(
        client,
        query,
        {
            "a": gid("ev-hajin-strike-c0"),
            "b": gid("ev-mayadin-saa-c0"),
            "c": gid("ev-hajin-strike-c1"),
        },
    )
    # The Pentagon on a US strike: the attacker's side, published by itself (no relay).
    assert got["own"]["attribution"] == {
        "stance": "ATTACKER_SIDE",
        "original": {"slug": "us-department-of-defense"},
        "relays": [],
    }
    # SOHR's director, in an AFP article: person, then organisation, then the relay.
    relayed = got["relayed"]["attribution"]
    assert relayed["chain"] == [
        {"slug": "rami-abdul-rahman"},
        {"slug": "sohr"},
        {"slug": "afp"},
    ]
    assert relayed["organisations"] == [{"slug": "sohr"}]
    assert relayed["relays"] == [{"slug": "afp"}]
    assert relayed["stance"] == "THIRD_PARTY"
    assert got["third"]["attribution"]["stance"] == "THIRD_PARTY"
