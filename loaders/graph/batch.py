"""Graph batches: what loaders produce and writers send to Neo4j.

A batch is plain data, checked against the shared mapping when it is built, so that a loader
can never write a label, relationship type or property the ontology does not declare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from loaders.errors import MappingError
from loaders.graph.mapping import MAPPING

PropValue = str | int | float | bool | dt.date | list[str] | None


class NodeRow(BaseModel):
    """One node to MERGE on its IRI, with the properties to set (``None`` removes one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    iri: str
    props: dict[str, PropValue] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> NodeRow:
        node_type = MAPPING.node(self.label)
        for key in self.props:
            node_type.prop(key)
        return self


class RelRow(BaseModel):
    """One relationship to MERGE between two nodes identified by label and IRI."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    src_label: str
    src: str
    dst_label: str
    dst: str

    @model_validator(mode="after")
    def _check(self) -> RelRow:
        rel = MAPPING.rel(self.type)
        if (self.src_label, self.dst_label) not in rel.endpoints:
            raise MappingError(
                f"{self.type} does not join {self.src_label} to {self.dst_label}; "
                f"allowed: {rel.endpoints}"
            )
        return self


class GraphBatch(BaseModel):
    """Nodes and relationships written together, in one transaction."""

    model_config = ConfigDict(extra="forbid")

    nodes: list[NodeRow] = Field(default_factory=list)
    rels: list[RelRow] = Field(default_factory=list)

    @field_validator("nodes")
    @classmethod
    def _unique_nodes(cls, rows: list[NodeRow]) -> list[NodeRow]:
        seen: dict[tuple[str, str], NodeRow] = {}
        for row in rows:
            key = (row.label, row.iri)
            if key in seen and seen[key] != row:
                raise MappingError(f"{row.label} {row.iri} appears twice with different props")
            seen[key] = row
        return list(seen.values())

    def add_node(self, label: str, iri: str, **props: Any) -> str:
        self.nodes.append(NodeRow(label=label, iri=iri, props=props))
        return iri

    def add_rel(self, rel_type: str, src_label: str, src: str, dst_label: str, dst: str) -> None:
        self.rels.append(
            RelRow(type=rel_type, src_label=src_label, src=src, dst_label=dst_label, dst=dst)
        )

    def extend(self, other: GraphBatch) -> None:
        self.nodes.extend(other.nodes)
        self.rels.extend(other.rels)

    def by_label(self) -> dict[str, list[NodeRow]]:
        groups: dict[str, dict[str, NodeRow]] = {}
        for row in self.nodes:
            groups.setdefault(row.label, {})[row.iri] = row
        return {label: list(rows.values()) for label, rows in groups.items()}

    def by_rel(self) -> dict[tuple[str, str, str], list[RelRow]]:
        groups: dict[tuple[str, str, str], dict[tuple[str, str], RelRow]] = {}
        for row in self.rels:
            key = (row.type, row.src_label, row.dst_label)
            groups.setdefault(key, {})[(row.src, row.dst)] = row
        return {key: list(rows.values()) for key, rows in groups.items()}


def merge_batches(batches: Iterable[GraphBatch]) -> GraphBatch:
    merged = GraphBatch()
    for batch in batches:
        merged.extend(batch)
    return merged
