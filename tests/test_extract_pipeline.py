"""The pipeline object: built once per reference data, pure per call."""

from __future__ import annotations

import pytest

from loaders.articles.documents import ArticleMeta
from loaders.extract.pipeline import EXTRACTOR_VERSION, extract, extractor_for
from loaders.reference import ReferenceData
from tests.extract_helpers import parser, reference

pytestmark = pytest.mark.nlp


def test_extractor_is_cached_per_reference_object() -> None:
    ref = reference()
    assert extractor_for(ref) is extractor_for(ref)
    copy = ReferenceData.model_validate(ref.model_dump())
    assert extractor_for(copy) is not extractor_for(ref)


def test_same_input_same_output() -> None:
    text = "The SDF shelled Hajin on Monday, according to the Observatory."
    meta = ArticleMeta(published="2019-03-20", date_precision="day", publisher="afp")
    first = extract(text, meta, reference(), parser())
    assert first == extract(text, meta, reference(), parser())
    assert first.version == EXTRACTOR_VERSION
    (e,) = first.events
    assert e.according_to == "sohr"
    assert e.rule.startswith("trigger:shell/shelling")  # the lemma of the trigger
    assert 0 < e.confidence <= 1


def test_text_without_events() -> None:
    meta = ArticleMeta()
    ex = extract("The weather in Damascus was mild.\n\nBack To Top", meta, reference(), parser())
    assert ex.events == [] and ex.control == []


def test_without_a_publisher_claims_go_to_an_unidentified_source() -> None:
    (e,) = extract("The SDF shelled Hajin.", ArticleMeta(), reference(), parser()).events
    assert e.according_to == "unidentified-sources"
    assert e.date.precision == "unknown"
