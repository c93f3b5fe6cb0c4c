"""Latency of the headline GraphQL query over HTTP against uvicorn, and of the same question
as one raw Cypher query through the driver, at 1, 8 and 32 concurrent clients, in one run.

    .venv/bin/python bench/gen_graph.py --home /tmp/kg-bench --events 100000
    .venv/bin/python bench/bench_graphql.py --home /tmp/kg-bench

The headline question: who attacked the regime forces (subgroups included) in Deir ez-Zor
governorate (places inside included) in March 2018, according to SOHR; with attackers,
targets, places and every claim's quote, source and document. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_graph import bench_settings

from kg.store import GraphStore
from loaders.graph.mapping import quoted as q
from tests.neo4j_fixture import free_port

GRAPHQL = """query Headline {
  events(first: 50, filter: {targets: ["regime forces"], places: ["Deir ez-Zor Governorate"],
                              from: "2018-03-01", to: "2018-03-31", accordingTo: ["SOHR"]}) {
    edges { node { slug type startDate endDate datePrecision
      attackers { slug name } targets { slug name } places { slug name lat lon }
      claims { quote source { slug name } document { title url datePublished publisher { name } } }
    } }
  }
}"""

CYPHER = (
    # The plan a person would write in one query, the API's plan: the node sets first (regime
    # and its subgroups, the governorate and the places in it, SOHR and its people), the events
    # overlapping the month from the (startDate, endDate) index with one seek per possible
    # start day (spans up to 400 days, as the API's date filter), then short expansions from
    # each remaining event.
    f"CALL () {{ MATCH (x:{q('Actor')})-[:{q('PART_OF')}*0..]->(:{q('Actor')} {{id: $target}})"
    " RETURN collect(x) AS targets }"
    f" CALL () {{ MATCH (x:{q('Place')})-[:{q('PART_OF')}*0..]->(:{q('Place')} {{id: $place}})"
    " RETURN collect(x) AS places }"
    f" CALL () {{ MATCH (x:{q('Source')})-[:{q('AFFILIATED_WITH')}*0..]->"
    f"(:{q('Source')} {{id: $source}}) RETURN collect(x) AS sources }}"
    f" UNWIND range(0, $days) AS day MATCH (e:{q('Event')})"
    f" USING INDEX e:{q('Event')}(startDate, endDate)"
    " WHERE e.startDate = $low + duration({days: day}) AND e.endDate >= $from"
    " AND duration.inDays(e.startDate, e.endDate).days <= 400"
    " CALL (e, targets, places, sources) { WITH e WHERE"
    f" any(x IN [(e)-[:{q('TARGET')}]->(a) | a] WHERE x IN targets)"
    f" AND any(x IN [(e)-[:{q('OCCURRED_AT')}]->(p) | p] WHERE x IN places)"
    f" AND any(x IN [(e)<-[:{q('SUPPORTS')}]-(:{q('Claim')})-[:{q('ATTRIBUTED_TO')}]->(s) | s]"
    " WHERE x IN sources) RETURN 1 AS hit }"
    " WITH e ORDER BY e.startDate, e.id LIMIT 50"
    " RETURN e.id AS slug, e.startDate AS startDate, e.endDate AS endDate,"
    " e.datePrecision AS datePrecision,"
    f" [(e)-[:{q('HAS_TYPE')}]->(t) | t.id] AS types,"
    f" [(e)-[:{q('ATTACKER')}]->(a) | a {{.id, .name}}] AS attackers,"
    f" [(e)-[:{q('TARGET')}]->(a) | a {{.id, .name}}] AS targets,"
    f" [(e)-[:{q('OCCURRED_AT')}]->(p) | p {{.id, .name, .lat, .lon}}] AS places,"
    f" [(e)<-[:{q('SUPPORTS')}]-(c:{q('Claim')}) | c {{.quote,"
    f" source: head([(c)-[:{q('ATTRIBUTED_TO')}]->(s) | s {{.id, .name}}]),"
    f" document: head([(c)-[:{q('DERIVED_FROM')}]->(d) | d {{.title, .url, .datePublished,"
    f" publisher: head([(d)-[:{q('PUBLISHED_BY')}]->(pub) | pub {{.name}}])}}])}}] AS claims"
)
PARAMS: dict[str, Any] = {
    "place": "deir-ez-zor-governorate",
    "target": "syrian-regime",
    "source": "sohr",
    "from": dt.date(2018, 3, 1),
    "low": dt.date(2018, 3, 1) - dt.timedelta(days=400),
    "days": 400 + 30,
}


def start_api(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    """uvicorn with ``workers`` worker processes, logging off, answering on ``port``."""
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "kg.api.app:create_app",
        "--factory",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=Path(__file__).resolve().parent.parent)
    deadline = time.monotonic() + 120
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
            if health.status_code == 200:
                return proc
            last = health.text
        except httpx.HTTPError as e:
            last = str(e)
        time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"the API did not start: {last}")


def run(
    call: Callable[[], tuple[str, ...]], clients: int, requests: int
) -> tuple[list[float], set[tuple[str, ...]]]:
    """Latencies (ms) of ``requests`` calls spread over ``clients`` threads; the answers."""
    answers: set[tuple[str, ...]] = set()

    def timed(_: int) -> float:
        t = time.perf_counter()
        answers.add(call())
        return (time.perf_counter() - t) * 1000

    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(timed, range(requests)))
    return latencies, answers


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--requests", type=int, default=200, help="per concurrency level")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()
    cfg = bench_settings(args.home, start=True)
    # A generous server timeout: at 32 clients queueing is part of what is measured.
    env = {
        **os.environ,
        "NEO4J_URI": cfg.bolt_uri,
        "NEO4J_PASSWORD": cfg.password,
        "KG_QUERY_TIMEOUT": "120",
    }
    port = free_port()
    api = start_api(env, port, args.workers)
    http = httpx.Client(
        base_url=f"http://127.0.0.1:{port}", timeout=60, limits=httpx.Limits(max_connections=64)
    )
    store = GraphStore(cfg.bolt_uri, cfg.neo4j_user, cfg.password, cfg.neo4j_database, 120.0)

    def graphql() -> tuple[str, ...]:
        body: dict[str, Any] = http.post("/graphql", json={"query": GRAPHQL}).json()
        if "errors" in body:
            raise RuntimeError(body["errors"][0]["message"])
        return tuple(e["node"]["slug"] for e in body["data"]["events"]["edges"])

    def cypher() -> tuple[str, ...]:
        return tuple(row["slug"] for row in store.read(CYPHER, PARAMS))

    def load() -> str:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())

    try:
        stats = store.read("MATCH (e:Event) RETURN count(e) AS events")[0]["events"]
        run(graphql, 4, 20), run(cypher, 4, 20)  # warm up plans, caches, connections
        expected = graphql()
        if cypher() != expected:
            raise SystemExit(f"GraphQL and Cypher disagree: {expected} / {cypher()}")
        print(f"{stats} events; headline answer: {len(expected)} events, the same both ways")
        print(f"load average at the start: {load()}\n")
        print("| clients | GraphQL p50 | GraphQL p99 | Cypher p50 | Cypher p99 | p50 ratio |")
        print("|---:|---:|---:|---:|---:|---:|")
        for clients in args.clients:
            g, g_answers = run(graphql, clients, args.requests)
            c, c_answers = run(cypher, clients, args.requests)
            if g_answers | c_answers != {expected}:
                raise SystemExit(f"an answer differed at {clients} clients")
            g50, c50 = statistics.median(g), statistics.median(c)
            print(
                f"| {clients} | {g50:.1f} ms | {pct(g, 99):.1f} ms | {c50:.1f} ms"
                f" | {pct(c, 99):.1f} ms | {g50 / c50:.2f} |",
                flush=True,
            )
        print(f"\nevery answer the same {len(expected)} events; load average at the end: {load()}")
    finally:
        http.close()
        store.close()
        api.terminate()
        api.wait(10)


if __name__ == "__main__":
    main()
