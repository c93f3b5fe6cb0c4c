"""Shared helpers of the extraction tests: the seed reference data and a one-call extractor."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from loaders.articles.documents import ArticleMeta
from loaders.claims import Extraction
from loaders.extract.pipeline import extract
from loaders.reference import ReferenceData, read_reference

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


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
    return extract(text, meta, reference())
