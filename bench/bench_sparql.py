"""SPARQL endpoint and snapshot, in one run: who-attacked-whom over ~1M triples through /sparql
against the same query in pyoxigraph directly, and the incremental snapshot refresh after a
50-document load against writing those documents' quads.

    flock -x /tmp/kg-machine.lock .venv/bin/python bench/bench_sparql.py   # its own Neo4j
    NEO4J_URI=... NEO4J_PASSWORD=... .venv/bin/python bench/bench_sparql.py   # an existing one

The graph is the seed graph plus `bench/gen_rdf_graph.py`'s 21,000 events (~1M triples). The
endpoint runs as in production (uvicorn, `kg.api.app`, its query workers) in a subprocess and
is asked over HTTP; the result limit is raised above the answer's size so that both sides return
every row. CPU is counted for this process (the client), the API process and its workers, and
the Neo4j server (`bench/proc_cpu.py`).
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from proc_cpu import process_cpu_seconds  # noqa: E402

from bench.gen_articles import generate  # noqa: E402
from bench.gen_rdf_graph import write_graph  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.cypher import wipe_statements  # noqa: E402
from kg.ingest.articles import load_articles, load_seeds  # noqa: E402
from kg.ingest.reference import load_reference  # noqa: E402
from kg.rdf.reader import document_claim_records, records_of  # noqa: E402
from kg.rdf.snapshot import SnapshotPaths, refresh  # noqa: E402
from kg.rdf.writers import NQuadsWriter  # noqa: E402
from kg.schema_init import init_schema  # noqa: E402
from kg.store import GraphStore  # noqa: E402
from loaders.resources import SEEDS_DIR  # noqa: E402
from tests.neo4j_fixture import neo4j_for_tests  # noqa: E402

QUERY = (ROOT / "docs" / "sparql" / "who-attacked-whom.rq").read_text()
JSON = "application/sparql-results+json"
EVENTS = 21_000
DOCUMENTS = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children (the API and its query workers)."""
    total = process_cpu_seconds(pid)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                total += process_cpu_seconds(int(entry.name))
    return total


def neo4j_pid(settings: Settings) -> int | None:
    from kg.ops.neo4j import launcher

    pid_file = launcher.ServerPaths.from_settings(settings).pid_file
    return int(pid_file.read_text().strip()) if pid_file.exists() else None


def timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def start_api(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NEO4J_URI": settings.bolt_uri,
        "NEO4J_PASSWORD": settings.password,
        "KG_SPARQL_DIR": str(settings.sparql_path),
        "KG_SPARQL_MAX_RESULTS": "1000000",
        "KG_SPARQL_TIMEOUT": "120",
        "KG_SPARQL_WORKERS": "1",
    }
    cmd = [sys.executable, "-m", "uvicorn", "kg.api.app:create_app", "--factory",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the API did not start")


def endpoint_query(client: httpx.Client, port: int) -> int:
    r = client.get(
        f"http://127.0.0.1:{port}/sparql", params={"query": QUERY}, headers={"Accept": JSON}
    )
    r.raise_for_status()
    return len(r.json()["results"]["bindings"])


def p50(xs: list[float]) -> float:
    return statistics.median(xs)


def bench_query(settings: Settings, runs: int) -> None:
    generation = SnapshotPaths(settings.sparql_path).current()
    assert generation is not None
    direct = ox.Store.read_only(str(generation))
    quads = len(direct)

    def rust_json() -> int:
        result = direct.query(QUERY, use_default_graph_as_union=True)
        return len(result.serialize(format=ox.QueryResultsFormat.JSON) or b"")

    def python_rows() -> int:
        result = direct.query(QUERY, use_default_graph_as_union=True)
        return len([[t.value if t is not None else None for t in row] for row in result])

    port = free_port()
    api = start_api(settings, port)
    try:
        with httpx.Client(timeout=300) as client:
            for _ in range(3):  # warm-up: workers up, snapshot opened, caches filled
                endpoint_query(client, port)
                python_rows()
                rust_json()
            cpu0, api0 = time.process_time(), tree_cpu(api.pid)
            http_times, http_rows = timed(lambda: endpoint_query(client, port), runs)
            client_cpu, api_cpu = time.process_time() - cpu0, tree_cpu(api.pid) - api0
    finally:
        api.terminate()
        api.wait(30)
    rows_times, rows = timed(python_rows, runs)
    json_times, _ = timed(rust_json, runs)
    assert http_rows == rows, (http_rows, rows)
    print(f"snapshot: {quads:,} quads; who-attacked-whom: {rows:,} rows (one per claim)")
    print(f"/sparql (HTTP, SPARQL JSON), {runs} runs: p50 {p50(http_times) * 1000:.0f} ms,"
          f" min {min(http_times) * 1000:.0f} ms, max {max(http_times) * 1000:.0f} ms")  # fmt: skip
    print(f"  CPU per query: API process and worker {api_cpu / runs * 1000:.0f} ms,"
          f" client {client_cpu / runs * 1000:.0f} ms")  # fmt: skip
    print(f"pyoxigraph directly, rows as Python values: p50 {p50(rows_times) * 1000:.0f} ms")
    print(f"pyoxigraph directly, SPARQL JSON by Oxigraph: p50 {p50(json_times) * 1000:.0f} ms")
    print(f"ratio /sparql : pyoxigraph rows = {p50(http_times) / p50(rows_times):.2f}x;"
          f" /sparql : pyoxigraph JSON = {p50(http_times) / p50(json_times):.2f}x")  # fmt: skip


def write_quads(store: GraphStore, documents: list[str], target: Path) -> int:
    """The baseline: what the load wrote, as quads (the documents, their claims' named graphs
    and the events those claims support), read from Neo4j and written into an empty store."""
    claims = document_claim_records(store, documents)
    events = sorted({dst for rec in claims for t, dst in rec.rels if t == "SUPPORTS"})
    records = [*records_of(store, "Document", documents), *records_of(store, "Event", events),
               *claims]  # fmt: skip
    text, n = NQuadsWriter().page(records)
    fresh = ox.Store(str(target))
    fresh.load(input=text.encode(), format=ox.RdfFormat.N_QUADS, lenient=True)
    fresh.flush()
    return n


def load_generated(store: GraphStore, settings: Settings, seed: int) -> tuple[list[str], float]:
    """Load DOCUMENTS generated articles; their IRIs and the load's wall time."""
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-articles-"))
    generate(folder, DOCUMENTS, seed=seed, seeds_dir=SEEDS_DIR, prefix=f"bench{seed}")
    ref = load_reference(store, settings)
    t0 = time.perf_counter()
    report = load_articles(store, settings, [folder], ref)
    assert len(report.documents) == DOCUMENTS, report.failures
    print(f"load of {DOCUMENTS} generated articles (seed {seed}): {report.claims} claims in "
          f"{time.perf_counter() - t0:.2f} s")  # fmt: skip
    return report.documents, time.perf_counter() - t0


def bench_refresh(store: GraphStore, settings: Settings, server: int | None) -> None:
    """A first round (load, refresh, baseline) that is not timed, so that both sides find
    their Cypher plans cached and the data in Neo4j's page cache, as a service that refreshes
    after every load does; then the timed round on another 50 documents."""
    documents, _ = load_generated(store, settings, seed=11)
    refresh(store, settings)
    write_quads(store, documents, Path(tempfile.mkdtemp(prefix="kg-bench-warm-")) / "baseline")
    documents, _ = load_generated(store, settings, seed=12)
    cpu0 = time.process_time()
    server0 = process_cpu_seconds(server) if server else None
    t1 = time.perf_counter()
    done = refresh(store, settings)
    refresh_s = time.perf_counter() - t1
    client_cpu = time.process_time() - cpu0
    server_cpu = process_cpu_seconds(server) - server0 if server and server0 is not None else None
    assert not done.full and done.documents == DOCUMENTS
    cpu1 = time.process_time()
    server1 = process_cpu_seconds(server) if server else None
    t2 = time.perf_counter()
    target = Path(tempfile.mkdtemp(prefix="kg-bench-baseline-")) / "baseline"
    quads = write_quads(store, documents, target)
    write_s = time.perf_counter() - t2
    write_cpu = time.process_time() - cpu1
    write_server = process_cpu_seconds(server) - server1 if server and server1 is not None else None
    print(f"incremental refresh: {refresh_s:.3f} s ({done.quads:,} quads written, "
          f"{done.events} events, {done.reference_nodes} reference nodes rewritten)")  # fmt: skip
    print(
        f"  CPU: client {client_cpu:.3f} s, Neo4j "
        + (f"{server_cpu:.3f} s" if server_cpu is not None else "unknown")
    )
    print(f"writing the load's {quads:,} quads (documents, claims, events) into an empty store:"
          f" {write_s:.3f} s")  # fmt: skip
    print(
        f"  CPU: client {write_cpu:.3f} s, Neo4j "
        + (f"{write_server:.3f} s" if write_server is not None else "unknown")
    )
    print(f"ratio refresh : write = {refresh_s / write_s:.2f}x")
    if server_cpu is not None and write_server is not None:
        ratio = (client_cpu + server_cpu) / (write_cpu + write_server)
        print(f"ratio by CPU (client + Neo4j) = {ratio:.2f}x")


def run(settings: Settings, runs: int, parts: list[str]) -> None:
    settings = settings.model_copy(
        update={"sparql_dir": Path(tempfile.mkdtemp(prefix="kg-bench-sparql-")),
                "query_timeout_s": 300.0}
    )  # fmt: skip
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"python {platform.python_version()}, pyoxigraph {ox.__version__}")  # fmt: skip
    print(f"load average at start: {os.getloadavg()}", flush=True)
    with GraphStore.from_settings(settings) as store:
        store.wait_until_ready()
        init_schema(store)
        for query, _ in wipe_statements():
            store.run_autocommit(query)
        load_seeds(store, settings)
        t0 = time.perf_counter()
        write_graph(store, settings.namespace, EVENTS)
        print(f"wrote {EVENTS:,} generated events in {time.perf_counter() - t0:.0f} s")
        t1 = time.perf_counter()
        full = refresh(store, settings, full=True)
        print(f"full snapshot build: {full.quads:,} quads in {time.perf_counter() - t1:.1f} s",
              flush=True)  # fmt: skip
        if "query" in parts:
            bench_query(settings, runs)
        if "refresh" in parts:
            bench_refresh(store, settings, neo4j_pid(settings))
    print(f"load average at end: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--parts", nargs="+", choices=["query", "refresh"],
                        default=["query", "refresh"])  # fmt: skip
    args = parser.parse_args()
    if os.environ.get("NEO4J_URI"):
        from kg.config import load_settings

        run(load_settings(), args.runs, args.parts)
        return
    with tempfile.TemporaryDirectory() as home, neo4j_for_tests(Path(home)) as settings:
        run(settings, args.runs, args.parts)


if __name__ == "__main__":
    main()
