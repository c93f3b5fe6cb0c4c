"""When do two reports describe the same real-world event? Signatures and matching rules.

An ``EventSignature`` is what any claim source (news extraction, ACLED/UCDP rows) knows about an
event: its type and type family, attackers and targets with their PART_OF ancestors, places with
coordinates, place type and ancestors, and a date span with its precision. ``compatible`` decides
whether two signatures can be the same event under ``MatchRules``; ``merge`` folds a claim's
signature into an event's. Everything here is pure, so the article loader, the dataset loader
and the tests share one definition of "the same event" (documented in docs/corroboration.md).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from loaders.graph.vocabulary import DATE_PRECISIONS
from loaders.resolution.event_index import OPEN_BUCKET, month_buckets

PRECISION_RANK: dict[str, int] = {p: i for i, p in enumerate(DATE_PRECISIONS)}
"""day < week < month < year < unknown: a lower rank is more precise."""

COARSE_PLACE_TYPES = frozenset({"Country", "Governorate", "Region", "River"})


@dataclass(frozen=True)
class ActorRef:
    """An actor and every group it is PART_OF (transitively)."""

    id: str
    ancestors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlaceRef:
    """A place with what distance and containment checks need."""

    id: str
    lat: float | None = None
    lon: float | None = None
    place_type: str | None = None
    ancestors: frozenset[str] = frozenset()


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

    @property
    def dated(self) -> bool:
        return self.precision != "unknown" and (self.start is not None or self.end is not None)


def _default_tolerance() -> dict[str, int]:
    return {"day": 1, "week": 3, "month": 7, "year": 31}


@dataclass(frozen=True)
class MatchRules:
    """Thresholds of ``compatible``; every one can be changed by a loader.

    ``date_tolerance_days`` widens each side's span by the tolerance of its own precision, so a
    report dated "in March" meets one dated "on 13 March" without two month-level reports a
    month apart meeting each other.
    """

    max_distance_km: float = 25.0
    date_tolerance_days: Mapping[str, int] = field(default_factory=_default_tolerance)
    undated_matches: bool = False
    """Whether a report without a usable date may join an event (off: too many false merges)."""
    placeless_matches: bool = False
    """Whether a report without a place may join an event (off for the same reason)."""
    coarse_place_types: frozenset[str] = COARSE_PLACE_TYPES
    """Places too large to prove co-location by containment or by their reference point."""
    require_shared_actor: bool = False
    """When on, at least one attacker or target must be shared, not merely not contradicted."""

    def tolerance(self, precision: str) -> int:
        return int(self.date_tolerance_days.get(precision, 0))


def compatible(a: EventSignature, b: EventSignature, rules: MatchRules) -> bool:
    """True when ``a`` and ``b`` can describe the same event: same type family, overlapping
    dates, co-located places and no contradicting actors."""
    return (
        bool(a.families & b.families)
        and dates_compatible(a, b, rules)
        and places_compatible(a.places, b.places, rules)
        and actors_compatible(a, b, rules)
    )


def date_window(sig: EventSignature, rules: MatchRules) -> tuple[dt.date, dt.date] | None:
    """The span of ``sig`` widened by its precision's tolerance (None when undated)."""
    if not sig.dated:
        return None
    start = sig.start or sig.end
    end = sig.end or sig.start
    assert start is not None and end is not None
    pad = dt.timedelta(days=rules.tolerance(sig.precision))
    return start - pad, end + pad


def dates_compatible(a: EventSignature, b: EventSignature, rules: MatchRules) -> bool:
    wa, wb = date_window(a, rules), date_window(b, rules)
    if wa is None or wb is None:
        return rules.undated_matches
    return wa[0] <= wb[1] and wb[0] <= wa[1]


def places_compatible(a: Iterable[PlaceRef], b: Iterable[PlaceRef], rules: MatchRules) -> bool:
    """Some place of one side is the same as, inside, or near some place of the other."""
    left, right = list(a), list(b)
    if not left or not right:
        return rules.placeless_matches
    return any(_same_place(p, q, rules) for p in left for q in right)


def _same_place(p: PlaceRef, q: PlaceRef, rules: MatchRules) -> bool:
    if p.id == q.id:
        return True
    if p.id in q.ancestors and p.place_type not in rules.coarse_place_types:
        return True
    if q.id in p.ancestors and q.place_type not in rules.coarse_place_types:
        return True
    if p.place_type in rules.coarse_place_types or q.place_type in rules.coarse_place_types:
        return False
    km = distance_km(p, q)
    return km is not None and km <= rules.max_distance_km


def distance_km(p: PlaceRef, q: PlaceRef) -> float | None:
    """Great-circle distance (haversine, mean Earth radius) or None without coordinates."""
    if p.lat is None or p.lon is None or q.lat is None or q.lon is None:
        return None
    phi1, phi2 = math.radians(p.lat), math.radians(q.lat)
    dphi = phi2 - phi1
    dlmb = math.radians(q.lon - p.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _related(x: ActorRef, y: ActorRef) -> bool:
    """Same actor, or one is a subgroup (PART_OF, transitively) of the other."""
    return x.id == y.id or x.id in y.ancestors or y.id in x.ancestors


def _side_compatible(xs: tuple[ActorRef, ...], ys: tuple[ActorRef, ...]) -> bool:
    # A report that names no attacker does not contradict one that does.
    return not xs or not ys or any(_related(x, y) for x in xs for y in ys)


def _side_shared(xs: tuple[ActorRef, ...], ys: tuple[ActorRef, ...]) -> bool:
    return any(_related(x, y) for x in xs for y in ys)


def actors_compatible(a: EventSignature, b: EventSignature, rules: MatchRules) -> bool:
    ok = _side_compatible(a.attackers, b.attackers) and _side_compatible(a.targets, b.targets)
    if ok and rules.require_shared_actor:
        return _side_shared(a.attackers, b.attackers) or _side_shared(a.targets, b.targets)
    return ok


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
    """The event's signature once ``claim`` supports it: roles unioned, span re-derived."""
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
        places=tuple(sorted(places.values(), key=lambda p: p.id)),
        start=start,
        end=end,
        precision=precision,
    )


