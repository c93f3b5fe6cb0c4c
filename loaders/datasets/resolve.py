"""Dataset names -> the graph's ids: actors, sources and event types (places: ``places``).

Actors resolve through the dataset's own codes (a UCDP actor id, a CAMEO code), then each name
the spelling contains (``loaders.datasets.names``), most specific first, against the dataset's
own table, the shared table and the reference data's names and aliases; sources through the
shared table, the reference data's names and the web sites of their URLs. What is still unknown
becomes one new node flagged ``reviewNeeded`` (never dropped), and the resolver counts the rows
that named it. Results are cached per distinct name, so the work grows with the vocabulary, not
with the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from loaders.datasets.aliases import AliasTable, TypeTable
from loaders.datasets.common import ActorName, DatasetFormat, Location, RowReject
from loaders.datasets.names import actor_candidates, name_key
from loaders.datasets.places import DEFAULT_RADIUS_KM, PlaceResolver, WrittenPlace
from loaders.graph.mapping import slug
from loaders.reference import ReferenceData


class _Named(Protocol):
    @property
    def id(self) -> str: ...

    def names(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Resolved:
    """An id in the graph; ``new`` when the loader has to create the node."""

    id: str
    new: bool
    name: str
    kind: str = ""


def guess_actor_type(name: str) -> str:
    """The type of a new actor when the dataset gives no code for it."""
    lowered = name.casefold()
    if lowered.startswith(("civilians", "protesters", "rioters")):
        return "Civilians"
    if lowered.startswith(("government of", "military forces of", "police forces of")):
        return "StateForce"
    return "ArmedGroup"


class Resolver:
    """Resolves the names of dataset rows against the reference data, with caches."""

    def __init__(
        self,
        ref: ReferenceData,
        aliases: AliasTable,
        types: TypeTable,
        radius_km: float = DEFAULT_RADIUS_KM,
    ) -> None:
        self._aliases = aliases
        self._types = types.root
        self._folded = {
            name: {k.casefold(): v for k, v in table.items()} for name, table in types.root.items()
        }
        self._reference_actors = _names(ref.actors)
        self._shared_actors = {name_key(k): v for k, v in aliases.actors.items()}
        self._source_names = {name_key(k): v for k, v in aliases.sources.items()}
        for key, ident in _names(ref.sources).items():
            self._source_names.setdefault(key, ident)
        for s in ref.sources:
            host = (urlsplit(s.url).hostname or "").removeprefix("www.") if s.url else ""
            if host:
                self._source_names.setdefault(name_key(host), s.id)
        self._actor_ids = {a.id for a in ref.actors}
        self._source_ids = {s.id for s in ref.sources}
        self.places = PlaceResolver(ref, aliases, radius_km)
        self._own: dict[str, dict[str, str]] = {}
        self._cache: dict[tuple[str, ...], Resolved] = {}

    def event_type(self, fmt: DatasetFormat, keys: Sequence[str]) -> str | None:
        """The event type of the first of ``keys`` the table knows (most specific first);
        None for categories outside the scheme; a reject when the table knows none."""
        table, folded = self._types.get(fmt.name, {}), self._folded.get(fmt.name, {})
        for key in keys:
            if key in table:
                return table[key]
            if key.casefold() in folded:
                return folded[key.casefold()]
        shown = keys[0] if keys else ""
        raise RowReject(
            f"unknown {fmt.category_column} {shown!r}: add it to seeds/dataset_event_types.yaml"
        )

    def actor(self, fmt: DatasetFormat, actor: ActorName) -> Resolved:
        key = (fmt.name, actor.name, actor.type_code, *actor.codes)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._actor(fmt, actor)
        return found

    def _own_names(self, fmt: DatasetFormat) -> dict[str, str]:
        if fmt.name not in self._own:
            table = self._aliases.dataset(fmt.name).actors
            self._own[fmt.name] = {name_key(k): v for k, v in table.items()}
        return self._own[fmt.name]

    def _actor(self, fmt: DatasetFormat, actor: ActorName) -> Resolved:
        own = self._aliases.dataset(fmt.name)
        for code in actor.codes:
            ident = own.codes.get(code)
            if ident is not None:
                return Resolved(ident, False, actor.name)
        own_names = self._own_names(fmt)
        for candidate in actor_candidates(actor.name):
            key = name_key(candidate)
            for table in (own_names, self._shared_actors, self._reference_actors):
                ident = table.get(key)
                if ident is not None:
                    return Resolved(ident, False, actor.name)
        kind = own.actor_types.get(actor.type_code.casefold()) or own.actor_types.get(
            actor.type_code
        )
        ident = slug(actor.name, "unnamed")
        if ident in self._actor_ids:
            ident = f"{ident}-dataset"
        return Resolved(ident, True, actor.name, kind=kind or guess_actor_type(actor.name))

    def source(self, name: str) -> Resolved:
        key = ("source", name)
        if key not in self._cache:
            self._cache[key] = self._source(name)
        return self._cache[key]

    def _source(self, name: str) -> Resolved:
        found = self._source_names.get(name_key(name))
        if found is not None:
            return Resolved(found, False, name)
        ident = slug(name, "unnamed")
        if ident in self._source_ids:
            ident = f"{ident}-dataset"
        return Resolved(ident, True, name, kind="Unidentified")

    def place(self, loc: Location) -> WrittenPlace:
        return self.places.place(loc)


def _names(entries: Sequence[_Named]) -> dict[str, str]:
    """Name key -> id, from the names and aliases of the reference data."""
    names: dict[str, str] = {}
    for entry in entries:
        for name in entry.names():
            names.setdefault(name_key(name), entry.id)
    return names
