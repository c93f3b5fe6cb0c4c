"""The ``events`` connection and the ``whoAttackedWhom`` matrix: filter input, its checks,
name resolution, cursors and the resolvers."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from enum import Enum

import strawberry
from strawberry.types import Info

from kg.api import batch_queries, selection
from kg.api.context import Context
from kg.api.errors import BadArgument
from kg.api.limits import check_page
from kg.api.queries import (
    EventFilterSpec,
    events_page,
    lucene_terms,
    resolve_refs,
    who_attacked_whom,
)
from kg.api.types import Actor, Event, Source

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


@strawberry.input(
    description="Which events; all conditions must hold. Names may be ids, names or aliases."
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
    date_from: dt.date | None = strawberry.field(
        default=None, name="from", description="Events whose span ends on or after this day."
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
)


def _arg_name(attr: str) -> str:
    head, *rest = attr.split("_")
    return "filter." + head + "".join(w.title() for w in rest)


async def to_spec(ctx: Context, f: EventFilter | None, by_name: bool = False) -> EventFilterSpec:
    """Check a filter and resolve its names to ids (one round trip when it names anything).
    With ``by_name`` the names stay as given, for a query that resolves them itself (and
    ``check_found`` afterwards).

    A name that matches nothing is an error naming the argument: an empty answer would hide
    the typo."""
    if f is None:
        return EventFilterSpec()
    _check_scalars(f)
    refs: list[dict[str, str]] = []
    for attr, label, _ in REF_ARGS:
        values = getattr(f, attr) or []
        if len(values) > MAX_REFS:
            raise BadArgument(_arg_name(attr), f"at most {MAX_REFS} values, got {len(values)}")
        refs += [{"key": f"{attr}:{i}", "label": label, "ref": v} for i, v in enumerate(values)]
    ids: dict[str, tuple[str, ...]] = {}
    if by_name:
        ids = {attr: tuple(dict.fromkeys(getattr(f, attr) or [])) for attr, _, _ in REF_ARGS}
    else:
        found: dict[str, list[str]] = {}
        if refs:
            rows = await ctx.read(*resolve_refs(refs))
            found = {r["key"]: r["ids"] for r in rows}
        missing: dict[str, list[str]] = {attr: [] for attr, _, _ in REF_ARGS}
        for attr, _, _ in REF_ARGS:
            resolved: list[str] = []
            for i, value in enumerate(getattr(f, attr) or []):
                hits = found.get(f"{attr}:{i}")
                if not hits:
                    missing[attr].append(value)
                resolved += hits or []
            ids[attr] = tuple(sorted(set(resolved)))
        check_found(missing)
    return EventFilterSpec(
        types=ids["types"],
        attackers=ids["attackers"],
        targets=ids["targets"],
        actors=ids["actors"],
        include_subgroups=f.include_subgroups,
        places=ids["places"],
        include_subplaces=f.include_sub_places,
        near=(f.near.lat, f.near.lon, f.near.radius_km) if f.near else None,
        date_from=f.date_from,
        date_to=f.date_to,
        max_precision=f.max_precision.value if f.max_precision else None,
        according_to=ids["according_to"],
        min_sources=f.min_sources,
        text=f.text.strip() if f.text else None,
        by_name=by_name,
    )


def check_found(missing: dict[str, list[str]]) -> None:
    """Raise for the first name that matched nothing, per filter field (``REF_ARGS`` order)."""
    for attr, _, kind in REF_ARGS:
        for value in missing.get(attr) or []:
            raise BadArgument(_arg_name(attr), f"no {kind} has the id, name or alias {value!r}")


def cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode("ascii")


def offset_of(value: str) -> int:
    """The position a cursor stands for; the error names ``after`` when it is not ours."""
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("ascii")
        kind, _, number = text.partition(":")
        if kind == "offset" and number.isdigit():
            return int(number)
    except (binascii.Error, UnicodeError, ValueError):
        pass
    raise BadArgument("after", f"{value!r} is not a cursor of this API")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class EventEdge:
    cursor: str
    node: Event


@strawberry.type(description="A page of events (Relay cursor connection).")
class EventConnection:
    edges: list[EventEdge]
    page_info: PageInfo
    total_count: int | None = strawberry.field(description="Matching events (when selected).")

    @strawberry.field
    def nodes(self) -> list[Event]:
        return [e.node for e in self.edges]


async def events(
    info: Info[Context, None],
    filter: EventFilter | None = None,
    order_by: EventOrder = EventOrder.DATE_ASC,
    first: int = 20,
    after: str | None = None,
) -> EventConnection:
    """Events matching the filter, a page at a time."""
    limit = check_page("first", first)
    offset = offset_of(after) + 1 if after is not None else 0
    spec = await to_spec(info.context, filter, by_name=True)
    selections = info.selected_fields[0].selections
    with_total = "totalCount" in selection.fields(selections)
    parts = selection.page_parts(selections)
    extra = batch_queries.event_fields("e", parts.roles, parts.claims, parts.shape)
    statement = events_page(spec, order_by.value, offset, limit, with_total, extra)
    rows = await info.context.read(*statement)
    if rows:
        check_found(rows[0]["missing"])
    page = rows[0]["page"] if rows else []
    edges = [EventEdge(cursor=cursor(offset + i), node=Event.of(r)) for i, r in enumerate(page)]
    edges = edges[:limit]
    return EventConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(page) > limit,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=rows[0]["total"] if rows else 0,
    )


@strawberry.type(description="Casualties of one kind and qualifier summed over a cell's events.")
class CasualtySum:
    kind: str
    qualifier: str
    total: int | None = strawberry.field(
        description="Sum over events of each event's largest figure; null when no figure of "
        'this kind and qualifier has a number ("hundreds").'
    )
    events: int = strawberry.field(description="Events that reported such a figure.")


@strawberry.type(description="One attacker -> target cell of the matrix.")
class AttackCell:
    attacker: Actor
    target: Actor
    events: int
    casualties: list[CasualtySum]
    sources: list[Source]


async def who_attacked_whom_cells(
    info: Info[Context, None], filter: EventFilter | None = None
) -> list[AttackCell]:
    """Attacker -> target pairs over the matching events, most events first."""
    spec = await to_spec(info.context, filter)
    rows = await info.context.read(*who_attacked_whom(spec))
    return [
        AttackCell(
            attacker=Actor.of(r["attacker"]),
            target=Actor.of(r["target"]),
            events=r["events"],
            casualties=[
                CasualtySum(
                    kind=c["kind"] or "unspecified",
                    qualifier=c["qualifier"] or "unspecified",
                    total=c["total"],
                    events=c["events"],
                )
                for c in r["casualties"]
            ],
            sources=[Source.of(s) for s in r["sources"]],
        )
        for r in rows
    ]
