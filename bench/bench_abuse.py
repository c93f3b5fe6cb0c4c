"""/health while hostile requests run: each request of the abuse tests is sent to a real API
(uvicorn subprocess, KG_QUERY_TIMEOUT=2) while /health is polled every 10 ms; prints, per
request, its status and time and /health's median, p99 and largest latency, then the API's peak
memory. The tests assert that /health is never blocked; this prints how fast it answers.

    NEO4J_URI=bolt://... NEO4J_PASSWORD=... .venv/bin/python bench/bench_abuse.py

The database is emptied and filled with the tests' fixture graph (300 extra events): use a
throwaway server.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.config import Settings  # noqa: E402
from kg.cypher import wipe_statements  # noqa: E402
from kg.store import GraphStore  # noqa: E402
from tests.api_server import api_server  # noqa: E402
from tests.graphql_fixtures import write_fixture  # noqa: E402
from tests.test_graphql_abuse import CASES, health_while, post, q  # noqa: E402

SLOW = q(
    "query($after0: String, $after1: String) { "
    + " ".join(
        f"p{i}: events(first: 50, after: $after{i % 2}) {{ nodes {{ claims(first: 5) {{"
        " context { sentence } attribution { stance chain { name } } } } }"
        for i in range(2)
    )
    + " }"
)
"""Allowed by the limits, bounded by the 2 s deadline (the abuse tests' slow request)."""


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def main() -> None:
    if not os.environ.get("NEO4J_URI"):
        raise SystemExit("set NEO4J_URI and NEO4J_PASSWORD to a throwaway Neo4j")
    cfg = Settings()
    with GraphStore.from_settings(cfg) as store:
        for query, _ in wipe_statements():
            store.run_autocommit(query)
        write_fixture(store, extra_events=300)
    print(f"load average at start: {os.getloadavg()}")
    log = Path(tempfile.mkdtemp(prefix="kg-abuse-")) / "api.log"
    rows: list[str] = []
    everything: list[float] = []
    with api_server(cfg, log, KG_QUERY_TIMEOUT="2") as server:
        idle = health_while(server, threading.Thread(target=time.sleep, args=(1.0,)))
        rows.append(
            f"| (no request: idle) | | | {statistics.median(idle):.1f} | {p99(idle):.1f}"
            f" | {max(idle):.1f} |"
        )
        cases = [*((name, body) for name, body, _, _ in CASES), ("a slow request", SLOW)]
        for name, body in cases:
            done: dict[str, Any] = {}

            def send(body: bytes = body, done: dict[str, Any] = done) -> None:
                t = time.perf_counter()
                done["status"] = post(server, body).status_code
                done["seconds"] = time.perf_counter() - t

            lat = health_while(server, threading.Thread(target=send))
            everything += lat
            rows.append(
                f"| {name} | {done['status']} | {done['seconds'] * 1000:.0f} ms"
                f" | {statistics.median(lat):.1f} | {p99(lat):.1f} | {max(lat):.1f} |"
            )
        peak = server.peak_rss_mb()
    print(f"load average at end: {os.getloadavg()}")
    print("| request | status | its time | /health p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print(
        f"\nall /health answers during the requests: {len(everything)}, median"
        f" {statistics.median(everything):.1f} ms, p99 {p99(everything):.1f} ms, max"
        f" {max(everything):.1f} ms; API peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
