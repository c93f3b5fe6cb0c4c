"""Mapped dataset rows -> graph batches.

Each row becomes a Claim (quote = the row's notes, locator = the row id and release) DERIVED_FROM
a Document of type DatasetRecord (one per row, so that every claim points at its own record and
no Document gathers millions of links; it carries the row's hash and version), PUBLISHED_BY the
dataset's Source, ATTRIBUTED_TO the sources the row lists, HAS_TYPE its event type, with its
attackers, targets and participants, its place as written and its casualty figures. Ids derive
from the dataset and row id, so re-loading a file MERGEs onto the same nodes.

Rows are built with ``model_construct`` after the labels, keys and endpoints used here were
checked against the mapping once at import: per-row validation would cost more than the write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from loaders.datasets.mapped import MappedRow
from loaders.datasets.places import WrittenPlace
from loaders.datasets.resolve import Resolved
from loaders.errors import MappingError
from loaders.graph.batch import GraphBatch, NodeRow, RelRow
from loaders.graph.mapping import MAPPING, instance_iri

LOADER_VERSION = "2"
NEW_NODE_CONFIDENCE = 0.8
"""Confidence of a claim naming an actor, source or place the loader had to create."""

PROPERTY_KEYS = {
    "Claim": (
        "id", "quote", "startDate", "endDate", "datePrecision", "confidence", "rule", "locator",
        "datasetCategory", "retractedOn",
    ),
    "Document": ("id", "title", "documentType", "sha256", "datePublished", "version"),
    "CasualtyFigure": ("id", "count", "maxCount", "qualifier", "casualtyKind", "groupLabel"),
    "Actor": ("id", "name", "aliases", "actorType", "reviewNeeded"),
    "Source": ("id", "name", "aliases", "sourceType", "reviewNeeded"),
    "Place": (
        "id", "name", "aliases", "placeType", "lat", "lon", "precisionKm", "locationUnknown",
        "reviewNeeded", "nearKm",
    ),
    "EventType": ("id",),
    "Extraction": ("id", "method", "version"),
}  # fmt: skip
"""Property keys each label gets from this module (checked against the mapping at import)."""
_RELS = (
    ("DERIVED_FROM", "Claim", "Document"),
    ("PUBLISHED_BY", "Document", "Source"),
    ("ATTRIBUTED_TO", "Claim", "Source"),
    ("GENERATED_BY", "Claim", "Extraction"),
    ("HAS_TYPE", "Claim", "EventType"),
    ("ATTACKER", "Claim", "Actor"),
    ("TARGET", "Claim", "Actor"),
    ("PARTICIPANT", "Claim", "Actor"),
    ("OCCURRED_AT", "Claim", "Place"),
    ("REPORTS", "Claim", "CasualtyFigure"),
    ("COUNTS", "CasualtyFigure", "Actor"),
    ("PART_OF", "Place", "Place"),
    ("NEAR", "Place", "Place"),
)


ROW_LABELS = ("Claim", "Document", "CasualtyFigure")
"""Labels of the nodes each row makes: their IRIs are a fixed prefix + the row's id."""


def _check_mapping() -> None:
    for label, keys in PROPERTY_KEYS.items():
        for key in keys:
            MAPPING.node(label).prop(key)
    for label in ROW_LABELS:
        if MAPPING.node(label).iri_base is not None:
            raise MappingError(f"{label} IRIs must be the instance base + kind + id")
    for rel, src, dst in _RELS:
        NodeRow(label=src, iri="x")
        RelRow(type=rel, src_label=src, src="x", dst_label=dst, dst="y")


_check_mapping()


CLAIM_LINKS = (
    ("attackers", "ATTACKER", "Actor"),
    ("targets", "TARGET", "Actor"),
    ("participants", "PARTICIPANT", "Actor"),
    ("sources", "ATTRIBUTED_TO", "Source"),
)
"""List fields of a claim record: (key, relationship type, label of the target)."""


