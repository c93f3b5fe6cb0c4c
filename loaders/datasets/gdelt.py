"""GDELT 2.0 Events rows -> ``DatasetRow``.

GDELT 2.0 event files (``*.export.CSV``) are tab-separated, without a header row, with the 61
columns of ``COLUMNS``. Facts from GDELT's event codebook that decide the mapping:

- each row is one event record with a stable ``GLOBALEVENTID``; ``SQLDATE`` is the day of the
  event as ``YYYYMMDD``; ``DATEADDED`` (``YYYYMMDDHHMMSS``, UTC) is when the record was added,
  kept as the row's version;
- the action is coded in CAMEO: ``EventCode`` (up to four digits), its ``EventBaseCode`` and
  ``EventRootCode``; ``QuadClass`` 4 is material conflict, ``GoldsteinScale`` runs from -10 to
  +10;
- ``Actor1`` is the actor that performed the action and ``Actor2`` the one it was performed
  on: the roles are directional by definition, so Actor1 is the attacker and Actor2 the
  target; an actor is coded by a CAMEO code (country + role codes, ``Actor1Code``), a known
  group code and a name;
- ``ActionGeo_*`` is where the action took place: ``_Type`` 1 a country, 2 a US state, 3 a US
  city, 4 a city or landmark elsewhere, 5 a first-order division elsewhere; ``_ADM1Code`` is the
  FIPS 10-4 country code and division code (``SY07``);
- ``NumMentions``, ``NumSources`` and ``NumArticles`` count the coverage of the event in the
  first 15 minutes of its appearance, ``SOURCEURL`` is the first article that reported it.

GDELT gives no casualty figures and no text: the quote names the coded action and its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from loaders.datasets.common import (
    ActorName,
    DatasetFormat,
    DatasetRow,
    Location,
    RowReject,
    RowSkip,
    cell,
    parse_coordinate,
    parse_date,
    required,
    row_digest,
)

_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
COLUMNS: tuple[str, ...] = tuple(
    name.lower()
    for name in (
        "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
        *(f"Actor1{f}" for f in _ACTOR_FIELDS),
        *(f"Actor2{f}" for f in _ACTOR_FIELDS),
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
        *(f"{geo}_{f}" for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in _GEO_FIELDS),
        "DATEADDED", "SOURCEURL",
    )
)  # fmt: skip
"""The 61 columns of a GDELT 2.0 event record, lower-cased (the loader's header names)."""

GEO_TYPES = {"1": (500.0, "Region"), "2": (200.0, "Region"), "3": (5.0, "Settlement")}
GEO_TYPES |= {"4": (5.0, "Settlement"), "5": (100.0, "Region")}
"""ActionGeo_Type -> the radius its point stands for and what kind of place it is."""
RULE_COLUMNS = (
    "EventCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
    "AvgTone", "IsRootEvent", "ActionGeo_Type",
)  # fmt: skip


def _actor(row: Mapping[str, str | None], n: str) -> tuple[ActorName, ...]:
    """Actor ``n`` (1 or 2): its name, its role code for a new actor's type, and the codes the
    alias table may know (the full CAMEO code, the known group code, the country code)."""
    code, name = cell(row, f"actor{n}code"), cell(row, f"actor{n}name")
    codes = tuple(
        c
        for c in (code, cell(row, f"actor{n}knowngroupcode"), cell(row, f"actor{n}countrycode"))
        if c
    )
    if not (name or code):
        return ()
    return (ActorName(name or code, cell(row, f"actor{n}type1code"), tuple(dict.fromkeys(codes))),)


def _location(row: Mapping[str, str | None]) -> Location:
    kind = cell(row, "actiongeo_type")
    if kind in ("", "0"):
        raise RowSkip("no ActionGeo location")
    if kind not in GEO_TYPES:
        raise RowReject(f"bad ActionGeo_Type {kind!r} (expected 1 to 5)")
    lat = parse_coordinate(required(row, "ActionGeo_Lat", "actiongeo_lat"), "ActionGeo_Lat", 90)
    lon = parse_coordinate(required(row, "ActionGeo_Long", "actiongeo_long"), "ActionGeo_Long", 180)
    full = required(row, "ActionGeo_FullName", "actiongeo_fullname")
    km, place_type = GEO_TYPES[kind]
    return Location(full.split(",")[0].strip(), lat, lon, kind, km, cell(row, "actiongeo_adm1code"),
                    "", place_type)  # fmt: skip


def _source(url: str) -> tuple[str, ...]:
    """The web site of ``SOURCEURL`` (``www.example.com`` -> ``example.com``) as the source."""
    host = urlsplit(url).hostname or ""
    return (host.removeprefix("www."),) if host else ()


def record_id(row: Mapping[str, str | None]) -> str:
    return required(row, "GLOBALEVENTID", "globaleventid")


def parse_row(row: Mapping[str, str | None], line: int, release: str | None = None) -> DatasetRow:
    """One GDELT 2.0 event record (columns of ``COLUMNS``) -> a checked ``DatasetRow``."""
    rid = record_id(row)
    day = parse_date(required(row, "SQLDATE", "sqldate"), "SQLDATE")
    code = required(row, "EventCode", "eventcode")
    location = _location(row)
    attackers, targets = _actor(row, "1"), _actor(row, "2")
    url = cell(row, "sourceurl")
    a1 = attackers[0].name if attackers else "(no actor)"
    a2 = f" -> {targets[0].name}" if targets else ""
    quote = f"GDELT CAMEO {code}: {a1}{a2} at {cell(row, 'actiongeo_fullname')}" + (
        f" ({url})" if url else ""
    )
    rule = " ".join(f"{c}={cell(row, c.lower())}" for c in RULE_COLUMNS)
    return DatasetRow(
        format=FORMAT,
        record_id=rid,
        line=line,
        quote=quote,
        category=code,
        attackers=attackers,
        targets=targets,
        participants=(),
        sources=_source(url),
        location=location,
        start=day,
        end=day,
        date_precision="day",
        date_code="SQLDATE",
        rule=f"gdelt {rule}",
        figures=(),
        sha256=row_digest([f"{k}={v}" for k, v in sorted(row.items()) if k]),
        release=release,
        version=cell(row, "dateadded") or None,
        categories=tuple(
            dict.fromkeys(
                c for c in (code, cell(row, "eventbasecode"), cell(row, "eventrootcode")) if c
            )
        ),
    )


FORMAT = DatasetFormat(
    name="gdelt",
    title="GDELT",
    id_prefix="gdelt",
    category_column="EventCode",
    required_columns=(),
    parse_row=parse_row,
    summary="Load a GDELT 2.0 Events file (tab-separated, no header) as dataset claims.",
    delimiter="\t",
    columns=COLUMNS,
    quoted=False,
    record_id=record_id,
)
