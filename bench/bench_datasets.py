"""Benchmark `kg load acled` against Neo4j's own LOAD CSV doing the same MERGEs on the same file.

For each ACLED file (given with ``--files``, or generated with bench/gen_acled.py for each of
``--sizes``), on a fresh throwaway Neo4j each time (the project's launcher, free ports, a
temporary KG_HOME, same heap and page cache), with the schema, reference data and event types
loaded:

1. the loader (``kg.ingest.datasets.load_dataset``, the production code path) runs in a child
process,    which reports wall time, its own CPU time and its peak resident memory;
2. on a second fresh server, one LOAD CSV statement (``CALL {...} IN TRANSACTIONS OF <chunk>
   ROWS``) MERGEs the same nodes and relationships. Name resolution (aliases, gazetteer) is
   Python work LOAD CSV cannot do: its results are handed to the statement as parameter maps,
   computed before the clock starts;
3. both graphs' node and relationship counts per label and type must be identical.

The server's CPU time during each measurement is reported too: on a shared machine it says
how much work each side made the database do, whatever the other processes took.

    .venv/bin/python bench/bench_datasets.py --files /tmp/acled_100k.csv
    .venv/bin/python bench/bench_datasets.py --sizes 100000 --corroborate-size 5000

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
from proc_cpu import process_cpu_seconds  # noqa: E402

from kg.config import Settings  # noqa: E402
from kg.ingest.datasets import DEFAULT_CHUNK, LoadOptions, load_dataset  # noqa: E402
from kg.ingest.reference import load_event_types, load_reference  # noqa: E402
from kg.ops.neo4j import launcher  # noqa: E402
from kg.schema_init import init_schema  # noqa: E402
from kg.store import GraphStore  # noqa: E402
from loaders.datasets import acled  # noqa: E402
from loaders.datasets.graph import LOADER_VERSION  # noqa: E402
from loaders.datasets.resolve import Resolver, read_alias_table, read_type_table  # noqa: E402
from loaders.graph.mapping import instance_iri, quoted  # noqa: E402
from loaders.graph.vocabulary import EVENT_TYPES  # noqa: E402
from loaders.reference import read_reference  # noqa: E402
from loaders.resources import SEEDS_DIR  # noqa: E402

MONTHS = {
    name: i + 1
    for i, name in enumerate(
        [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ]
    )
}  # fmt: skip


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_load(path: Path, chunk: int, corroborate: bool) -> None:
    """Runs in a child process: load the file, print timing and peak memory as JSON."""
    cfg = Settings()
    with GraphStore.from_settings(cfg) as store:
        opts = LoadOptions(chunk_size=chunk, rules=LoadOptions().rules if corroborate else None)
        start = time.perf_counter()
        report = load_dataset(store, cfg, path, acled.FORMAT, opts)
        seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "rows": report.rows, "claims": report.claims,
                      "skipped": report.skipped, "rejected": report.rejected,
                      "cpu_seconds": usage.ru_utime + usage.ru_stime,
                      "peak_rss_mb": usage.ru_maxrss / 1024}))  # fmt: skip


def run_child(cfg: Settings, path: Path, chunk: int, corroborate: bool) -> dict[str, Any]:
    env = {
        **os.environ,
        "NEO4J_URI": cfg.bolt_uri,
        "NEO4J_PASSWORD": cfg.password,
        "KG_HOME": str(cfg.kg_home),
    }
    args = [sys.executable, __file__, "--child", str(path), "--chunk", str(chunk)]
    if corroborate:
        args.append("--corroborate")
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def counts(store: GraphStore) -> dict[str, int]:
    nodes = store.read("MATCH (n) UNWIND labels(n) AS l RETURN l AS k, count(*) AS n")
    rels = store.read("MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n")
    return {r["k"]: r["n"] for r in [*nodes, *rels]}


def resolution_maps(path: Path, resolver: Resolver, base: str) -> dict[str, Any]:
    """What the Python loader resolves, as maps for LOAD CSV (computed before timing).

    Only the rows that bring a new name, source list, location or category are parsed: the
    resolver caches by name, so the maps are the same as from parsing every row.
    """
    import csv

    actors: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    places: dict[str, Any] = {}
    types: dict[str, Any] = {}
    seen: set[tuple[str, ...]] = set()

    def node(label: str, r: Any, **extra: Any) -> dict[str, Any]:
        props = {"id": r.id, "name": r.name, "aliases": [r.name], "reviewNeeded": True, **extra}
        return {
            "iri": instance_iri(base, label, r.id),
            "new": r.new,
            "props": props if r.new else {},
        }

    with path.open(newline="", encoding="utf-8") as fh:
        for i, raw in enumerate(csv.DictReader(fh)):
            key = f"{raw['location']}|{raw['latitude']}|{raw['longitude']}|{raw['geo_precision']}"
            keys = {
                ("actor1", raw["actor1"], raw["assoc_actor_1"]),
                ("actor2", raw["actor2"], raw["assoc_actor_2"]),
                ("source", raw["source"]),
                ("place", key),
                ("type", raw["sub_event_type"]),
            }
            if keys <= seen:
                continue
            seen |= keys
            row = acled.parse_row(raw, i + 2)
            et = resolver.event_type("acled", row.category)
            types[row.category] = None if et is None else instance_iri(base, "EventType", et)
            for a in (*row.attackers, *row.targets):
                r = resolver.actor(a.name, a.actor_type)
                actors[a.name] = node("Actor", r, actorType=r.kind)
            for name in row.sources:
                r = resolver.source(name)
                sources[name] = node("Source", r, sourceType=r.kind)
            r = resolver.place(row.location)
            km = r.precision_km
            place = node("Place", r, placeType=r.kind, lat=r.lat, lon=r.lon, precisionKm=km)
            parent = [instance_iri(base, "Place", r.part_of)] if r.new and r.part_of else []
            places[key] = {**place, "parents": parent}
    return {"actors": actors, "sources": sources, "places": places, "types": types}


def load_csv_query(chunk: int) -> str:
    c, d, s, a, p = (quoted(x) for x in ("Claim", "Document", "Source", "Actor", "Place"))
    f, t, x = quoted("CasualtyFigure"), quoted("EventType"), quoted("Extraction")
    return f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
  WITH row, $types[row.sub_event_type] AS type
  WHERE type IS NOT NULL
  WITH row, type, $actors[row.actor1] AS a1,
       CASE WHEN row.actor2 = '' THEN [] ELSE [$actors[row.actor2]] END AS a2,
       $places[row.location + '|' + row.latitude + '|' + row.longitude + '|' + row.geo_precision]
         AS pl,
       [n IN split(row.source, ';') WHERE trim(n) <> '' | $sources[trim(n)]] AS srcs,
       split(row.event_date, ' ') AS dp, 'acled-' + toLower(row.event_id_cnty) AS cid
  WITH *, date({{year: toInteger(dp[2]), month: $months[dp[1]], day: toInteger(dp[0])}}) AS day,
       $precisions[row.time_precision] AS prec
  WITH *, CASE prec WHEN 'week' THEN day - duration({{days: 3}})
                    WHEN 'month' THEN date.truncate('month', day) ELSE day END AS s,
          CASE prec WHEN 'week' THEN day + duration({{days: 3}})
                    WHEN 'month' THEN date.truncate('month', day) + duration({{months: 1}})
                      - duration({{days: 1}}) ELSE day END AS e,
          a1.new OR any(z IN a2 WHERE z.new) OR any(z IN srcs WHERE z.new) OR pl.new AS anyNew
  MERGE (c:{c} {{iri: $base + 'claim/' + cid}})
  SET c += {{id: cid, quote: row.notes, startDate: s, endDate: e, datePrecision: prec,
            confidence: CASE WHEN anyNew THEN 0.8 ELSE 1.0 END,
            rule: 'acled time_precision=' + row.time_precision
              + ' geo_precision=' + row.geo_precision,
            locator: 'ACLED ' + row.event_id_cnty}}
  MERGE (d:{d} {{iri: $base + 'document/' + cid}})
  SET d += {{id: cid, title: 'ACLED ' + row.event_id_cnty, documentType: 'DatasetRecord',
            sha256: ''}}
  MERGE (c)-[:{quoted("DERIVED_FROM")}]->(d)
  WITH *
  MATCH (pub:{s} {{iri: $publisher}})
  MERGE (d)-[:{quoted("PUBLISHED_BY")}]->(pub)
  MERGE (x:{x} {{iri: $extraction}}) SET x += $extractionProps
  MERGE (c)-[:{quoted("GENERATED_BY")}]->(x)
  MERGE (t:{t} {{iri: type}}) SET t.id = split(type, '/')[-1]
  MERGE (c)-[:{quoted("HAS_TYPE")}]->(t)
  MERGE (a:{a} {{iri: a1.iri}}) SET a += a1.props
  MERGE (c)-[:{quoted("ATTACKER")}]->(a)
  FOREACH (z IN a2 | MERGE (b:{a} {{iri: z.iri}}) SET b += z.props
                     MERGE (c)-[:{quoted("TARGET")}]->(b))
  FOREACH (z IN srcs | MERGE (so:{s} {{iri: z.iri}}) SET so += z.props
                       MERGE (c)-[:{quoted("ATTRIBUTED_TO")}]->(so))
  MERGE (p:{p} {{iri: pl.iri}}) SET p += pl.props
  FOREACH (_ IN CASE WHEN pl.new THEN [1] ELSE [] END |
    SET p.location = point({{latitude: p.lat, longitude: p.lon}}))
  MERGE (c)-[:{quoted("OCCURRED_AT")}]->(p)
  FOREACH (par IN pl.parents | MERGE (q:{p} {{iri: par}}) MERGE (p)-[:{quoted("PART_OF")}]->(q))
  MERGE (fig:{f} {{iri: $base + 'casualty/' + cid + '-1'}})
  SET fig += {{id: cid + '-1', count: toInteger(row.fatalities), qualifier: 'at_least',
              casualtyKind: 'killed', groupLabel: 'fatalities'}}
  MERGE (c)-[:{quoted("REPORTS")}]->(fig)
}} IN TRANSACTIONS OF {chunk} ROWS
"""


