"""The candidate search: which existing events a batch of new claims may join.

One query per batch finds, for each claim, the events at a place its places may be (same,
containing, contained or nearby place), whose span meets the claim's date window and whose type
is in the claim's family, and returns their stored signatures with them, so that the pure
matching of ``loaders.resolution.matching`` can decide. The places are either derived by the store
(hierarchy and point index) or given by the caller (``NearPlaces``, computed once per load).
Statements are built from the mapping's names; every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from loaders.graph.mapping import quoted
from loaders.resolution.matching import ActorRef, EventSignature, MatchRules, PlaceRef, date_window
from loaders.resolution.place_index import NearPlaces

MAX_HIERARCHY_DEPTH = 8


class Tx(Protocol):
    """The part of a driver transaction used here (the driver is imported only by kg.store)."""

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any: ...


def _q(name: str) -> str:
    return quoted(name)


def rows(tx: Tx, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """A query's records as dicts, read inside the caller's transaction. Values are left as
    the driver hydrated them (``Record.data()`` would walk every nested list and map again),
    so the queries read through here return values and maps, not nodes."""
    return [dict(record.items()) for record in tx.run(query, params)]


def _family_and_dates() -> str:
    """Conditions on ``e`` shared by both candidate queries: the date window first (a property
    read), then the type family (a traversal), kept apart by WITH so the planner keeps that
    order."""
    t, b = _q("EventType"), _q("BROADER")
    return (
        f" (it.lo IS NULL OR e.endDate IS NULL OR e.endDate >= it.lo)"
        f" AND (it.hi IS NULL OR e.startDate IS NULL OR e.startDate <= it.hi)"
        f" WITH DISTINCT it, e"
        f" WHERE EXISTS {{ (e)-[:{_q('HAS_TYPE')}]->(:{t})-[:{b}*0..{MAX_HIERARCHY_DEPTH}]->"
        f"(f:{t}) WHERE f.id IN it.families }}"
    )


def _candidate_query_by_place() -> str:
    """Events at a place the claim's places may be: the same, a containing or contained place
    that is not too coarse, or one within the distance (point index)."""
    place, part, depth = _q("Place"), _q("PART_OF"), MAX_HIERARCHY_DEPTH
    return (
        f"UNWIND $items AS it UNWIND it.places AS pid MATCH (p:{place} {{id: pid}})"
        f" CALL (p) {{"
        f" MATCH (p)-[:{part}*0..{depth}]->(q:{place}) WHERE q = p OR NOT q.placeType IN $coarse"
        f" RETURN q"
        f" UNION MATCH (q:{place})-[:{part}*1..{depth}]->(p) WHERE NOT p.placeType IN $coarse"
        f" RETURN q"
        f" UNION MATCH (q:{place}) WHERE NOT p.placeType IN $coarse"
        f" AND point.distance(q.location, p.location) <= $meters"
        f" AND NOT q.placeType IN $coarse RETURN q }}"
        f" MATCH (q)<-[:{_q('OCCURRED_AT')}]-(e:{_q('Event')})"
        f" WHERE {_family_and_dates()}"
        f" RETURN DISTINCT it.claim AS claim, e.iri AS event"
    )


def _candidate_query_near() -> str:
    """Events at the places computed beforehand as near the claim's (``NearPlaces``)."""
    return (
        f"UNWIND $items AS it UNWIND it.near AS qid"
        f" MATCH (:{_q('Place')} {{id: qid}})<-[:{_q('OCCURRED_AT')}]-(e:{_q('Event')})"
        f" WHERE {_family_and_dates()}"
        f" RETURN DISTINCT it.claim AS claim, e.iri AS event"
    )


def _candidate_query_any_place() -> str:
    """Events of the family in the date window, wherever they are (placeless matching)."""
    return (
        f"UNWIND $items AS it MATCH (e:{_q('Event')}) WHERE {_family_and_dates()}"
        f" RETURN DISTINCT it.claim AS claim, e.iri AS event"
    )


def _search_window(sig: EventSignature, rules: MatchRules) -> tuple[Any, Any] | None:
    """Dates an event must overlap to be worth comparing: the claim's window widened by the
    largest tolerance an event could bring. ``(None, None)`` when undated claims may match."""
    window = date_window(sig, rules)
    if window is None:
        return (None, None) if rules.undated_matches else None
    pad = dt.timedelta(days=max(rules.date_tolerance_days.values(), default=0))
    return window[0] - pad, window[1] + pad


