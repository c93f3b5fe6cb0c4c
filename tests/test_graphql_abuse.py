"""Hostile requests against a real server: each is refused or bounded within 2 s with a coded
error, while /health keeps answering (never blocked), and the server's memory stays under
300 MB."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.api.context import Context, client_gone
from kg.api.names import NameResolver
from kg.config import Settings
from kg.cypher import delete_all
from kg.errors import KGError
from kg.store import GraphStore
from tests.api_server import Server, api_server
from tests.graphql_fixtures import write_fixture

pytestmark = pytest.mark.neo4j

ALIASES = " ".join(
    f"a{i}: whoAttackedWhom {{ events sources {{ name claims(first: 100) {{ quote }} }} }}"
    for i in range(15)
)
FRAGMENTS = (
    "fragment F0 on Event { slug claims { quote } }\n"
    + "\n".join(f"fragment F{i} on Event {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 21))
    + "\n{ events(first: 100) { nodes { ...F20 } } }"
)
BIG_QUERY = "{ " + " ".join(f"f{i}: __typename" for i in range(70_000)) + " }"  # ~1 MB
MANY_TOKENS = "{ stats { " + "events " * 6_000 + "} }"
ARG_1MB = "x" * 1_000_000
ARG_100KB = "y" * 100_000


def post(server: Server, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{server.url}/graphql",
        content=body,
        headers={"content-type": "application/json", **headers},
        timeout=30,
    )


def q(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


CASES: list[tuple[str, bytes, int, str]] = [
    # name, body, HTTP status, code
    (
        "matrix of every source's claims",
        q("{ whoAttackedWhom { events sources { name claims(first:100){quote} } } }"),
        200,
        "QUERY_TOO_COSTLY",
    ),
    ("the same under 15 aliases", q("{ " + ALIASES + " }"), 200, "QUERY_TOO_COSTLY"),
    ("fragments doubling 20 times", q(FRAGMENTS), 200, "QUERY_TOO_COSTLY"),
    ("a 1 MB query", q(BIG_QUERY), 413, "BODY_TOO_LARGE"),
    ("6,000 tokens", q(MANY_TOKENS), 200, "TOO_MANY_TOKENS"),
    (
        "a 20 MB body",
        b'{"query": "' + b" " * 20_000_000 + b'{ stats { events } }"}',
        413,
        "BODY_TOO_LARGE",
    ),
    ("a bare number", b"5", 400, "BAD_REQUEST"),
    ("null", b"null", 400, "BAD_REQUEST"),
    ("not JSON", b'{"query": ', 400, "BAD_REQUEST"),
    (
        "a 1 MB argument",
        q("query($n: String!) { actor(name: $n) { slug } }", {"n": ARG_1MB}),
        413,
        "BODY_TOO_LARGE",
    ),
    (
        "a 100 KB argument",
        q("query($n: String!) { actor(name: $n) { slug } }", {"n": ARG_100KB}),
        200,
        "BAD_ARGUMENT",
    ),
    (
        "a 100 KB name in a filter",
        q("query($n: String!) { events(filter: {places: [$n]}) { totalCount } }", {"n": ARG_100KB}),
        200,
        "BAD_ARGUMENT",
    ),
]


@pytest.fixture(scope="module")
def server(
    neo4j_settings: Settings, store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    store.run_autocommit(delete_all()[0])
    write_fixture(store, extra_events=300)
    log = tmp_path_factory.mktemp("abuse") / "api.log"
    with api_server(neo4j_settings, log, KG_QUERY_TIMEOUT="2") as s:
        yield s


def health_limit_ms(server: Server) -> float:
    """What "/health is never blocked" means on this machine now: 500 ms, or, when other
    processes on its two cores make even an idle /health slower than that at times, half as
    much again as the slowest of 30 idle ones measured just before. A /health held up by the
    request waits for all of it (seconds) and fails either way; the 100 ms figure belongs to
    the benchmark (bench/bench_graphql.py), not to a timed test."""
    with httpx.Client(base_url=server.url, timeout=5) as client:
        idle = []
        for _ in range(30):
            t = time.perf_counter()
            client.get("/health")
            idle.append((time.perf_counter() - t) * 1000)
            time.sleep(0.01)
    return max(500.0, 1.5 * max(idle))


def health_while(server: Server, work: threading.Thread) -> list[float]:
    """Latencies (ms) of /health polled while ``work`` runs (and once after)."""
    latencies = []
    with httpx.Client(base_url=server.url, timeout=5) as client:
        work.start()
        while True:
            alive = work.is_alive()
            t = time.perf_counter()
            assert client.get("/health").status_code == 200
            latencies.append((time.perf_counter() - t) * 1000)
            if not alive:
                return latencies
            time.sleep(0.01)


@pytest.mark.parametrize(("name", "body", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_hostile_request_is_refused_quickly_with_a_code(
    server: Server, name: str, body: bytes, status: int, code: str
) -> None:
    done: dict[str, Any] = {}

    def send() -> None:
        t = time.perf_counter()
        done["response"] = post(server, body)
        done["seconds"] = time.perf_counter() - t

    limit = health_limit_ms(server)
    before = server.log.read_text().count("\n")
    latencies = health_while(server, threading.Thread(target=send))
    response: httpx.Response = done["response"]
    assert done["seconds"] < 2.0, name
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == code
    assert len(response.content) < 5_000  # a huge argument never comes back whole
    assert max(latencies) < limit, (limit, latencies)
    time.sleep(0.1)
    new_lines = server.log.read_text().splitlines()[before:]
    logged = [line for line in new_lines if "rejected" in line or "with errors" in line]
    assert len(logged) == 1, new_lines
    assert len(logged[0]) < 1_000
    assert not any("Traceback" in line for line in new_lines)


def test_a_slow_request_hits_its_deadline_while_health_answers(server: Server) -> None:
    # Allowed by the limits; the server's deadline (2 s) bounds it, reads or not: two
    # pages of 50 events with their claims' context and attribution chain.
    fields = " ".join(
        f"p{i}: events(first: 50, after: $after{i % 2}) {{ nodes {{ claims(first: 5) {{"
        " context { sentence } attribution { stance chain { name } } } } }"
        for i in range(2)
    )
    query = "query($after0: String, $after1: String) { " + fields + " }"
    done: dict[str, Any] = {}

    def send() -> None:
        t = time.perf_counter()
        done["response"] = post(server, q(query))
        done["seconds"] = time.perf_counter() - t

    limit = health_limit_ms(server)
    latencies = health_while(server, threading.Thread(target=send))
    body = done["response"].json()
    assert done["seconds"] < 2.5
    if "errors" in body:
        assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"
    else:
        assert len(body["data"]["p0"]["nodes"]) == 50
    assert max(latencies) < limit, (limit, latencies)


def test_memory_stays_under_300_mb(server: Server) -> None:
    for _, body, _, _ in CASES:
        post(server, body)
    assert server.peak_rss_mb() < 300


def test_a_cancelled_request_terminates_its_neo4j_transaction(
    neo4j_settings: Settings, store: GraphStore
) -> None:
    """What a client's disconnect does: ``Context.cancel`` stops the running read."""
    cfg = neo4j_settings.model_copy(update={"query_timeout_s": 60.0})
    ctx = Context(store=store, settings=cfg, names=NameResolver(lambda s: store.read(*s)))
    slow = "UNWIND range(1, 300000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS n"
    outcome: dict[str, Any] = {}

    def run() -> None:
        import asyncio

        t = time.perf_counter()
        try:
            asyncio.run(ctx.read(slow, {}))
            outcome["error"] = None
        except KGError as e:
            outcome["error"] = e.code
        outcome["seconds"] = time.perf_counter() - t

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.0)
    ctx.cancel(client_gone())
    worker.join(20)
    assert outcome["error"] == "CLIENT_CLOSED_REQUEST"
    # Uncancelled, the count takes tens of seconds; cancelled, it ends soon after.
    assert outcome["seconds"] < 4.0
    assert not store.read(
        "SHOW TRANSACTIONS YIELD metaData WHERE metaData.kgRequest = $t RETURN 1", {"t": ctx.tag}
    )


def test_no_log_line_carries_a_huge_value(server: Server) -> None:
    assert max(len(line) for line in Path(server.log).read_text().splitlines()) < 1_000
