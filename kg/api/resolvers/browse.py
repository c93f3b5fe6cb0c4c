"""Browse connections: actors, places, sources, documents, event types and claims, each with
a filter, an order and cursors. Names in filters go through the one name resolver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry
from strawberry.types import Info

from kg.api import browse_queries as bq
from kg.api import selection
from kg.api.connection import Connection, page_of, start_of
from kg.api.context import Context
from kg.api.errors import BadArgument
from kg.api.filters import MAX_REFS, BBoxInput, NearInput, bbox_of
from kg.api.limits import check_page
from kg.api.queries import lucene_terms
from kg.api.types import (
    Actor,
    ClaimLike,
    Document,
    EventType,
    Place,
    Source,
    claim_of,
)

N = TypeVar("N")


@strawberry.enum(description="Order of actors, places or sources.")
class NameOrder(Enum):
    NAME = "NAME"
    EVENTS_DESC = "EVENTS_DESC"
    CLAIMS_DESC = "CLAIMS_DESC"


@strawberry.enum(description="Order of documents or claims.")
class DateOrder(Enum):
    DATE_ASC = "DATE_ASC"
    DATE_DESC = "DATE_DESC"
    CONFIDENCE_DESC = "CONFIDENCE_DESC"


@strawberry.input(description="Which actors; all conditions must hold.")
class ActorFilter:
    names: list[str] | None = strawberry.field(default=None, description="Ids, names, aliases.")
    text: str | None = strawberry.field(default=None, description="In the name or an alias.")
    types: list[str] | None = strawberry.field(default=None, description="actorType values.")
    part_of: list[str] | None = strawberry.field(
        default=None, description="Actors that are, or are part of, one of these."
    )


@strawberry.input(description="Which places; all conditions must hold.")
class PlaceFilter:
    names: list[str] | None = None
    text: str | None = None
    types: list[str] | None = strawberry.field(default=None, description="placeType values.")
    within: list[str] | None = strawberry.field(
        default=None, description="Places that are, or lie inside, one of these."
    )
    near: NearInput | None = None
    bbox: BBoxInput | None = None


@strawberry.input(description="Which sources; all conditions must hold.")
class SourceFilter:
    names: list[str] | None = None
    text: str | None = None
    types: list[str] | None = strawberry.field(default=None, description="sourceType values.")


@strawberry.input(description="Which documents; all conditions must hold.")
class DocumentFilter:
    publishers: list[str] | None = None
    date_from: dt.date | None = strawberry.field(default=None, name="from")
    date_to: dt.date | None = strawberry.field(default=None, name="to")
    languages: list[str] | None = None
    text: str | None = strawberry.field(default=None, description="In the title.")


@strawberry.input(description="Which event types.")
class EventTypeFilter:
    broader: list[str] | None = strawberry.field(
        default=None, description="Types that are, or are narrower than, one of these."
    )


@strawberry.input(description="Which claims; all conditions must hold.")
class ClaimFilter:
    according_to: list[str] | None = strawberry.field(
        default=None, description="Sources (a source covers the people affiliated with it)."
    )
    documents: list[str] | None = strawberry.field(default=None, description="Document ids.")
    types: list[str] | None = strawberry.field(
        default=None, description="Stated event types; narrower ones are included."
    )
    date_from: dt.date | None = strawberry.field(default=None, name="from")
    date_to: dt.date | None = strawberry.field(default=None, name="to")
    text: str | None = strawberry.field(default=None, description="Words in the quote.")


def _few(argument: str, values: list[str] | None) -> list[str]:
    values = values or []
    if len(values) > MAX_REFS:
        raise BadArgument(argument, f"at most {MAX_REFS} values, got {len(values)}")
    return values


def _ids(ctx: Context, label: str, values: list[str] | None, argument: str) -> tuple[str, ...]:
    return ctx.names.ids(label, _few(argument, values), argument)


async def _page(
    info: Info[Context, None],
    label: str,
    c: bq.Conditions,
    order: str,
    page: tuple[int, str | None],
    build: Callable[[dict[str, Any]], N],
) -> Connection[N]:
    if order not in bq.ORDERS[label]:
        raise BadArgument("orderBy", f"{label} pages are ordered by {', '.join(bq.ORDERS[label])}")
    limit, offset = check_page("first", page[0]), start_of(page[1])
    with_total = "totalCount" in selection.fields(info.selected_fields[0].selections)
    rows = await info.context.read(*bq.list_page(label, c, order, offset, limit, with_total))
    return page_of(rows[0]["page"], build, offset, limit, rows[0]["total"])


async def actors(
    info: Info[Context, None],
    filter: ActorFilter | None = None,
    order_by: NameOrder = NameOrder.NAME,
    first: int = 20,
    after: str | None = None,
) -> Connection[Actor]:
    """Actors, a page at a time."""
    f, c, ctx = filter or ActorFilter(), bq.Conditions(), info.context
    bq.names_or_text(c, _ids(ctx, "Actor", f.names, "filter.names"), f.text, aliases=True)
    bq.in_values(c, "actorType", _few("filter.types", f.types), "types")
    bq.under(c, "Actor", "PART_OF", _ids(ctx, "Actor", f.part_of, "filter.partOf"), "partOf")
    return await _page(info, "Actor", c, order_by.value, (first, after), Actor.of)


async def places(
    info: Info[Context, None],
    filter: PlaceFilter | None = None,
    order_by: NameOrder = NameOrder.NAME,
    first: int = 20,
    after: str | None = None,
) -> Connection[Place]:
    """Places, a page at a time."""
    f, c, ctx = filter or PlaceFilter(), bq.Conditions(), info.context
    bq.names_or_text(c, _ids(ctx, "Place", f.names, "filter.names"), f.text, aliases=True)
    bq.in_values(c, "placeType", _few("filter.types", f.types), "types")
    bq.under(c, "Place", "PART_OF", _ids(ctx, "Place", f.within, "filter.within"), "within")
    if f.near is not None:
        c.add(
            "point.distance(n.location, point({latitude: $nearLat, longitude: $nearLon}))"
            " <= $nearMeters",
            nearLat=f.near.lat,
            nearLon=f.near.lon,
            nearMeters=f.near.radius_km * 1000.0,
        )
    if f.bbox is not None:
        c.add(
            "point.withinBBox(n.location, point({longitude: $west, latitude: $south}),"
            " point({longitude: $east, latitude: $north}))",
            **dict(
                zip(
                    ("west", "south", "east", "north"),
                    bbox_of(f.bbox, "filter.bbox") or (),
                    strict=True,
                )
            ),
        )
    return await _page(info, "Place", c, order_by.value, (first, after), Place.of)


async def sources(
    info: Info[Context, None],
    filter: SourceFilter | None = None,
    order_by: NameOrder = NameOrder.NAME,
    first: int = 20,
    after: str | None = None,
) -> Connection[Source]:
    """Sources, a page at a time."""
    f, c = filter or SourceFilter(), bq.Conditions()
    ids = _ids(info.context, "Source", f.names, "filter.names")
    bq.names_or_text(c, ids, f.text, aliases=True)
    bq.in_values(c, "sourceType", _few("filter.types", f.types), "types")
    return await _page(info, "Source", c, order_by.value, (first, after), Source.of)


async def documents(
    info: Info[Context, None],
    filter: DocumentFilter | None = None,
    order_by: DateOrder = DateOrder.DATE_ASC,
    first: int = 20,
    after: str | None = None,
) -> Connection[Document]:
    """Documents, a page at a time (without their text; ask each for ``text``)."""
    f = filter or DocumentFilter()
    publishers = _ids(info.context, "Source", f.publishers, "filter.publishers")
    languages = _few("filter.languages", f.languages)
    c = bq.document_conditions(publishers, f.date_from, f.date_to, languages, f.text)
    return await _page(info, "Document", c, order_by.value, (first, after), Document.of)


async def event_types(
    info: Info[Context, None],
    filter: EventTypeFilter | None = None,
    first: int = 100,
    after: str | None = None,
) -> Connection[EventType]:
    """The event types (a SKOS scheme), a page at a time."""
    f, c = filter or EventTypeFilter(), bq.Conditions()
    broader = _ids(info.context, "EventType", f.broader, "filter.broader")
    bq.under(c, "EventType", "BROADER", broader, "broader")
    return await _page(info, "EventType", c, "NAME", (first, after), EventType.of)


async def claims(
    info: Info[Context, None],
    filter: ClaimFilter | None = None,
    order_by: DateOrder = DateOrder.DATE_ASC,
    first: int = 20,
    after: str | None = None,
) -> Connection[ClaimLike]:
    """Event and control claims, a page at a time, with their provenance."""
    f, ctx = filter or ClaimFilter(), info.context
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise BadArgument("filter.from", f"{f.date_from} is after filter.to {f.date_to}")
    if f.text is not None and not lucene_terms(f.text):
        raise BadArgument("filter.text", "has no words to search for")
    c = bq.claim_conditions(
        _ids(ctx, "Source", f.according_to, "filter.accordingTo"),
        _few("filter.documents", f.documents),
        _ids(ctx, "EventType", f.types, "filter.types"),
        f.date_from,
        f.date_to,
        f.text,
    )
    return await _page(info, "Claim", c, order_by.value, (first, after), claim_of)
