"""The editable tables that tie dataset spellings to the reference data (pure, read once per load).

``seeds/dataset_actor_aliases.yaml`` holds the spellings every dataset shares (actors, sources,
places), the governorates and districts as the datasets' admin columns write them, and each
dataset's own names and codes (ACLED's prefixed names and inter codes, UCDP actor ids, CAMEO
actor and role codes). ``seeds/dataset_event_types.yaml`` maps each dataset's categories to the
event type scheme. Both are checked against the reference data when read: an id that does not
exist is an input error naming the entry, so a typo never reaches the graph.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, RootModel, ValidationError

from loaders.errors import InputError
from loaders.graph.vocabulary import ACTOR_TYPES
from loaders.reference import ReferenceData

M = TypeVar("M", bound=BaseModel)


class DatasetAliases(BaseModel):
    """One dataset's own spellings: names, codes (actor ids, CAMEO codes) and the codes that
    type a new actor (ACLED inter codes, CAMEO role codes)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actors: dict[str, str] = {}
    codes: dict[str, str] = {}
    actor_types: dict[str, str] = {}


class AliasTable(BaseModel):
    """``seeds/dataset_actor_aliases.yaml``: dataset spelling -> actor, source or place id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actors: dict[str, str] = {}
    sources: dict[str, str] = {}
    places: dict[str, str] = {}
    governorates: dict[str, str] = {}
    districts: dict[str, str] = {}
    datasets: dict[str, DatasetAliases] = {}

    def dataset(self, name: str) -> DatasetAliases:
        return self.datasets.get(name) or DatasetAliases()


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


def _check_ids(path: Path, kind: str, entries: dict[str, str], ids: set[str]) -> None:
    for name, ident in entries.items():
        if ident not in ids:
            raise InputError(str(path), f"{kind}: {name!r} maps to unknown id {ident!r}")


def read_alias_table(path: Path, ref: ReferenceData) -> AliasTable:
    """Read the alias table and check that every id it names exists in the reference data."""
    table = _read_model(path, AliasTable)
    actors, places = {a.id for a in ref.actors}, {p.id for p in ref.places}
    _check_ids(path, "actors", table.actors, actors)
    _check_ids(path, "sources", table.sources, {s.id for s in ref.sources})
    for kind in ("places", "governorates", "districts"):
        _check_ids(path, kind, getattr(table, kind), places)
    for dataset, own in table.datasets.items():
        _check_ids(path, f"datasets/{dataset}/actors", own.actors, actors)
        _check_ids(path, f"datasets/{dataset}/codes", own.codes, actors)
        _check_ids(path, f"datasets/{dataset}/actor_types", own.actor_types, set(ACTOR_TYPES))
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
