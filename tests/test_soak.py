"""A bounded soak: article loads and GraphQL queries at the same time for ``KG_SOAK_SECONDS``
(60 s in CI; ``make soak`` runs longer and records the result in docs/benchmarks.md). Every
query answers without error, the loader's and the API's memory stay flat, and the query
latency percentiles are printed (and written to ``KG_SOAK_REPORT`` when set)."""

from __future__ import annotations

import os
import resource
import statistics
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings
from kg.ingest.articles import load_articles
from kg.ingest.reference import load_reference
from kg.store import GraphStore
from tests.graph_fingerprint import consistency_problems
from tests.test_fault_suite import _corpus

pytestmark = pytest.mark.neo4j

SECONDS = float(os.environ.get("KG_SOAK_SECONDS", "60"))
MAX_GROWTH_MB = 80.0
"""RSS the test process may gain between the first and the last third of the run."""
QUERIES = (
    "{ stats { documents events claims } }",
    "{ events(first: 20) { edges { node { id label claims { quote } } } } }",
    "{ whoAttackedWhom { attacker { id } target { id } events } }",
    '{ search(text: "Hajin", first: 10) { __typename } }',
)


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_loads_and_queries_together_keep_memory_flat(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ref = load_reference(clean_store, neo4j_settings)
    corpus = _corpus(tmp_path / "corpus")
    files = sorted(corpus.glob("*.txt"))
    stop = threading.Event()
    loads: list[int] = []
    failures: list[str] = []

    def loader() -> None:
        n = 0
        while not stop.is_set():
            # Each round edits and loads one file: changed text, its claims replaced.
            target = files[n % len(files)]
            target.write_text(
                target.read_text(encoding="utf-8") + f"\nRound {n}.", encoding="utf-8"
            )
            report = load_articles(clean_store, neo4j_settings, [target], ref)
            failures.extend(str(f) for f in report.failures)
            loads.append(len(report.loaded))
            n += 1

    thread = threading.Thread(target=loader)
    latencies: list[float] = []
    samples: list[tuple[float, float]] = []
    errors: list[str] = []
    started = time.monotonic()
    with TestClient(create_app(neo4j_settings)) as client:
        thread.start()
        i = 0
        while time.monotonic() - started < SECONDS:
            query = QUERIES[i % len(QUERIES)]
            t0 = time.perf_counter()
            response = client.post("/graphql", json={"query": query})
            latencies.append(time.perf_counter() - t0)
            body = response.json()
            if response.status_code != 200 or body.get("errors"):
                errors.append(f"{query}: {response.status_code} {body.get('errors')}")
            if i % 20 == 0:
                samples.append((time.monotonic() - started, _rss_mb()))
            i += 1
        stop.set()
        thread.join(timeout=300)
    assert errors == [] and failures == []
    assert len(loads) >= 2, "the loader did not run while the queries did"
    third = max(1, len(samples) // 3)
    first = statistics.median(m for _, m in samples[:third])
    last = statistics.median(m for _, m in samples[-third:])
    cuts = statistics.quantiles(latencies, n=100)
    line = (
        f"soak {SECONDS:.0f} s: {len(latencies)} queries, {sum(loads)} documents written in "
        f"{len(loads)} loads; query latency p50 {cuts[49] * 1000:.0f} ms, p99 "
        f"{cuts[98] * 1000:.0f} ms; RSS {first:.0f} -> {last:.0f} MB"
    )
    print(line)
    if report := os.environ.get("KG_SOAK_REPORT"):
        Path(report).write_text(line + "\n", encoding="utf-8")
    assert last - first < MAX_GROWTH_MB, line
    assert consistency_problems(clean_store) == []
