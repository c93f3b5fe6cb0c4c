"""Which places an event may be at for a claim at a given place: the place side of the
candidate search, computed from the reference places once per load instead of by a hierarchy
and point-index query per claim and document (pure).

The rules are those of ``loaders.resolution.evidence.same_place``: the place itself, the known
place a dataset's written place is near (and the other written places near it), a containing
place that is not too coarse, a contained place when the claim's place is not too coarse, and
any place within ``max_distance_km`` when neither is too coarse. A place without a known type
proves nothing by containment or distance (as in the store's query, where a missing type fails
every comparison).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from loaders.resolution.rules import MatchRules
from loaders.resolution.signatures import PlaceRef, distance_km

KM_PER_DEGREE = 111.0


class NearPlaces:
    """Place id -> ids of the places whose events a claim there may join (cached per id)."""

    def __init__(self, places: Mapping[str, PlaceRef], rules: MatchRules) -> None:
        self._places: dict[str, PlaceRef] = {}
        self._rules = rules
        self._children: dict[str, set[str]] = {}
        self._twins: dict[str, set[str]] = {}
        """Known place -> the written places near it (and itself)."""
        self._cell = max(rules.max_distance_km, 1.0) / KM_PER_DEGREE
        self._grid: dict[tuple[int, int], list[PlaceRef]] = {}
        self._cache: dict[str, tuple[str, ...]] = {}
        for place in places.values():
            self.add(place)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places

    def add(self, place: PlaceRef) -> None:
        """Learn a place (a loader may create places during a load); known ids are ignored."""
        if place.id in self._places:
            return
        self._places[place.id] = place
        for ancestor in place.ancestors:
            self._children.setdefault(ancestor, set()).add(place.id)
        if place.near is not None:
            self._twins.setdefault(place.near, {place.near}).add(place.id)
        if self._fine(place) and place.lat is not None and place.lon is not None:
            self._grid.setdefault(self._key(place.lat, place.lon), []).append(place)
        self._cache.clear()  # the new place may be near places already answered

    def _fine(self, place: PlaceRef) -> bool:
        """Small enough to prove co-location by containment or distance."""
        return (
            place.place_type is not None and place.place_type not in self._rules.coarse_place_types
        )

    def _key(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self._cell), math.floor(lon / self._cell)

    def _within_distance(self, place: PlaceRef) -> Iterable[str]:
        if place.lat is None or place.lon is None:
            return
        row, col = self._key(place.lat, place.lon)
        # A degree of longitude shrinks with the cosine of the latitude.
        span = math.ceil(1 / max(math.cos(math.radians(place.lat)), 0.01))
        for r in range(row - 1, row + 2):
            for c in range(col - span, col + span + 1):
                for other in self._grid.get((r, c), ()):
                    km = distance_km(place, other)
                    if km is not None and km <= self._rules.max_distance_km:
                        yield other.id

    def _compute(self, place_id: str) -> tuple[str, ...]:
        place = self._places.get(place_id)
        if place is None:
            return ()
        near = {place_id}
        near.update(self._twins.get(place_id, ()))
        if place.near is not None:
            near.update(self._twins.get(place.near, ()))
        near.update(a for a in place.ancestors if a in self._places and self._fine(self._places[a]))
        if self._fine(place):
            near.update(self._children.get(place_id, ()))
            near.update(self._within_distance(place))
        return tuple(sorted(near))

    def of(self, place_id: str) -> tuple[str, ...]:
        """The places near ``place_id`` (itself included when it is known)."""
        if place_id not in self._cache:
            self._cache[place_id] = self._compute(place_id)
        return self._cache[place_id]

    def around(self, place_ids: Iterable[str]) -> list[str]:
        """The places near any of ``place_ids``."""
        return sorted({q for p in place_ids for q in self.of(p)})
