"""Pure Cypher builders for the GraphQL API: each returns ``(query, params)``.

Labels and relationship types come from the shared mapping through ``quoted``; every value a
client sends travels as a parameter, never inside the query text. The event filter compiles to
one ``MATCH`` anchored on its most selective part and a ``WHERE`` of ``EXISTS`` tests, so the
page, the total and the who-attacked-whom matrix all share one definition of "matching".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kg.mapping import MAPPING, quoted

Statement = tuple[str, dict[str, Any]]

EXCLUDED_PROPS = frozenset({"text"})
"""Properties never sent to clients in bulk (a document's full text)."""

ORDERS = {
    "DATE_ASC": "e.startDate ASC, e.id ASC",
    "DATE_DESC": "e.startDate DESC, e.id ASC",
    "SOURCES_DESC": "coalesce(e.sourceCount, 0) DESC, e.startDate ASC, e.id ASC",
}
PRECISION_RANK = ("day", "week", "month", "year", "unknown")
MAX_SPAN_DAYS = 400
"""Date filters treat an event whose span is longer than this (vaguer than a calendar year)
as undated: a span of years says nothing about whether it happened in a given month. The
bound also lets a date range start from the ``startDate`` index."""
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def q(name: str) -> str:
    """A checked, backticked label or relationship type."""
    return quoted(name)


def projection(var: str, label: str) -> str:
    """A map projection of the mapping's properties of ``label`` plus ``iri``.

    Listing keys from the mapping (instead of ``{.*}``) keeps large or internal properties
    such as a document's text out of API answers.
    """
    keys = ["iri", *(p.key for p in MAPPING.node(label).props if p.key not in EXCLUDED_PROPS)]
    return f"{var} {{" + ", ".join(f".{k}" for k in dict.fromkeys(keys)) + "}"


def lucene_terms(text: str, require_all: bool = False) -> str:
    """Free text as plain Lucene terms: special characters escaped, operators lower-cased;
    with ``require_all`` every word must occur (``+word``), else any may (ranked).

    Full-text indexes parse their query string as Lucene syntax; a client's ``(`` or ``"``
    would otherwise be a syntax error, and ``AND``/``OR`` an operator they did not mean.
    """
    words = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in text.lower().split()]
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    return " ".join(f"+{w}" if require_all else w for w in words)


@dataclass(frozen=True)
class EventFilterSpec:
    """An events filter with every name already resolved to ids (see ``resolve_refs``)."""

    types: tuple[str, ...] = ()
    attackers: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    include_subgroups: bool = True
    places: tuple[str, ...] = ()
    include_subplaces: bool = True
    near: tuple[float, float, float] | None = None
    """(lat, lon, radius in km)"""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    max_precision: str | None = None
    according_to: tuple[str, ...] = ()
    min_sources: int | None = None
    text: str | None = None


def _role_test(rel: str, param: str, subgroups: bool) -> str:
    hops = "*0.." if subgroups else "*0..0"
    return (
        f"EXISTS {{ MATCH (e)-[:{q(rel)}]->(:{q('Actor')})-[:{q('PART_OF')}{hops}]->"
        f"(x:{q('Actor')}) WHERE x.id IN ${param} }}"
    )


