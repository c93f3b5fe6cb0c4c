"""Extraction -> claim batch: provenance, roles, casualty figures, stable ids, loud failures."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.errors import InputError
from loaders.articles.claims import (
    ClaimRows,
    claim_id,
    claim_rows,
    claims_batch,
    event_claims,
    extraction_id,
)
from loaders.articles.documents import Article, ArticleMeta
from loaders.claims import Casualties, ControlClaim, DateSpan, EventClaim, Extraction
from loaders.reference import ReferenceData

BASE = "http://example.org/id/"
TEXT = (
    "Rebels said on Monday that the army shelled Townville, killing at least 12 civilians. "
    "The rebels still hold Townville and Hamlet."
)
REF = ReferenceData.model_validate(
    {
        "actors": [
            {"id": "army", "name": "Army", "type": "StateForce"},
            {"id": "rebels", "name": "Rebels", "type": "ArmedGroup"},
            {"id": "civilians", "name": "Civilians", "type": "Civilians"},
        ],
        "places": [
            {"id": "townville", "name": "Townville", "type": "Settlement", "lat": 35, "lon": 40},
            {"id": "hamlet", "name": "Hamlet", "type": "Settlement", "location_unknown": True},
        ],
        "sources": [
            {"id": "rebel-media", "name": "Rebel media", "type": "ArmedGroup"},
            {"id": "daily", "name": "The Daily", "type": "NewsOutlet"},
        ],
    }
)


def article(text: str = TEXT) -> Article:
    return Article(
        path=Path("/in/story.txt"),
        text=text,
        meta=ArticleMeta(publisher="daily"),
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def span(text: str, part: str) -> tuple[int, int, str]:
    start = text.index(part)
    return start, start + len(part), part


def shelling(text: str = TEXT, **changes: object) -> EventClaim:
    start, end, quote = span(text, "the army shelled Townville, killing at least 12 civilians")
    fields: dict[str, object] = {
        "quote": quote,
        "start": start,
        "end": end,
        "date": DateSpan(start=None, end=None, precision="unknown"),
        "according_to": "rebel-media",
        "rule": "verb-shell",
        "confidence": 0.8,
        "event_type": "shelling",
        "attackers": ["army"],
        "targets": ["rebels"],
        "places": ["townville"],
        "casualties": [
            Casualties(count=12, qualifier="at_least", kind="killed", group="civilians"),
        ],
    }
    fields.update(changes)
    return EventClaim.model_validate(fields)


def shifted() -> EventClaim:
    """The right quote one character off its place in the text."""
    claim = shelling()
    return shelling(start=claim.start + 1, end=claim.end + 1)


def control(text: str = TEXT) -> ControlClaim:
    start, end, quote = span(text, "The rebels still hold Townville and Hamlet.")
    return ControlClaim(
        quote=quote,
        start=start,
        end=end,
        according_to="daily",
        rule="control-hold",
        confidence=0.7,
        controller="rebels",
        places=["townville", "hamlet"],
    )


def extraction(*events: EventClaim, ctrl: tuple[ControlClaim, ...] = ()) -> Extraction:
    return Extraction(events=list(events), control=list(ctrl), version="1.2")


def rels(batch: object, rel_type: str) -> set[tuple[str, str]]:
    return {(r.src, r.dst) for r in batch.rels if r.type == rel_type}  # type: ignore[attr-defined]


def test_event_claim_has_quote_offsets_provenance_and_roles() -> None:
    batch = claims_batch(article(), extraction(shelling()), REF, BASE)
    nodes = batch.by_label()
    [claim] = nodes["Claim"]
    props = claim.props
    assert TEXT[props["startOffset"] : props["endOffset"]] == props["quote"]  # type: ignore[misc]
    assert props["rule"] == "verb-shell" and props["confidence"] == 0.8
    assert props["datePrecision"] == "unknown"
    c = claim.iri
    assert rels(batch, "DERIVED_FROM") == {(c, BASE + "document/story")}
    assert rels(batch, "ATTRIBUTED_TO") == {(c, BASE + "source/rebel-media")}
    assert rels(batch, "GENERATED_BY") == {(c, BASE + "extraction/rules-1-2")}
    assert rels(batch, "ATTACKER") == {(c, BASE + "actor/army")}
    assert rels(batch, "TARGET") == {(c, BASE + "actor/rebels")}
    assert rels(batch, "OCCURRED_AT") == {(c, BASE + "place/townville")}
    [(_, type_iri)] = rels(batch, "HAS_TYPE")
    assert type_iri.endswith("/shelling")


def test_casualty_figure_is_reported_by_the_claim_and_counts_its_group() -> None:
    batch = claims_batch(article(), extraction(shelling()), REF, BASE)
    [fig] = batch.by_label()["CasualtyFigure"]
    assert fig.props["count"] == 12
    assert fig.props["qualifier"] == "at_least" and fig.props["casualtyKind"] == "killed"
    [claim] = batch.by_label()["Claim"]
    assert rels(batch, "REPORTS") == {(claim.iri, fig.iri)}
    assert rels(batch, "COUNTS") == {(fig.iri, BASE + "actor/civilians")}


def test_control_claim_links_controller_and_places() -> None:
    batch = claims_batch(article(), extraction(ctrl=(control(),)), REF, BASE)
    [claim] = batch.by_label()["ControlClaim"]
    assert "Claim" not in batch.by_label()
    assert rels(batch, "CONTROLLER") == {(claim.iri, BASE + "actor/rebels")}
    assert rels(batch, "CONTROLLED_PLACE") == {
        (claim.iri, BASE + "place/townville"),
        (claim.iri, BASE + "place/hamlet"),
    }
    assert rels(batch, "ATTRIBUTED_TO") == {(claim.iri, BASE + "source/daily")}


def test_claim_ids_are_stable_and_change_with_content() -> None:
    first = claim_id("story", shelling())
    assert first == claim_id("story", shelling(confidence=0.3, rule="other"))
    assert first != claim_id("other-story", shelling())
    assert first != claim_id("story", shelling(attackers=["rebels"]))
    assert first != claim_id("story", shelling(event_type="air_strike"))
    moved = "Breaking. " + TEXT
    assert first != claim_id("story", shelling(moved))


def test_rebuilding_gives_the_same_batch() -> None:
    ext = extraction(shelling(), ctrl=(control(),))
    one = claims_batch(article(), ext, REF, BASE)
    two = claims_batch(article(), ext, REF, BASE)
    assert one.model_dump() == two.model_dump()


def test_duplicate_claims_are_written_once() -> None:
    batch = claims_batch(article(), extraction(shelling(), shelling()), REF, BASE)
    assert len(batch.by_label()["Claim"]) == 1
    assert len(event_claims(article(), extraction(shelling(), shelling()), BASE)) == 1


def test_extraction_node_id_comes_from_method_and_version() -> None:
    assert extraction_id(extraction()) == "rules-1-2"


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        (shelling(attackers=["ghosts"]), "unknown actor 'ghosts'"),
        (shelling(places=["atlantis"]), "unknown place 'atlantis'"),
        (shelling(according_to="rumour"), "unknown source 'rumour'"),
        (shelling(event_type="picnic"), "unknown event type 'picnic'"),
        (
            shelling(casualties=[Casualties(count=1, group="martians")]),
            "unknown actor 'martians'",
        ),
        (shifted(), "quote does not match the text"),
    ],
)
def test_bad_claims_fail_naming_the_file_and_reason(claim: EventClaim, reason: str) -> None:
    with pytest.raises(InputError) as err:
        claims_batch(article(), extraction(claim), REF, BASE)
    assert err.value.source == "/in/story.txt"
    assert reason in err.value.reason


def _row_rels(rows: ClaimRows) -> set[tuple[str, str, str]]:
    """The relationships the claim-centric statement makes from the rows."""
    found = set()
    ext = rows.extraction["iri"]
    for row in [*rows.claims, *rows.control]:
        c = row["iri"]
        found |= {("GENERATED_BY", c, ext), ("ATTRIBUTED_TO", c, row["source"])}
        found |= {("CONTROLLER", c, a) for a in row.get("controller", [])}
        rel = "OCCURRED_AT" if "type" in row else "CONTROLLED_PLACE"
        found |= {(rel, c, p) for p in row["places"]}
        if "type" not in row:
            continue
        found.add(("HAS_TYPE", c, row["type"]))
        for key, rel in (("attackers", "ATTACKER"), ("targets", "TARGET")):
            found |= {(rel, c, a) for a in row[key]}
        found |= {("PARTICIPANT", c, a) for a in row["participants"]}
        for fig in row["figures"]:
            found.add(("REPORTS", c, fig["iri"]))
            found |= {("COUNTS", fig["iri"], g) for g in fig["groups"]}
    return found


def test_claim_rows_carry_what_the_claims_batch_writes() -> None:
    ext = extraction(shelling(), shelling(), ctrl=(control(),))
    batch = claims_batch(article(), ext, REF, BASE)
    rows = claim_rows(article(), ext, REF, BASE)
    nodes = {(n.label, n.iri): n.props for n in batch.nodes}
    from_rows = {("Extraction", rows.extraction["iri"]): rows.extraction["props"]}
    from_rows |= {("EventType", t["iri"]): {"id": t["id"]} for t in rows.event_types}
    from_rows |= {("Claim", r["iri"]): r["props"] for r in rows.claims}
    from_rows |= {("ControlClaim", r["iri"]): r["props"] for r in rows.control}
    from_rows |= {
        ("CasualtyFigure", f["iri"]): f["props"] for r in rows.claims for f in r["figures"]
    }
    assert from_rows == nodes
    derived = {(r.type, r.src, r.dst) for r in batch.rels if r.type != "DERIVED_FROM"}
    assert _row_rels(rows) == derived
    assert rows.events == event_claims(article(), ext, BASE)


@pytest.mark.parametrize(("claim", "reason"), [(shifted(), "quote does not match the text")])
def test_claim_rows_fail_like_the_batch(claim: EventClaim, reason: str) -> None:
    with pytest.raises(InputError) as err:
        claim_rows(article(), extraction(claim), REF, BASE)
    assert err.value.source == "/in/story.txt" and reason in err.value.reason


def test_the_document_statement_names_only_the_mappings_labels_and_keys() -> None:
    import re

    from kg.ingest.article_cypher import write_document
    from loaders.graph.mapping import MAPPING

    rows = claim_rows(article(), extraction(shelling(), ctrl=(control(),)), REF, BASE)
    doc = {"iri": BASE + "document/story", "props": {}, "publisher": []}
    query, params = write_document(doc, rows, [])
    names = set(re.findall(r"`([A-Za-z_]+)`", query))
    keys = {p.key for nt in MAPPING.nodes.values() for p in nt.props}
    assert names <= set(MAPPING.nodes) | set(MAPPING.rels) | keys
    assert {"Claim", "ControlClaim", "CasualtyFigure", "Event", "SUPPORTS"} <= names
    assert params["claims"] == rows.claims and params["events"] == []
    assert "$" + "rows" not in query
