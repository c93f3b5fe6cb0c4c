"""Reads the graph in pages for the RDF writers: Cypher builders (pure) and page loops.

Every page is one read transaction: ``WHERE n.iri > $after ORDER BY n.iri LIMIT $limit``
(keyset pagination on the unique, indexed IRI), so memory stays flat however large the graph.
Claims are read ordered by (document IRI, claim IRI) so that each document's named graph comes
out in one piece. Labels and relationship types come from the mapping; values are parameters.

A page comes back as ONE row whose ``page`` column is the list of its items, each item a flat
list (``[iri, property values in mapping order, "TYPE iri" relationship strings]``): one Bolt
record per page instead of one per node halves the time the driver spends per page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

from rdflib.namespace import XSD

from kg.cypher import Statement
from kg.rdf.terms import Record, label_for_node_labels, with_extra_labels
from kg.store import GraphStore
from loaders.graph.mapping import MAPPING, quoted

DERIVED_FROM = MAPPING.rel("DERIVED_FROM")
REPORTS = MAPPING.rel("REPORTS")
CLAIM_LABELS = tuple(dict.fromkeys(src for src, _ in DERIVED_FROM.endpoints))
FIGURE_LABELS = tuple(dict.fromkeys(dst for _, dst in REPORTS.endpoints))
CLAIM = CLAIM_LABELS[0]
DOCUMENT = DERIVED_FROM.endpoints[0][1]
DEFAULT_LABELS = tuple(
    label for label in MAPPING.nodes if label not in (*CLAIM_LABELS, *FIGURE_LABELS)
)
"""Labels whose nodes live in the default graph: all but claims and their casualty figures."""


@dataclass(frozen=True)
class Filters:
    """Which events (and their claims) an export keeps; empty keeps everything."""

    types: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    source: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.types or self.date_from or self.date_to or self.source)

    def params(self) -> dict[str, Any]:
        return {
            "types": list(self.types),
            "from": self.date_from,
            "to": self.date_to,
            "source": self.source,
            "control": not self.types or "control_statement" in self.types,
        }


def rel_types_from(labels: tuple[str, ...]) -> list[str]:
    """Relationship types the mapping lets nodes of these labels start."""
    srcs = with_extra_labels(labels)
    return sorted({rt.type for rt in MAPPING.rels.values() for s, _ in rt.endpoints if s in srcs})


@cache
def _prop_keys(labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.key for label in labels for p in MAPPING.node(label).props))


def prop_keys(labels: tuple[str, ...]) -> list[str]:
    """Property keys of these labels, in mapping order. Values come back as a list in this
    order rather than as a map: half the values for the driver to decode."""
    return list(_prop_keys(labels))


def date_keys(labels: tuple[str, ...]) -> list[str]:
    """Keys of ``xsd:date`` properties: Neo4j sends them as ISO strings (``toString``), the
    lexical form itself, instead of Date structures the driver would hydrate one by one."""
    return sorted(
        {p.key for label in labels for p in MAPPING.node(label).props if p.datatype == XSD.date}
    )


def _props(keys: Sequence[str], values: list[Any]) -> dict[str, Any]:
    return {k: v for k, v in zip(keys, values, strict=True) if v is not None}


def _rels(var: str, param: str) -> str:
    # Types travel as a parameter: no warning from Neo4j for types absent from a graph.
    r, m = f"{var}_r", f"{var}_m"
    return (
        f"COLLECT {{ MATCH ({var})-[{r}]->({m}) WHERE type({r}) IN ${param} "
        f"RETURN type({r}) + ' ' + {m}.iri }}"
    )


def _values(var: str, keys: str) -> str:
    return f"[k IN ${keys} | CASE WHEN k IN $date_keys THEN toString({var}[k]) ELSE {var}[k] END]"


def _item(var: str, keys: str, rel_types: str) -> str:
    """A node as a flat list: ``[iri, [values of $keys], ["TYPE iri", ...]]``."""
    return f"[{var}.iri, {_values(var, keys)}, {_rels(var, rel_types)}]"


def _dates(var: str, f: Filters) -> list[str]:
    out = []
    if f.date_from:
        out.append(f"date({var}.startDate) >= $from")
    if f.date_to:
        out.append(f"date({var}.startDate) <= $to")
    return out


def event_ok(var: str, f: Filters) -> str:
    """Type (or a narrower one) and start date of an event are within the filters."""
    conds = _dates(var, f)
    if f.types:
        conds.append(
            f"EXISTS {{ ({var})-[:{quoted('HAS_TYPE')}]->(:{quoted('EventType')})"
            f"-[:{quoted('BROADER')}*0..]->({var}_t:{quoted('EventType')})"
            f" WHERE {var}_t.id IN $types }}"
        )
    return " AND ".join(conds) or "true"


def source_ok(var: str) -> str:
    """The claim is attributed to the source, or read from a document it published."""
    s = f"{var}_s"
    return (
        f"(EXISTS {{ ({var})-[:{quoted('ATTRIBUTED_TO')}]->({s}:{quoted('Source')}) "
        f"WHERE {s}.id = $source }} OR EXISTS {{ ({var})-[:{quoted('DERIVED_FROM')}]->"
        f"(:{quoted('Document')})-[:{quoted('PUBLISHED_BY')}]->({s}:{quoted('Source')}) "
        f"WHERE {s}.id = $source }})"
    )


def claim_ok(var: str, f: Filters) -> str:
    """The claim supports a kept event (or is a kept control claim) and matches the source."""
    e = f"{var}_e"
    control = " AND ".join(["$control", *_dates(var, f)])
    cond = (
        f"(EXISTS {{ ({var})-[:{quoted('SUPPORTS')}]->({e}:{quoted('Event')}) "
        f"WHERE {event_ok(e, f)} }} OR ({var}:{quoted('ControlClaim')} AND {control}))"
    )
    return f"{source_ok(var)} AND {cond}" if f.source else cond


def label_filter(label: str, var: str, f: Filters) -> str:
    """Condition keeping a default-graph node under the filters ("true" when none apply)."""
    if not f.active:
        return "true"
    if label == "Event":
        cond = event_ok(var, f)
        if f.source:
            c = f"{var}_c"
            cond += (
                f" AND EXISTS {{ ({c}:{quoted(CLAIM)})-[:{quoted('SUPPORTS')}]->({var}) "
                f"WHERE {source_ok(c)} }}"
            )
        return cond
    if label == DOCUMENT:
        c = f"{var}_c"
        return (
            f"EXISTS {{ ({c}:{quoted(CLAIM)})-[:{quoted('DERIVED_FROM')}]->({var}) "
            f"WHERE {claim_ok(c, f)} }}"
        )
    return "true"


def _excluded(label: str) -> str:
    """Nodes of labels that carry this one as an extra label are exported under their own."""
    others = [nt.label for nt in MAPPING.nodes.values() if label in nt.extra_labels]
    return "".join(f" AND NOT n:{quoted(o)}" for o in others)


def node_page(label: str, where: str = "n.iri > $after", extra: str = "true") -> Statement:
    """One page of nodes of a label, with their properties and outgoing relationships."""
    query = (
        f"MATCH (n:{quoted(label)}) WHERE {where}{_excluded(label)} AND ({extra}) "
        "WITH n ORDER BY n.iri LIMIT $limit "
        f"RETURN collect({_item('n', 'prop_keys', 'rel_types')}) AS page"
    )
    return query, {
        "rel_types": rel_types_from((label,)),
        "prop_keys": prop_keys((label,)),
        "date_keys": date_keys((label,)),
    }


def claim_return(graph: str) -> str:
    """The page of claims ``c`` as ``[graph, iri, labels, values, rels, figure items]``."""
    figures = (
        f"COLLECT {{ MATCH (c)-[:{quoted(REPORTS.type)}]->(f:{quoted(FIGURE_LABELS[0])}) "
        f"RETURN {_item('f', 'figure_keys', 'figure_rel_types')} }}"
    )
    return (
        f"RETURN collect([{graph}, c.iri, labels(c), {_values('c', 'claim_keys')}, "
        f"{_rels('c', 'claim_rel_types')}, {figures}]) AS page"
    )


def claim_params() -> dict[str, Any]:
    return {
        "claim_rel_types": rel_types_from(CLAIM_LABELS),
        "figure_rel_types": rel_types_from(FIGURE_LABELS),
        "claim_keys": prop_keys(CLAIM_LABELS),
        "figure_keys": prop_keys(FIGURE_LABELS),
        "date_keys": date_keys((*CLAIM_LABELS, *FIGURE_LABELS)),
    }


def claims_with_document_page(f: Filters) -> Statement:
    """Claims ordered by (document, claim) IRI, keyset on both, with their figures."""
    cond = claim_ok("c", f) if f.active else "true"
    query = (
        f"MATCH (c:{quoted(CLAIM)})-[:{quoted(DERIVED_FROM.type)}]->(d:{quoted(DOCUMENT)}) "
        "WHERE d.iri >= $doc AND (d.iri > $doc OR c.iri > $after) "
        f"AND ({cond}) "
        f"WITH c, d ORDER BY d.iri, c.iri LIMIT $limit {claim_return('d.iri')}"
    )
    return query, claim_params()


def claims_without_document_page(f: Filters) -> Statement:
    """Claims read from no document (default graph), by IRI."""
    cond = claim_ok("c", f) if f.active else "true"
    query = (
        f"MATCH (c:{quoted(CLAIM)}) WHERE c.iri > $after "
        f"AND NOT EXISTS {{ (c)-[:{quoted(DERIVED_FROM.type)}]->(:{quoted(DOCUMENT)}) }} "
        f"AND ({cond}) WITH c ORDER BY c.iri LIMIT $limit {claim_return('null')}"
    )
    return query, claim_params()


def claims_of_documents() -> Statement:
    """The claims (with their figures) read from the documents ``$docs``, by document."""
    query = (
        f"UNWIND $docs AS doc MATCH (d:{quoted(DOCUMENT)} {{iri: doc}})"
        f"<-[:{quoted(DERIVED_FROM.type)}]-(c:{quoted(CLAIM)}) "
        f"WITH c, d ORDER BY d.iri, c.iri {claim_return('d.iri')}"
    )
    return query, claim_params()


def orphan_figures_where() -> str:
    return f"n.iri > $after AND NOT EXISTS {{ (:{quoted(CLAIM)})-[:{quoted(REPORTS.type)}]->(n) }}"


def _pairs(rels: list[str]) -> list[tuple[str, str]]:
    """``"TYPE iri"`` strings (one value each on the wire, not a list of two) -> pairs."""
    out = []
    for r in rels:
        rel_type, _, iri = r.partition(" ")
        out.append((rel_type, iri))
    return out


NODE_KEY = itemgetter(0)
"""Keyset of node items: the IRI."""
CLAIM_KEY = itemgetter(0, 1)
"""Keyset of claim items: (document IRI, claim IRI)."""


def fetch(
    store: GraphStore,
    query: str,
    params: dict[str, Any],
    key: Callable[[list[Any]], Any] | None = None,
) -> list[list[Any]]:
    """The items of a page query (its one row's ``page`` list), sorted by ``key`` if given.

    ``collect`` keeps the order of the rows it receives; sorting again (linear on sorted
    input) makes the keyset of the next page independent of that.
    """
    items: list[list[Any]] = store.read_tx(lambda tx: tx.run(query, params).single(strict=True)[0])
    if key is not None:
        items.sort(key=key)
    return items


def node_record(label: str, item: list[Any], graph: str | None = None) -> Record:
    """A node item ``[iri, values, rels]`` -> its record."""
    iri, values, rels = item
    return Record(label, iri, _props(_prop_keys((label,)), values), _pairs(rels), graph)


@cache
def _claim_label(labels: tuple[str, ...]) -> str:
    return label_for_node_labels(labels) or CLAIM


def claim_records(item: list[Any]) -> list[Record]:
    """A claim item -> the claim's record followed by its casualty figures' records."""
    graph, iri, labels, values, rels, figures = item
    props = _props(_prop_keys(CLAIM_LABELS), values)
    out = [Record(_claim_label(tuple(labels)), iri, props, _pairs(rels), graph)]
    for fig in sorted(figures, key=itemgetter(0)):
        out.append(node_record(FIGURE_LABELS[0], fig, graph))
    return out


def records_of(
    store: GraphStore, label: str, iris: Sequence[str], chunk: int = 2000
) -> list[Record]:
    """The nodes of ``label`` among ``iris`` (those that exist), as records."""
    query, params = node_page(label, "n.iri IN $iris")
    out: list[Record] = []
    wanted = sorted(set(iris))
    for i in range(0, len(wanted), chunk):
        part = wanted[i : i + chunk]
        items = fetch(store, query, {**params, "iris": part, "limit": len(part)}, NODE_KEY)
        out.extend(node_record(label, item) for item in items)
    return out


def document_claim_records(
    store: GraphStore, documents: Sequence[str], chunk: int = 500
) -> list[Record]:
    """Every claim read from ``documents`` and its casualty figures, in their named graphs."""
    query, params = claims_of_documents()
    out: list[Record] = []
    wanted = sorted(set(documents))
    for i in range(0, len(wanted), chunk):
        items = fetch(store, query, {**params, "docs": wanted[i : i + chunk]}, CLAIM_KEY)
        out.extend(rec for item in items for rec in claim_records(item))
    return out


def _label_pages(
    store: GraphStore, label: str, params: dict[str, Any], where: str, extra: str
) -> Iterator[list[Record]]:
    query, own = node_page(label, where, extra)
    after = ""
    while items := fetch(store, query, {**params, **own, "after": after}, NODE_KEY):
        yield [node_record(label, item) for item in items]
        after = items[-1][0]


def _claim_pages(store: GraphStore, f: Filters, params: dict[str, Any]) -> Iterator[list[Record]]:
    query, own = claims_without_document_page(f)
    after = ""
    while items := fetch(store, query, {**params, **own, "after": after}, CLAIM_KEY):
        yield [rec for item in items for rec in claim_records(item)]
        after = items[-1][1]
    query, own = claims_with_document_page(f)
    doc, after = "", ""
    page = {**params, **own}
    while items := fetch(store, query, {**page, "doc": doc, "after": after}, CLAIM_KEY):
        yield [rec for item in items for rec in claim_records(item)]
        doc, after = items[-1][0], items[-1][1]


def label_records(store: GraphStore, label: str, page_size: int = 2000) -> Iterator[list[Record]]:
    """Every node of ``label``, a page at a time."""
    params = {**Filters().params(), "limit": page_size}
    yield from _label_pages(store, label, params, "n.iri > $after", "true")


def record_pages(
    store: GraphStore, filters: Filters = Filters(), page_size: int = 2000
) -> Iterator[list[Record]]:
    """Every record of the (filtered) graph, a page at a time: default-graph nodes by label,
    then claims without a document, then each document's claims with their figures."""
    params = {**filters.params(), "limit": page_size}
    for label in DEFAULT_LABELS:
        yield from _label_pages(
            store, label, params, "n.iri > $after", label_filter(label, "n", filters)
        )
    yield from _claim_pages(store, filters, params)
    if not filters.active:
        for label in FIGURE_LABELS:
            yield from _label_pages(store, label, params, orphan_figures_where(), "true")
