"""Pure Cypher builders for the GraphQL API: each returns ``(query, params)``.

Labels and relationship types come from the shared mapping through ``quoted``; every value a
client sends travels as a parameter, never inside the query text. The event filter compiles to
one query: the node sets it needs are computed first (an actor and its subgroups, a place and
the places inside it, a type and its narrower types, a source and its people; for the page, from
the names the client typed), candidates come from the most selective anchor (full-text hits,
the date index, the places), property tests run on them, and the tests that follow
relationships from each event run last, in a subquery. The page, the total and the
who-attacked-whom matrix all share this one definition of "matching". Builders that depend on
their arguments only are cached: the same few query texts are asked for on every request.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.api.limits import LIST_BOUNDS
from loaders.graph.mapping import MAPPING, quoted

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
MAX_SEEK_DAYS = 3 * 366
"""Date windows whose possible start days (the window and the ``MAX_SPAN_DAYS`` before it)
are at most this many are read with one index seek per day; longer ones with a range."""
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


@cache
def q(name: str) -> str:
    """A checked, backticked label or relationship type (checked once per name)."""
    return quoted(name)


@cache
def projection(var: str, label: str, only: frozenset[str] | None = None) -> str:
    """A map projection of the mapping's properties of ``label`` plus ``iri``; with ``only``,
    of those of them in ``only`` (``iri`` and ``id`` always).

    Listing keys from the mapping (instead of ``{.*}``) keeps large or internal properties
    such as a document's text out of API answers.
    """
    props = [p.key for p in MAPPING.node(label).props if p.key not in EXCLUDED_PROPS]
    if only is not None:
        props = [k for k in props if k in only or k == "id"]
    return f"{var} {{" + ", ".join(f".{k}" for k in dict.fromkeys(["iri", *props])) + "}"


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
    """An events filter. Its actors, places, types and sources are ids (resolved from what
    the client typed by ``kg.api.names``)."""

    types: tuple[str, ...] = ()
    attackers: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    include_subgroups: bool = True
    places: tuple[str, ...] = ()
    include_subplaces: bool = True
    near: tuple[float, float, float] | None = None
    """(lat, lon, radius in km)"""
    bbox: tuple[float, float, float, float] | None = None
    """(west, south, east, north) in degrees"""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    max_precision: str | None = None
    according_to: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    min_sources: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class _Set:
    """A set of nodes computed once, before the events are scanned: the given ones and what
    lies under them (subgroups, contained places, narrower types, affiliated people)."""

    name: str
    label: str
    param: str
    rel: str
    """Relationship type(s) to follow, ``|``-separated names of the mapping."""
    hops: str


def _sets(spec: EventFilterSpec) -> list[_Set]:
    sub = "*0.." if spec.include_subgroups else "*0..0"
    within = "*0.." if spec.include_subplaces else "*0..0"
    wanted = [
        (spec.types, _Set("typeSet", "EventType", "types", "BROADER", "*0..")),
        (spec.attackers, _Set("attackerSet", "Actor", "attackers", "PART_OF", sub)),
        (spec.targets, _Set("targetSet", "Actor", "targets", "PART_OF", sub)),
        (spec.actors, _Set("actorSet", "Actor", "actors", "PART_OF", sub)),
        # A place also covers the places datasets wrote near it (their own spelling of it).
        (spec.places, _Set("placeSet", "Place", "places", "PART_OF|NEAR", within)),
        (spec.according_to, _Set("sourceSet", "Source", "accordingTo", "AFFILIATED_WITH", "*0..")),
        (spec.publishers, _Set("publisherSet", "Source", "publishers", "AFFILIATED_WITH", "*0..0")),
    ]
    return [s for ids, s in wanted if ids]


def _set_call(s: _Set) -> str:
    rels = "|".join(q(r) for r in s.rel.split("|"))
    label, hops = q(s.label), f"[:{rels}{s.hops}]"
    return (
        f"CALL () {{ MATCH (r:{label}) WHERE r.id IN ${s.param}"
        f" MATCH (x:{label})-{hops}->(r) RETURN collect(DISTINCT x) AS {s.name} }}"
    )


def _reaches(path: str, var: str, in_set: str) -> str:
    """A per-event test that follows a short path from ``e`` (never from the other end,
    where a big actor or source has tens of thousands of relationships) to a node of a set.

    The sets hold nodes, not ids: membership needs neither the end node's label nor its id,
    two reads per candidate event spared."""
    return f"any(x IN [{path} | {var}] WHERE x IN {in_set})"


def _conditions(spec: EventFilterSpec) -> tuple[list[str], list[str], dict[str, Any]]:
    """The WHERE tests of a filter: property tests, tests that expand from the event, and
    their parameters. They are kept apart so the cheap ones run first."""
    tests: list[str] = []
    params: dict[str, Any] = {}
    if spec.date_from is not None or spec.date_to is not None:
        tests.append(f"duration.inDays(e.startDate, e.endDate).days <= {MAX_SPAN_DAYS}")
    if spec.date_from is not None:
        tests.append("e.endDate >= $dateFrom")
        params["dateFrom"] = spec.date_from
    if spec.date_to is not None:
        tests.append("e.startDate <= $dateTo")
        params["dateTo"] = spec.date_to
    if spec.max_precision is not None:
        rank = PRECISION_RANK.index(spec.max_precision)
        tests.append("e.datePrecision IN $precisions")
        params["precisions"] = list(PRECISION_RANK[: rank + 1])
    cheap, tests = tests, []
    roles = {"attackers": "ATTACKER", "targets": "TARGET"}
    for s in _sets(spec):
        params[s.param] = list(getattr(spec, _SPEC_FIELD[s.param]))
        if s.param == "types":
            tests.append(_reaches(f"(e)-[:{q('HAS_TYPE')}]->(t)", "t", s.name))
        elif s.param in roles:
            tests.append(_reaches(f"(e)-[:{q(roles[s.param])}]->(a)", "a", s.name))
        elif s.param == "actors":
            rels = f"{q('ATTACKER')}|{q('TARGET')}|{q('PARTICIPANT')}"
            tests.append(_reaches(f"(e)-[:{rels}]->(a)", "a", s.name))
        elif s.param == "places":
            tests.append(_reaches(f"(e)-[:{q('OCCURRED_AT')}]->(p)", "p", s.name))
        elif s.param == "publishers":
            path = (
                f"(e)<-[:{q('SUPPORTS')}]-(:{q('Claim')})-[:{q('DERIVED_FROM')}]->"
                f"(:{q('Document')})-[:{q('PUBLISHED_BY')}]->(s)"
            )
            tests.append(_reaches(path, "s", s.name))
        else:
            path = f"(e)<-[:{q('SUPPORTS')}]-(:{q('Claim')})-[:{q('ATTRIBUTED_TO')}]->(s)"
            tests.append(_reaches(path, "s", s.name))
    if spec.near is not None:
        lat, lon, km = spec.near
        tests.append(
            f"EXISTS {{ MATCH (e)-[:{q('OCCURRED_AT')}]->(x:{q('Place')})"
            " WHERE point.distance(x.location, point({latitude: $nearLat, longitude: $nearLon}))"
            " <= $nearMeters }"
        )
        params.update(nearLat=lat, nearLon=lon, nearMeters=km * 1000.0)
    if spec.bbox is not None:
        tests.append(
            f"EXISTS {{ MATCH (e)-[:{q('OCCURRED_AT')}]->(x:{q('Place')})"
            " WHERE point.withinBBox(x.location, point({longitude: $west, latitude: $south}),"
            " point({longitude: $east, latitude: $north})) }"
        )
        params.update(zip(("west", "south", "east", "north"), spec.bbox, strict=True))
    if spec.min_sources is not None:
        tests.append(
            f"COUNT {{ MATCH (e)<-[:{q('SUPPORTS')}]-(:{q('Claim')})-[:{q('ATTRIBUTED_TO')}]->"
            f"(s:{q('Source')}) RETURN DISTINCT s }} >= $minSources"
        )
        params["minSources"] = spec.min_sources
    return cheap, tests, params


_SPEC_FIELD = {
    "types": "types",
    "attackers": "attackers",
    "targets": "targets",
    "actors": "actors",
    "places": "places",
    "accordingTo": "according_to",
    "publishers": "publishers",
}


def _anchor(spec: EventFilterSpec, carried: str) -> tuple[str, dict[str, Any]]:
    """The MATCH that produces candidate events, starting from the most selective input;
    ``carried`` names the precomputed sets a WITH must keep in scope."""
    event = q("Event")
    keep = f"WITH DISTINCT e{carried}"
    if spec.text:
        return (
            "CALL db.index.fulltext.queryNodes('kg_quotes', $text) YIELD node"
            f" MATCH (node)-[:{q('SUPPORTS')}]->(e:{event}) {keep}",
            {"text": lucene_terms(spec.text, require_all=True)},
        )
    if spec.date_from is not None and spec.date_to is not None:
        low = spec.date_from - dt.timedelta(days=MAX_SPAN_DAYS)
        span_index = f"USING INDEX e:{event}(startDate, endDate)"
        days = (spec.date_to - low).days + 1
        if days <= MAX_SEEK_DAYS:
            # One seek per possible start day in the (startDate, endDate) index, each reading
            # only the events of that day that end inside or after the window: the overlapping
            # events and no others, where a range of start days reads every event begun in
            # the 400 days before the window (six times as many on a month).
            return (
                f"UNWIND range(0, $dateDays) AS day MATCH (e:{event}) {span_index}"
                " WHERE e.startDate = $dateLow + duration({days: day})"
                " AND e.endDate >= $dateFrom",
                {"dateLow": low, "dateDays": days - 1},
            )
        # A long window: one range of start days; the index still gives each event's end
        # without a property read. (Unhinted, the planner takes the startDate index.)
        return (
            f"MATCH (e:{event}) {span_index}"
            " WHERE e.startDate >= $dateLow AND e.startDate <= $dateTo",
            {"dateLow": low},
        )
    if spec.places:
        return (
            f"UNWIND placeSet AS place MATCH (place)<-[:{q('OCCURRED_AT')}]-(e:{event}) {keep}",
            {},
        )
    return f"MATCH (e:{event})", {}


def _matching(spec: EventFilterSpec, sets: list[_Set]) -> Statement:
    """``MATCH ... WHERE ...`` leaving one row per matching event in ``e``, with the ``sets``
    in scope."""
    carried = "".join(f", {s.name}" for s in sets)
    anchor, params = _anchor(spec, carried)
    cheap, expanding, more = _conditions(spec)
    # Anchors end in a MATCH ... WHERE (extend it), a WITH (filter after it) or a bare MATCH.
    if anchor.endswith(f"WITH DISTINCT e{carried}"):
        joiner = " WHERE "
    else:
        joiner = " AND " if " WHERE " in anchor else " WHERE "
    query = anchor + (joiner + " AND ".join(cheap) if cheap else "")
    if expanding:
        # In a subquery: the planner would otherwise expand every candidate of the anchor
        # before the property tests have thrown most of them out.
        query += f" CALL (e{carried}) {{ WITH e WHERE {' AND '.join(expanding)} RETURN 1 AS hit }}"
    return query, {**params, **more}


def filtered_events(spec: EventFilterSpec) -> Statement:
    """``... MATCH ... WHERE ...`` leaving one row per matching event in ``e``."""
    sets = _sets(spec)
    match, params = _matching(spec, sets)
    return "".join(_set_call(s) + " " for s in sets) + match, params


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
    sets = _sets(spec)
    prefix = "".join(_set_call(s) + " " for s in sets)
    scope = ", ".join(s.name for s in sets)
    match, params = _matching(spec, sets)
    fields = projection("e", "Event")
    if extra:
        fields = fields[:-1] + ", " + ", ".join(extra) + "}"
    page = (
        f"CALL ({scope}) {{ {match} WITH e ORDER BY {ORDERS[order]} SKIP $offset LIMIT $limit"
        f" RETURN collect({fields}) AS page }}"
    )
    total = f" CALL ({scope}) {{ {match} RETURN count(e) AS total }}" if with_total else ""
    ret = " RETURN page" + (", total" if with_total else ", null AS total")
    return prefix + page + total + ret, {**params, "offset": offset, "limit": limit + 1}


MAX_CELL_SOURCES = LIST_BOUNDS[("AttackCell", "sources")]
"""Sources listed per cell of the matrix (the most frequent first)."""


def who_attacked_whom(spec: EventFilterSpec, first: int) -> Statement:
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
        " WITH s, count(DISTINCT e) AS n ORDER BY n DESC, s.id LIMIT $maxSources"
        f" RETURN collect({projection('s', 'Source')}) AS sources }}"
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
        " ORDER BY events DESC, attacker.id, target.id LIMIT $first"
    )
    return query, {**params, "first": first, "maxSources": MAX_CELL_SOURCES}
