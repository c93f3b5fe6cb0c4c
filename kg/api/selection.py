"""What a GraphQL selection asks of a page of events, as the parts of one Cypher projection.

The ``events`` connection fetches its events with their roles and claims in the page query.
Reading its selection first lets that query carry only what will be answered: the roles and
claim parts asked for, and of each related node only the properties its fields read. A public
query such as the headline one asks for a few fields of actors, places, sources and documents;
projecting every property of each would make the answer several times larger than the question
needs, and Neo4j and the API would serialise and decode it for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from kg.api import batch_queries


def fields(selections: list[Any]) -> dict[str, list[Any]]:
    """Selected field names (fragments followed) and their sub-selections."""
    found: dict[str, list[Any]] = {}
    for sel in selections:
        if isinstance(sel, SelectedField):
            found.setdefault(sel.name, []).extend(sel.selections)
        elif isinstance(sel, FragmentSpread | InlineFragment):
            for name, subs in fields(sel.selections).items():
                found.setdefault(name, []).extend(subs)
    return found


CLAIM_PART_FIELDS = {
    "source": "source",
    "document": "document",
    "extraction": "extraction",
    "event": "event",
    "eventTypes": "types",
    "casualties": "casualties",
}
"""Claim fields that need a part of the claim projection (``batch_queries.CLAIM_PARTS``)."""

NESTED = {
    "Event": {
        "attackers": "Actor",
        "targets": "Actor",
        "participants": "Actor",
        "places": "Place",
        "types": "EventType",
        "claims": "Claim",
    },
    "Claim": {"source": "Source", "document": "Document"},
    "Document": {"publisher": "Source"},
}
"""The object fields through which a page reaches nodes whose properties it may trim. Their
GraphQL field names are the mapping's property keys; other nodes (casualty figures, whose
``kind`` is ``casualtyKind``, extractions) keep every property."""

ALWAYS = {"Claim": frozenset({"quote", "startOffset"})}
"""Keys read whatever the selection (besides ``iri`` and ``id``, always projected): a claim's
quote, and its offset, which orders the claims."""


@dataclass(frozen=True)
class PageParts:
    """What to fetch with each event of a page: the roles (``batch_queries.ROLE_PARTS``), the claim
    parts (None: no claims) and, per label, the property keys the selection reads."""

    roles: frozenset[str]
    claims: frozenset[str] | None
    shape: batch_queries.Shape


def node_fields(selections: list[Any]) -> dict[str, list[Any]]:
    """Fields asked of the events of a connection, under ``edges { node }`` or ``nodes``."""
    top = fields(selections)
    under = [*fields(top.get("edges", [])).get("node", []), *top.get("nodes", [])]
    return fields(under)


def _keys(label: str, selections: list[Any], found: dict[str, set[str]]) -> None:
    """Collect into ``found`` the fields read of ``label`` nodes, following ``NESTED``."""
    asked = fields(selections)
    found.setdefault(label, set()).update(asked, ALWAYS.get(label, ()))
    for name, subs in asked.items():
        child = NESTED.get(label, {}).get(name)
        if child is not None:
            _keys(child, subs, found)


def page_parts(selections: list[Any]) -> PageParts:
    """The roles, claim parts and property keys to fetch with a page of events, from what the
    selection asks of them: the page then answers its fields in one round trip."""
    asked = node_fields(selections)
    roles = set(asked) & batch_queries.ROLE_PARTS
    if "type" in asked:
        roles.add("types")
    found: dict[str, set[str]] = {"EventType": set()} if "type" in asked else {}
    for name, subs in asked.items():
        child = NESTED["Event"].get(name)
        if child is not None:
            _keys(child, subs, found)
    shape = tuple(sorted((label, frozenset(keys)) for label, keys in found.items()))
    if "claims" not in asked and "casualties" not in asked:
        return PageParts(frozenset(roles), None, shape)
    # The document orders the claims, so it comes whatever the selection.
    parts = {"document"} | {
        CLAIM_PART_FIELDS[f] for f in fields(asked.get("claims", [])) if f in CLAIM_PART_FIELDS
    }
    if "casualties" in asked:
        parts.add("casualties")
    return PageParts(frozenset(roles), frozenset(parts), shape)


def page_extra(selections: list[Any]) -> tuple[bool, tuple[str, ...]]:
    """Whether a connection's selection asks for ``totalCount``, and the projection entries
    that bring its events' selected roles and claims with the page."""
    with_total = "totalCount" in fields(selections)
    parts = page_parts(selections)
    return with_total, batch_queries.event_fields("e", parts.roles, parts.claims, parts.shape)
