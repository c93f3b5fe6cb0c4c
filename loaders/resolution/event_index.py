"""Events by place and month, kept in memory for the length of one article load (pure).

The candidate search asks, for every claim, which events at the places near its own overlap
its date window and share its type family. Asked of the store, that question walks every event
at those places (no index reaches "events at this place in this week"), so its cost grows with
the graph. This index answers it from memory: each place's events are read from the store once,
the first time a claim needs that place, and the load keeps the index in step with the events
it founds, grows and deletes. A month bucket holds the events whose span touches that month, so
a claim reads a handful of entries whatever the size of the graph.

The index only proposes candidates; their signatures are always read from the store in the
document's transaction, and ``compatible`` decides. An entry that is out of date for an event
the store has since changed or deleted therefore costs a wasted read, never a wrong match.
Events another process commits at a place after this load has read that place are seen once
the resolver finds that place changed (``forget`` makes it be read again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_BUCKETS = 240
"""Events spanning more months than this (twenty years) are checked for every window."""

OPEN_BUCKET = -1
"""The bucket of events without a usable start and end: every window checks them."""


@dataclass(frozen=True)
class EventFacts:
    """An event's place ids, type ids and span, as its claims make them (what the store's
    ``refresh_events`` computes, and what a resolver learns after each commit)."""

    places: tuple[str, ...]
    types: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    precision: str = "unknown"
    open_means: bool = False
    """Every claim says who fought whom but not by what means (see ``EventSignature``)."""


@dataclass(frozen=True)
class IndexedEvent:
    """What the search needs of an event: where, when and which type families.

    ``start`` and ``end`` are the dates a claim's window must meet; a caller that knows the
    matching rules passes the event's span widened by its precision's tolerance, so that the
    index proposes only events whose dates ``compatible`` can accept. Either end missing means
    any window meets it."""

    iri: str
    places: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    families: frozenset[str]


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_buckets(start: dt.date | None, end: dt.date | None) -> range:
    """The month buckets a span touches; only ``OPEN_BUCKET`` when it is open or too long."""
    if start is None or end is None or end < start:
        return range(OPEN_BUCKET, OPEN_BUCKET + 1)
    first, last = _month(start), _month(end)
    if last - first >= MAX_BUCKETS:
        return range(OPEN_BUCKET, OPEN_BUCKET + 1)
    return range(first, last + 1)


def _overlaps(event: IndexedEvent, lo: dt.date | None, hi: dt.date | None) -> bool:
    """The store query's date condition: an open end on either side never excludes."""
    return (lo is None or event.end is None or event.end >= lo) and (
        hi is None or event.start is None or event.start <= hi
    )


class EventIndex:
    """Place id -> month -> events, with the set of places already read from the store."""

    def __init__(self) -> None:
        self._events: dict[str, IndexedEvent] = {}
        self._by_place: dict[str, dict[int, set[str]]] = {}
        self._loaded: set[str] = set()

    def __len__(self) -> int:
        return len(self._events)

    def missing(self, place_ids: Iterable[str]) -> list[str]:
        """The places among ``place_ids`` whose events have not been read yet."""
        return sorted({p for p in place_ids if p not in self._loaded})

    def add_loaded(self, place_ids: Iterable[str], events: Iterable[IndexedEvent]) -> None:
        """Record what the store holds at ``place_ids``: ``events`` (each replacing any entry
        with its IRI), and that those places need no further read."""
        for event in events:
            self.put(event)
        self._loaded.update(place_ids)

    def forget(self, place_ids: Iterable[str]) -> None:
        """Read these places again when next needed (another load changed their events)."""
        self._loaded.difference_update(place_ids)

    def put(self, event: IndexedEvent) -> None:
        """Insert an event, or replace the entry of the same IRI (its places or span moved)."""
        self.remove(event.iri)
        self._events[event.iri] = event
        months = month_buckets(event.start, event.end)
        for place in event.places:
            buckets = self._by_place.setdefault(place, {})
            for month in months:
                buckets.setdefault(month, set()).add(event.iri)

    def remove(self, iri: str) -> None:
        """Forget an event (deleted from the store); unknown IRIs are ignored."""
        event = self._events.pop(iri, None)
        if event is None:
            return
        for place in event.places:
            buckets = self._by_place.get(place, {})
            for month in month_buckets(event.start, event.end):
                members = buckets.get(month)
                if members is not None:
                    members.discard(iri)
                    if not members:
                        del buckets[month]

    def candidates(
        self,
        place_ids: Sequence[str],
        lo: dt.date | None,
        hi: dt.date | None,
        families: Iterable[str],
    ) -> set[str]:
        """Events at ``place_ids`` whose span meets [lo, hi] and that share a type family."""
        wanted = frozenset(families)
        found: set[str] = set()
        for place in place_ids:
            buckets = self._by_place.get(place)
            if not buckets:
                continue
            if lo is None or hi is None:
                months: Iterable[int] = list(buckets)
            else:
                months = [OPEN_BUCKET, *range(_month(lo), _month(hi) + 1)]
            for month in months:
                for iri in buckets.get(month, ()):
                    if iri in found:
                        continue
                    event = self._events[iri]
                    if event.families & wanted and _overlaps(event, lo, hi):
                        found.add(iri)
        return found
