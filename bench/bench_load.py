"""Load throughput into Neo4j, in claims per second, for generated claims.

Generates documents whose text holds one sentence per claim and an ``Extraction`` naming seed
actors, places and event types with random dates, then loads them through the production path
(``prepare_article`` + one ``write_article`` transaction per document in ``ArticleWriter``'s
thread: document, claims, event resolution and aggregates), after a claims-only baseline of the
same documents. Counts are checked after the run. Extraction is not timed; reading files is not
involved. For each timed phase it also reports the CPU time of this process (all its threads)
and, when the bench started the server itself, of the Neo4j process, read from ``/proc``: their
sum per claim bounds what any client could reach on this machine's cores. Before timing, it
loads and deletes ``--warmup`` other claims, so that the server's JIT has compiled the code the
statements run, as on a server that has been up for a while.

    .venv/bin/python bench/bench_load.py --claims 50000 --per-doc 50 [--places 2000]

Uses NEO4J_URI/NEO4J_PASSWORD when set, else starts a throwaway local server (as the tests do).
The database is wiped first: never point it at data you want to keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import os
import random
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proc_cpu import process_cpu_seconds

from kg.config import Settings
from kg.cypher import wipe_statements
from kg.ingest.article_cypher import write_document
from kg.ingest.article_reads import WriteContext
from kg.ingest.article_tx import ArticleWriter, Outcome
from kg.ingest.event_aggregates import read_context
from kg.ingest.reference import load_event_types, load_reference
from kg.schema_init import init_schema
from kg.stats import graph_stats
from kg.store import GraphStore
from loaders.articles.documents import Article, ArticleMeta, document_iri
from loaders.articles.prepared import PreparedArticle, prepare_article
from loaders.claims import Casualties, DateSpan, EventClaim, Extraction
from loaders.graph.mapping import quoted
from loaders.graph.vocabulary import EVENT_TYPES
from loaders.reference import PlaceEntry, ReferenceData, reference_batch
from loaders.resolution.rules import MatchRules
from loaders.resolution.signatures import SignatureContext
from loaders.resources import SEEDS_DIR
from tests.neo4j_fixture import neo4j_for_tests


class CpuClock:
    """CPU seconds used by this process and, when its pid is known, by the Neo4j server."""

    def __init__(self, settings: Settings) -> None:
        from kg.ops.neo4j import launcher

        pid_file = launcher.ServerPaths.from_settings(settings).pid_file
        self.pid = int(pid_file.read_text().strip()) if pid_file.exists() else None

    def server(self) -> float | None:
        return None if self.pid is None else process_cpu_seconds(self.pid)

    def read(self) -> tuple[float, float | None]:
        return time.process_time(), self.server()

    def since(self, start: tuple[float, float | None], claims: int, wall: float) -> str:
        """CPU per claim of both processes since ``start``, and the claims/s that this much
        work would allow with every core busy."""
        ours, server = self.read()
        ours -= start[0]
        text = f"loader CPU {ours:.1f} s ({ours / claims * 1000:.3f} ms/claim)"
        if server is None or start[1] is None:
            return text + "; server CPU unknown (not started by the bench)"
        server -= start[1]
        cores = os.cpu_count() or 1
        per_claim = (ours + server) / claims
        return (
            f"{text}; Neo4j CPU {server:.1f} s ({server / claims * 1000:.3f} ms/claim,"
            f" {server / wall:.0%} of one core); both: {per_claim * 1000:.3f} ms/claim,"
            f" at most {cores / per_claim:,.0f} claims/s on {cores} cores"
        )


FIRST_DAY = dt.date(2014, 1, 1)
DAYS = 6 * 365


def with_generated_places(ref: ReferenceData, n: int, rng: random.Random) -> ReferenceData:
    """The seed reference plus ``n`` settlements spread over Syria's bounding box, so that
    claims are as dense per place as a dataset with thousands of locations makes them."""
    extra = [
        PlaceEntry(
            id=f"gen-place-{i:05d}",
            name=f"Generated place {i}",
            type="Settlement",
            lat=round(rng.uniform(32.3, 37.3), 4),
            lon=round(rng.uniform(35.7, 42.4), 4),
            part_of="syria",
        )
        for i in range(n)
    ]
    return ReferenceData(actors=ref.actors, places=[*ref.places, *extra], sources=ref.sources)


def make_document(
    n: int, claims: int, ref: ReferenceData, rng: random.Random
) -> tuple[Article, Extraction]:
    """A document of ``claims`` sentences, each the quote of one generated claim."""
    actors = [a.id for a in ref.actors]
    places = [p.id for p in ref.places if p.lat is not None]
    sources = [s.id for s in ref.sources]
    types = [t for t in EVENT_TYPES if t != "control_statement"]
    parts: list[str] = []
    events: list[EventClaim] = []
    offset = 0
    for i in range(claims):
        attacker, target = rng.sample(actors, 2)
        place = rng.choice(places)
        quote = f"Report {n}.{i}: {attacker} attacked {target} near {place}."
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        casualties = (
            [Casualties(count=rng.randrange(1, 60), qualifier="at_least", group=target)]
            if rng.random() < 0.5
            else []
        )
        events.append(
            EventClaim(
                quote=quote,
                start=offset,
                end=offset + len(quote),
                date=DateSpan(start=day, end=day, precision=rng.choice(["day", "day", "week"])),
                according_to=rng.choice(sources),
                rule="bench",
                confidence=0.5,
                event_type=rng.choice(types),
                attackers=[attacker],
                targets=[target],
                places=[place],
                casualties=casualties,
            )
        )
        parts.append(quote)
        offset += len(quote) + 1
    text = " ".join(parts)
    article = Article(
        path=Path(f"bench/doc-{n:06d}.txt"),
        text=text,
        meta=ArticleMeta(id=f"bench-{n:06d}", publisher="sohr"),
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    return article, Extraction(events=events, method="bench", version="1")


def claims_only(prepared: PreparedArticle, tx: Any) -> None:
    """Baseline: the document's claim-centric statement, without event resolution."""
    tx.run(*write_document(prepared.doc, prepared.rows, [])).consume()


