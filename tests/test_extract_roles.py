"""Events and their roles: triggers, voice, nominalisations, coordination, idioms, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.claims import EventClaim
from tests.extract_helpers import run

pytestmark = pytest.mark.nlp


def events(text: str) -> list[EventClaim]:
    return run(text).events


def only(text: str) -> EventClaim:
    found = events(text)
    assert len(found) == 1, [(e.event_type, e.quote) for e in found]
    return found[0]


def test_active_voice() -> None:
    e = only("The SDF attacked ISIS positions in Hajin.")
    assert (e.event_type, e.attackers, e.targets, e.places) == (
        "attack",
        ["sdf"],
        ["islamic-state"],
        ["hajin"],
    )


def test_passive_voice_with_agent_phrase() -> None:
    e = only("Regime checkpoints near Al-Sukhnah were attacked by IS fighters.")
    assert e.attackers == ["islamic-state"]
    assert e.targets == ["syrian-regime"]
    assert e.places == ["al-sukhnah"]


def test_passive_casualties_killed_by_raids_carried_out_by() -> None:
    e = only(
        "Dozens of civilians were killed near Albaghouz by air raids carried out by the coalition."
    )
    assert e.event_type == "air_strike"
    assert e.attackers == ["us-led-coalition"]
    assert e.targets == ["civilians"]
    assert e.places == ["baghouz"]


def test_nominalisation_names_the_victim() -> None:
    e = only("ISIS claimed the killing of Russian officers in Homs.")
    assert e.event_type == "killing"
    assert e.attackers == ["islamic-state"]
    assert e.targets == ["russia"]


def test_possessive_agent_and_object() -> None:
    e = only("Hezbollah's assault on ISIS in the Syrian Desert failed.")
    assert e.attackers == ["hezbollah"]
    assert e.targets == ["islamic-state"]
    assert e.places == ["syrian-desert"]


def test_subject_carried_from_an_earlier_clause() -> None:
    text = "The SDF advanced towards Hajin, and later clashed with ISIS near Baghouz."
    (e,) = [e for e in events(text) if e.event_type == "armed_clash"]
    assert e.event_type == "armed_clash"
    assert e.attackers == ["sdf"]
    assert e.targets == ["islamic-state"]
    assert e.places == ["baghouz"]


def test_coordinated_targets() -> None:
    e = only(
        "IS launched raids against the regime forces and the Russians and the militias "
        "backed by Iran near Al-Mayadeen."
    )
    assert e.targets == ["syrian-regime", "russia", "iran-backed-militias"]
    assert e.places == ["al-mayadin"]


def test_clashes_between() -> None:
    e = only("Clashes broke out between the SDF and ISIS in Abu Kamel.")
    assert (e.attackers, e.targets, e.places) == (["sdf"], ["islamic-state"], ["abu-kamal"])


def test_pronoun_subject_is_the_topic_and_nationality_target() -> None:
    text = (
        "ISIS remains active in the desert. ISIS fighters move at night. "
        "He also managed to capture an Iranian fighter near Al-Sukhnah."
    )
    e = only(text)
    assert e.event_type == "abduction"
    assert e.attackers == ["islamic-state"]
    assert e.targets == ["iran"]
    assert e.casualties[0].count == 1
    assert e.casualties[0].kind == "captured"


def test_the_organization_is_the_topic_and_loyal_gunmen_are_militias() -> None:
    text = "ISIS is weakened. The organization ambushed gunmen loyal to them near Hmeimeh."
    e = only(text)
    assert e.event_type == "ambush"
    assert e.attackers == ["islamic-state"]
    assert e.targets == ["pro-regime-militias"]
    assert e.places == ["hmimeh"]


def test_supporters_are_not_attackers() -> None:
    e = only("With the support of the coalition, the SDF seized Hajin from ISIS.")
    assert e.event_type == "capture_of_territory"
    assert e.attackers == ["sdf"]
    assert e.targets == ["islamic-state"]


def test_losing_verb_makes_the_subject_the_loser() -> None:
    e = only("ISIS lost Hajjeen to the SDF.")
    assert e.event_type == "capture_of_territory"
    assert e.attackers == ["sdf"]
    assert e.targets == ["islamic-state"]
    assert e.places == ["hajin"]


def test_locator_place_is_not_an_event_place() -> None:
    e = only("The SDF shelled Hajin, east of Deir Ezzor.")
    assert e.places == ["hajin"]


def test_non_factual_mentions_are_not_events() -> None:
    assert events("ISIS will attack Hajin.") == []
    assert events("The SDF did not attack Hajin.") == []
    assert events("ISIS aims to launch attacks on the regime in Homs.") == []
    assert events("The final offensive against ISIS at Hajin is being prepared.") == []
    assert events("ISIS occasionally attacks the regime near Al-Sukhnah.") == []


def test_offsets_point_into_the_text() -> None:
    text = "Report.\n\nThe SDF attacked ISIS positions in Hajin on Monday.\n\nBack To Top"
    e = only(text)
    assert text[e.start : e.end] == e.quote
    assert "Hajin" in e.quote


def test_weapon_decides_the_attack_type() -> None:
    e = only("Russian warplanes pounded villages near Idlib on Tuesday.")
    assert (e.event_type, e.attackers) == ("air_strike", ["russia"])
    assert only("Turkish drones hit a convoy near Tal Hayer.").event_type == "drone_strike"


def test_actor_as_subject_of_killed_is_an_attack() -> None:
    e = only("Government forces killed twelve fighters of ISIS near Raqqa.")
    assert (e.event_type, e.attackers, e.targets) == (
        "attack",
        ["syrian-regime"],
        ["islamic-state"],
    )
    assert [(c.count, c.kind) for c in e.casualties] == [(12, "killed")]
    assert events("Twelve members were killed in Raqqa.") == []


def test_capturing_a_place_is_territory_capturing_a_person_is_abduction() -> None:
    e = only("The SDF captured the last ISIS stronghold of Baghouz.")
    assert (e.event_type, e.attackers, e.targets, e.places) == (
        "capture_of_territory",
        ["sdf"],
        ["islamic-state"],
        ["baghouz"],
    )
    assert only("The SDF captured an Iranian fighter near Hajin.").event_type == "abduction"


def test_killed_in_an_attack_is_that_attack() -> None:
    e = only("ISIS militants killed at least nine SDF fighters in an ambush near Hajin.")
    assert (e.event_type, e.attackers, e.targets) == ("ambush", ["islamic-state"], ["sdf"])
    assert [(c.count, c.qualifier) for c in e.casualties] == [(9, "at_least")]


def test_target_inferred_from_the_controller_of_the_place() -> None:
    text = "The town of Harse is controlled by ISIS. Coalition aircraft bombed Harse on Monday."
    e = only(text)
    assert (e.event_type, e.attackers, e.targets) == (
        "air_strike",
        ["us-led-coalition"],
        ["islamic-state"],
    )
    assert "controller-of-place" in e.rule


def test_no_target_is_borrowed_from_an_earlier_attack() -> None:
    text = "ISIS attacked the regime forces in Homs. Later, ISIS launched raids in Hmeimeh."
    first, second = events(text)
    assert first.targets == ["syrian-regime"]
    assert second.targets == []  # the text does not say whom the raids hit


def test_two_mentions_of_a_capture_are_one_event_with_the_gainer() -> None:
    text = "ISIS lost Rawdah. The SDF chased ISIS from Rawdah."
    (e,) = events(text)
    assert (e.event_type, e.attackers, e.targets, e.places) == (
        "capture_of_territory",
        ["sdf"],
        ["islamic-state"],
        ["al-rawdah"],
    )
    assert "same-capture" in e.rule and "merged" in e.rule


def test_a_headline_label_is_not_the_place() -> None:
    e = only("Syria: ISIS militants ambushed a convoy of the regime forces.")
    assert e.places == []


def test_surrender_to_a_party() -> None:
    e = only("Dozens of ISIS members surrendered to the SDF in Baghouz.")
    assert (e.event_type, e.attackers, e.targets) == ("surrender", ["sdf"], ["islamic-state"])
    assert [(c.qualifier, c.group, c.kind) for c in e.casualties] == [
        ("unspecified", "islamic-state", "captured")
    ]


def test_noun_modifier_is_the_agent_and_a_defender_the_target() -> None:
    e = only("Iraqi forces repelled an ISIS attack on Al-Qaim.")
    assert (e.attackers, e.targets, e.places) == (
        ["islamic-state"],
        ["iraqi-security-forces"],
        ["al-qaim"],
    )


def test_agent_phrase_inside_the_subject() -> None:
    e = only("A car bomb planted by ISIS killed three regime soldiers near Al-Sukhnah.")
    assert (e.event_type, e.attackers, e.targets) == (
        "bombing",
        ["islamic-state"],
        ["syrian-regime"],
    )


def test_the_one_killed_in_a_strike_is_its_target() -> None:
    e = only("The coalition said it killed an ISIS leader in a drone strike near Hajin.")
    assert (e.event_type, e.attackers, e.targets) == (
        "drone_strike",
        ["us-led-coalition"],
        ["islamic-state"],
    )


def test_non_military_senses_are_not_events() -> None:
    assert events("The government launched a vaccination campaign in Damascus.") == []
    assert events("Workers in Homs went on strike over unpaid wages.") == []
    assert events("The minister died of a heart attack in Damascus.") == []
    assert events("Turkey and Russia discussed the battle against terrorism.") == []
    # a denial is no asserted event: it is kept as a claim with the denier's stance
    assert [e.stance for e in events("The SDF denied that it had shelled Raqqa.")] == ["denies"]


def test_a_modal_in_a_later_clause_does_not_cancel_the_event() -> None:
    e = only("ISIS attacked Hajin on Monday, and the SDF will respond.")
    assert e.attackers == ["islamic-state"]


def test_a_stated_aim_is_no_event() -> None:
    text = "ISIS concentrates its attacks on the regime forces. On Monday, ISIS raided Hmeimeh."
    (e,) = events(text)
    assert (e.attackers, e.places) == (["islamic-state"], ["hmimeh"])


def test_more_trigger_forms() -> None:
    e = only("Gunmen opened fire on a vehicle of the SDF near Al-Shafah, wounding two fighters.")
    assert (e.event_type, e.targets, e.places) == ("attack", ["sdf"], ["al-shafah"])
    assert [(c.count, c.kind) for c in e.casualties] == [(2, "injured")]
    e = only("The SDF launched a military operation against ISIS cells near Hajin.")
    assert (e.event_type, e.attackers, e.targets) == ("offensive", ["sdf"], ["islamic-state"])


def test_headline_without_articles() -> None:
    e = only("Nine regime soldiers killed in ISIS attack near Al-Sukhnah")
    assert (e.attackers, e.targets, e.places) == (
        ["islamic-state"],
        ["syrian-regime"],
        ["al-sukhnah"],
    )


def test_backed_by_phrase_never_gives_the_agent_even_when_misparsed() -> None:
    # A leading date makes the parser hang the clause on 'backed'; the fighters stay the agent.
    e = only("On 3 May 2018, QSD, backed by coalition aircraft, seized Abu Hamam from IS.")
    assert (e.event_type, e.attackers, e.targets) == (
        "capture_of_territory",
        ["sdf"],
        ["islamic-state"],
    )


def test_led_and_held_modifiers_name_the_actor() -> None:
    e = only("U.S.-led air strikes hit Islamic State positions near Hajin on Tuesday.")
    assert (e.event_type, e.attackers, e.targets) == (
        "air_strike",
        ["us-led-coalition"],
        ["islamic-state"],
    )


def test_rebel_as_a_modifier_names_the_opposition() -> None:
    e = only("Russian air strikes hit rebel positions near Idlib on Tuesday.")
    assert (e.attackers, e.targets) == (["russia"], ["syrian-opposition"])


def test_sorties_are_air_strikes() -> None:
    e = only("Russian jets flew twelve sorties against Islamic State targets near Palmyra.")
    assert (e.event_type, e.attackers, e.targets, e.places) == (
        "air_strike",
        ["russia"],
        ["islamic-state"],
        ["palmyra"],
    )


def test_restored_security_to_a_place_is_a_capture() -> None:
    e = only("Army units restored security and stability to the town of Sukhnah on Monday.")
    assert (e.event_type, e.attackers, e.places) == (
        "capture_of_territory",
        ["syrian-regime"],
        ["al-sukhnah"],
    )


def test_one_sided_fighting_takes_the_other_side_from_the_article() -> None:
    found = events(
        "The SDF captured the village of Abu Hamam from IS on Monday. "
        "Heavy fighting against IS continued in Hajin on Tuesday."
    )
    fight = [e for e in found if e.event_type == "armed_clash"]
    assert fight and (fight[0].attackers, fight[0].targets) == (["sdf"], ["islamic-state"])
    assert "+adversary" in fight[0].rule and fight[0].confidence < 1.0


def test_a_bombing_with_no_named_victim_keeps_no_target() -> None:
    found = events(
        "The SDF captured the village of Abu Hamam from IS on Monday. "
        "IS detonated a car bomb in Qamishli on Tuesday."
    )
    bomb = [e for e in found if e.event_type == "bombing"]
    assert bomb and bomb[0].attackers == ["islamic-state"] and bomb[0].targets == []


def test_a_capture_after_fighting_shares_its_sides_with_the_fighting() -> None:
    text = (
        "Kurdish forces recaptured most of Kobani after weeks of street fighting"
        " with Islamic State militants."
    )
    found = events(text)
    assert {e.event_type for e in found} == {"capture_of_territory", "armed_clash"}
    assert all((e.attackers, e.targets) == (["sdf"], ["islamic-state"]) for e in found)
    assert all("sides-of-sentence" in e.rule for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "Islamic State militants overran Palmyra on Sunday, forcing government troops to withdraw.",
        "Islamic State fighters regained control of Palmyra after government forces withdrew.",
    ],
)
def test_a_capture_takes_as_loser_the_side_that_withdrew(text: str) -> None:
    e = only(text)
    assert (e.event_type, e.attackers, e.targets) == (
        "capture_of_territory",
        ["islamic-state"],
        ["syrian-regime"],
    )


@pytest.mark.parametrize("verb", ["pushed back", "fought off", "repelled"])
def test_pushing_back_an_attack_is_a_defence_not_a_capture(verb: str) -> None:
    e = only(f"Syrian troops {verb} an Islamic State attack on the Deir ez-Zor airport.")
    assert (e.event_type, e.attackers, e.targets) == (
        "attack",
        ["islamic-state"],
        ["syrian-regime"],
    )


def test_a_mine_left_by_a_group_names_the_group_as_the_killer() -> None:
    e = only("A landmine left by the Islamic State killed four children near Raqqa.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["civilians"])


def test_a_campaign_with_no_named_enemy_is_against_the_group_the_article_is_about() -> None:
    found = events(
        "Islamic State fighters shelled the town of Mayadin on Monday. "
        "IS militants also blew up a bridge near the town. "
        "Government forces advanced on Deir ez-Zor from the west on Tuesday."
    )
    (push,) = [e for e in found if e.event_type == "offensive"]
    assert (push.attackers, push.targets) == (["syrian-regime"], ["islamic-state"])
    assert "+against-topic" in push.rule and push.confidence < 1.0


def test_seizing_parts_from_a_side_names_the_loser() -> None:
    found = events("IS attacked the city of Hasakah, seizing parts of it from government forces.")
    (capture,) = [e for e in found if e.event_type == "capture_of_territory"]
    assert (capture.attackers, capture.targets) == (["islamic-state"], ["syrian-regime"])


def test_fighting_positions_are_no_fight() -> None:
    found = events("Coalition jets struck IS fighting positions near Kobani on Monday.")
    assert [e.event_type for e in found] == ["air_strike"]


def test_a_capture_after_expelling_a_side_has_that_side_as_loser() -> None:
    found = events(
        "The Syrian army has regained control over southern Damascus, after expelling"
        " ISIS militants from the Yarmouk camp."
    )
    assert found and all(e.event_type == "capture_of_territory" for e in found)
    assert all((e.attackers, e.targets) == (["syrian-regime"], ["islamic-state"]) for e in found)


def test_a_name_before_a_generic_noun_wins() -> None:
    e = only("Army units repelled an attack by Jabhat al-Nusra terrorists near Hama.")
    assert (e.attackers, e.targets) == (["hayat-tahrir-al-sham"], ["syrian-regime"])


@pytest.mark.parametrize(
    ("text", "attacker", "victim"),
    [
        (
            "Dozens of SDF fighters were killed in an attack on the village of Granj, "
            "according to Amaq.",
            "islamic-state",
            "sdf",
        ),
        (
            "Twenty IS fighters were killed in an attack near Hajin, the SDF said.",
            "sdf",
            "islamic-state",
        ),
    ],
)
def test_enemy_losses_a_party_reports_are_its_doing(text: str, attacker: str, victim: str) -> None:
    e = only(text)
    assert (e.attackers, e.targets) == ([attacker], [victim])
    assert "+claimed-by-its-media" in e.rule


def test_a_partys_own_losses_are_not_its_doing() -> None:
    e = only("Twenty SDF fighters were killed in an attack near Hajin, the SDF said.")
    assert e.attackers == []


def test_what_a_side_retaliated_for_is_not_its_own_attack() -> None:
    """The attacks that provoked a reprisal are not the reprisal's author's."""
    found = events(
        "Regime artillery shelled Islamic State positions near Palmyra on Monday in retaliation "
        "for mortar attacks that hit government districts of Deir ez-Zor."
    )
    assert [
        (e.attackers, e.targets, e.places) for e in found if "syrian-regime" in e.attackers
    ] == [(["syrian-regime"], ["islamic-state"], ["palmyra"])]


def test_a_participle_hung_on_the_place_still_belongs_to_the_clause() -> None:
    """*..., killing N* attached by the parser to the last noun (an unknown place) is the
    clause's casualty clause, not a description of the place: one event, with its victims."""
    e = only("Warplanes struck a market in Kafr Nabl, killing 12 civilians.")
    assert (e.event_type, e.targets, e.unresolved_places) == (
        "air_strike",
        ["civilians"],
        ["Kafr Nabl"],
    )
    e = only(
        "IS fighters attacked an army post near the village of Umm Tina, killing four soldiers."
    )
    assert e.attackers == ["islamic-state"]


