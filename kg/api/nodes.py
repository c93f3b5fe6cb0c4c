"""The small GraphQL types and helpers every node type shares: the ``Node`` interface and its
fields from a row, roles, a window of text, an extraction, and lists cut at their bounds."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from kg.api.ids import global_id
from kg.api.limits import LIST_BOUNDS

MAX_TEXT_WINDOW = 100_000
"""Most characters of a document's text in one answer."""


def cut(type_name: str, field: str, items: list[Any]) -> list[Any]:
    """A list cut at its bound (``limits.LIST_BOUNDS``, which the cost estimate counts)."""
    return items[: LIST_BOUNDS[(type_name, field)]]


def present(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of nodes that still exist. Reads see what other transactions committed while
    they ran (read committed): a node a concurrent load deleted (a re-loaded document's old
    claims) comes back with no properties, and is no node to show."""
    return [r for r in rows if r.get("iri") is not None]


def by_id(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Related nodes in a stable order (the graph returns them in storage order)."""
    return sorted(present(rows), key=lambda r: str(r.get("id") or r.get("iri")))


def as_text(value: Any) -> str | None:
    return None if value is None else str(value)


@strawberry.enum(description="Which role an actor played in an event.")
class Role(Enum):
    ATTACKER = "ATTACKER"
    TARGET = "TARGET"
    PARTICIPANT = "PARTICIPANT"
    ANY = "ANY"


@strawberry.interface(description="An object with a global id (Relay) and an IRI.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global id, for node(id:).")
    iri: str = strawberry.field(description="The node's IRI in the knowledge graph.")
    slug: str = strawberry.field(description="The project id (docs/CONTRACTS.md), e.g. sdf.")


def base(type_name: str, row: dict[str, Any]) -> dict[str, Any]:
    slug = str(row.get("id") or row["iri"].rsplit("/", 1)[-1])
    return {"id": global_id(type_name, slug), "iri": row["iri"], "slug": slug}


@strawberry.type(description="A window of a document's text.")
class DocumentText:
    text: str
    start: int = strawberry.field(description="Offset of the window in the whole text.")
    total_length: int = strawberry.field(description="Length of the whole text.")


@strawberry.type(description="The extraction (method and version) that made a claim.")
class Extraction:
    method: str
    version: str
