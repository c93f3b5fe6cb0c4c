"""Look-ups by id, global id, name or alias; full-text search; control of a place; node(id).

Unknown ids and names answer null (or an empty list), as GraphQL convention has it; only a
malformed argument is an error.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from kg.api import batch_queries
from kg.api import dataloaders as dl
from kg.api.context import Context
from kg.api.errors import BadArgument
from kg.api.ids import TYPE_LABELS, parse_global_id
from kg.api.limits import check_page
from kg.api.nodes import Node
from kg.api.types import (
    Actor,
    ControlClaim,
    Document,
    Event,
    EventType,
    Place,
    Source,
    claim_of,
)

MAX_TEXT = 200
BUILDERS: dict[str, Any] = {
    "Actor": Actor.of,
    "Place": Place.of,
    "Source": Source.of,
    "Document": Document.of,
    "Event": Event.of,
    "EventType": EventType.of,
    "Claim": claim_of,
    "ControlClaim": claim_of,
}


def _text(argument: str, value: str) -> str:
    value = value.strip()
    if not 0 < len(value) <= MAX_TEXT:
        raise BadArgument(argument, f"must have 1 to {MAX_TEXT} characters")
    return value


def _slug(ctx: Context, label: str, id: str | None, name: str | None) -> str | None:
    """The id of the node named by ``id`` (project id or global id) or by ``name`` (through
    the name resolver, as ``search`` and the filters)."""
    if (id is None) == (name is None):
        raise BadArgument("id", "give exactly one of id and name")
    if id is not None:
        parsed = parse_global_id(id)
        if parsed is not None:
            return parsed[1] if TYPE_LABELS[parsed[0]] == label else None
        return id
    return ctx.names.one(label, _text("name", name or ""), "name")


async def lookup(ctx: Context, label: str, id: str | None, name: str | None) -> Any:
    slug = _slug(ctx, label, id, name)
    if slug is None:
        return None
    row = await dl.node_by_id(ctx, label).load(slug)
    return BUILDERS[label](row) if row else None


async def actor(
    info: Info[Context, None], id: str | None = None, name: str | None = None
) -> Actor | None:
    """An actor by id (sdf), global id, name or alias ("regime forces")."""
    found: Actor | None = await lookup(info.context, "Actor", id, name)
    return found


async def place(
    info: Info[Context, None], id: str | None = None, name: str | None = None
) -> Place | None:
    """A place by id (hajin), global id, name or alias."""
    found: Place | None = await lookup(info.context, "Place", id, name)
    return found


async def source(
    info: Info[Context, None], id: str | None = None, name: str | None = None
) -> Source | None:
    """A source by id (sohr), global id, name or alias."""
    found: Source | None = await lookup(info.context, "Source", id, name)
    return found


async def document(info: Info[Context, None], id: str) -> Document | None:
    """A document by id or global id."""
    found: Document | None = await lookup(info.context, "Document", id, None)
    return found


async def node(info: Info[Context, None], id: strawberry.ID) -> Node | None:
    """Any node by its global id (Relay)."""
    parsed = parse_global_id(id)
    if parsed is None:
        return None
    label = TYPE_LABELS[parsed[0]]
    row = await dl.node_by_id(info.context, label).load(parsed[1])
    if row is None:
        return None
    built: Node = BUILDERS[label](row)
    return built if type(built).__name__ == parsed[0] else None


@strawberry.enum(description="Why a search hit was found, best first.")
class MatchKind(Enum):
    ID = "ID"
    EXACT = "EXACT"
    VARIANT = "VARIANT"
    TEXT = "TEXT"


@strawberry.type(description="A search hit: why it matched, and how well (full-text score).")
class SearchHit:
    match: MatchKind
    score: float = strawberry.field(description="Full-text score; 0 for a name not scored.")
    node: Node


SEARCHED = ("Actor", "Place", "Source")


async def search(info: Info[Context, None], text: str, first: int = 20) -> list[SearchHit]:
    """Names first, as the name resolver matches them (the same one as the look-ups and
    filters: id, name or alias, spelling variant), then full-text hits over names, aliases
    and claim quotes, best first."""
    ctx = info.context
    value, limit = _text("text", text), check_page("first", first)
    named = [m for label in SEARCHED for m in ctx.names.matches(label, value)]
    query = batch_queries.search(value, limit)
    rows = await ctx.read(*query) if query[1]["text"] else []
    scores = {(r["node"].get("id"), _label(r["labels"])): r["score"] for r in rows}
    nodes = await asyncio.gather(*(dl.node_by_id(ctx, m.node.label).load(m.node.id) for m in named))
    hits = [
        SearchHit(
            match=MatchKind(m.tier.value),
            score=scores.get((m.node.id, m.node.label), 0.0),
            node=BUILDERS[m.node.label](row),
        )
        for m, row in zip(named, nodes, strict=True)
        if row is not None
    ]
    seen = {(m.node.id, m.node.label) for m in named}
    for row in rows:
        label = _label(row["labels"])
        if (row["node"].get("id"), label) not in seen:
            node = BUILDERS[label](row["node"])
            hits.append(SearchHit(match=MatchKind.TEXT, score=row["score"], node=node))
    return hits[:limit]


def _label(labels: list[str]) -> str:
    order = ("ControlClaim", "Claim", "Actor", "Place", "Source")
    return next((x for x in order if x in labels), "Source")


async def control(
    info: Info[Context, None], place: str, at: dt.date | None = None
) -> list[ControlClaim]:
    """Who held a place (id, global id, name or alias) or a place containing it at a date,
    according to whom."""
    parsed = parse_global_id(place)
    slug = parsed[1] if parsed else _slug(info.context, "Place", None, place)
    if slug is None:
        rows: list[dict[str, Any]] = []
    else:
        rows = await info.context.read(*batch_queries.control_at(slug, at))
    claims = [claim_of(r["node"]) for r in rows]
    return [c for c in claims if isinstance(c, ControlClaim)]
