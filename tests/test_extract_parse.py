"""The parse-based extractor: parser input and output (pure), then one test per phenomenon
with the real parser (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from loaders.claims import Casualties, ControlClaim, EventClaim
from loaders.extract import dates
from loaders.extract.masking import mask_sentence, mask_word, needs_mask, request_text
from loaders.extract.merge import merge_events, same_occurrence
from loaders.extract.parse import convert
from loaders.extract.sentences import Mention
from loaders.extract.text import dateline, dateline_length
from tests.extract_helpers import run

# ---------------------------------------------------------------------------------------
# Pure parts: masking, offset maps, CoreNLP JSON conversion, dates, merging


def test_mask_words_are_one_camel_case_token() -> None:
    assert mask_word("Syrian Democratic Forces") == "SyrianDemocraticForces"
    assert mask_word("Deir ez-Zor") == "DeirEzZor"
    assert mask_word("Al-Qa'im") == "AlQaIm"


def mention(text: str, start: int, end: int, j: int = 1, **ids: str) -> Mention:
    return Mention(0, j, start, end, text[start:end], **ids)


def test_masking_keeps_a_map_to_the_original_offsets() -> None:
    text = "Title\nThe IS attacked the Syrian Democratic Forces in Hajin."
    start = text.index("The")
    m_is = mention(text, text.index("IS"), text.index("IS") + 2, actor="islamic-state")
    sdf_at = text.index("Syrian")
    m_sdf = mention(text, sdf_at, sdf_at + len("Syrian Democratic Forces"), j=3, actor="sdf")
    m_hajin = mention(text, text.index("Hajin"), text.index("Hajin") + 5, place="hajin")
    names = {"islamic-state": "Islamic State", "sdf": "Syrian Democratic Forces"}
    line = mask_sentence(
        text, start, len(text), [m_is, m_sdf, m_hajin], lambda m: names.get(m.actor or "", "")
    )
    assert line.text == "The IslamicState attacked the SyrianDemocraticForces in Hajin."
    masked = line.text.index("SyrianDemocraticForces")
    end = masked + len("SyrianDemocraticForces")
    assert line.to_orig(masked) == sdf_at
    assert line.to_orig(end, end=True) == sdf_at + len("Syrian Democratic Forces")
    assert line.mention_at(masked, end) is m_sdf
    tail = line.text.index("attacked")  # text copied as is maps one to one
    assert text[line.to_orig(tail) : line.to_orig(tail + 8, end=True)] == "attacked"
    assert not needs_mask(m_hajin, "Hajin")  # a plain capitalised word is sent as written
    assert needs_mask(m_is, "IS")  # an acronym would be read as the verb 'is'


def test_request_text_is_one_sentence_per_line() -> None:
    text = "ISIS attacked.\nThe SDF\nadvanced."
    a = mask_sentence(text, 0, 14, [], lambda m: "")
    b = mask_sentence(text, 15, len(text), [], lambda m: "")
    sent, starts = request_text([a, b])
    assert sent == "ISIS attacked.\nThe SDF advanced."  # a line break inside a sentence is a space
    assert starts == [0, 15]


def corenlp_answer(words: list[tuple[str, int, int]], deps: list[tuple[int, str, int]]) -> Any:
    tokens = [
        {
            "index": k + 1,
            "word": w,
            "lemma": w.lower(),
            "pos": "NN",
            "characterOffsetBegin": b,
            "characterOffsetEnd": e,
        }
        for k, (w, b, e) in enumerate(words)
    ]
    rels = [
        {"dep": rel, "governor": g, "dependent": d, "governorGloss": "", "dependentGloss": ""}
        for g, rel, d in deps
    ]
    return {
        "sentences": [
            {"tokens": tokens, "basicDependencies": rels, "enhancedPlusPlusDependencies": rels}
        ]
    }


def test_the_answer_becomes_tokens_and_dependencies() -> None:
    text = "𝔸 IS hit Hajin"  # offsets in code points, as the service's client hands them over
    answer = corenlp_answer(
        [("𝔸", 0, 1), ("IS", 2, 4), ("hit", 5, 8), ("Hajin", 9, 14)],
        [(0, "ROOT", 3), (3, "nsubj", 2), (3, "obj", 4), (2, "dep", 1)],
    )
    (s,) = convert(answer, text)
    assert [text[t.start : t.end] for t in s.tokens] == ["𝔸", "IS", "hit", "Hajin"]
    assert [(d.gov, d.rel, d.dep) for d in s.kids(2, "nsubj")] == [(2, "nsubj", 1)]
    assert [d.dep for d in s.kids(2, "obl", "obj")] == [3]  # 'obl' also matches 'obl:in'
    assert s.head == [1, 2, -1, 2]
    assert s.subtree(2) == [0, 1, 2, 3]


def test_datelines() -> None:
    assert dateline_length("AMMAN: Syrian rebels captured the town.") == len("AMMAN: ")
    assert dateline_length("U.S.-led coalition aircraft struck targets.") == 0
    assert dateline_length("ISIS - the group said.") == 0
    text = "Title\n\nDAMASCUS, April 28 (Xinhua) -- The army captured the area on Friday."
    assert dateline(text, dt.date(2018, 4, 29)) == dt.date(2018, 4, 28)


def test_relative_and_undated_spans() -> None:
    pub = dates.publication("2016-06-20", "day")
    assert dates.resolve("launched three weeks ago", pub) == dates.DateSpan(
        start=dt.date(2016, 5, 27), end=dt.date(2016, 6, 2), precision="week"
    )
    month = dates.resolve("earlier this month", pub)
    assert month is not None and (month.start, month.precision) == (dt.date(2016, 6, 1), "month")
    assert dates.resolve("on Aug. 16", pub) == dates.DateSpan(
        start=dt.date(2015, 8, 16), end=dt.date(2015, 8, 16), precision="day"
    )
    undated = dates.undated(pub)  # on or before publication, within a week: no invented day
    assert (undated.start, undated.end, undated.precision) == (
        dt.date(2016, 6, 14),
        dt.date(2016, 6, 20),
        "week",
    )


def claim(quote: str, start: int, event_type: str, **fields: Any) -> EventClaim:
    return EventClaim(
        quote=quote,
        start=start,
        end=start + len(quote),
        according_to="afp",
        rule=str(fields.pop("rule", "test")),
        confidence=0.5,
        event_type=event_type,
        **fields,
    )


def test_merging_repeated_mentions() -> None:
    lede = claim("X", 0, "attack", attackers=["islamic-state"], targets=["sdf"], places=["hajin"])
    again = claim("Y", 100, "attack", attackers=["islamic-state"], places=["hajin"])
    other_place = claim("Z", 200, "attack", attackers=["islamic-state"], places=["baghouz"])
    by_air = claim("W", 300, "air_strike", attackers=["islamic-state"], places=["hajin"])
    assert same_occurrence(lede, again)
    assert not same_occurrence(lede, other_place)  # two places: two events
    assert not same_occurrence(by_air, claim("V", 0, "armed_clash", places=["hajin"]))
    killed_5 = [Casualties(count=5)]
    assert not same_occurrence(
        claim("A", 0, "killing", attackers=["islamic-state"], casualties=killed_5),
        claim("B", 9, "killing", attackers=["islamic-state"], casualties=[Casualties(count=26)]),
    )
    merged = merge_events([lede, again, other_place])
    assert [(e.start, e.targets) for e in merged] == [(0, ["sdf"]), (200, [])]


def test_control_claim_status_and_names_as_written() -> None:
    past = ControlClaim(
        quote="q",
        start=0,
        end=1,
        according_to="afp",
        rule="t",
        confidence=0.5,
        controller="islamic-state",
        unresolved_places=["Tadef"],
        status="formerly_controlled",
    )
    assert past.places == [] and past.status == "formerly_controlled"
    with pytest.raises(ValueError, match="needs a place"):
        ControlClaim(
            quote="q", start=0, end=1, according_to="afp", rule="t", confidence=0.5, controller="x"
        )


# ---------------------------------------------------------------------------------------
# Phenomena, with the parser


def events(text: str) -> list[EventClaim]:
    return run(text).events


def only(text: str) -> EventClaim:
    found = events(text)
    assert len(found) == 1, [(e.event_type, e.quote) for e in found]
    return found[0]


@pytest.mark.nlp
def test_masked_acronym_is_a_subject_not_a_verb() -> None:
    e = only("IS attacked SDF positions near Hajin on Monday.")
    assert (e.attackers, e.targets, e.places) == (["islamic-state"], ["sdf"], ["hajin"])
    assert e.date.precision == "day"


@pytest.mark.nlp
def test_passive_with_agent() -> None:
    e = only("Regime checkpoints near Al-Sukhnah were attacked by IS fighters.")
    assert (e.attackers, e.targets, e.places) == (
        ["islamic-state"],
        ["syrian-regime"],
        ["al-sukhnah"],
    )


@pytest.mark.nlp
def test_coordinated_agents_act_jointly() -> None:
    e = only("The SDF and the coalition attacked ISIS positions in Hajin on Monday.")
    assert (e.attackers, e.targets) == (["sdf", "us-led-coalition"], ["islamic-state"])


@pytest.mark.nlp
def test_backer_is_a_supporter_never_the_agent() -> None:
    e = only("Turkish-backed rebels captured Al-Bab from ISIS.")
    assert (e.event_type, e.attackers, e.targets) == (
        "capture_of_territory",
        ["syrian-opposition"],
        ["islamic-state"],
    )
    assert e.supporters == ["turkey"]
    e = only("SDF forces, backed by US-led coalition airstrikes, fought their way into Hajin.")
    assert e.attackers == ["sdf"] and e.supporters == ["us-led-coalition"]


@pytest.mark.nlp
def test_a_clause_without_place_inherits_the_previous_sentence_place() -> None:
    first, second = events("ISIS fighters attacked Hajin on Monday. The SDF arrested two of them.")
    assert first.places == ["hajin"]
    assert (second.event_type, second.places) == ("arrest", ["hajin"])
    assert "place-inherited" in second.rule


@pytest.mark.nlp
def test_an_unknown_place_is_kept_as_written() -> None:
    e = only("ISIS attacked regime positions in the village of Khirbet Ghazal.")
    assert (e.places, e.unresolved_places) == ([], ["Khirbet Ghazal"])


@pytest.mark.nlp
def test_negated_habitual_and_tallied_mentions_are_no_events() -> None:
    assert events("The SDF did not attack Hajin.") == []
    assert events("ISIS frequently attacks regime convoys near Palmyra.") == []
    assert events("The coalition has carried out more than 11,000 air strikes since 2014.") == []
    assert events("ISIS plans to attack Hajin.") == []
    # counted in words: 'dozens of' is a quantifier of the event noun
    assert events("IS cells have carried out dozens of attacks in Raqqa since January.") == []
    assert events("The town has witnessed dozens of bombings since its capture in 2017.") == []
    # what a group goes on relying on is its habit, not an event
    assert events("IS has continued to rely on car bombs in Hajin.") == []


@pytest.mark.nlp
def test_a_headline_repeating_the_body_is_no_second_event() -> None:
    text = "SDF captures Hajin\n\nThe SDF captured the town of Hajin from ISIS on Friday."
    e = only(text)
    assert (e.attackers, e.targets, e.places) == (["sdf"], ["islamic-state"], ["hajin"])
    assert e.quote.startswith("The SDF captured")


@pytest.mark.nlp
def test_relative_date_is_resolved_against_publication() -> None:
    e = only("ISIS attacked regime forces in Palmyra three days ago.")
    assert (e.date.start, e.date.precision) == (dt.date(2019, 3, 17), "day")


@pytest.mark.nlp
def test_control_negation_and_loss() -> None:
    statuses = [c.status for c in run("ISIS no longer controls any town in Raqqa.").control]
    assert "controls" not in statuses
    (c,) = run("ISIS fighters withdrew from Hajin on Monday.").control
    assert (c.controller, c.places, c.status) == ("islamic-state", ["hajin"], "formerly_controlled")


@pytest.mark.nlp
def test_responsibility_claim_is_linked_to_the_event() -> None:
    text = (
        "A car bomb exploded in Qamishli on Friday, killing five civilians. "
        "ISIS claimed responsibility for the attack."
    )
    event, claimed = events(text)
    assert (event.event_type, event.attackers, event.targets, event.places) == (
        "bombing",
        ["islamic-state"],
        ["civilians"],
        ["qamishli"],
    )
    assert (claimed.stance, claimed.according_to) == ("claims", "amaq")
    assert (claimed.event_type, claimed.places, claimed.date) == (
        event.event_type,
        event.places,
        event.date,
    )


@pytest.mark.nlp
def test_denial_and_accusation_keep_their_stance() -> None:
    (e,) = events("The SDF denied that its forces shelled the village of Hajin.")
    assert (e.stance, e.according_to, e.attackers) == ("denies", "sdf-sources", ["sdf"])
    (e,) = events("The SDF accused ISIS of shelling the village of Hajin.")
    assert (e.stance, e.according_to, e.attackers) == ("accuses", "sdf-sources", ["islamic-state"])


@pytest.mark.nlp
def test_relayed_attribution_keeps_the_chain() -> None:
    e = only("ISIS attacked regime forces in Palmyra, AFP reported, citing the Observatory.")
    assert (e.according_to, e.relays) == ("sohr", ["afp"])
    e = only("The Observatory told AFP that ISIS fighters ambushed a regime convoy near Palmyra.")
    assert (e.according_to, e.relays) == ("sohr", ["afp"])


@pytest.mark.nlp
def test_an_operation_name_is_not_a_place() -> None:
    e = only("Turkey launched the Euphrates Shield offensive against ISIS near Jarabulus.")
    assert (e.event_type, e.attackers, e.places) == ("offensive", ["turkey"], ["jarabulus"])


@pytest.mark.nlp
def test_misparsed_run_on_text_keeps_exact_offsets() -> None:
    text = "Title\n\n𝔸 note. IS fighters attacked Hajin, while the SDF shelled Baghouz."
    for e in run(text).events:
        assert text[e.start : e.end] == e.quote


@pytest.mark.nlp
def test_shooting_dead_is_a_killing_even_by_unnamed_gunmen() -> None:
    e = only("Unidentified gunmen shot dead a local official in Raqqa on Monday.")
    assert (e.event_type, e.attackers, e.places) == ("killing", [], ["raqqa"])
    e = only("Two SDF members were gunned down by unknown assailants in Raqqa.")
    assert (e.event_type, e.attackers, e.targets) == ("killing", [], ["sdf"])
    e = only("IS militants shot down a Syrian warplane near Palmyra.")
    assert (e.event_type, e.attackers, e.targets) == (
        "attack",
        ["islamic-state"],
        ["syrian-regime"],
    )


@pytest.mark.nlp
def test_unnamed_perpetrators_borrow_no_attacker_from_the_sentence_before() -> None:
    events = run(
        "IS attacked the SDF in Hajin. Unknown assailants killed two civilians in Manbij."
    ).events
    later = [e for e in events if e.places == ["manbij"]]
    assert len(later) == 1 and later[0].attackers == [] and later[0].targets == ["civilians"]


@pytest.mark.nlp
def test_a_name_loosely_attached_before_its_noun_still_modifies_it() -> None:
    e = only("US-led coalition air strikes killed 17 civilians in the village of al-Shafaa.")
    assert (e.attackers, e.targets) == (["us-led-coalition"], ["civilians"])


@pytest.mark.nlp
def test_generic_descriptions_of_the_opposition() -> None:
    e = only("Turkish-backed factions attacked the town of Tal Rifaat.")
    assert e.attackers == ["syrian-national-army"]  # the opposition's Turkish-backed part
    e = only("Rebel fighters seized the village of Dabiq from IS militants.")
    assert (e.attackers, e.targets) == (["syrian-opposition"], ["islamic-state"])


def test_a_dateline_with_an_agency_acronym_in_ordinary_case() -> None:
    assert dateline_length("Deir Ezzor, SANA - Army units on Monday ...") == len(
        "Deir Ezzor, SANA - "
    )
    assert dateline_length("Qamishli, ANHA- The SDF said ...") == len("Qamishli, ANHA- ")
    assert dateline_length("Hajin, the last IS town - and its ...") == 0


@pytest.mark.nlp
def test_state_media_verbs_and_agency_dateline() -> None:
    text = (
        "Army units restore security\n\n"
        "Deir Ezzor, SANA - Army units on Monday eliminated scores of ISIS terrorists in the "
        "countryside of al-Bukamal city."
    )
    (e,) = run(text).events
    assert (e.attackers, e.targets) == (["syrian-regime"], ["islamic-state"])
    assert e.quote.startswith("Army units")


@pytest.mark.nlp
def test_a_possessive_takes_the_nationality_of_its_antecedent() -> None:
    e = only("The Turkish occupation army and its mercenaries attacked the village of Saida.")
    assert e.attackers == ["turkey"]


@pytest.mark.nlp
def test_a_war_monitor_is_the_observatory() -> None:
    e = only(
        "A suicide bomber struck a checkpoint in Hasakah, killing 14 people, a war monitor said."
    )
    assert e.according_to == "sohr" and e.attackers == []


@pytest.mark.nlp
def test_a_capitalised_name_with_a_generic_head_is_no_anaphor() -> None:
    e = only("The Islamic State group killed 10 Kurdish fighters in an attack on Kobane.")
    assert (e.attackers, e.targets, e.places) == (["islamic-state"], ["sdf"], ["kobani"])


@pytest.mark.nlp
def test_generic_descriptions_of_government_forces() -> None:
    e = only("ISIS killed seven pro-government fighters near Palmyra.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["syrian-regime"])


@pytest.mark.nlp
def test_first_person_is_the_actor_the_speaker_speaks_for() -> None:
    e = only('"We killed 15 Daesh terrorists in the village of Susa," an SDF spokesman told AFP.')
    assert (e.attackers, e.targets) == (["sdf"], ["islamic-state"])
    e = only("Our forces repelled an ISIS attack on the village of Susa, the SDF said.")
    assert (e.attackers, e.targets) == (["islamic-state"], ["sdf"])


@pytest.mark.nlp
def test_an_actor_read_into_a_time_phrase_with_no_comma_is_the_subject() -> None:
    # parsed as 'on [Friday Turkish troops]', an oblique of the verb
    for text in (
        "A local official said that on Friday Turkish troops shelled the village of Zor Maghar.",
        "A local official said that on Friday, Turkish troops shelled the village of Zor Maghar.",
    ):
        assert only(text).attackers == ["turkey"], text


@pytest.mark.nlp
def test_a_speaker_whose_phrase_holds_the_first_person_is_not_its_referent() -> None:
    # 'our' speaks for the speaker's own agency: resolving the speaker through it looped
    e = only(
        "Our agency's reporter said that on Sunday SDF fighters freed the village of Susa from IS."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "capture_of_territory",
        ["sdf"],
        ["islamic-state"],
    )


@pytest.mark.nlp
def test_an_unclaimed_bombing_borrows_no_sides_from_another_day_or_event() -> None:
    events = run(
        "IS fighters attacked SDF positions in Qamishli on Monday. On Tuesday, a car bomb "
        "exploded in a market in Qamishli, killing five people."
    ).events
    bomb = [e for e in events if e.event_type == "bombing"]
    # no side from Monday's attack; the people a bomb kills in a market are civilians
    assert len(bomb) == 1 and (bomb[0].attackers, bomb[0].targets) == ([], ["civilians"])
    events = run(
        "IS killed two civilians in Qamishli on Monday. On Tuesday, three civilians were "
        "killed in an attack in Qamishli."
    ).events
    later = [e for e in events if "Tuesday" in e.quote]
    assert len(later) == 1 and later[0].attackers == []


@pytest.mark.nlp
def test_a_third_person_inside_a_quotation_is_not_the_speaker() -> None:
    e = only('"They attacked our positions in Hajin," an SDF commander said.')
    assert "sdf" not in e.attackers and e.targets == ["sdf"]
    e = only("The SDF said they attacked IS positions in Hajin.")
    assert (e.attackers, e.targets) == (["sdf"], ["islamic-state"])


@pytest.mark.nlp
def test_an_aside_between_subject_and_verb_does_not_hide_the_verb() -> None:
    """*X, in cooperation with Y, restored security to P*: read with the aside the verb is a
    participle of *restored security*; parsed again without it, a capture."""
    e = only(
        "Army units, in cooperation with supporting forces, restored security and stability "
        "to the town of al-Qaryatayn on Thursday."
    )
    assert (e.event_type, e.attackers, e.places) == (
        "capture_of_territory",
        ["syrian-regime"],
        ["al-qaryatayn"],
    )
    assert e.quote.startswith("Army units, in cooperation")


@pytest.mark.nlp
def test_fighters_eliminated_on_the_way_are_the_toll_of_the_capture() -> None:
    e = only(
        "Army units restored security and stability to Palmyra on Thursday, after eliminating "
        "the last gatherings of Daesh terrorists inside it."
    )
    assert (e.event_type, e.attackers, e.targets) == (
        "capture_of_territory",
        ["syrian-regime"],
        ["islamic-state"],
    )


@pytest.mark.nlp
def test_a_backed_subject_that_speaks_is_no_backing_clause() -> None:
    """*An alliance of fighters backed by the US says it has driven IS out of P*: read with
    *backed* the main verb, the speaker was the backer; parsed again without *backed by the
    US*, the alliance speaks and captured P. *Fighters backed by X captured P* keeps X."""
    e = only(
        "An alliance of Kurdish and Arab fighters backed by the US says it has driven IS out of "
        "the town of Manbij."
    )
    assert (e.attackers, e.targets, e.according_to) == (["sdf"], ["islamic-state"], "sdf-sources")
    e = only("SDF fighters backed by the coalition captured the town of Tabqa on Monday.")
    assert (e.attackers, e.supporters) == (["sdf"], ["us-led-coalition"])
