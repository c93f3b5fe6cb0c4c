"""Look-ups by id, global id, name or alias; full-text search; control of a place; node(id).

Unknown ids and names answer null (or an empty list), as GraphQL convention has it; only a
malformed argument is an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info

from kg.api import batch_queries
from kg.api import dataloaders as dl
from kg.api.context import Context
from kg.api.errors import BadArgument
from kg.api.ids import TYPE_LABELS, parse_global_id
from kg.api.limits import check_page
from kg.api.queries import resolve_refs
from kg.api.types import (
    Actor,
    ControlClaim,
    Document,
    Event,
    EventType,
    Node,
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


async def _slug(ctx: Context, label: str, id: str | None, name: str | None) -> str | None:
    """The id of the node named by ``id`` (project id or global id) or by ``name``."""
    if (id is None) == (name is None):
        raise BadArgument("id", "give exactly one of id and name")
    if id is not None:
        parsed = parse_global_id(id)
        if parsed is not None:
            return parsed[1] if TYPE_LABELS[parsed[0]] == label else None
        return id
    ref = _text("name", name or "")
    rows = await ctx.read(*resolve_refs([{"key": "name", "label": label, "ref": ref}]))
    ids = sorted(rows[0]["ids"]) if rows else []
    return ids[0] if ids else None


async def lookup(ctx: Context, label: str, id: str | None, name: str | None) -> Any:
    slug = await _slug(ctx, label, id, name)
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


@strawberry.type(description="A full-text hit and how well it matched.")
class SearchHit:
    score: float
    node: Node


async def search(info: Info[Context, None], text: str, first: int = 20) -> list[SearchHit]:
    """Full-text search over actor, place and source names and aliases, and claim quotes."""
    query = batch_queries.search(_text("text", text), check_page("first", first))
    if not query[1]["text"]:
        return []
    hits = []
    for row in await info.context.read(*query):
        label = next(
            (
                x
                for x in ("ControlClaim", "Claim", "Actor", "Place", "Source")
                if x in row["labels"]
            ),
            "Source",
        )
        hits.append(SearchHit(score=row["score"], node=BUILDERS[label](row["node"])))
    return hits


async def control(
    info: Info[Context, None], place: str, at: dt.date | None = None
) -> list[ControlClaim]:
    """Who held a place (id, global id, name or alias) or a place containing it at a date,
    according to whom."""
    parsed = parse_global_id(place)
    slug = parsed[1] if parsed else await _slug(info.context, "Place", None, place)
    if slug is None:
        rows: list[dict[str, Any]] = []
    else:
        rows = await info.context.read(*batch_queries.control_at(slug, at))
    claims = [claim_of(r["node"]) for r in rows]
    return [c for c in claims if isinstance(c, ControlClaim)]