def run_load_csv(
    store: GraphStore, cfg: Settings, path: Path, maps: dict[str, Any], chunk: int
) -> float:
    target = cfg.kg_home / "import" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(path, target)  # no copy of a big file where a hard link will do
    except OSError:
        shutil.copy(path, target)
    base = cfg.namespace
    params = {
        **maps,
        "url": f"file:///{path.name}",
        "base": base,
        "months": MONTHS,
        "precisions": {"1": "day", "2": "week", "3": "month"},
        "publisher": instance_iri(base, "Source", "acled"),
        "extraction": instance_iri(base, "Extraction", f"dataset-acled-{LOADER_VERSION}"),
        "extractionProps": {
            "id": f"dataset-acled-{LOADER_VERSION}",
            "method": "dataset:acled",
            "version": LOADER_VERSION,
        },
    }
    start = time.perf_counter()
    store.run_autocommit(load_csv_query(chunk), params)
    seconds = time.perf_counter() - start
    target.unlink()
    return seconds


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
        self.store.wait_until_ready()
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
        child_load(args.child, args.chunk, args.corroborate)
        return
    ref = read_reference(SEEDS_DIR)
    resolver = Resolver(
        ref,
        read_alias_table(SEEDS_DIR / "dataset_actor_aliases.yaml", ref),
        read_type_table(SEEDS_DIR / "dataset_event_types.yaml", EVENT_TYPES),
    )
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-files-"))
    results: list[dict[str, Any]] = []
    try:
        files = [*args.files, *(write_acled(scratch / f"acled_{n}.csv", n) for n in args.sizes)]
        for path in files:
            results.append(bench_file(path, resolver, args))
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


