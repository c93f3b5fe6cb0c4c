"""Chrome stripping keeps offsets into the original body."""

from __future__ import annotations

import pytest

from loaders.extract.text import content_spans, is_chrome
from tests.extract_helpers import run

PAGE = (
    "skip to Main Content\n\n"
    "Title of the report\n\n"
    "by someone\n\n"
    "The SDF shelled Hajin on Monday.\n\n"
    "Related Articles\n"
    "هذا الموقع يستخدم ما يسمى الكوكيز\n"
    "Privacy & Cookies Policy\n"
    "Back To Top"
)


def test_chrome_lines_are_recognised() -> None:
    for line in ("Back To Top", "Related Articles", "skip to Main Content", "by admin"):
        assert is_chrome(line)
    assert is_chrome("هذا الموقع يستخدم ما يسمى الكوكيز")
    assert not is_chrome("The SDF shelled Hajin on Monday.")


def test_content_spans_index_the_original_text() -> None:
    kept = [PAGE[s:e] for s, e in content_spans(PAGE)]
    assert kept == ["Title of the report", "The SDF shelled Hajin on Monday."]


@pytest.mark.nlp
def test_claim_offsets_survive_stripping() -> None:
    (e,) = run(PAGE).events
    assert PAGE[e.start : e.end] == e.quote
    assert e.places == ["hajin"]


@pytest.mark.nlp
def test_windows_line_endings_and_indentation_keep_offsets() -> None:
    text = "Title\r\n\r\n  The SDF shelled Hajin on Monday.\r\n\tBack To Top\r\n"
    (e,) = run(text).events
    assert text[e.start : e.end] == e.quote == "The SDF shelled Hajin on Monday."