@dataclass
class DatasetBatch:
    """A chunk as written: the shared nodes (new actors, sources and places, event types, the
    extraction) as a GraphBatch, and one plain record per claim.

    Records hold a claim's own nodes (claim, document, casualty figures) and the IRIs it links
    to, so that one claim-centric statement (``kg.ingest.dataset_cypher``) writes them: each claim
    is looked up once instead of once per relationship type. ``to_graph_batch`` gives the same
    content as an ordinary, fully validated GraphBatch.
    """

    shared: GraphBatch = field(default_factory=GraphBatch)
    claims: list[dict[str, Any]] = field(default_factory=list)

    def to_graph_batch(self) -> GraphBatch:
        batch = GraphBatch()
        for node in self.shared.nodes:
            batch.add_node(node.label, node.iri, **node.props)
        for r in self.shared.rels:
            batch.add_rel(r.type, r.src_label, r.src, r.dst_label, r.dst)
        for c in self.claims:
            claim = batch.add_node("Claim", c["claim"], **c["claimProps"])
            doc = batch.add_node("Document", c["doc"], **c["docProps"])
            batch.add_rel("DERIVED_FROM", "Claim", claim, "Document", doc)
            batch.add_rel("PUBLISHED_BY", "Document", doc, "Source", c["publisher"])
            batch.add_rel("GENERATED_BY", "Claim", claim, "Extraction", c["extraction"])
            batch.add_rel("HAS_TYPE", "Claim", claim, "EventType", c["type"])
            batch.add_rel("OCCURRED_AT", "Claim", claim, "Place", c["place"])
            for key, rel, label in CLAIM_LINKS:
                for dst in c[key]:
                    batch.add_rel(rel, "Claim", claim, label, dst)
            for f in c["figures"]:
                fig = batch.add_node("CasualtyFigure", f["iri"], **f["props"])
                batch.add_rel("REPORTS", "Claim", claim, "CasualtyFigure", fig)
                for group in f["groups"]:
                    batch.add_rel("COUNTS", "CasualtyFigure", fig, "Actor", group)
        return batch


@lru_cache(maxsize=1 << 16)
def _reference_iri(base: str, label: str, ident: str) -> str:
    """IRIs of actors, sources, places, event types: few distinct ones, asked for on every row."""
    return instance_iri(base, label, ident)


