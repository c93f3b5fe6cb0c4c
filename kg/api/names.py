"""The one name resolver of the API: ``search``, the look-ups (``actor(name:)``,
``place(name:)``, ``source(name:)``) and every name filter go through it.

A name is matched against the ids, names and aliases of actors, places, sources and event
types in three tiers: the id itself, a name or alias in any case (``EXACT``), and the
spelling-tolerant keys of ``loaders.names`` (``VARIANT``: transliterations, the article,
"governorate"/"army" and such left out; a variant whose generic words agree too ranks
first, so "Hasakah Governorate" looks up the governorate). A filter takes every node of the
exact and variant tiers ("Hasakah": the city and the governorate); a look-up the one node of
the best tier, and an error listing the candidates when that tier holds several. In a filter,
a name that matches nothing is an error listing the nearest names (rapidfuzz over the keys),
never an empty answer.

The names are few (hundreds to a few thousand nodes), so they are read into memory once and
re-read when older than ``MAX_AGE_S`` seconds or when a name is not found (at most every
``RELOAD_GAP_S`` seconds), which picks up nodes loaded while the API runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rapidfuzz import fuzz, process

from kg.api.errors import BadArgument, clip
from kg.cypher import Statement
from loaders.graph.mapping import quoted
from loaders.names import name_keys

LABELS = ("Actor", "Place", "Source", "EventType")
MAX_AGE_S = 60.0
RELOAD_GAP_S = 2.0
MAX_CANDIDATES = 10
MAX_REMEMBERED = 10_000
MAX_NAME = 200
"""Longest name compared (longer ones are an error before any matching)."""


class Tier(Enum):
    ID = "ID"
    EXACT = "EXACT"
    VARIANT = "VARIANT"


@dataclass(frozen=True)
class Named:
    """A node as the resolver knows it."""

    label: str
    id: str
    name: str
    kind: str | None


@dataclass(frozen=True)
class Match:
    node: Named
    tier: Tier
    close: bool = True
    """For a variant: the generic words ("governorate", "army") agree too."""


@dataclass
class _Table:
    """The names of one label: by id, by lower-cased name or alias, by variant key."""

    by_id: dict[str, Named] = field(default_factory=dict)
    exact: dict[str, set[str]] = field(default_factory=dict)
    variant: dict[str, set[str]] = field(default_factory=dict)
    close: dict[str, set[str]] = field(default_factory=dict)
    found: dict[str, list[Match]] = field(default_factory=dict)
    """Answers given so far (frontends ask the same few names over and over)."""

    def add(self, node: Named, names: Iterable[str]) -> None:
        self.by_id[node.id] = node
        for name in names:
            self.exact.setdefault(name.lower(), set()).add(node.id)
            for key in name_keys(name):
                self.variant.setdefault(key, set()).add(node.id)
            for key in name_keys(name, strict=True):
                self.close.setdefault(key, set()).add(node.id)


def names_query() -> Statement:
    labels = "|".join(quoted(label) for label in LABELS)
    return (
        f"MATCH (n:{labels}) WHERE n.id IS NOT NULL"
        " RETURN [x IN labels(n) WHERE x IN $labels][0] AS label, n.id AS id,"
        " coalesce(n.name, n.id) AS name, coalesce(n.aliases, []) AS aliases,"
        " coalesce(n.actorType, n.placeType, n.sourceType) AS kind",
        {"labels": list(LABELS)},
    )


def build_tables(rows: Iterable[dict[str, Any]]) -> dict[str, _Table]:
    tables = {label: _Table() for label in LABELS}
    for r in rows:
        node = Named(r["label"], str(r["id"]), str(r["name"]), r.get("kind"))
        aliases = [a for a in r.get("aliases") or [] if isinstance(a, str)]
        tables[node.label].add(node, [node.name, *aliases])
    return tables


KIND_WORDS = {"Actor": "actor", "Place": "place", "Source": "source", "EventType": "event type"}


class NameResolver:
    """Names to nodes, from an in-memory table re-read as the module docstring says."""

    def __init__(self, read: Callable[[Statement], list[dict[str, Any]]]) -> None:
        self._read = read
        self._tables: dict[str, _Table] | None = None
        self._loaded = 0.0
        self._lock = threading.Lock()

    def _table(self, label: str, stale: bool = False) -> _Table:
        now = time.monotonic()
        with self._lock:
            age = now - self._loaded
            if self._tables is None or age > MAX_AGE_S or (stale and age > RELOAD_GAP_S):
                self._tables = build_tables(self._read(names_query()))
                self._loaded = time.monotonic()
            return self._tables[label]

    def matches(self, label: str, text: str) -> list[Match]:
        """Every node ``text`` names, best tier first (a miss re-reads the names once)."""
        found = self._matches(self._table(label), text)
        if not found:
            found = self._matches(self._table(label, stale=True), text)
        return found

    @staticmethod
    def _matches(table: _Table, text: str) -> list[Match]:
        known = table.found.get(text)
        if known is None:
            known = NameResolver._match(table, text)
            if len(table.found) < MAX_REMEMBERED:
                table.found[text] = known
        return known

    @staticmethod
    def _match(table: _Table, text: str) -> list[Match]:
        out: dict[str, Match] = {}
        value = text.strip()
        if value in table.by_id:
            out[value] = Match(table.by_id[value], Tier.ID)
        for ident in sorted(table.exact.get(value.lower(), ())):
            out.setdefault(ident, Match(table.by_id[ident], Tier.EXACT))
        close = {i for key in name_keys(value, strict=True) for i in table.close.get(key, ())}
        for key in name_keys(value):
            for ident in sorted(table.variant.get(key, ())):
                match = Match(table.by_id[ident], Tier.VARIANT, ident in close)
                out.setdefault(ident, match)
        order = {Tier.ID: 0, Tier.EXACT: 1, Tier.VARIANT: 2}
        return sorted(
            out.values(), key=lambda m: (order[m.tier], not m.close, m.node.name, m.node.id)
        )

    def label_of(self, label: str, ident: str) -> str:
        """The name of the node with this id (the id itself when unknown)."""
        node = self._table(label).by_id.get(ident)
        return node.name if node else ident

    def nearest(self, label: str, text: str) -> list[Named]:
        """The names most like ``text`` (for an error that lists candidates)."""
        table = self._table(label)
        keys = list(table.variant)
        query = next(iter(sorted(name_keys(text))), text.lower())
        hits = process.extract(query, keys, scorer=fuzz.WRatio, limit=MAX_CANDIDATES)
        seen: dict[str, Named] = {}
        for key, score, _ in hits:
            if score < 60:
                continue
            for ident in sorted(table.variant[key]):
                seen.setdefault(ident, table.by_id[ident])
        return list(seen.values())[:MAX_CANDIDATES]

    def ids(self, label: str, values: Iterable[str], argument: str) -> tuple[str, ...]:
        """The ids of every node the ``values`` name (filters); a value that names nothing is
        an error naming ``argument`` and listing the nearest names."""
        out: dict[str, None] = {}
        for value in values:
            if len(value) > MAX_NAME:
                raise BadArgument(
                    argument, f"a name has at most {MAX_NAME} characters, got {len(value)}"
                )
            found = self.matches(label, value)
            if not found:
                raise unknown_name(argument, label, value, self.nearest(label, value))
            out.update((m.node.id, None) for m in found)
        return tuple(out)

    def one(self, label: str, value: str, argument: str) -> str | None:
        """The id of the node ``value`` names (look-ups): the only node of the best tier;
        None when it names nothing; an error listing them when that tier holds several."""
        found = self.matches(label, value)
        if not found:
            return None
        best = [m for m in found if (m.tier, m.close) == (found[0].tier, found[0].close)]
        if len(best) > 1:
            raise BadArgument(
                argument,
                f"{clip(value)} names {len(best)} {KIND_WORDS[label]}s: "
                + ", ".join(f"{m.node.name} ({m.node.id})" for m in best[:MAX_CANDIDATES])
                + "; give one of their ids",
                candidates=[candidate(m.node) for m in best[:MAX_CANDIDATES]],
            )
        return best[0].node.id


def candidate(node: Named) -> dict[str, Any]:
    return {"id": node.id, "name": node.name, "type": node.kind}


def unknown_name(argument: str, label: str, value: str, near: list[Named]) -> BadArgument:
    hint = "; did you mean " + ", ".join(f"{n.name} ({n.id})" for n in near) if near else ""
    return BadArgument(
        argument,
        f"no {KIND_WORDS[label]} has the id, name or alias {clip(value)}{hint}",
        candidates=[candidate(n) for n in near],
    )
