"""Benchmark `kg load acled` against Neo4j's own LOAD CSV doing the same MERGEs on the same file.

Starts a throwaway Neo4j (the project's launcher, free ports, a temporary KG_HOME), generates
ACLED files with bench/gen_acled.py, then for each size:

1. runs the loader (``kg.datasets.load_dataset``) in a child process, which reports wall time
   and its peak resident memory (so each size is measured on its own);
2. empties the graph (reference data and event types are re-loaded), and runs one LOAD CSV
   statement (``CALL {...} IN TRANSACTIONS OF 5000 ROWS``) writing the same nodes and
   relationships. Name resolution (aliases, gazetteer) is Python work LOAD CSV cannot do: its
   results are handed to the statement as parameter maps, computed before the clock starts;
3. checks that both produced the same node and relationship counts.

    .venv/bin/python bench/bench_datasets.py --sizes 100000 1000000
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

from kg.config import Settings  # noqa: E402
from kg.cypher import delete_all  # noqa: E402
from kg.datasets import LoadOptions, load_dataset  # noqa: E402
from kg.ingest import SEEDS_DIR, load_event_types, load_reference  # noqa: E402
from kg.mapping import instance_iri, quoted  # noqa: E402
from kg.neo4j_server import launcher  # noqa: E402
from kg.schema_init import init_schema  # noqa: E402
from kg.store import GraphStore  # noqa: E402
from kg.vocab import EVENT_TYPES  # noqa: E402
from loaders.datasets import acled  # noqa: E402
from loaders.datasets.graph import LOADER_VERSION  # noqa: E402
from loaders.datasets.resolve import Resolver, read_alias_table, read_type_table  # noqa: E402

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
        report = load_dataset(store, cfg, path, "acled", opts)
        seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "rows": report.rows, "claims": report.claims,
                      "skipped": report.skipped, "rejected": report.rejected,
                      "peak_rss_mb": peak_kb / 1024}))  # fmt: skip


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


def reset(store: GraphStore, cfg: Settings) -> None:
    # Small transactions: deleting claims touches the few dense source and actor nodes, and
    # big batches of that exceed the test server's transaction memory.
    store.run_autocommit("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 2000 ROWS")
    store.run_autocommit(delete_all()[0])
    load_reference(store, cfg)
    load_event_types(store, cfg)


def resolution_maps(path: Path, resolver: Resolver, base: str) -> dict[str, Any]:
    """What the Python loader resolves, as maps for LOAD CSV (computed before timing)."""
    import csv

    actors: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    places: dict[str, Any] = {}
    types: dict[str, Any] = {}

    def node(label: str, r: Any, **extra: Any) -> dict[str, Any]:
        props = {"id": r.id, "name": r.name, "aliases": [r.name], "reviewNeeded": True, **extra}
        return {
            "iri": instance_iri(base, label, r.id),
            "new": r.new,
            "props": props if r.new else {},
        }

    with path.open(newline="", encoding="utf-8") as fh:
        for i, raw in enumerate(csv.DictReader(fh)):
            row = acled.parse_row(raw, i + 2)
            et = resolver.event_type("acled", row.category)
            types[row.category] = None if et is None else instance_iri(base, "EventType", et)
            for a in (*row.attackers, *row.targets):
                r = resolver.actor(a.name, a.actor_type)
                actors[a.name] = node("Actor", r, actorType=r.kind)
            for s in row.sources:
                r = resolver.source(s)
                sources[s] = node("Source", r, sourceType=r.kind)
            loc = row.location
            key = f"{raw['location']}|{raw['latitude']}|{raw['longitude']}|{raw['geo_precision']}"
            r = resolver.place(loc)
            km = r.precision_km
            place = node("Place", r, placeType=r.kind, lat=r.lat, lon=r.lon, precisionKm=km)
            parent = [instance_iri(base, "Place", r.part_of)] if r.new and r.part_of else []
            places[key] = {**place, "parents": parent}
    return {"actors": actors, "sources": sources, "places": places, "types": types}


def load_csv_query() -> str:
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
}} IN TRANSACTIONS OF 5000 ROWS
"""


