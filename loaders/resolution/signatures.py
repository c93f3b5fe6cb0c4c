"""What any report knows about an event, reduced to what comparing two reports needs (pure).

An ``EventSignature`` holds the type and its families, the roles (attackers and targets where
the report states who did what, participants where it does not) with each actor's PART_OF
ancestors and side, the places with coordinates, type, ancestors and the known place a
dataset's written place is near, the date span with its precision, and the datasets whose rows
support it (distinct rows of one dataset are never one event). ``SignatureContext`` builds
signatures from ids with the hierarchies of the graph; ``merge`` folds a claim into an event.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from loaders.resolution.rules import OPEN_MEANS_FAMILIES, PRECISION_RANK


@dataclass(frozen=True)
class ActorRef:
    """An actor, every group it is PART_OF (transitively), and its side in the war."""

    id: str
    ancestors: frozenset[str] = frozenset()
    side: str | None = None


@dataclass(frozen=True)
class PlaceRef:
    """A place with what distance and containment checks need. ``near`` is the known place a
    dataset's written place names or lies nearest to: for matching, the same place."""

    id: str
    lat: float | None = None
    lon: float | None = None
    place_type: str | None = None
    ancestors: frozenset[str] = frozenset()
    near: str | None = None


@dataclass(frozen=True)
class EventSignature:
    """What is needed to compare two reports of an event, independent of where they came from."""

    event_type: str
    families: frozenset[str]
    attackers: tuple[ActorRef, ...] = ()
    targets: tuple[ActorRef, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    precision: str = "unknown"
    participants: tuple[ActorRef, ...] = ()
    datasets: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    """Every event type of the reports merged into it (the claim's own type when empty)."""
    claims: int = 1
    """How many claims support it (ties between equally good events go to the larger)."""
    open_means: bool = False
    """True when every report of it says who fought whom but not by what means: it may then
    be an event of any of ``OPEN_MEANS_FAMILIES``, not only of its type's family."""

    @property
    def dated(self) -> bool:
        return self.precision != "unknown" and (self.start is not None or self.end is not None)

    @property
    def all_types(self) -> frozenset[str]:
        return self.types or frozenset({self.event_type})

    @property
    def match_families(self) -> frozenset[str]:
        """The families it may share with another report."""
        return self.families | OPEN_MEANS_FAMILIES if self.open_means else self.families


def distance_km(p: PlaceRef, q: PlaceRef) -> float | None:
    """Great-circle distance (haversine, mean Earth radius) or None without coordinates."""
    if p.lat is None or p.lon is None or q.lat is None or q.lon is None:
        return None
    phi1, phi2 = math.radians(p.lat), math.radians(q.lat)
    dphi = phi2 - phi1
    dlmb = math.radians(q.lon - p.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def best_span(
    spans: Iterable[tuple[dt.date | None, dt.date | None, str]],
) -> tuple[dt.date | None, dt.date | None, str]:
    """An event's span from its claims' spans: the union of the most precise ones.

    Less precise reports are consistent with the precise ones by construction (they matched
    within tolerance), so they would only blur the span; ties are unioned, not averaged. Only
    what the claims state is used: a start comes from stated starts and an end from stated
    ends, so a claim giving one bound leaves the other open (``date_window`` reads an open
    bound as the given one when matching).
    """
    dated = [s for s in spans if s[2] != "unknown" and (s[0] or s[1])]
    if not dated:
        return None, None, "unknown"
    best = min(PRECISION_RANK.get(s[2], len(PRECISION_RANK)) for s in dated)
    top = [s for s in dated if PRECISION_RANK.get(s[2], len(PRECISION_RANK)) == best]
    starts = [s[0] for s in top if s[0] is not None]
    ends = [s[1] for s in top if s[1] is not None]
    return min(starts, default=None), max(ends, default=None), top[0][2]


def _union(xs: tuple[ActorRef, ...], ys: tuple[ActorRef, ...]) -> tuple[ActorRef, ...]:
    seen = {x.id: x for x in xs}
    for y in ys:
        seen.setdefault(y.id, y)
    return tuple(sorted(seen.values(), key=lambda r: r.id))


def merge(event: EventSignature, claim: EventSignature) -> EventSignature:
    """The event's signature once ``claim`` supports it: roles, places, types and datasets
    unioned, span re-derived."""
    places = {p.id: p for p in event.places}
    for p in claim.places:
        places.setdefault(p.id, p)
    start, end, precision = best_span(
        [(event.start, event.end, event.precision), (claim.start, claim.end, claim.precision)]
    )
    return replace(
        event,
        families=event.families | claim.families,
        attackers=_union(event.attackers, claim.attackers),
        targets=_union(event.targets, claim.targets),
        participants=_union(event.participants, claim.participants),
        places=tuple(sorted(places.values(), key=lambda p: p.id)),
        start=start,
        end=end,
        precision=precision,
        datasets=event.datasets | claim.datasets,
        types=event.all_types | claim.all_types,
        claims=event.claims + claim.claims,
        open_means=event.open_means and claim.open_means,
    )


def closure(start: str, parents: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """Every id reachable from ``start`` through ``parents`` (cycles tolerated)."""
    seen: set[str] = set()
    todo = list(parents.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(parents.get(node, ()))
    return frozenset(seen)


PlaceRow = tuple[str, float | None, float | None, str | None, str | None]
"""(place id, lat, lon, place type, parent id) as the graph or the reference data has them."""


@dataclass(frozen=True)
class SignatureContext:
    """Hierarchies, sides and coordinates that turn ids into signatures (built once per load)."""

    actor_parents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    places: Mapping[str, PlaceRef] = field(default_factory=dict)
    broader: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Event type id -> its SKOS broader type ids."""
    actor_sides: Mapping[str, str] = field(default_factory=dict)
    _families: dict[str, frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Memo of ``families`` (every claim and stored event asks it again)."""

    @classmethod
    def build(
        cls,
        actor_parents: Mapping[str, Iterable[str]],
        places: Iterable[PlaceRow],
        broader: Mapping[str, Iterable[str]],
        actor_sides: Mapping[str, str] | None = None,
        near: Mapping[str, str] | None = None,
    ) -> SignatureContext:
        """From plain tables: actor -> parents, (place, lat, lon, type, parent), type ->
        broader, actor -> side, written place -> the known place it is near."""
        rows = list(places)
        near = near or {}
        p_par = {pid: (parent,) if parent else () for pid, _, _, _, parent in rows}
        place_refs = {}
        for pid, lat, lon, ptype, _ in rows:
            ups = closure(pid, p_par)
            known = near.get(pid)
            if known is not None:
                ups |= closure(known, p_par)
            place_refs[pid] = PlaceRef(pid, lat, lon, ptype, ups, known)
        return cls(
            {k: tuple(v) for k, v in actor_parents.items()},
            place_refs,
            {k: tuple(v) for k, v in broader.items()},
            dict(actor_sides or {}),
        )

    def actor(self, actor_id: str) -> ActorRef:
        return ActorRef(
            actor_id, closure(actor_id, self.actor_parents), self.actor_sides.get(actor_id)
        )

    def place(self, place_id: str) -> PlaceRef:
        return self.places.get(place_id) or PlaceRef(place_id)

    def families(self, event_type: str) -> frozenset[str]:
        """The roots of the SKOS broader hierarchy above ``event_type`` (itself if none)."""
        known = self._families.get(event_type)
        if known is None:
            ups = closure(event_type, self.broader) | {event_type}
            roots = frozenset(t for t in ups if not self.broader.get(t))
            known = self._families[event_type] = roots or frozenset({event_type})
        return known

    def signature(
        self,
        event_type: str,
        attackers: Iterable[str] = (),
        targets: Iterable[str] = (),
        places: Iterable[str] = (),
        start: dt.date | None = None,
        end: dt.date | None = None,
        precision: str = "unknown",
        participants: Iterable[str] = (),
        datasets: Iterable[str] = (),
    ) -> EventSignature:
        return EventSignature(
            event_type=event_type,
            families=self.families(event_type),
            attackers=tuple(self.actor(a) for a in sorted(set(attackers))),
            targets=tuple(self.actor(t) for t in sorted(set(targets))),
            places=tuple(self.place(p) for p in sorted(set(places))),
            start=start,
            end=end,
            precision=precision,
            participants=tuple(self.actor(p) for p in sorted(set(participants))),
            datasets=frozenset(datasets),
        )
