"""UCDP GED CSV rows -> ``DatasetRow``.

GED has no free-text notes: the quote is the row's source headline when given, else a sentence
built from its sides, place and best estimate, so that every claim still quotes something.
Deaths are kept as UCDP gives them: best estimate, low-high range, per side and civilians; a
low-best-high triple out of order is kept as given, with a warning.

Roles: UCDP's codebook defines one-sided violence (type 3) as the use of armed force by a
government or a formally organised group against civilians, so side A attacked and side B (the
civilians) was attacked. In state-based and non-state conflict (types 1 and 2) the sides are
the two parties of a dyad and GED does not say who attacked: both are participants, unless the
source headline says who did what (read at load time; only a row with a single headline, since
joined headlines often report other events). A side naming several groups ("Jaysh al-Islam,
Ahrar al-Sham, HTS") is split into its groups.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from loaders.datasets.common import (
    ActorName,
    DatasetFormat,
    DatasetRow,
    Figure,
    Location,
    Precision,
    RowReject,
    cell,
    parse_coordinate,
    parse_count,
    parse_date,
    required,
    row_digest,
    split_names,
)
from loaders.resolution.rules import OPEN_MEANS_MARK

DATE_PREC: dict[str, Precision] = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
"""UCDP date_prec: 1 exact day, 2 within 2-6 days, 3 a week, 4 a month, 5 up to a year."""

WHERE_PREC_KM = {
    "1": 1.0,
    "2": 25.0,
    "3": 50.0,
    "4": 100.0,
    "5": 200.0,
    "6": 500.0,
    "7": 1000.0,
}
"""UCDP where_prec: 1 exact place, 2 within 25 km, 3 district, 4 province, 5 a larger part or
a line (river, border), 6 the country, 7 waters or airspace."""

WHERE_PREC_TYPE = {"1": "Settlement", "2": "Settlement"}
"""where_prec 1 and 2 are a place or its surroundings; coarser codes stand for a region."""

VIOLENCE_TYPES = ("1", "2", "3")
ONE_SIDED = "3"
"""Only one-sided violence says who attacked whom (side_a against civilians); in state-based
and non-state conflict (1, 2) both sides are participants: GED does not say who attacked."""
_ADMIN_SUFFIX = re.compile(r"\s+(governorate|province|district|subdistrict|nahiya)$", re.I)
_FEATURE_SUFFIX = re.compile(r"\s+(town|village|city|area|suburb|locality)$", re.I)


def side_actors(row: Mapping[str, str | None], side: str) -> tuple[ActorName, ...]:
    """The groups a side names: ``A, B, C`` is three actors; the side's UCDP id is the
    actor's code only when the side is one group (a multi-group side's id names the union)."""
    names = split_names(required(row, f"side_{side}", f"side_{side}"), ",")
    ident = cell(row, f"side_{side}_new_id", f"side_{side}_dset_id", f"side_{side}_id")
    codes = (ident,) if ident and len(names) == 1 else ()
    return tuple(ActorName(name, codes=codes) for name in names)


def _location(row: Mapping[str, str | None]) -> Location:
    code = cell(row, "where_prec")
    if code not in WHERE_PREC_KM:
        raise RowReject(f"bad where_prec {code!r} (expected 1 to 7)")
    lat = parse_coordinate(required(row, "latitude", "latitude"), "latitude", 90)
    lon = parse_coordinate(required(row, "longitude", "longitude"), "longitude", 180)
    described = cell(row, "where_coordinates") or cell(row, "where_description").split(",")[0]
    name = _FEATURE_SUFFIX.sub("", described).strip() or cell(row, "adm_2", "adm_1")
    if not name:
        raise RowReject("missing where_coordinates / where_description")
    admin1 = _ADMIN_SUFFIX.sub("", cell(row, "adm_1"))
    admin2 = _ADMIN_SUFFIX.sub("", cell(row, "adm_2"))
    kind = WHERE_PREC_TYPE.get(code, "Region")
    return Location(name, lat, lon, code, WHERE_PREC_KM[code], admin1, admin2, kind)


def _estimates(row: Mapping[str, str | None]) -> tuple[list[Figure], tuple[str, ...]]:
    """Best estimate and low-high range as given; out of order is a warning, not a reject."""
    best = parse_count(cell(row, "best"), "best")
    low = parse_count(cell(row, "low"), "low")
    high = parse_count(cell(row, "high"), "high")
    figures = [Figure(best, "about", label="best")]
    warnings: tuple[str, ...] = ()
    if not low <= best <= high and (low or high):
        warnings = (f"deaths low={low} best={best} high={high} are not ordered (kept as given)",)
    if low <= high and low != high:
        figures.append(Figure(low, "approximate_range", max_count=high, label="low-high"))
    elif low > high:
        figures += [
            Figure(low, "unspecified", label="low"),
            Figure(high, "unspecified", label="high"),
        ]
    return figures, warnings


def _figures(
    row: Mapping[str, str | None], sides: tuple[tuple[ActorName, ...], tuple[ActorName, ...]]
) -> tuple[tuple[Figure, ...], tuple[str, ...]]:
    figures, warnings = _estimates(row)
    civilians = (ActorName("Civilians"),)
    for column, label, actors in (
        ("deaths_a", cell(row, "side_a"), sides[0]),
        ("deaths_b", cell(row, "side_b"), sides[1]),
        ("deaths_civilians", "Civilians", civilians),
    ):
        count = parse_count(cell(row, column), column)
        if count:
            figures.append(Figure(count, "exact", group=label, label=column, actors=actors))
    return tuple(figures), warnings


def parse_row(row: Mapping[str, str | None], line: int, release: str | None = None) -> DatasetRow:
    """One UCDP GED row (header already lower-cased) -> a checked ``DatasetRow``."""
    rid = required(row, "id", "id")
    violence = cell(row, "type_of_violence")
    if violence not in VIOLENCE_TYPES:
        raise RowReject(f"bad type_of_violence {violence!r} (expected 1, 2 or 3)")
    start = parse_date(required(row, "date_start", "date_start"), "date_start")
    end = parse_date(cell(row, "date_end") or cell(row, "date_start"), "date_end")
    if end < start:
        raise RowReject(f"date_end {end} is before date_start {start}")
    code = cell(row, "date_prec") or "1"
    if code not in DATE_PREC:
        raise RowReject(f"bad date_prec {code!r} (expected 1 to 5)")
    sides = (side_actors(row, "a"), side_actors(row, "b"))
    location = _location(row)
    figures, warnings = _figures(row, sides)
    headline = cell(row, "source_headline")
    quote = headline or (
        f"{cell(row, 'side_a')} vs {cell(row, 'side_b')}, "
        f"{cell(row, 'where_description') or location.name}: "
        f"{figures[0].count} deaths (best estimate)"
    )
    one_sided = violence == ONE_SIDED
    return DatasetRow(
        format=FORMAT,
        record_id=rid,
        line=line,
        quote=quote,
        category=violence,
        attackers=sides[0] if one_sided else (),
        targets=sides[1] if one_sided else (),
        participants=() if one_sided else (*sides[0], *sides[1]),
        sources=split_names(cell(row, "source_original")),
        location=location,
        start=start,
        end=end,
        date_precision=DATE_PREC[code],
        date_code=code,
        rule=f"ucdp date_prec={code} where_prec={location.precision_code}{OPEN_MEANS_MARK}",
        figures=figures,
        sha256=row_digest([f"{k}={v}" for k, v in sorted(row.items()) if k]),
        release=release,
        note="" if one_sided else _own_headline(headline),
        version=release,
        warnings=warnings,
        open_means=True,
    )


def _own_headline(headline: str) -> str:
    """The headline as the row's own words, when it is one headline: GED joins the headlines
    of all the row's sources with ";", and those often report other events of the same day."""
    return "" if ";" in headline else headline


def record_id(row: Mapping[str, str | None]) -> str:
    return required(row, "id", "id")


FORMAT = DatasetFormat(
    name="ucdp",
    title="UCDP GED",
    id_prefix="ucdp-ged",
    category_column="type_of_violence",
    required_columns=(
        ("id",),
        ("type_of_violence",),
        ("side_a",),
        ("side_b",),
        ("date_start",),
        ("where_prec",),
        ("latitude",),
        ("longitude",),
    ),
    parse_row=parse_row,
    summary="Load a UCDP GED CSV export as dataset claims.",
    record_id=record_id,
)
