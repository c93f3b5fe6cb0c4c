"""Scoring of extractions against gold annotations, and the floors on the seed articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.errors import InputError
from loaders.articles.documents import metadata_for, read_index
from loaders.claims import ControlClaim, DateSpan, EventClaim, Extraction
from loaders.extract.evaluation import (
    GoldDate,
    GoldDocument,
    GoldEvent,
    Report,
    date_matches,
    evaluate,
    event_tuples,
    read_gold,
)
from loaders.extract.pipeline import extract
from tests.extract_helpers import SEEDS, parser, reference

GOLD = Path(__file__).resolve().parent / "gold"
TEXT = "The SDF shelled Hajin on Monday. ISIS attacked regime positions in Homs."


def claim(quote: str, event_type: str, **roles: object) -> EventClaim:
    start = TEXT.index(quote)
    return EventClaim(
        quote=quote,
        start=start,
        end=start + len(quote),
        according_to=str(roles.pop("according_to", "sohr")),
        rule="test",
        confidence=0.5,
        event_type=event_type,
        **roles,  # type: ignore[arg-type]
    )


def gold_doc(*events: GoldEvent) -> GoldDocument:
    return GoldDocument(document="t.txt", publisher="sohr", events=list(events))


def gold_event(id_: str, quote: str, event_type: str, **fields: object) -> GoldEvent:
    return GoldEvent(id=id_, quote=quote, type=event_type, according_to="sohr", **fields)  # type: ignore[arg-type]


SHELLING = gold_event(
    "e1", "The SDF shelled Hajin", "shelling", attackers=["sdf"], places=["hajin"]
)
ATTACK = gold_event(
    "e2",
    "ISIS attacked regime positions in Homs",
    "attack",
    attackers=["islamic-state"],
    targets=["syrian-regime"],
    places=["homs"],
)


def test_event_tuples_expand_role_lists() -> None:
    assert event_tuples("attack", ["a", "b"], [], ["p"]) == {
        ("attack", "a", "-", "p"),
        ("attack", "b", "-", "p"),
    }


def test_perfect_prediction() -> None:
    pred = [
        claim("The SDF shelled Hajin on Monday.", "shelling", attackers=["sdf"], places=["hajin"]),
        claim(
            "ISIS attacked regime positions in Homs.",
            "attack",
            attackers=["islamic-state"],
            targets=["syrian-regime"],
            places=["homs"],
        ),
    ]
    report = evaluate([(gold_doc(SHELLING, ATTACK), TEXT, Extraction(events=pred, version="t"))])
    assert report.tuples.f1 == 1.0
    assert report.fields["places"].tp == 2
    assert report.attribution_accuracy == 1.0
    assert report.misses == [] and report.false_alarms == []


def test_partial_prediction_counts_misses_and_false_alarms() -> None:
    pred = [
        # right span, wrong target, wrong source
        claim(
            "ISIS attacked regime positions in Homs.",
            "attack",
            attackers=["islamic-state"],
            targets=["russia"],
            places=["homs"],
            according_to="afp",
        ),
        # overlaps no gold quote
        claim("on Monday", "siege", attackers=["sdf"]),
    ]
    report = evaluate([(gold_doc(SHELLING, ATTACK), TEXT, Extraction(events=pred, version="t"))])
    # gold tuples: (shelling, sdf, -, hajin), (attack, islamic-state, syrian-regime, homs)
    # predicted: (attack, islamic-state, russia, homs), (siege, sdf, -, -)
    assert (report.tuples.tp, report.tuples.fp, report.tuples.fn) == (0, 2, 2)
    targets = report.fields["targets"]
    assert (targets.tp, targets.fp, targets.fn) == (0, 1, 1)
    attackers = report.fields["attackers"]
    assert (attackers.tp, attackers.fp, attackers.fn) == (1, 1, 1)
    assert [m.what for m in report.misses] == ["e1"]
    assert [f.kind for f in report.false_alarms] == ["siege"]
    assert report.attribution_accuracy == 0.0


def test_several_mentions_of_one_gold_event_pool_their_roles() -> None:
    gold = gold_event(
        "e1",
        "The SDF shelled Hajin",
        "shelling",
        attackers=["sdf"],
        targets=["islamic-state"],
        places=["hajin"],
        other_quotes=["ISIS attacked regime positions"],
    )
    pred = [
        claim("The SDF shelled Hajin on Monday.", "shelling", attackers=["sdf"]),
        claim("ISIS attacked regime positions in Homs.", "shelling", targets=["islamic-state"]),
    ]
    report = evaluate([(gold_doc(gold), TEXT, Extraction(events=pred, version="t"))])
    assert report.fields["attackers"].tp == 1
    assert report.fields["targets"].tp == 1
    assert report.false_alarms == []


def test_control_pairs() -> None:
    gold = GoldDocument.model_validate(
        {
            "document": "t.txt",
            "control": [
                {
                    "id": "c1",
                    "controller": "islamic-state",
                    "places": ["hajin", "homs"],
                    "according_to": "sohr",
                    "quote": "Hajin",
                }
            ],
        }
    )
    pred = ControlClaim(
        quote="Hajin", start=16, end=21, according_to="sohr", rule="t", confidence=1,
        controller="islamic-state", places=["hajin", "baghouz"],
    )  # fmt: skip
    report = evaluate([(gold, TEXT, Extraction(control=[pred], version="t"))])
    c = report.control_pairs
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)


def test_date_matching_uses_the_gold_granularity() -> None:
    span = DateSpan(start=None, end=dt.date(2018, 12, 31), precision="year")
    assert date_matches(GoldDate(start=None, end="2018", precision="year"), span)
    assert not date_matches(GoldDate(start=None, end="2018", precision="month"), span)
    assert not date_matches(GoldDate(start="2018", end="2018", precision="year"), span)


def test_missing_gold_quote_is_an_input_error() -> None:
    gold = gold_doc(gold_event("e1", "not in the text", "attack"))
    with pytest.raises(InputError, match="gold quote not found"):
        evaluate([(gold, TEXT, Extraction(version="t"))])


def seed_report() -> Report:
    index = read_index(SEEDS / "articles" / "index.yaml")
    triples = []
    for gold in read_gold(GOLD):
        path = SEEDS / "articles" / gold.document
        text = path.read_text(encoding="utf-8")
        triples.append(
            (gold, text, extract(text, metadata_for(path, index), reference(), parser()))
        )
    return evaluate(triples)


@pytest.mark.nlp
def test_floors_on_the_seed_articles() -> None:
    report = seed_report()
    assert report.tuples.f1 >= 0.85, report.tuples
    assert report.attribution_accuracy >= 0.90


@pytest.mark.nlp
def test_every_seed_claim_quotes_its_offsets() -> None:
    index = read_index(SEEDS / "articles" / "index.yaml")
    for path in sorted((SEEDS / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ex = extract(text, metadata_for(path, index), reference(), parser())
        for c in [*ex.events, *ex.control]:
            assert text[c.start : c.end] == c.quote


@pytest.mark.nlp
def test_kg_eval_prints_the_tables() -> None:
    result = CliRunner().invoke(
        app, ["eval", str(GOLD), "--articles", str(SEEDS / "articles"), "--seeds", str(SEEDS)]
    )
    assert result.exit_code == 0, result.output
    assert "tuple (type, attacker, target, place)" in result.output
    assert "attribution accuracy" in result.output
    assert "False alarms" in result.output
