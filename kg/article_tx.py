"""The transaction that writes one article, and a writer that overlaps it with preparation.

A document transaction costs three round trips when the document is new: one read (the stored
state of the document and, in the same query, the signatures of the events its claims may
join), one write (the claim-centric statement of ``kg.article_cypher``: document, claims,
casualty figures, links, SUPPORTS and the events the document founds, with their roles and
aggregates), and the commit. Which events a claim may join comes from the load's
``EventIndex``: the read also brings the events of places the index has not seen yet, and a
fourth round trip fetches signatures only when those add candidates. Events that existed
before and gained a claim are recomputed from all their claims by ``refresh_events``. A
document that was stored unchanged when the load started costs no transaction (the load reads
the state of all its documents in one query); one that became so since costs the read alone.
A changed one has its claims retracted first, then is written as a new one, in the same
transaction, with its candidates searched in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any

from kg.article_cypher import write_document
from kg.candidates import (
    Candidates,
    Tx,
    find_candidates,
    parse_signatures,
    read_signatures,
    signatures_query,
    to_date,
)
from kg.candidates import rows as query_rows
from kg.events import (
    EventFacts,
    event_label,
    new_event_iri,
    refresh_events,
    retract_document_claims,
)
from kg.mapping import instance_iri, quoted
from kg.store import GraphStore
from loaders.claims_batch import ClaimRows, KnownIds, claim_rows
from loaders.corroboration import (
    EventSignature,
    MatchRules,
    SignatureContext,
    assign,
    best_span,
    date_window,
)
from loaders.documents import Article, document_props
from loaders.event_index import EventIndex, IndexedEvent
from loaders.extract.model import EventClaim, Extraction
from loaders.place_index import NearPlaces
from loaders.reference import ReferenceData


@dataclass(frozen=True)
class PreparedArticle:
    """Everything one document transaction writes, built before the transaction starts."""

    doc: dict[str, Any]
    """``iri``, ``props`` (``DOCUMENT_KEYS``) and ``publisher`` (a list of zero or one IRI)."""
    rows: ClaimRows
    items: list[tuple[str, EventSignature]]
    """(claim IRI, signature) of each event claim, in text order: what events resolve."""

    @property
    def doc_iri(self) -> str:
        return str(self.doc["iri"])

    @property
    def sha256(self) -> str:
        return str(self.doc["props"]["sha256"])

    @property
    def claims(self) -> int:
        return len(self.rows.claims) + len(self.rows.control)

    @property
    def extraction_iri(self) -> str:
        return str(self.rows.extraction["iri"])


def prepare_article(
    article: Article,
    extraction: Extraction,
    ref: ReferenceData | KnownIds,
    ctx: SignatureContext,
    base: str,
    publisher: str | None,
) -> PreparedArticle:
    """Document and claim rows and the event signatures of the claims (pure)."""
    rows = claim_rows(article, extraction, ref, base)
    doc = {
        "iri": instance_iri(base, "Document", article.doc_id),
        "props": document_props(article),
        "publisher": [publisher] if publisher else [],
    }
    items = [
        (
            iri,
            ctx.signature(
                c.event_type, c.attackers, c.targets, c.places, c.date.start, c.date.end,
                c.date.precision,
            ),
        )
        for iri, c in rows.events
    ]  # fmt: skip
    return PreparedArticle(doc, rows, items)


@dataclass(frozen=True)
class WriteContext:
    """What every document transaction of one load shares: the matching rules, the base IRI,
    place names for the labels of new events, which places are near which, the hierarchies that
    give event types their families, the events of the places seen so far, and the stored state
    of the load's documents as it was when the load started."""

    rules: MatchRules
    base: str
    place_names: Mapping[str, str]
    near: NearPlaces
    ctx: SignatureContext
    events: EventIndex = field(default_factory=EventIndex)
    stored: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    """Document IRI -> (sha256, extraction IRIs of its claims), for documents already stored."""

    @classmethod
    def read(
        cls,
        store: GraphStore,
        ctx: SignatureContext,
        rules: MatchRules,
        base: str,
        documents: Sequence[str] = (),
    ) -> WriteContext:
        """Read what a load needs once; ``documents`` are the IRIs it is about to write."""
        names = store.read_tx(read_place_names)
        stored = store.read_tx(lambda tx: read_document_states(tx, documents)) if documents else {}
        return cls(rules, base, names, NearPlaces(ctx.places, rules), ctx, stored=stored)

    def unchanged(self, prepared: PreparedArticle) -> bool:
        """Whether the document was stored, unchanged, when the load started: re-loading it
        costs no transaction (the test of ``_unchanged``)."""
        state = self.stored.get(prepared.doc_iri)
        return state is not None and state == (prepared.sha256, _expected(prepared))

    def indexed(self, iri: str, facts: EventFacts) -> IndexedEvent:
        """An event as the index keeps it: its families derived from its types, and its span
        widened by its precision's tolerance, as ``dates_compatible`` compares it."""
        families = frozenset(f for t in facts.types for f in self.ctx.families(t))
        span = EventSignature("", families, start=facts.start, end=facts.end)
        window = date_window(replace(span, precision=facts.precision), self.rules)
        lo, hi = window if window is not None else (None, None)
        return IndexedEvent(iri, facts.places, lo, hi, families)


