"""The event resolver: which event each new claim supports, for every path that writes claims.

One ``EventResolver`` lives for one load (articles, a dataset file, an RDF import). Its one
candidate engine is an in-memory index of the events at the places the load has touched
(``loaders.resolution.event_index``): the events of a place are read from the store once, the
first time a claim needs that place, and the resolver learns what the load's own committed
transactions founded, grew or deleted. Where the index cannot answer (a claim without a place,
when the rules let such claims match), the resolver asks the store for the events in the claim's
date window. The index only proposes; the candidates' signatures are always read from the store
in the claims' transaction, and the pure ``loaders.resolution.matching.assign`` decides, with
the rules of ``MatchRules``. Statements are built from the mapping's names; every value is a
parameter.

Two loads at once resolve as if one ran after the other: before a transaction reads the events
near its claims it locks those places (in sorted order), bumping each one's
``resolutionSeq``. A transaction resolving at a place therefore waits for any other one there
to commit, and the bumped sequence tells the load whether another load changed that place's
events since it read them: if so the place is read again (``lock_rows``), so a claim never
founds an event another load has just made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kg.ingest.event_aggregates import (
    ROLE_RELS,
    event_label,
    new_event_iri,
    open_means,
    refresh_events,
)
from kg.ingest.signatures import Candidates, family_and_dates, read_signatures
from kg.store import Tx, rows, to_date
from loaders.graph.mapping import quoted
from loaders.resolution.event_index import EventFacts, EventIndex, IndexedEvent
from loaders.resolution.evidence import LINK_KEYS, date_window, link_props
from loaders.resolution.matching import Assignment, assign
from loaders.resolution.place_index import NearPlaces
from loaders.resolution.rules import OPEN_MEANS_FAMILIES, MatchRules
from loaders.resolution.signatures import EventSignature, SignatureContext

Item = tuple[str, list[str], dt.date | None, dt.date | None, frozenset[str]]
"""(claim, places to search, window start, window end, families) of one claim."""

Claims = Sequence[tuple[str, EventSignature]]
"""(claim IRI, signature) pairs, in the order the claims were read."""


def loaded_events_query(places: str) -> str:
    """A subquery returning ``loaded``: the events at the places the expression ``places``
    lists, with what the index keeps of them (read by ``EventResolver.add_loaded``)."""
    event, place, at = quoted("Event"), quoted("Place"), quoted("OCCURRED_AT")
    return (
        f"UNWIND {places} AS pid"
        f" MATCH (:{place} {{id: pid}})<-[:{at}]-(e:{event}) WITH DISTINCT e"
        f" RETURN collect({{iri: e.iri, start: toString(e.startDate), end: toString(e.endDate),"
        f" precision: e.datePrecision, open: {open_means('e')},"
        f" places: [(e)-[:{at}]->(p:{place}) | p.id],"
        f" types: [(e)-[:{quoted('HAS_TYPE')}]->(t:{quoted('EventType')}) | t.id]}}) AS loaded"
    )


def lock_query(places: str) -> str:
    """A subquery that locks the places the expression ``places`` lists (maps of ``id`` and
    ``seen``, sorted by id) and returns ``locked``: each place's new sequence number and
    whether another load moved it since this load saw it (``stale``)."""
    return (
        f"UNWIND {places} AS l MATCH (p:{quoted('Place')} {{id: l.id}})"
        f" SET p.resolutionSeq = coalesce(p.resolutionSeq, 0) + 1"
        f" RETURN collect({{id: l.id, seq: p.resolutionSeq,"
        f" stale: l.seen IS NOT NULL AND p.resolutionSeq <> l.seen + 1}}) AS locked"
    )


def _window_query() -> str:
    """Events of a claim's families in its date window, wherever they are (placeless rules)."""
    return (
        f"UNWIND $items AS it MATCH (e:{quoted('Event')}) WHERE {family_and_dates()}"
        f" RETURN it.claim AS claim, collect(e.iri) AS events"
    )


