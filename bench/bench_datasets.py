"""Benchmark `kg load acled` against Neo4j's own LOAD CSV doing the same writes on the same file.

For each ACLED file (given with ``--files``, or generated with bench/gen_acled.py for each of
``--sizes``), on a fresh throwaway Neo4j each time (the project's launcher, free ports, a
temporary KG_HOME, same heap and page cache), with the schema, reference data and event types
loaded:

1. the loader (``kg.ingest.datasets.load_dataset``, the production code path, corroboration
   off) runs in a child process, which reports wall time, its own CPU time and its peak
   resident memory; with ``--roles`` it reads the roles from each row's notes (the default of
   ``kg load acled``), else every actor stays a participant (``--no-roles-from-text``);
2. on a second fresh server, one LOAD CSV statement (``bench/load_csv_acled.py``, ``CALL {...}
   IN TRANSACTIONS OF <chunk> ROWS``) writes the same nodes and relationships. Name resolution
   (and with ``--roles`` the roles the notes give) is Python work LOAD CSV cannot do: its
   results are handed to the statement as parameter maps and extra columns, computed before
   the clock starts; the time that took with ``--roles`` is reported as the notes' cost;
3. both graphs' node and relationship counts per label and type must be identical.

The server's CPU time during each measurement is reported too: on a shared machine it says
how much work each side made the database do, whatever the other processes took.
``--corroborate-size N`` loads N generated rows with corroboration off and on on fresh servers,
after the seed articles' events are in the graph (with ``--roles``, roles from the notes in
both: the first side then warms the parse cache for the second).

    .venv/bin/python bench/bench_datasets.py --files /tmp/acled_100k.csv
    .venv/bin/python bench/bench_datasets.py --files /tmp/acled_100k.csv --roles
    .venv/bin/python bench/bench_datasets.py --corroborate-size 20000

A big file's two sides can be measured in two runs, the second checking the first's counts:

    .venv/bin/python bench/bench_datasets.py --files /tmp/acled_1m.csv --only loader --out A.json
    .venv/bin/python bench/bench_datasets.py --files /tmp/acled_1m.csv --only load-csv \
        --counts-from A.json --out B.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from gen_acled import write as write_acled  # noqa: E402
from load_csv_acled import resolution_maps, run_load_csv  # noqa: E402
from proc_cpu import process_cpu_seconds  # noqa: E402

from kg.config import Settings  # noqa: E402
from kg.ingest.datasets import DEFAULT_CHUNK, LoadOptions, load_dataset  # noqa: E402
from kg.ingest.direction import text_direction  # noqa: E402
from kg.ingest.reference import load_event_types, load_reference  # noqa: E402
from kg.ops.neo4j import launcher  # noqa: E402
from kg.schema_init import init_schema  # noqa: E402
from kg.store import GraphStore  # noqa: E402
from loaders.datasets import acled  # noqa: E402
from loaders.datasets.aliases import read_alias_table, read_type_table  # noqa: E402
from loaders.datasets.resolve import Resolver  # noqa: E402
from loaders.graph.mapping import quoted  # noqa: E402
from loaders.graph.vocabulary import EVENT_TYPES  # noqa: E402
from loaders.reference import read_reference  # noqa: E402
from loaders.resources import SEEDS_DIR  # noqa: E402


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_load(path: Path, chunk: int, corroborate: bool, roles: bool) -> None:
    """Runs in a child process: load the file, print timing and peak memory as JSON."""
    cfg = Settings()
    with GraphStore.from_settings(cfg) as store:
        opts = LoadOptions(
            chunk_size=chunk,
            rules=LoadOptions().rules if corroborate else None,
            direction=text_direction if roles else None,
        )
        start = time.perf_counter()
        report = load_dataset(store, cfg, path, acled.FORMAT, opts)
        seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "rows": report.rows, "claims": report.claims,
                      "skipped": report.skipped, "rejected": report.rejected,
                      "oriented": report.oriented, "events": report.events,
                      "cpu_seconds": usage.ru_utime + usage.ru_stime,
                      "peak_rss_mb": usage.ru_maxrss / 1024}))  # fmt: skip


def run_child(
    cfg: Settings, path: Path, chunk: int, corroborate: bool, roles: bool
) -> dict[str, Any]:
    env = {
        **os.environ,
        "NEO4J_URI": cfg.bolt_uri,
        "NEO4J_PASSWORD": cfg.password,
        "KG_HOME": str(cfg.kg_home),
    }
    args = [sys.executable, __file__, "--child", str(path), "--chunk", str(chunk)]
    args += ["--corroborate"] if corroborate else []
    args += ["--roles"] if roles else []
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"the loader failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def counts(store: GraphStore) -> dict[str, int]:
    nodes = store.read("MATCH (n) UNWIND labels(n) AS l RETURN l AS k, count(*) AS n")
    rels = store.read("MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n")
    return {r["k"]: r["n"] for r in [*nodes, *rels]}


class Server:
    """A fresh throwaway Neo4j with the schema, reference data and event types loaded."""

    def __init__(self, heap: str, pagecache: str) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="kg-bench-datasets-"))
        self.cfg = Settings(
            KG_HOME=self.home,
            KG_BOLT_PORT=free_port(),
            KG_HTTP_PORT=free_port(),
            KG_NEO4J_HEAP=heap,
            KG_NEO4J_PAGECACHE=pagecache,
            NEO4J_PASSWORD=secrets.token_urlsafe(12),
        )

    def __enter__(self) -> tuple[Settings, GraphStore]:
        launcher.start(self.cfg)
        pid_file = launcher.ServerPaths.from_settings(self.cfg).pid_file
        self.pid = int(pid_file.read_text().strip())
        self.store = GraphStore.from_settings(self.cfg)
        self.store.wait_until_ready(timeout_s=600)  # a busy shared machine starts it slowly
        init_schema(self.store)
        load_reference(self.store, self.cfg)
        load_event_types(self.store, self.cfg)
        return self.cfg, self.store

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        return process_cpu_seconds(self.pid)

    def __exit__(self, *exc: object) -> None:
        self.store.close()
        launcher.stop(self.cfg)
        shutil.rmtree(self.home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[])
    parser.add_argument("--files", type=Path, nargs="*", default=[])
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK)
    parser.add_argument("--roles", action="store_true", help="read roles from the notes")
    parser.add_argument("--corroborate-size", type=int, default=0)
    parser.add_argument("--only", choices=["loader", "load-csv"])
    parser.add_argument("--counts-from", type=Path, help="a previous --out, for --only runs")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--child", type=Path)
    parser.add_argument("--corroborate", action="store_true")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "datasets.json")
    args = parser.parse_args()
    if args.child:
        child_load(args.child, args.chunk, args.corroborate, args.roles)
        return
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-files-"))
    results: list[dict[str, Any]] = []
    try:
        files = [*args.files, *(write_acled(scratch / f"acled_{n}.csv", n) for n in args.sizes)]
        for path in files:
            results.append(bench_file(path, scratch, args))
            print(json.dumps(results[-1]), flush=True)
        if args.corroborate_size:
            results.append(bench_corroboration(scratch, args))
            print(json.dumps(results[-1]), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")


def _rows_in(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh) - 1


def bench_file(path: Path, scratch: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Loader and LOAD CSV on one file; with ``--only``, one side (a big file's two halves fit
    the time of two separate runs), its counts compared with ``--counts-from``'s when given."""
    size = _rows_in(path)
    result: dict[str, Any] = {"rows": size, "file_mb": round(path.stat().st_size / 1e6, 1)}
    result |= {"chunk": args.chunk, "roles_from_notes": args.roles}
    if args.only in (None, "loader"):
        result.update(_bench_loader(path, size, args))
    if args.only in (None, "load-csv"):
        result.update(_bench_load_csv(path, size, scratch, args))
    if args.only is None:
        result["ratio_loader_to_load_csv"] = round(
            result["load_csv_seconds"] / result["loader_seconds"], 2
        )
    previous = _previous_counts(args.counts_from, path)
    ours = result.get("counts", previous.get("counts"))
    theirs = result.get("load_csv_counts", previous.get("load_csv_counts"))
    if ours is not None and theirs is not None:
        result["same_counts"] = ours == theirs
    return result