def read_document_states(tx: Tx, iris: Sequence[str]) -> dict[str, tuple[str, frozenset[str]]]:
    """The sha256 and claim extractions of those of the given documents that are stored."""
    doc, claim, ext = quoted("Document"), quoted("Claim"), quoted("Extraction")
    query = (
        f"UNWIND $iris AS iri MATCH (d:{doc} {{iri: iri}})"
        f" RETURN iri, d.sha256 AS sha,"
        f" COLLECT {{ MATCH (d)<-[:{quoted('DERIVED_FROM')}]-(:{claim})"
        f"-[:{quoted('GENERATED_BY')}]->(x:{ext}) RETURN DISTINCT x.iri }} AS extractions"
    )
    found = query_rows(tx, query, {"iris": list(iris)})
    return {r["iri"]: (r["sha"], frozenset(r["extractions"])) for r in found}


def read_place_names(tx: Tx) -> dict[str, str]:
    """Place id -> display name (as an event label shows it), read once per load."""
    query = f"MATCH (p:{quoted('Place')}) RETURN p.id AS id, coalesce(p.name, p.id) AS name"
    return {r["id"]: r["name"] for r in query_rows(tx, query, {})}


def _state_query(prepared: PreparedArticle, search: Search) -> tuple[str, dict[str, Any]]:
    """The stored state of the document and, unless it is unchanged, the events of the places
    the index lacks and the signatures of the candidates it already proposes, in one query
    (re-loading an unchanged document reads nothing else)."""
    doc, claim, ext = quoted("Document"), quoted("Claim"), quoted("Extraction")
    event, place, etype = quoted("Event"), quoted("Place"), quoted("EventType")
    at = quoted("OCCURRED_AT")
    state = (
        f"OPTIONAL MATCH (d:{doc} {{iri: $doc}})"
        f" RETURN d IS NOT NULL AS stored, d.sha256 AS sha,"
        f" COLLECT {{ MATCH (d)<-[:{quoted('DERIVED_FROM')}]-(:{claim})"
        f"-[:{quoted('GENERATED_BY')}]->(x:{ext}) RETURN DISTINCT x.iri }} AS extractions"
    )
    # The same test as ``_unchanged``: the extractions are distinct, $expected has at most one.
    changed = (
        "NOT (stored AND sha = $sha AND size(extractions) = size($expected)"
        " AND all(x IN extractions WHERE x IN $expected))"
    )
    load = (
        f"UNWIND (CASE WHEN search THEN $load ELSE [] END) AS pid"
        f" MATCH (:{place} {{id: pid}})<-[:{at}]-(e:{event}) WITH DISTINCT e"
        f" RETURN collect({{iri: e.iri, start: toString(e.startDate), end: toString(e.endDate),"
        f" precision: e.datePrecision,"
        f" places: [(e)-[:{at}]->(p:{place}) | p.id],"
        f" types: [(e)-[:{quoted('HAS_TYPE')}]->(t:{etype}) | t.id]}}) AS loaded"
    )
    sigs = signatures_query("(CASE WHEN search THEN $found ELSE [] END)")
    query = (
        f"CALL () {{ {state} }} WITH *, {changed} AS search"
        f" CALL (search) {{ {load} }} CALL (search) {{ {sigs} }}"
        f" RETURN stored, sha, extractions, loaded, sigs,"
        f" [iri IN (CASE WHEN search THEN $probe ELSE [] END)"
        f" WHERE EXISTS {{ MATCH (:{event} {{iri: iri}}) }}] AS existing"
    )
    params = {
        "doc": prepared.doc_iri,
        "sha": prepared.sha256,
        "expected": sorted(_expected(prepared)),
        "load": search.load,
        "found": sorted(set().union(*search.before.values())),
        "probe": search.probe,
    }
    return query, params