def test_a_post_stands_for_whoever_mans_or_holds_it() -> None:
    """*a checkpoint manned by X*, *belonging to X*, *positions held by X*: the target is X."""
    for text in (
        "IS attacked a checkpoint manned by Kurdish forces in Qamishli.",
        "IS attacked a checkpoint belonging to the SDF in Qamishli.",
    ):
        assert only(text).targets == ["sdf"], text
    assert only("The army shelled positions held by Islamic State near Palmyra.").targets == [
        "islamic-state"
    ]


def test_coming_under_fire_makes_the_subject_the_target() -> None:
    """*X came under fire / attack / shelling from Y*: Y attacked X."""
    e = only("Regime troops came under fire from IS near Palmyra.")
    assert (e.attackers, e.targets, e.places) == (["islamic-state"], ["syrian-regime"], ["palmyra"])
    e = only("An SDF patrol came under heavy shelling from Turkish forces near Tal Tamr.")
    assert (e.event_type, e.attackers, e.targets) == ("shelling", ["turkey"], ["sdf"])


def test_the_militants_never_stand_for_a_government() -> None:
    """*the jihadists*, *the militants* refer back to an armed group; when the only actor the
    text names is a government, they stay unresolved rather than become it."""
    e = only("The jihadists attacked government forces near Palmyra.")
    assert (e.attackers, e.targets) == ([], ["syrian-regime"])


