"""Articles end to end: read, parse, extract, resolve and write; then the same files again.

    .venv/bin/python bench/bench_articles.py --count 1000

Generates ``--count`` articles (bench/gen_articles.py), then loads them with the production
path (``kg.ingest.articles.load_articles``) into a wiped database, with a parse cache of its
own that starts empty, so every document is parsed once. It reports articles/s and words/s,
and splits the time: the parser's (wall time inside its requests, and the CPU time of the
CoreNLP server when the bench started it), the project's own extraction (CPU time of the
thread that extracts, outside the parser's requests) and the writes (the background writer's
transactions overlap extraction). Then it loads the same files again: every document is
unchanged, so neither parsed nor extracted nor written, and the ratio of the two wall times
is the re-load speed-up.

Uses NEO4J_URI/NEO4J_PASSWORD and KG_NLP_URL when set, else starts throwaway local servers
(as the tests do). The database is wiped first: never point it at data you want to keep.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proc_cpu import process_cpu_seconds

from bench.gen_articles import generate
from kg.config import Settings
from kg.cypher import wipe_statements
from kg.ingest.articles import load_articles
from kg.ingest.reference import load_event_types, load_reference
from kg.nlp.cache import ParseCache
from kg.nlp.client import CoreNLPClient
from kg.schema_init import init_schema
from kg.store import GraphStore
from loaders.resources import SEEDS_DIR
from tests.corenlp_fixture import corenlp_for_tests
from tests.neo4j_fixture import neo4j_for_tests


class TimedParser:
    """The project's client, with the wall time spent inside its requests."""

    def __init__(self, client: CoreNLPClient) -> None:
        self.client = client
        self.seconds = 0.0
        self.thread_cpu = 0.0
        self.calls = 0

    def parse(self, text: str, properties: dict[str, str]) -> dict[str, Any]:
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return self.client.parse(text, properties)
        finally:
            self.seconds += time.perf_counter() - t0
            self.thread_cpu += time.thread_time() - c0
            self.calls += 1


@contextmanager
def servers(home: Path) -> Iterator[tuple[Settings, int | None]]:
    """Neo4j and CoreNLP settings (external or launched), and the CoreNLP pid when launched."""
    with (
        neo4j_for_tests(home / "neo4j") as neo4j,
        corenlp_for_tests(home / "nlp") as nlp,
    ):
        pid = None
        if not os.environ.get("KG_NLP_URL"):
            from kg.ops.corenlp import launcher

            pid_file = launcher.ServerPaths.from_settings(nlp).pid_file
            pid = int(pid_file.read_text().strip())
        yield neo4j.model_copy(update={"nlp_url": nlp.nlp_server_url}), pid


def one_load(
    store: GraphStore, cfg: Settings, corpus: Path, parser: TimedParser, pid: int | None
) -> dict[str, float]:
    ref = load_reference(store, cfg, SEEDS_DIR)
    main_cpu = time.thread_time()
    server_cpu = process_cpu_seconds(pid) if pid else None
    parse_before, parse_cpu_before = parser.seconds, parser.thread_cpu
    t0 = time.perf_counter()
    report = load_articles(store, cfg, [corpus], ref, parser=parser)
    wall = time.perf_counter() - t0
    assert report.ok, report.failures[:3]
    main = time.thread_time() - main_cpu - (parser.thread_cpu - parse_cpu_before)
    out = {
        "wall": wall,
        "parser_wall": parser.seconds - parse_before,
        "own_cpu": main,
        "loaded": len(report.loaded),
        "unchanged": len(report.unchanged),
        "claims": report.claims,
    }
    if server_cpu is not None and pid:
        out["parser_cpu"] = process_cpu_seconds(pid) - server_cpu
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        corpus = Path(tmp) / "corpus"
        generate(corpus, args.count, args.seed, SEEDS_DIR)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
        cfg, pid = stack.enter_context(servers(Path(tmp)))
        store = stack.enter_context(GraphStore.from_settings(cfg))
        store.wait_until_ready()
        init_schema(store)
        for query, _ in wipe_statements():
            store.run_autocommit(query)
        load_event_types(store, cfg)
        client = stack.enter_context(
            CoreNLPClient(cfg.nlp_server_url, cfg.nlp_timeout_s, ParseCache(Path(tmp) / "p"))
        )
        parser = TimedParser(client)
        print(f"load average at start: {os.getloadavg()}")
        first = one_load(store, cfg, corpus, parser, pid)
        second = one_load(store, cfg, corpus, parser, pid)
        print(f"load average at the end: {os.getloadavg()}")
    n = args.count
    print(
        f"{n} articles, {words:,} words; first load: {first['loaded']} written, "
        f"{first['claims']:,} claims; second load: {second['unchanged']} unchanged"
    )
    print(
        f"first load: {first['wall']:.1f} s, {n / first['wall']:.1f} articles/s, "
        f"{words / first['wall']:,.0f} words/s"
    )
    print(
        f"  parser: {first['parser_wall']:.1f} s inside its requests "
        f"({first['parser_wall'] / first['wall']:.0%} of the load)"
        + (f", CoreNLP server CPU {first['parser_cpu']:.1f} s" if "parser_cpu" in first else "")
    )
    print(
        f"  own extraction (masking, conversion, rules, preparation) CPU: "
        f"{first['own_cpu']:.1f} s = {first['own_cpu'] / first['parser_wall']:.2f}x the "
        f"parser's wall time"
        + (
            f", {first['own_cpu'] / first['parser_cpu']:.2f}x its server CPU"
            if first.get("parser_cpu")
            else ""
        )
    )
    print(f"re-load of the same {n} unchanged articles: {second['wall']:.2f} s, "
          f"{first['wall'] / second['wall']:.0f}x faster than the first load; "
          f"parser {second['parser_wall']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
