"""The GraphQL schema (code first); ``schema/schema.graphql`` is exported from it
(``python -m kg.api.export_sdl``) and a test fails when the two disagree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLObjectType
from strawberry.types import Info

from kg.api import geojson
from kg.api.connection import Connection
from kg.api.context import Context
from kg.api.resolvers import aggregate as agg
from kg.api.resolvers import browse, lookups
from kg.api.resolvers import events as ev
from kg.api.types import Claim, ControlClaim, Event
from kg.cypher import count_by_label
from kg.stats import STAT_LABELS


@strawberry.type(description="How many nodes of each kind the graph holds.")
class Stats:
    documents: int
    actors: int
    places: int
    sources: int
    events: int
    claims: int


@strawberry.type
class Query:
    @strawberry.field(description="Counts of the main node kinds.")
    async def stats(self, info: Info[Context, None]) -> Stats:
        rows = await info.context.read(*count_by_label(STAT_LABELS))
        c = {k: int(v) for k, v in rows[0].items()}
        return Stats(
            documents=c["Document"],
            actors=c["Actor"],
            places=c["Place"],
            sources=c["Source"],
            events=c["Event"],
            claims=c["Claim"],
        )

    events: Connection[Event] = strawberry.field(
        resolver=ev.events, description="Events matching a filter, a page at a time."
    )
    who_attacked_whom: list[ev.AttackCell] = strawberry.field(
        resolver=ev.who_attacked_whom_cells,
        description="Attacker -> target matrix: events, casualties and sources per cell.",
    )
    actors = strawberry.field(resolver=browse.actors, description="Actors, a page at a time.")
    places = strawberry.field(resolver=browse.places, description="Places, a page at a time.")
    sources = strawberry.field(resolver=browse.sources, description="Sources, a page at a time.")
    documents = strawberry.field(
        resolver=browse.documents, description="Documents, a page at a time."
    )
    event_types = strawberry.field(
        resolver=browse.event_types, description="Event types, a page at a time."
    )
    claims = strawberry.field(resolver=browse.claims, description="Claims, a page at a time.")
    aggregate = strawberry.field(
        resolver=agg.aggregate_counts,
        description="Event and claim counts grouped by period, type, actor, place, "
        "governorate or source, over the events matching a filter.",
    )
    events_geo_json = strawberry.field(
        name="eventsGeoJSON",
        resolver=geojson.events_geojson,
        description="The matching events as a GeoJSON FeatureCollection, for maps.",
    )
    actor = strawberry.field(
        resolver=lookups.actor, description="An actor by id, global id, name or alias."
    )
    place = strawberry.field(
        resolver=lookups.place, description="A place by id, global id, name or alias."
    )
    source = strawberry.field(
        resolver=lookups.source, description="A source by id, global id, name or alias."
    )
    document = strawberry.field(
        resolver=lookups.document, description="A document by id or global id."
    )
    node = strawberry.field(resolver=lookups.node, description="Any node by its global id.")
    search = strawberry.field(
        resolver=lookups.search,
        description="Full-text search over names, aliases (kg_names) and quotes (kg_quotes).",
    )
    control = strawberry.field(
        resolver=lookups.control,
        description="Who held a place (or a place containing it) at a date, according to whom.",
    )


def build_schema() -> strawberry.Schema:
    """The schema; limits, error codes and introspection are the engine's
    (``kg.api.engine``), which runs every request."""
    built = strawberry.Schema(query=Query, types=[Event, Claim, ControlClaim])
    read_plain_fields_directly(built)
    return built


def _getter(name: str) -> Callable[..., Any]:
    def read(source: Any, _info: Any, **_: Any) -> Any:
        return getattr(source, name)

    return read


def read_plain_fields_directly(built: strawberry.Schema) -> int:
    """Let the fields that are plain attributes (no resolver, extension or permission) read
    them directly instead of through strawberry's general resolver wrapper.

    An answer has hundreds of such fields (slug, name, quote...); the wrapper builds argument
    and extension machinery for each that they do not use. Measured on the headline query:
    about a tenth of the API's CPU per request. Returns how many fields were set."""
    count = 0
    for kind in built._schema.type_map.values():
        if not isinstance(kind, GraphQLObjectType) or kind.name.startswith("__"):
            continue
        for field in kind.fields.values():
            definition = (field.extensions or {}).get("strawberry-definition")
            if definition is None or definition.base_resolver is not None:
                continue
            if definition.extensions or definition.permission_classes:
                continue
            field.resolve = _getter(definition.python_name)
            count += 1
    return count


schema = build_schema()