def _existing_support_query() -> str:
    # The hint keeps the seek when the plan was first made on an empty graph, where scanning
    # the few claims looked cheaper and would then be reused for every later chunk.
    claim = quoted("Claim")
    return (
        f"UNWIND $claims AS iri MATCH (c:{claim} {{iri: iri}}) USING INDEX c:{claim}(iri)"
        f" MATCH (c)-[:{quoted('SUPPORTS')}]->(e:{quoted('Event')})"
        f" RETURN c.iri AS claim, min(e.iri) AS event"
    )


def _link_set(var: str, source: str) -> str:
    return ", ".join(f"{var}.`{k}` = {source}.`{k}`" for k in LINK_KEYS)


def _support_query() -> str:
    """Link claims to events (existing, or founded by several claims: ``refresh_events``
    computes those), with each link's reasons on the claim."""
    return (
        f"UNWIND $rows AS row MATCH (c:{quoted('Claim')} {{iri: row.claim}})"
        f" SET {_link_set('c', 'row.link')}"
        f" MERGE (e:{quoted('Event')} {{iri: row.event}})"
        f" ON CREATE SET e.id = row.id, e.datePrecision = 'unknown'"
        f" MERGE (c)-[:{quoted('SUPPORTS')}]->(e)"
    )


def _found_query() -> str:
    """Events founded by one claim each: created with the claim's roles, span and sources,
    as ``refresh_events`` would compute them, without its orphan and role-difference work."""
    claim, event = quoted("Claim"), quoted("Event")
    roles = "".join(
        f" CALL (c, e) {{ MATCH (c)-[:{quoted(rel)}]->(x:{quoted(label)})"
        f" CREATE (e)-[:{quoted(rel)}]->(x) }}"
        for rel, label in ROLE_RELS
    )
    return (
        f"UNWIND $rows AS row MATCH (c:{claim} {{iri: row.claim}})"
        f" SET {_link_set('c', 'row.link')}"
        f" CREATE (c)-[:{quoted('SUPPORTS')}]->(e:{event} {{iri: row.event, id: row.id,"
        f" label: row.label, startDate: c.startDate, endDate: c.endDate,"
        f" datePrecision: c.datePrecision, claimCount: 1,"
        f" sourceCount: COUNT {{ (c)-[:{quoted('ATTRIBUTED_TO')}]->(:{quoted('Source')}) }}}})"
        f" WITH c, e{roles}"
    )