@dataclass
class Search:
    """The candidate search of one document against the load's ``EventIndex``."""

    items: list[tuple[str, list[str], dt.date | None, dt.date | None, frozenset[str]]]
    """(claim, near places, window start, window end, families) of each claim with a place
    and, unless undated claims may match, a date window."""
    index: EventIndex
    probe: list[str]
    load: list[str]
    """Places near the claims whose events the index has not read yet."""
    before: dict[str, set[str]] = field(default_factory=dict)
    """What the index proposed before reading those places."""

    @classmethod
    def of(cls, prepared: PreparedArticle, wctx: WriteContext) -> Search:
        probe = _probe(prepared, wctx.base)
        items = []
        for claim, sig in prepared.items:
            window = date_window(sig, wctx.rules)
            if sig.places and (window is not None or wctx.rules.undated_matches):
                lo, hi = window if window is not None else (None, None)
                near = wctx.near.around(p.id for p in sig.places)
                items.append((claim, near, lo, hi, sig.families))
        load = wctx.events.missing(q for it in items for q in it[1])
        search = cls(items, wctx.events, probe, load)
        search.before = search.proposed()
        return search

    def proposed(self) -> dict[str, set[str]]:
        """Claim -> the events the index proposes for it."""
        out: dict[str, set[str]] = {}
        for claim, near, lo, hi, families in self.items:
            found = self.index.candidates(near, lo, hi, families)
            if found:
                out[claim] = found
        return out


def _index_candidates(
    tx: Tx, search: Search, row: dict[str, Any], wctx: WriteContext
) -> Candidates:
    """Candidates from the index, once it holds the places the state query read; signatures
    of candidates those places added are read in one more query."""
    loaded = [
        wctx.indexed(r["iri"], EventFacts(tuple(r["places"]), tuple(r["types"]),
                     to_date(r["start"]), to_date(r["end"]), r["precision"] or "unknown"))
        for r in row["loaded"]
    ]  # fmt: skip
    wctx.events.add_loaded(search.load, loaded)
    per_claim = search.proposed() if search.load else search.before
    sigs = parse_signatures(row["sigs"])
    wanted = set().union(*per_claim.values())
    more = sorted(wanted - sigs.keys())
    if more:
        sigs.update(read_signatures(tx, more))
    for gone in wanted - sigs.keys():
        wctx.events.remove(gone)  # deleted since the index read it
    return Candidates(sigs, per_claim, frozenset(row["existing"]))


def _expected(prepared: PreparedArticle) -> frozenset[str]:
    """The extractions an unchanged document's stored claims come from."""
    return frozenset({prepared.extraction_iri} if prepared.claims else ())


def _unchanged(prepared: PreparedArticle, row: dict[str, Any]) -> bool:
    return bool(row["stored"]) and (row["sha"], frozenset(row["extractions"])) == (
        prepared.sha256,
        _expected(prepared),
    )


