"""What the first export after a server start (or after the graph grew) pays that a warm one
does not: planning the page queries.

The benchmark starts its own Neo4j (launcher) and writes the graph of ``bench_export.py``
(``--size``, 1M triples by default). One export collects the distinct page queries; then, for
each Cypher option, the plan cache is cleared (``db.clearQueryCaches()``) and every page query
is planned once with ``EXPLAIN`` (nothing read). Printed: the wall time and the server's CPU
of planning them all (median of the rounds), and a cold (cache cleared) and a warm export of
the whole graph.

    .venv/bin/python bench/bench_export_planning.py [--size 1M] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPTIONS = ("", "CYPHER planner=dp ", "CYPHER inferSchemaParts=off ", "CYPHER runtime=slotted ")
"""Cypher prefixes tried: the default, then options that could cut planning work."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", choices=("100k", "1M"), default="1M")
    args = parser.parse_args()
    from tests.neo4j_fixture import neo4j_for_tests

    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "KG_HOME"):
        os.environ.pop(name, None)
    with tempfile.TemporaryDirectory() as home, neo4j_for_tests(Path(home)) as cfg:
        os.environ.update(
            {
                "NEO4J_URI": cfg.bolt_uri,
                "NEO4J_PASSWORD": cfg.password,
                "NEO4J_USER": cfg.neo4j_user,
                "KG_HOME": str(cfg.kg_home),
            }
        )
        measure(args.rounds, args.size)


def measure(rounds: int, size: str) -> None:

    import kg.rdf.reader as reader
    from bench.bench_export import SIZES, neo4j_pid, settle
    from bench.gen_rdf_graph import write_graph
    from bench.proc_cpu import process_cpu_seconds
    from kg.config import load_settings
    from kg.rdf.export import export_to_file
    from kg.schema_init import init_schema
    from kg.store import GraphStore

    server = neo4j_pid()
    if server is None:
        raise SystemExit("no launcher-started Neo4j found (set KG_HOME to the server's home)")
    queries: dict[str, dict[str, Any]] = {}
    fetch = reader.fetch

    def recording(store: GraphStore, query: str, params: dict[str, Any], key: Any = None) -> Any:
        queries.setdefault(query, params)
        return fetch(store, query, params, key)

    reader.fetch = recording  # type: ignore[assignment]
    cfg = load_settings()
    print(f"load average at start: {os.getloadavg()}", flush=True)
    with GraphStore.from_settings(cfg) as store, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dump.nt"
        store.wait_until_ready()
        init_schema(store)
        write_graph(store, cfg.namespace, SIZES[size])
        settle()

        def export(clear: bool) -> tuple[int, float, float]:
            if clear:
                store.run_autocommit("CALL db.clearQueryCaches()")
            before, start = process_cpu_seconds(server), time.perf_counter()
            stats = export_to_file(store, cfg.namespace, "ntriples", out)
            return stats.triples, time.perf_counter() - start, process_cpu_seconds(server) - before

        export(clear=False)
        print(f"{len(queries)} distinct page queries")
        rows = []
        for option in OPTIONS:
            walls, cpus = [], []
            for _ in range(rounds):
                store.run_autocommit("CALL db.clearQueryCaches()")
                before, start = process_cpu_seconds(server), time.perf_counter()
                for query, params in queries.items():
                    store.read_tx(
                        lambda tx, q=f"EXPLAIN {option}{query}", p=params: list(tx.run(q, p))
                    )
                walls.append(time.perf_counter() - start)
                cpus.append(process_cpu_seconds(server) - before)
            rows.append(
                (option.strip() or "default", statistics.median(walls), statistics.median(cpus))
            )
        cold = export(clear=True)
        warm = export(clear=False)
    print("| planning all page queries | wall s | Neo4j CPU s |")
    print("|---|---:|---:|")
    for name, wall, cpu in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
    print(
        f"export of {cold[0]:,} triples: cold (plan cache cleared) {cold[1]:.2f} s, Neo4j CPU"
        f" {cold[2]:.2f} s; warm {warm[1]:.2f} s, Neo4j CPU {warm[2]:.2f} s"
    )
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
