"""The GraphQL schema (code first); ``schema/schema.graphql`` is exported from it."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from kg.api.context import Context
from kg.ingest import graph_stats


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
    def stats(self, info: Info[Context, None]) -> Stats:
        c = graph_stats(info.context.store)
        return Stats(
            documents=c["Document"],
            actors=c["Actor"],
            places=c["Place"],
            sources=c["Source"],
            events=c["Event"],
            claims=c["Claim"],
        )


schema = strawberry.Schema(query=Query)
