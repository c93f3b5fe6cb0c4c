"""``aggregate``: event and claim counts for charts and timelines, with the events filter."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from kg.api import selection
from kg.api.aggregate_queries import PERIODS, aggregate
from kg.api.context import Context
from kg.api.errors import BadArgument
from kg.api.filters import EventFilter, to_spec

MAX_BUCKETS = 1000


@strawberry.enum(
    description="What to group by: a period (by the first day of the event's span), the event "
    "type, an actor (in any role or in one), a place, the governorate the place lies in, or "
    "the source of the claims."
)
class Dimension(Enum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    YEAR = "YEAR"
    TYPE = "TYPE"
    ACTOR = "ACTOR"
    ATTACKER = "ATTACKER"
    TARGET = "TARGET"
    PARTICIPANT = "PARTICIPANT"
    PLACE = "PLACE"
    GOVERNORATE = "GOVERNORATE"
    SOURCE = "SOURCE"


LABELS = {
    "TYPE": "EventType",
    "ACTOR": "Actor",
    "ATTACKER": "Actor",
    "TARGET": "Actor",
    "PARTICIPANT": "Actor",
    "PLACE": "Place",
    "GOVERNORATE": "Place",
    "SOURCE": "Source",
}


@strawberry.type(description="Events and the claims that report them.")
class Counts:
    events: int
    claims: int


@strawberry.type(description="One key of a bucket: a period, or a node by id and name.")
class BucketKey:
    dimension: Dimension
    value: str = strawberry.field(description="The period's first day, or the node's id.")
    label: str = strawberry.field(description="The node's name, or the period.")
    start: dt.date | None = strawberry.field(description="First day of the period.")
    end: dt.date | None = strawberry.field(description="Last day of the period.")


@strawberry.type(description="The events (and their claims) sharing a key in every dimension.")
class Bucket:
    keys: list[BucketKey]
    events: int
    claims: int


@strawberry.type(description="Counts grouped by one or two dimensions.")
class Aggregate:
    buckets: list[Bucket]
    total: Counts | None = strawberry.field(
        description="Over all matching events, placed in a bucket or not (when selected)."
    )


def period_end(dim: str, start: dt.date) -> dt.date:
    if dim == "DAY":
        return start
    if dim == "WEEK":
        return start + dt.timedelta(days=6)
    if dim == "MONTH":
        following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    return start.replace(month=12, day=31)


def bucket_key(ctx: Context, dim: str, value: str) -> BucketKey:
    kind = Dimension[dim]
    if dim in PERIODS:
        start = dt.date.fromisoformat(value)
        return BucketKey(
            dimension=kind, value=value, label=value, start=start, end=period_end(dim, start)
        )
    return BucketKey(
        dimension=kind,
        value=value,
        label=ctx.names.label_of(LABELS[dim], value),
        start=None,
        end=None,
    )


async def aggregate_counts(
    info: Info[Context, None],
    group_by: list[Dimension],
    filter: EventFilter | None = None,
    first: int = 100,
) -> Aggregate:
    """Event and claim counts of the events matching the filter, grouped by one or two
    dimensions: a timeline (MONTH), a chart by type, actor, place, governorate or source."""
    dims = tuple(d.value for d in group_by)
    if not 1 <= len(dims) <= 2 or len(set(dims)) != len(dims):
        raise BadArgument("groupBy", f"give one or two different dimensions, got {len(dims)}")
    if not 1 <= first <= MAX_BUCKETS:
        raise BadArgument("first", f"must be between 1 and {MAX_BUCKETS}, got {first}")
    ctx = info.context
    spec = to_spec(ctx, filter)
    with_total = "total" in selection.fields(info.selected_fields[0].selections)
    rows = await ctx.read(*aggregate(spec, dims, first, with_total))
    row: dict[str, Any] = rows[0]
    buckets = [
        Bucket(
            keys=[bucket_key(ctx, d, str(v)) for d, v in zip(dims, b["keys"], strict=True)],
            events=b["events"],
            claims=b["claims"],
        )
        for b in row["buckets"]
    ]
    total = row["total"]
    return Aggregate(
        buckets=buckets,
        total=Counts(events=total["events"], claims=total["claims"]) if total else None,
    )
