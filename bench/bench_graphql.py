"""Latency of the headline GraphQL query over HTTP against uvicorn, and of the same question
as one raw Cypher query through the driver, at 1, 8 and 32 concurrent clients; and of an
aggregate (events and claims by month over all events) both ways; in one run, with the CPU
time per request of the API, Neo4j and the benchmark's own process.

    .venv/bin/python bench/gen_graph.py --home /tmp/kg-bench --events 100000
    .venv/bin/python bench/bench_graphql.py --home /tmp/kg-bench

The headline question: who attacked the regime forces (subgroups included) in Deir ez-Zor
governorate (places inside included) in March 2018, according to SOHR; with attackers,
targets, places and every claim's quote, source and document. Prints Markdown tables.
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
from proc_cpu import process_cpu_seconds

from kg.ops.neo4j import launcher
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
AGGREGATE = """query ByMonth {
  aggregate(groupBy: [MONTH], first: 1000) { buckets { events claims keys { value } } }
}"""

AGGREGATE_CYPHER = (
    # Events and their claims by the month of the first day of their span, for the events
    # dated to the month or better (and spans of at most 400 days), as the API counts them.
    f"MATCH (e:{q('Event')}) WITH e, CASE WHEN e.datePrecision IN ['day', 'week', 'month']"
    " AND duration.inDays(e.startDate, e.endDate).days <= 400"
    " THEN toString(date.truncate('month', e.startDate)) END AS month"
    " WHERE month IS NOT NULL"
    " RETURN month, count(e) AS events, sum(coalesce(e.claimCount, 0)) AS claims ORDER BY month"
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


class Cpu:
    """CPU seconds of the API process, the Neo4j server and this process."""

    def __init__(self, api_pid: int, neo4j_pid: int | None) -> None:
        self.pids = {"API": api_pid, "Neo4j": neo4j_pid}

    def read(self) -> dict[str, float]:
        out = {"bench": time.process_time()}
        for name, pid in self.pids.items():
            if pid is not None:
                out[name] = process_cpu_seconds(pid)
        return out

    def per_request(self, start: dict[str, float], requests: int) -> str:
        now = self.read()
        return ", ".join(
            f"{name} {(now[name] - start[name]) / requests * 1000:.1f}"
            for name in ("API", "Neo4j", "bench")
            if name in now and name in start
        )


def timed_rows(
    name: str, calls: dict[str, Any], clients: int, requests: int, cpu: Cpu, expected: Any
) -> dict[str, list[float]]:
    """Latencies of each call at ``clients`` clients, printed as table rows with CPU."""
    out = {}
    for kind, call in calls.items():
        before = cpu.read()
        latencies, answers = run(call, clients, requests)
        if answers != {expected}:
            raise SystemExit(f"{name}: an answer of {kind} differed at {clients} clients")
        out[kind] = latencies
        print(
            f"| {name} | {kind} | {clients} | {statistics.median(latencies):.1f} ms"
            f" | {pct(latencies, 99):.1f} ms | {cpu.per_request(before, requests)} |",
            flush=True,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--requests", type=int, default=200, help="per concurrency level")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--aggregate-requests", type=int, default=40)
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
    cpu = Cpu(api.pid, launcher.status(cfg).pid)

    def ask(query: str) -> Any:
        body: dict[str, Any] = http.post("/graphql", json={"query": query}).json()
        if "errors" in body:
            raise RuntimeError(body["errors"][0]["message"])
        return body["data"]

    def graphql() -> tuple[str, ...]:
        return tuple(e["node"]["slug"] for e in ask(GRAPHQL)["events"]["edges"])

    def cypher() -> tuple[str, ...]:
        return tuple(row["slug"] for row in store.read(CYPHER, PARAMS))

    def graphql_months() -> tuple[tuple[str, int, int], ...]:
        buckets = ask(AGGREGATE)["aggregate"]["buckets"]
        return tuple((b["keys"][0]["value"], b["events"], b["claims"]) for b in buckets)

    def cypher_months() -> tuple[tuple[str, int, int], ...]:
        rows = store.read(AGGREGATE_CYPHER)
        return tuple((r["month"], r["events"], r["claims"]) for r in rows)

    def load() -> str:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())

    try:
        stats = store.read("MATCH (e:Event) RETURN count(e) AS events")[0]["events"]
        run(graphql, 4, 20), run(cypher, 4, 20)  # warm up plans, caches, connections
        run(graphql_months, 2, 4), run(cypher_months, 2, 4)
        expected, months = graphql(), graphql_months()
        if cypher() != expected or cypher_months() != months:
            raise SystemExit("GraphQL and Cypher disagree")
        print(f"{stats} events; headline answer: {len(expected)} events, the same both ways;")
        print(f"by month: {len(months)} months, {sum(m[1] for m in months)} events, the same")
        print(f"load average at the start: {load()}\n")
        print("| query | via | clients | p50 | p99 | CPU ms per request (API, Neo4j, bench) |")
        print("|---|---|---:|---:|---:|---|")
        ratios = []
        for clients in args.clients:
            got = timed_rows(
                "headline",
                {"GraphQL": graphql, "Cypher": cypher},
                clients,
                args.requests,
                cpu,
                expected,
            )
            ratios.append(
                (
                    clients,
                    statistics.median(got["GraphQL"]) / statistics.median(got["Cypher"]),
                    pct(got["GraphQL"], 99),
                )
            )
        got = timed_rows(
            "by month",
            {"GraphQL": graphql_months, "Cypher": cypher_months},
            1,
            args.aggregate_requests,
            cpu,
            months,
        )
        month_ratio = statistics.median(got["GraphQL"]) / statistics.median(got["Cypher"])
        print()
        for clients, ratio, p99 in ratios:
            print(f"headline at {clients} clients: p50 ratio {ratio:.2f}, GraphQL p99 {p99:.1f} ms")
        print(f"by month at 1 client: p50 ratio {month_ratio:.2f}")
        print(f"load average at the end: {load()}")
    finally:
        http.close()
        store.close()
        api.terminate()
        api.wait(10)


if __name__ == "__main__":
    main()
