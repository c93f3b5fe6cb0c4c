"""Relay cursor connections: one generic page type for every list that pages.

Cursors are opaque to clients (base64 of ``offset:N``); ``after`` takes the ``endCursor`` of
the previous page. A page query asks for one row more than the page to know whether a next
page exists.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from kg.api.errors import BadArgument, clip

N = TypeVar("N")


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
    raise BadArgument("after", f"{clip(value)} is not a cursor of this API")


def start_of(after: str | None) -> int:
    """The offset of the first item of the page after ``after``."""
    return 0 if after is None else offset_of(after) + 1


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type(description="A page of results (Relay cursor connection).")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    total_count: int | None = strawberry.field(
        description="How many match in all (computed only when selected)."
    )

    @strawberry.field(description="The nodes of the edges, for clients that need no cursors.")
    def nodes(self) -> list[N]:
        return [e.node for e in self.edges]


def page_of(
    rows: Sequence[dict[str, Any]],
    build: Callable[[dict[str, Any]], N],
    offset: int,
    limit: int,
    total: int | None,
) -> Connection[N]:
    """A connection from the rows of a page query (up to ``limit + 1`` rows)."""
    edges = [Edge(cursor=cursor(offset + i), node=build(r)) for i, r in enumerate(rows[:limit])]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > limit,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
