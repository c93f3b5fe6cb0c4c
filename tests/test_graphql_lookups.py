"""Look-ups by id, global id, name or alias; traversing fields; search; control; node(id)."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings
from kg.cypher import delete_all
from kg.store import GraphStore
from tests.graphql_client import data, error_codes, gql, patient
from tests.graphql_fixtures import EVENTS, write_fixture

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings, store: GraphStore) -> Iterator[TestClient]:
    store.run_autocommit(delete_all()[0])
    write_fixture(store)
    with TestClient(create_app(patient(neo4j_settings))) as c:
        yield c


def gid(type_name: str, slug: str) -> str:
    return base64.b64encode(f"{type_name}:{slug}".encode()).decode()


@pytest.mark.parametrize(
    "args",
    [
        'id: "syrian-regime"',
        'name: "regime forces"',
        'name: "ASSAD REGIME"',
        'name: "Syrian regime"',
    ],
)
def test_actor_by_id_name_or_alias(client: TestClient, args: str) -> None:
    got = data(client, f"{{ actor({args}) {{ slug name iri id }} }}")["actor"]
    assert got["slug"] == "syrian-regime"
    assert got["iri"] == "http://kg.test/id/actor/syrian-regime"
    assert got["id"] == gid("Actor", "syrian-regime")


def test_global_ids_round_trip_through_node(client: TestClient) -> None:
    for type_name, slug in [
        ("Event", "ev-hajin-clash"),
        ("Place", "hajin"),
        ("Source", "sohr"),
        ("Document", "doc-dod-1"),
        ("Claim", "ev-hajin-strike-c0"),
        ("ControlClaim", "ctl-hajin-sdf"),
    ]:
        got = data(
            client,
            "query($id: ID!) { node(id: $id) { __typename id slug } }",
            {"id": gid(type_name, slug)},
        )
        assert got["node"] == {"__typename": type_name, "id": gid(type_name, slug), "slug": slug}


@pytest.mark.parametrize(
    "query",
    [
        '{ actor(id: "no-such-actor") { slug } }',
        '{ actor(name: "nobody at all") { slug } }',
        '{ place(id: "atlantis") { slug } }',
        '{ source(id: "nobody") { slug } }',
        '{ document(id: "missing") { slug } }',
        '{ node(id: "not base64 at all!") { id } }',
        f'{{ node(id: "{gid("Event", "no-such-event")}") {{ id }} }}',
        f'{{ actor(id: "{gid("Place", "hajin")}") {{ slug }} }}',
    ],
)
def test_unknown_ids_are_null_without_error(client: TestClient, query: str) -> None:
    body = gql(client, query)
    assert "errors" not in body
    assert list(body["data"].values()) == [None]


def test_lookup_needs_exactly_one_of_id_and_name(client: TestClient) -> None:
    body = gql(client, '{ actor(id: "sdf", name: "SDF") { slug } }')
    assert error_codes(body) == ["BAD_ARGUMENT"]
    assert "id" in body["errors"][0]["message"]


def test_an_actors_events_by_role_include_its_subgroups(client: TestClient) -> None:
    query = """{ actor(id: "syrian-regime") { subgroups { slug }
        asTarget: events(role: TARGET) { nodes { slug } }
        direct: events(role: TARGET, includeSubgroups: false) { nodes { slug } }
        asAttacker: events(role: ATTACKER) { nodes { slug } } } }"""
    got = data(client, query)["actor"]
    assert [a["slug"] for a in got["subgroups"]] == ["pro-regime-militias", "syrian-arab-army"]
    regime = {"syrian-regime", "syrian-arab-army", "pro-regime-militias"}
    assert {e["slug"] for e in got["asTarget"]["nodes"]} == {
        k for k, e in EVENTS.items() if regime & set(e.targets)
    }
    assert [e["slug"] for e in got["direct"]["nodes"]] == ["ev-raqqa-regime"]
    assert got["asAttacker"]["nodes"] == []


def test_a_places_sub_places_and_events(client: TestClient) -> None:
    query = """{ place(name: "Abu Kamal District") { partOf { slug } subPlaces { slug }
        events(first: 100) { nodes { slug } } } }"""
    got = data(client, query)["place"]
    assert got["partOf"] == [{"slug": "deir-ez-zor-governorate"}]
    assert [p["slug"] for p in got["subPlaces"]] == ["abu-kamal", "hajin"]
    assert {e["slug"] for e in got["events"]["nodes"]} == {
        k for k, e in EVENTS.items() if {"abu-kamal", "hajin"} & set(e.places)
    }


def test_a_sources_claims_and_a_documents_claims(client: TestClient) -> None:
    query = """{ source(name: "Pentagon") { documents { slug }
          claims(first: 10) { nodes { __typename slug } } }
        document(id: "doc-dod-1") { title publisher { slug } claims { slug } } }"""
    got = data(client, query)
    assert got["source"]["documents"] == [{"slug": "doc-dod-1"}]
    claims = {(c["__typename"], c["slug"]) for c in got["source"]["claims"]["nodes"]}
    assert claims == {
        ("Claim", "ev-hajin-strike-c0"),
        ("Claim", "ev-hajin-clash-c0"),
        ("ControlClaim", "ctl-hajin-sdf"),
    }
    assert got["document"]["publisher"] == {"slug": "us-department-of-defense"}
    assert {c["slug"] for c in got["document"]["claims"]} == {
        "ev-hajin-strike-c0",
        "ev-hajin-clash-c0",
        "ctl-hajin-sdf",
    }


def test_a_claim_leads_back_to_its_event(client: TestClient) -> None:
    query = f"""{{ node(id: "{gid("Claim", "ev-hajin-strike-c1")}") {{ ... on Claim {{
        quote startOffset endOffset confidence source {{ slug }} extraction {{ method version }}
        casualties {{ count qualifier kind }} event {{ slug sourceCount }} }} }} }}"""
    got = data(client, query)["node"]
    assert got["quote"] == EVENTS["ev-hajin-strike"].claims[1].quote
    assert got["endOffset"] - got["startOffset"] == len(got["quote"])
    assert got["casualties"] == [{"count": 7, "qualifier": "exact", "kind": "killed"}]
    assert got["event"] == {"slug": "ev-hajin-strike", "sourceCount": 2}
    assert got["extraction"] == {"method": "rules", "version": "1"}


def test_search_finds_names_aliases_and_quotes(client: TestClient) -> None:
    query = '{ search(text: "Daesh") { match score node { __typename slug } } }'
    found = data(client, query)["search"]
    hits = [(h["match"], h["node"]["__typename"], h["node"]["slug"]) for h in found]
    # The alias first, as the name resolver matches it; then the quote, found by full text.
    assert hits[0] == ("EXACT", "Actor", "islamic-state")
    assert ("TEXT", "Claim", "ev-abukamal-ndf-c0") in hits
    text_scores = [h["score"] for h in found if h["match"] == "TEXT"]
    assert text_scores == sorted(text_scores, reverse=True)


@pytest.mark.parametrize(
    ("at", "controller", "source"),
    [("2018-03-15", "islamic-state", "sohr"), ("2018-12-14", "sdf", "us-department-of-defense")],
)
def test_who_controlled_a_place_at_a_date(
    client: TestClient, at: str, controller: str, source: str
) -> None:
    query = """query($at: Date) { control(place: "Hajin", at: $at) {
        controllers { slug } places { slug } source { slug } quote } }"""
    got = data(client, query, {"at": at})["control"]
    assert got == [
        {
            "controllers": [{"slug": controller}],
            "places": [{"slug": "hajin"}],
            "source": {"slug": source},
            "quote": got[0]["quote"],
        }
    ]


def test_control_between_statements_is_the_last_word_before_the_date(client: TestClient) -> None:
    # June 2018: no claim covers it; the latest one before is SOHR's for March (IS).
    got = data(client, '{ control(place: "hajin", at: "2018-06-01") { slug } }')["control"]
    assert got == [{"slug": "ctl-hajin-is"}]
    assert data(client, '{ control(place: "hajin", at: "2017-01-01") { slug } }')["control"] == []
    everything = data(client, '{ control(place: "hajin") { slug } }')["control"]
    assert [c["slug"] for c in everything] == ["ctl-hajin-sdf", "ctl-hajin-is"]
    assert data(client, '{ control(place: "atlantis") { slug } }')["control"] == []


def test_control_of_a_village_includes_claims_about_places_containing_it(
    neo4j_settings: Settings, client: TestClient, store: GraphStore
) -> None:
    from loaders.graph.batch import GraphBatch
    from tests.graphql_fixtures import iri

    # The SDF's statement now also names the district that contains Abu Kamal.
    batch = GraphBatch()
    batch.add_rel(
        "CONTROLLED_PLACE",
        "ControlClaim",
        iri("ControlClaim", "ctl-hajin-sdf"),
        "Place",
        iri("Place", "abu-kamal-district"),
    )
    store.write_batch(batch)
    got = data(client, '{ control(place: "abu-kamal", at: "2018-12-14") { slug } }')["control"]
    assert got == [{"slug": "ctl-hajin-sdf"}]
