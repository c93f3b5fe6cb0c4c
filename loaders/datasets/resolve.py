"""Dataset names -> the graph's ids: actors, sources, places and event types.

Actors and sources resolve through the editable alias table
(``seeds/dataset_actor_aliases.yaml``), then the reference data's names and aliases; what is
still unknown becomes a new node flagged ``reviewNeeded`` (never dropped). Places resolve by
name when the named gazetteer place is near the row's point, else to the nearest gazetteer
point within a radius, else to a new place at the row's coordinates. Results are cached per
distinct name, so the work grows with the vocabulary, not with the number of rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, RootModel, ValidationError

from loaders.datasets.common import DatasetFormat, Location, RowReject, strip_qualifier
from loaders.errors import InputError
from loaders.graph.mapping import slug
from loaders.reference import PlaceEntry, ReferenceData

POINT_TYPES = frozenset(
    {"Settlement", "Neighbourhood", "Camp", "BorderCrossing", "MilitaryBase", "Facility"}
    | {"OilField"}
)
"""Gazetteer places whose point is the place itself (a governorate's point is not)."""

DEFAULT_RADIUS_KM = 3.0
_NON_ALNUM = re.compile(r"[^\w]+")
M = TypeVar("M", bound=BaseModel)


class _Named(Protocol):
    @property
    def id(self) -> str: ...

    def names(self) -> list[str]: ...


class AliasTable(BaseModel):
    """``seeds/dataset_actor_aliases.yaml``: dataset spelling -> actor, source or place id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actors: dict[str, str] = {}
    sources: dict[str, str] = {}
    places: dict[str, str] = {}


class TypeTable(RootModel[dict[str, dict[str, str | None]]]):
    """``seeds/dataset_event_types.yaml``: per dataset format, its category -> event type id,
    or None (skip)."""


def _read_model(path: Path, model: type[M]) -> M:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data or {})
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InputError(str(path), f"cannot read YAML: {e}") from e
    except ValidationError as e:
        err = e.errors()[0]
        where = "/".join(str(p) for p in err["loc"])
        raise InputError(str(path), f"invalid entry at {where}: {err['msg']}") from e


def read_alias_table(path: Path, ref: ReferenceData) -> AliasTable:
    """Read the alias table and check that every id it names exists in the reference data."""
    table = _read_model(path, AliasTable)
    for kind, entries, ids in (
        ("actors", table.actors, {a.id for a in ref.actors}),
        ("sources", table.sources, {s.id for s in ref.sources}),
        ("places", table.places, {p.id for p in ref.places}),
    ):
        for name, ident in entries.items():
            if ident not in ids:
                raise InputError(str(path), f"{kind}: {name!r} maps to unknown id {ident!r}")
    return table


def read_type_table(path: Path, event_types: tuple[str, ...]) -> TypeTable:
    """Read the category table and check its targets against the event type scheme."""
    table = _read_model(path, TypeTable)
    for dataset, entries in table.root.items():
        for category, ident in entries.items():
            if ident is not None and ident not in event_types:
                raise InputError(
                    str(path), f"{dataset}: {category!r} maps to unknown event type {ident!r}"
                )
    return table


@dataclass(frozen=True, slots=True)
class Resolved:
    """An id in the graph; ``new`` when the loader has to create the node."""

    id: str
    new: bool
    name: str
    kind: str = ""
    lat: float | None = None
    lon: float | None = None
    precision_km: float | None = None
    part_of: str | None = None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


class Resolver:
    """Resolves the names of dataset rows against the reference data, with caches."""

    def __init__(
        self,
        ref: ReferenceData,
        aliases: AliasTable,
        types: TypeTable,
        radius_km: float = DEFAULT_RADIUS_KM,
    ) -> None:
        self.radius_km = radius_km
        self._types = types.root
        self._actor_names = _names(ref.actors, aliases.actors)
        self._source_names = _names(ref.sources, aliases.sources)
        self._actor_ids = {a.id for a in ref.actors}
        self._source_ids = {s.id for s in ref.sources}
        self._places = {p.id: p for p in ref.places}
        self._place_names = _names(ref.places, aliases.places)
        self._points = [p for p in ref.places if p.type in POINT_TYPES and p.lat is not None]
        self._cache: dict[tuple[str, ...], Resolved] = {}

    def event_type(self, fmt: DatasetFormat, category: str) -> str | None:
        """The event type id of a category; None for categories outside the scheme."""
        table = self._types.get(fmt.name, {})
        if category in table:
            return table[category]
        folded = {k.casefold(): v for k, v in table.items()}
        if category.casefold() in folded:
            return folded[category.casefold()]
        raise RowReject(
            f"unknown {fmt.category_column} {category!r}: add it to seeds/dataset_event_types.yaml"
        )

    def actor(self, name: str, actor_type: str) -> Resolved:
        key = ("actor", name)
        if key not in self._cache:
            self._cache[key] = _by_name(name, self._actor_names, self._actor_ids, actor_type)
        return self._cache[key]

    def source(self, name: str) -> Resolved:
        key = ("source", name)
        if key not in self._cache:
            self._cache[key] = _by_name(name, self._source_names, self._source_ids, "Unidentified")
        return self._cache[key]

    def place(self, loc: Location) -> Resolved:
        key = ("place", loc.name, f"{loc.lat:.4f}", f"{loc.lon:.4f}", str(loc.precision_km))
        if key not in self._cache:
            self._cache[key] = self._place(loc)
        return self._cache[key]

    def _place(self, loc: Location) -> Resolved:
        reach = max(self.radius_km, loc.precision_km)
        named = self._place_names.get(name_key(loc.name)) or self._place_names.get(
            name_key(strip_qualifier(loc.name))
        )
        if named is not None:
            entry = self._places[named]
            if entry.lat is None or entry.lon is None:
                return Resolved(entry.id, False, entry.name)
            if distance_km(loc.lat, loc.lon, entry.lat, entry.lon) <= reach:
                return Resolved(entry.id, False, entry.name)
        nearest = self._nearest(loc)
        if nearest is not None:
            return Resolved(nearest.id, False, nearest.name)
        ident = slug(f"{loc.name} {loc.lat:.3f} {loc.lon:.3f}", "unnamed")
        return Resolved(
            ident,
            True,
            loc.name,
            kind="Settlement",
            lat=loc.lat,
            lon=loc.lon,
            precision_km=loc.precision_km,
            part_of=self._admin_parent(loc),
        )

    def _nearest(self, loc: Location) -> PlaceEntry | None:
        if loc.precision_km > self.radius_km:
            return None
        best: tuple[float, PlaceEntry] | None = None
        for p in self._points:
            assert p.lat is not None and p.lon is not None
            d = distance_km(loc.lat, loc.lon, p.lat, p.lon)
            if d <= self.radius_km and (best is None or d < best[0]):
                best = (d, p)
        return None if best is None else best[1]

    def _admin_parent(self, loc: Location) -> str | None:
        for name, suffix in ((loc.admin2, "-district"), (loc.admin1, "-governorate")):
            if name and f"{slug(name, 'unnamed')}{suffix}" in self._places:
                return f"{slug(name, 'unnamed')}{suffix}"
        return None


def name_key(name: str) -> str:
    """Spelling-insensitive key: case, hyphens, apostrophes and spacing do not count
    (``Al-Qadam``, ``al Qadam`` and ``AL QADAM`` are one name)."""
    return " ".join(_NON_ALNUM.split(name.casefold())).strip()


def _names(entries: Sequence[_Named], table: dict[str, str]) -> dict[str, str]:
    """Name key -> id: the table first, then names and aliases of the reference data."""
    names: dict[str, str] = {name_key(k): v for k, v in table.items()}
    for entry in entries:
        for name in entry.names():
            names.setdefault(name_key(name), entry.id)
    return names


def _by_name(name: str, names: dict[str, str], ids: set[str], new_type: str) -> Resolved:
    for candidate in (name, strip_qualifier(name)):
        found = names.get(name_key(candidate))
        if found is not None:
            return Resolved(found, False, name)
    ident = slug(name, "unnamed")
    if ident in ids:
        ident = f"{ident}-dataset"
    return Resolved(ident, True, name, kind=new_type)
