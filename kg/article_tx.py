"""The transaction that writes one article, and a writer that overlaps it with preparation.

A document transaction costs three round trips when the document is new: one read (the stored
state of the document and, in the same query, the events its claims may join), one write (the
claim-centric statement of ``kg.article_cypher``: document, claims, casualty figures, links,
SUPPORTS and the events the document founds, with their roles and aggregates), and the commit.
Events that existed before and gained a claim are recomputed from all their claims by
``refresh_events``. An unchanged document costs the read alone; a changed one has its claims
retracted first, then is written as a new one, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

from kg.article_cypher import write_document
from kg.candidates import (
    Candidates,
    Tx,
    candidate_params,
    candidates_query,
    find_candidates,
)
from kg.candidates import rows as query_rows
from kg.events import event_label, new_event_iri, refresh_events, retract_document_claims
from kg.mapping import instance_iri, quoted
from kg.store import GraphStore
from loaders.claims_batch import ClaimRows, KnownIds, claim_rows
from loaders.corroboration import EventSignature, MatchRules, SignatureContext, assign, best_span
from loaders.documents import Article, document_props
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
    place names for the labels of new events, and which places are near which."""

    rules: MatchRules
    base: str
    place_names: Mapping[str, str]
    near: NearPlaces

    @classmethod
    def read(
        cls, store: GraphStore, ctx: SignatureContext, rules: MatchRules, base: str
    ) -> WriteContext:
        return cls(rules, base, store.read_tx(read_place_names), NearPlaces(ctx.places, rules))


def read_place_names(tx: Tx) -> dict[str, str]:
    """Place id -> display name (as an event label shows it), read once per load."""
    query = f"MATCH (p:{quoted('Place')}) RETURN p.id AS id, coalesce(p.name, p.id) AS name"
    return {r["id"]: r["name"] for r in query_rows(tx, query, {})}


def _state_and_candidates(prepared: PreparedArticle, wctx: WriteContext) -> Any:
    """The stored state of the document and, unless it is unchanged, the candidates of its
    claims, in one query (re-loading an unchanged document costs no candidate search)."""
    doc, claim, ext = quoted("Document"), quoted("Claim"), quoted("Extraction")
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
    search = candidates_query(wctx.rules.placeless_matches, near=True, gate="search")
    query = (
        f"CALL () {{ {state} }} WITH *, {changed} AS search CALL (search) {{ {search} }}"
        f" RETURN stored, sha, extractions, pairs, sigs, existing"
    )
    params = candidate_params(prepared.items, wctx.rules, _probe(prepared, wctx.base), wctx.near)
    expected = sorted(_expected(prepared))
    return query, {**params, "doc": prepared.doc_iri, "sha": prepared.sha256, "expected": expected}


def _expected(prepared: PreparedArticle) -> set[str]:
    """The extractions an unchanged document's stored claims come from."""
    return {prepared.extraction_iri} if prepared.claims else set()


def _unchanged(prepared: PreparedArticle, row: dict[str, Any]) -> bool:
    return bool(row["stored"]) and (row["sha"], set(row["extractions"])) == (
        prepared.sha256,
        _expected(prepared),
    )


def _probe(prepared: PreparedArticle, base: str) -> list[str]:
    """The IRIs new events of these claims would take (an old one may still exist)."""
    return [new_event_iri(base, claim) for claim, _ in prepared.items]


def new_event_rows(
    claims: Sequence[tuple[str, EventClaim]],
    assigned: Mapping[str, str],
    new: set[str],
    base: str,
    names: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Rows of the events a document founds, with what ``refresh_events`` would compute from
    their claims: roles unioned, span of the most precise claims, counts and label."""
    groups: dict[str, list[EventClaim]] = {}
    for iri, claim in claims:
        event = assigned.get(iri)
        if event in new:
            groups.setdefault(event, []).append(claim)
    rows = []
    for event, members in groups.items():
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


def write_article(tx: Tx, prepared: PreparedArticle, wctx: WriteContext) -> bool:
    """The document transaction: skip when unchanged, else replace claims and resolve events.

    A document is unchanged when its text has the same sha256 and its claims came from the
    same extraction (method and version): a new extractor version re-reads old documents.
    Returns False when nothing was written.
    """
    rules, base = wctx.rules, wctx.base
    row = next(iter(tx.run(*_state_and_candidates(prepared, wctx)))).data()
    found = Candidates.of(row)
    if _unchanged(prepared, row):
        return False
    if row["stored"]:
        refresh_events(tx, retract_document_claims(tx, prepared.doc_iri))
        found = find_candidates(tx, prepared.items, rules, _probe(prepared, base), wctx.near)
    assigned, _ = assign(
        prepared.items,
        found.signatures,
        found.per_claim,
        lambda claim: new_event_iri(base, claim),
        rules,
    )
    existing = set(found.signatures) | found.existing
    new = set(assigned.values()) - existing
    events = new_event_rows(prepared.rows.events, assigned, new, base, wctx.place_names)
    claims = [{**r, "event": assigned.get(r["iri"])} for r in prepared.rows.claims]
    tx.run(*write_document(prepared.doc, replace(prepared.rows, claims=claims), events)).consume()
    refresh_events(tx, set(assigned.values()) & existing)
    return True


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
        return self.store.write_tx(lambda tx: write_article(tx, prepared, self.wctx))

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
