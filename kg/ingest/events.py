"""Events from claims: resolve each new claim to a compatible Event or a new one, and keep
every Event's aggregates (roles, span, claim and source counts) equal to what its claims say.

Runs inside the caller's write transaction, so claims and their events change together. The
article loader and the dataset loader both call ``attach_claims`` with their own claim IRIs and
``EventSignature`` values; matching itself is the pure ``loaders.resolution.matching``. Statements
are built from the mapping's names; every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.ingest.signatures import Tx as Tx
from kg.ingest.signatures import find_candidates, to_date
from kg.ingest.signatures import rows as _rows
from loaders.graph.mapping import instance_iri, quoted
from loaders.resolution.matching import (
    EventSignature,
    MatchRules,
    SignatureContext,
    assign,
    best_span,
)

if TYPE_CHECKING:
    from kg.ingest.event_index import LoadIndex

log = logging.getLogger(__name__)

ROLE_RELS = (
    ("ATTACKER", "Actor"),
    ("TARGET", "Actor"),
    ("PARTICIPANT", "Actor"),
    ("OCCURRED_AT", "Place"),
    ("HAS_TYPE", "EventType"),
)


def _q(name: str) -> str:
    return quoted(name)


@dataclass(frozen=True)
class EventFacts:
    """An event's place ids, type ids and span after ``refresh_events`` recomputed them."""

    places: tuple[str, ...]
    types: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    precision: str = "unknown"


def _existing_support(tx: Tx, claims: list[str]) -> dict[str, str]:
    # The hint keeps the seek when the plan was first made on an empty graph, where scanning
    # the few claims looked cheaper and would then be reused for every later chunk.
    claim = _q("Claim")
    query = (
        f"UNWIND $claims AS iri MATCH (c:{claim} {{iri: iri}}) USING INDEX c:{claim}(iri)"
        f" MATCH (c)-[:{_q('SUPPORTS')}]->(e:{_q('Event')})"
        f" RETURN c.iri AS claim, min(e.iri) AS event"
    )
    return {r["claim"]: r["event"] for r in _rows(tx, query, {"claims": claims})}


def new_event_iri(base_iri: str, claim: str) -> str:
    """A new event's id is its first claim's id, so the same claims always make the same event."""
    return instance_iri(base_iri, "Event", claim.rsplit("/", 1)[-1])


def attach_claims(
    tx: Tx,
    items: Sequence[tuple[str, EventSignature]],
    rules: MatchRules,
    base_iri: str,
    index: LoadIndex | None = None,
) -> dict[str, str]:
    """Link each claim (already written, by IRI) to one Event with SUPPORTS and refresh the
    events it touched. Claims that already support an event keep it. Returns claim -> event.

    A new event's id is its first claim's id, so the same claims always make the same event.
    With a load's ``index``, candidates come from it (its rules then apply) and what the
    transaction did to events is staged there, for ``index.commit()`` once it has committed.
    """
    done = _existing_support(tx, [c for c, _ in items])
    todo = [(c, s) for c, s in items if c not in done]
    if index is not None:
        index.stage({})
    if not todo:
        return done
    if index is not None and not rules.placeless_matches:
        found = index.find(tx, todo)
    else:
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
    facts = refresh_events(tx, set(assigned.values()))
    if index is not None:
        index.stage(facts)
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
        f" [(e)-[:{_q('OCCURRED_AT')}]->(p:{_q('Place')}) | coalesce(p.name, p.id)] AS places,"
        f" [(e)-[:{_q('OCCURRED_AT')}]->(p:{_q('Place')}) | p.id] AS placeIds"
    )


def event_label(types: Iterable[str], places: Iterable[str], start: dt.date | None) -> str:
    """A short human label: 'air_strike at Hajin, Baghouz (2018-03-13)'."""
    names = sorted(places)
    where = f" at {', '.join(names[:3])}{' ...' if len(names) > 3 else ''}" if names else ""
    return f"{' / '.join(sorted(types)) or 'event'}{where} ({start or 'undated'})"


def refresh_events(tx: Tx, event_iris: Collection[str]) -> dict[str, EventFacts | None]:
    """Delete the given events that no claim supports any more, and recompute the others'
    roles (union of their claims' roles), span, precision, claim and source counts.

    Returns each given event's new facts, or None for the events deleted, so that a caller
    keeping events in memory (``loaders.resolution.event_index``) can follow."""
    events = sorted(event_iris)
    if not events:
        return {}
    facts: dict[str, EventFacts | None] = dict.fromkeys(events)
    orphans = (
        f"UNWIND $events AS iri MATCH (e:{_q('Event')} {{iri: iri}})"
        f" WHERE NOT EXISTS {{ (:{_q('Claim')})-[:{_q('SUPPORTS')}]->(e) }} DETACH DELETE e"
    )
    # One round trip: delete orphans, re-derive roles, then read what the aggregates need.
    query = f"CALL () {{ {orphans} }} CALL () {{ {_roles_query()} }} {_facts_query()}"
    updates = []
    for row in _rows(tx, query, {"events": events}):
        start, end, precision = best_span(
            (to_date(s), to_date(e), p or "unknown") for s, e, p in row["spans"]
        )
        facts[row["iri"]] = EventFacts(
            tuple(row["placeIds"]), tuple(row["types"]), start, end, precision
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
    return facts


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
