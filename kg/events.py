"""Events from claims: resolve each new claim to a compatible Event or a new one, and keep
every Event's aggregates (roles, span, claim and source counts) equal to what its claims say.

Runs inside the caller's write transaction, so claims and their events change together. The
article loader and the dataset loader both call ``attach_claims`` with their own claim IRIs and
``EventSignature`` values; matching itself is the pure ``loaders.corroboration``. Statements are
built from the mapping's names; every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kg.mapping import instance_iri, quoted
from loaders.corroboration import (
    ActorRef,
    EventSignature,
    MatchRules,
    PlaceRef,
    SignatureContext,
    assign,
    best_span,
    date_window,
)
from loaders.place_index import NearPlaces

log = logging.getLogger(__name__)

ROLE_RELS = (
    ("ATTACKER", "Actor"),
    ("TARGET", "Actor"),
    ("PARTICIPANT", "Actor"),
    ("OCCURRED_AT", "Place"),
    ("HAS_TYPE", "EventType"),
)
MAX_HIERARCHY_DEPTH = 8


class Tx(Protocol):
    """The part of a driver transaction used here (the driver is imported only by kg.store)."""

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any: ...


def _rows(tx: Tx, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(query, params)]


def _q(name: str) -> str:
    return quoted(name)


def _existing_support(tx: Tx, claims: list[str]) -> dict[str, str]:
    query = (
        f"UNWIND $claims AS iri MATCH (c:{_q('Claim')} {{iri: iri}})-[:{_q('SUPPORTS')}]->"
        f"(e:{_q('Event')}) RETURN c.iri AS claim, min(e.iri) AS event"
    )
    return {r["claim"]: r["event"] for r in _rows(tx, query, {"claims": claims})}


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
        f"{{iri: {e}.iri, start: {e}.startDate, end: {e}.endDate,"
        f" precision: {e}.datePrecision,"
        f" types: [({e})-[:{_q('HAS_TYPE')}]->(t:{_q('EventType')}) | t.id],"
        f" families: [({e})-[:{_q('HAS_TYPE')}]->(:{_q('EventType')})"
        f"-[:{_q('BROADER')}*0..{depth}]->(r:{_q('EventType')})"
        f" WHERE NOT (r)-[:{_q('BROADER')}]->() | r.id],"
        f" attackers: {actors('ATTACKER')}, targets: {actors('TARGET')},"
        f" places: [({e})-[:{_q('OCCURRED_AT')}]->(p:{place}) | {{id: p.id, lat: p.lat,"
        f" lon: p.lon, type: p.placeType, up: [(p)-[:{part}*1..{depth}]->(q:{place}) | q.id]}}]}}"
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
        f" CALL (found) {{ UNWIND found AS iri MATCH (e:{_q('Event')} {{iri: iri}})"
        f" RETURN collect({_signature_map('e')}) AS sigs }}"
        f" RETURN pairs, sigs,"
        f" [iri IN $probe WHERE EXISTS {{ MATCH (:{_q('Event')} {{iri: iri}}) }}] AS existing"
    )


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
        sigs = {s["iri"]: _signature(s) for s in row["sigs"]}
        return cls(sigs, per_claim, frozenset(row["existing"]))


def _to_date(value: Any) -> dt.date | None:
    """A driver date (``neo4j.time.Date``) or Python date as a Python date."""
    if value is None or isinstance(value, dt.date):
        return value
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
        start=_to_date(row["start"]),
        end=_to_date(row["end"]),
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
    return Candidates.of(_rows(tx, query, params)[0])


def new_event_iri(base_iri: str, claim: str) -> str:
    """A new event's id is its first claim's id, so the same claims always make the same event."""
    return instance_iri(base_iri, "Event", claim.rsplit("/", 1)[-1])


def attach_claims(
    tx: Tx,
    items: Sequence[tuple[str, EventSignature]],
    rules: MatchRules,
    base_iri: str,
) -> dict[str, str]:
    """Link each claim (already written, by IRI) to one Event with SUPPORTS and refresh the
    events it touched. Claims that already support an event keep it. Returns claim -> event.

    A new event's id is its first claim's id, so the same claims always make the same event.
    """
    done = _existing_support(tx, [c for c, _ in items])
    todo = [(c, s) for c, s in items if c not in done]
    if not todo:
        return done
    found = find_candidates(tx, todo, rules)

    def new_event(claim: str) -> str:
        return new_event_iri(base_iri, claim)

    assigned, _ = assign(todo, found.signatures, found.per_claim, new_event, rules)
    query = (
        f"UNWIND $rows AS row MATCH (c:{_q('Claim')} {{iri: row.claim}})"
        f" MERGE (e:{_q('Event')} {{iri: row.event}})"
        f" ON CREATE SET e.id = row.id, e.datePrecision = 'unknown'"
        f" MERGE (c)-[:{_q('SUPPORTS')}]->(e)"
    )
    rows = [{"claim": c, "event": e, "id": e.rsplit("/", 1)[-1]} for c, e in assigned.items()]
    _rows(tx, query, {"rows": rows})
    refresh_events(tx, set(assigned.values()))
    return {**done, **assigned}


def retract_document_claims(tx: Tx, doc_iri: str) -> set[str]:
    """Delete the claims read from a document and their casualty figures; return the events
    they supported, which the caller must refresh (see ``refresh_events``)."""
    claim, fig = _q("Claim"), _q("CasualtyFigure")
    query = (
        f"MATCH (:{_q('Document')} {{iri: $doc}})<-[:{_q('DERIVED_FROM')}]-(c:{claim})"
        f" OPTIONAL MATCH (c)-[:{_q('SUPPORTS')}]->(e:{_q('Event')})"
        f" OPTIONAL MATCH (c)-[:{_q('REPORTS')}]->(f:{fig})"
        f" WITH collect(DISTINCT e.iri) AS events, collect(DISTINCT c) AS claims,"
        f" collect(DISTINCT f) AS figures"
        f" FOREACH (x IN figures | DETACH DELETE x)"
        f" FOREACH (x IN claims | DETACH DELETE x)"
        f" RETURN events"
    )
    rows = _rows(tx, query, {"doc": doc_iri})
    return set(rows[0]["events"]) if rows else set()


def _roles_query() -> str:
    parts = [f"UNWIND $events AS iri MATCH (e:{_q('Event')} {{iri: iri}})"]
    sup, claim = _q("SUPPORTS"), _q("Claim")
    for rel, label in ROLE_RELS:
        r, x = _q(rel), _q(label)
        parts.append(
            f" CALL (e) {{ MATCH (e)-[old:{r}]->(x:{x})"
            f" WHERE NOT EXISTS {{ (e)<-[:{sup}]-(:{claim})-[:{r}]->(x) }} DELETE old }}"
            f" CALL (e) {{ MATCH (e)<-[:{sup}]-(:{claim})-[:{r}]->(x:{x})"
            f" WITH DISTINCT x MERGE (e)-[:{r}]->(x) }}"
        )
    return "".join(parts)


def _facts_query() -> str:
    sup, claim, src = _q("SUPPORTS"), _q("Claim"), _q("Source")
    return (
        f"UNWIND $events AS iri MATCH (e:{_q('Event')} {{iri: iri}})<-[:{sup}]-(c:{claim})"
        f" OPTIONAL MATCH (c)-[:{_q('ATTRIBUTED_TO')}]->(s:{src})"
        f" WITH e, collect(DISTINCT c) AS claims, count(DISTINCT s) AS sources"
        f" RETURN e.iri AS iri, size(claims) AS claimCount, sources AS sourceCount,"
        f" [c IN claims | [c.startDate, c.endDate, c.datePrecision]] AS spans,"
        f" [(e)-[:{_q('HAS_TYPE')}]->(t:{_q('EventType')}) | t.id] AS types,"
        f" [(e)-[:{_q('OCCURRED_AT')}]->(p:{_q('Place')}) | coalesce(p.name, p.id)] AS places"
    )


def event_label(types: Iterable[str], places: Iterable[str], start: dt.date | None) -> str:
    """A short human label: 'air_strike at Hajin, Baghouz (2018-03-13)'."""
    names = sorted(places)
    where = f" at {', '.join(names[:3])}{' ...' if len(names) > 3 else ''}" if names else ""
    return f"{' / '.join(sorted(types)) or 'event'}{where} ({start or 'undated'})"


def refresh_events(tx: Tx, event_iris: Collection[str]) -> None:
    """Delete the given events that no claim supports any more, and recompute the others'
    roles (union of their claims' roles), span, precision, claim and source counts."""
    events = sorted(event_iris)
    if not events:
        return
    orphans = (
        f"UNWIND $events AS iri MATCH (e:{_q('Event')} {{iri: iri}})"
        f" WHERE NOT EXISTS {{ (:{_q('Claim')})-[:{_q('SUPPORTS')}]->(e) }} DETACH DELETE e"
    )
    # One round trip: delete orphans, re-derive roles, then read what the aggregates need.
    query = f"CALL () {{ {orphans} }} CALL () {{ {_roles_query()} }} {_facts_query()}"
    updates = []
    for row in _rows(tx, query, {"events": events}):
        start, end, precision = best_span(
            (_to_date(s), _to_date(e), p or "unknown") for s, e, p in row["spans"]
        )
        updates.append(
            {
                "iri": row["iri"],
                "props": {
                    "claimCount": row["claimCount"],
                    "sourceCount": row["sourceCount"],
                    "startDate": start,
                    "endDate": end,
                    "datePrecision": precision,
                    "label": event_label(row["types"], row["places"], start),
                },
            }
        )
    write = f"UNWIND $rows AS row MATCH (e:{_q('Event')} {{iri: row.iri}}) SET e += row.props"
    _rows(tx, write, {"rows": updates})


def read_context(tx: Tx) -> SignatureContext:
    """Actor and place hierarchies, coordinates and event type families, as the graph has them,
    so that signatures use the same hierarchy as the candidate queries."""
    actor, place, etype, part = _q("Actor"), _q("Place"), _q("EventType"), _q("PART_OF")
    actors = _rows(
        tx,
        f"MATCH (a:{actor}) OPTIONAL MATCH (a)-[:{part}]->(p:{actor})"
        f" RETURN a.id AS id, collect(p.id) AS parents",
        {},
    )
    places = _rows(
        tx,
        f"MATCH (p:{place}) OPTIONAL MATCH (p)-[:{part}]->(q:{place})"
        f" RETURN p.id AS id, p.lat AS lat, p.lon AS lon, p.placeType AS type,"
        f" min(q.id) AS parent",
        {},
    )
    types = _rows(
        tx,
        f"MATCH (t:{etype}) OPTIONAL MATCH (t)-[:{_q('BROADER')}]->(b:{etype})"
        f" RETURN t.id AS id, collect(b.id) AS broader",
        {},
    )
    return SignatureContext.build(
        {r["id"]: r["parents"] for r in actors},
        [(r["id"], r["lat"], r["lon"], r["type"], r["parent"]) for r in places],
        {r["id"]: r["broader"] for r in types},
    )
