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


def test_a_feature_named_after_a_known_place_is_a_place_of_its_own() -> None:
    """*the Yarmouk Basin* is not the Yarmouk camp; *the Tishrin Dam* is kept as written."""
    (e,) = run("Regime forces advanced into the Yarmouk Basin on Monday.").events
    assert (e.places, e.unresolved_places) == ([], ["Yarmouk Basin"])
    (e,) = run("SDF fighters captured the Tishrin Dam from IS on Monday.").events
    assert (e.event_type, e.unresolved_places) == ("capture_of_territory", ["Tishrin Dam"])


def test_where_aircraft_come_from_is_no_place_of_the_event() -> None:
    found = run(
        "Jets and drones from the United States and the United Arab Emirates carried out 13 "
        "strikes against IS refineries near Abu Kamal on Wednesday."
    ).events
    assert [(e.event_type, e.places, e.unresolved_places) for e in found] == [
        ("air_strike", ["abu-kamal"], [])
    ]


def test_a_known_name_before_a_site_word_names_the_site() -> None:
    """*Palmyra Castle* is a place of its own (kept as written), not nothing: the known name
    inside it no longer hides it."""
    (e,) = run("Army units took control of Palmyra Castle on Wednesday.").events
    assert (e.event_type, e.unresolved_places) == ("capture_of_territory", ["Palmyra Castle"])


def test_establishing_control_over_a_place_is_a_capture() -> None:
    (e,) = run("Army units established full control over the town of Uqayribat on Sunday.").events
    assert (e.event_type, e.attackers, e.unresolved_places) == (
        "capture_of_territory",
        ["syrian-regime"],
        ["Uqayribat"],
    )
    assert run("The ministry established a new base near Palmyra.").events == []


def test_occupied_in_the_past_is_a_capture_and_occupying_is_control() -> None:
    (e,) = run("IS fighters had occupied Palmyra for the second time in December 2016.").events
    assert (e.event_type, e.attackers, e.places) == (
        "capture_of_territory",
        ["islamic-state"],
        ["palmyra"],
    )
    assert run("IS has occupied Palmyra since May.").events == []
    assert run("Turkish forces continue to occupy Afrin.").events == []


def test_the_holder_of_an_occupied_place_is_the_target_of_its_shelling() -> None:
    (e,) = run("The Turkish-occupied town of Afrin was shelled on Monday.").events
    assert (e.event_type, e.targets, e.places) == ("shelling", ["turkey"], ["afrin"])


def test_a_channel_named_like_a_town_is_no_place_where_it_reports() -> None:
    """*Al Mayadeen* is a television channel and a spelling of al-Mayadin: where it reports,
    it is the channel; as the object of a capture, the town."""
    (e,) = run(
        "A suicide bomber blew up a car near Abu Kamal on Saturday, Al Mayadeen television "
        "reported."
    ).events
    assert (e.places, e.according_to) == (["abu-kamal"], "al-mayadeen")
    (e,) = run("The army captured Mayadeen on Saturday.").events
    assert e.places == ["al-mayadin"]
    # the same for a capital that speaks for its government
    found = run(
        "Coalition jets struck fighters near the village of Khusham on Wednesday. Damascus gave "
        "a different account. IS fighters later attacked a checkpoint, state media said."
    ).events
    assert all("damascus" not in e.places for e in found)


def test_a_region_named_in_between_does_not_hide_the_town_told_before() -> None:
    """An event with no place of its own takes the town told just before, not the region a
    descriptive sentence in between names (*the camp, on the eastern bank near the border*)."""
    found = run(
        "The SDF captured an IS camp in the town of Baghouz on Tuesday. The camp, on the "
        "eastern bank of the Euphrates near the Iraqi border, was the last IS position. SDF "
        "fighters stormed the camp at dawn, the monitor said."
    ).events
    stormed = [e for e in found if e.event_type == "attack"]
    assert [e.places for e in stormed] == [["baghouz"]]