class TimedWriter(ArticleWriter):
    """The production writer, with the time its thread spends in document transactions."""

    busy = 0.0

    def _write(self, prepared: PreparedArticle) -> Outcome:
        t0 = time.perf_counter()
        try:
            return super()._write(prepared)
        finally:
            self.busy += time.perf_counter() - t0


def load(
    store: GraphStore,
    docs: list[tuple[Article, Extraction]],
    ref: ReferenceData,
    ctx: SignatureContext,
    base: str,
) -> tuple[float, float, float, int]:
    """Prepare and write ``docs`` as ``load_articles`` does (preparation of one document overlaps
    the write of the previous one); returns wall, preparation and writer-thread seconds and
    the number of documents written."""
    written: list[Outcome] = []
    prep = 0.0
    t0 = time.perf_counter()
    iris = [document_iri(base, article) for article, _ in docs]
    writer = TimedWriter(store, WriteContext.read(store, ctx, MatchRules(), base, iris))
    with writer:
        for article, extraction in docs:
            t1 = time.perf_counter()
            prepared = prepare_article(article, extraction, ref, ctx, base, None)
            prep += time.perf_counter() - t1
            writer.submit_article(prepared, written.append)
    return time.perf_counter() - t0, prep, writer.busy, sum(w is True for w in written)


CHECKS = {
    "claims supporting exactly one event": (
        "MATCH (c:Claim) WHERE COUNT { (c)-[:SUPPORTS]->(:Event) } = 1 RETURN count(c) AS n"
    ),
    "sum of Event.claimCount": "MATCH (e:Event) RETURN sum(e.claimCount) AS n",
    "casualty figures": "MATCH (:Claim)-[:REPORTS]->(f:CasualtyFigure) RETURN count(f) AS n",
    "events without a label or span": (
        "MATCH (e:Event) WHERE e.label IS NULL OR e.startDate IS NULL"
        " OR NOT (e)-[:OCCURRED_AT]->() RETURN count(e) AS n"
    ),
}


def check(store: GraphStore, docs: list[tuple[Article, Extraction]], claims: int) -> None:
    """Counts after the run: every document and claim written once, every claim resolved."""
    stats = graph_stats(store)
    figures = sum(len(c.casualties) for _, e in docs for c in e.events)
    found = {k: store.read(q)[0]["n"] for k, q in CHECKS.items()}
    print(f"graph: {stats}")
    print(f"checks: {found}")
    expected = {
        "claims supporting exactly one event": claims,
        "sum of Event.claimCount": claims,
        "casualty figures": figures,
        "events without a label or span": 0,
    }
    assert stats["Document"] == len(docs) and stats["Claim"] == claims, stats
    assert found == expected, (found, expected)


def eventual_quote_index(store: GraphStore) -> None:
    """Re-create the quote full-text index as eventually consistent (updated after commit in
    the background), to measure what its synchronous update costs each document commit."""
    store.run_autocommit("DROP INDEX kg_quotes IF EXISTS")
    store.run_autocommit(
        f"CREATE FULLTEXT INDEX kg_quotes FOR (n:{quoted('Claim')}) ON EACH [n.quote]"
        " OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}}"
    )


def driver_codec() -> str:
    """The driver and whether its Rust packstream codec is installed (it is used when it is)."""
    try:
        rust = f"neo4j-rust-ext {importlib.metadata.version('neo4j-rust-ext')}"
    except importlib.metadata.PackageNotFoundError:
        rust = "pure-Python packstream"
    return f"neo4j {importlib.metadata.version('neo4j')}, {rust}"


