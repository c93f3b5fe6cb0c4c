"""Export throughput and peak memory at ~100k and ~1M triples, against rdflib, in one run.

Each measurement runs in a fresh subprocess so that ``ru_maxrss`` is the peak of that export
alone. rdflib is timed serialising the very same triples (parsed from our N-Triples export into
an in-memory Graph first; only ``serialize`` is timed). After each size, pyoxigraph counts the
triples of our N-Triples and Turtle files: both must hold what the exporter reported, and as
many as rdflib's graph.

    .venv/bin/python bench/bench_export.py            # starts its own Neo4j (launcher)
    NEO4J_URI=... NEO4J_PASSWORD=... .venv/bin/python bench/bench_export.py   # existing one
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"100k": 2_000, "1M": 21_000}
"""Events generated per target size (about 53 triples per event)."""


def child_export(fmt: str, out: str) -> dict[str, float]:
    from kg.config import load_settings
    from kg.rdf.export import export_to_file
    from kg.store import GraphStore

    cfg = load_settings()
    with GraphStore.from_settings(cfg) as store:
        cpu = time.process_time()
        stats = export_to_file(store, cfg.namespace, fmt, Path(out))
        cpu = time.process_time() - cpu
    return {
        "triples": stats.triples,
        "seconds": stats.seconds,
        "cpu_s": cpu,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_rdflib(fmt: str, source: str, out: str) -> dict[str, float]:
    from rdflib import Graph

    g = Graph()
    g.parse(source, format="nt")
    start, cpu = time.perf_counter(), time.process_time()
    g.serialize(destination=out, format={"ntriples": "nt", "turtle": "turtle"}[fmt])
    return {
        "triples": len(g),
        "seconds": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def driver_codec() -> str:
    """Which packstream codec the neo4j driver uses (the Rust extension when importable)."""
    try:
        import neo4j._rust  # noqa: F401
    except ImportError:
        return "pure Python packstream"
    from importlib.metadata import version

    return f"neo4j-rust-ext {version('neo4j-rust-ext')}"


def count_triples(path: Path, fmt: str) -> int:
    import pyoxigraph

    formats = {"ntriples": pyoxigraph.RdfFormat.N_TRIPLES, "turtle": pyoxigraph.RdfFormat.TURTLE}
    return sum(1 for _ in pyoxigraph.parse(path=str(path), format=formats[fmt]))


def check_counts(tmp: Path, size: str, rows: list[dict[str, Any]]) -> None:
    """Every file of this size parses with an independent parser and holds the same triples."""
    expected = {int(r["triples"]) for r in rows if r["size"] == size}
    if len(expected) != 1:
        raise SystemExit(f"{size}: tools disagree on the triple count: {sorted(expected)}")
    for fmt in ("ntriples", "turtle"):
        n = count_triples(tmp / f"{size}.{fmt}", fmt)
        if n not in expected:
            raise SystemExit(f"{size}: pyoxigraph reads {n} triples in {fmt}, not {expected}")
    print(f"{size}: counts check OK ({expected.pop():,} triples in every output)", flush=True)


def _child(env: dict[str, str], *args: str) -> dict[str, float]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def neo4j_pid() -> int | None:
    """The launcher's Neo4j server, when it runs one (its CPU is part of an export's cost)."""
    from kg.config import load_settings
    from kg.ops.neo4j import launcher

    pid_file = launcher.ServerPaths.from_settings(load_settings()).pid_file
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text().strip())
    return pid if Path(f"/proc/{pid}").exists() else None  # a stale file: no server to read


def settle(quiet_share: float = 0.05, most_s: float = 60.0) -> None:
    """Let Neo4j finish what the writes left it (index statistics, garbage collection, page
    flushes) before the first export, so that the export is not charged for it: wait until the
    server uses under ``quiet_share`` of a core for a second (Community has no
    ``db.checkpoint()`` to call)."""
    from bench.proc_cpu import process_cpu_seconds

    start = time.perf_counter()
    server = neo4j_pid()
    if server is None:
        return
    while time.perf_counter() - start < most_s:
        before = process_cpu_seconds(server)
        time.sleep(1.0)
        if process_cpu_seconds(server) - before < quiet_share:
            break
    print(f"Neo4j settled after the writes in {time.perf_counter() - start:.1f} s", flush=True)


def measure(env: dict[str, str], tmp: Path, size: str, with_rdflib: bool) -> list[dict[str, Any]]:
    from bench.proc_cpu import process_cpu_seconds

    server = neo4j_pid()
    rows: list[dict[str, Any]] = []
    # N-Triples first (the first read after the graph was written: query plans, Neo4j's page
    # cache and the JVM's compiled code are cold), Turtle, then N-Triples again (warm).
    for fmt, name in (
        ("ntriples", "ntriples"),
        ("turtle", "turtle"),
        ("ntriples", "ntriples, again"),
    ):
        out = tmp / f"{size}.{fmt}"
        before = process_cpu_seconds(server) if server else None
        r = _child(env, "export", fmt, str(out))
        if server and before is not None:
            r["neo4j_cpu_s"] = process_cpu_seconds(server) - before
        rows.append({"size": size, "tool": "kg export", "format": name, **r})
        print(rows[-1], flush=True)
    if with_rdflib:
        source = str(tmp / f"{size}.ntriples")
        for fmt in ("ntriples", "turtle"):
            r = _child(env, "rdflib", fmt, source, str(tmp / f"{size}.rdflib.{fmt}"))
            rows.append({"size": size, "tool": "rdflib serialize", "format": fmt, **r})
            print(rows[-1], flush=True)
    return rows


def run(env: dict[str, str], sizes: list[str]) -> list[dict[str, Any]]:
    from bench.gen_rdf_graph import write_graph
    from kg.config import load_settings
    from kg.cypher import wipe_statements
    from kg.schema_init import init_schema
    from kg.store import GraphStore

    os.environ.update(env)
    cfg = load_settings()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, GraphStore.from_settings(cfg) as store:
        store.wait_until_ready()
        init_schema(store)
        for size in sizes:
            events = SIZES[size]
            for query, _ in wipe_statements():
                store.run_autocommit(query)
            start = time.perf_counter()
            write_graph(store, cfg.namespace, events)
            print(f"{size}: wrote {events} events in {time.perf_counter() - start:.0f} s")
            settle()
            rows.extend(measure(env, Path(tmp), size, with_rdflib=True))
            check_counts(Path(tmp), size, rows)
    return rows


def report(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| size | tool | format | triples | seconds | triples/s | CPU s (own + Neo4j) |"
        " peak RSS (MB) |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        rate = r["triples"] / r["seconds"]
        server = f" + {r['neo4j_cpu_s']:.1f}" if "neo4j_cpu_s" in r else ""
        lines.append(
            f"| {r['size']} | {r['tool']} | {r['format']} | {int(r['triples']):,} |"
            f" {r['seconds']:.1f} | {rate:,.0f} | {r['cpu_s']:.1f}{server} | {r['maxrss_mb']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = child_export(*rest) if kind == "export" else child_rdflib(*rest)
        print(json.dumps(result))
        return
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(f"python {platform.python_version()}, neo4j driver codec: {driver_codec()}")
    print(f"load average at start: {os.getloadavg()}", flush=True)
    if os.environ.get("NEO4J_URI"):
        rows = run(dict(os.environ), args.sizes)
    else:
        from tests.neo4j_fixture import neo4j_for_tests

        with tempfile.TemporaryDirectory() as home, neo4j_for_tests(Path(home)) as cfg:
            if not cfg.external:
                print(f"Neo4j (launcher): heap {cfg.neo4j_heap}, page cache {cfg.neo4j_pagecache}")
            env = {
                **os.environ,
                "NEO4J_URI": cfg.bolt_uri,
                "NEO4J_PASSWORD": cfg.password,
                "NEO4J_USER": cfg.neo4j_user,
                # the server's own home, so that its CPU is read from its own pid file
                "KG_HOME": str(cfg.kg_home),
            }
            rows = run(env, args.sizes)
    print(report(rows))
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
