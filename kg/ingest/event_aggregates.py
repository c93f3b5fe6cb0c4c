"""Events in the store: retract a document's claims, and keep every Event's aggregates (roles,
span, claim and source counts) equal to what its claims say.

Runs inside the caller's write transaction, so claims and their events change together. Which
event a claim joins is decided by ``kg.ingest.resolver``; these are the statements it and the
article writer share. Statements are built from the mapping's names; every value is a parameter.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterable

from kg.store import Tx, to_date
from kg.store import rows as _rows
from loaders.graph.mapping import instance_iri, quoted
from loaders.resolution.event_index import EventFacts
from loaders.resolution.rules import OPEN_MEANS_MARK
from loaders.resolution.signatures import SignatureContext, best_span

log = logging.getLogger(__name__)

ROLE_RELS = (
    ("ATTACKER", "Actor"),
    ("TARGET", "Actor"),
    ("PARTICIPANT", "Actor"),
    ("OCCURRED_AT", "Place"),
    ("HAS_TYPE", "EventType"),
)


def open_means(var: str) -> str:
    """An expression: every claim supporting the event ``var`` is open as to its means."""
    rules = f"[({var})<-[:{quoted('SUPPORTS')}]-(c:{quoted('Claim')}) | coalesce(c.rule, '')]"
    return f"(size({rules}) > 0 AND all(r IN {rules} WHERE r CONTAINS '{OPEN_MEANS_MARK}'))"


def new_event_iri(base_iri: str, claim: str) -> str:
    """A new event's id is its first claim's id, so the same claims always make the same event."""
    return instance_iri(base_iri, "Event", claim.rsplit("/", 1)[-1])


def retract_document_claims(tx: Tx, doc_iri: str) -> set[str]:
    """Delete the claims read from a document and their casualty figures; return the events
    they supported, which the caller must refresh (see ``refresh_events``)."""
    claim, fig = quoted("Claim"), quoted("CasualtyFigure")
    query = (
        f"MATCH (:{quoted('Document')} {{iri: $doc}})<-[:{quoted('DERIVED_FROM')}]-(c:{claim})"
        f" OPTIONAL MATCH (c)-[:{quoted('SUPPORTS')}]->(e:{quoted('Event')})"
        f" OPTIONAL MATCH (c)-[:{quoted('REPORTS')}]->(f:{fig})"
        f" WITH collect(DISTINCT e.iri) AS events, collect(DISTINCT c) AS claims,"
        f" collect(DISTINCT f) AS figures"
        f" FOREACH (x IN figures | DETACH DELETE x)"
        f" FOREACH (x IN claims | DETACH DELETE x)"
        f" RETURN events"
    )
    rows = _rows(tx, query, {"doc": doc_iri})
    return set(rows[0]["events"]) if rows else set()


def _roles_query() -> str:
    parts = [f"UNWIND $events AS iri MATCH (e:{quoted('Event')} {{iri: iri}})"]
    sup, claim = quoted("SUPPORTS"), quoted("Claim")
    for rel, label in ROLE_RELS:
        r, x = quoted(rel), quoted(label)
        parts.append(
            f" CALL (e) {{ MATCH (e)-[old:{r}]->(x:{x})"
            f" WHERE NOT EXISTS {{ (e)<-[:{sup}]-(:{claim})-[:{r}]->(x) }} DELETE old }}"
            f" CALL (e) {{ MATCH (e)<-[:{sup}]-(:{claim})-[:{r}]->(x:{x})"
            f" WITH DISTINCT x MERGE (e)-[:{r}]->(x) }}"
        )
    return "".join(parts)


def _facts_query() -> str:
    sup, claim, src = quoted("SUPPORTS"), quoted("Claim"), quoted("Source")
    at, place = quoted("OCCURRED_AT"), quoted("Place")
    return (
        f"UNWIND $events AS iri MATCH (e:{quoted('Event')} {{iri: iri}})<-[:{sup}]-(c:{claim})"
        f" OPTIONAL MATCH (c)-[:{quoted('ATTRIBUTED_TO')}]->(s:{src})"
        f" WITH e, collect(DISTINCT c) AS claims, count(DISTINCT s) AS sources"
        f" RETURN e.iri AS iri, size(claims) AS claimCount, sources AS sourceCount,"
        f" [c IN claims | [c.startDate, c.endDate, c.datePrecision]] AS spans,"
        f" [(e)-[:{quoted('HAS_TYPE')}]->(t:{quoted('EventType')}) | t.id] AS types,"
        f" [(e)-[:{at}]->(p:{place}) | coalesce(p.name, p.id)] AS places,"
        f" [(e)-[:{at}]->(p:{place}) | p.id] AS placeIds, {open_means('e')} AS open"
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
        f"UNWIND $events AS iri MATCH (e:{quoted('Event')} {{iri: iri}})"
        f" WHERE NOT EXISTS {{ (:{quoted('Claim')})-[:{quoted('SUPPORTS')}]->(e) }} DETACH DELETE e"
    )
    # One round trip: delete orphans, re-derive roles, then read what the aggregates need.
    query = f"CALL () {{ {orphans} }} CALL () {{ {_roles_query()} }} {_facts_query()}"
    updates = []
    for row in _rows(tx, query, {"events": events}):
        start, end, precision = best_span(
            (to_date(s), to_date(e), p or "unknown") for s, e, p in row["spans"]
        )
        facts[row["iri"]] = EventFacts(
            tuple(row["placeIds"]), tuple(row["types"]), start, end, precision, row["open"]
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
    write = f"UNWIND $rows AS row MATCH (e:{quoted('Event')} {{iri: row.iri}}) SET e += row.props"
    _rows(tx, write, {"rows": updates})
    return facts


def read_context(tx: Tx) -> SignatureContext:
    """Actor and place hierarchies, coordinates and event type families, as the graph has them,
    so that signatures use the same hierarchy as the candidate queries."""
    actor, place, etype, part = (
        quoted("Actor"),
        quoted("Place"),
        quoted("EventType"),
        quoted("PART_OF"),
    )
    actors = _rows(
        tx,
        f"MATCH (a:{actor}) OPTIONAL MATCH (a)-[:{part}]->(p:{actor})"
        f" RETURN a.id AS id, a.side AS side, collect(p.id) AS parents",
        {},
    )
    places = _rows(
        tx,
        f"MATCH (p:{place}) OPTIONAL MATCH (p)-[:{part}]->(q:{place})"
        f" RETURN p.id AS id, p.lat AS lat, p.lon AS lon, p.placeType AS type,"
        f" min(q.id) AS parent, [(p)-[:{quoted('NEAR')}]->(k:{place}) | k.id][0] AS near",
        {},
    )
    types = _rows(
        tx,
        f"MATCH (t:{etype}) OPTIONAL MATCH (t)-[:{quoted('BROADER')}]->(b:{etype})"
        f" RETURN t.id AS id, collect(b.id) AS broader",
        {},
    )
    return SignatureContext.build(
        {r["id"]: r["parents"] for r in actors},
        [(r["id"], r["lat"], r["lon"], r["type"], r["parent"]) for r in places],
        {r["id"]: r["broader"] for r in types},
        {r["id"]: r["side"] for r in actors if r["side"]},
        {r["id"]: r["near"] for r in places if r["near"]},
    )