class BatchBuilder:
    """Adds mapped rows to a DatasetBatch; shared nodes go in once per chunk, and not again in
    a later chunk of the same load when ``written`` (the load's set) already has them."""

    def __init__(self, base: str, written: set[tuple[str, str]] | None = None) -> None:
        self.base = base
        self.batch = DatasetBatch()
        self._seen: set[tuple[str, str]] = set() if written is None else written
        # Per-row IRIs are a prefix + the id (ROW_LABELS have no fixed IRI base, checked at
        # import): instance_iri would look the label up in the mapping for every node.
        self._prefix = {label: instance_iri(base, label, "") for label in ROW_LABELS}

    def iri(self, label: str, ident: str) -> str:
        if label in self._prefix:
            return self._prefix[label] + ident
        return _reference_iri(self.base, label, ident)

    def _node(self, label: str, ident: str, **props: Any) -> str:
        iri = self.iri(label, ident)
        if (label, iri) not in self._seen:
            self._seen.add((label, iri))
            props["id"] = ident
            node = NodeRow.model_construct(label=label, iri=iri, props=props)
            self.batch.shared.nodes.append(node)
        return iri

    def _rel(self, rel: str, src: str, dst: str) -> None:
        row = RelRow.model_construct(
            type=rel, src_label="Place", src=src, dst_label="Place", dst=dst
        )
        self.batch.shared.rels.append(row)

    def _shared(self, label: str, r: Resolved) -> str:
        iri = self.iri(label, r.id)
        if not r.new or (label, iri) in self._seen:
            return iri
        common = {"name": r.name, "aliases": [r.name], "reviewNeeded": True}
        if label == "Actor":
            return self._node(label, r.id, actorType=r.kind, **common)
        return self._node(label, r.id, sourceType=r.kind, **common)

    def _place(self, p: WrittenPlace) -> str:
        """The row's place as written, with its PART_OF and NEAR links (and a new district)."""
        iri = self.iri("Place", p.id)
        if ("Place", iri) in self._seen:
            return iri
        self._node(
            "Place", p.id, name=p.name, aliases=[p.name], placeType=p.place_type, lat=p.lat,
            lon=p.lon, precisionKm=p.precision_km, reviewNeeded=True, nearKm=p.near_km,
        )  # fmt: skip
        district = p.new_district
        if district is not None and ("Place", self.iri("Place", district.id)) not in self._seen:
            d = self._node(
                "Place", district.id, name=district.name, aliases=[district.name],
                placeType="District", locationUnknown=True, reviewNeeded=True,
            )  # fmt: skip
            self._rel("PART_OF", d, self.iri("Place", district.parent))
        if p.parent is not None:
            self._rel("PART_OF", iri, self.iri("Place", p.parent))
        if p.near is not None:
            self._rel("NEAR", iri, self.iri("Place", p.near))
        return iri

    def add(self, m: MappedRow) -> str:
        """Add one row's claim record (and any new shared node); returns the claim's IRI."""
        row, cid = m.row, m.claim_id
        claim = self.iri("Claim", cid)
        publisher = self.iri("Source", row.dataset)
        extraction = f"dataset-{row.dataset}-{LOADER_VERSION}"
        figures = [
            {
                "iri": self.iri("CasualtyFigure", f"{cid}-{i + 1}"),
                "props": {
                    "id": f"{cid}-{i + 1}",
                    "count": fig.count,
                    "maxCount": fig.max_count,
                    "qualifier": fig.qualifier,
                    "casualtyKind": "killed",
                    "groupLabel": fig.group or fig.label,
                },
                "groups": [self._shared("Actor", a) for a in group],
            }
            for i, (fig, group) in enumerate(zip(row.figures, m.groups, strict=True))
        ]
        self.batch.claims.append(
            {
                "claim": claim,
                "claimProps": {
                    "id": cid,
                    "quote": row.quote,
                    "startDate": row.start,
                    "endDate": row.end,
                    "datePrecision": row.date_precision,
                    "confidence": NEW_NODE_CONFIDENCE if m.has_new else 1.0,
                    "rule": row.rule,
                    "locator": row.locator,
                    "datasetCategory": row.category,
                    "retractedOn": None,
                },
                "doc": self.iri("Document", cid),
                "docProps": {
                    "id": cid,
                    "title": row.locator,
                    "documentType": "DatasetRecord",
                    "sha256": row.sha256,
                    "datePublished": row.release,
                    "version": row.version,
                },
                "publisher": publisher,
                "extraction": self._node(
                    "Extraction",
                    extraction,
                    method=f"dataset:{row.dataset}",
                    version=LOADER_VERSION,
                ),
                "type": self._node("EventType", m.event_type),
                "place": self._place(m.place),
                "attackers": [self._shared("Actor", a) for a in m.attackers],
                "targets": [self._shared("Actor", a) for a in m.targets],
                "participants": [self._shared("Actor", a) for a in m.participants],
                # A row listing no source is the dataset's own statement.
                "sources": [self._shared("Source", s) for s in m.sources] or [publisher],
                "figures": figures,
            }
        )
        return claim


def rows_batch(
    rows: Iterable[MappedRow], base: str, written: set[tuple[str, str]] | None = None
) -> DatasetBatch:
    """All rows of a chunk as one batch (see ``BatchBuilder`` for ``written``)."""
    builder = BatchBuilder(base, written)
    for m in rows:
        builder.add(m)
    return builder.batch
