"""Latency of the Browser guide's queries (kg/browser/queries.py) on a generated graph.

Runs every named query through the driver against the server that ``bench/gen_graph.py`` left
running under ``--home``, and, in the same run, a baseline (``MATCH (e:Event) RETURN count(e)``)
so the figures can be read as ratios on a shared machine. Results: bench/results/browser-queries.md.

    .venv/bin/python bench/gen_graph.py --home /tmp/kg-bench --events 100000
    .venv/bin/python bench/bench_browser_queries.py --home /tmp/kg-bench --repeat 20
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_graph import bench_settings

from kg.browser.queries import QUERIES, NamedQuery
from kg.stats import graph_stats
from kg.store import GraphStore, QueryError

BASELINE = NamedQuery(
    name="baseline-count-events",
    title="baseline",
    question="",
    explanation="",
    template="MATCH (e:${Event}) RETURN count(e) AS n",
)


def timed(store: GraphStore, q: NamedQuery, repeat: int) -> tuple[list[float], int]:
    """Milliseconds per run (after one warm-up run) and the number of rows."""
    rows = len(store.read(q.cypher, q.params))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        store.read(q.cypher, q.params)
        times.append((time.perf_counter() - t0) * 1000)
    return times, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    cfg = bench_settings(args.home, start=False)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with GraphStore.from_settings(cfg) as store:
        store.wait_until_ready()
        print(f"graph: {graph_stats(store)}")
        base, _ = timed(store, BASELINE, args.repeat)
        base_p50 = statistics.median(base)
        print("| query | rows | p50 ms | max ms | p50 / baseline |")
        print("|---|---|---|---|---|")
        print(f"| {BASELINE.name} | 1 | {base_p50:.1f} | {max(base):.1f} | 1.0 |")
        for q in QUERIES:
            try:
                times, rows = timed(store, q, args.repeat)
            except QueryError as e:
                print(f"| {q.name} | - | {e} | | |", flush=True)
                continue
            p50 = statistics.median(times)
            print(
                f"| {q.name} | {rows} | {p50:.1f} | {max(times):.1f} | {p50 / base_p50:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
