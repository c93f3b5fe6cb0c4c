"""A synthetic graph of N events with claims, for the GraphQL benchmark.

Reference data are the seeds (actors, places, sources, event types); on top of them come 400
generated villages under the seed governorates, then N events over 2014-2019, each with one to
three claims (quote, source, document, extraction, sometimes a casualty figure), written through
``GraphBatch`` and ``GraphStore.write_batch`` as the loaders write. Seeded: the same N gives
the same graph.

    .venv/bin/python bench/gen_graph.py --home /tmp/kg-bench --events 100000

Starts a throwaway Neo4j with the project's launcher on free ports, its data under ``--home``
(the database is wiped first), and leaves it running for ``bench/bench_graphql.py``;
``--stop`` stops it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.config import Settings
from kg.cypher import wipe_statements
from kg.ingest.reference import load_event_types, load_reference
from kg.ops.neo4j import launcher
from kg.schema_init import init_schema
from kg.stats import graph_stats
from kg.store import GraphStore
from loaders.graph.batch import GraphBatch, NodeRow
from loaders.graph.mapping import instance_iri
from loaders.graph.vocabulary import EVENT_TYPES
from loaders.reference import ReferenceData
from tests.neo4j_fixture import free_port

FIRST_DAY = dt.date(2014, 1, 1)
DAYS = 6 * 365
VILLAGES = 400
SETTINGS_FILE = "bench-settings.json"


def bench_settings(home: Path, start: bool) -> Settings:
    """Settings of the benchmark server under ``home``; started on free ports when asked."""
    saved = home / SETTINGS_FILE
    if saved.exists():
        cfg = Settings(**json.loads(saved.read_text()))
    else:
        cfg = Settings(
            KG_HOME=home,
            KG_BOLT_PORT=free_port(),
            KG_HTTP_PORT=free_port(),
            KG_NEO4J_HEAP="1g",
            KG_NEO4J_PAGECACHE="1g",
            NEO4J_PASSWORD=secrets.token_urlsafe(12),
        )
        home.mkdir(parents=True, exist_ok=True)
        saved.write_text(
            json.dumps(
                {
                    "KG_HOME": str(home),
                    "KG_BOLT_PORT": cfg.bolt_port,
                    "KG_HTTP_PORT": cfg.http_port,
                    "KG_NEO4J_HEAP": cfg.neo4j_heap,
                    "KG_NEO4J_PAGECACHE": cfg.neo4j_pagecache,
                    "NEO4J_PASSWORD": cfg.password,
                }
            )
        )
    if start and not launcher.status(cfg).running:
        launcher.start(cfg)
    return cfg


def villages(ref: ReferenceData, base: str, rng: random.Random) -> tuple[GraphBatch, list[str]]:
    """Generated villages jittered around the seed governorates, PART_OF them."""
    govs = [p.id for p in ref.places if p.id.endswith("-governorate")]
    parent = {p.id: p.part_of for p in ref.places}

    def governorate(place: str | None) -> str | None:
        while place is not None and not place.endswith("-governorate"):
            place = parent.get(place)
        return place

    centre: dict[str, tuple[float, float]] = {}
    for p in ref.places:
        gov = governorate(p.id)
        if gov and p.lat is not None and p.lon is not None:
            centre.setdefault(gov, (p.lat, p.lon))
    batch = GraphBatch()
    ids = []
    for n in range(VILLAGES):
        gov = govs[n % len(govs)]
        ident = f"village-{n:03d}"
        lat0, lon0 = centre.get(gov, (35.0, 38.5))
        lat = round(lat0 + rng.uniform(-0.4, 0.4), 4)
        lon = round(lon0 + rng.uniform(-0.4, 0.4), 4)
        iri = batch.add_node(
            "Place",
            instance_iri(base, "Place", ident),
            id=ident,
            name=f"Village {n}",
            aliases=[f"Village {n}"],
            placeType="Village",
            lat=lat,
            lon=lon,
        )
        batch.add_rel("PART_OF", "Place", iri, "Place", instance_iri(base, "Place", gov))
        ids.append(ident)
    return batch, ids


def _span(rng: random.Random) -> tuple[dt.date, dt.date, str]:
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    roll = rng.random()
    if roll < 0.7:
        return day, day, "day"
    if roll < 0.9:
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return first, last, "month"
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"


def events_batch(
    first: int, count: int, pools: dict[str, list[str]], base: str, rng: random.Random
) -> GraphBatch:
    """Events ``first .. first+count-1`` with their claims and provenance."""
    b = GraphBatch()
    iri = lambda label, ident: instance_iri(base, label, ident)  # noqa: E731
    ext = b.add_node(
        "Extraction", iri("Extraction", "bench-1"), id="bench-1", method="bench", version="1"
    )
    for n in range(first, first + count):
        eid = f"bench-{n:06d}"
        start, end, precision = _span(rng)
        etype = rng.choice(pools["types"])
        attacker, target = rng.sample(pools["actors"], 2)
        place = rng.choice(pools["places"])
        sources = rng.sample(pools["sources"], rng.choice((1, 1, 2, 3)))
        ev = iri("Event", eid)
        b.nodes.append(
            NodeRow(
                label="Event",
                iri=ev,
                props={
                    "id": eid,
                    "label": f"{etype} at {place} ({start})",
                    "startDate": start,
                    "endDate": end,
                    "datePrecision": precision,
                    "claimCount": len(sources),
                    "sourceCount": len(sources),
                },
            )
        )
        b.add_rel("HAS_TYPE", "Event", ev, "EventType", iri("EventType", etype))
        b.add_rel("ATTACKER", "Event", ev, "Actor", iri("Actor", attacker))
        b.add_rel("TARGET", "Event", ev, "Actor", iri("Actor", target))
        b.add_rel("OCCURRED_AT", "Event", ev, "Place", iri("Place", place))
        for i, source in enumerate(sources):
            cid = f"{eid}-{i}"
            doc = f"bench-doc-{(n * 3 + i) % (pools['n_docs'][0]):05d}"
            quote = (
                f"{attacker} carried out an {etype} against {target} near {place}, {source} said"
            )
            cl = b.add_node(
                "Claim",
                iri("Claim", cid),
                id=cid,
                quote=quote,
                startOffset=0,
                endOffset=len(quote),
                startDate=start,
                endDate=end,
                datePrecision=precision,
                confidence=0.8,
                rule="bench",
            )
            for rel, label, dst in (
                ("SUPPORTS", "Event", ev),
                ("DERIVED_FROM", "Document", iri("Document", doc)),
                ("ATTRIBUTED_TO", "Source", iri("Source", source)),
                ("GENERATED_BY", "Extraction", ext),
                ("HAS_TYPE", "EventType", iri("EventType", etype)),
            ):
                b.add_rel(rel, "Claim", cl, label, dst)
            if rng.random() < 0.4:
                fig = b.add_node(
                    "CasualtyFigure",
                    iri("CasualtyFigure", cid),
                    id=cid,
                    count=rng.randrange(1, 60),
                    qualifier=rng.choice(("exact", "at_least", "about")),
                    casualtyKind="killed",
                )
                b.add_rel("REPORTS", "Claim", cl, "CasualtyFigure", fig)
                b.add_rel("COUNTS", "CasualtyFigure", fig, "Actor", iri("Actor", target))
    return b


def documents_batch(n_docs: int, sources: list[str], base: str) -> GraphBatch:
    b = GraphBatch()
    for n in range(n_docs):
        ident = f"bench-doc-{n:05d}"
        d = b.add_node(
            "Document",
            instance_iri(base, "Document", ident),
            id=ident,
            title=f"Report {n}",
            url=f"https://news.example/{ident}",
            documentType="NewsArticle",
            sha256=f"{n:064x}",
            language="en",
        )
        b.add_rel(
            "PUBLISHED_BY",
            "Document",
            d,
            "Source",
            instance_iri(base, "Source", sources[n % len(sources)]),
        )
    return b


def generate(store: GraphStore, cfg: Settings, events: int, chunk: int, seed: int) -> None:
    rng = random.Random(seed)
    for query, _ in wipe_statements():
        store.run_autocommit(query)
    init_schema(store)
    ref = load_reference(store, cfg)
    load_event_types(store, cfg)
    vbatch, village_ids = villages(ref, cfg.namespace, rng)
    store.write_batch(vbatch)
    n_docs = max(1, events // 10)
    pools: dict[str, list] = {  # type: ignore[type-arg]
        "actors": [a.id for a in ref.actors],
        "places": village_ids + [p.id for p in ref.places if p.lat is not None],
        "sources": [s.id for s in ref.sources],
        "types": [t for t in EVENT_TYPES if t != "control_statement"],
        "n_docs": [n_docs],
    }
    store.write_batch(documents_batch(n_docs, pools["sources"], cfg.namespace))
    t0 = time.perf_counter()
    for first in range(0, events, chunk):
        store.write_batch(
            events_batch(first, min(chunk, events - first), pools, cfg.namespace, rng)
        )
        done = min(first + chunk, events)
        print(f"{done} events, {done / (time.perf_counter() - t0):.0f}/s", flush=True)
    store.run_autocommit("CALL db.awaitIndexes(300)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--stop", action="store_true", help="stop the benchmark server")
    args = parser.parse_args()
    if args.stop:
        launcher.stop(bench_settings(args.home, start=False))
        return
    cfg = bench_settings(args.home, start=True)
    with GraphStore.from_settings(cfg) as store:
        store.wait_until_ready()
        generate(store, cfg, args.events, args.chunk, args.seed)
        print(json.dumps(graph_stats(store)))


if __name__ == "__main__":
    main()
