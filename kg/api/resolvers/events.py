"""The ``events`` connection and the ``whoAttackedWhom`` matrix."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from kg.api import selection
from kg.api.connection import Connection, page_of, start_of
from kg.api.context import Context
from kg.api.filters import EventFilter, EventOrder, to_spec
from kg.api.limits import MAX_PAGE, check_page
from kg.api.nodes import cut
from kg.api.queries import events_page, who_attacked_whom
from kg.api.types import Actor, Event, Source


async def events(
    info: Info[Context, None],
    filter: EventFilter | None = None,
    order_by: EventOrder = EventOrder.DATE_ASC,
    first: int = 20,
    after: str | None = None,
) -> Connection[Event]:
    """Events matching the filter, a page at a time."""
    limit = check_page("first", first)
    offset = start_of(after)
    spec = to_spec(info.context, filter)
    with_total, extra = selection.page_extra(info.selected_fields[0].selections)
    statement = events_page(spec, order_by.value, offset, limit, with_total, extra)
    rows = await info.context.read(*statement)
    page = rows[0]["page"] if rows else []
    return page_of(page, Event.of, offset, limit, rows[0]["total"] if rows else 0)


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
    sources: list[Source] = strawberry.field(
        description="The sources behind the cell's events, most events first (at most 20)."
    )


def _cell(r: dict[str, Any]) -> AttackCell:
    return AttackCell(
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
            for c in cut("AttackCell", "casualties", r["casualties"])
        ],
        sources=[Source.of(s) for s in r["sources"]],
    )


async def who_attacked_whom_cells(
    info: Info[Context, None], filter: EventFilter | None = None, first: int = MAX_PAGE
) -> list[AttackCell]:
    """Attacker -> target pairs over the matching events, most events first."""
    spec = to_spec(info.context, filter)
    rows = await info.context.read(*who_attacked_whom(spec, check_page("first", first)))
    return [_cell(r) for r in rows]
