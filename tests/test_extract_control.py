"""Territorial control statements."""

from __future__ import annotations

import pytest

from loaders.claims import ControlClaim
from tests.extract_helpers import run

pytestmark = pytest.mark.nlp


def control(text: str) -> list[tuple[str, list[str]]]:
    """Current control stated by ``text`` (past control is checked apart)."""
    claims: list[ControlClaim] = run(text).control
    return [(c.controller, c.places) for c in claims if c.status == "controls"]


def statuses(text: str) -> list[tuple[str, list[str], str]]:
    return [(c.controller, c.places, c.status) for c in run(text).control]


def test_active_statement_with_a_list_of_places() -> None:
    text = "ISIS still holds the villages of Hajjeen, Albaghouz and Abu Khater."
    assert control(text) == [("islamic-state", ["hajin", "baghouz", "abu-khater"])]


def test_containing_place_and_locator_are_dropped() -> None:
    text = "The SDF controls Hajin and Harse in the countryside of Bu Kamal, east of Deir Ezzor."
    assert control(text) == [("sdf", ["hajin", "harse"])]


def test_passive_and_prepositional_forms() -> None:
    assert control("The T2 station, controlled by the regime forces, was quiet.") == [
        ("syrian-regime", ["t2-pumping-station"])
    ]
    assert control("Residents fled the city of Raqqa under the Assad regime.") == [
        ("syrian-regime", ["raqqa"])
    ]
    assert control("Trade grew in Al-Shafaa, one of the villages in the hands of ISIS.") == [
        ("islamic-state", ["al-shafah"])
    ]


def test_list_continued_in_the_next_sentence() -> None:
    text = "ISIS maintains several villages. They are located between Hajin and Baghouz."
    assert control(text) == [("islamic-state", ["hajin", "baghouz"])]


def test_negated_and_intended_control_are_not_claims() -> None:
    assert control("ISIS no longer controls any town in Raqqa.") == []
    assert statuses("ISIS no longer controls any town in Raqqa.") in (
        [],
        [("islamic-state", ["raqqa"], "formerly_controlled")],
    )
    assert control("The SDF launched an operation aimed at controlling Hajin.") == []
    assert control("ISIS tried to control Hajin.") == []


def test_compound_adjective_is_not_a_control_statement() -> None:
    assert control("Warplanes struck rebel-held areas in Idlib.") == []


def test_holding_something_that_is_not_land_is_not_control() -> None:
    assert control("ISIS still retains the titles of its provinces in Hajin.") == []
    assert control("ISIS still retains several villages in Hajin.") == [
        ("islamic-state", ["hajin"])
    ]


def test_noun_form_with_a_list_after_a_comma() -> None:
    text = "The control of ISIS shrank in the desert, within the towns of Hajin, Harse, Baghouz."
    assert control(text) == [("islamic-state", ["hajin", "harse", "baghouz"])]


def test_past_and_lost_control_is_former_control() -> None:
    assert statuses("Once Raqqa was a stronghold of ISIS.") == [
        ("islamic-state", ["raqqa"], "formerly_controlled")
    ]
    assert statuses("ISIS fighters withdrew from Hajin on Monday.") == [
        ("islamic-state", ["hajin"], "formerly_controlled")
    ]


def test_compound_adjective_and_passive_verb() -> None:
    assert control("Coalition jets struck the IS-held town of Hajin.") == [
        ("islamic-state", ["hajin"])
    ]
    assert control("The town of Harse is controlled by ISIS.") == [("islamic-state", ["harse"])]


def test_in_full_control_of_a_place() -> None:
    (c,) = run("Kurdish fighters were in full control of Kobani on Monday.").control
    assert (c.controller, c.places, c.status) == ("sdf", ["kobani"], "controls")


def test_an_operation_to_expel_is_no_change_of_hands() -> None:
    """*launched an operation to expel X from P*: an aim; X is not said to have lost P."""
    statuses = {
        (c.controller, c.status)
        for c in run(
            "The army launched an operation last week to expel the Islamic State militants "
            "from Yarmouk camp."
        ).control
    }
    assert ("islamic-state", "formerly_controlled") not in statuses


@pytest.mark.parametrize(
    ("text", "controller", "place"),
    [
        ("Deir ez-Zor city is under the control of the regime.", "syrian-regime", "deir-ez-zor"),
        (
            "Civilians fled areas under the control of the regime in Deir ez-Zor.",
            "syrian-regime",
            "deir-ez-zor",
        ),
        ("Rebels shelled government-held parts of Deir ez-Zor.", "syrian-regime", "deir-ez-zor"),
        ("Russian jets pounded rebel-controlled eastern Aleppo.", "syrian-opposition", "aleppo"),
    ],
)
def test_control_as_a_predicate_and_from_described_holders(
    text: str, controller: str, place: str
) -> None:
    """*P is under X's control*, *areas under X's control in P*, and *government-held* /
    *rebel-controlled* (a descriptive word before the hyphen) name who holds P."""
    held = {(c.controller, p, c.status) for c in run(text).control for p in c.places}
    assert (controller, place, "controls") in held


def test_a_stronghold_that_fell_was_held_before() -> None:
    """*P, X's last stronghold, fell to Y* / *was captured by Y*: X formerly held P."""
    for text in (
        "Baghouz, IS's last stronghold, fell to the SDF.",
        "Raqqa, the de facto capital of IS, was captured by the SDF in October.",
    ):
        held = {(c.controller, c.status) for c in run(text).control}
        assert ("islamic-state", "formerly_controlled") in held, text
        assert ("islamic-state", "controls") not in held, text


