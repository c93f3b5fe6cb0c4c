"""Pure Cypher builder of the aggregates: event and claim counts of the events matching a
filter, grouped by one or two dimensions (a time period, a type, an actor, a place, a
governorate or a source), in one query.

Each dimension gives every matching event zero or more keys (a period, or ids); a bucket
counts the distinct events with its keys and their claims. Time buckets hold the events dated
at least as precisely as the period (a year-precision event is in no month; spans longer
than ``MAX_SPAN_DAYS`` are in none, as for date filters): their
``startDate`` (the first day of the span) picks the bucket, and the others are counted apart
(``unplaced``). Grouped by source, a bucket counts the claims of that source.
"""

from __future__ import annotations

from kg.api.queries import MAX_SPAN_DAYS, EventFilterSpec, Statement, filtered_events, q

PERIODS = {
    "DAY": ("day", ("day",)),
    "WEEK": ("week", ("day", "week")),
    "MONTH": ("month", ("day", "week", "month")),
    "YEAR": ("year", ("day", "week", "month", "year")),
}
"""Per time dimension: the date.truncate unit and the precisions it can place."""
ROLE_DIMS = {"ATTACKER": "ATTACKER", "TARGET": "TARGET", "PARTICIPANT": "PARTICIPANT"}
DIMENSIONS = (*PERIODS, "TYPE", "ACTOR", *ROLE_DIMS, "PLACE", "GOVERNORATE", "SOURCE")


def _keys(dim: str, i: int) -> str:
    """Clauses giving each row of ``e`` the key ``k{i}`` (and ``w{i}``, the claims of a
    source) of dimension ``dim``; rows without a key are dropped."""
    k, w = f"k{i}", f"w{i}"
    if dim in PERIODS:
        unit, _ = PERIODS[dim]
        return (
            f"WITH *, CASE WHEN e.datePrecision IN $fine{i}"
            f" AND duration.inDays(e.startDate, e.endDate).days <= {MAX_SPAN_DAYS} THEN"
            f" toString(date.truncate('{unit}', e.startDate)) END AS {k}, null AS {w}"
            f" WHERE {k} IS NOT NULL"
        )
    actor, place = q("Actor"), q("Place")
    if dim == "TYPE":
        path = f"(e)-[:{q('HAS_TYPE')}]->(x:{q('EventType')})"
    elif dim == "ACTOR":
        rels = "|".join(q(r) for r in ROLE_DIMS.values())
        path = f"(e)-[:{rels}]->(x:{actor})"
    elif dim in ROLE_DIMS:
        path = f"(e)-[:{q(ROLE_DIMS[dim])}]->(x:{actor})"
    elif dim == "PLACE":
        path = f"(e)-[:{q('OCCURRED_AT')}]->(x:{place})"
    elif dim == "GOVERNORATE":
        path = (
            f"(e)-[:{q('OCCURRED_AT')}]->(:{place})-[:{q('PART_OF')}*0..]->(x:{place})"
            " WHERE x.placeType = 'Governorate'"
        )
    elif dim == "SOURCE":
        return (
            f"CALL (e) {{ MATCH (e)<-[:{q('SUPPORTS')}]-(c:{q('Claim')})"
            f"-[:{q('ATTRIBUTED_TO')}]->(x:{q('Source')})"
            f" RETURN x.id AS {k}, count(c) AS {w} }}"
        )
    else:
        raise ValueError(f"unknown dimension {dim!r}")
    return f"UNWIND COLLECT {{ MATCH {path} RETURN DISTINCT x.id }} AS {k} WITH *, null AS {w}"


def aggregate(
    spec: EventFilterSpec, dims: tuple[str, ...], limit: int, with_total: bool
) -> Statement:
    """Buckets ``{keys, events, claims}`` over the events matching ``spec``: time buckets in
    order, others most events first; and, when asked, the totals over all matching events."""
    match, params = filtered_events(spec)
    clauses = " ".join(_keys(d, i) for i, d in enumerate(dims))
    keys = [f"k{i}" for i in range(len(dims))]
    weights = ", ".join(f"w{i}" for i in range(len(dims)))
    order = ", ".join(keys) if dims[0] in PERIODS else f"events DESC, {', '.join(keys)}"
    query = (
        f"CALL () {{ {match} {clauses}"
        f" WITH {', '.join(keys)}, count(e) AS events,"
        f" sum(coalesce({weights}, e.claimCount, 0)) AS claims"
        f" ORDER BY {order} LIMIT $limit"
        f" RETURN collect({{keys: [{', '.join(keys)}], events: events, claims: claims}})"
        " AS buckets }"
    )
    if with_total:
        query += (
            f" CALL () {{ {match} RETURN count(e) AS events,"
            " sum(coalesce(e.claimCount, 0)) AS claims }"
            " RETURN buckets, {events: events, claims: claims} AS total"
        )
    else:
        query += " RETURN buckets, null AS total"
    for i, d in enumerate(dims):
        if d in PERIODS:
            params[f"fine{i}"] = list(PERIODS[d][1])
    return query, {**params, "limit": limit}
