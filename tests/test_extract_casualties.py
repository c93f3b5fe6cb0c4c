"""Casualty figures: numbers in digits or words, qualifiers, kinds and counted groups."""

from __future__ import annotations

import pytest

from loaders.claims import Casualties
from loaders.extract.casualties import figures, parse_number
from loaders.extract.pipeline import extractor_for
from tests.extract_helpers import reference


def figs(text: str) -> list[tuple[int | None, str, str | None, str]]:
    out = []
    for s in extractor_for(reference()).sentences(text):
        for f in figures(s.toks, s.mentions):
            c: Casualties = f.casualties
            out.append((c.count, c.qualifier, c.group, c.kind))
    return out


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["23"], 23),
        (["4,000"], 4000),
        (["twelve"], 12),
        (["forty", "-", "two"], 42),
        (["two", "hundred", "and", "five"], 205),
        (["three", "thousand"], 3000),
        (["hundreds"], None),
    ],
)
def test_parse_number(words: list[str], value: int | None) -> None:
    assert parse_number(words)[0] == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The raid killed at least 31 members of the SDF.",
            [(31, "at_least", "sdf", "killed")],
        ),
        (
            "Monitors counted 58 members at least of the regime forces killed.",
            [(58, "at_least", "syrian-regime", "killed")],
        ),
        (
            "More than 114 fighters of ISIS were killed in the battle.",
            [(114, "more_than", "islamic-state", "killed")],
        ),
        ("About 4,000 civilians were injured.", [(4000, "about", "civilians", "injured")]),
        ("Up to 30 soldiers were captured.", [(30, "at_most", None, "captured")]),
        ("Hundreds of civilians were killed.", [(None, "unspecified", "civilians", "killed")]),
        ("Shelling killed twelve civilians.", [(12, "exact", "civilians", "killed")]),
        (
            "Forty-two members of the regime forces died.",
            [(42, "exact", "syrian-regime", "killed")],
        ),
    ],
)
def test_figures(text: str, expected: list[tuple[int | None, str, str | None, str]]) -> None:
    assert figs(text) == expected


def test_numbers_without_a_casualty_word_are_not_casualties() -> None:
    assert figs("ISIS still has about 4,000 fighters and holds 600 kilometres of desert.") == []


def test_detail_figure_inherits_the_group_of_the_total() -> None:
    text = "The clashes killed 47 members of ISIS, including 17 members at least in Damascus."
    assert figs(text) == [
        (47, "exact", "islamic-state", "killed"),
        (17, "at_least", "islamic-state", "killed"),
    ]


def test_elliptic_figure_takes_the_group_of_the_previous_one() -> None:
    text = "Hundreds of civilians have been killed and hundreds injured."
    assert figs(text) == [
        (None, "unspecified", "civilians", "killed"),
        (None, "unspecified", "civilians", "injured"),
    ]


def test_each_figure_takes_its_own_casualty_word() -> None:
    text = "Nine members of the SDF were killed and four others were injured."
    assert figs(text) == [(9, "exact", "sdf", "killed"), (4, "exact", "sdf", "injured")]