def _closure(start: str, parents: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """Every id reachable from ``start`` through ``parents`` (cycles tolerated)."""
    seen: set[str] = set()
    todo = list(parents.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(parents.get(node, ()))
    return frozenset(seen)


@dataclass(frozen=True)
class SignatureContext:
    """Hierarchies and coordinates that turn ids into signatures (built once per load)."""

    actor_parents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    places: Mapping[str, PlaceRef] = field(default_factory=dict)
    broader: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Event type id -> its SKOS broader type ids."""
    _families: dict[str, frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Memo of ``families`` (every claim and stored event asks it again)."""

    @classmethod
    def build(
        cls,
        actor_parents: Mapping[str, Iterable[str]],
        places: Iterable[tuple[str, float | None, float | None, str | None, str | None]],
        broader: Mapping[str, Iterable[str]],
    ) -> SignatureContext:
        """From plain tables: actor -> parents, (place, lat, lon, type, parent), type -> broader."""
        a_par = {k: tuple(v) for k, v in actor_parents.items()}
        p_par = {pid: (parent,) if parent else () for pid, _, _, _, parent in places}
        place_refs = {
            pid: PlaceRef(pid, lat, lon, ptype, _closure(pid, p_par))
            for pid, lat, lon, ptype, _ in places
        }
        return cls(a_par, place_refs, {k: tuple(v) for k, v in broader.items()})

    def actor(self, actor_id: str) -> ActorRef:
        return ActorRef(actor_id, _closure(actor_id, self.actor_parents))

    def place(self, place_id: str) -> PlaceRef:
        return self.places.get(place_id) or PlaceRef(place_id)

    def families(self, event_type: str) -> frozenset[str]:
        """The roots of the SKOS broader hierarchy above ``event_type`` (itself if none)."""
        known = self._families.get(event_type)
        if known is None:
            ups = _closure(event_type, self.broader) | {event_type}
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
        )


def _score(event: EventSignature, claim: EventSignature) -> int:
    """Preference among compatible events: shared places weigh more than shared actors."""
    places = len({p.id for p in event.places} & {p.id for p in claim.places})
    actors = len({a.id for a in event.attackers} & {a.id for a in claim.attackers}) + len(
        {t.id for t in event.targets} & {t.id for t in claim.targets}
    )
    return 2 * places + actors


class _Touched:
    """Events made or grown during one ``assign`` call, by type family and month of their date
    window (the buckets of ``loaders.resolution.event_index``), so that a claim is compared only
    with those that could pass the family and date tests of ``compatible`` (a long document would
    otherwise compare every pair)."""

    def __init__(self, rules: MatchRules) -> None:
        self.rules = rules
        self.events: dict[str, EventSignature] = {}
        self._keys: dict[tuple[str, int], set[str]] = {}

    def _months(self, sig: EventSignature) -> range:
        window = date_window(sig, self.rules)
        return month_buckets(*window) if window is not None else month_buckets(None, None)

    def add(self, event: str, sig: EventSignature) -> None:
        self.events[event] = sig
        for family in sig.families:
            for month in self._months(sig):
                self._keys.setdefault((family, month), set()).add(event)

    def near(self, sig: EventSignature) -> set[str]:
        """A superset of the touched events ``compatible`` may accept for ``sig``."""
        months: Iterable[int] = self._months(sig)
        if months == month_buckets(None, None):
            if date_window(sig, self.rules) is None and not self.rules.undated_matches:
                return set()
            months = {m for _, m in self._keys}
        found: set[str] = set()
        for family in sig.families:
            for month in {OPEN_BUCKET, *months}:
                found |= self._keys.get((family, month), set())
        return found


def assign(
    items: Sequence[tuple[str, EventSignature]],
    candidates: Mapping[str, EventSignature],
    candidate_ids: Mapping[str, Iterable[str]],
    new_event_id: Callable[[str], str],
    rules: MatchRules,
) -> tuple[dict[str, str], dict[str, EventSignature]]:
    """Resolve claims, in order, to events: an existing compatible one or a new one.

    ``candidates`` are existing events' signatures, ``candidate_ids`` which of them each claim
    may join (from the store's type-family and date-window query). Events made or grown by
    earlier items of the same call are candidates for later ones, so two claims of one batch
    about one event meet. Returns claim -> event and the touched events' new signatures.
    Ties go to the best score, then the smallest event id, so the outcome is deterministic.
    """
    events = dict(candidates)
    touched = _Touched(rules)
    result: dict[str, str] = {}
    for claim, sig in items:
        pool = set(candidate_ids.get(claim, ())) | touched.near(sig)
        fits = [e for e in pool if e in events and compatible(events[e], sig, rules)]
        if fits:
            chosen = min(fits, key=lambda e: (-_score(events[e], sig), e))
            events[chosen] = merge(events[chosen], sig)
        else:
            chosen = new_event_id(claim)
            events[chosen] = sig
        touched.add(chosen, events[chosen])
        result[claim] = chosen
    return result, touched.events
