"""Pure builders of parameterised Cypher: each returns ``(query, params)``.

Labels and relationship types come only from the shared mapping and are backticked by
``mapping.quoted``; every value travels as a parameter. Nothing here touches a driver.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from loaders.graph.batch import GraphBatch, NodeRow, RelRow
from loaders.graph.mapping import MAPPING, quoted

Statement = tuple[str, dict[str, Any]]


def merge_nodes(label: str, rows: Sequence[NodeRow]) -> Statement:
    """MERGE nodes of one label on their IRI and set their properties.

    Place nodes also get a ``location`` point computed from lat/lon, for distance queries.
    """
    node_type = MAPPING.node(label)
    extra = "".join(f" SET n:{quoted(x)}" for x in node_type.extra_labels)
    location = (
        " SET n.location = CASE WHEN n.lat IS NULL OR n.lon IS NULL THEN null"
        " ELSE point({latitude: n.lat, longitude: n.lon}) END"
        if label == "Place"
        else ""
    )
    query = (
        f"UNWIND $rows AS row MERGE (n:{quoted(label)} {{iri: row.iri}})"
        f" SET n += row.props{extra}{location}"
    )
    return query, {"rows": [{"iri": r.iri, "props": r.props} for r in rows]}


def merge_rels(rel_type: str, src_label: str, dst_label: str, rows: Sequence[RelRow]) -> Statement:
    """MERGE relationships of one type between existing nodes found by IRI."""
    query = (
        f"UNWIND $rows AS row"
        f" MATCH (a:{quoted(src_label)} {{iri: row.src}})"
        f" MATCH (b:{quoted(dst_label)} {{iri: row.dst}})"
        f" MERGE (a)-[:{quoted(rel_type)}]->(b)"
    )
    return query, {"rows": [{"src": r.src, "dst": r.dst} for r in rows]}


def batch_statements(batch: GraphBatch, chunk: int = 5000) -> list[Statement]:
    """All statements that write a batch: nodes first, then relationships, in chunks."""
    statements: list[Statement] = []
    for label, node_rows in sorted(batch.by_label().items()):
        for i in range(0, len(node_rows), chunk):
            statements.append(merge_nodes(label, node_rows[i : i + chunk]))
    for (rel_type, src, dst), rel_rows in sorted(batch.by_rel().items()):
        for i in range(0, len(rel_rows), chunk):
            statements.append(merge_rels(rel_type, src, dst, rel_rows[i : i + chunk]))
    return statements


def count_by_label(labels: Sequence[str]) -> Statement:
    """Count nodes of each label in one round trip."""
    parts = [f"COUNT {{ MATCH (:{quoted(label)}) }} AS `{label}`" for label in labels]
    return "RETURN " + ", ".join(parts), {}


WIPE_BATCH = 10_000


def delete_all() -> Statement:
    """Remove every node (after ``delete_all_relationships``), in batches."""
    return f"MATCH (n) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {WIPE_BATCH} ROWS", {}


def delete_all_relationships() -> Statement:
    """Remove every relationship, in batches: deleting a node deletes all of its relationships
    in the same transaction, which for a node with hundreds of thousands of them (a place, a
    source) is more than a transaction may hold."""
    return f"MATCH ()-[r]->() CALL (r) {{ DELETE r }} IN TRANSACTIONS OF {WIPE_BATCH} ROWS", {}


def wipe_statements() -> list[Statement]:
    """Everything `kg db wipe` runs, in order (each statement commits in batches)."""
    return [delete_all_relationships(), delete_all()]
