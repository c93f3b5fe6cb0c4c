"""The browse connections (actors, places, sources, documents, event types, claims) and the
nested connections (an actor's or a place's events, a source's claims) on the fixture graph:
filters, orders, cursors and totals, with expected answers read off the fixture's tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings
from kg.cypher import delete_all
from kg.store import GraphStore
from tests.graphql_client import data, error_codes, gql, patient
from tests.graphql_fixtures import ACTORS, CONTROL, DOCUMENTS, EVENTS, PLACES, write_fixture

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings, store: GraphStore) -> Iterator[TestClient]:
    store.run_autocommit(delete_all()[0])
    write_fixture(store)
    with TestClient(create_app(patient(neo4j_settings))) as c:
        yield c


def walk(client: TestClient, field: str, args: str, first: int) -> tuple[list[str], int]:
    """Every slug of a connection, page by page; and its totalCount."""
    seen: list[str] = []
    after: str | None = None
    total = -1
    while True:
        query = f"""query($after: String) {{ {field}({args} first: {first}, after: $after) {{
            totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ slug }} }} }} }}"""
        conn = data(client, query, {"after": after})[field]
        seen += [e["node"]["slug"] for e in conn["edges"]]
        total = conn["totalCount"]
        if not conn["pageInfo"]["hasNextPage"]:
            return seen, total
        after = conn["pageInfo"]["endCursor"]


def test_actors_page_by_name_with_every_actor_once(client: TestClient) -> None:
    seen, total = walk(client, "actors", "", 3)
    assert seen == sorted(ACTORS, key=lambda a: (ACTORS[a][0], a))
    assert total == len(ACTORS)


def test_actors_filters_part_of_text_and_order_by_events(client: TestClient) -> None:
    query = """{ regime: actors(filter: {partOf: ["regime forces"]}) { nodes { slug } }
        text: actors(filter: {text: "coalit"}) { nodes { slug } }
        busiest: actors(orderBy: EVENTS_DESC, first: 1) { nodes { slug } } }"""
    got = data(client, query)
    assert {a["slug"] for a in got["regime"]["nodes"]} == {
        "syrian-regime",
        "syrian-arab-army",
        "pro-regime-militias",
    }
    # "the coalition" is an alias of the US-led coalition; nothing else contains "coalit".
    assert got["text"]["nodes"] == [{"slug": "us-led-coalition"}]
    counts = {a: sum(a in (*e.attackers, *e.targets) for e in EVENTS.values()) for a in ACTORS}
    assert got["busiest"]["nodes"] == [{"slug": max(counts, key=lambda a: counts[a])}]


def test_places_within_a_governorate_near_and_in_a_box(client: TestClient) -> None:
    query = """{ inside: places(filter: {within: ["Deir ez-Zor Governorate"], types: ["City"]}) {
          nodes { slug } }
        box: places(filter: {bbox: {west: 40.7, south: 34.4, east: 41.0, north: 34.8}}) {
          nodes { slug } } }"""
    got = data(client, query)
    assert [p["slug"] for p in got["inside"]["nodes"]] == ["abu-kamal", "al-mayadin"]
    in_box = {p for p, v in PLACES.items() if 40.7 <= v[3] <= 41.0 and 34.4 <= v[2] <= 34.8}
    assert {p["slug"] for p in got["box"]["nodes"]} == in_box


def test_sources_documents_and_event_types(client: TestClient) -> None:
    query = """{ sources(filter: {types: ["Organization"]}, orderBy: CLAIMS_DESC, first: 1) {
          nodes { slug } }
        documents(filter: {from: "2018-12-01", publishers: ["Pentagon"]}) {
          totalCount nodes { slug title publisher { slug } } }
        late: documents(orderBy: DATE_DESC, first: 1) { nodes { slug } }
        eventTypes(filter: {broader: ["attack"]}) { nodes { slug } } }"""
    got = data(client, query)
    by_source: dict[str, int] = {}
    for e in EVENTS.values():
        for c in e.claims:
            by_source[c.source] = by_source.get(c.source, 0) + 1
    assert got["sources"]["nodes"] == [{"slug": max(by_source, key=lambda s: by_source[s])}]
    assert got["documents"]["totalCount"] == 1
    assert got["documents"]["nodes"][0]["title"] == DOCUMENTS["doc-dod-1"][0]
    assert got["late"]["nodes"] == [{"slug": "doc-dod-1"}]
    assert {t["slug"] for t in got["eventTypes"]["nodes"]} == {"attack", "air_strike", "shelling"}


def test_claims_by_source_type_and_dates(client: TestClient) -> None:
    query = """{ claims(filter: {accordingTo: ["SOHR"], types: ["attack"], from: "2018-03-01",
        to: "2018-03-31"}, orderBy: DATE_ASC, first: 50) {
          totalCount nodes { __typename slug quote source { slug } } } }"""
    got = data(client, query)["claims"]
    expected = {
        f"{k}-c{i}"
        for k, e in EVENTS.items()
        for i, c in enumerate(e.claims)
        if c.source in ("sohr", "rami-abdul-rahman")
        and e.start <= dt_(2018, 3, 31)
        and e.end >= dt_(2018, 3, 1)
        and e.type != "armed_clash"
    }
    assert {c["slug"] for c in got["nodes"]} == expected
    assert got["totalCount"] == len(expected)


def test_claims_by_words_and_control_claims_of_a_document(client: TestClient) -> None:
    query = """{ words: claims(filter: {text: "warplanes"}) { nodes { slug } }
        doc: claims(filter: {documents: ["doc-dod-1"]}, first: 50) {
          nodes { __typename slug } } }"""
    got = data(client, query)
    assert got["words"]["nodes"] == [{"slug": "ev-hajin-strike-c1"}]
    in_doc = {
        f"{k}-c{i}"
        for k, e in EVENTS.items()
        for i, c in enumerate(e.claims)
        if c.doc == "doc-dod-1"
    }
    in_doc |= {k for k, v in CONTROL.items() if v[6] == "doc-dod-1"}
    assert {c["slug"] for c in got["doc"]["nodes"]} == in_doc
    assert {"ControlClaim"} == {
        c["__typename"] for c in got["doc"]["nodes"] if c["slug"].startswith("ctl-")
    }


def test_nested_event_connections_page_with_cursors(client: TestClient) -> None:
    expected = sorted(
        (k for k, e in EVENTS.items() if "islamic-state" in e.attackers),
        key=lambda k: (EVENTS[k].start, k),
    )
    seen: list[str] = []
    after: str | None = None
    while True:
        query = """query($after: String) { actor(id: "islamic-state") {
            events(role: ATTACKER, first: 2, after: $after) {
              totalCount pageInfo { hasNextPage endCursor } nodes { slug } } } }"""
        conn = data(client, query, {"after": after})["actor"]["events"]
        assert conn["totalCount"] == len(expected)
        seen += [e["slug"] for e in conn["nodes"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == expected


def test_a_places_events_and_a_sources_claims_page(client: TestClient) -> None:
    query = """{ place(id: "hajin") { events(first: 1, orderBy: DATE_DESC) {
          totalCount pageInfo { hasNextPage } nodes { slug } } }
        source(id: "sohr") { claims(first: 2) { totalCount pageInfo { hasNextPage }
          nodes { slug } } } }"""
    got = data(client, query)
    at_hajin = [k for k, e in EVENTS.items() if "hajin" in e.places]
    events = got["place"]["events"]
    assert events["totalCount"] == len(at_hajin)
    assert events["nodes"] == [{"slug": max(at_hajin, key=lambda k: (EVENTS[k].start, k))}]
    assert events["pageInfo"]["hasNextPage"] is True
    claims = got["source"]["claims"]
    sohr = [
        1 for e in EVENTS.values() for c in e.claims if c.source in ("sohr", "rami-abdul-rahman")
    ]
    sohr += [1 for v in CONTROL.values() if v[5] == "sohr"]
    assert claims["totalCount"] == len(sohr)
    assert len(claims["nodes"]) == 2 and claims["pageInfo"]["hasNextPage"]


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ('{ actors(filter: {partOf: ["no such group"]}) { totalCount } }', "filter.partOf"),
        ('{ places(filter: {within: ["Atlantis"]}) { totalCount } }', "filter.within"),
        ('{ documents(filter: {publishers: ["Nobody"]}) { totalCount } }', "filter.publishers"),
        ("{ actors(first: 101) { totalCount } }", "first"),
        ('{ claims(after: "nope") { totalCount } }', "after"),
        ("{ sources(orderBy: EVENTS_DESC) { totalCount } }", "orderBy"),
    ],
)
def test_bad_browse_arguments_name_the_argument(
    client: TestClient, query: str, argument: str
) -> None:
    body: dict[str, Any] = gql(client, query)
    assert error_codes(body) == ["BAD_ARGUMENT"]
    assert f"invalid argument {argument}:" in body["errors"][0]["message"]


def dt_(y: int, m: int, d: int) -> Any:
    import datetime as dt

    return dt.date(y, m, d)
