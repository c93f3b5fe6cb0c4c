"""The transaction that writes one article, and a writer that overlaps it with preparation.

A document transaction costs three round trips when the document is new: one read (the stored
state of the document and, in the same query, the signatures of the events its claims may
join), one write (the claim-centric statement of ``kg.ingest.article_cypher``: document, claims,
casualty figures, links, SUPPORTS and the events the document founds, with their roles and
aggregates), and the commit. Which events a claim may join comes from the load's
``EventResolver``: the read also brings the events of places it has not seen yet, and a
fourth round trip fetches signatures only when those add candidates. Events that existed
before and gained a claim are recomputed from all their claims by ``refresh_events``. A
document that was stored unchanged when the load started costs no transaction (the load reads
the state of all its documents in one query); one that became so since costs the read alone.
A changed one has its claims retracted first, then is written as a new one, in the same
transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from kg.errors import InputError
from kg.ingest.article_cypher import write_document_chunks
from kg.ingest.article_reads import (
    Search,
    WriteContext,
    check_identity,
    index_candidates,
    state_query,
    unchanged,
)
from kg.ingest.event_aggregates import event_label, refresh_events, retract_document_claims
from kg.ingest.writer import BackgroundWriter
from kg.store import GraphStore, QueryError, Tx
from kg.store import rows as query_rows
from loaders.articles.prepared import PreparedArticle
from loaders.claims import EventClaim
from loaders.graph.mapping import instance_iri
from loaders.resolution.event_index import EventFacts
from loaders.resolution.evidence import link_props
from loaders.resolution.signatures import best_span

log = logging.getLogger(__name__)


def _founded(
    claims: Sequence[tuple[str, EventClaim]], assigned: Mapping[str, str], new: set[str]
) -> dict[str, list[EventClaim]]:
    """New event -> the claims of this document that found it, in text order."""
    groups: dict[str, list[EventClaim]] = {}
    for iri, claim in claims:
        event = assigned.get(iri)
        if event in new:
            groups.setdefault(event, []).append(claim)
    return groups


def _facts(members: list[EventClaim]) -> EventFacts:
    """A new event's places, types and span, as ``refresh_events`` would compute them."""
    start, end, precision = best_span((c.date.start, c.date.end, c.date.precision) for c in members)
    places = tuple(sorted({p for c in members for p in c.places}))
    types = tuple(sorted({c.event_type for c in members}))
    return EventFacts(places, types, start, end, precision)


