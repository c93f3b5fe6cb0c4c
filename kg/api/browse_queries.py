"""Pure Cypher builders of the browse connections (actors, places, sources, documents, event
types, claims): one query returns a page and, when asked, the total.

Each builder takes the conditions of its filter as ids already resolved (``kg.api.names``)
and plain values; every value is a parameter, labels and types come from the mapping. Orders
end with the node's id, so pages are stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.api.batch_queries import claim_projection, document_projection
from kg.api.queries import Statement, lucene_terms, projection, q

ROLES = "ATTACKER|TARGET|PARTICIPANT"


def _events_of(var: str) -> str:
    rels = "|".join(q(r) for r in ROLES.split("|"))
    return f"COUNT {{ ({var})<-[:{rels}]-(:{q('Event')}) }}"


ORDERS = {
    "Actor": {"NAME": "n.name, n.id", "EVENTS_DESC": f"{_events_of('n')} DESC, n.name, n.id"},
    "Place": {
        "NAME": "n.name, n.id",
        "EVENTS_DESC": f"COUNT {{ (n)<-[:{q('OCCURRED_AT')}]-(:{q('Event')}) }} DESC, n.name, n.id",
    },
    "Source": {
        "NAME": "n.name, n.id",
        "CLAIMS_DESC": f"COUNT {{ (n)<-[:{q('ATTRIBUTED_TO')}]-(:{q('Claim')}) }} DESC,"
        " n.name, n.id",
    },
    "Document": {
        "DATE_ASC": "toString(n.datePublished), n.id",
        "DATE_DESC": "toString(n.datePublished) DESC, n.id",
    },
    "EventType": {"NAME": "n.id"},
    "Claim": {
        "DATE_ASC": "n.startDate, n.id",
        "DATE_DESC": "n.startDate DESC, n.id",
        "CONFIDENCE_DESC": "n.confidence DESC, n.id",
    },
}


@dataclass
class Conditions:
    """The WHERE tests of a browse filter on ``n`` and their parameters."""

    tests: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    anchor: str | None = None
    """A MATCH that yields candidate ``n`` (full-text hits), instead of a label scan."""

    def add(self, test: str, **params: Any) -> None:
        self.tests.append(test)
        self.params.update(params)


def names_or_text(c: Conditions, ids: Sequence[str], text: str | None, aliases: bool) -> None:
    """Nodes among ``ids`` (resolved names), and whose name (or alias) contains ``text``."""
    if ids:
        c.add("n.id IN $ids", ids=list(ids))
    if text:
        names = "[n.name] + coalesce(n.aliases, [])" if aliases else "[n.name, n.id]"
        c.add(f"any(x IN {names} WHERE toLower(x) CONTAINS toLower($text))", text=text)


def under(c: Conditions, label: str, rel: str, ids: Sequence[str], param: str) -> None:
    """Nodes that are, or lie under (``rel`` followed upwards), one of ``ids``."""
    if ids:
        c.add(
            f"EXISTS {{ MATCH (n)-[:{q(rel)}*0..]->(x:{q(label)}) WHERE x.id IN ${param} }}",
            **{param: list(ids)},
        )


def in_values(c: Conditions, prop: str, values: Sequence[str], param: str) -> None:
    if values:
        c.add(f"n.{prop} IN ${param}", **{param: list(values)})


def claim_conditions(
    sources: Sequence[str],
    documents: Sequence[str],
    types: Sequence[str],
    date_from: dt.date | None,
    date_to: dt.date | None,
    text: str | None,
) -> Conditions:
    """Claims reported by these sources (or their people), read from these documents, of
    these types (or narrower), whose span overlaps the dates, with these words."""
    c = Conditions()
    if sources:
        c.add(
            f"EXISTS {{ MATCH (n)-[:{q('ATTRIBUTED_TO')}]->(:{q('Source')})"
            f"-[:{q('AFFILIATED_WITH')}*0..]->(s:{q('Source')}) WHERE s.id IN $sources }}",
            sources=list(sources),
        )
    if documents:
        c.add(
            f"EXISTS {{ MATCH (n)-[:{q('DERIVED_FROM')}]->(d:{q('Document')})"
            " WHERE d.id IN $documents }",
            documents=list(documents),
        )
    if types:
        c.add(
            f"EXISTS {{ MATCH (n)-[:{q('HAS_TYPE')}]->(:{q('EventType')})"
            f"-[:{q('BROADER')}*0..]->(t:{q('EventType')}) WHERE t.id IN $types }}",
            types=list(types),
        )
    if date_from is not None:
        c.add("coalesce(n.endDate, n.startDate) >= $dateFrom", dateFrom=date_from)
    if date_to is not None:
        c.add("coalesce(n.startDate, n.endDate) <= $dateTo", dateTo=date_to)
    if text:
        c.anchor = "CALL db.index.fulltext.queryNodes('kg_quotes', $quoteText) YIELD node AS n"
        c.params["quoteText"] = lucene_terms(text, require_all=True)
    return c


def document_conditions(
    publishers: Sequence[str],
    date_from: dt.date | None,
    date_to: dt.date | None,
    languages: Sequence[str],
    text: str | None,
) -> Conditions:
    c = Conditions()
    if publishers:
        c.add(
            f"EXISTS {{ MATCH (n)-[:{q('PUBLISHED_BY')}]->(s:{q('Source')})"
            " WHERE s.id IN $publishers }",
            publishers=list(publishers),
        )
    if date_from is not None:
        c.add("toString(n.datePublished) >= $dateFrom", dateFrom=date_from.isoformat())
    if date_to is not None:
        # A date-time published on the last day still counts: compare its date part.
        c.add("left(toString(n.datePublished), 10) <= $dateTo", dateTo=date_to.isoformat())
    in_values(c, "language", languages, "languages")
    if text:
        c.add("toLower(coalesce(n.title, '')) CONTAINS toLower($text)", text=text)
    return c


ITEMS = {
    "Actor": lambda: projection("n", "Actor"),
    "Place": lambda: projection("n", "Place"),
    "Source": lambda: projection("n", "Source"),
    "EventType": lambda: projection("n", "EventType"),
    "Document": lambda: document_projection("n"),
    "Claim": lambda: claim_projection("n"),
}


def list_page(
    label: str, c: Conditions, order: str, offset: int, limit: int, with_total: bool
) -> Statement:
    """A page of ``label`` nodes meeting ``c`` in ``order`` (one row more than the page)."""
    match = c.anchor + f" WITH n WHERE n:{q(label)}" if c.anchor else f"MATCH (n:{q(label)})"
    if c.tests:
        match += (" AND " if c.anchor else " WHERE ") + " AND ".join(c.tests)
    page = (
        f"CALL () {{ {match} WITH n ORDER BY {ORDERS[label][order]} SKIP $offset LIMIT $limit"
        f" RETURN collect({ITEMS[label]()}) AS page }}"
    )
    total = f" CALL () {{ {match} RETURN count(n) AS total }}" if with_total else ""
    ret = " RETURN page, " + ("total" if with_total else "null AS total")
    return page + total + ret, {**c.params, "offset": offset, "limit": limit + 1}
