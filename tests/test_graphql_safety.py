"""Efficiency and safety of the API: bounded round trips, injection, limits, timeouts,
production settings and a stable error code when Neo4j is down."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.api.names import NameResolver
from kg.config import Settings
from kg.store import GraphStore, QueryError
from tests.graphql_client import data, error_codes, gql, patient
from tests.graphql_fixtures import EVENTS, write_fixture
from tests.neo4j_fixture import free_port

T = TypeVar("T")


class CountingStore(GraphStore):
    """A real store that counts the Cypher round trips made through it."""

    calls = 0

    def read_tx(self, work: Callable[[Any], T], *args: Any, **kwargs: Any) -> T:
        # Every read goes through here, ``read`` included.
        CountingStore.calls += 1
        return super().read_tx(work, *args, **kwargs)


NESTED = """{ events(first: 50) { edges { node { slug attackers { slug } targets { slug }
    places { slug } claims { quote source { slug } document { title } } } } } }"""
# The same fields reached through a traversal: served by DataLoaders, one query per field.
TRAVERSED = """{ actor(id: "islamic-state") { events(role: ATTACKER, first: 50) { nodes { slug
    attackers { slug } targets { slug } places { slug }
    claims { quote source { slug } document { title } } } } } }"""


# The nested connections: one page query for all parents, however many they are.
NESTED_CONNECTIONS = {
    """{ actors(first: 50) { nodes { slug events(first: 5) { totalCount nodes { slug
        attackers { slug } places { slug } claims { source { slug } document { title } } } } } }
    }""": 2,
    """{ places(first: 50) { nodes { events(first: 5, includeSubPlaces: false) { nodes {
        slug claims { quote } } } } } }""": 2,
    """{ sources(first: 20) { nodes { claims(first: 5) { totalCount nodes { slug
        ... on Claim { event { slug } } } } } } }""": 3,
    """{ events(first: 50) { nodes { claims { context { sentence }
        attribution { stance chain { slug } } } } } }""": 3,
}


@pytest.fixture
def counting_client(neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(patient(neo4j_settings))) as c:
        c.app.state.store.close()  # type: ignore[attr-defined]
        c.app.state.store = CountingStore.from_settings(patient(neo4j_settings))  # type: ignore[attr-defined]
        c.app.state.names = NameResolver(lambda st: c.app.state.store.read(*st))  # type: ignore[attr-defined]
        yield c


def _round_trips(client: TestClient, query: str) -> tuple[int, list[dict[str, Any]]]:
    CountingStore.calls = 0
    got = data(client, query)
    events = got["events"]["edges"] if "events" in got else got["actor"]["events"]["nodes"]
    return CountingStore.calls, [e.get("node", e) for e in events]


@pytest.mark.neo4j
def test_round_trips_do_not_grow_with_the_number_of_events(
    clean_store: GraphStore, counting_client: TestClient
) -> None:
    write_fixture(clean_store, extra_events=2)
    small = {q: _round_trips(counting_client, q) for q in (NESTED, TRAVERSED)}
    write_fixture(clean_store, extra_events=120)
    big = {q: _round_trips(counting_client, q) for q in (NESTED, TRAVERSED)}
    assert len(small[NESTED][1]) == len(EVENTS) + 2
    for query in (NESTED, TRAVERSED):
        events = big[query][1]
        assert len(events) == 50
        claims = [c for e in events for c in e["claims"]]
        assert len(claims) > len(events)  # fillers have two claims each: really nested
        assert all(c["source"] and c["document"] for c in claims)
        assert all(e["attackers"] and e["places"] for e in events)
    # events: the page with the roles and claims its selection asks for, one query.
    assert small[NESTED][0] == big[NESTED][0] == 1
    # traversal: the actor, then its page of events with their roles and claims.
    assert small[TRAVERSED][0] == big[TRAVERSED][0] == 2


@pytest.mark.neo4j
def test_nested_connections_cost_a_fixed_number_of_queries(
    clean_store: GraphStore, counting_client: TestClient
) -> None:
    def trips() -> dict[str, tuple[int, int]]:
        out = {}
        for query in NESTED_CONNECTIONS:
            CountingStore.calls = 0
            got = data(counting_client, query)
            out[query] = (CountingStore.calls, len(json.dumps(got)))
        return out

    write_fixture(clean_store, extra_events=2)
    small = trips()
    write_fixture(clean_store, extra_events=120)
    big = trips()
    for query, expected in NESTED_CONNECTIONS.items():
        assert small[query][0] == big[query][0] == expected, query
        assert big[query][1] >= small[query][1]  # the answers grew, the round trips did not


INJECTION = "'}) MATCH (n) DETACH DELETE n //"
INJECTION_2 = '"}) CALL { MATCH (n) DETACH DELETE n } RETURN 1 AS x //'


def _graph_size(store: GraphStore) -> tuple[int, int]:
    row = store.read("RETURN COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[r]->() } AS rels")[0]
    return row["nodes"], row["rels"]


def _injected_queries(s: str) -> list[tuple[str, dict[str, Any]]]:
    flt = {key: [s] for key in ("types", "attackers", "targets", "actors", "places", "accordingTo")}
    events = "query($f: EventFilter, $a: String) { events(filter: $f, after: $a) { totalCount } }"
    matrix = "query($f: EventFilter) { whoAttackedWhom(filter: $f) { events } }"
    lookups = """query($s: String!, $id: ID!) { actor(id: $s) { slug } a2: actor(name: $s) { slug }
      place(id: $s) { slug } p2: place(name: $s) { slug } source(id: $s) { slug }
      s2: source(name: $s) { slug } document(id: $s) { slug } node(id: $id) { id }
      search(text: $s) { score } control(place: $s) { slug } }"""
    return [
        (events, {"f": flt}),
        (events, {"f": {"text": s}}),
        (events, {"a": s}),
        (matrix, {"f": flt}),
        (lookups, {"s": s, "id": s}),
    ]


@pytest.mark.neo4j
@pytest.mark.parametrize("payload", [INJECTION, INJECTION_2])
def test_injection_strings_in_every_string_argument_change_nothing(
    neo4j_settings: Settings, clean_store: GraphStore, payload: str
) -> None:
    write_fixture(clean_store)
    before = _graph_size(clean_store)
    with TestClient(create_app(patient(neo4j_settings))) as client:
        for query, variables in _injected_queries(payload):
            body = gql(client, query, variables)
            # Either an answer, or a clear complaint about the argument: never a crash.
            assert set(error_codes(body)) <= {"BAD_ARGUMENT"}, body
            if "errors" not in body:
                assert body["data"]
        text_hits = data(
            client, "query($s: String!) { search(text: $s) { score } }", {"s": payload}
        )
        assert isinstance(text_hits["search"], list)
    assert _graph_size(clean_store) == before
    assert before[0] >= 50


@pytest.mark.neo4j
def test_reads_run_in_read_only_transactions(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.read("CREATE (:Actor {iri: 'urn:test:written'})")
    assert store.read("MATCH (a:Actor {iri: 'urn:test:written'}) RETURN a") == []


def _deep(levels: int) -> str:
    inner = "slug"
    for i in range(levels):
        inner = (
            f"events(first: 1) {{ nodes {{ places {{ {inner} }} }} }}"
            if i % 2
            else f"subPlaces(first: 1) {{ {inner} }}"
        )
    return f'{{ place(id: "syria") {{ {inner} }} }}'


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("query", "code", "words"),
    [
        (_deep(12), "QUERY_TOO_DEEP", "levels deep"),
        (
            """{ events(first: 100) { edges { node { attackers { events(first: 100) {
                nodes { claims { quote source { name } document { title } } } } } } } } }""",
            "QUERY_TOO_COSTLY",
            "could return about",
        ),
        (
            "{ " + " ".join(f"a{i}: stats {{ events }}" for i in range(20)) + " }",
            "TOO_MANY_ALIASES",
            "aliases",
        ),
        ("{ events(first: 101) { totalCount } }", "BAD_ARGUMENT", "between 0 and 100"),
    ],
)
def test_limits_answer_with_clear_errors(
    neo4j_settings: Settings, query: str, code: str | None, words: str
) -> None:
    with TestClient(create_app(patient(neo4j_settings))) as client:
        body = gql(client, query)
    assert body.get("data") in (None, {})
    assert words in body["errors"][0]["message"]
    if code:
        assert error_codes(body)[0] == code
    else:
        assert error_codes(body)[0]


@pytest.mark.neo4j
def test_a_request_over_the_time_budget_answers_timeout(
    neo4j_settings: Settings, store: GraphStore
) -> None:
    hurried = neo4j_settings.model_copy(update={"query_timeout_s": 1e-6})
    with TestClient(create_app(hurried)) as client:
        body = gql(client, "{ events(first: 5) { edges { node { slug } } } }")
    assert error_codes(body) == ["TIMEOUT"]
    assert "limit of 1e-06 s" in body["errors"][0]["message"]


@pytest.mark.neo4j
def test_production_turns_introspection_and_graphiql_off(neo4j_settings: Settings) -> None:
    prod = neo4j_settings.model_copy(update={"production": True})
    introspect = "{ __schema { queryType { name } } }"
    with TestClient(create_app(prod)) as client:
        body = gql(client, introspect)
        page = client.get("/graphql", headers={"Accept": "text/html"})
    assert body.get("data") is None
    assert "introspection" in body["errors"][0]["message"].lower()
    assert "graphiql" not in page.text.lower()
    with TestClient(create_app(patient(neo4j_settings))) as client:
        assert data(client, introspect)["__schema"]["queryType"]["name"] == "Query"
        assert "graphiql" in client.get("/graphql", headers={"Accept": "text/html"}).text.lower()


def test_neo4j_down_gives_a_stable_code_and_health_503() -> None:
    cfg = Settings(
        NEO4J_URI=f"bolt://127.0.0.1:{free_port()}", NEO4J_PASSWORD="unused", KG_QUERY_TIMEOUT=30
    )
    with TestClient(create_app(cfg)) as client:
        body = gql(client, '{ actor(id: "sdf") { slug } }')
        health = client.get("/health")
    assert error_codes(body) == ["SERVICE_UNAVAILABLE"]
    assert "not available" in body["errors"][0]["message"]
    assert "127.0.0.1" not in body["errors"][0]["message"]
    assert health.status_code == 503


def test_unexpected_errors_are_masked() -> None:
    from graphql.error import GraphQLError

    from kg.api.errors import error_dict

    error = error_dict(GraphQLError("boom at /secret/path", original_error=RuntimeError("x")))
    assert error["message"] == "internal error; it has been logged"
    assert error["extensions"] == {"code": "INTERNAL_ERROR"}


def test_cors_origins_come_from_the_settings() -> None:
    cfg = Settings(
        NEO4J_URI=f"bolt://127.0.0.1:{free_port()}",
        NEO4J_PASSWORD="unused",
        KG_CORS_ORIGINS=["https://app.example"],
    )
    preflight = {
        "Origin": "https://app.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    with TestClient(create_app(cfg)) as client:
        allowed = client.options("/graphql", headers=preflight)
        other = client.options("/graphql", headers={**preflight, "Origin": "https://evil.test"})
    assert allowed.headers.get("access-control-allow-origin") == "https://app.example"
    assert "access-control-allow-origin" not in other.headers


def _offline_settings(**extra: Any) -> Settings:
    return Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}", NEO4J_PASSWORD="unused", **extra)


def test_localhost_origins_work_in_development_only() -> None:
    preflight = {
        "Origin": "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    with TestClient(create_app(_offline_settings())) as client:
        dev = client.options("/graphql", headers=preflight)
        ip = client.options("/graphql", headers={**preflight, "Origin": "http://127.0.0.1:3000"})
        other = client.options("/graphql", headers={**preflight, "Origin": "http://evil.test"})
    assert dev.headers.get("access-control-allow-origin") == "http://localhost:5173"
    assert ip.headers.get("access-control-allow-origin") == "http://127.0.0.1:3000"
    assert "access-control-allow-origin" not in other.headers
    with TestClient(create_app(_offline_settings(KG_PRODUCTION=True))) as client:
        prod = client.options("/graphql", headers=preflight)
    assert "access-control-allow-origin" not in prod.headers


def test_graphiql_and_docs_load_only_the_apis_own_assets() -> None:
    import re

    from kg.api.graphiql import missing_assets

    assert missing_assets() == [], "run `make assets` (npm) to install GraphiQL and Swagger UI"
    with TestClient(create_app(_offline_settings())) as client:
        pages = [
            client.get("/graphql", headers={"Accept": "text/html"}).text,
            client.get("/docs").text,
        ]
        for page in pages:
            urls = re.findall(r'(?:src|href)="([^"]+)"', page) + re.findall(r"url: '([^']+)'", page)
            assert urls
            for url in urls:
                assert url.startswith("/"), f"{url} is not served by the API"
                if url.startswith("/static/"):
                    response = client.get(url)
                    assert response.status_code == 200, url
                    assert len(response.content) > 500


def test_graphiqls_introspection_query_passes_the_limits_in_development() -> None:
    from graphql import get_introspection_query

    query = get_introspection_query(descriptions=True)
    with TestClient(create_app(_offline_settings())) as client:
        body = gql(client, query)
    assert "errors" not in body, body.get("errors")
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"