def run_load_csv(store: GraphStore, cfg: Settings, path: Path, maps: dict[str, Any]) -> float:
    target = cfg.kg_home / "import" / path.name
    shutil.copy(path, target)
    base = cfg.base_iri
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
    store.run_autocommit(load_csv_query(), params)
    seconds = time.perf_counter() - start
    target.unlink()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--corroborate-size", type=int, default=20_000)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--corroborate", action="store_true")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "datasets.json")
    args = parser.parse_args()
    if args.child:
        child_load(args.child, args.chunk, args.corroborate)
        return
    home = Path(tempfile.mkdtemp(prefix="kg-bench-datasets-"))
    cfg = Settings(
        KG_HOME=home,
        KG_BOLT_PORT=free_port(),
        KG_HTTP_PORT=free_port(),
        KG_NEO4J_HEAP="2g",
        KG_NEO4J_PAGECACHE="2g",
        NEO4J_PASSWORD=secrets.token_urlsafe(12),
    )
    launcher.start(cfg)
    results: list[dict[str, Any]] = []
    try:
        with GraphStore.from_settings(cfg) as store:
            store.wait_until_ready()
            init_schema(store)
            ref = load_reference(store, cfg)
            resolver = Resolver(
                ref,
                read_alias_table(SEEDS_DIR / "dataset_actor_aliases.yaml", ref),
                read_type_table(SEEDS_DIR / "dataset_event_types.yaml", EVENT_TYPES),
            )
            for size in args.sizes:
                results.append(bench_size(store, cfg, home, size, args.chunk, resolver))
                print(json.dumps(results[-1]), flush=True)
            if args.corroborate_size:
                results.append(bench_corroboration(store, cfg, home, args))
                print(json.dumps(results[-1]), flush=True)
    finally:
        launcher.stop(cfg)
        shutil.rmtree(home, ignore_errors=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")


def bench_size(
    store: GraphStore, cfg: Settings, home: Path, size: int, chunk: int, resolver: Resolver
) -> dict[str, Any]:
    path = write_acled(home / f"acled_{size}.csv", size)
    reset(store, cfg)
    ours = run_child(cfg, path, chunk, corroborate=False)
    ours_counts = counts(store)
    maps = resolution_maps(path, resolver, cfg.base_iri)
    reset(store, cfg)
    csv_seconds = run_load_csv(store, cfg, path, maps)
    csv_counts = counts(store)
    file_mb = round(path.stat().st_size / 1e6, 1)
    path.unlink()
    return {
        "rows": size,
        "file_mb": file_mb,
        "loader_seconds": round(ours["seconds"], 1),
        "loader_rows_per_s": round(size / ours["seconds"]),
        "loader_peak_rss_mb": round(ours["peak_rss_mb"], 1),
        "load_csv_seconds": round(csv_seconds, 1),
        "load_csv_rows_per_s": round(size / csv_seconds),
        "ratio_loader_to_load_csv": round(csv_seconds / ours["seconds"], 2),
        "same_counts": ours_counts == csv_counts,
        "counts": ours_counts,
        "load_csv_counts": csv_counts if ours_counts != csv_counts else "same",
        "claims": ours["claims"],
        "skipped": ours["skipped"],
    }


def bench_corroboration(
    store: GraphStore, cfg: Settings, home: Path, args: argparse.Namespace
) -> dict[str, Any]:
    path = write_acled(home / "acled_corroborate.csv", args.corroborate_size, seed=11)
    reset(store, cfg)
    plain = run_child(cfg, path, args.chunk, corroborate=False)
    reset(store, cfg)
    with_events = run_child(cfg, path, args.chunk, corroborate=True)
    events = store.read(f"MATCH (e:{quoted('Event')}) RETURN count(e) AS n")[0]["n"]
    return {
        "corroboration_rows": args.corroborate_size,
        "without_events_rows_per_s": round(args.corroborate_size / plain["seconds"]),
        "with_events_rows_per_s": round(args.corroborate_size / with_events["seconds"]),
        "events": events,
    }


if __name__ == "__main__":
    main()