def bench_file(path: Path, resolver: Resolver, args: argparse.Namespace) -> dict[str, Any]:
    """Loader and LOAD CSV on one file; with ``--only``, one side (a big file's two halves fit
    the time of two separate runs), its counts compared with ``--counts-from``'s when given."""
    size = _rows_in(path)
    result: dict[str, Any] = {"rows": size, "file_mb": round(path.stat().st_size / 1e6, 1)}
    result["chunk"] = args.chunk
    if args.only in (None, "loader"):
        result.update(_bench_loader(path, size, args))
    if args.only in (None, "load-csv"):
        result.update(_bench_load_csv(path, size, resolver, args))
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
        ours = run_child(cfg, path, args.chunk, corroborate=False)
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
        "counts": graph,
    }


def _bench_load_csv(
    path: Path, size: int, resolver: Resolver, args: argparse.Namespace
) -> dict[str, Any]:
    server = Server(args.heap, args.pagecache)
    maps = resolution_maps(path, resolver, server.cfg.namespace)
    with server as (cfg, store):
        cpu = server.cpu_seconds()
        seconds = run_load_csv(store, cfg, path, maps, args.chunk)
        neo4j_cpu = server.cpu_seconds() - cpu
        graph = counts(store)
    return {
        "file": str(path),
        "load_csv_seconds": round(seconds, 1),
        "load_csv_rows_per_s": round(size / seconds),
        "load_csv_neo4j_cpu_s": round(neo4j_cpu, 1),
        "load_csv_counts": graph,
    }


def bench_corroboration(scratch: Path, args: argparse.Namespace) -> dict[str, Any]:
    path = write_acled(scratch / "acled_corroborate.csv", args.corroborate_size, seed=11)
    seconds = {}
    for corroborate in (False, True):
        with Server(args.heap, args.pagecache) as (cfg, store):
            seconds[corroborate] = run_child(cfg, path, args.chunk, corroborate)["seconds"]
            if corroborate:
                query = f"MATCH (e:{quoted('Event')}) RETURN count(e) AS n"
                events = store.read(query)[0]["n"]
    return {
        "corroboration_rows": args.corroborate_size,
        "without_events_rows_per_s": round(args.corroborate_size / seconds[False]),
        "with_events_rows_per_s": round(args.corroborate_size / seconds[True]),
        "events": events,
    }


if __name__ == "__main__":
    main()
