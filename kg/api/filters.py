"""The events filter: its GraphQL input, its checks, and its names resolved to ids.

``events``, ``whoAttackedWhom``, the aggregates, the GeoJSON answer and the nested event
connections all take this one filter, so "matching" means the same everywhere. Names go
through the one resolver (``kg.api.names``); a name that names nothing is an error that
names the argument and lists the nearest names, so a typo never looks like an empty answer.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from kg.api.context import Context
from kg.api.errors import BadArgument
from kg.api.queries import EventFilterSpec, lucene_terms

MAX_REFS = 50
MAX_TEXT = 200


@strawberry.enum(description="Date precision, from most to least precise.")
class Precision(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@strawberry.enum(description="Order of events in a page.")
class EventOrder(Enum):
    DATE_ASC = "DATE_ASC"
    DATE_DESC = "DATE_DESC"
    SOURCES_DESC = "SOURCES_DESC"


@strawberry.input(description="A circle on the map.")
class NearInput:
    lat: float
    lon: float
    radius_km: float


@strawberry.input(description="A box on the map, in degrees (WGS-84).")
class BBoxInput:
    west: float
    south: float
    east: float
    north: float


def bbox_of(box: BBoxInput | None, argument: str) -> tuple[float, float, float, float] | None:
    """A checked bounding box as (west, south, east, north)."""
    if box is None:
        return None
    for name, value, bound in (
        ("west", box.west, 180),
        ("east", box.east, 180),
        ("south", box.south, 90),
        ("north", box.north, 90),
    ):
        if not -bound <= value <= bound:
            raise BadArgument(
                f"{argument}.{name}", f"must be between -{bound} and {bound}, got {value}"
            )
    if box.south > box.north:
        raise BadArgument(f"{argument}.south", f"{box.south} is north of {box.north}")
    return (box.west, box.south, box.east, box.north)


@strawberry.input(
    description="Which events; all conditions must hold. Names may be ids, names or aliases, "
    "in any case or spelling variant; a name covers every place or actor it names."
)
class EventFilter:
    types: list[str] | None = strawberry.field(
        default=None, description="Event type ids; narrower types are included."
    )
    attackers: list[str] | None = None
    targets: list[str] | None = None
    actors: list[str] | None = strawberry.field(default=None, description="In any role.")
    include_subgroups: bool = strawberry.field(
        default=True, description="An actor covers its subgroups (PART_OF)."
    )
    places: list[str] | None = None
    include_sub_places: bool = strawberry.field(
        default=True,
        description="A place covers the places inside it (PART_OF) and the places datasets "
        "wrote for it (NEAR).",
    )
    near: NearInput | None = None
    bbox: BBoxInput | None = strawberry.field(
        default=None, description="At a place inside this box."
    )
    date_from: dt.date | None = strawberry.field(
        default=None,
        name="from",
        description="Events whose span (startDate..endDate) ends on or after this day: a "
        "month- or year-precision event is found by a range inside its span.",
    )
    date_to: dt.date | None = strawberry.field(
        default=None, name="to", description="Events whose span starts on or before this day."
    )
    max_precision: Precision | None = strawberry.field(
        default=None, description="Only events dated at least this precisely."
    )
    according_to: list[str] | None = strawberry.field(
        default=None, description="Sources (a source covers the people affiliated with it)."
    )
    publishers: list[str] | None = strawberry.field(
        default=None, description="Publishers of the documents the claims were read from."
    )
    min_sources: int | None = None
    text: str | None = strawberry.field(default=None, description="Words in the quotes.")


def _check_scalars(f: EventFilter) -> None:
    if f.near is not None:
        n = f.near
        if not -90 <= n.lat <= 90:
            raise BadArgument("filter.near.lat", f"must be between -90 and 90, got {n.lat}")
        if not -180 <= n.lon <= 180:
            raise BadArgument("filter.near.lon", f"must be between -180 and 180, got {n.lon}")
        if not 0 < n.radius_km <= 2000:
            raise BadArgument("filter.near.radiusKm", f"must be in (0, 2000], got {n.radius_km}")
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise BadArgument("filter.from", f"{f.date_from} is after filter.to {f.date_to}")
    if f.min_sources is not None and f.min_sources < 1:
        raise BadArgument("filter.minSources", f"must be at least 1, got {f.min_sources}")
    if f.text is not None and not 0 < len(f.text.strip()) <= MAX_TEXT:
        raise BadArgument("filter.text", f"must have 1 to {MAX_TEXT} characters")
    if f.text is not None and not lucene_terms(f.text):
        raise BadArgument("filter.text", "has no words to search for")


REF_ARGS = (
    ("types", "EventType", "event type"),
    ("attackers", "Actor", "actor"),
    ("targets", "Actor", "actor"),
    ("actors", "Actor", "actor"),
    ("places", "Place", "place"),
    ("according_to", "Source", "source"),
    ("publishers", "Source", "source"),
)


def _arg_name(attr: str) -> str:
    head, *rest = attr.split("_")
    return "filter." + head + "".join(w.title() for w in rest)


def to_spec(ctx: Context, f: EventFilter | None) -> EventFilterSpec:
    """Check a filter and resolve its names to ids (in memory, see ``kg.api.names``)."""
    if f is None:
        return EventFilterSpec()
    _check_scalars(f)
    ids: dict[str, tuple[str, ...]] = {}
    for attr, label, _ in REF_ARGS:
        values = getattr(f, attr) or []
        if len(values) > MAX_REFS:
            raise BadArgument(_arg_name(attr), f"at most {MAX_REFS} values, got {len(values)}")
        ids[attr] = tuple(sorted(ctx.names.ids(label, values, _arg_name(attr))))
    return EventFilterSpec(
        types=ids["types"],
        attackers=ids["attackers"],
        targets=ids["targets"],
        actors=ids["actors"],
        include_subgroups=f.include_subgroups,
        places=ids["places"],
        include_subplaces=f.include_sub_places,
        near=(f.near.lat, f.near.lon, f.near.radius_km) if f.near else None,
        bbox=bbox_of(f.bbox, "filter.bbox"),
        date_from=f.date_from,
        date_to=f.date_to,
        max_precision=f.max_precision.value if f.max_precision else None,
        according_to=ids["according_to"],
        publishers=ids["publishers"],
        min_sources=f.min_sources,
        text=f.text.strip() if f.text else None,
    )
