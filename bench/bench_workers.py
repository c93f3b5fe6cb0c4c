"""Article loads with extraction in 1 and in N worker processes (``kg load articles --workers``):
wall time, CPU per document of the loader (its own and its workers') and of the Neo4j server.

Generates articles with bench/gen_articles.py, loads them with the rule-based extractor into the
configured Neo4j (wiped before each run), once untimed to warm the server up, then timed with 1
and with N workers, and prints one line per run and the ratio.

    .venv/bin/python bench/bench_workers.py --count 300 --workers 2
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_articles import generate
from proc_cpu import process_cpu_seconds

from kg.config import load_settings
from kg.cypher import wipe_statements
from kg.ingest.articles import load_articles
from kg.ingest.reference import load_event_types, load_reference
from kg.ops.neo4j import launcher
from kg.schema_init import init_schema
from kg.store import GraphStore


def cpu_self_and_children() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(store: GraphStore, corpus: Path, workers: int, server: int | None) -> dict[str, float]:
    cfg = load_settings()
    for query, _ in wipe_statements():
        store.run_autocommit(query)
    init_schema(store)
    ref = load_reference(store, cfg)
    load_event_types(store, cfg)
    cpu0, srv0, t0 = (
        cpu_self_and_children(),
        process_cpu_seconds(server) if server else 0.0,
        time.perf_counter(),
    )
    report = load_articles(store, cfg, [corpus], ref, workers=workers)
    wall = time.perf_counter() - t0
    cpu = cpu_self_and_children() - cpu0
    srv = (process_cpu_seconds(server) - srv0) if server else float("nan")
    docs = len(report.loaded)
    assert report.ok and docs > 0, report.failures
    return {"docs": docs, "claims": report.claims, "wall": wall, "cpu": cpu, "server": srv}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cfg = load_settings()
    server = None if cfg.external else launcher.status(cfg).pid
    with tempfile.TemporaryDirectory() as tmp, GraphStore.from_settings(cfg) as store:
        corpus = Path(tmp) / "articles"
        generate(corpus, args.count, args.seed, Path("seeds"))
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        run(store, corpus, 1, server)  # warm-up: the server's JIT compiles the write path
        results = {}
        for workers in (1, args.workers):
            r = run(store, corpus, workers, server)
            results[workers] = r
            print(
                f"workers {workers}: {r['docs']:.0f} documents, {r['claims']:.0f} claims in "
                f"{r['wall']:.1f} s wall = {r['docs'] / r['wall']:.1f} documents/s; CPU per "
                f"document: loader {1000 * r['cpu'] / r['docs']:.1f} ms, Neo4j "
                f"{1000 * r['server'] / r['docs']:.1f} ms"
            )
        one, many = results[1], results[args.workers]
        print(
            f"ratio: {args.workers} workers load in {many['wall'] / one['wall']:.2f}x the wall "
            f"time of 1 (load average {os.getloadavg()[0]:.1f} after the runs)"
        )


if __name__ == "__main__":
    main()