def _probe(prepared: PreparedArticle, base: str) -> list[str]:
    """The IRIs new events of these claims would take (an old one may still exist)."""
    return [new_event_iri(base, claim) for claim, _ in prepared.items]


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
    claims: Sequence[tuple[str, EventClaim]],
    assigned: Mapping[str, str],
    new: set[str],
    base: str,
    names: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Rows of the events a document founds, with what ``refresh_events`` would compute from
    their claims: roles unioned, span of the most precise claims, counts and label."""
    rows = []
    for event, members in _founded(claims, assigned, new).items():
        types = sorted({c.event_type for c in members})
        places = sorted({p for c in members for p in c.places})
        start, end, precision = best_span(
            (c.date.start, c.date.end, c.date.precision) for c in members
        )
        props = {
            "id": event.rsplit("/", 1)[-1],
            "label": event_label(types, [names[p] for p in places if p in names], start),
            "startDate": start,
            "endDate": end,
            "datePrecision": precision,
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
    Returns None when nothing was written. The index learns what the transaction did only
    once it has committed (``ArticleWriter``), since a failed one may be retried or abandoned.
    """
    rules, base = wctx.rules, wctx.base
    search = Search.of(prepared, wctx)
    row = query_rows(tx, *_state_query(prepared, search))[0]
    if _unchanged(prepared, row):
        return None
    events: dict[str, EventFacts | None] = {}
    if row["stored"] or rules.placeless_matches:
        if row["stored"]:
            events.update(refresh_events(tx, retract_document_claims(tx, prepared.doc_iri)))
        found = find_candidates(tx, prepared.items, rules, search.probe, wctx.near)
    else:
        found = _index_candidates(tx, search, row, wctx)
    assigned, _ = assign(
        prepared.items,
        found.signatures,
        found.per_claim,
        lambda claim: new_event_iri(base, claim),
        rules,
    )
    existing = set(found.signatures) | found.existing
    new = set(assigned.values()) - existing
    rows = new_event_rows(prepared.rows.events, assigned, new, base, wctx.place_names)
    claims = [{**r, "event": assigned.get(r["iri"])} for r in prepared.rows.claims]
    tx.run(*write_document(prepared.doc, replace(prepared.rows, claims=claims), rows)).consume()
    events.update(refresh_events(tx, set(assigned.values()) & existing))
    founded = _founded(prepared.rows.events, assigned, new)
    events.update({iri: _facts(members) for iri, members in founded.items()})
    return Written(events)


Done = Callable[[bool], None]


class ArticleWriter:
    """Writes documents one transaction at a time in a background thread, so that the caller
    extracts and prepares document N+1 while document N is written (at most one in flight).
    ``done(written)`` callbacks run in the caller's thread, in submission order."""

    def __init__(self, store: GraphStore, wctx: WriteContext) -> None:
        self.store, self.wctx = store, wctx
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-article-writer")
        self._pending: tuple[Future[bool], Done] | None = None

    def _write(self, prepared: PreparedArticle) -> bool:
        if self.wctx.unchanged(prepared):
            return False
        written = self.store.write_tx(lambda tx: write_article(tx, prepared, self.wctx))
        self.wctx.stored.pop(prepared.doc_iri, None)  # a second file with its id must compare
        if written is None:
            return False
        for iri, facts in written.events.items():
            if facts is None:
                self.wctx.events.remove(iri)
            else:
                self.wctx.events.put(self.wctx.indexed(iri, facts))
        return True

    def submit(self, prepared: PreparedArticle, done: Done) -> None:
        """Wait for the document in flight, then start writing this one."""
        self.wait()
        self._pending = (self._pool.submit(self._write, prepared), done)

    def wait(self) -> None:
        """Finish the document in flight (its errors are raised here) and report it."""
        if self._pending is None:
            return
        future, done = self._pending
        self._pending = None
        done(future.result())

    def __enter__(self) -> ArticleWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.wait()
        finally:
            self._pool.shutdown(wait=True)
