"""Reference data (``seeds/actors.yaml``, ``places.yaml``, ``sources.yaml``) -> graph batches.

The YAML is validated strictly (unknown keys, unknown ids, duplicate aliases and invented
coordinates are errors) before anything is built, so a typo never reaches the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from loaders.errors import InputError
from loaders.graph.batch import GraphBatch
from loaders.graph.mapping import instance_iri
from loaders.graph.vocabulary import ACTOR_TYPES, PLACE_TYPES, SOURCE_TYPES

WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG_PATTERN)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = Field(default=None, pattern=WIKIDATA_PATTERN)

    def names(self) -> list[str]:
        """Canonical name and aliases, deduplicated case-insensitively, in order."""
        seen: dict[str, str] = {}
        for name in [self.name, *self.aliases]:
            seen.setdefault(name.casefold(), name)
        return list(seen.values())


class ActorEntry(_Entry):
    type: Literal[ACTOR_TYPES]  # type: ignore[valid-type]
    nationality_adjectives: list[str] = Field(default_factory=list)
    part_of: list[str] = Field(default_factory=list)
    allied_with: list[str] = Field(default_factory=list)
    supported_by: list[str] = Field(default_factory=list)
    pledged_to: list[str] = Field(default_factory=list)
    side: str | None = Field(default=None, pattern=SLUG_PATTERN)
    """The camp of the war the actor fights in; unset: its PART_OF parent's."""
    description: str | None = None


class PlaceEntry(_Entry):
    type: Literal[PLACE_TYPES]  # type: ignore[valid-type]
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    location_unknown: bool = False
    part_of: str | None = None
    geonames: int | None = None

    @model_validator(mode="after")
    def _located_or_marked(self) -> PlaceEntry:
        has_point = self.lat is not None and self.lon is not None
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together")
        if has_point == self.location_unknown:
            raise ValueError("give lat and lon, or location_unknown: true (not both)")
        return self


class SourceEntry(_Entry):
    type: Literal[SOURCE_TYPES]  # type: ignore[valid-type]
    actor: str | None = None
    affiliation: str | None = None
    url: str | None = None


E = TypeVar("E", bound=_Entry)