def new_event_rows(
    founded: Mapping[str, list[EventClaim]],
    facts: Mapping[str, EventFacts],
    base: str,
    names: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Rows of the events a document founds, with what ``refresh_events`` would compute from
    their claims: roles unioned, span of the most precise claims, counts and label."""
    rows = []
    for event, members in founded.items():
        fact = facts[event]
        types, places = list(fact.types), list(fact.places)
        props = {
            "id": event.rsplit("/", 1)[-1],
            "label": event_label(types, [names[p] for p in places if p in names], fact.start),
            "startDate": fact.start,
            "endDate": fact.end,
            "datePrecision": fact.precision,
            "claimCount": len(members),
            "sourceCount": len({c.according_to for c in members}),
        }
        rows.append({"iri": event, "props": props, **_roles(base, members, types, places)})
    return rows


def _roles(
    base: str, members: list[EventClaim], types: list[str], places: list[str]
) -> dict[str, list[str]]:
    def actors(ids: set[str]) -> list[str]:
        return [instance_iri(base, "Actor", a) for a in sorted(ids)]

    return {
        "types": [instance_iri(base, "EventType", t) for t in types],
        "attackers": actors({a for c in members for a in c.attackers}),
        "targets": actors({a for c in members for a in c.targets}),
        "participants": actors({a for c in members for a in c.participants}),
        "places": [instance_iri(base, "Place", p) for p in places],
    }


@dataclass(frozen=True)
class Written:
    """What a committed document transaction did to events: each event it founded, grew or
    deleted, with its new facts (None when deleted), for the load's ``EventIndex``."""

    events: dict[str, EventFacts | None]


def write_article(tx: Tx, prepared: PreparedArticle, wctx: WriteContext) -> Written | None:
    """The document transaction: skip when unchanged, else replace claims and resolve events.

    A document is unchanged when its text has the same sha256 and its claims came from the
    same extraction (method and version): a new extractor version re-reads old documents.
    Returns None when nothing was written. The resolver learns what the transaction did only
    once it has committed (``ArticleWriter``), since a failed one may be retried or abandoned;
    what retracting a changed document's claims did is learnt at once, so that the candidate
    search sees the events as the retraction left them.
    """
    resolver, base = wctx.resolver, wctx.base
    resolver.begin()
    search = Search.of(prepared, wctx)
    row = query_rows(tx, *state_query(prepared, search))[0]
    if unchanged(prepared, row):
        return None
    check_identity(prepared, row, wctx.replace)
    stale = resolver.lock_rows(row["locked"])
    resolver.add_loaded([*search.load, *stale], row["loaded"])
    events: dict[str, EventFacts | None] = {}
    if row["stored"]:
        events.update(refresh_events(tx, retract_document_claims(tx, prepared.doc_iri)))
        resolver.learn(events)
    if row["stored"] or resolver.rules.placeless_matches:
        found = resolver.find(tx, prepared.items, search.probe)
    else:
        found = index_candidates(tx, search, row, wctx, stale)
    result = resolver.assign(prepared.items, found)
    assigned = result.events
    existing = set(found.signatures) | found.existing
    new = set(assigned.values()) - existing
    founded = _founded(prepared.rows.events, assigned, new)
    facts = {event: _facts(members) for event, members in founded.items()}
    rows = new_event_rows(founded, facts, base, wctx.place_names)
    links = {claim: link_props(link) for claim, link in result.links.items()}
    claims = [
        {**r, "event": assigned.get(r["iri"]), "link": links.get(r["iri"], {})}
        for r in prepared.rows.claims
    ]
    for statement in write_document_chunks(
        prepared.doc, replace(prepared.rows, claims=claims), rows
    ):
        tx.run(*statement).consume()
    events.update(refresh_events(tx, set(assigned.values()) & existing))
    events.update(facts)
    return Written(events)


Outcome = bool | InputError
"""What writing one document did: True written, False unchanged, or why it was not written."""


class ArticleWriter(BackgroundWriter[Outcome]):
    """Writes documents one transaction at a time in the background writer, so that the
    caller extracts and prepares document N+1 while document N is written. ``done(outcome)``
    callbacks run in the caller's thread, in submission order.

    A document the server refuses (too large for a transaction, a constraint, a transient
    failure that outlived the retries) or whose id another file holds fails alone: its outcome
    is the error, nothing of it is written, and the next document goes on. Only a server that
    cannot be reached stops the load."""

    def __init__(self, store: GraphStore, wctx: WriteContext) -> None:
        super().__init__("kg-article-writer")
        self.store, self.wctx = store, wctx

    def _write(self, prepared: PreparedArticle) -> Outcome:
        if self.wctx.unchanged(prepared):
            return False
        try:
            written = self.store.write_tx(lambda tx: write_article(tx, prepared, self.wctx))
        except InputError as e:
            return e
        except QueryError as e:
            log.warning("document %s not written: %s", prepared.source_path, e)
            return InputError(prepared.source_path, f"not written: {e}")
        self.wctx.stored.pop(prepared.doc_iri, None)  # a second file with its id must compare
        if written is None:
            return False
        self.wctx.resolver.learn(written.events)
        self.wctx.resolver.committed()
        return True

    def submit_article(self, prepared: PreparedArticle, done: Callable[[Outcome], None]) -> None:
        """Wait for the document in flight, then start writing this one."""
        self.submit(partial(self._write, prepared), done)