def warm_up(
    store: GraphStore,
    settings: Settings,
    ref: ReferenceData,
    ctx: SignatureContext,
    claims: int,
    per_doc: int,
) -> None:
    """Load and delete other generated documents first, so that the timed phases run on a
    server whose JIT has compiled the statements' code paths, as a long-running one has."""
    rng = random.Random(-1)
    docs = [make_document(-1 - n, per_doc, ref, rng) for n in range(max(claims // per_doc, 1))]
    load(store, docs, ref, ctx, settings.namespace)
    store.run_autocommit(
        "MATCH (n) WHERE n:Claim OR n:CasualtyFigure OR n:Document OR n:Event"
        " CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )


def run(
    settings: Settings,
    total: int,
    per_doc: int,
    seed: int,
    places: int,
    eventual: bool,
    warmup: int = 0,
) -> None:
    print(f"driver: {driver_codec()}; load average at start: {os.getloadavg()}")
    rng = random.Random(seed)
    with GraphStore.from_settings(settings) as store:
        store.wait_until_ready()
        init_schema(store)
        if eventual:
            eventual_quote_index(store)
        for query, _ in wipe_statements():
            store.run_autocommit(query)
        ref = load_reference(store, settings, SEEDS_DIR)
        if places:
            ref = with_generated_places(ref, places, rng)
            store.write_batch(reference_batch(ref, settings.namespace))
        load_event_types(store, settings)
        ctx = store.read_tx(read_context)
        base = settings.namespace
        docs = [make_document(n, per_doc, ref, rng) for n in range(total // per_doc)]
        if warmup:
            warm_up(store, settings, ref, ctx, warmup, per_doc)
        clock = CpuClock(settings)
        t0 = time.perf_counter()
        prepared = [prepare_article(a, e, ref, ctx, base, None) for a, e in docs]
        t1 = time.perf_counter()
        cpu = clock.read()
        for p in prepared:
            store.write_tx(partial(claims_only, p))
        tb = time.perf_counter()
        claims = sum(p.claims for p in prepared)
        baseline_cpu = clock.since(cpu, claims, tb - t1)
        store.run_autocommit(
            "MATCH (n) WHERE n:Claim OR n:CasualtyFigure OR n:Document"
            " CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        )
        cpu = clock.read()
        wall, prep, busy, written = load(store, docs, ref, ctx, base)
        load_cpu = clock.since(cpu, claims, wall)
        assert written == len(docs), written
        t2 = time.perf_counter()
        again, _, again_tx, rewritten = load(store, docs[:50], ref, ctx, base)
        assert rewritten == 0, rewritten
        check(store, docs, claims)
    print(f"documents: {len(prepared)}, claims: {claims}, claims/document: {per_doc}")
    print(f"places in the gazetteer: {len(ref.places)}")
    print(f"build rows alone: {t1 - t0:.2f} s ({claims / (t1 - t0):,.0f} claims/s)")
    print(f"baseline, claims only: {tb - t1:.2f} s ({claims / (tb - t1):,.0f} claims/s)")
    print(f"  {baseline_cpu}")
    print(
        f"end to end (prepare + write + resolve events): {wall:.2f} s"
        f" ({claims / wall:,.0f} claims/s)"
    )
    print(f"  {load_cpu}")
    print(
        f"  of which preparing (main thread): {prep:.2f} s;"
        f" document transactions (writer thread): {busy:.2f} s"
        f" ({claims / busy:,.0f} claims/s)"
    )
    print(f"document transactions / claims-only baseline: {busy / (tb - t1):.1f}x")
    print(f"load average at the end: {os.getloadavg()}")
    print(
        f"re-load of 50 unchanged documents: {again:.3f} s, of which their transactions"
        f" {again_tx:.3f} s ({t2 - t1:.0f} s into the run)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--per-doc", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--places", type=int, default=0, help="Generated places added to the seed gazetteer."
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=10_000,
        help="Claims loaded (end to end) and deleted before timing, to warm the server's JIT.",
    )
    parser.add_argument(
        "--eventual-quote-index",
        action="store_true",
        help="Measure with the quote full-text index eventually consistent (not the schema's).",
    )
    args = parser.parse_args()
    with neo4j_for_tests(Path(tempfile.mkdtemp(prefix="kg-bench-"))) as settings:
        # A busy machine can take longer than the API's timeout to answer the first query.
        run(
            settings.model_copy(update={"query_timeout_s": 300.0}),
            args.claims,
            args.per_doc,
            args.seed,
            args.places,
            args.eventual_quote_index,
            args.warmup,
        )


if __name__ == "__main__":
    main()