def _conditions(spec: EventFilterSpec) -> tuple[list[str], dict[str, Any]]:
    """The WHERE tests of a filter and their parameters."""
    tests: list[str] = []
    params: dict[str, Any] = {}
    # Cheap property tests first, pattern tests after.
    if spec.date_from is not None or spec.date_to is not None:
        tests.append(f"duration.inDays(e.startDate, e.endDate).days <= {MAX_SPAN_DAYS}")
    if spec.date_from is not None:
        tests.append("e.endDate >= $dateFrom")
        params["dateFrom"] = spec.date_from
    if spec.date_to is not None:
        tests.append("e.startDate <= $dateTo")
        params["dateTo"] = spec.date_to
    if spec.types:
        tests.append(
            f"EXISTS {{ MATCH (e)-[:{q('HAS_TYPE')}]->(:{q('EventType')})"
            f"-[:{q('BROADER')}*0..]->(t:{q('EventType')}) WHERE t.id IN $types }}"
        )
        params["types"] = list(spec.types)
    for rel, name, ids in (
        ("ATTACKER", "attackers", spec.attackers),
        ("TARGET", "targets", spec.targets),
    ):
        if ids:
            tests.append(_role_test(rel, name, spec.include_subgroups))
            params[name] = list(ids)
    if spec.actors:
        hops = "*0.." if spec.include_subgroups else "*0..0"
        tests.append(
            f"EXISTS {{ MATCH (e)-[:{q('ATTACKER')}|{q('TARGET')}|{q('PARTICIPANT')}]->"
            f"(:{q('Actor')})-[:{q('PART_OF')}{hops}]->(x:{q('Actor')}) WHERE x.id IN $actors }}"
        )
        params["actors"] = list(spec.actors)
    if spec.places:
        hops = "*0.." if spec.include_subplaces else "*0..0"
        tests.append(
            f"EXISTS {{ MATCH (e)-[:{q('OCCURRED_AT')}]->(:{q('Place')})"
            f"-[:{q('PART_OF')}{hops}]->(x:{q('Place')}) WHERE x.id IN $places }}"
        )
        params["places"] = list(spec.places)
    if spec.near is not None:
        lat, lon, km = spec.near
        tests.append(
            f"EXISTS {{ MATCH (e)-[:{q('OCCURRED_AT')}]->(x:{q('Place')})"
            " WHERE point.distance(x.location, point({latitude: $nearLat, longitude: $nearLon}))"
            " <= $nearMeters }"
        )
        params.update(nearLat=lat, nearLon=lon, nearMeters=km * 1000.0)
    if spec.max_precision is not None:
        rank = PRECISION_RANK.index(spec.max_precision)
        tests.append("e.datePrecision IN $precisions")
        params["precisions"] = list(PRECISION_RANK[: rank + 1])
    if spec.according_to:
        tests.append(
            f"EXISTS {{ MATCH (e)<-[:{q('SUPPORTS')}]-(:{q('Claim')})-[:{q('ATTRIBUTED_TO')}]->"
            f"(:{q('Source')})-[:{q('AFFILIATED_WITH')}*0..]->(s:{q('Source')})"
            " WHERE s.id IN $accordingTo }"
        )
        params["accordingTo"] = list(spec.according_to)
    if spec.min_sources is not None:
        tests.append(
            f"COUNT {{ MATCH (e)<-[:{q('SUPPORTS')}]-(:{q('Claim')})-[:{q('ATTRIBUTED_TO')}]->"
            f"(s:{q('Source')}) RETURN DISTINCT s }} >= $minSources"
        )
        params["minSources"] = spec.min_sources
    return tests, params


def _anchor(spec: EventFilterSpec) -> tuple[str, dict[str, Any]]:
    """The MATCH that produces candidate events, starting from the most selective input."""
    event = q("Event")
    if spec.text:
        return (
            "CALL db.index.fulltext.queryNodes('kg_quotes', $text) YIELD node"
            f" MATCH (node)-[:{q('SUPPORTS')}]->(e:{event}) WITH DISTINCT e",
            {"text": lucene_terms(spec.text, require_all=True)},
        )
    if spec.date_from is not None and spec.date_to is not None:
        return (
            f"MATCH (e:{event}) WHERE e.startDate >= $dateLow AND e.startDate <= $dateTo",
            {"dateLow": spec.date_from - dt.timedelta(days=MAX_SPAN_DAYS)},
        )
    if spec.places:
        hops = "*0.." if spec.include_subplaces else "*0..0"
        return (
            f"MATCH (root:{q('Place')}) WHERE root.id IN $places"
            f" MATCH (root)<-[:{q('PART_OF')}{hops}]-(:{q('Place')})"
            f"<-[:{q('OCCURRED_AT')}]-(e:{event}) WITH DISTINCT e",
            {},
        )
    return f"MATCH (e:{event})", {}


