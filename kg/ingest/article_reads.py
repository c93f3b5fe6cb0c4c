"""What an article load reads from the store: once per load (place names, the stored state of
its documents) and in each document transaction (the document's state, and the events its
claims may join, proposed by the load's ``EventIndex`` and confirmed by their stored
signatures). Statements are built from the mapping's names; every value is a parameter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.errors import InputError
from kg.ingest.resolver import EventResolver, Item, loaded_events_query, lock_query
from kg.ingest.signatures import Candidates, parse_signatures, signatures_query
from kg.store import GraphStore, Tx
from kg.store import rows as query_rows
from loaders.articles.prepared import PreparedArticle
from loaders.graph.mapping import quoted
from loaders.resolution.rules import MatchRules
from loaders.resolution.signatures import SignatureContext


@dataclass(frozen=True)
class WriteContext:
    """What every document transaction of one load shares: place names for the labels of new
    events, the load's event resolver (with the base IRI, the matching rules and the places
    near each place), and the stored state of the load's documents as it was when the load
    started."""

    place_names: Mapping[str, str]
    resolver: EventResolver
    stored: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    """Document IRI -> (sha256, extraction IRIs of its claims), for documents already stored."""
    replace: bool = False
    """Let a file overwrite a stored document of the same id read from another file."""

    @property
    def base(self) -> str:
        return self.resolver.base

    @classmethod
    def read(
        cls,
        store: GraphStore,
        ctx: SignatureContext,
        rules: MatchRules,
        base: str,
        documents: Sequence[str] = (),
        replace: bool = False,
    ) -> WriteContext:
        """Read what a load needs once; ``documents`` are the IRIs it is about to write."""
        names = store.read_tx(read_place_names)
        stored = store.read_tx(lambda tx: read_document_states(tx, documents)) if documents else {}
        return cls(names, EventResolver.of(ctx, rules, base), stored=stored, replace=replace)

    def unchanged(self, prepared: PreparedArticle) -> bool:
        """Whether the document was stored, unchanged, when the load started: re-loading it
        costs no transaction (the test of ``unchanged``)."""
        state = self.stored.get(prepared.doc_iri)
        return state is not None and prepared.stored_as(*state)


def _stored_state(doc: str) -> str:
    """The RETURN items ``sha`` and ``extractions`` (the distinct extractions of its claims) of
    the stored document ``doc``: what ``PreparedArticle.stored_as`` compares."""
    claim, ext = quoted("Claim"), quoted("Extraction")
    return (
        f"{doc}.sha256 AS sha, {doc}.sourcePath AS path, {doc}.fileName AS fileName,"
        f" COLLECT {{ MATCH ({doc})<-[:{quoted('DERIVED_FROM')}]-(:{claim})"
        f"-[:{quoted('GENERATED_BY')}]->(x:{ext}) RETURN DISTINCT x.iri }} AS extractions"
    )


def read_document_states(tx: Tx, iris: Sequence[str]) -> dict[str, tuple[str, frozenset[str]]]:
    """The sha256 and claim extractions of those of the given documents that are stored."""
    query = (
        f"UNWIND $iris AS iri MATCH (d:{quoted('Document')} {{iri: iri}})"
        f" RETURN iri, {_stored_state('d')}"
    )
    found = query_rows(tx, query, {"iris": list(iris)})
    return {r["iri"]: (r["sha"], frozenset(r["extractions"])) for r in found}


def read_place_names(tx: Tx) -> dict[str, str]:
    """Place id -> display name (as an event label shows it), read once per load."""
    query = f"MATCH (p:{quoted('Place')}) RETURN p.id AS id, coalesce(p.name, p.id) AS name"
    return {r["id"]: r["name"] for r in query_rows(tx, query, {})}


def state_query(prepared: PreparedArticle, search: Search) -> tuple[str, dict[str, Any]]:
    """The stored state of the document and, unless it is unchanged, the places near its
    claims locked (``kg.ingest.resolver``), the events of the places the index lacks or another
    load has changed, and the signatures of the candidates it already proposes, in one query
    (re-loading an unchanged document reads nothing else and locks nothing).

    The document is MERGEd, not matched: a second load writing the same file at the same time
    waits here for the first to commit, then finds it stored."""
    event = quoted("Event")
    state = (
        f"MERGE (d:{quoted('Document')} {{iri: $doc}})"
        f" RETURN d.sha256 IS NOT NULL AS stored, {_stored_state('d')}"
    )
    # The same test as ``unchanged``: the extractions are distinct, $expected has at most one.
    changed = (
        "NOT (stored AND sha = $sha AND size(extractions) = size($expected)"
        " AND all(x IN extractions WHERE x IN $expected))"
    )
    lock = lock_query("(CASE WHEN search THEN $lock ELSE [] END)")
    load = loaded_events_query(
        "(CASE WHEN search THEN $load + [x IN locked WHERE x.stale | x.id] ELSE [] END)"
    )
    sigs = signatures_query("(CASE WHEN search THEN $found ELSE [] END)")
    query = (
        f"CALL () {{ {state} }} WITH *, {changed} AS search"
        f" CALL (search) {{ {lock} }} CALL (search, locked) {{ {load} }}"
        f" CALL (search) {{ {sigs} }}"
        f" RETURN stored, sha, path, fileName, extractions, locked, loaded, sigs,"
        f" [iri IN (CASE WHEN search THEN $probe ELSE [] END)"
        f" WHERE EXISTS {{ MATCH (:{event} {{iri: iri}}) }}] AS existing"
    )
    params = {
        "doc": prepared.doc_iri,
        "sha": prepared.sha256,
        "expected": sorted(prepared.expected_extractions),
        "lock": search.lock,
        "load": search.load,
        "found": sorted(set().union(*search.before.values())),
        "probe": search.probe,
    }
    return query, params


@dataclass
class Search:
    """The candidate search of one document against the load's resolver, fused into the
    document's state query (the first read of its transaction)."""

    items: list[Item]
    probe: list[str]
    load: list[str]
    """Places near the claims whose events the index has not read yet."""
    lock: list[dict[str, Any]]
    """Places near the claims, to lock, with the sequence number this load last saw."""
    before: dict[str, set[str]]
    """What the index proposed before reading those places."""

    @classmethod
    def of(cls, prepared: PreparedArticle, wctx: WriteContext) -> Search:
        resolver = wctx.resolver
        items = resolver.items(prepared.items)
        probe = [resolver.new_event(claim) for claim, _ in prepared.items]
        lock = resolver.lock_params(items)
        return cls(items, probe, resolver.missing(items), lock, resolver.propose(items))


