"""Per-request DataLoaders: every parent of a field is fetched in one Cypher round trip.

A loader is created the first time a request needs it and kept in ``Context.loaders`` under a
name that includes its arguments, so that a field costs one query for all its parents, however
many events, claims or sources the answer holds. The ``events`` connection goes further: it
fetches the roles and claims its selection asks for together with the page and hands them to
its events (``Event.prefetched``), so ``events(first: 50) { attackers claims { source } }`` is
one query. It does not prime the loaders: what it fetched holds only the parts and properties
its own selection reads, and another field of the request may ask the same event for more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from kg.api import batch_queries
from kg.api.context import Context


def loader(
    ctx: Context, name: str, query: str, field: str | None, default: Any, **params: Any
) -> DataLoader[str, Any]:
    """The request's loader called ``name``: keys go in as ``$keys``; each row's ``key``
    picks its answer, ``row[field]`` (the whole row when ``field`` is None)."""
    existing = ctx.loaders.get(name)
    if existing is not None:
        return existing  # type: ignore[no-any-return]

    async def batch(keys: Sequence[str]) -> list[Any]:
        rows = await ctx.read(query, {"keys": list(keys), **params})
        found = {row["key"]: (row if field is None else row[field]) for row in rows}
        return [found.get(k, default) for k in keys]

    created: DataLoader[str, Any] = DataLoader(load_fn=batch)
    ctx.loaders[name] = created
    return created


def node_by_id(ctx: Context, label: str) -> DataLoader[str, Any]:
    return loader(ctx, f"node:{label}:id", batch_queries.nodes_by(label, "id"), "node", None)


def node_by_iri(ctx: Context, label: str) -> DataLoader[str, Any]:
    return loader(ctx, f"node:{label}:iri", batch_queries.nodes_by(label, "iri"), "node", None)


def event_roles(ctx: Context) -> DataLoader[str, Any]:
    return loader(ctx, "event:roles", batch_queries.event_roles(), "roles", {})


def event_claims(ctx: Context) -> DataLoader[str, Any]:
    return loader(ctx, "event:claims", batch_queries.event_claims(), "items", [])


def actor_events(ctx: Context, role: str, subgroups: bool, first: int) -> DataLoader[str, Any]:
    name = f"actor:events:{role}:{subgroups}:{first}"
    return loader(ctx, name, batch_queries.actor_events(role, subgroups), "items", [], limit=first)


def place_events(ctx: Context, subplaces: bool, first: int) -> DataLoader[str, Any]:
    name = f"place:events:{subplaces}:{first}"
    return loader(ctx, name, batch_queries.place_events(subplaces), "items", [], limit=first)


def children(ctx: Context, label: str, first: int) -> DataLoader[str, Any]:
    return loader(
        ctx, f"children:{label}:{first}", batch_queries.children(label), "items", [], limit=first
    )


def parents(ctx: Context, label: str) -> DataLoader[str, Any]:
    return loader(ctx, f"parents:{label}", batch_queries.parents(label), "items", [], limit=100)


def claims_of(ctx: Context, label: str, first: int) -> DataLoader[str, Any]:
    name = f"claims:{label}:{first}"
    return loader(ctx, name, batch_queries.claims_of(label), "items", [], limit=first)


def documents_of_source(ctx: Context, first: int) -> DataLoader[str, Any]:
    name = f"documents:{first}"
    return loader(ctx, name, batch_queries.documents_of_source(), "items", [], limit=first)


def actor_events_page(
    ctx: Context, role: str, subgroups: bool, order: str, page: tuple[int, int, bool], extra: Any
) -> DataLoader[str, Any]:
    offset, limit, with_total = page
    query = batch_queries.actor_events_page(role, subgroups, order, with_total, extra)
    name = f"actor:events:{role}:{subgroups}:{order}:{page}:{extra}"
    empty: dict[str, Any] = {"items": [], "total": 0 if with_total else None}
    return loader(ctx, name, query, "page", empty, offset=offset, limit=limit + 1)


def place_events_page(
    ctx: Context, subplaces: bool, order: str, page: tuple[int, int, bool], extra: Any
) -> DataLoader[str, Any]:
    offset, limit, with_total = page
    query = batch_queries.place_events_page(subplaces, order, with_total, extra)
    name = f"place:events:{subplaces}:{order}:{page}:{extra}"
    empty: dict[str, Any] = {"items": [], "total": 0 if with_total else None}
    return loader(ctx, name, query, "page", empty, offset=offset, limit=limit + 1)


def source_claims_page(ctx: Context, page: tuple[int, int, bool]) -> DataLoader[str, Any]:
    offset, limit, with_total = page
    query = batch_queries.source_claims_page(with_total)
    empty: dict[str, Any] = {"items": [], "total": 0 if with_total else None}
    return loader(
        ctx, f"source:claims:{page}", query, "page", empty, offset=offset, limit=limit + 1
    )


def document_text(ctx: Context, start: int, length: int) -> DataLoader[str, Any]:
    name = f"document:text:{start}:{length}"
    query = batch_queries.document_text()
    return loader(ctx, name, query, "text", None, start=start, length=length)


def claim_context(ctx: Context) -> DataLoader[str, Any]:
    return loader(ctx, "claim:context", batch_queries.claim_context(), "context", None)


def claim_attribution(ctx: Context) -> DataLoader[str, Any]:
    return loader(ctx, "claim:attribution", batch_queries.claim_attribution(), "attribution", None)
