"""Attribution forms: who a statement is attributed to, else the document default."""

from __future__ import annotations

import pytest

from tests.extract_helpers import run

pytestmark = pytest.mark.nlp


def source_of(text: str, publisher: str = "euphrates-post") -> str:
    return chain_of(text, publisher)[0]


def chain_of(text: str, publisher: str = "euphrates-post") -> tuple[str, list[str]]:
    """The source and the relays of the one event of ``text``."""
    found = run(text, publisher=publisher).events
    assert len(found) == 1, [e.quote for e in found]
    return found[0].according_to, found[0].relays


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("ISIS attacked regime positions in Homs, according to the Observatory.", "sohr"),
        ("According to AFP, the SDF shelled Hajin.", "afp"),
        ("Rami Abdul Rahman told AFP that ISIS attacked the regime in Homs.", "rami-abdul-rahman"),
        ("An SDF commander told AFP that the coalition bombed Baghouz.", "sdf-sources"),
        ("Reliable sources confirmed to the SOHR that ISIS attacked Hmimeh.", "sohr"),
        ("The SDF attacked Hajin, the Pentagon said.", "us-department-of-defense"),
        ("ISIS ambushed regime forces near Homs, said Rami Abdul Rahman.", "rami-abdul-rahman"),
    ],
)
def test_named_sources(text: str, source: str) -> None:
    assert source_of(text) == source


def test_own_correspondent_is_the_publisher() -> None:
    text = "Our correspondent pointed out that the SDF shelled Hajin."
    assert source_of(text, publisher="afp") == "afp"


def test_default_is_the_publisher() -> None:
    assert source_of("The SDF shelled Hajin.", publisher="sohr") == "sohr"


def test_anonymous_reports_fall_back_to_the_publisher() -> None:
    text = "Other reports said the SDF shelled Hajin."
    assert source_of(text, publisher="sohr") == "sohr"


def test_relayed_agency_in_the_lead_is_the_default() -> None:
    text = (
        "ISIS is weakened in Syria. This was reported by AFP news agency.\n\nThe SDF shelled Hajin."
    )
    assert source_of(text, publisher="unidentified-outlet-afp-relay") == "afp"


def test_pronoun_speaker_carries_the_previous_attribution() -> None:
    text = "Rami Abdul Rahman told AFP that ISIS is weakened.\n\nHe said the SDF shelled Hajin."
    assert source_of(text, publisher="sohr") == "rami-abdul-rahman"


def test_an_actor_speaking_is_its_source() -> None:
    assert source_of("The SDF shelled Hajin, the coalition said.") == "coalition-sources"
    assert source_of("The SDF said it shelled Hajin.") == "sdf-sources"


@pytest.mark.parametrize(
    ("tail", "source"),
    [
        ("the Syrian Arab News Agency (SANA) said", "sana"),
        ("a statement by the SDF general command said", "sdf-sources"),
        ("Rami Abdulrahman, the head of the Syrian Observatory for Human Rights, told AFP", "sohr"),
    ],
)
def test_trailing_attribution_without_a_parsed_subject(tail: str, source: str) -> None:
    text = f"IS fighters attacked an army checkpoint near Palmyra on Monday, {tail}."
    (e,) = run(text).events
    assert e.according_to == source


def test_a_monitor_is_the_monitoring_group_the_article_names() -> None:
    text = (
        "IS fighters killed 20 civilians in Kobani, in what a monitor said was a massacre.\n\n"
        "The Syrian Observatory for Human Rights said the attack began at dawn."
    )
    first = run(text).events[0]
    assert first.according_to == "sohr"


def test_a_monitor_in_an_article_naming_none_is_no_source() -> None:
    (e,) = run("IS fighters killed 20 civilians in Kobani, a monitor said.").events
    assert e.according_to != "sohr"


def test_a_spokesperson_speaks_for_the_side_its_adjective_names() -> None:
    """*a Kurdish commander*, *a regime official*: the sources that speak for those sides;
    *a resident* is a local source."""
    (e,) = run("A Kurdish commander told reporters the SDF captured Abu Hamam from IS.").events
    assert e.according_to == "sdf-sources"
    (e,) = run("A regime official said the army recaptured Palmyra.").events
    assert e.according_to == "syrian-military-sources"
    (e,) = run("A resident said coalition jets struck the outskirts of Raqqa.").events
    assert e.according_to == "local-sources"


def test_a_statement_from_a_side_is_that_sides_source() -> None:
    """*according to a statement from X*, *a report from the Observatory*: X said it."""
    text = (
        "Coalition jets struck IS positions near Hajin on Monday, "
        "according to a statement from the US-led coalition."
    )
    assert source_of(text, publisher="xinhua") == "coalition-sources"
    text = "IS attacked Tal Tamr on Monday, according to a report from the Observatory."
    assert source_of(text, publisher="xinhua") == "sohr"


def test_a_statement_issued_by_x_and_what_the_statement_added_are_xs() -> None:
    found = run(
        "SDF fighters liberated the village of al-Bahra on Wednesday. According to a statement "
        "issued by the SDF, the fighters killed 23 ISIS militants during clashes near Hajin. "
        "The statement added that coalition warplanes struck ISIS positions near Hajin.",
        publisher="xinhua",
    ).events
    later = [e for e in found if e.event_type != "capture_of_territory"]
    assert [e.according_to for e in later] == ["sdf-sources", "sdf-sources"]