def test_a_phrase_hung_on_the_trailing_said_is_the_events() -> None:
    """*X carried out raids on P, the ministry said*: the parser may hang *on P* on *said*;
    before the speaker, it is the raids' target."""
    e = only(
        "Russian aircraft carried out dozens of raids on IS positions around Palmyra, "
        "the Russian defence ministry said."
    )
    assert (e.attackers, e.targets) == (["russia"], ["islamic-state"])


def test_counted_strikes_are_events_and_continue_the_run_they_follow() -> None:
    """A statement's list of strikes by place: each counted strike is an event at its place,
    with the target of what it destroyed, and the attacker of the strikes it follows."""
    text = (
        "Coalition aircraft struck Islamic State targets in eastern Syria on Tuesday, the "
        "coalition said. Near Raqqa, four strikes destroyed an IS training camp. "
        "Near Abu Kamal, one strike destroyed an IS tank."
    )
    found = {(tuple(e.attackers), tuple(e.targets), tuple(e.places)) for e in events(text)}
    assert (("us-led-coalition",), ("islamic-state",), ("abu-kamal",)) in found
    assert any(places == ("raqqa",) and attackers for attackers, _, places in found)


def test_a_gerund_hung_on_the_subject_is_the_verbs_event() -> None:
    """*after Turkish shelling hit the area*, parsed with *Turkish* the subject and
    *shelling* its modifier: one shelling by Turkey, never one inheriting the main clause's
    subject."""
    e = only(
        "Several IS detainees escaped from a prison in Qamishli after Turkish shelling hit "
        "the area, the Kurdish administration said."
    )
    assert (e.event_type, e.attackers) == ("shelling", ["turkey"])