def _signature_map(var: str) -> str:
    """An event's stored signature as a map (read by ``_signature``)."""
    actor, place, part = _q("Actor"), _q("Place"), _q("PART_OF")
    depth, e = MAX_HIERARCHY_DEPTH, var

    def actors(rel: str) -> str:
        return (
            f"[({e})-[:{_q(rel)}]->(a:{actor}) |"
            f" {{id: a.id, up: [(a)-[:{part}*1..{depth}]->(p:{actor}) | p.id]}}]"
        )

    return (
        f"{{iri: {e}.iri, start: toString({e}.startDate), end: toString({e}.endDate),"
        f" precision: {e}.datePrecision,"
        f" types: [({e})-[:{_q('HAS_TYPE')}]->(t:{_q('EventType')}) | t.id],"
        f" families: [({e})-[:{_q('HAS_TYPE')}]->(:{_q('EventType')})"
        f"-[:{_q('BROADER')}*0..{depth}]->(r:{_q('EventType')})"
        f" WHERE NOT (r)-[:{_q('BROADER')}]->() | r.id],"
        f" attackers: {actors('ATTACKER')}, targets: {actors('TARGET')},"
        f" places: [({e})-[:{_q('OCCURRED_AT')}]->(p:{place}) | {{id: p.id, lat: p.lat,"
        f" lon: p.lon, type: p.placeType, up: [(p)-[:{part}*1..{depth}]->(q:{place}) | q.id]}}]}}"
    )


def signatures_query(iris: str) -> str:
    """A subquery returning ``sigs``: the stored signatures of the events whose IRIs the
    expression ``iris`` lists (read by ``parse_signatures``)."""
    return (
        f"UNWIND {iris} AS iri MATCH (e:{_q('Event')} {{iri: iri}})"
        f" RETURN collect({_signature_map('e')}) AS sigs"
    )


def candidates_query(placeless: bool, near: bool = False) -> str:
    """One round trip, one row: the (claim, event) candidate pairs, the signatures of those
    events, and which of the ``$probe`` event IRIs exist. With ``near`` each item lists the
    places to search (``NearPlaces``) instead of the store deriving them."""
    search = _candidate_query_near() if near else _candidate_query_by_place()
    if placeless:
        search += f" UNION {_candidate_query_any_place().replace('$items', '$anyItems')}"
    return (
        f"CALL () {{ {search} }}"
        f" WITH collect({{claim: claim, event: event}}) AS pairs, collect(DISTINCT event) AS found"
        f" CALL (found) {{ {signatures_query('found')} }}"
        f" RETURN pairs, sigs,"
        f" [iri IN $probe WHERE EXISTS {{ MATCH (:{_q('Event')} {{iri: iri}}) }}] AS existing"
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

    @classmethod
    def of(cls, row: dict[str, Any]) -> Candidates:
        """From the row of ``candidates_query``."""
        per_claim: dict[str, set[str]] = {}
        for pair in row["pairs"]:
            per_claim.setdefault(pair["claim"], set()).add(pair["event"])
        return cls(parse_signatures(row["sigs"]), per_claim, frozenset(row["existing"]))


def to_date(value: Any) -> dt.date | None:
    """A driver date (``neo4j.time.Date``), an ISO date string or a Python date as a Python
    date. Queries that return many dates send them as text: parsing it is cheaper than
    hydrating a driver date."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    native = value.to_native()
    assert isinstance(native, dt.date)
    return native


def _signature(row: dict[str, Any]) -> EventSignature:
    """An event's aggregated signature, as stored."""
    types = sorted(row["types"])
    return EventSignature(
        event_type=types[0] if types else "",
        families=frozenset(row["families"]) or frozenset(types),
        attackers=tuple(ActorRef(a["id"], frozenset(a["up"])) for a in row["attackers"]),
        targets=tuple(ActorRef(a["id"], frozenset(a["up"])) for a in row["targets"]),
        places=tuple(
            PlaceRef(p["id"], p["lat"], p["lon"], p["type"], frozenset(p["up"]))
            for p in row["places"]
        ),
        start=to_date(row["start"]),
        end=to_date(row["end"]),
        precision=row["precision"] or "unknown",
    )


def candidate_params(
    items: Sequence[tuple[str, EventSignature]],
    rules: MatchRules,
    probe: Sequence[str] = (),
    near: NearPlaces | None = None,
) -> dict[str, Any]:
    """Parameters of ``candidates_query``: each claim's places (and the places near them when
    ``near`` is given), families and date window."""
    params = []
    for claim, sig in items:
        window = _search_window(sig, rules)
        if window is not None and (sig.places or rules.placeless_matches):
            params.append(
                {
                    "claim": claim,
                    "families": sorted(sig.families),
                    "places": [p.id for p in sig.places],
                    "near": near.around(p.id for p in sig.places) if near else [],
                    "lo": window[0],
                    "hi": window[1],
                }
            )
    return {
        "items": [p for p in params if p["places"]],
        "anyItems": params,
        "coarse": sorted(rules.coarse_place_types),
        "meters": rules.max_distance_km * 1000.0,
        "probe": list(probe),
    }


def find_candidates(
    tx: Tx,
    items: Sequence[tuple[str, EventSignature]],
    rules: MatchRules,
    probe: Sequence[str] = (),
    near: NearPlaces | None = None,
) -> Candidates:
    """Existing events each claim may join, found by place, type family and date window."""
    params = candidate_params(items, rules, probe, near)
    if not params["anyItems"] and not params["probe"]:
        return Candidates({}, {})
    query = candidates_query(rules.placeless_matches, near is not None)
    return Candidates.of(rows(tx, query, params)[0])