def test_the_alliance_or_the_group_said_is_the_side_the_sentence_is_about() -> None:
    assert (
        source_of("The SDF captured the Tabqa dam on Sunday, the alliance said.", "xinhua")
        == "sdf-sources"
    )
    text = (
        "Islamic State fighters attacked an army post near Palmyra on Sunday, the group said "
        "in a statement."
    )
    assert source_of(text, "xinhua") == "amaq"


def test_the_alliance_said_names_no_one_when_the_clause_subject_names_no_side() -> None:
    """The subject names no side here, so *the alliance* is not taken to be IS (named in the
    clause as the loser)."""
    text = "Militias captured a strategic dam from Islamic State on Sunday, the alliance said."
    assert source_of(text, "xinhua") == "xinhua"


def test_according_to_read_by_its_words_when_the_parser_makes_it_a_conjunct() -> None:
    """The parser reads *..., and according to X, Y seized P* as a conjunct of the first
    clause; the phrase still names the source, and the agency reporting it relays it."""
    text = (
        "The army and the U.S.-backed SDF are in a race to take control of oil wells in Syria "
        "located in Deir ez-Zor province, and according to SDF spokesman Mustafa Bali, the "
        "militia seized the Omar field Saturday, ripping it away from IS fighters, the "
        "Associated Press reports."
    )
    assert chain_of(text) == ("sdf-sources", ["associated-press"])


def test_a_backed_group_speaks_for_itself_not_for_its_backer() -> None:
    found = run(
        "US-Backed Militia Says It Has Taken Oil Field From IS\n\n"
        "The SDF said on Saturday it had captured the Omar oil field from IS."
    ).events
    assert found and all(e.according_to != "us-department-of-defense" for e in found)


def test_one_event_told_twice_keeps_the_source_the_agency_had_it_from() -> None:
    text = (
        "The SDF seized the Omar oil field from IS on Saturday, Reuters reported. According to "
        "SDF spokesman Mustafa Bali, the fighters took the Omar oil field from IS on Saturday, "
        "Reuters reported."
    )
    assert chain_of(text) == ("sdf-sources", ["reuters"])


def test_syrian_state_media_speak_for_the_government() -> None:
    text = "Syrian state media said the army recaptured the town of al-Qaryatain from IS on Sunday."
    assert source_of(text) == "syrian-military-sources"


def test_the_spokesperson_introduced_before_speaks_again() -> None:
    found = run(
        "YPG fighters repelled an attack by IS on the village of Tal Nasri on Tuesday, a YPG "
        'commander told Reuters.\n\n"The militants shelled our positions in Tal Hurmuz with '
        'mortars on Tuesday," the commander said.'
    ).events
    assert found and all(e.according_to == "sdf-sources" for e in found)


def test_a_claim_that_tells_more_of_an_attack_is_linked_to_it() -> None:
    found = run(
        "A car bomb exploded near a checkpoint in Qamishli on Tuesday, killing six members of "
        "the Asayish.\n\nIS claimed responsibility for the attack in a statement, saying one "
        "of its members detonated the vehicle."
    ).events
    asserted = [e for e in found if e.stance == "asserts"]
    assert len(asserted) == 1
    assert {(e.attackers[0], e.targets[0]) for e in found} == {("islamic-state", "asayish")}


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The army recaptured the village of Abu Dali from HTS on Monday, the Russian Center "
            "for Reconciliation said.",
            "russian-government",
        ),
        ("Russian jets struck HTS positions in Idlib on Monday, Sputnik reported.", "sputnik"),
        ("IS attacked an SDF checkpoint in Raqqa on Monday, Rudaw reported.", "rudaw"),
    ],
)
def test_more_named_sources(text: str, source: str) -> None:
    assert source_of(text) == source


def test_rejected_or_dismissed_reports_are_denials_whoever_rejects_them() -> None:
    """*dismissed reports that X struck P* denies the strike, also when the speaker is no
    known source; *rejected a truce and attacked P* denies nothing."""
    for text in (
        "The ministry dismissed as fake reports that Russian jets had bombed a market in Idlib "
        "on Monday.",
        "The Russian Defence Ministry rejected reports that its jets had bombed a market in "
        "Idlib on Monday.",
    ):
        (e,) = run(text).events
        assert (e.event_type, e.stance) == ("air_strike", "denies"), text
    (e,) = run("The SDF rejected a truce and attacked IS positions in Hajin on Monday.").events
    assert (e.event_type, e.stance, e.according_to) == ("attack", "asserts", "euphrates-post")


def test_the_release_speaks_for_the_source_that_released_it() -> None:
    """*..., the release said*: the source whose release the article named; its strikes
    with no attacker named are that source's side's, and the coalition's strikes are from
    the air."""
    found = run(
        "On Saturday, coalition aircraft conducted 12 strikes near Hajin, according to a strike "
        "summary released Monday by the coalition. On Sunday, four strikes near Shaafa "
        "destroyed an IS command post, the release said."
    ).events
    assert [(e.event_type, e.attackers, e.according_to) for e in found] == [
        ("air_strike", ["us-led-coalition"], "coalition-sources"),
        ("air_strike", ["us-led-coalition"], "coalition-sources"),
    ]


def test_a_capital_speaking_is_its_government() -> None:
    """*Damascus accused ...*, *Ankara said ...*: the capital speaks for its government; where
    it does not speak it is the place."""
    (e,) = run("Damascus accused Turkey of shelling the village of Tal Rifaat on Monday.").events
    assert (e.attackers, e.according_to, e.stance) == (
        ["turkey"],
        "syrian-military-sources",
        "accuses",
    )
    (e,) = run("IS fighters attacked army positions south of Damascus on Monday.").events
    assert e.places == ["damascus"]
