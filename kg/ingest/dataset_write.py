"""The transaction that writes one dataset chunk, and how each row's outcome is decided.

In one write transaction: the chunk's shared nodes, then one look-up of what the graph holds of
its rows, then per row: ``unchanged`` (same hash, claim present and not retracted: nothing to
write), ``skipped`` (the stored version is newer: an older export never overwrites), ``added``
(no claim yet: CREATEd when none of its nodes exists, else MERGEd) or ``updated`` (a newer
version, or a retracted row back in the dataset: the old claim and its figures are replaced).
Then, with corroboration on, the claims are resolved to events by the load's resolver.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.dataset_chunk import PreparedChunk, RowPlan
from kg.ingest.dataset_cypher import create_claim_records, drop_claims, merge_claim_records
from kg.ingest.event_aggregates import refresh_events
from kg.ingest.resolver import EventResolver
from kg.store import Tx, rows
from loaders.datasets.common import version_key

OLDER = "older version than the one stored"


@dataclass
class Plan:
    """What to do with each record of a chunk."""

    create: list[dict[str, Any]] = field(default_factory=list)
    merge: list[dict[str, Any]] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    """Claims replaced by a newer version of their row (deleted before the merge)."""
    outcomes: dict[str, str] = field(default_factory=dict)
    """Claim -> added, updated, unchanged or skipped."""


def _older(plan: RowPlan, stored: Mapping[str, Any]) -> bool:
    """True when the stored row has a version and the file's is older (an older export never
    overwrites a newer one; without versions to compare, the file wins)."""
    mine, theirs = version_key(plan.version), version_key(stored.get("version"))
    return mine is not None and theirs is not None and mine < theirs


def classify(
    claims: list[dict[str, Any]], plans: Mapping[str, RowPlan], stored: Mapping[str, Any]
) -> Plan:
    """Each record's outcome, from the row and what the graph holds of it."""
    out = Plan()
    for record in claims:
        iri, plan = record["claim"], plans[record["claim"]]
        held = stored.get(iri)
        if held is None:
            out.create.append(record)
            out.outcomes[iri] = "added"
        elif held["hasClaim"] and held["retracted"] is None and held["sha256"] == plan.sha256:
            out.outcomes[iri] = "unchanged"
        elif _older(plan, held):
            out.outcomes[iri] = "skipped"
        else:
            out.merge.append(record)
            out.outcomes[iri] = "updated" if held["hasClaim"] else "added"
            if held["hasClaim"]:
                out.drop.append(iri)
    return out


@dataclass
class ChunkResult:
    """What a committed chunk did: outcome counts per (category, outcome), events touched, the
    last claim written (the checkpoint's witness)."""

    outcomes: Counter[tuple[str, str]]
    events: int
    witness: str | None


def write_chunk(tx: Tx, chunk: PreparedChunk, resolver: EventResolver | None) -> ChunkResult:
    """One transaction: shared nodes, the rows' outcomes and writes, then their events (by the
    load's ``resolver``; none when corroboration is off)."""
    for query, params in chunk.shared:
        tx.run(query, params).consume()
    stored = {r["claim"]: r for r in rows(tx, *chunk.lookup)}
    plan = classify(chunk.claims, chunk.plans, stored)
    stale: set[str] = set()
    if plan.drop:
        stale = set(rows(tx, *drop_claims(plan.drop))[0]["events"])
    for records, build in ((plan.create, create_claim_records), (plan.merge, merge_claim_records)):
        if records:
            tx.run(*build(records)).consume()
    written = {r["claim"] for r in (*plan.create, *plan.merge)}
    events = 0
    if resolver is not None:
        resolver.stage({})
        items = [(c, s) for c, s in chunk.items if plan.outcomes[c] != "skipped"]
        attached = resolver.attach(tx, items, frozenset(written), chunk.names) if items else {}
        events = len(set(attached.values()))
        stale -= set(attached.values())
    if stale:
        refreshed = refresh_events(tx, stale)
        if resolver is not None:
            resolver.also(refreshed)
    outcomes = Counter((chunk.plans[c].category, o) for c, o in plan.outcomes.items())
    present = [c for c, o in plan.outcomes.items() if o != "skipped"]
    return ChunkResult(outcomes, events, max(present) if present else None)
