"""Stored events as the resolver compares them: their signatures (types and families, roles
with their ancestors, places with coordinates and ancestors, span), read in the claims'
transaction, and the row reader every ingest statement shares. Statements are built from the
mapping's names; every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kg.ingest.event_aggregates import open_means
from kg.store import Tx, rows, to_date
from loaders.graph.mapping import quoted
from loaders.resolution.signatures import ActorRef, EventSignature, PlaceRef

MAX_HIERARCHY_DEPTH = 8


def family_and_dates() -> str:
    """Conditions on ``e`` for an item ``it`` (``lo``, ``hi``, ``families``): the date window
    first (a property read), then the type family (a traversal), kept apart by WITH so the
    planner keeps that order."""
    t, b = quoted("EventType"), quoted("BROADER")
    return (
        f" (it.lo IS NULL OR e.endDate IS NULL OR e.endDate >= it.lo)"
        f" AND (it.hi IS NULL OR e.startDate IS NULL OR e.startDate <= it.hi)"
        f" WITH DISTINCT it, e"
        f" WHERE EXISTS {{ (e)-[:{quoted('HAS_TYPE')}]->(:{t})-[:{b}*0..{MAX_HIERARCHY_DEPTH}]->"
        f"(f:{t}) WHERE f.id IN it.families }}"
    )


def _signature_map(var: str) -> str:
    """An event's stored signature as a map (read by ``_signature``)."""
    actor, place, part = quoted("Actor"), quoted("Place"), quoted("PART_OF")
    depth, e = MAX_HIERARCHY_DEPTH, var

    def actors(rel: str) -> str:
        return (
            f"[({e})-[:{quoted(rel)}]->(a:{actor}) |"
            f" {{id: a.id, side: a.side, up: [(a)-[:{part}*1..{depth}]->(p:{actor}) | p.id]}}]"
        )

    datasets = (
        f"[({e})<-[:{quoted('SUPPORTS')}]-(:{quoted('Claim')})-[:{quoted('DERIVED_FROM')}]->"
        f"(:{quoted('Document')} {{documentType: 'DatasetRecord'}})-[:{quoted('PUBLISHED_BY')}]->"
        f"(s:{quoted('Source')}) | s.id]"
    )

    return (
        f"{{iri: {e}.iri, start: toString({e}.startDate), end: toString({e}.endDate),"
        f" precision: {e}.datePrecision, claims: {e}.claimCount, open: {open_means(e)},"
        f" types: [({e})-[:{quoted('HAS_TYPE')}]->(t:{quoted('EventType')}) | t.id],"
        f" families: [({e})-[:{quoted('HAS_TYPE')}]->(:{quoted('EventType')})"
        f"-[:{quoted('BROADER')}*0..{depth}]->(r:{quoted('EventType')})"
        f" WHERE NOT (r)-[:{quoted('BROADER')}]->() | r.id],"
        f" attackers: {actors('ATTACKER')}, targets: {actors('TARGET')},"
        f" participants: {actors('PARTICIPANT')}, datasets: {datasets},"
        f" places: [({e})-[:{quoted('OCCURRED_AT')}]->(p:{place}) | {{id: p.id, lat: p.lat,"
        f" lon: p.lon, type: p.placeType, near: [(p)-[:{quoted('NEAR')}]->(k:{place}) | k.id],"
        f" up: [(p)-[:{part}|{quoted('NEAR')}*1..{depth}]->(q:{place}) | q.id]}}]}}"
    )


def signatures_query(iris: str) -> str:
    """A subquery returning ``sigs``: the stored signatures of the events whose IRIs the
    expression ``iris`` lists (read by ``parse_signatures``)."""
    return (
        f"UNWIND {iris} AS iri MATCH (e:{quoted('Event')} {{iri: iri}})"
        f" RETURN collect({_signature_map('e')}) AS sigs"
    )


def parse_signatures(maps: Sequence[dict[str, Any]]) -> dict[str, EventSignature]:
    """Event IRI -> signature, from the maps of ``signatures_query``."""
    return {s["iri"]: _signature(s) for s in maps}


def read_signatures(tx: Tx, iris: Sequence[str]) -> dict[str, EventSignature]:
    """The stored signatures of the given events (those that exist)."""
    found = rows(tx, f"CALL () {{ {signatures_query('$iris')} }} RETURN sigs", {"iris": iris})
    return parse_signatures(found[0]["sigs"])


@dataclass(frozen=True)
class Candidates:
    """What the store offers a batch of claims: existing events' signatures, which of them each
    claim may join, and which probed event IRIs already exist."""

    signatures: dict[str, EventSignature]
    per_claim: dict[str, set[str]]
    existing: frozenset[str] = frozenset()


def _signature(row: dict[str, Any]) -> EventSignature:
    """An event's aggregated signature, as stored."""
    types = sorted(row["types"])
    return EventSignature(
        event_type=types[0] if types else "",
        families=frozenset(row["families"]) or frozenset(types),
        attackers=_actors(row["attackers"]),
        targets=_actors(row["targets"]),
        places=tuple(
            PlaceRef(
                p["id"],
                p["lat"],
                p["lon"],
                p["type"],
                frozenset(p["up"]) - set(p["near"]),
                min(p["near"], default=None),
            )
            for p in row["places"]
        ),
        start=to_date(row["start"]),
        end=to_date(row["end"]),
        precision=row["precision"] or "unknown",
        participants=_actors(row["participants"]),
        datasets=frozenset(row["datasets"]),
        types=frozenset(types),
        claims=row["claims"] or 1,
        open_means=bool(row["open"]),
    )


def _actors(maps: Sequence[dict[str, Any]]) -> tuple[ActorRef, ...]:
    return tuple(ActorRef(a["id"], frozenset(a["up"]), a["side"]) for a in maps)
