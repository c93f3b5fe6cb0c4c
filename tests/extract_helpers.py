"""Shared helpers of the extraction tests: the seed reference data and a one-call extractor
with the test session's parser (set by the ``nlp`` marker's fixture in ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from loaders.articles.documents import ArticleMeta
from loaders.claims import Extraction
from loaders.extract.parse import Parser
from loaders.extract.pipeline import extract
from loaders.reference import ReferenceData, read_reference

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


_parser: list[Parser] = []


@contextmanager
def parsing_with(parser: Parser) -> Iterator[None]:
    """Make ``run`` extract with ``parser`` (the session's CoreNLP client) inside the block."""
    _parser.append(parser)
    try:
        yield
    finally:
        _parser.pop()


def parser() -> Parser:
    """The parser of the running ``nlp`` test."""
    if not _parser:
        raise RuntimeError("extraction needs the parser: mark the test with @pytest.mark.nlp")
    return _parser[-1]


@cache
def reference() -> ReferenceData:
    return read_reference(SEEDS)


def run(
    text: str,
    published: str | None = "2019-03-20",
    precision: str = "day",
    publisher: str = "euphrates-post",
) -> Extraction:
    meta = ArticleMeta(published=published, date_precision=precision, publisher=publisher)
    return extract(text, meta, reference(), parser())