@dataclass
class EventResolver:
    """The matching rules, the places near each place, and the events of the places read so
    far, for one load. Used by one thread at a time (the load's writer).

    ``learn_founded`` off (a dataset load): the events the load's own claims found are not kept
    in the index. Distinct rows of one dataset never join one event, so no later claim of the
    load could join them, and the index stays the size of the events that were there before."""

    rules: MatchRules
    ctx: SignatureContext
    base: str
    near: NearPlaces
    events: EventIndex = field(default_factory=EventIndex)
    learn_founded: bool = True
    _staged: dict[str, EventFacts | None] = field(default_factory=dict)
    seqs: dict[str, int] = field(default_factory=dict)
    """Place id -> its ``resolutionSeq`` after this load's last committed transaction there."""
    _locked: dict[str, int] = field(default_factory=dict)
    """Places the transaction in progress has locked, with their new sequence numbers."""

    @classmethod
    def of(
        cls, ctx: SignatureContext, rules: MatchRules, base: str, learn_founded: bool = True
    ) -> EventResolver:
        return cls(rules, ctx, base, NearPlaces(ctx.places, rules), learn_founded=learn_founded)

    def new_event(self, claim: str) -> str:
        """A new event's id is its first claim's id, so the same claims make the same event."""
        return new_event_iri(self.base, claim)

    # -- the candidate engine ---------------------------------------------------------------

    def items(self, claims: Claims) -> list[Item]:
        """What to search for each claim that has a place and, unless undated claims may
        match, a date window. Places the load created are learnt from the signatures."""
        out = []
        for claim, sig in claims:
            window = self._window(sig)
            if sig.places and window is not None:
                for p in sig.places:
                    self.near.add(p)
                near = self.near.around(p.id for p in sig.places)
                out.append((claim, near, window[0], window[1], sig.match_families))
        return out

    def _window(self, sig: EventSignature) -> tuple[dt.date | None, dt.date | None] | None:
        """The dates an event must overlap to be compared with ``sig``; open when undated
        claims may match, None when this claim can match nothing."""
        window = date_window(sig, self.rules)
        if window is None:
            return (None, None) if self.rules.undated_matches else None
        return window

    # -- serialising resolution per place ------------------------------------------------------

    def begin(self) -> None:
        """A transaction (or a retry of one) starts: it holds no place locks yet."""
        self._locked = {}

    def lock_params(self, items: Iterable[Item]) -> list[dict[str, Any]]:
        """The places the items search that this transaction has not locked, sorted (one lock
        order for every load), each with the sequence number this load last saw."""
        places = sorted({q for it in items for q in it[1]} - self._locked.keys())
        return [{"id": p, "seen": self.seqs.get(p)} for p in places]

    def lock_rows(self, locked: Iterable[Mapping[str, Any]]) -> list[str]:
        """Record what ``lock_query`` returned; the places another load changed are forgotten
        by the index (to be read again) and returned."""
        stale = []
        for row in locked:
            self._locked[row["id"]] = row["seq"]
            if row["stale"]:
                stale.append(row["id"])
        self.events.forget(stale)
        return stale

    def lock(self, tx: Tx, items: Iterable[Item]) -> None:
        """Lock the places the items search (those not locked yet in this transaction)."""
        params = self.lock_params(items)
        if params:
            query = f"CALL () {{ {lock_query('$lock')} }} RETURN locked"
            self.lock_rows(rows(tx, query, {"lock": params})[0]["locked"])

    def committed(self) -> None:
        """The transaction committed: its place sequence numbers are what this load saw last."""
        self.seqs.update(self._locked)
        self._locked = {}

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
        if facts.open_means:
            families |= OPEN_MEANS_FAMILIES
        span = EventSignature("", families, start=facts.start, end=facts.end)
        window = date_window(replace(span, precision=facts.precision), self.rules)
        lo, hi = window if window is not None else (None, None)
        return IndexedEvent(iri, facts.places, lo, hi, families)

    def add_loaded(self, places: Sequence[str], loaded: Iterable[Mapping[str, Any]]) -> None:
        """Record the events ``loaded_events_query`` read at ``places``."""
        events = [
            self.indexed(r["iri"], EventFacts(tuple(r["places"]), tuple(r["types"]),
                         to_date(r["start"]), to_date(r["end"]), r["precision"] or "unknown",
                         bool(r["open"])))
            for r in loaded
        ]  # fmt: skip
        self.events.add_loaded(places, events)

    def confirm(
        self, tx: Tx, per_claim: Mapping[str, set[str]], sigs: dict[str, EventSignature]
    ) -> dict[str, EventSignature]:
        """The stored signatures of every proposed event, reading those not in ``sigs``; events
        the store no longer has are forgotten."""
        wanted = set().union(*per_claim.values()) if per_claim else set()
        more = sorted(wanted - sigs.keys())
        if more:
            sigs.update(read_signatures(tx, more))
        for gone in wanted - sigs.keys():
            self.events.remove(gone)  # deleted since the index read it
        return sigs

    def _placeless(self, tx: Tx, claims: Claims) -> dict[str, set[str]]:
        """Where the index has no answer: with ``placeless_matches`` an event anywhere may be
        the same, so the store is asked for the events in each claim's window."""
        if not self.rules.placeless_matches:
            return {}
        # An event's own tolerance widens its span too: search by the largest one.
        pad = dt.timedelta(days=max(self.rules.date_tolerance_days.values(), default=0))
        items = []
        for claim, sig in claims:
            window = self._window(sig)
            if window is not None:
                lo, hi = window
                if lo is not None and hi is not None:
                    lo, hi = lo - pad, hi + pad
                families = sorted(sig.match_families)
                items.append({"claim": claim, "lo": lo, "hi": hi, "families": families})
        found = rows(tx, _window_query(), {"items": items}) if items else []
        return {r["claim"]: set(r["events"]) for r in found if r["events"]}

    def find(self, tx: Tx, claims: Claims, probe: Sequence[str] = ()) -> Candidates:
        """Candidates for a batch of claims: one query for the places not read yet, one for
        the signatures (and one for the windows of placeless matching, when on)."""
        items = self.items(claims)
        self.lock(tx, items)
        load = self.missing(items)
        if load:
            query = f"CALL () {{ {loaded_events_query('$load')} }} RETURN loaded"
            self.add_loaded(load, rows(tx, query, {"load": load})[0]["loaded"])
        per_claim = self.propose(items)
        for claim, events in self._placeless(tx, claims).items():
            per_claim.setdefault(claim, set()).update(events)
        sigs = self.confirm(tx, per_claim, {})
        return Candidates(sigs, per_claim, self.existing(tx, probe))

    def existing(self, tx: Tx, probe: Sequence[str]) -> frozenset[str]:
        """Which of the ``probe`` event IRIs exist (an earlier load may have made them)."""
        if not probe:
            return frozenset()
        query = f"UNWIND $probe AS iri MATCH (e:{quoted('Event')} {{iri: iri}}) RETURN e.iri AS iri"
        return frozenset(r["iri"] for r in rows(tx, query, {"probe": list(probe)}))

    # -- resolution ---------------------------------------------------------------------------

    def assign(self, claims: Claims, found: Candidates) -> Assignment:
        """Claim -> event, existing or new, with the evidence of each link, by the rules (the
        one place they are applied)."""
        return assign(claims, found.signatures, found.per_claim, self.new_event, self.rules)

    def attach(
        self,
        tx: Tx,
        claims: Claims,
        new: frozenset[str] = frozenset(),
        names: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """Link each claim (already written, by IRI) to one Event with SUPPORTS, recording why
        on the claim, and bring the events it touched up to date; claims that already support
        an event keep it (``new``: claims created in this transaction, which cannot). An event
        founded by one claim is created from it directly, labelled with the place names of
        ``names``; the others are recomputed by ``refresh_events``. Returns claim -> event.
        What the transaction did to events is staged, for ``commit`` once it has."""
        self.stage({})
        self.begin()
        done = self._supported(tx, [c for c, _ in claims if c not in new])
        todo = [(c, s) for c, s in claims if c not in done]
        if not todo:
            return done
        found = self.find(tx, todo)
        result = self.assign(todo, found)
        members: dict[str, list[str]] = {}
        for claim, event in result.events.items():
            members.setdefault(event, []).append(claim)
        existing = set(found.signatures) | found.existing
        alone = {e for e, cs in members.items() if len(cs) == 1 and e not in existing}
        sigs = dict(todo)
        link, single = [], []
        for claim, event in result.events.items():
            row = {"claim": claim, "event": event, "id": event.rsplit("/", 1)[-1],
                   "link": link_props(result.links[claim])}  # fmt: skip
            if event in alone:
                single.append({**row, "label": self._label(sigs[claim], names or {})})
            else:
                link.append(row)
        if single:
            rows(tx, _found_query(), {"rows": single})
        if link:
            rows(tx, _support_query(), {"rows": link})
        staged = refresh_events(tx, set(members) - alone)
        if self.learn_founded:
            staged |= {e: self._facts(sigs[members[e][0]]) for e in alone}
        self.stage(staged)
        return {**done, **result.events}

    def _supported(self, tx: Tx, claims: list[str]) -> dict[str, str]:
        if not claims:
            return {}
        found = rows(tx, _existing_support_query(), {"claims": claims})
        return {r["claim"]: r["event"] for r in found}

    @staticmethod
    def _label(sig: EventSignature, names: Mapping[str, str]) -> str:
        return event_label([sig.event_type], [names.get(p.id, p.id) for p in sig.places], sig.start)

    @staticmethod
    def _facts(sig: EventSignature) -> EventFacts:
        places = tuple(sorted(p.id for p in sig.places))
        return EventFacts(
            places, (sig.event_type,), sig.start, sig.end, sig.precision, sig.open_means
        )

    # -- what the load's committed transactions did -------------------------------------------

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

    def also(self, events: Mapping[str, EventFacts | None]) -> None:
        """Add to what the transaction in progress did (events it refreshed itself)."""
        self._staged.update(events)

    def commit(self) -> None:
        self.learn(self._staged)
        self._staged = {}
        self.committed()