class ReferenceData(BaseModel):
    """Actors, places and sources, cross-checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actors: list[ActorEntry]
    places: list[PlaceEntry]
    sources: list[SourceEntry]

    @model_validator(mode="after")
    def _consistent(self) -> ReferenceData:
        actor_ids = _unique_ids("actors", self.actors)
        place_ids = _unique_ids("places", self.places)
        source_ids = _unique_ids("sources", self.sources)
        for kind, entries in (
            ("actors", self.actors),
            ("places", self.places),
            ("sources", self.sources),
        ):
            _unique_aliases(kind, entries)
        for a in self.actors:
            for ref in [*a.part_of, *a.allied_with, *a.supported_by, *a.pledged_to]:
                _known(ref, actor_ids, f"actor {a.id}")
        for p in self.places:
            if p.part_of is not None:
                _known(p.part_of, place_ids, f"place {p.id}")
        for s in self.sources:
            if s.actor is not None:
                _known(s.actor, actor_ids, f"source {s.id}")
            if s.affiliation is not None:
                _known(s.affiliation, source_ids, f"source {s.id}")
        _acyclic_places(self.places)
        return self


def _unique_ids(kind: str, entries: Sequence[_Entry]) -> set[str]:
    ids: set[str] = set()
    for e in entries:
        if e.id in ids:
            raise ValueError(f"{kind}: id {e.id!r} appears twice")
        ids.add(e.id)
    return ids


def _unique_aliases(kind: str, entries: Iterable[_Entry]) -> None:
    owner: dict[str, str] = {}
    for e in entries:
        for name in e.names():
            key = name.casefold()
            if key in owner and owner[key] != e.id:
                raise ValueError(f"{kind}: {name!r} names both {owner[key]!r} and {e.id!r}")
            owner[key] = e.id


def _known(ref: str, ids: set[str], where: str) -> None:
    if ref not in ids:
        raise ValueError(f"{where} refers to unknown id {ref!r}")


def _acyclic_places(places: Sequence[PlaceEntry]) -> None:
    parent = {p.id: p.part_of for p in places}
    for start in parent:
        seen = {start}
        node = parent[start]
        while node is not None:
            if node in seen:
                raise ValueError(f"places: part_of forms a cycle through {node!r}")
            seen.add(node)
            node = parent.get(node)


def _read_yaml_list(path: Path) -> list[object]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InputError(str(path), f"cannot read YAML: {e}") from e
    if not isinstance(data, list):
        raise InputError(str(path), "expected a list of entries")
    return data


def read_reference(seeds_dir: Path) -> ReferenceData:
    """Read and cross-check the three reference files of a seeds folder."""
    raw = {
        name: _read_yaml_list(seeds_dir / f"{name}.yaml")
        for name in ("actors", "places", "sources")
    }
    try:
        return ReferenceData.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        where = "/".join(str(p) for p in err["loc"])
        raise InputError(str(seeds_dir), f"invalid reference data at {where}: {err['msg']}") from e


def actor_sides(actors: Sequence[ActorEntry]) -> dict[str, str]:
    """Actor id -> its side: its own, else the first one found up its PART_OF hierarchy.

    Actors of one side named together by a dataset row are one party of the event (a regime
    brigade and Hezbollah against IS), whatever their hierarchy."""
    by_id = {a.id: a for a in actors}
    sides: dict[str, str] = {}
    for actor in actors:
        todo, seen = [actor.id], set()
        while todo:
            entry = by_id.get(todo.pop(0))
            if entry is None or entry.id in seen:
                continue
            seen.add(entry.id)
            if entry.side:
                sides[actor.id] = entry.side
                break
            todo.extend(entry.part_of)
    return sides


def reference_batch(ref: ReferenceData, base: str) -> GraphBatch:
    """Actors, places and sources with their relations, as one batch."""
    batch = GraphBatch()
    iri = partial(instance_iri, base)
    sides = actor_sides(ref.actors)
    for a in ref.actors:
        batch.add_node(
            "Actor",
            iri("Actor", a.id),
            id=a.id,
            name=a.name,
            aliases=a.names(),
            actorType=a.type,
            wikidata=a.wikidata,
            description=a.description,
            nationalityAdjectives=a.nationality_adjectives,
            side=sides.get(a.id),
        )
    for a in ref.actors:
        for rel, targets in (
            ("PART_OF", a.part_of),
            ("ALLIED_WITH", a.allied_with),
            ("SUPPORTED_BY", a.supported_by),
            ("PLEDGED_TO", a.pledged_to),
        ):
            for t in targets:
                batch.add_rel(rel, "Actor", iri("Actor", a.id), "Actor", iri("Actor", t))
    for p in ref.places:
        batch.add_node(
            "Place",
            iri("Place", p.id),
            id=p.id,
            name=p.name,
            aliases=p.names(),
            placeType=p.type,
            lat=p.lat,
            lon=p.lon,
            locationUnknown=p.location_unknown,
            wikidata=p.wikidata,
            geonames=None if p.geonames is None else str(p.geonames),
        )
        if p.part_of:
            batch.add_rel("PART_OF", "Place", iri("Place", p.id), "Place", iri("Place", p.part_of))
    for s in ref.sources:
        batch.add_node(
            "Source",
            iri("Source", s.id),
            id=s.id,
            name=s.name,
            aliases=s.names(),
            sourceType=s.type,
            wikidata=s.wikidata,
            url=s.url,
        )
        if s.actor:
            batch.add_rel(
                "SPEAKS_FOR", "Source", iri("Source", s.id), "Actor", iri("Actor", s.actor)
            )
        if s.affiliation:
            batch.add_rel(
                "AFFILIATED_WITH",
                "Source",
                iri("Source", s.id),
                "Source",
                iri("Source", s.affiliation),
            )
    return batch
