"""Extraction throughput on one core: articles/s and words/s over a generated corpus.

    .venv/bin/python bench/bench_extract.py --count 1000

Generates the corpus (bench/gen_articles.py) into a temporary folder unless --corpus is given,
builds the extractor once (timed apart: it is cached per reference data in real use), then
extracts every article in a single process. As a yardstick measured in the same run, it also
times spaCy's tokenizer + sentencizer alone on the same texts, and prints the ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_articles import generate
from loaders.articles.documents import metadata_for, read_index
from loaders.extract.pipeline import extractor_for
from loaders.reference import read_reference


def run(corpus: Path, seeds_dir: Path) -> None:
    ref = read_reference(seeds_dir)
    index = read_index(corpus / "index.yaml")
    paths = sorted(corpus.glob("*.txt"))
    docs = [(p.read_text(encoding="utf-8"), metadata_for(p, index)) for p in paths]
    words = sum(len(text.split()) for text, _ in docs)

    t0 = time.perf_counter()
    extractor = extractor_for(ref)
    build = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    events = control = 0
    for text, meta in docs:
        ex = extractor.extract(text, meta)
        events += len(ex.events)
        control += len(ex.control)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0

    c0 = time.process_time()
    for _ in extractor.segmenter.nlp.pipe(text for text, _ in docs):
        pass
    spacy_cpu = time.process_time() - c0

    n = len(docs)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"corpus: {n} articles, {words} words ({words / n:.0f} per article)")
    print(f"extractor build (once per reference data): {build:.2f} s")
    print(f"claims: {events} event claims, {control} control claims")
    print(f"wall: {elapsed:.2f} s = {n / elapsed:.0f} articles/s, {words / elapsed:.0f} words/s")
    print(f"cpu:  {cpu:.2f} s = {n / cpu:.0f} articles/s, {words / cpu:.0f} words/s (one core)")
    print(f"spaCy tokenizer+sentencizer alone: {spacy_cpu:.2f} s cpu; "
          f"extraction costs {cpu / spacy_cpu:.1f}x that")  # fmt: skip


def seed_articles(seeds_dir: Path, repeat: int) -> None:
    """The real (longer, messier) seed articles, extracted ``repeat`` times over."""
    ref = read_reference(seeds_dir)
    index = read_index(seeds_dir / "articles" / "index.yaml")
    paths = sorted((seeds_dir / "articles").glob("*.txt"))
    docs = [(p.read_text(encoding="utf-8"), metadata_for(p, index)) for p in paths]
    extractor = extractor_for(ref)
    words = repeat * sum(len(text.split()) for text, _ in docs)
    c0 = time.process_time()
    for _ in range(repeat):
        for text, meta in docs:
            extractor.extract(text, meta)
    cpu = time.process_time() - c0
    n = repeat * len(docs)
    print(f"seed articles x{repeat}: {n} articles, {words // n} words each, cpu {cpu:.2f} s = "
          f"{n / cpu:.0f} articles/s, {words / cpu:.0f} words/s (one core)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="folder of articles with index.yaml")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seeds-dir", type=Path, default=Path("seeds"))
    parser.add_argument(
        "--repeat-seeds", type=int, default=0, help="also time the seed articles N times over"
    )
    args = parser.parse_args()
    if args.repeat_seeds:
        seed_articles(args.seeds_dir, args.repeat_seeds)
    if args.corpus:
        run(args.corpus, args.seeds_dir)
        return
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), args.count, args.seed, args.seeds_dir)
        run(Path(tmp), args.seeds_dir)


if __name__ == "__main__":
    main()