def _previous_counts(source: Path | None, path: Path) -> dict[str, Any]:
    if source is None:
        return {}
    for entry in json.loads(source.read_text()):
        if entry.get("file") == str(path):
            return dict(entry)
    raise SystemExit(f"{source} has no result for {path}")


def _bench_loader(path: Path, size: int, args: argparse.Namespace) -> dict[str, Any]:
    server = Server(args.heap, args.pagecache)
    with server as (cfg, store):
        cpu = server.cpu_seconds()
        ours = run_child(cfg, path, args.chunk, corroborate=False, roles=args.roles)
        neo4j_cpu = server.cpu_seconds() - cpu
        graph = counts(store)
    return {
        "file": str(path),
        "loader_seconds": round(ours["seconds"], 1),
        "loader_rows_per_s": round(size / ours["seconds"]),
        "loader_peak_rss_mb": round(ours["peak_rss_mb"], 1),
        "loader_python_cpu_s": round(ours["cpu_seconds"], 1),
        "loader_neo4j_cpu_s": round(neo4j_cpu, 1),
        "claims": ours["claims"],
        "skipped": ours["skipped"],
        "rejected": ours["rejected"],
        "oriented": ours["oriented"],
        "counts": graph,
    }


def _resolver() -> Resolver:
    ref = read_reference(SEEDS_DIR)
    return Resolver(
        ref,
        read_alias_table(SEEDS_DIR / "dataset_actor_aliases.yaml", ref),
        read_type_table(SEEDS_DIR / "dataset_event_types.yaml", EVENT_TYPES),
    )


