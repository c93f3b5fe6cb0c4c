"""The description of one resource, served at its IRI: its own triples and the claims about it.

For an actor, place, event or any other node: the node, then the claims that name it (directly
or through a casualty figure that counts it), each with its casualty figures, the document it
was read from and the sources it is attributed to, so that every statement can be traced.
"""

from __future__ import annotations

from kg.rdf.reader import (
    CLAIM,
    CLAIM_LABELS,
    DERIVED_FROM,
    DOCUMENT,
    FIGURE_LABELS,
    REPORTS,
    claim_params,
    claim_records,
    claim_return,
    fetch,
    node_page,
    node_record,
)
from kg.rdf.terms import Record
from kg.store import GraphStore
from loaders.graph.mapping import MAPPING, quoted

MAX_CLAIMS = 500
"""Claims listed in one description; a resource named by more is cut at this many."""
ATTRIBUTED_TO = MAPPING.rel("ATTRIBUTED_TO")
COUNTS = MAPPING.rel("COUNTS")
OMITTED = {DOCUMENT: ("text",)}
"""Properties left out of linked documents (the full text is in the document's own page)."""


ALL_LABELS = tuple(MAPPING.nodes)
"""Labels to look in for an IRI of unknown kind (a Skolem IRI)."""


def kinds() -> dict[str, tuple[str, ...]]:
    """IRI path segment -> labels whose instance IRIs use it (``claim`` -> Claim, ControlClaim)."""
    out: dict[str, tuple[str, ...]] = {}
    for nt in MAPPING.nodes.values():
        if not nt.iri_base:
            out[nt.iri_kind] = (*out.get(nt.iri_kind, ()), nt.label)
    return out


def find(store: GraphStore, iri: str, labels: tuple[str, ...]) -> Record | None:
    """The node with this IRI under one of the labels, or ``None``."""
    for label in labels:
        query, params = node_page(label, "n.iri = $iri")
        rows = fetch(store, query, {**params, "iri": iri, "limit": 1})
        if rows:
            return node_record(label, rows[0])
    return None


def _claims_about(store: GraphStore, node: Record) -> list[Record]:
    figure = FIGURE_LABELS[0]
    query = (
        f"MATCH (x:{quoted(node.label)} {{iri: $iri}}) CALL (x) {{ "
        f"MATCH (c:{quoted(CLAIM)})-[r]->(x) WHERE type(r) IN $claim_rel_types RETURN c "
        f"UNION MATCH (c:{quoted(CLAIM)})-[:{quoted(REPORTS.type)}]->(:{quoted(figure)})"
        f"-[:{quoted(COUNTS.type)}]->(x) RETURN c }} "
        f"WITH DISTINCT c ORDER BY c.iri LIMIT $limit {claim_return('null')}"
    )
    rows = fetch(store, query, {**claim_params(), "iri": node.iri, "limit": MAX_CLAIMS})
    return [rec for row in rows for rec in claim_records(row)]


def _linked(store: GraphStore, claims: list[Record], skip: str) -> list[Record]:
    """Documents and sources the claims point to, without heavy properties."""
    wanted: dict[str, set[str]] = {}
    for rec in claims:
        if rec.label not in CLAIM_LABELS:
            continue
        for rel_type, dst in rec.rels:
            if rel_type == DERIVED_FROM.type:
                wanted.setdefault(DOCUMENT, set()).add(dst)
            elif rel_type == ATTRIBUTED_TO.type:
                wanted.setdefault(ATTRIBUTED_TO.endpoints[0][1], set()).add(dst)
    out: list[Record] = []
    for label, iris in sorted(wanted.items()):
        query, params = node_page(label, "n.iri IN $iris")
        rows = fetch(store, query, {**params, "iris": sorted(iris - {skip}), "limit": len(iris)})
        for row in rows:
            rec = node_record(label, row)
            props = {k: v for k, v in rec.props.items() if k not in OMITTED.get(label, ())}
            out.append(Record(rec.label, rec.iri, props, rec.rels, rec.graph))
    return out


def describe(store: GraphStore, iri: str, labels: tuple[str, ...]) -> list[Record] | None:
    """Records describing the node ``iri`` (one of ``labels``), or ``None`` when no such
    resource exists."""
    node = find(store, iri, labels)
    if node is None:
        return None
    if node.label in CLAIM_LABELS:
        query = f"MATCH (c:{quoted(CLAIM)} {{iri: $iri}}) WITH c LIMIT 1 {claim_return('null')}"
        rows = fetch(store, query, {**claim_params(), "iri": iri})
        claims = [rec for row in rows for rec in claim_records(row)]
        return [*claims, *_linked(store, claims, iri)]
    claims = _claims_about(store, node)
    return [node, *claims, *_linked(store, claims, iri)]
