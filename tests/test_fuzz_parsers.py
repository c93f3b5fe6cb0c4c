"""Property-based tests of the input parsers on arbitrary bytes: an article file, its metadata,
a dataset CSV export (every registered format) and an RDF file each give a result or a clear
``InputError``, never another exception and never a hang.

Bounded for CI (``max_examples``, a per-example deadline and a hard alarm against a hang);
``KG_FUZZ_EXAMPLES`` raises the count for longer runs (``make fuzz``)."""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest.dataset_chunk import Chunk
from kg.ingest.dataset_files import open_reader, read_header, records
from kg.rdf.importer import parse_file, to_batch
from loaders.articles.documents import read_articles
from loaders.datasets.aliases import read_alias_table, read_type_table
from loaders.datasets.registry import FORMATS
from loaders.datasets.resolve import Resolver
from loaders.extract.pipeline import extract
from loaders.graph.vocabulary import EVENT_TYPES
from loaders.reference import read_reference
from loaders.resources import SEEDS_DIR

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "60"))
HANG_S = 20
"""Longer than this on one input is a hang, whatever the machine's load."""

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a shared machine makes per-example timings noisy; the alarm bounds hangs
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@contextmanager
def no_hang(what: str) -> Iterator[None]:
    def fail(*_: object) -> None:
        raise AssertionError(f"{what} took over {HANG_S} s on one input")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(HANG_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def result_or_input_error(what: str, call: Callable[[], Any]) -> Any:
    with no_hang(what):
        try:
            return call()
        except InputError as e:
            assert e.source and e.reason
            return e


def near_text(prefix: bytes) -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, and bytes close to a valid input (a valid start with noise after it)."""
    return st.one_of(
        st.binary(max_size=2000),
        st.builds(lambda tail: prefix + tail, st.binary(max_size=500)),
        st.text(max_size=500).map(lambda t: prefix + t.encode("utf-8", "surrogatepass")),
    )


ARTICLE_START = b"Coalition aircraft struck Hajin, killing 12 civilians.\n"


@FUZZ
@given(raw=near_text(ARTICLE_START), meta=st.binary(max_size=300))
def test_article_files_give_an_article_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, meta: bytes
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-article")
    (folder / "a.txt").write_bytes(raw)
    (folder / "a.meta.yaml").write_bytes(meta)
    articles, failures = result_or_input_error(
        "read_articles", lambda: read_articles([folder], 10_000)
    )
    assert len(articles) + len(failures) == 1
    ref = reference()
    for article in articles:
        with no_hang("extract"):
            extraction = extract(article.text, article.meta, ref)
        for claim in [*extraction.events, *extraction.control]:
            assert article.text[claim.start : claim.end] == claim.quote


@cache
def reference() -> Any:
    return read_reference(SEEDS_DIR)


@cache
def dataset_resolver() -> Resolver:
    ref = reference()
    return Resolver(
        ref,
        read_alias_table(SEEDS_DIR / "dataset_actor_aliases.yaml", ref),
        read_type_table(SEEDS_DIR / "dataset_event_types.yaml", EVENT_TYPES),
        3.0,
    )


def read_export(path: Path, name: str) -> tuple[int, int]:
    """What ``kg load NAME`` does with a file before any write: header, records, row parsing
    and mapping; returns (rows kept, rows rejected)."""
    fmt = FORMATS[name]
    kept = rejected = 0
    with path.open("rb") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as fh:
        reader = open_reader(fh, fmt)
        header = read_header(path, fmt, reader)
        for line, cells in records(reader, str(path)):
            chunk = Chunk(fmt, header, None)
            chunk.take(line, cells, dataset_resolver(), None)
            kept += len(chunk.mapped)
            rejected += len(chunk.rejects)
    return kept, rejected


def csv_start(name: str) -> bytes:
    fmt = FORMATS[name]
    columns = list(fmt.columns) or [alts[0] for alts in fmt.required_columns]
    return (fmt.delimiter.join(columns) + "\n").encode()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_dataset_exports_give_rows_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    @FUZZ
    @given(raw=near_text(csv_start(name)))
    def check(raw: bytes) -> None:
        path = tmp_path_factory.mktemp("fuzz-csv") / f"{name}.csv"
        path.write_bytes(raw)
        result_or_input_error(f"kg load {name}", lambda: read_export(path, name))

    check()


RDF_START = (
    b"<http://127.0.0.1:8000/id/actor/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    b"<https://w3id.org/conflict-kg/def/Actor> .\n"
)


@pytest.mark.parametrize("suffix", [".nt", ".ttl", ".nq", ".jsonld"])
def test_rdf_files_give_a_batch_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, suffix: str
) -> None:
    @FUZZ
    @given(raw=near_text(RDF_START))
    def check(raw: bytes) -> None:
        path = tmp_path_factory.mktemp("fuzz-rdf") / f"data{suffix}"
        path.write_bytes(raw)

        def parse() -> object:
            return to_batch(parse_file(path), "http://127.0.0.1:8000/id/", str(path))

        result_or_input_error("kg import rdf", parse)

    check()
