"""Events as GeoJSON (RFC 7946) for maps: ``eventsGeoJSON(filter, bbox, first, after)`` and
``GET /geojson``.

One feature per event, at the located places it occurred at (a ``Point``, or a
``MultiPoint`` for several), with what a map's pop-up shows: type, span, actors, places and
the corroboration counts. Events at places without coordinates have no geometry to draw and
are left out; ``unlocated`` says how many of the page were.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from strawberry.scalars import JSON
from strawberry.types import Info

from kg.api.connection import cursor, start_of
from kg.api.context import Context
from kg.api.errors import BadArgument
from kg.api.filters import BBoxInput, EventFilter, bbox_of, to_spec
from kg.api.queries import EventFilterSpec, events_page, projection, q

MAX_FEATURES = 5_000


def feature_fields() -> tuple[str, ...]:
    actor = f"[(e)-[:{{rel}}]->(a:{q('Actor')}) | a.name]"
    return (
        f"types: [(e)-[:{q('HAS_TYPE')}]->(t:{q('EventType')}) | t.id]",
        "attackers: " + actor.format(rel=q("ATTACKER")),
        "targets: " + actor.format(rel=q("TARGET")),
        f"places: [(e)-[:{q('OCCURRED_AT')}]->(p:{q('Place')})"
        f" | {projection('p', 'Place', frozenset({'name', 'lat', 'lon'}))}]",
    )


def feature(row: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON feature of an event row; None when none of its places is located."""
    located = sorted({(p["lon"], p["lat"]) for p in row["places"] if p.get("lat") is not None})
    if not located:
        return None
    if len(located) == 1:
        geometry: dict[str, Any] = {"type": "Point", "coordinates": list(located[0])}
    else:
        geometry = {"type": "MultiPoint", "coordinates": [list(c) for c in located]}
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": geometry,
        "properties": {
            "type": min(row["types"], default=None),
            "startDate": str(row["startDate"]) if row.get("startDate") else None,
            "endDate": str(row["endDate"]) if row.get("endDate") else None,
            "datePrecision": row.get("datePrecision"),
            "attackers": sorted(row["attackers"]),
            "targets": sorted(row["targets"]),
            "places": sorted(p["name"] for p in row["places"]),
            "sourceCount": row.get("sourceCount") or 0,
            "claimCount": row.get("claimCount") or 0,
        },
    }


async def events_geojson(
    info: Info[Context, None],
    filter: EventFilter | None = None,
    bbox: BBoxInput | None = None,
    first: int = 1_000,
    after: str | None = None,
) -> JSON:
    """A GeoJSON FeatureCollection of the matching events (at a place inside ``bbox``), by
    date, ``first`` at a time: ``truncated`` says more follow, from ``after: endCursor``."""
    if not 1 <= first <= MAX_FEATURES:
        raise BadArgument("first", f"must be between 1 and {MAX_FEATURES}, got {first}")
    offset = start_of(after)
    spec = to_spec(info.context, filter)
    box = bbox_of(bbox, "bbox")
    if box is not None:
        spec = with_bbox(spec, box)
    statement = events_page(spec, "DATE_ASC", offset, first, False, feature_fields())
    rows = await info.context.read(*statement)
    page = rows[0]["page"][:first] if rows else []
    features = [f for f in map(feature, page) if f is not None]
    return JSON(
        {
            "type": "FeatureCollection",
            "features": features,
            "unlocated": len(page) - len(features),
            "truncated": bool(rows and len(rows[0]["page"]) > first),
            "endCursor": cursor(offset + len(page) - 1) if page else after,
        }
    )


def with_bbox(spec: EventFilterSpec, box: tuple[float, float, float, float]) -> EventFilterSpec:
    """The filter with the ``bbox`` argument (it must agree with a bbox in the filter)."""
    if spec.bbox is not None and spec.bbox != box:
        raise BadArgument("bbox", "give the box once: in bbox or in filter.bbox")
    return replace(spec, bbox=box)