def index_candidates(
    tx: Tx, search: Search, row: dict[str, Any], wctx: WriteContext, stale: list[str]
) -> Candidates:
    """Candidates from the resolver, once it holds the places the state query read (the
    caller adds them, and forgets the ``stale`` ones another load changed); signatures of
    candidates those places added are read in one more query."""
    resolver = wctx.resolver
    per_claim = resolver.propose(search.items) if search.load or stale else search.before
    sigs = resolver.confirm(tx, per_claim, parse_signatures(row["sigs"]))
    return Candidates(sigs, per_claim, frozenset(row["existing"]))


def unchanged(prepared: PreparedArticle, row: dict[str, Any]) -> bool:
    """Whether the state query found the document stored, unchanged."""
    return bool(row["stored"]) and prepared.stored_as(row["sha"], row["extractions"])


def check_identity(prepared: PreparedArticle, row: dict[str, Any], replace: bool) -> None:
    """Refuse a file whose id is held by a stored document with other text read from another
    file (an edit of the same file replaces it), unless ``replace``. A document stored before
    paths were kept is compared by file name."""
    if not row["stored"] or row["sha"] == prepared.sha256 or replace:
        return
    held_by = row["path"] or row["fileName"]
    mine = prepared.source_path if row["path"] else prepared.file_name
    if held_by == mine:
        return
    doc_id = prepared.doc["props"]["id"]
    raise InputError(
        prepared.source_path,
        f"document id {doc_id!r} is already held by {held_by}, with different text; pass "
        "--replace to overwrite it, or give this file another id in its metadata",
    )
