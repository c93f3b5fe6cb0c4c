"""Pure dataset row parsing: current and older ACLED exports, UCDP GED, GDELT 2.0; each row's
roles as the data states them, its version, warnings and categories. Rows are written here for
the tests (``tests.dataset_rows``)."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.datasets import acled, gdelt, ucdp
from loaders.datasets.common import RowReject, RowSkip, parse_date, version_key, widen
from tests.dataset_rows import acled_row, gdelt_row, ucdp_row

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


def test_ucdp_headline_is_read_for_roles_only_when_it_is_one_headline() -> None:
    one = ucdp.parse_row(ucdp_row(source_headline="IS attacks regime positions in Abu Kamal"), 2)
    assert one.note == "IS attacks regime positions in Abu Kamal" == one.quote
    joined = "IS attacks regime positions in Abu Kamal;Clashes continue in Hajin"
    many = ucdp.parse_row(ucdp_row(source_headline=joined), 2)
    assert many.note == "" and many.quote == joined