def filtered_events(spec: EventFilterSpec) -> Statement:
    """``MATCH ... WHERE ...`` leaving one row per matching event in ``e``."""
    anchor, params = _anchor(spec)
    tests, more = _conditions(spec)
    # Anchors end in a MATCH ... WHERE (extend it), a WITH (start a new one) or a bare MATCH.
    if anchor.endswith("WITH DISTINCT e"):
        joiner = " WITH e WHERE "
    else:
        joiner = " AND " if " WHERE " in anchor else " WHERE "
    where = joiner + " AND ".join(tests) if tests else ""
    return anchor + where, {**params, **more}


def events_page(
    spec: EventFilterSpec,
    order: str,
    offset: int,
    limit: int,
    with_total: bool,
    extra: Sequence[str] = (),
) -> Statement:
    """One page of matching events (one more than asked, to know if a next page exists),
    each with the ``extra`` map-projection entries, and, when asked, the total; one round
    trip."""
    match, params = filtered_events(spec)
    fields = projection("e", "Event")
    if extra:
        fields = fields[:-1] + ", " + ", ".join(extra) + "}"
    page = (
        f"CALL () {{ {match} WITH e ORDER BY {ORDERS[order]} SKIP $offset LIMIT $limit"
        f" RETURN collect({fields}) AS page }}"
    )
    total = f" CALL () {{ {match} RETURN count(e) AS total }}" if with_total else ""
    ret = " RETURN page" + (", total" if with_total else ", null AS total")
    return page + total + ret, {**params, "offset": offset, "limit": limit + 1}


def who_attacked_whom(spec: EventFilterSpec) -> Statement:
    """Attacker -> target cells over the matching events: event count, sources, and casualty
    sums per kind and qualifier (per event the largest figure of each kind and qualifier, so
    that two reports of the same deaths are not added up)."""
    match, params = filtered_events(spec)
    actor, sup, claim = q("Actor"), q("SUPPORTS"), q("Claim")
    query = (
        f"{match} MATCH (e)-[:{q('ATTACKER')}]->(a:{actor}), (e)-[:{q('TARGET')}]->(t:{actor})"
        " WITH a, t, collect(DISTINCT e) AS evs"
        f" CALL (evs) {{ UNWIND evs AS e MATCH (e)<-[:{sup}]-(:{claim})"
        f"-[:{q('ATTRIBUTED_TO')}]->(s:{q('Source')})"
        f" RETURN collect(DISTINCT {projection('s', 'Source')}) AS sources }}"
        f" CALL (evs) {{ UNWIND evs AS e MATCH (e)<-[:{sup}]-(:{claim})"
        f"-[:{q('REPORTS')}]->(f:{q('CasualtyFigure')})"
        " WITH e, f.casualtyKind AS kind, f.qualifier AS qualifier, max(f.count) AS n"
        " WITH kind, qualifier, sum(n) AS total, count(n) AS counted, count(e) AS events"
        " ORDER BY kind, qualifier"
        " RETURN collect({kind: kind, qualifier: qualifier, events: events,"
        " total: CASE WHEN counted = 0 THEN null ELSE total END})"
        " AS casualties }"
        f" RETURN {projection('a', 'Actor')} AS attacker, {projection('t', 'Actor')} AS target,"
        " size(evs) AS events, sources, casualties"
        " ORDER BY events DESC, attacker.id, target.id"
    )
    return query, params


REF_LABELS = ("Actor", "Place", "Source", "EventType")


def resolve_refs(refs: list[dict[str, str]]) -> Statement:
    """Resolve names to ids: each ref ``{key, label, ref}`` matches nodes of ``label`` by id,
    name or alias (case-insensitive). Returns one row per ref with the ids found."""
    branches = []
    for label in REF_LABELS:
        names = "[n.name] + coalesce(n.aliases, [])" if label != "EventType" else "[n.name]"
        branches.append(
            f"MATCH (n:{q(label)}) WHERE r.label = '{label}' AND (n.id = r.ref"
            f" OR any(x IN {names} WHERE toLower(x) = toLower(r.ref))) RETURN n.id AS id"
        )
    query = (
        "UNWIND $refs AS r CALL (r) { "
        + " UNION ".join(branches)
        + " } RETURN r.key AS key, r.ref AS ref, collect(DISTINCT id) AS ids"
    )
    return query, {"refs": refs}
