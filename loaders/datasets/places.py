"""A dataset row's place, as the row writes it (pure).

Every row keeps its own place: a Place with the row's name, point and precision, whose id comes
from them (``al-kishmah-34-812-40-652-25km``), so the same place written the same way is one
node, and the same point written with another precision another.
It is never renamed to a gazetteer place. It is PART_OF the district its ``admin2`` column
names, else the governorate of ``admin1`` (each dataset's spellings in the alias table); a
district the reference data lacks is created under its governorate. It is NEAR the known place
it names (when that place lies within the row's precision radius, or has no point), else the
nearest known point within ``radius_km``; the link carries the distance. Results are cached per
distinct place, so the work grows with the vocabulary, not with the number of rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from loaders.datasets.aliases import AliasTable
from loaders.datasets.common import Location
from loaders.datasets.names import name_key, place_candidates
from loaders.graph.mapping import slug
from loaders.reference import PlaceEntry, ReferenceData

POINT_TYPES = frozenset(
    {"Settlement", "Neighbourhood", "Camp", "BorderCrossing", "MilitaryBase", "Facility"}
    | {"OilField"}
)
"""Places whose point is the place itself (a governorate's point is not): what a row's point
may be near, and what a town-precise row may name."""

DEFAULT_RADIUS_KM = 3.0
_ADMIN_SUFFIXES = (" governorate", " province", " district", " subdistrict")


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """A district the reference data lacks, created under its governorate."""

    id: str
    name: str
    parent: str


@dataclass(frozen=True, slots=True)
class WrittenPlace:
    """The row's place as written, with its parent, the known place it is near and how far."""

    id: str
    name: str
    lat: float
    lon: float
    precision_km: float
    place_type: str
    parent: str | None = None
    near: str | None = None
    near_km: float | None = None
    new_district: AdminUnit | None = None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def _admin_name(name: str) -> str:
    lowered = name.casefold()
    for suffix in _ADMIN_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)].strip()
    return name


class PlaceResolver:
    """Written places of rows, with their admin parent and near known place, cached."""

    def __init__(self, ref: ReferenceData, aliases: AliasTable, radius_km: float) -> None:
        self.radius_km = radius_km
        self._places = {p.id: p for p in ref.places}
        self._names: dict[str, str] = {name_key(k): v for k, v in aliases.places.items()}
        for p in ref.places:
            for n in p.names():
                self._names.setdefault(name_key(n), p.id)
        self._governorates = {name_key(k): v for k, v in aliases.governorates.items()}
        self._districts = {name_key(k): v for k, v in aliases.districts.items()}
        self._points = [p for p in ref.places if p.type in POINT_TYPES and p.lat is not None]
        self._cache: dict[tuple[object, ...], WrittenPlace] = {}

    def place(self, loc: Location) -> WrittenPlace:
        key = (loc.name, loc.lat, loc.lon, loc.precision_km, loc.place_type, loc.admin1, loc.admin2)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._written(loc)
        return found

    def _written(self, loc: Location) -> WrittenPlace:
        ident = slug(f"{loc.name} {loc.lat:.3f} {loc.lon:.3f} {loc.precision_km:g}km", "unnamed")
        parent, district = self._parent(loc)
        near, km = self._near(loc)
        return WrittenPlace(
            ident, loc.name, loc.lat, loc.lon, loc.precision_km, loc.place_type, parent, near,
            km, district,
        )  # fmt: skip

    # -- admin parent ---------------------------------------------------------------------

    def _lookup(self, table: dict[str, str], name: str) -> str | None:
        if not name:
            return None
        return table.get(name_key(name)) or table.get(name_key(_admin_name(name)))

    def _parent(self, loc: Location) -> tuple[str | None, AdminUnit | None]:
        """The district of admin2, else a new one under the governorate of admin1, else that
        governorate; None when neither is known."""
        district = self._lookup(self._districts, loc.admin2)
        if district is not None:
            return district, None
        governorate = self._lookup(self._governorates, loc.admin1)
        if governorate is None or not loc.admin2:
            return governorate, None
        name = _admin_name(loc.admin2)
        ident = f"{slug(name, 'unnamed')}-district"
        known = self._places.get(ident)
        if known is not None and known.type == "District":
            return ident, None
        return ident, AdminUnit(ident, f"{name} District", governorate)

    # -- the known place it is near ---------------------------------------------------------

    def _near(self, loc: Location) -> tuple[str | None, float | None]:
        named = self._named(loc)
        if named is not None:
            return named
        return self._nearest(loc)

    def _named(self, loc: Location) -> tuple[str, float | None] | None:
        """The known place the row's name names, if it can be that place: within the row's
        precision radius (or without a point), and no coarser than a town for a town-precise
        row ("Idlib town" is not the Idlib governorate)."""
        reach = max(self.radius_km, loc.precision_km)
        for name in place_candidates(loc.name):
            ident = self._names.get(name_key(name))
            entry = self._places.get(ident) if ident else None
            if entry is None or not self._may_name(loc, entry):
                continue
            if entry.lat is None or entry.lon is None:
                return entry.id, None
            km = distance_km(loc.lat, loc.lon, entry.lat, entry.lon)
            if km <= reach:
                return entry.id, round(km, 3)
        return None

    @staticmethod
    def _may_name(loc: Location, entry: PlaceEntry) -> bool:
        return loc.place_type not in POINT_TYPES or entry.type in POINT_TYPES

    def _nearest(self, loc: Location) -> tuple[str | None, float | None]:
        if loc.precision_km > self.radius_km:
            return None, None
        best: tuple[float, str] | None = None
        for p in self._points:
            assert p.lat is not None and p.lon is not None
            km = distance_km(loc.lat, loc.lon, p.lat, p.lon)
            if km <= self.radius_km and (best is None or km < best[0]):
                best = (km, p.id)
        return (None, None) if best is None else (best[1], round(best[0], 3))