def test_a_noun_tagged_as_a_verb_is_still_a_trigger() -> None:
    """*launched a counterattack* with *counterattack* tagged as a verb."""
    e = only("IS launched a counterattack on SDF positions near Hajin, sparking fierce clashes.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["sdf"])


def test_losses_on_both_sides_of_a_clash_name_its_sides() -> None:
    """The two sides of a clash known only from its dead are one attacker and one target."""
    e = only(
        "The Observatory said 26 regime soldiers and 14 IS fighters were killed in the clashes "
        "near Palmyra."
    )
    assert e.event_type == "armed_clash"
    assert len(e.attackers) == 1 and len(e.targets) == 1
    assert {*e.attackers, *e.targets} == {"syrian-regime", "islamic-state"}


def test_an_anaphor_needs_an_antecedent() -> None:
    """*The militants* cannot refer to the rebels named only after them, as the losers."""
    for e in events("The militants stormed the village of Umm Batinah, seizing it from rebels."):
        assert "syrian-opposition" not in e.attackers


def test_a_gerund_taken_for_a_passive_auxiliary_is_the_subject() -> None:
    """*Turkish shelling killed 34 terrorists* parsed as a passive with *shelling* its
    auxiliary: a verb with an object and no *be* is active; Turkey is the attacker."""
    e = only("Turkish shelling killed 34 terrorists.")
    assert (e.event_type, e.attackers, e.targets) == ("shelling", ["turkey"], ["islamic-state"])


def test_a_verb_coordinated_with_said_keeps_the_reported_subject() -> None:
    """*SANA said the army repelled the attack and killed N*, with *killed* parsed as a second
    verb of *said*: the army killed them, not the agency."""
    found = events(
        "State news agency SANA said the army repelled the attack and killed dozens of terrorists."
    )
    assert any(e.attackers == ["syrian-regime"] and e.targets == ["islamic-state"] for e in found)


def test_the_placer_of_an_instrument_in_a_passive_is_the_attacker() -> None:
    """*killed by a landmine left by X*: X placed what killed them."""
    e = only("Two civilians were killed by a landmine left by IS in Raqqa.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["civilians"])


def test_a_name_inside_the_modifier_of_a_generic_noun_wins() -> None:
    """*PKK/YPG terrorists* (the name is inside the modifier's phrase) are the YPG."""
    e = only("The Turkish army said it had neutralised 20 PKK/YPG terrorists in northern Syria.")
    assert e.targets == ["ypg"]


def test_a_device_that_went_off_hit_the_side_whose_post_or_people_it_went_off_at() -> None:
    """*exploded at an SDF checkpoint*, *went off near a regime convoy*, *blew himself up among
    X*: the side named in the place phrase is the target; a town's name hits no one."""
    cases = {
        "A car bomb exploded at an SDF checkpoint in Hasakah on Monday.": ["sdf"],
        "A roadside bomb went off near a regime convoy in Deir ez-Zor on Friday.": [
            "syrian-regime"
        ],
        "A suicide bomber blew himself up among SDF fighters in Shaddadi.": ["sdf"],
        "A car bomb exploded among a crowd of civilians in Azaz.": ["civilians"],
        "A bomb exploded in Raqqa on Monday.": [],
    }
    for text, targets in cases.items():
        e = only(text)
        assert e.event_type in ("bombing", "suicide_attack"), text
        assert e.targets == targets, text


def test_a_strike_at_positions_is_a_strike_on_their_holder() -> None:
    e = only("Coalition jets struck at IS positions near Hajin on Tuesday.")
    assert (e.event_type, e.attackers, e.targets) == (
        "air_strike",
        ["us-led-coalition"],
        ["islamic-state"],
    )


def test_the_attack_that_killed_n_is_the_attack_just_told() -> None:
    """*X attacked P. The attack killed five of Y*: one attack, by X, on Y."""
    found = events(
        "IS militants attacked the village of Tal Tamr on Monday. "
        "The attack killed five SDF fighters."
    )
    assert [(e.attackers, e.targets) for e in found] == [(["islamic-state"], ["sdf"])]


def test_gaining_securing_and_extending_control_are_captures() -> None:
    cases = {
        "The army gained control of the village of Hamidiyah on Monday.": "syrian-regime",
        "Government troops have now secured the town of Mayadin.": "syrian-regime",
        "Kurdish forces extended their control to the village of Tal Samin on Monday.": "sdf",
    }
    for text, gainer in cases.items():
        e = only(text)
        assert (e.event_type, e.attackers) == ("capture_of_territory", [gainer]), text
    for text in (
        "IS extended its deadline on Monday.",
        "The army secured the release of hostages.",
    ):
        assert not [e for e in events(text) if e.event_type == "capture_of_territory"], text


def test_completing_or_announcing_a_capture_names_its_gainer() -> None:
    cases = {
        "The SDF announced the full liberation of Raqqa on Tuesday.": ("sdf", "raqqa"),
        "Regime forces completed the capture of Albu Kamal on Thursday.": (
            "syrian-regime",
            "abu-kamal",
        ),
    }
    for text, (gainer, place) in cases.items():
        e = only(text)
        assert (e.event_type, e.attackers, e.places) == ("capture_of_territory", [gainer], [place])
    assert events("Regime forces announced an attack on Raqqa.") == []


def test_a_verb_tag_after_an_article_is_a_noun() -> None:
    """*The recapture of P by X came after ...*, with *recapture* tagged as a verb."""
    e = only("The recapture of Palmyra by regime forces came after weeks of fighting.")
    assert (e.event_type, e.attackers, e.places) == (
        "capture_of_territory",
        ["syrian-regime"],
        ["palmyra"],
    )


def test_the_dead_reported_in_an_attack_were_its_target() -> None:
    """*reported the death(s) of N X in an attack by Y*: Y attacked X, also when the parser
    hangs *in an attack* on the reporting verb."""
    cases = {
        "SOHR documented the death of 5 members of regime forces in an attack by ISIS cells "
        "in the Badia.": ("islamic-state", "syrian-regime"),
        "The Observatory reported the deaths of three SDF fighters in an IS ambush near Hajin.": (
            "islamic-state",
            "sdf",
        ),
    }
    for text, (attacker, target) in cases.items():
        e = only(text)
        assert (e.attackers, e.targets) == ([attacker], [target]), text


def test_the_dead_of_a_clash_with_y_were_the_other_side() -> None:
    e = only("At least 15 pro-government fighters were killed in clashes with IS near Mayadin.")
    assert (e.event_type, e.attackers, e.targets) == (
        "armed_clash",
        ["syrian-regime"],
        ["islamic-state"],
    )
    e = only("Three civilians were killed in clashes in Hajin on Monday.")
    assert "civilians" not in e.attackers


def test_a_counter_offensive_is_an_offensive() -> None:
    e = only("IS fighters launched a counter-offensive against Iraqi forces in Tal Afar.")
    assert (e.event_type, e.attackers) == ("offensive", ["islamic-state"])


def test_an_air_campaign_is_air_strikes_and_its_kind_no_event_of_its_own() -> None:
    e = only("The coalition has waged an air campaign against IS in Raqqa since June.")
    assert (e.event_type, e.attackers, e.targets) == (
        "air_strike",
        ["us-led-coalition"],
        ["islamic-state"],
    )
    e = only("Russian jets continued their bombing campaign over Deir ez-Zor on Monday.")
    assert (e.event_type, e.attackers) == ("air_strike", ["russia"])


def test_coordinated_sides_of_a_fight_are_its_two_sides() -> None:
    e = only("The SDF and IS have been fighting for weeks in Hajin.")
    assert (e.event_type, e.attackers, e.targets) == ("armed_clash", ["sdf"], ["islamic-state"])


def test_a_capture_is_never_inferred_to_be_lost_by_a_state_striking_from_afar() -> None:
    """The article pairs IS only with Russia's jets: whom IS took the village from is not
    said, and it was not Russia as a whole."""
    found = events(
        "Russian jets struck IS positions near Palmyra on Monday. Russian warplanes also "
        "pounded IS near Sukhnah. IS militants captured the village of Jazal on Tuesday."
    )
    captures = [e for e in found if e.event_type == "capture_of_territory"]
    assert [(e.attackers, e.targets) for e in captures] == [(["islamic-state"], [])]


def test_a_weapon_as_subject_lends_no_attacker_from_elsewhere_in_the_sentence() -> None:
    """*N of X were wounded in an explosion that targeted their patrol*: X was hit; the
    explosion's clause has its own subject, so X is not borrowed as the attacker."""
    e = only(
        "Two Asayish members were wounded in an explosion that targeted their patrol "
        "in Qamishli on Sunday."
    )
    assert (e.attackers, e.targets) == ([], ["asayish"])


def test_what_a_vehicle_carried_was_hit_and_who_planted_a_mine_set_it_off() -> None:
    e = only("An explosive device targeted a bus carrying regime soldiers near Damascus on Sunday.")
    assert e.targets == ["syrian-regime"]
    e = only("A mine planted by IS exploded on a vehicle of the SDF in Deir ez-Zor on Sunday.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["sdf"])


def test_the_fighters_refer_back_to_the_group_named_before() -> None:
    found = events(
        "SDF fighters liberated the village of al-Bahra on Wednesday. "
        "The fighters killed 23 ISIS militants during clashes near Hajin."
    )
    clash = [e for e in found if e.event_type == "armed_clash"]
    assert [(e.attackers, e.targets) for e in clash] == [(["sdf"], ["islamic-state"])]


def test_a_unit_affiliated_with_or_belonging_to_x_is_x() -> None:
    e = only("A cell affiliated with ISIS kidnapped three civilians near Deir ez-Zor.")
    assert (e.event_type, e.attackers, e.targets) == ("abduction", ["islamic-state"], ["civilians"])
    e = only("A unit belonging to the SDF attacked IS positions near Hajin on Monday.")
    assert e.attackers == ["sdf"]


def test_clearing_a_place_of_a_side_is_taking_it_from_that_side() -> None:
    """*cleared the village of P of X*, with the second *of* hung on the name by the parser."""
    e = only("Turkish forces cleared the village of Tal Halaf of IS militants on Monday.")
    assert (e.event_type, e.attackers, e.targets, e.unresolved_places) == (
        "capture_of_territory",
        ["turkey"],
        ["islamic-state"],
        ["Tal Halaf"],
    )
    assert events("The army cleared the area of mines.") == []


def test_falling_into_the_hands_or_coming_under_the_control_of_x_is_xs_capture() -> None:
    cases = {
        "Palmyra fell into the hands of IS militants in May.": ("islamic-state", ["palmyra"]),
        "Manbij came under SDF control in August.": ("sdf", ["manbij"]),
    }
    for text, (gainer, places) in cases.items():
        e = only(text)
        assert (e.event_type, e.attackers, e.places) == ("capture_of_territory", [gainer], places)


def test_what_strikes_destroyed_names_whom_they_hit() -> None:
    cases = (
        "Coalition aircraft conducted 12 strikes near Abu Kamal, destroying five IS fighting "
        "positions.",
        "The coalition carried out three strikes near Hajin, destroying an IS vehicle and a "
        "weapons cache.",
    )
    for text in cases:
        e = only(text)
        assert (e.attackers, e.targets) == (["us-led-coalition"], ["islamic-state"]), text


def test_people_executed_or_abducted_with_no_side_named_are_civilians() -> None:
    e = only("IS executed five men accused of collaborating with the regime in Mayadin.")
    assert (e.event_type, e.targets) == ("killing", ["civilians"])
    e = only("IS kidnapped three people in the countryside of Deir ez-Zor.")
    assert (e.event_type, e.targets) == ("abduction", ["civilians"])
    e = only("IS executed three SDF fighters near Hajin.")
    assert e.targets == ["sdf"]


def test_a_bomb_at_the_entrance_of_a_sides_post_hit_that_side() -> None:
    e = only("A suicide bomber blew himself up at the entrance of an Asayish centre in Qamishli.")
    assert (e.event_type, e.targets) == ("suicide_attack", ["asayish"])
    e = only("A bomb exploded at the entrance of the town of Azaz.")
    assert e.targets == []
    e = only("A bomb hit a bus carrying Shiite pilgrims near Damascus.")
    assert (e.event_type, e.targets) == ("bombing", ["civilians"])


def test_a_summary_capture_lends_no_date_to_a_concrete_one() -> None:
    """*IS overran much of Syria in 2014* is no event (no place below country level); merged
    into the day's capture it would date it to 2014."""
    found = run(
        "IS fighters attacked army positions near Albu Kamal on Sunday, a monitor said. "
        '"They launched a surprise attack at dawn and seized two positions," he said. '
        "IS overran much of Syria and neighbouring Iraq in 2014.",
        published="2018-06-10",
    ).events
    captures = [e for e in found if e.event_type == "capture_of_territory"]
    assert captures and all(e.date.start and e.date.start.year == 2018 for e in captures)


def test_a_relative_clause_about_the_speaker_lends_the_event_no_time_or_place() -> None:
    """*The coalition, which has been bombing IS in Syria since 2014, said its aircraft had
    struck ...*: 2014 and Syria describe the coalition; *its* is the coalition's."""
    found = run(
        "The SDF captured the Tabqa dam on Sunday. The US-led coalition, which has been bombing "
        "Islamic State targets in Syria since 2014, said its aircraft had struck the militants' "
        "positions around the dam more than 30 times over the past week.",
        published="2017-05-14",
    ).events
    strikes = [e for e in found if e.event_type == "air_strike"]
    assert [(e.attackers, e.targets) for e in strikes] == [
        (["us-led-coalition"], ["islamic-state"])
    ]
    assert strikes[0].date.start is not None and strikes[0].date.start.year == 2017
    assert "syria" not in strikes[0].places


def test_counter_attacked_is_an_attack() -> None:
    e = only("IS fighters counter-attacked SDF positions north of Tabqa on Saturday.")
    assert (e.event_type, e.attackers, e.targets) == ("attack", ["islamic-state"], ["sdf"])


def test_the_martyred_are_the_dead_of_their_side() -> None:
    """Kurdish and state outlets say *martyred* for their own dead."""
    e = only("Two SDF fighters were martyred in clashes with ISIS mercenaries near Hajin.")
    assert (e.event_type, e.attackers, e.targets) == ("armed_clash", ["sdf"], ["islamic-state"])
    e = only("Three civilians were martyred in a Turkish drone strike on Qamishli.")
    assert (e.attackers, e.targets) == (["turkey"], ["civilians"])


def test_a_day_is_when_not_where_a_push_goes() -> None:
    """*pushed IS out of P on Friday*: an expulsion (*on Friday* is no heading); *pushed into
    P* is an advance."""
    e = only(
        "Turkish-backed Free Syrian Army fighters pushed IS out of the town of al-Rai on Friday."
    )
    assert (e.event_type, e.targets) == ("capture_of_territory", ["islamic-state"])
    e = only("The SDF pushed into the town of Hajin on Friday.")
    assert e.event_type == "offensive"


def test_who_set_the_ambush_or_left_the_mine_is_the_attacker() -> None:
    e = only("Eight regime soldiers were killed in an ambush set by IS cells near Sukhnah.")
    assert (e.event_type, e.attackers, e.targets) == (
        "ambush",
        ["islamic-state"],
        ["syrian-regime"],
    )
    e = only("A landmine left behind by IS killed three shepherds in the Badia.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["civilians"])


def test_a_backer_in_the_subjects_participle_is_no_agent() -> None:
    e = only("Rebels backed by Turkey killed 12 IS militants near al-Bab on Monday.")
    assert (e.attackers, e.targets) == (["syrian-opposition"], ["islamic-state"])
    assert "turkey" not in e.attackers


def test_a_state_named_as_a_whole_is_never_the_inferred_loser_of_ground() -> None:
    """Ground changes hands between forces: a control statement naming a state as a whole
    does not make it the loser of a capture the text does not give one for."""
    found = events("Iraq holds the town of al-Qaim. IS fighters captured al-Qaim on Monday.")
    captures = [e for e in found if e.event_type == "capture_of_territory"]
    assert [(e.attackers, e.targets) for e in captures] == [(["islamic-state"], [])]


def test_a_search_operation_is_no_campaign_but_what_it_kills_is_an_event() -> None:
    assert events("The SDF launched a security operation against IS cells in Deir ez-Zor.") == []
    e = only(
        "Regime forces carried out a combing operation in the Badia, killing five IS militants."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "attack",
        ["syrian-regime"],
        ["islamic-state"],
    )
    e = only("The SDF launched a military operation against IS in Hajin on Monday.")
    assert e.event_type == "offensive"


def test_what_is_dropped_or_fired_at_a_side_is_a_strike_on_it() -> None:
    e = only("Regime helicopters dropped barrel bombs on rebel areas of Daraa on Monday.")
    assert (e.event_type, e.attackers, e.targets) == (
        "air_strike",
        ["syrian-regime"],
        ["syrian-opposition"],
    )
    e = only("IS fighters fired rockets at SDF positions in Hajin on Monday.")
    assert (e.event_type, e.attackers, e.targets) == ("shelling", ["islamic-state"], ["sdf"])
    assert events("Planes dropped leaflets on Raqqa.") == []


def test_a_bomb_that_kills_people_at_a_civilian_venue_killed_civilians() -> None:
    e = only("A car bomb exploded in a crowded market in Azaz on Monday, killing 40 people.")
    assert (e.event_type, e.targets) == ("bombing", ["civilians"])
    e = only("A car bomb exploded near an army checkpoint in Azaz on Monday, killing 4 people.")
    assert e.targets == ["syrian-regime"]


def test_the_accused_is_the_attacker_also_when_the_gerund_is_read_as_a_modifier() -> None:
    """*X accused Y of shelling villages*, parsed with *shelling* modifying *villages*."""
    e = only("The SDF accused Turkey of shelling villages near Tal Abyad.")
    assert (e.event_type, e.attackers, e.stance) == ("shelling", ["turkey"], "accuses")
    e = only(
        "The Syrian government accused the US-led coalition of attacking army positions "
        "near Deir ez-Zor on Sunday."
    )
    assert (e.attackers, e.targets, e.stance) == (
        ["us-led-coalition"],
        ["syrian-regime"],
        "accuses",
    )


def test_the_side_that_lost_fighters_in_a_fight_was_in_it() -> None:
    e = only("The SDF lost 12 fighters in clashes with IS near Hajin on Monday.")
    assert (e.event_type, e.attackers, e.targets) == ("armed_clash", ["sdf"], ["islamic-state"])
    e = only("The army lost 20 soldiers in an IS attack near Palmyra.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["syrian-regime"])


def test_bare_soldiers_are_the_army_unless_another_states_soldiers_were_named_last() -> None:
    e = only("Islamic State fighters killed three soldiers near Palmyra on Monday.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["syrian-regime"])
    found = events(
        "Turkish troops entered the town of al-Bab on Sunday. "
        "IS fighters killed two soldiers near al-Bab on Monday."
    )
    assert [e.targets for e in found if e.attackers == ["islamic-state"]] == [["turkey"]]


def test_claiming_the_lives_of_people_kills_them_and_the_means_name_the_kind() -> None:
    e = only(
        "Gunmen targeted a residential quarter of Aleppo with mortar shells on Monday, "
        "claiming the lives of four civilians."
    )
    assert (e.event_type, e.targets) == ("shelling", ["civilians"])
    e = only("A roadside bomb claimed the lives of two SDF fighters in Raqqa on Monday.")
    assert (e.event_type, e.targets) == ("bombing", ["sdf"])


def test_people_including_children_are_civilians() -> None:
    e = only(
        "IS militants killed 26 people, including five children, in a raid on the village "
        "of Umm Batinah on Monday."
    )
    assert (e.attackers, e.targets) == (["islamic-state"], ["civilians"])


def test_clash_sides_named_after_the_place_the_parser_hung_them_on() -> None:
    e = only("Clashes broke out in the town of Hajin between IS and the SDF on Monday.")
    assert (e.event_type, {*e.attackers, *e.targets}) == (
        "armed_clash",
        {"islamic-state", "sdf"},
    )


def test_christians_and_hostages_taken_with_no_side_named_are_civilians() -> None:
    e = only("IS abducted 40 Assyrian Christians from villages near Tal Tamr on Monday.")
    assert (e.event_type, e.targets) == ("abduction", ["civilians"])


def test_villages_named_after_a_governorate_level_capture_are_the_same_capture() -> None:
    """*three villages in the countryside of Homs*, then their names (unknown to the
    reference data): one capture, at the named villages."""
    found = events(
        "The army regained control of three villages in the eastern countryside of Homs on "
        "Saturday after battles with IS.\n\nArmy units took control of the villages of Umm "
        "Sahrij, Jubb Sawda and Tal Sawwan, killing dozens of IS militants."
    )
    captures = [e for e in found if e.event_type == "capture_of_territory"]
    assert len(captures) == 1
    assert captures[0].unresolved_places == ["Umm Sahrij", "Jubb Sawda", "Tal Sawwan"]


def test_people_wounded_by_an_attack_are_its_target() -> None:
    e = only(
        "Rebel groups shelled residential areas of Daraa city with mortar rounds on Monday, "
        "wounding five civilians."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "shelling",
        ["syrian-opposition"],
        ["civilians"],
    )


def test_a_strike_on_refineries_a_side_controls_is_a_strike_on_it() -> None:
    """The parser reads *struck oil refineries controlled by X* with *refineries* the subject
    of *controlled*: the strike still has its object."""
    e = only(
        "US warplanes struck oil refineries controlled by Islamic State militants in eastern "
        "Syria on Wednesday night."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "air_strike",
        ["united-states"],
        ["islamic-state"],
    )


def test_the_mercenaries_are_the_group_named_before_not_the_one_quoted() -> None:
    """A Kurdish outlet's *the mercenaries* refers back to the last armed group it named; the
    group of a quoted commander (*a YPG commander told X*) is not that group."""
    found = events(
        "YPG fighters repelled an attack launched by IS militants on Tal Tamr on Tuesday, a "
        "YPG commander told Reuters.\n\nThe mercenaries shelled the village of Tal Nasri "
        "with mortars on Tuesday."
    )
    shelling = [e for e in found if e.event_type == "shelling"]
    assert [e.attackers for e in shelling] == [["islamic-state"]]


def test_a_strike_whose_subject_is_inherited_is_retyped_by_it() -> None:
    e = only(
        "Coalition warplanes supported the Kurdish fighters by targeting IS positions around "
        "Tal Tamr on Tuesday."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "air_strike",
        ["us-led-coalition"],
        ["islamic-state"],
    )


def test_on_the_same_day_is_the_day_of_the_event_told_before() -> None:
    found = run(
        "IS fighters attacked an army post near Palmyra on Monday.\n\nOn the same day, Russian "
        "jets struck IS positions near al-Sukhnah.",
        published="2019-03-20",
    ).events
    assert {(e.event_type, e.date.start) for e in found} == {
        ("attack", dt.date(2019, 3, 18)),
        ("air_strike", dt.date(2019, 3, 18)),
    }


def test_civilians_killed_when_a_held_place_is_struck_are_the_target() -> None:
    e = only(
        "Coalition jets bombed the IS-held village of Tokhar on Tuesday, killing 56 civilians."
    )
    assert (e.attackers, e.targets) == (["us-led-coalition"], ["civilians"])
    e = only("Regime jets bombed rebel positions near Douma on Tuesday, killing 10 civilians.")
    assert e.targets == ["syrian-opposition"]  # positions stand for their side


def test_a_military_post_is_the_army_s_in_an_article_about_the_army() -> None:
    found = events(
        "Regime forces hold the town of Palmyra.\n\nIS militants attacked a military post near "
        "Palmyra on Monday."
    )
    assert [(e.attackers, e.targets) for e in found] == [(["islamic-state"], ["syrian-regime"])]
    e = only("IS militants attacked a military post near Hajin on Monday.")
    assert e.targets == []  # no army named: whose post is not known


def test_stormed_and_seized_is_one_capture_but_an_attack_with_its_own_object_stays() -> None:
    e = only("IS militants stormed and seized the town of al-Sukhnah on Wednesday.")
    assert (e.event_type, e.attackers, e.places) == (
        "capture_of_territory",
        ["islamic-state"],
        ["al-sukhnah"],
    )
    found = events("IS attacked the SDF in Hajin on Monday and seized two villages.")
    assert sorted(e.event_type for e in found) == ["attack", "capture_of_territory"]


def test_took_the_village_is_a_capture_and_the_jihadists_are_not_its_takers() -> None:
    """*the jihadists* refers only to a group the reference data calls so (not to the Kurdish
    forces, the subject of the same sentence)."""
    found = events(
        "IS fighters held the village of Tal Nasri for a year.\n\nThe Kurdish forces took the "
        "village on Monday after a two-day battle with the jihadists."
    )
    captures = [e for e in found if e.event_type == "capture_of_territory"]
    assert [(e.attackers, e.targets) for e in captures] == [(["sdf"], ["islamic-state"])]


def test_a_side_named_before_an_attack_noun_is_its_attacker() -> None:
    e = only("The rebel attack on the town of Mhardeh was repelled on Monday.")
    assert (e.event_type, e.attackers) == ("attack", ["syrian-opposition"])


def test_an_assault_lasting_weeks_is_an_offensive_on_the_other_side_of_the_sentence() -> None:
    """*a truce between X and Y ended a three-week government assault*: a campaign, by one of
    the two sides the sentence names, on the other."""
    e = only(
        "Fighting in Daraa stopped on Friday, when a truce between the rebels and the regime "
        "ended a three-week government assault."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "offensive",
        ["syrian-regime"],
        ["syrian-opposition"],
    )


def test_an_event_noun_tagged_as_an_adjective_is_still_an_event() -> None:
    """*repelled an offensive by X*: the tagger reads *offensive* as an adjective."""
    e = only(
        "Army troops, backed by popular forces, repelled an offensive by ISIL terrorists in "
        "Deir Ezzor on Monday."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "offensive",
        ["islamic-state"],
        ["syrian-regime"],
    )


def test_a_backers_strike_with_no_target_hits_the_side_it_backs_against() -> None:
    """The article shows the coalition backing the SDF against IS (or the reference data says
    Russia backs the regime): its strikes with no target named hit that side's opponent."""
    found = events(
        "Clashes between the SDF, backed by the coalition, and IS continued near Hajin on "
        "Monday.\n\nCoalition warplanes carried out raids on the village of al-Susah on Monday."
    )
    strikes = [e for e in found if e.event_type == "air_strike"]
    assert [(e.attackers, e.targets) for e in strikes] == [
        (["us-led-coalition"], ["islamic-state"])
    ]
    found = events(
        "Regime forces clashed with rebels near Hama on Monday.\n\nRussian jets struck the "
        "town of Kafr Zita on Monday."
    )
    strikes = [e for e in found if e.event_type == "air_strike"]
    assert [(e.attackers, e.targets) for e in strikes] == [(["russia"], ["syrian-opposition"])]


def test_the_word_before_an_attack_noun_names_its_kind_even_when_misparsed() -> None:
    """*a US drone strike*: the parser reads *drone* as a verb; the word still names the means."""
    e = only("The Pentagon said a US drone strike killed a senior IS leader in Raqqa on Monday.")
    assert (e.event_type, e.attackers, e.targets) == (
        "drone_strike",
        ["united-states"],
        ["islamic-state"],
    )


def test_an_actor_read_as_an_apposition_before_its_verb_is_its_subject() -> None:
    found = events(
        "In Deir Ezzor, the army killed 15 militants; in Homs, IS attacked a checkpoint, "
        "killing two soldiers."
    )
    assert ("attack", ["islamic-state"], ["syrian-regime"], ["homs"]) in [
        (e.event_type, e.attackers, e.targets, e.places) for e in found
    ]


def test_the_dead_of_two_sides_name_the_sides_of_a_clash() -> None:
    e = only("Twelve soldiers and 20 IS militants were killed in clashes near Palmyra on Monday.")
    assert (e.event_type, {*e.attackers, *e.targets}) == (
        "armed_clash",
        {"syrian-regime", "islamic-state"},
    )


def test_men_arrested_with_no_side_named_are_civilians_and_downing_an_aircraft_is_an_attack() -> (
    None
):
    e = only("Regime militias arrested 15 young men in Douma on Sunday.")
    assert (e.event_type, e.targets) == ("arrest", ["civilians"])
    e = only("Opposition factions downed a regime helicopter near Hama on Sunday.")
    assert (e.event_type, e.attackers, e.targets) == (
        "attack",
        ["syrian-opposition"],
        ["syrian-regime"],
    )


def test_an_anaphor_refers_to_the_group_last_named_with_its_noun() -> None:
    """*the mercenaries* is the group an article called *mercenaries*, even when another
    group was named since (*SDF fighters repelled them*)."""
    found = events(
        "ISIS mercenaries shelled the village of Susa on Thursday. SDF fighters repelled them. "
        "On Friday the mercenaries attacked SDF positions near Hajin."
    )
    attack = [e for e in found if e.event_type == "attack"]
    assert [(e.attackers, e.targets) for e in attack] == [(["islamic-state"], ["sdf"])]


def test_a_coalition_is_not_what_the_fighters_refers_to() -> None:
    """*the fighters*, *the group* are an armed group on the ground, never the coalition named
    as the backer of one."""
    found = events(
        "SDF fighters, backed by aircraft of the US-led coalition, advanced on Hajin on Monday. "
        "On Tuesday the fighters captured the village of Susa."
    )
    capture = [e for e in found if e.event_type == "capture_of_territory"]
    assert [e.attackers for e in capture] == [["sdf"]]


def test_a_captures_loser_named_on_the_last_place_of_its_object() -> None:
    # 'from IS' hangs on 'the bridge', the last conjunct of the object of 'control of'
    e = only(
        "The SDF said it took full control of the village of Susa and the nearby bridge from "
        "IS on Saturday."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "capture_of_territory",
        ["sdf"],
        ["islamic-state"],
    )


def test_the_dead_of_a_when_clause_strike_are_its_target() -> None:
    """*N were killed when X bombed P*: one event, the strike, whose victims are the dead."""
    for text, etype, attacker in (
        ("Five civilians were killed when regime warplanes bombed the town of Saraqib on "
         "Monday.", "air_strike", "syrian-regime"),
        ("A woman was killed when Turkish shells hit the village of Kor Ali on Wednesday.",
         "shelling", "turkey"),
        ("Dozens of villagers died when coalition jets bombed the hamlet of Tokhar last month.",
         "air_strike", "us-led-coalition"),
    ):  # fmt: skip
        assert [(e.event_type, e.attackers, e.targets) for e in events(text)] == [
            (etype, [attacker], ["civilians"])
        ], text


def test_who_is_blamed_for_an_attack_is_its_attacker() -> None:
    """*blamed the attack on X* (with *on X* read as the attack's) and *blamed X for the
    bombing*: X is who attacked, not the target."""
    found = events(
        "A car bomb exploded in central Raqqa on Monday, killing three civilians. The security "
        "forces blamed the attack on IS sleeper cells."
    )
    assert [(e.event_type, e.attackers, e.targets) for e in found] == [
        ("bombing", ["islamic-state"], ["civilians"])
    ]
    e = only("The SDF blamed IS for the bombing in Raqqa on Monday.")
    assert (e.event_type, e.attackers) == ("bombing", ["islamic-state"])


def test_a_weapon_named_as_what_a_site_makes_is_no_event_and_no_place() -> None:
    """*an IED facility* is a target of a strike, not a bombing; *IED* is no place name."""
    e = only(
        "On Saturday, coalition aircraft conducted 12 strikes near Hajin that destroyed four "
        "fighting positions and a vehicle-borne IED facility."
    )
    assert (e.event_type, e.places, e.unresolved_places) == ("air_strike", ["hajin"], [])
    assert events("Coalition aircraft destroyed a VBIED factory near Hajin on Saturday.") == []


def test_an_attempted_attack_in_the_past_is_an_attack_a_planned_one_is_not() -> None:
    e = only("IS fighters tried to storm the village of Shoula on Monday but were repelled.")
    assert (e.event_type, e.attackers, e.unresolved_places) == (
        "attack",
        ["islamic-state"],
        ["Shoula"],
    )
    assert events("IS fighters will try to storm the village of Shoula.") == []
    assert events("IS fighters are trying to storm the village of Shoula.") == []


def test_the_troops_with_no_army_named_are_the_armys() -> None:
    # the lemmatiser leaves 'troops' as it is
    e = only("IS fighters attacked the advancing troops near Shoula on Monday.")
    assert e.targets == ["syrian-regime"]


def test_an_attack_repelled_by_x_targeted_x() -> None:
    e = only("An IS attack on the town of Uqayribat was repelled by Syrian troops on Saturday.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["syrian-regime"])
    e = only(
        "On Saturday night, IS units tried to break into the town of Uqayribat, but the attack "
        "was repelled by Syrian troops."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "attack",
        ["islamic-state"],
        ["syrian-regime"],
    )


def test_a_possessive_in_the_object_is_the_subjects() -> None:
    """*The SDF, backed by coalition jets, launched its assault*: *its* is the SDF's, not the
    backer named closer to it."""
    e = only("The SDF, backed by coalition jets, launched its assault on Raqqa on 6 June.")
    assert (e.attackers, e.supporters) == (["sdf"], ["us-led-coalition"])


def test_a_drone_named_as_the_killer_makes_a_drone_strike() -> None:
    # 'drone' is read as a verb after 'A US'; 'an RAF Reaper drone' is one name
    for text in (
        "A US drone killed an IS commander near Hajin on Monday.",
        "An RAF Reaper drone had killed an IS sniper in Raqqa on Saturday.",
    ):
        assert only(text).event_type == "drone_strike", text


def test_killed_by_strikes_is_one_event() -> None:
    """*N were killed by coalition airstrikes on P*: the strikes, with the dead as target
    (not a second strike whose target is inferred from the article: the backed side's foe)."""
    found = events(
        "SDF fighters backed by the US-led coalition captured the town of Hajin from IS on "
        "Monday. Eight civilians, including three children, were killed Tuesday by coalition "
        "airstrikes on the village of Abu al-Hassan, south of Hajin."
    )
    strikes = [e for e in found if e.event_type == "air_strike"]
    assert [(e.attackers, e.targets) for e in strikes] == [(["us-led-coalition"], ["civilians"])]


def test_dead_named_by_a_pronoun_do_not_make_a_strike_a_repeat() -> None:
    """*Hundreds of them have been killed by air raids*: *them* refers back to civilians, not
    to an event; the raids are a new event (a repeated mention far from its first is
    dropped)."""
    found = events(
        "IS shelled Tal Tamr on Monday. IS fighters attacked Hasakah on Tuesday. The SDF "
        "repelled an IS attack on Qamishli on Wednesday. Susa and Shafa hold the largest "
        "gatherings of civilians. Hundreds of them have been killed in recent months by air "
        "raids carried out by the coalition."
    )
    raids = [e for e in found if e.event_type == "air_strike"]
    assert [(e.attackers, e.targets) for e in raids] == [(["us-led-coalition"], ["civilians"])]


def test_civilians_of_a_nationality_are_civilians_not_the_state() -> None:
    (e,) = events("Two Syrian aid workers were abducted by IS gunmen in Raqqa last month.")
    assert (e.event_type, e.attackers, e.targets) == ("abduction", ["islamic-state"], ["civilians"])


def test_an_actor_read_as_the_object_of_said_before_a_time_phrase_is_the_subject() -> None:
    """*Activists said ISIS on Sunday executed six soldiers it had captured*: parsed with
    *ISIS* the object of *said*; it is who executed them, on Sunday, and the soldiers it
    captured are no captured land."""
    found = run(
        "Activists said ISIS on Sunday executed six regime soldiers it had captured near the "
        "airport.",
        published="2019-03-20",
    ).events
    assert [(e.event_type, e.attackers, e.targets, e.date.start) for e in found] == [
        ("killing", ["islamic-state"], ["syrian-regime"], dt.date(2019, 3, 17))
    ]


def test_a_bomber_driving_a_vehicle_into_a_position_is_a_suicide_attack() -> None:
    e = only(
        "An IS suicide bomber drove an explosives-laden vehicle into an army position near "
        "Hajin on Saturday."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "suicide_attack",
        ["islamic-state"],
        ["syrian-regime"],
    )