def test_a_share_of_a_place_is_held_in_it() -> None:
    assert control("The SDF now holds most of Raqqa.") == [("sdf", ["raqqa"])]
    assert control("The regime controls 70 percent of Deir ez-Zor.") == [
        ("syrian-regime", ["deir-ez-zor"])
    ]


def test_forces_present_active_or_deployed_in_a_place_are_present() -> None:
    assert statuses("IS militants are still present in the desert near Sukhnah.") == [
        ("islamic-state", ["al-sukhnah"], "present")
    ]
    assert statuses("US troops are deployed in Manbij.") == [
        ("united-states", ["manbij"], "present")
    ]
    assert [c for c, _, st in statuses("IS cells remain active in Raqqa.")] == ["islamic-state"]
    assert statuses("IS is not present in Manbij anymore.") == []
    assert statuses("Analysts say IS could become active in Raqqa again.") == []


def test_a_place_divided_between_two_sides_is_contested_by_both() -> None:
    assert statuses("Deir ez-Zor city is divided between government forces and IS.") == [
        ("syrian-regime", ["deir-ez-zor"], "contested"),
        ("islamic-state", ["deir-ez-zor"], "contested"),
    ]


def test_a_besieged_holder_is_besieged_not_just_in_control() -> None:
    assert statuses("IS has besieged the regime-held districts of Deir ez-Zor since 2015.") == [
        ("syrian-regime", ["deir-ez-zor"], "besieged")
    ]
    assert statuses("The SDF controls Manbij.") == [("sdf", ["manbij"], "controls")]


def test_past_holding_is_former_control_unless_it_is_reported_speech() -> None:
    assert statuses("IS ruled Raqqa for three years.") == [
        ("islamic-state", ["raqqa"], "formerly_controlled")
    ]
    assert statuses("The army recaptured Palmyra, which IS had held since May.") == [
        ("islamic-state", ["palmyra"], "formerly_controlled")
    ]
    assert statuses("The SDF said it controlled 90 percent of Raqqa.") == [
        ("sdf", ["raqqa"], "controls")
    ]
    assert statuses("The SDF said it had recovered full control of Tal Abyad.") == [
        ("sdf", ["tal-abyad"], "controls")
    ]


def test_a_place_run_by_x_and_fighters_holed_up_in_it() -> None:
    assert statuses("Manbij is run by the SDF.") == [("sdf", ["manbij"], "controls")]
    assert statuses("The SDF runs a camp in Hasakah.") == []
    assert statuses("IS fighters are holed up in Baghouz.") == [
        ("islamic-state", ["baghouz"], "present")
    ]


def test_a_presence_kept_in_a_place_is_presence() -> None:
    assert statuses("IS maintains a presence in the desert around Sukhnah.") == [
        ("islamic-state", ["al-sukhnah"], "present")
    ]
    assert statuses("IS no longer has a presence in Raqqa.") == []
    assert statuses("IS has no presence in Raqqa.") == []


def test_a_holder_set_off_by_commas_holds_the_place_and_is_the_target() -> None:
    text = "IS fighters attacked the village of Tal Shair, held by the SDF, on Sunday."
    assert control(text) == [("sdf", [])]
    (e,) = run(text).events
    assert (e.attackers, e.targets, e.unresolved_places) == (
        ["islamic-state"],
        ["sdf"],
        ["Tal Shair"],
    )


def test_maintained_control_and_a_share_held_in_the_passive() -> None:
    assert control("The SDF maintains control over Tabqa.") == [("sdf", ["tabqa"])]
    assert control("Most of Raqqa province is controlled by IS.") == [
        ("islamic-state", ["raqqa-governorate"])
    ]


def test_lost_control_of_a_place_is_former_control() -> None:
    assert statuses("The rebels lost control of eastern Aleppo in December.") == [
        ("syrian-opposition", ["aleppo"], "formerly_controlled")
    ]


def test_cells_that_operate_hide_or_are_based_somewhere_are_present() -> None:
    assert statuses("IS sleeper cells operate in the Deir ez-Zor countryside.") == [
        ("islamic-state", ["deir-ez-zor-governorate"], "present")
    ]
    assert statuses("IS still has cells in Raqqa.") == [("islamic-state", ["raqqa"], "present")]
    assert statuses("US troops are based in al-Tanf.") == [
        ("united-states", ["al-tanf"], "present")
    ]
    assert statuses("The SDF has no cells in Raqqa.") == []


def test_held_by_on_an_apposition_describes_the_place() -> None:
    """*Palmyra, a UNESCO World Heritage site then held by government forces*: the holder is
    Palmyra's (and the loser of its capture); *UNESCO* and *World Heritage* are no places."""
    ex = run("IS first overran Palmyra, a UNESCO World Heritage site then held by government "
             "forces, in May 2015.")  # fmt: skip
    (e,) = ex.events
    assert (e.attackers, e.targets, e.places, e.unresolved_places) == (
        ["islamic-state"],
        ["syrian-regime"],
        ["palmyra"],
        [],
    )
    assert [(c.controller, c.places) for c in ex.control] == [("syrian-regime", ["palmyra"])]
