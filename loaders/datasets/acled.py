"""ACLED CSV rows -> ``DatasetRow``.

Reads the current export and the older variants: upper-case headers, ``ally_actor_1`` for
``assoc_actor_1``, ``event_id_no_cnty`` or ``data_id`` when ``event_id_cnty`` is missing, no
``sub_event_type`` (the ``event_type`` is used), no ``disorder_type``/``civilian_targeting``,
dates as ``12 February 2019`` or ISO, and actor codes (``inter1``) as numbers or words.

ACLED's codebook states that the order of ``actor1`` and ``actor2`` carries no meaning: the
first is not the attacker. Both sides are therefore participants; who did what is read from the
row's ``notes`` at load time (``DatasetRow.note``), never from the column order.
"""

from __future__ import annotations

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
    widen,
)

TIME_PRECISION: dict[str, Precision] = {"1": "day", "2": "week", "3": "month"}
GEO_PRECISION_KM = {"1": 2.0, "2": 25.0, "3": 100.0}
"""ACLED geo_precision: 1 the named town, 2 near it or a part of a region, 3 only the region."""
GEO_PRECISION_TYPE = {"1": "Settlement", "2": "Settlement", "3": "Region"}


def record_id(row: Mapping[str, str | None]) -> str:
    """``event_id_cnty``, else country prefix + ``event_id_no_cnty``, else ``data_id``."""
    full = cell(row, "event_id_cnty")
    if full:
        return full
    number = cell(row, "event_id_no_cnty")
    if number:
        prefix = cell(row, "iso3", "iso", "country")
        return f"{prefix}{number}" if prefix else number
    data_id = cell(row, "data_id")
    if data_id:
        return f"data_id {data_id}"
    raise RowReject("missing event_id_cnty (and no event_id_no_cnty or data_id)")


def _actors(row: Mapping[str, str | None], side: str) -> tuple[ActorName, ...]:
    """One side: ``actor1`` with ``assoc_actor_1``; the inter code types its new actors."""
    inter = cell(row, f"inter{side}").lower()
    main = cell(row, f"actor{side}")
    names = [main] if main else []
    names += split_names(cell(row, f"assoc_actor_{side}", f"ally_actor_{side}"))
    return tuple(ActorName(name, inter) for name in dict.fromkeys(names))


def _location(row: Mapping[str, str | None]) -> Location:
    code = cell(row, "geo_precision") or "1"
    if code not in GEO_PRECISION_KM:
        raise RowReject(f"bad geo_precision {code!r} (expected 1, 2 or 3)")
    lat = parse_coordinate(required(row, "latitude", "latitude"), "latitude", 90)
    lon = parse_coordinate(required(row, "longitude", "longitude"), "longitude", 180)
    admin1, admin2 = cell(row, "admin1"), cell(row, "admin2")
    name = cell(row, "location") or cell(row, "admin3") or admin2 or admin1
    if not name:
        raise RowReject("missing location")
    return Location(
        name, lat, lon, code, GEO_PRECISION_KM[code], admin1, admin2, GEO_PRECISION_TYPE[code]
    )


def parse_row(row: Mapping[str, str | None], line: int, release: str | None = None) -> DatasetRow:
    """One ACLED row (header already lower-cased) -> a checked ``DatasetRow``."""
    rid = record_id(row)
    day = parse_date(required(row, "event_date", "event_date"), "event_date")
    code = cell(row, "time_precision") or "1"
    if code not in TIME_PRECISION:
        raise RowReject(f"bad time_precision {code!r} (expected 1, 2 or 3)")
    precision = TIME_PRECISION[code]
    category = required(row, "sub_event_type or event_type", "sub_event_type", "event_type")
    if not cell(row, "actor1"):
        raise RowReject("missing actor1")
    location = _location(row)
    fatalities = parse_count(cell(row, "fatalities"), "fatalities")
    start, end = widen(day, precision)
    notes = cell(row, "notes")
    quote = notes or f"{category}: {cell(row, 'actor1')} in {location.name}"
    return DatasetRow(
        format=FORMAT,
        record_id=rid,
        line=line,
        quote=quote,
        category=category,
        attackers=(),
        targets=(),
        participants=(*_actors(row, "1"), *_actors(row, "2")),
        sources=split_names(cell(row, "source")),
        location=location,
        start=start,
        end=end,
        date_precision=precision,
        date_code=code,
        rule=f"acled time_precision={code} geo_precision={location.precision_code}",
        figures=(Figure(fatalities, "at_least", label="fatalities"),),
        sha256=row_digest([f"{k}={v}" for k, v in sorted(row.items()) if k]),
        release=release,
        note=notes,
        version=cell(row, "timestamp") or None,
    )


FORMAT = DatasetFormat(
    name="acled",
    title="ACLED",
    id_prefix="acled",
    category_column="sub_event_type",
    required_columns=(
        ("event_id_cnty", "event_id_no_cnty", "data_id"),
        ("event_date",),
        ("sub_event_type", "event_type"),
        ("actor1",),
        ("latitude",),
        ("longitude",),
    ),
    parse_row=parse_row,
    summary="Load an ACLED CSV export (current or older column variants) as dataset claims.",
    record_id=record_id,
)