def _bench_load_csv(
    path: Path, size: int, scratch: Path, args: argparse.Namespace
) -> dict[str, Any]:
    server = Server(args.heap, args.pagecache)
    direction = text_direction(read_reference(SEEDS_DIR), server.cfg) if args.roles else None
    with_roles = scratch / f"{path.stem}.roles.csv" if args.roles else None
    cpu = time.process_time()
    maps = resolution_maps(path, _resolver(), server.cfg.namespace, direction, with_roles)
    prepared_cpu = time.process_time() - cpu
    with server as (cfg, store):
        cpu = server.cpu_seconds()
        seconds = run_load_csv(store, cfg, with_roles or path, maps, args.chunk)
        neo4j_cpu = server.cpu_seconds() - cpu
        graph = counts(store)
    if with_roles is not None:
        with_roles.unlink()
    return {
        "file": str(path),
        "load_csv_seconds": round(seconds, 1),
        "load_csv_rows_per_s": round(size / seconds),
        "load_csv_neo4j_cpu_s": round(neo4j_cpu, 1),
        "load_csv_prepared_cpu_s": round(prepared_cpu, 1),
        "load_csv_counts": graph,
    }


def bench_corroboration(scratch: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The same generated rows with corroboration off and on, each on a fresh server holding
    the seed articles' events (so that rows find candidates); roles from the notes with
    ``--roles``."""
    from kg.ingest.articles import load_seeds

    path = write_acled(scratch / "acled_corroborate.csv", args.corroborate_size, seed=11)
    out: dict[str, Any] = {"corroboration_rows": args.corroborate_size}
    for corroborate in (False, True):
        server = Server(args.heap, args.pagecache)
        with server as (cfg, store):
            load_seeds(store, cfg)
            cpu = server.cpu_seconds()
            run = run_child(cfg, path, args.chunk, corroborate, roles=args.roles)
            key = "with_events" if corroborate else "without_events"
            out[f"{key}_seconds"] = round(run["seconds"], 1)
            out[f"{key}_rows_per_s"] = round(args.corroborate_size / run["seconds"])
            out[f"{key}_python_cpu_s"] = round(run["cpu_seconds"], 1)
            out[f"{key}_neo4j_cpu_s"] = round(server.cpu_seconds() - cpu, 1)
            if corroborate:
                query = f"MATCH (e:{quoted('Event')}) RETURN count(e) AS n"
                out["events"] = store.read(query)[0]["n"]
    out["cost_on_to_off"] = round(out["with_events_seconds"] / out["without_events_seconds"], 2)
    return out


if __name__ == "__main__":
    main()
