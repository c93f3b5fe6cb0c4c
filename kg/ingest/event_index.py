"""Candidate events for a load's claims, from an in-memory index kept for the whole load.

The store's candidate query (``kg.ingest.signatures``) walks every event at the places near each
claim,
so its cost grows with the graph. A load instead keeps a ``LoadIndex``: the events of each place
are read from the store once (``loaded_events_query``, only for places not read yet), and the
index learns what the load's own committed transactions found, grew or deleted (``learn``).
The index proposes candidates; their signatures are always read from the store in the claims'
transaction, and ``loaders.resolution.matching.assign`` decides. Both loaders use it: articles one
document per transaction (``kg.ingest.article_reads``), datasets one chunk per transaction
(``kg.ingest.events.attach_claims``). Statements are built from the mapping's names; every value is
a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kg.ingest.events import EventFacts
from kg.ingest.signatures import Candidates, Tx, read_signatures, to_date
from kg.ingest.signatures import rows as query_rows
from loaders.graph.mapping import quoted
from loaders.resolution.event_index import EventIndex, IndexedEvent
from loaders.resolution.matching import EventSignature, MatchRules, SignatureContext, date_window
from loaders.resolution.place_index import NearPlaces

Item = tuple[str, list[str], dt.date | None, dt.date | None, frozenset[str]]
"""(claim, places to search, window start, window end, families) of one claim."""


def loaded_events_query(places: str) -> str:
    """A subquery returning ``loaded``: the events at the places the expression ``places``
    lists, with what the index keeps of them (read by ``LoadIndex.add_loaded``)."""
    event, place, at = quoted("Event"), quoted("Place"), quoted("OCCURRED_AT")
    return (
        f"UNWIND {places} AS pid"
        f" MATCH (:{place} {{id: pid}})<-[:{at}]-(e:{event}) WITH DISTINCT e"
        f" RETURN collect({{iri: e.iri, start: toString(e.startDate), end: toString(e.endDate),"
        f" precision: e.datePrecision, places: [(e)-[:{at}]->(p:{place}) | p.id],"
        f" types: [(e)-[:{quoted('HAS_TYPE')}]->(t:{quoted('EventType')}) | t.id]}}) AS loaded"
    )


@dataclass
class LoadIndex:
    """The matching rules, the places near each place, and the events of the places read so
    far, for one load. Used by one thread at a time (the load's writer)."""

    rules: MatchRules
    ctx: SignatureContext
    near: NearPlaces
    events: EventIndex = field(default_factory=EventIndex)
    _staged: dict[str, EventFacts | None] = field(default_factory=dict)

    @classmethod
    def of(cls, ctx: SignatureContext, rules: MatchRules) -> LoadIndex:
        return cls(rules, ctx, NearPlaces(ctx.places, rules))

    def items(self, claims: Sequence[tuple[str, EventSignature]]) -> list[Item]:
        """What to search for each claim that has a place and, unless undated claims may
        match, a date window. Places the load created are learnt from the signatures."""
        out = []
        for claim, sig in claims:
            window = date_window(sig, self.rules)
            if sig.places and (window is not None or self.rules.undated_matches):
                for p in sig.places:
                    self.near.add(p)
                lo, hi = window if window is not None else (None, None)
                near = self.near.around(p.id for p in sig.places)
                out.append((claim, near, lo, hi, sig.families))
        return out

    def missing(self, items: Iterable[Item]) -> list[str]:
        """The places the items search whose events have not been read yet."""
        return self.events.missing(q for it in items for q in it[1])

    def propose(self, items: Iterable[Item]) -> dict[str, set[str]]:
        """Claim -> the events the index proposes for it."""
        out: dict[str, set[str]] = {}
        for claim, near, lo, hi, families in items:
            found = self.events.candidates(near, lo, hi, families)
            if found:
                out[claim] = found
        return out

    def indexed(self, iri: str, facts: EventFacts) -> IndexedEvent:
        """An event as the index keeps it: its families derived from its types, and its span
        widened by its precision's tolerance, as ``dates_compatible`` compares it."""
        families = frozenset(f for t in facts.types for f in self.ctx.families(t))
        span = EventSignature("", families, start=facts.start, end=facts.end)
        window = date_window(replace(span, precision=facts.precision), self.rules)
        lo, hi = window if window is not None else (None, None)
        return IndexedEvent(iri, facts.places, lo, hi, families)

    def add_loaded(self, places: Sequence[str], loaded: Iterable[Mapping[str, Any]]) -> None:
        """Record the events ``loaded_events_query`` read at ``places``."""
        events = [
            self.indexed(r["iri"], EventFacts(tuple(r["places"]), tuple(r["types"]),
                         to_date(r["start"]), to_date(r["end"]), r["precision"] or "unknown"))
            for r in loaded
        ]  # fmt: skip
        self.events.add_loaded(places, events)

    def confirm(
        self, tx: Tx, per_claim: Mapping[str, set[str]], sigs: dict[str, EventSignature]
    ) -> dict[str, EventSignature]:
        """The stored signatures of every proposed event, reading those not in ``sigs``; events
        the store no longer has are forgotten."""
        wanted = set().union(*per_claim.values())
        more = sorted(wanted - sigs.keys())
        if more:
            sigs.update(read_signatures(tx, more))
        for gone in wanted - sigs.keys():
            self.events.remove(gone)  # deleted since the index read it
        return sigs

    def find(self, tx: Tx, claims: Sequence[tuple[str, EventSignature]]) -> Candidates:
        """Candidates for a batch of claims: one query for the places not read yet, one for
        the signatures."""
        items = self.items(claims)
        load = self.missing(items)
        if load:
            query = f"CALL () {{ {loaded_events_query('$load')} }} RETURN loaded"
            self.add_loaded(load, query_rows(tx, query, {"load": load})[0]["loaded"])
        per_claim = self.propose(items)
        return Candidates(self.confirm(tx, per_claim, {}), per_claim)

    def learn(self, events: Mapping[str, EventFacts | None]) -> None:
        """What a committed transaction did to events: new facts, or None when deleted."""
        for iri, facts in events.items():
            if facts is None:
                self.events.remove(iri)
            else:
                self.events.put(self.indexed(iri, facts))

    def stage(self, events: Mapping[str, EventFacts | None]) -> None:
        """What the transaction in progress did (replacing an abandoned attempt's), for
        ``commit`` once it has committed."""
        self._staged = dict(events)

    def commit(self) -> None:
        self.learn(self._staged)
        self._staged = {}
