"""Places from structure: names the gazetteer lacks, roads named by their ends."""

from __future__ import annotations

import pytest

from tests.extract_helpers import run

pytestmark = pytest.mark.nlp


def test_an_unknown_place_that_only_situates_is_kept_when_nothing_else_is_named() -> None:
    (e,) = run("Turkish forces shelled YPG positions near Kafr Jannah on Saturday.").events
    assert e.places == [] and e.unresolved_places == ["Kafr Jannah"]


def test_a_road_named_by_its_two_ends_keeps_both() -> None:
    (e,) = run("IS fighters ambushed an army convoy on the Palmyra-Deir Ezzor highway.").events
    assert e.event_type == "ambush"
    assert e.unresolved_places == ["Palmyra-Deir Ezzor highway"]


def test_an_arabic_name_keeps_the_word_it_opens_with() -> None:
    """*Umm*, *Abu*, *Tal* ... open the name even when the parser leaves them out of it."""
    (e,) = run("Rebels seized the village of Umm Batinah from IS.").events
    assert e.unresolved_places == ["Umm Batinah"]
