"""The parser: CoreNLP's cold start, parse throughput in words/s, and what a cache hit costs.

    .venv/bin/python bench/bench_corenlp.py [--words 2000] [--repeat 5]

Starts the project's CoreNLP server with the launcher on a free port with a throwaway KG_HOME
(the jars in KG_CACHE are fetched first if needed, and that fetch is not timed), generates a
text of about --words words from the article generator (bench/gen_articles.py, seed 7), then:

- cold start: from `launcher.start` to the first answered parse (JVM start, models preloaded);
- throughput: one whole-text request with tokenize,ssplit,pos,lemma,depparse (one warm-up,
  then --repeat timed runs, median), and the same text as paragraphs through parse_many
  (2 requests in flight); then once more with ner added (its first request, which loads the
  NER models, is timed apart);
- the cache: writing and reading back the whole text's parse (median of 50), against the
  median parse.

Wall times depend on what else the machine runs; the server's CPU time per parse (read from
/proc, bench/proc_cpu.py) does much less, and is printed beside them as words per CPU-second.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_articles import article
from bench.proc_cpu import process_cpu_seconds
from kg.config import Settings
from kg.nlp.cache import ParseCache
from kg.nlp.client import DEFAULT_ANNOTATORS, CoreNLPClient
from kg.ops.corenlp import launcher
from loaders.reference import read_reference
from tests.neo4j_fixture import free_port

ROOT = Path(__file__).resolve().parent.parent
NER = {"annotators": DEFAULT_ANNOTATORS + ",ner"}


def generated_text(words: int, seed: int = 7) -> str:
    ref = read_reference(ROOT / "seeds")
    rng = random.Random(seed)
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < words:
        parts.append(article(rng, ref))
    return "\n\n".join(parts)


def timed(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def median_of(func: Callable[[], object], runs: int) -> float:
    return statistics.median(timed(func) for _ in range(runs))


class ServerClock:
    """Wall time and the server's CPU time over repeated runs of a request."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def measure(self, func: Callable[[], object], runs: int) -> tuple[float, float]:
        """(median wall seconds, mean server CPU seconds) per run."""
        cpu0 = process_cpu_seconds(self.pid)
        wall = median_of(func, runs)
        return wall, (process_cpu_seconds(self.pid) - cpu0) / runs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    text = generated_text(args.words)
    words = len(text.split())
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"text: {words} words, {len(text)} characters, {len(paragraphs)} paragraphs")

    with tempfile.TemporaryDirectory(prefix="kg-bench-nlp-") as home:
        cfg = Settings(KG_HOME=Path(home), KG_NLP_URL=None, KG_NLP_PORT=free_port())
        launcher.ensure_jars(launcher.ServerPaths.from_settings(cfg))
        cold = timed(lambda: launcher.start(cfg))
        try:
            print(f"cold start (jars cached, heap {cfg.nlp_heap}): {cold:.1f} s")
            pid = launcher.status(cfg).pid
            assert pid is not None
            clock = ServerClock(pid)
            with CoreNLPClient(cfg.nlp_server_url, timeout=300, cache=None) as client:
                first = timed(lambda: client.parse(text))
                print(f"first request after start: {first:.2f} s")
                parse_s, parse_cpu = clock.measure(lambda: client.parse(text), args.repeat)
                many_s, many_cpu = clock.measure(lambda: client.parse_many(paragraphs), args.repeat)
                print(
                    f"{DEFAULT_ANNOTATORS}, one request: {parse_s:.2f} s = "
                    f"{words / parse_s:,.0f} words/s wall, {words / parse_cpu:,.0f} words per "
                    f"server CPU-second"
                )
                print(
                    f"{DEFAULT_ANNOTATORS}, {len(paragraphs)} paragraphs, 2 in flight: "
                    f"{many_s:.2f} s = {words / many_s:,.0f} words/s wall, "
                    f"{words / many_cpu:,.0f} words per server CPU-second"
                )
                ner_load = timed(lambda: client.parse(text, NER))
                ner_s, ner_cpu = clock.measure(
                    lambda: client.parse(text, NER), max(2, args.repeat // 2)
                )
                print(
                    f"+ner, one request: {ner_s:.2f} s = {words / ner_s:,.0f} words/s wall, "
                    f"{words / ner_cpu:,.0f} words per server CPU-second "
                    f"(first +ner request, loading its models: {ner_load:.1f} s)"
                )
                document = client.parse(text)
                version = client.parser_version()
        finally:
            launcher.stop(cfg)

    with tempfile.TemporaryDirectory(prefix="kg-bench-parses-") as root:
        cache = ParseCache(Path(root))
        put_s = median_of(lambda: cache.put(text, version, document), 50)
        get_s = median_of(lambda: cache.get(text, version), 50)
        size = cache.path(cache_key_of(text, version)).stat().st_size
    print(
        f"cache: write {put_s * 1000:.1f} ms, hit {get_s * 1000:.1f} ms "
        f"({size / 1024:.0f} KiB on disk) = {parse_s / get_s:,.0f}x cheaper than the parse"
    )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def cache_key_of(text: str, version: str) -> str:
    from kg.nlp.cache import cache_key

    return cache_key(text, version)


if __name__ == "__main__":
    main()
