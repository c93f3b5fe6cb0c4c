"""Pure dataset logic: row parsing (current and older ACLED exports, UCDP GED), name resolution,
category table, and the batches rows become. Rows are written here for the tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.errors import InputError
from loaders.datasets import acled, ucdp
from loaders.datasets.common import Location, RowReject, parse_date, widen
from loaders.datasets.graph import map_row, rows_batch
from loaders.datasets.resolve import (
    Resolver,
    name_key,
    read_alias_table,
    read_type_table,
)
from loaders.graph.batch import GraphBatch
from loaders.graph.vocabulary import EVENT_TYPE, EVENT_TYPES, KG
from loaders.reference import ReferenceData, read_reference

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BASE = "http://example.org/id/"


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return read_reference(SEEDS)


@pytest.fixture(scope="module")
def resolver(ref: ReferenceData) -> Resolver:
    return Resolver(
        ref,
        read_alias_table(SEEDS / "dataset_actor_aliases.yaml", ref),
        read_type_table(SEEDS / "dataset_event_types.yaml", EVENT_TYPES),
    )


def acled_row(**changes: str) -> dict[str, str]:
    row = {
        "event_id_cnty": "SYR9001",
        "event_date": "12 February 2019",
        "time_precision": "1",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "QSD: Syrian Democratic Forces",
        "assoc_actor_1": "",
        "inter1": "2",
        "actor2": "Islamic State (Syria)",
        "assoc_actor_2": "",
        "inter2": "2",
        "admin1": "Deir-ez-Zor",
        "admin2": "Abu Kamal",
        "location": "Hajin",
        "latitude": "34.6894",
        "longitude": "40.8308",
        "geo_precision": "1",
        "source": "SOHR",
        "notes": "Clashes between QSD and IS fighters in Hajin.",
        "fatalities": "3",
    }
    row.update(changes)
    return row


def ucdp_row(**changes: str) -> dict[str, str]:
    row = {
        "id": "990001",
        "type_of_violence": "1",
        "side_a": "Government of Syria",
        "side_b": "IS",
        "source_original": "SOHR;AFP",
        "where_prec": "1",
        "where_coordinates": "Abu Kamal town",
        "where_description": "Abu Kamal town",
        "adm_1": "Dayr az Zawr governorate",
        "adm_2": "Abu Kamal district",
        "latitude": "34.4536",
        "longitude": "40.9367",
        "date_prec": "1",
        "date_start": "2017-11-09 00:00:00.000",
        "date_end": "2017-11-09 00:00:00.000",
        "deaths_a": "2",
        "deaths_b": "5",
        "deaths_civilians": "1",
        "best": "8",
        "low": "8",
        "high": "10",
    }
    row.update(changes)
    return row


def test_current_acled_row() -> None:
    row = acled.parse_row(acled_row(), 7, "2024-01")
    assert row.record_id == "SYR9001" and row.line == 7
    assert row.locator == "ACLED SYR9001 (release 2024-01)"
    assert (row.start, row.end, row.date_precision) == (
        dt.date(2019, 2, 12), dt.date(2019, 2, 12), "day",
    )  # fmt: skip
    assert [a.name for a in row.attackers] == ["QSD: Syrian Democratic Forces"]
    assert row.location.precision_km == 2.0 and row.sources == ("SOHR",)
    assert row.figures[0].count == 3


def test_older_acled_export_variants() -> None:
    """Upper-case headers are lower-cased by the reader; here the older names themselves."""
    old = {
        "event_id_no_cnty": "4711",
        "iso3": "SYR",
        "event_date": "2017-06-30",
        "event_type": "Remote violence",
        "actor1": "Military Forces of Syria (2000-)",
        "ally_actor_1": "Hezbollah; Military Forces of Iran (1989-)",
        "inter1": "1",
        "actor2": "Islamic State (Syria)",
        "location": "Al Mayadin",
        "latitude": "35.0183",
        "longitude": "40.4533",
        "geo_precision": "1",
        "source": "SOHR; SOHR",
        "notes": "",
        "fatalities": "",
    }
    row = acled.parse_row(old, 2)
    assert row.record_id == "SYR4711" and row.category == "Remote violence"
    assert [a.name for a in row.attackers] == [
        "Military Forces of Syria (2000-)", "Hezbollah", "Military Forces of Iran (1989-)",
    ]  # fmt: skip
    assert row.sources == ("SOHR",) and row.figures[0].count == 0
    assert row.quote == "Remote violence: Military Forces of Syria (2000-) in Al Mayadin"
    no_ids = {k: v for k, v in old.items() if k not in ("event_id_no_cnty", "iso3")}
    assert acled.parse_row({**no_ids, "data_id": "55"}, 3).record_id == "data_id 55"


@pytest.mark.parametrize(
    "changes,reason",
    [
        ({"event_date": "31 Febtember 2018"}, "bad event_date"),
        ({"event_date": ""}, "missing event_date"),
        ({"actor1": ""}, "missing actor1"),
        ({"latitude": "34.6894N"}, "non-numeric latitude"),
        ({"longitude": "240"}, "longitude '240' out of range"),
        ({"fatalities": "-2"}, "not a non-negative whole number"),
        ({"time_precision": "4"}, "bad time_precision"),
        ({"geo_precision": "x"}, "bad geo_precision"),
        ({"event_id_cnty": ""}, "missing event_id_cnty"),
        ({"sub_event_type": "", "event_type": ""}, "missing sub_event_type or event_type"),
    ],
)
def test_malformed_acled_rows_name_the_reason(changes: dict[str, str], reason: str) -> None:
    with pytest.raises(RowReject, match=reason):
        acled.parse_row(acled_row(**changes), 2)


def test_ucdp_row_sides_deaths_and_dates() -> None:
    row = ucdp.parse_row(ucdp_row(), 2)
    assert (row.start, row.end) == (dt.date(2017, 11, 9), dt.date(2017, 11, 9))
    assert row.attackers == () and [a.name for a in row.participants] == [
        "Government of Syria", "IS",
    ]  # fmt: skip
    assert row.location.name == "Abu Kamal" and row.location.admin1 == "Dayr az Zawr"
    figures = {f.label: (f.count, f.max_count, f.qualifier, f.group) for f in row.figures}
    assert figures == {
        "best": (8, None, "about", None),
        "low-high": (8, 10, "approximate_range", None),
        "deaths_a": (2, None, "exact", "Government of Syria"),
        "deaths_b": (5, None, "exact", "IS"),
        "deaths_civilians": (1, None, "exact", "Civilians"),
    }
    one_sided = ucdp.parse_row(ucdp_row(type_of_violence="3", side_b="Civilians"), 2)
    assert [a.name for a in one_sided.attackers] == ["Government of Syria"]
    assert [a.name for a in one_sided.targets] == ["Civilians"]
    assert ucdp.parse_row(ucdp_row(date_prec="4"), 2).date_precision == "month"


@pytest.mark.parametrize(
    "changes,reason",
    [
        ({"date_start": "2018-13-45"}, "bad date_start"),
        ({"side_a": ""}, "missing side_a"),
        ({"longitude": "forty"}, "non-numeric longitude"),
        ({"type_of_violence": "4"}, "bad type_of_violence"),
        ({"where_prec": "9"}, "bad where_prec"),
        ({"low": "9"}, "not ordered"),
        ({"date_end": "2017-11-01"}, "before date_start"),
    ],
)
def test_malformed_ucdp_rows_name_the_reason(changes: dict[str, str], reason: str) -> None:
    with pytest.raises(RowReject, match=reason):
        ucdp.parse_row(ucdp_row(**changes), 2)


def test_dates_and_precision_widening() -> None:
    assert parse_date("1 March 2018", "d") == dt.date(2018, 3, 1)
    assert parse_date("01-Mar-2018", "d") == dt.date(2018, 3, 1)
    assert widen(dt.date(2016, 2, 10), "month") == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert widen(dt.date(2018, 12, 31), "month") == (dt.date(2018, 12, 1), dt.date(2018, 12, 31))
    assert widen(dt.date(2018, 3, 1), "week") == (dt.date(2018, 2, 26), dt.date(2018, 3, 4))


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Military Forces of Syria (2000-)", "syrian-regime"),
        ("Military Forces of Syria", "syrian-regime"),
        ("QSD: Syrian Democratic Forces", "sdf"),
        ("Syrian Democratic Forces", "sdf"),
        ("SDF", "sdf"),
        ("Islamic State (Syria)", "islamic-state"),
        ("IS", "islamic-state"),
        ("ISIS", "islamic-state"),
        ("Government of Syria", "syrian-regime"),
        ("Civilians (Syria)", "civilians"),
        ("hezbollah", "hezbollah"),
    ],
)
def test_actor_spellings_resolve(resolver: Resolver, name: str, expected: str) -> None:
    found = resolver.actor(name, "ArmedGroup")
    assert (found.id, found.new) == (expected, False)


def test_unknown_actor_and_source_become_new(resolver: Resolver) -> None:
    actor = resolver.actor("Jaysh al-Ashayir", "Militia")
    assert (actor.id, actor.new, actor.kind) == ("jaysh-al-ashayir", True, "Militia")
    source = resolver.source("Deir Ezzor 24")
    assert (source.id, source.new, source.kind) == ("deir-ezzor-24", True, "Unidentified")
    assert resolver.source("Syrian Observatory for Human Rights").id == "sohr"


def _loc(name: str, lat: float, lon: float, km: float = 2.0) -> Location:
    return Location(name, lat, lon, "1", km, "Deir-ez-Zor", "Abu Kamal")


def test_places_by_name_near_point_or_new(resolver: Resolver) -> None:
    assert resolver.place(_loc("Hajeen", 34.69, 40.83)).id == "hajin"
    # Right name, wrong place: a "Hajin" 60 km away is not the gazetteer's Hajin.
    far = resolver.place(_loc("Hajin", 35.2, 40.9))
    assert far.new and far.id == "hajin-35-200-40-900"
    # Unnamed in the gazetteer but within the radius of one of its points.
    assert resolver.place(_loc("Hajin east", 34.695, 40.84)).id == "hajin"
    # Too coarse for the nearest-point rule: a new place keeping the row's precision.
    coarse = resolver.place(_loc("Hajin east", 34.695, 40.84, km=25.0))
    assert coarse.new and coarse.precision_km == 25.0 and coarse.part_of == "abu-kamal-district"
    assert name_key("Al-Qadam") == name_key("al qadam") == name_key("AL  QADAM")


def test_categories_map_skip_or_reject(resolver: Resolver) -> None:
    assert resolver.event_type(acled.FORMAT, "Air/drone strike") == "air_strike"
    assert resolver.event_type(acled.FORMAT, "air/drone strike") == "air_strike"
    assert resolver.event_type(acled.FORMAT, "Peaceful protest") is None
    assert resolver.event_type(ucdp.FORMAT, "3") == "killing"
    with pytest.raises(RowReject, match="unknown sub_event_type 'Alien landing'"):
        resolver.event_type(acled.FORMAT, "Alien landing")


def test_category_table_agrees_with_the_ontology() -> None:
    """Where schema/kg.ttl names an ACLED category, the table picks one of its event types."""
    graph = Graph().parse(SEEDS.parent / "schema" / "kg.ttl")
    listed: dict[str, set[str]] = {}
    for concept, label in graph.subject_objects(KG.acledSubEventType):
        assert isinstance(concept, URIRef)
        listed.setdefault(str(label), set()).add(str(concept).removeprefix(str(EVENT_TYPE)))
    table = read_type_table(SEEDS / "dataset_event_types.yaml", EVENT_TYPES)
    checked = 0
    for category, event_type in table.root["acled"].items():
        if event_type is not None and category in listed:
            assert event_type in listed[category], category
            checked += 1
    assert checked >= 8


def test_alias_table_refuses_unknown_ids(ref: ReferenceData, tmp_path: Path) -> None:
    bad = tmp_path / "aliases.yaml"
    bad.write_text("actors:\n  Some Group: no-such-actor\n", encoding="utf-8")
    with pytest.raises(InputError, match="no-such-actor"):
        read_alias_table(bad, ref)
    bad.write_text("acled:\n  Armed clash: battle_royale\n", encoding="utf-8")
    with pytest.raises(InputError, match="battle_royale"):
        read_type_table(bad, EVENT_TYPES)


def test_batches_pass_the_mapping_checks(resolver: Resolver, ref: ReferenceData) -> None:
    """Rows are built without per-row validation; validating them here must change nothing."""
    rows = [
        acled.parse_row(acled_row(), 2),
        acled.parse_row(acled_row(event_id_cnty="SYR9002", source="Deir Ezzor 24"), 3),
        ucdp.parse_row(ucdp_row(), 2),
        ucdp.parse_row(ucdp_row(id="990002", where_coordinates="Nowhere", latitude="35.9"), 3),
    ]
    mapped = [m for m in (map_row(r, resolver) for r in rows) if m is not None]
    batch = rows_batch(mapped, BASE).to_graph_batch()
    checked = GraphBatch.model_validate(batch.model_dump())
    assert len(checked.nodes) == len(batch.nodes) and len(checked.rels) == len(batch.rels)
    labels = {n.label for n in batch.nodes}
    assert {"Claim", "Document", "CasualtyFigure", "Source", "Place", "EventType"} <= labels
    claims = [n for n in batch.nodes if n.label == "Claim"]
    assert [c.props["id"] for c in claims] == [
        "acled-syr9001", "acled-syr9002", "ucdp-ged-990001", "ucdp-ged-990002",
    ]  # fmt: skip
    assert [c.props["confidence"] for c in claims] == [1.0, 0.8, 1.0, 0.8]


def test_create_statement_names_reference_nodes_by_position(resolver: Resolver) -> None:
    """The CREATE statement's rows address the chunk's reference nodes by position in one list
    per label; each position must lead back to the record's IRI, a repeated target only once."""
    from kg.ingest.dataset_cypher import create_claim_records

    rows = [
        acled.parse_row(acled_row(), 2),
        acled.parse_row(acled_row(event_id_cnty="SYR9002", source="SOHR; Deir Ezzor 24"), 3),
        ucdp.parse_row(ucdp_row(), 4),
    ]
    records = rows_batch([m for r in rows if (m := map_row(r, resolver))], BASE).claims
    records[1]["attackers"] = records[1]["attackers"] * 2
    _, params = create_claim_records(records)
    refs, out = params["refs"], params["rows"]
    labels = {"publisher": "Source", "extraction": "Extraction", "type": "EventType"}
    labels |= {"place": "Place", "sources": "Source"}
    labels |= {"attackers": "Actor", "targets": "Actor", "participants": "Actor"}
    for record, row in zip(records, out, strict=True):
        for key, label in labels.items():
            given = record[key] if isinstance(record[key], list) else [record[key]]
            assert [refs[label][i] for i in row[key]] == list(dict.fromkeys(given)), key
        for figure, written in zip(record["figures"], row["figures"], strict=True):
            assert [refs["Actor"][i] for i in written["groups"]] == figure["groups"]
    assert len(out[1]["attackers"]) == len(set(records[1]["attackers"]))
    assert all(len(set(iris)) == len(iris) for iris in refs.values())
