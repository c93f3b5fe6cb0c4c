"""The claim-centric statement that writes dataset claims (pure: returns ``(query, params)``).

A dataset chunk holds thousands of claims that all have the same shape. Writing them with the
generic per-label and per-relationship-type statements looks each claim up once per
relationship type; this statement MERGEs each claim once and creates its document, casualty
figures and links from there, in one pass. Targets that do not exist are skipped without
dropping the claim's other links (each link is its own unit subquery). Labels and relationship
types come from the mapping via ``quoted``; every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kg.cypher import Statement
from kg.mapping import quoted
from loaders.datasets.graph import CLAIM_LINKS, PROPERTY_KEYS


def _set(var: str, label: str, source: str) -> str:
    """``SET v.k1 = m.k1, ...`` with the label's known keys: unlike ``SET v += m`` it tells the
    planner which properties change, which spares an Eager barrier after every clause."""
    keys = PROPERTY_KEYS[label]
    return " SET " + ", ".join(f"{var}.`{k}` = {source}.`{k}`" for k in keys)


def _link(var: str, key: str, rel: str, label: str, many: bool) -> str:
    source = f"row.{key}" if many else f"[row.{key}]"
    return (
        f" CALL ({var}, row) {{ UNWIND {source} AS dst"
        f" MATCH (n:{quoted(label)} {{iri: dst}}) MERGE ({var})-[:{quoted(rel)}]->(n) }}"
    )


def merge_claim_records(records: Sequence[dict[str, Any]]) -> Statement:
    """MERGE the claims of ``DatasetBatch.claims`` with their documents, figures and links."""
    claim, doc, fig = quoted("Claim"), quoted("Document"), quoted("CasualtyFigure")
    parts = [
        "UNWIND $rows AS row",
        f" MERGE (c:{claim} {{iri: row.claim}})",
        _set("c", "Claim", "row.claimProps"),
        f" MERGE (d:{doc} {{iri: row.doc}})",
        _set("d", "Document", "row.docProps"),
        f" MERGE (c)-[:{quoted('DERIVED_FROM')}]->(d) WITH c, d, row",
        _link("d", "publisher", "PUBLISHED_BY", "Source", False),
        _link("c", "extraction", "GENERATED_BY", "Extraction", False),
        _link("c", "type", "HAS_TYPE", "EventType", False),
        _link("c", "place", "OCCURRED_AT", "Place", False),
        *(_link("c", key, rel, label, True) for key, rel, label in CLAIM_LINKS),
        f" CALL (c, row) {{ UNWIND row.figures AS f MERGE (n:{fig} {{iri: f.iri}})",
        _set("n", "CasualtyFigure", "f.props"),
        f" MERGE (c)-[:{quoted('REPORTS')}]->(n)",
        f" WITH n, f UNWIND f.groups AS g MATCH (a:{quoted('Actor')} {{iri: g}})",
        f" MERGE (n)-[:{quoted('COUNTS')}]->(a) }}",
    ]
    return "".join(parts), {"rows": list(records)}
