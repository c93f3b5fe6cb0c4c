"""Pure dataset logic: row parsing (current and older ACLED exports, UCDP GED, GDELT 2.0),
roles, name resolution with the real spellings, places as written, the category tables, and the
batches rows become. Rows are written here for the tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.errors import InputError
from loaders.datasets import acled, gdelt, ucdp
from loaders.datasets.aliases import read_alias_table, read_type_table
from loaders.datasets.common import (
    ActorName,
    Location,
    RowReject,
    RowSkip,
    parse_date,
    version_key,
    widen,
)
from loaders.datasets.graph import rows_batch
from loaders.datasets.mapped import Roles, map_row, orient, signature
from loaders.datasets.names import actor_candidates, name_key, place_candidates
from loaders.datasets.resolve import Resolved, Resolver
from loaders.graph.batch import GraphBatch
from loaders.graph.vocabulary import EVENT_TYPE, EVENT_TYPES, KG
from loaders.reference import ReferenceData, read_reference
from loaders.resolution.signatures import SignatureContext

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
        "timestamp": "1618500000",
    }
    row.update(changes)
    return row


def ucdp_row(**changes: str) -> dict[str, str]:
    row = {
        "id": "990001",
        "type_of_violence": "1",
        "side_a": "Government of Syria",
        "side_a_new_id": "118",
        "side_b": "IS",
        "side_b_new_id": "234",
        "source_original": "SOHR;AFP",
        "source_headline": "",
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


def gdelt_row(**changes: str) -> dict[str, str]:
    """A GDELT 2.0 event record, column by column, written for the test."""
    row = dict.fromkeys(gdelt.COLUMNS, "")
    row.update(
        globaleventid="812345678",
        sqldate="20181214",
        actor1code="SYRREB",
        actor1name="SYRIAN REBELS",
        actor1countrycode="SYR",
        actor1type1code="REB",
        actor2code="SYRGOV",
        actor2name="SYRIA",
        actor2countrycode="SYR",
        actor2type1code="GOV",
        isrootevent="1",
        eventcode="194",
        eventbasecode="194",
        eventrootcode="19",
        quadclass="4",
        goldsteinscale="-10.0",
        nummentions="6",
        numsources="2",
        numarticles="6",
        avgtone="-7.1",
        actiongeo_type="4",
        actiongeo_fullname="Hajin, Dayr az Zawr, Syria",
        actiongeo_countrycode="SY",
        actiongeo_adm1code="SY07",
        actiongeo_lat="34.6894",
        actiongeo_long="40.8308",
        dateadded="20181214103000",
        sourceurl="https://www.syriahr.com/en/example-report/",
    )
    row.update(changes)
    return row


# -- parsing ------------------------------------------------------------------------------


def test_current_acled_row_has_participants_not_attackers() -> None:
    row = acled.parse_row(acled_row(), 7, "2024-01")
    assert row.record_id == "SYR9001" and row.line == 7
    assert row.locator == "ACLED SYR9001 (release 2024-01)"
    assert (row.start, row.end, row.date_precision) == (
        dt.date(2019, 2, 12), dt.date(2019, 2, 12), "day",
    )  # fmt: skip
    # ACLED's actor order carries no direction: both sides are participants.
    assert row.attackers == () and row.targets == ()
    assert [a.name for a in row.participants] == [
        "QSD: Syrian Democratic Forces", "Islamic State (Syria)",
    ]  # fmt: skip
    assert row.note == "Clashes between QSD and IS fighters in Hajin." == row.quote
    assert row.version == "1618500000"
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
        "geo_precision": "3",
        "source": "SOHR; SOHR",
        "notes": "",
        "fatalities": "",
    }
    row = acled.parse_row(old, 2)
    assert row.record_id == "SYR4711" and row.category == "Remote violence"
    assert [a.name for a in row.participants] == [
        "Military Forces of Syria (2000-)", "Hezbollah", "Military Forces of Iran (1989-)",
        "Islamic State (Syria)",
    ]  # fmt: skip
    assert row.sources == ("SOHR",) and row.figures[0].count == 0
    assert row.quote == "Remote violence: Military Forces of Syria (2000-) in Al Mayadin"
    assert row.note == "" and row.version is None
    assert row.location.place_type == "Region"  # geo_precision 3: only the region
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
    row = ucdp.parse_row(ucdp_row(), 2, "23.1")
    assert (row.start, row.end) == (dt.date(2017, 11, 9), dt.date(2017, 11, 9))
    assert row.attackers == () and [a.name for a in row.participants] == [
        "Government of Syria", "IS",
    ]  # fmt: skip
    assert [a.codes for a in row.participants] == [("118",), ("234",)]
    assert row.location.name == "Abu Kamal" and row.location.admin1 == "Dayr az Zawr"
    assert row.version == "23.1"
    figures = {f.label: (f.count, f.max_count, f.qualifier, f.group) for f in row.figures}
    assert figures == {
        "best": (8, None, "about", None),
        "low-high": (8, 10, "approximate_range", None),
        "deaths_a": (2, None, "exact", "Government of Syria"),
        "deaths_b": (5, None, "exact", "IS"),
        "deaths_civilians": (1, None, "exact", "Civilians"),
    }
    # One-sided violence is directional by UCDP's definition: side A against civilians.
    one_sided = ucdp.parse_row(ucdp_row(type_of_violence="3", side_b="Civilians"), 2)
    assert [a.name for a in one_sided.attackers] == ["Government of Syria"]
    assert [a.name for a in one_sided.targets] == ["Civilians"]
    assert one_sided.participants == () and one_sided.note == ""
    assert ucdp.parse_row(ucdp_row(date_prec="4"), 2).date_precision == "month"


def test_ucdp_multi_group_side_is_split_into_its_groups() -> None:
    side = "Jaysh al-Islam, Ahrar al-Sham, HTS"
    row = ucdp.parse_row(ucdp_row(side_a=side, side_a_new_id="7042", deaths_a="4"), 2)
    assert [a.name for a in row.participants] == ["Jaysh al-Islam", "Ahrar al-Sham", "HTS", "IS"]
    # The id of a multi-group side names the union, not one group: no code for its parts.
    assert [a.codes for a in row.participants[:3]] == [(), (), ()]
    deaths_a = next(f for f in row.figures if f.label == "deaths_a")
    assert deaths_a.group == side and [a.name for a in deaths_a.actors] == side.split(", ")


def test_ucdp_estimates_out_of_order_are_kept_with_a_warning() -> None:
    row = ucdp.parse_row(ucdp_row(low="4", best="4", high="3"), 2)
    assert row.warnings == ("deaths low=4 best=4 high=3 are not ordered (kept as given)",)
    figures = {f.label: (f.count, f.qualifier) for f in row.figures}
    assert figures["best"] == (4, "about")
    assert (figures["low"], figures["high"]) == ((4, "unspecified"), (3, "unspecified"))
    best_outside = ucdp.parse_row(ucdp_row(low="9", best="8", high="10"), 2)
    assert best_outside.warnings and {f.label for f in best_outside.figures} >= {"low-high"}
    assert ucdp.parse_row(ucdp_row(), 2).warnings == ()


@pytest.mark.parametrize(
    "changes,reason",
    [
        ({"date_start": "2018-13-45"}, "bad date_start"),
        ({"side_a": ""}, "missing side_a"),
        ({"longitude": "forty"}, "non-numeric longitude"),
        ({"type_of_violence": "4"}, "bad type_of_violence"),
        ({"where_prec": "9"}, "bad where_prec"),
        ({"date_end": "2017-11-01"}, "before date_start"),
    ],
)
def test_malformed_ucdp_rows_name_the_reason(changes: dict[str, str], reason: str) -> None:
    with pytest.raises(RowReject, match=reason):
        ucdp.parse_row(ucdp_row(**changes), 2)


def test_gdelt_record_is_directional_with_cameo_codes() -> None:
    assert len(gdelt.COLUMNS) == 61 and gdelt.FORMAT.delimiter == "\t"
    row = gdelt.parse_row(gdelt_row(), 1)
    assert row.record_id == "812345678" and row.start == dt.date(2018, 12, 14)
    # Actor1 acts on Actor2 by GDELT's definition.
    assert [(a.name, a.type_code, a.codes) for a in row.attackers] == [
        ("SYRIAN REBELS", "REB", ("SYRREB", "SYR"))
    ]
    assert [a.name for a in row.targets] == ["SYRIA"] and row.participants == ()
    assert row.type_keys == ("194", "19")
    assert row.sources == ("syriahr.com",) and row.version == "20181214103000"
    assert row.location.name == "Hajin" and row.location.admin1 == "SY07"
    assert "GoldsteinScale=-10.0" in row.rule and "NumSources=2" in row.rule
    assert row.quote.startswith("GDELT CAMEO 194: SYRIAN REBELS -> SYRIA at Hajin")
    with pytest.raises(RowSkip, match="no ActionGeo location"):
        gdelt.parse_row(gdelt_row(actiongeo_type="0", actiongeo_lat=""), 1)
    with pytest.raises(RowReject, match="bad SQLDATE"):
        gdelt.parse_row(gdelt_row(sqldate="2018-99"), 1)


def test_dates_versions_and_precision_widening() -> None:
    assert parse_date("1 March 2018", "d") == dt.date(2018, 3, 1)
    assert parse_date("01-Mar-2018", "d") == dt.date(2018, 3, 1)
    assert parse_date("20180301", "d") == dt.date(2018, 3, 1)
    assert widen(dt.date(2016, 2, 10), "month") == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert widen(dt.date(2018, 3, 1), "week") == (dt.date(2018, 2, 26), dt.date(2018, 3, 4))
    key = version_key
    assert key("19.1") < key("23.1") < key("24.0.1")  # type: ignore[operator]
    assert key("1618500000") > key("1600000000") and key("") is None  # type: ignore[operator]


# -- names -----------------------------------------------------------------------------------


def test_name_candidates() -> None:
    assert actor_candidates("QSD: Syrian Democratic Forces") == (
        "QSD: Syrian Democratic Forces", "Syrian Democratic Forces", "QSD",
    )  # fmt: skip
    assert actor_candidates("Military Forces of Syria (2000-) Republican Guard") == (
        "Military Forces of Syria (2000-) Republican Guard", "Republican Guard",
        "Military Forces of Syria",
    )  # fmt: skip
    assert actor_candidates("Civilians (Syria)") == ("Civilians (Syria)", "Civilians")
    assert place_candidates("Damascus - Al-Midan") == (
        "Damascus - Al-Midan", "Al-Midan", "Damascus",
    )  # fmt: skip
    assert name_key("Al-Qadam") == name_key("al qadam") == name_key("AL  QADAM")


REAL_SPELLINGS = [
    # ACLED, current and pre-2019 layouts, with and without the "XXX: " prefixes
    ("acled", "YPG: Peoples Protection Units", "ypg"),
    ("acled", "QDW: National Defence Forces", "pro-regime-militias"),
    ("acled", "Militia (Pro-Government)", "pro-regime-militias"),
    ("acled", "Opposition Rebels (Syria)", "syrian-opposition"),
    ("acled", "JSH: Free Syrian Army", "syrian-opposition"),
    ("acled", "Military Forces of Russia (2000-)", "russia"),
    ("acled", "Military Forces of Syria (2000-)", "syrian-regime"),
    ("acled", "Military Forces of Syria (2000-) Republican Guard", "republican-guard"),
    ("acled", "Military Forces of Syria (2000-) Tiger Forces", "tiger-forces"),
    ("acled", "Military Forces of Syria (2000-) Air Force", "syrian-regime"),
    ("acled", "QSD: Syrian Democratic Forces", "sdf"),
    ("acled", "Islamic State (Syria)", "islamic-state"),
    ("acled", "HTS: Hayat Tahrir al Sham", "hayat-tahrir-al-sham"),
    ("acled", "Hayat Tahrir al Sham", "hayat-tahrir-al-sham"),
    ("acled", "Syrian National Army", "syrian-national-army"),
    ("acled", "Military Forces of Israel (1948-)", "israel"),
    ("acled", "Civilians (Syria)", "civilians"),
    ("acled", "Military Forces of the United States (2017-2021)", "united-states"),
    # UCDP GED names (19.1 and 23.1)
    ("ucdp", "Government of Syria", "syrian-regime"),
    ("ucdp", "IS", "islamic-state"),
    ("ucdp", "SDF", "sdf"),
    ("ucdp", "Syrian insurgents", "syrian-opposition"),
    ("ucdp", "Rahman Corps", "faylaq-al-rahman"),
    ("ucdp", "Jaysh Asoud al-Sharqiya", "jaysh-usud-al-sharqiya"),
    ("ucdp", "Martyr Lieutenant Ahmed Abdou Brigades", "ahmed-abdou-martyr-brigades"),
    ("ucdp", "Government of United States of America", "united-states"),
    ("ucdp", "al-Qaida", "al-qaeda"),
    ("ucdp", "SNA", "syrian-national-army"),
    # GDELT names (codes: below)
    ("gdelt", "ISLAMIC STATE", "islamic-state"),
    ("gdelt", "HEZBOLLAH", "hezbollah"),
]


@pytest.mark.parametrize("dataset,name,expected", REAL_SPELLINGS)
def test_real_spellings_resolve(resolver: Resolver, dataset: str, name: str, expected: str) -> None:
    fmt = {"acled": acled.FORMAT, "ucdp": ucdp.FORMAT, "gdelt": gdelt.FORMAT}[dataset]
    found = resolver.actor(fmt, ActorName(name))
    assert (found.id, found.new) == (expected, False)


@pytest.mark.parametrize(
    "fmt,codes,expected",
    [
        (ucdp.FORMAT, ("234",), "islamic-state"),
        (ucdp.FORMAT, ("4456",), "syrian-opposition"),
        (gdelt.FORMAT, ("SYRGOV", "SYR"), "syrian-regime"),
        (gdelt.FORMAT, ("SYRREB", "SYR"), "syrian-opposition"),
        (gdelt.FORMAT, ("RUSMIL", "RUS"), "russia"),
        (gdelt.FORMAT, ("XYZ", "SYR"), "syrian-regime"),
    ],
)
def test_dataset_codes_resolve(
    resolver: Resolver, fmt: object, codes: tuple[str, ...], expected: str
) -> None:
    found = resolver.actor(fmt, ActorName("UNKNOWN NAME", codes=codes))  # type: ignore[arg-type]
    assert (found.id, found.new) == (expected, False)


def test_unknown_actor_and_source_become_new(resolver: Resolver) -> None:
    actor = resolver.actor(acled.FORMAT, ActorName("Jaysh al-Ashayir", "3"))
    assert (actor.id, actor.new, actor.kind) == ("jaysh-al-ashayir", True, "Militia")
    assert resolver.actor(ucdp.FORMAT, ActorName("Government of Atlantis")).kind == "StateForce"
    assert resolver.actor(gdelt.FORMAT, ActorName("MILITANT", "REB")).kind == "ArmedGroup"
    source = resolver.source("Deir Ezzor 24")
    assert (source.id, source.new, source.kind) == ("deir-ezzor-24", True, "Unidentified")
    assert resolver.source("Syrian Observatory for Human Rights").id == "sohr"
    assert resolver.source("syriahr.com").id == "sohr"  # a GDELT source URL's site


# -- roles -----------------------------------------------------------------------------------


def _direction(answer: Roles | None) -> object:
    calls: list[tuple[str, tuple[str, ...]]] = []

    def direction(note: str, actors: object) -> Roles | None:
        calls.append((note, tuple(actors)))  # type: ignore[arg-type]
        return answer

    direction.calls = calls  # type: ignore[attr-defined]
    return direction


def test_roles_come_only_from_the_rows_text(resolver: Resolver) -> None:
    row = acled.parse_row(acled_row(notes="IS captured the neighbourhood from the regime."), 2)
    row = acled.parse_row(
        acled_row(
            actor1="Military Forces of Syria (2000-)", actor2="Islamic State (Syria)",
            notes="IS captured the neighbourhood from regime forces.",
            sub_event_type="Non-state actor overtakes territory",
        ),
        2,
    )  # fmt: skip
    # Without a direction (or without text) both sides stay participants, in either order.
    plain = map_row(row, resolver)
    assert plain is not None and plain.attackers == () and plain.targets == ()
    assert {p.id for p in plain.participants} == {"syrian-regime", "islamic-state"}
    told = _direction((frozenset({"islamic-state"}), frozenset({"syrian-regime"})))
    oriented = map_row(row, resolver, told)  # type: ignore[arg-type]
    assert oriented is not None and oriented.oriented
    assert [a.id for a in oriented.attackers] == ["islamic-state"]
    assert [t.id for t in oriented.targets] == ["syrian-regime"]
    assert oriented.participants == () and oriented.row.rule.endswith("roles=text")
    assert told.calls == [  # type: ignore[attr-defined]
        ("IS captured the neighbourhood from regime forces.", ("syrian-regime", "islamic-state"))
    ]
    silent = _direction(None)
    assert map_row(acled.parse_row(acled_row(notes=""), 2), resolver, silent)  # type: ignore[arg-type]
    assert silent.calls == []  # type: ignore[attr-defined]  # no text: not even asked


def test_orient_keeps_contradicted_and_unnamed_actors_as_participants() -> None:
    a, b, c = (Resolved(x, False, x) for x in ("a", "b", "c"))
    attackers, targets, rest = orient((a, b, c), (frozenset({"a", "b"}), frozenset({"b"})))
    assert (attackers, targets, rest) == ((a,), (), (b, c))
    assert orient((a, b), None) == ((), (), (a, b))


def test_gdelt_and_one_sided_roles_are_kept_as_the_data_states_them(resolver: Resolver) -> None:
    told = _direction((frozenset({"syrian-regime"}), frozenset()))
    m = map_row(gdelt.parse_row(gdelt_row(), 1), resolver, told)  # type: ignore[arg-type]
    assert m is not None and m.event_type == "shelling"
    assert ([a.id for a in m.attackers], [t.id for t in m.targets]) == (
        ["syrian-opposition"], ["syrian-regime"],
    )  # fmt: skip
    assert told.calls == []  # type: ignore[attr-defined]


# -- places ----------------------------------------------------------------------------------


def _loc(name: str, lat: float, lon: float, km: float = 2.0, **kw: str) -> Location:
    admin = {"admin1": "Deir-ez-Zor", "admin2": "Abu Kamal", **kw}
    return Location(name, lat, lon, "1", km, admin["admin1"], admin["admin2"])


def test_places_are_kept_as_written_with_their_governorate(resolver: Resolver) -> None:
    hajin = resolver.place(_loc("Hajeen", 34.69, 40.83))
    assert (hajin.id, hajin.name, hajin.near, hajin.parent) == (
        "hajeen-34-690-40-830-2km", "Hajeen", "hajin", "abu-kamal-district",
    )  # fmt: skip
    assert hajin.near_km is not None and hajin.near_km < 0.2
    # Right name, wrong place: a "Hajin" 60 km away is not near the gazetteer's Hajin.
    far = resolver.place(_loc("Hajin", 35.2, 40.9))
    assert far.id == "hajin-35-200-40-900-2km" and far.near is None
    # A neighbourhood is never renamed to the nearest known point; it names Damascus.
    midan = resolver.place(
        _loc("Damascus - Al-Midan", 33.4951, 36.2918, admin1="Damascus", admin2="Damascus")
    )
    assert (midan.name, midan.near, midan.parent) == ("Damascus - Al-Midan", "damascus", "damascus")
    # "Idlib town" is not the Idlib governorate.
    idlib = resolver.place(
        Location("Idlib", 35.93, 36.63, "1", 1.0, "Idlib", "Markaz Idlib", "Settlement")
    )
    assert idlib.near is None and idlib.parent == "idlib-district"
    # ACLED, UCDP and GDELT spell governorates their own way.
    for admin1 in ("Deir-ez-Zor", "Dayr az Zawr governorate", "Deir ez Zor Governorate", "SY07"):
        loc = _loc("Somewhere", 35.1, 40.3, admin1=admin1, admin2="")
        assert resolver.place(loc).parent == "deir-ez-zor-governorate", admin1
    # A district the reference data lacks is created under its governorate.
    new = resolver.place(_loc("Qurayyah", 34.9, 40.5, admin1="Deir-ez-Zor", admin2="Ashara"))
    assert new.new_district is not None
    assert (new.parent, new.new_district.parent) == ("ashara-district", "deir-ez-zor-governorate")


def test_written_place_signature_reaches_the_known_place(
    resolver: Resolver, ref: ReferenceData
) -> None:
    ctx = SignatureContext.build(
        {}, [(p.id, p.lat, p.lon, p.type, p.part_of) for p in ref.places], {}
    )
    m = map_row(acled.parse_row(acled_row(location="Hajeen"), 2), resolver)
    assert m is not None
    place = signature(m, ctx).places[0]
    assert place.near == "hajin" and place.id == m.place.id
    assert {"abu-kamal-district", "deir-ez-zor-governorate", "hajin-subdistrict"} <= place.ancestors
    assert signature(m, ctx).datasets == frozenset({"acled"})


# -- categories -----------------------------------------------------------------------------


def test_categories_map_skip_or_reject(resolver: Resolver) -> None:
    assert resolver.event_type(acled.FORMAT, ("Air/drone strike",)) == "air_strike"
    assert resolver.event_type(acled.FORMAT, ("air/drone strike",)) == "air_strike"
    assert resolver.event_type(acled.FORMAT, ("Peaceful protest",)) is None
    assert resolver.event_type(ucdp.FORMAT, ("3",)) == "killing"
    assert resolver.event_type(gdelt.FORMAT, ("1951", "195", "19")) == "air_strike"
    assert resolver.event_type(gdelt.FORMAT, ("1822", "182", "18")) == "killing"
    assert resolver.event_type(gdelt.FORMAT, ("0251", "025", "02")) is None
    with pytest.raises(RowReject, match="unknown sub_event_type 'Alien landing'"):
        resolver.event_type(acled.FORMAT, ("Alien landing",))


def _listed(predicate: URIRef) -> tuple[Graph, dict[str, set[str]]]:
    graph = Graph().parse(SEEDS.parent / "schema" / "kg.ttl")
    listed: dict[str, set[str]] = {}
    for concept, label in graph.subject_objects(predicate):
        assert isinstance(concept, URIRef)
        listed.setdefault(str(label), set()).add(str(concept).removeprefix(str(EVENT_TYPE)))
    return graph, listed


def test_category_table_agrees_with_the_ontology() -> None:
    """Where schema/kg.ttl names an ACLED category, the table picks one of its event types."""
    _, listed = _listed(KG.acledSubEventType)
    table = read_type_table(SEEDS / "dataset_event_types.yaml", EVENT_TYPES)
    checked = 0
    for category, event_type in table.root["acled"].items():
        if event_type is not None and category in listed:
            assert event_type in listed[category], category
            checked += 1
    assert checked >= 8


def test_cameo_table_agrees_with_the_ontology() -> None:
    """Where schema/kg.ttl names a CAMEO code, the table picks a type that lists it or one of
    the family (root codes name a family)."""
    graph, listed = _listed(KG.cameoCode)
    broader = {
        str(s).removeprefix(str(EVENT_TYPE)): str(o).removeprefix(str(EVENT_TYPE))
        for s, o in graph.subject_objects(URIRef("http://www.w3.org/2004/02/skos/core#broader"))
    }
    table = read_type_table(SEEDS / "dataset_event_types.yaml", EVENT_TYPES)
    checked = 0
    for code, event_type in table.root["gdelt"].items():
        if event_type is not None and code in listed:
            assert event_type in listed[code] or broader.get(event_type) in listed[code], code
            checked += 1
    assert checked >= 12


def test_alias_table_refuses_unknown_ids(ref: ReferenceData, tmp_path: Path) -> None:
    bad = tmp_path / "aliases.yaml"
    bad.write_text("actors:\n  Some Group: no-such-actor\n", encoding="utf-8")
    with pytest.raises(InputError, match="no-such-actor"):
        read_alias_table(bad, ref)
    bad.write_text("datasets:\n  ucdp:\n    codes:\n      '99': nobody\n", encoding="utf-8")
    with pytest.raises(InputError, match="datasets/ucdp/codes"):
        read_alias_table(bad, ref)
    bad.write_text("governorates:\n  Atlantis: atlantis-governorate\n", encoding="utf-8")
    with pytest.raises(InputError, match="atlantis-governorate"):
        read_alias_table(bad, ref)
    bad.write_text("acled:\n  Armed clash: battle_royale\n", encoding="utf-8")
    with pytest.raises(InputError, match="battle_royale"):
        read_type_table(bad, EVENT_TYPES)


# -- batches --------------------------------------------------------------------------------


def test_batches_pass_the_mapping_checks(resolver: Resolver) -> None:
    """Rows are built without per-row validation; validating them here must change nothing."""
    rows = [
        acled.parse_row(acled_row(), 2),
        acled.parse_row(acled_row(event_id_cnty="SYR9002", source="Deir Ezzor 24"), 3),
        ucdp.parse_row(ucdp_row(), 2),
        ucdp.parse_row(ucdp_row(id="990002", where_coordinates="Nowhere", latitude="35.9"), 3),
        gdelt.parse_row(gdelt_row(), 1),
    ]
    mapped = [m for m in (map_row(r, resolver) for r in rows) if m is not None]
    batch = rows_batch(mapped, BASE).to_graph_batch()
    checked = GraphBatch.model_validate(batch.model_dump())
    assert len(checked.nodes) == len(batch.nodes) and len(checked.rels) == len(batch.rels)
    labels = {n.label for n in batch.nodes}
    assert {"Claim", "Document", "CasualtyFigure", "Source", "Place", "EventType"} <= labels
    claims = [n for n in batch.nodes if n.label == "Claim"]
    assert [c.props["id"] for c in claims] == [
        "acled-syr9001", "acled-syr9002", "ucdp-ged-990001", "ucdp-ged-990002", "gdelt-812345678",
    ]  # fmt: skip
    assert [c.props["confidence"] for c in claims] == [1.0, 0.8, 1.0, 1.0, 1.0]
    assert {r.type for r in batch.rels} >= {"NEAR", "PART_OF", "PARTICIPANT", "ATTACKER"}


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
    records[1]["participants"] = records[1]["participants"] * 2
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
    assert len(out[1]["participants"]) == len(set(records[1]["participants"]))
    assert all(len(set(iris)) == len(iris) for iris in refs.values())


def test_ucdp_headline_is_read_for_roles_only_when_it_is_one_headline() -> None:
    one = ucdp.parse_row(ucdp_row(source_headline="IS attacks regime positions in Abu Kamal"), 2)
    assert one.note == "IS attacks regime positions in Abu Kamal" == one.quote
    joined = "IS attacks regime positions in Abu Kamal;Clashes continue in Hajin"
    many = ucdp.parse_row(ucdp_row(source_headline=joined), 2)
    assert many.note == "" and many.quote == joined
