"""Parsed dataset rows -> graph batches and event signatures.

Each row becomes a Claim (quote = the row's notes, locator = the row id and release) DERIVED_FROM
a Document of type DatasetRecord (one per row, so that every claim points at its own record and
no Document gathers millions of links), PUBLISHED_BY the dataset's Source, ATTRIBUTED_TO the
sources the row lists, HAS_TYPE its event type, with attackers, targets, place and casualty
figures. Ids derive from the dataset and row id, so re-loading a file MERGEs onto the same nodes.

Rows are built with ``model_construct`` after the labels, keys and endpoints used here were
checked against the mapping once at import: per-row validation would cost more than the write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from kg.batch import GraphBatch, NodeRow, RelRow
from kg.mapping import MAPPING, instance_iri
from loaders.corroboration import EventSignature, PlaceRef, SignatureContext
from loaders.datasets.common import DatasetRow, slug
from loaders.datasets.resolve import Resolved, Resolver

LOADER_VERSION = "1"
NEW_NODE_CONFIDENCE = 0.8
"""Confidence of a claim naming an actor, source or place the loader had to create."""

_KEYS = {
    "Claim": (
        "id", "quote", "startDate", "endDate", "datePrecision", "confidence", "rule", "locator",
    ),
    "Document": ("id", "title", "documentType", "sha256", "datePublished"),
    "CasualtyFigure": ("id", "count", "maxCount", "qualifier", "casualtyKind", "groupLabel"),
    "Actor": ("id", "name", "aliases", "actorType", "reviewNeeded"),
    "Source": ("id", "name", "aliases", "sourceType", "reviewNeeded"),
    "Place": ("id", "name", "aliases", "placeType", "lat", "lon", "precisionKm", "reviewNeeded"),
    "EventType": ("id",),
    "Extraction": ("id", "method", "version"),
}  # fmt: skip
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
)


def _check_mapping() -> None:
    for label, keys in _KEYS.items():
        for key in keys:
            MAPPING.node(label).prop(key)
    for rel, src, dst in _RELS:
        NodeRow(label=src, iri="x")
        RelRow(type=rel, src_label=src, src="x", dst_label=dst, dst="y")


_check_mapping()


@dataclass(frozen=True, slots=True)
class MappedRow:
    """A row with its names resolved: what the batch and the signature are built from."""

    row: DatasetRow
    event_type: str
    attackers: tuple[Resolved, ...]
    targets: tuple[Resolved, ...]
    participants: tuple[Resolved, ...]
    sources: tuple[Resolved, ...]
    place: Resolved
    groups: tuple[Resolved | None, ...]

    @property
    def claim_id(self) -> str:
        prefix = "acled" if self.row.dataset == "acled" else "ucdp-ged"
        return f"{prefix}-{slug(self.row.record_id)}"

    @property
    def has_new(self) -> bool:
        named = (*self.attackers, *self.targets, *self.participants, *self.sources, self.place)
        return any(r.new for r in named)


def map_row(row: DatasetRow, resolver: Resolver) -> MappedRow | None:
    """Resolve a row's names; None when its category lies outside the event type scheme."""
    event_type = resolver.event_type(row.dataset, row.category)
    if event_type is None:
        return None
    groups = tuple(
        None if f.group is None else resolver.actor(f.group, "ArmedGroup") for f in row.figures
    )
    return MappedRow(
        row=row,
        event_type=event_type,
        attackers=tuple(resolver.actor(a.name, a.actor_type) for a in row.attackers),
        targets=tuple(resolver.actor(a.name, a.actor_type) for a in row.targets),
        participants=tuple(resolver.actor(a.name, a.actor_type) for a in row.participants),
        sources=tuple(resolver.source(s) for s in row.sources),
        place=resolver.place(row.location),
        groups=groups,
    )


class BatchBuilder:
    """Adds mapped rows to a batch; shared nodes (new actors, places, ...) go in once."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.batch = GraphBatch()
        self._seen: set[tuple[str, str]] = set()

    def iri(self, label: str, ident: str) -> str:
        return instance_iri(self.base, label, ident)

    def _node(self, label: str, ident: str, **props: Any) -> str:
        iri = self.iri(label, ident)
        if (label, iri) not in self._seen:
            self._seen.add((label, iri))
            props["id"] = ident
            self.batch.nodes.append(NodeRow.model_construct(label=label, iri=iri, props=props))
        return iri

    def _rel(self, rel: str, src_label: str, src: str, dst_label: str, dst: str) -> None:
        self.batch.rels.append(
            RelRow.model_construct(
                type=rel, src_label=src_label, src=src, dst_label=dst_label, dst=dst
            )
        )

    def _shared(self, label: str, r: Resolved) -> str:
        if not r.new:
            return self.iri(label, r.id)
        if label == "Actor":
            return self._node(
                label, r.id, name=r.name, aliases=[r.name], actorType=r.kind, reviewNeeded=True
            )
        if label == "Source":
            return self._node(
                label, r.id, name=r.name, aliases=[r.name], sourceType=r.kind, reviewNeeded=True
            )
        iri = self._node(
            label,
            r.id,
            name=r.name,
            aliases=[r.name],
            placeType=r.kind,
            lat=r.lat,
            lon=r.lon,
            precisionKm=r.precision_km,
            reviewNeeded=True,
        )
        if r.part_of:
            self._rel("PART_OF", "Place", iri, "Place", self.iri("Place", r.part_of))
        return iri

    def add(self, m: MappedRow) -> str:
        """Add one row's nodes and relationships; returns the claim's IRI."""
        row, cid = m.row, m.claim_id
        claim = self._node(
            "Claim",
            cid,
            quote=row.quote,
            startDate=row.start,
            endDate=row.end,
            datePrecision=row.date_precision,
            confidence=NEW_NODE_CONFIDENCE if m.has_new else 1.0,
            rule=row.rule,
            locator=row.locator,
        )
        doc = self._node(
            "Document",
            cid,
            title=row.locator,
            documentType="DatasetRecord",
            sha256=row.sha256,
            datePublished=row.release,
        )
        publisher = self.iri("Source", row.dataset)
        self._rel("DERIVED_FROM", "Claim", claim, "Document", doc)
        self._rel("PUBLISHED_BY", "Document", doc, "Source", publisher)
        extraction = f"dataset-{row.dataset}-{LOADER_VERSION}"
        ext = self._node(
            "Extraction", extraction, method=f"dataset:{row.dataset}", version=LOADER_VERSION
        )
        self._rel("GENERATED_BY", "Claim", claim, "Extraction", ext)
        # A row listing no source is the dataset's own statement.
        sources = [self._shared("Source", s) for s in m.sources] or [publisher]
        for src in sources:
            self._rel("ATTRIBUTED_TO", "Claim", claim, "Source", src)
        self._rel("HAS_TYPE", "Claim", claim, "EventType", self._node("EventType", m.event_type))
        roles = (("ATTACKER", m.attackers), ("TARGET", m.targets), ("PARTICIPANT", m.participants))
        for rel, actors in roles:
            for actor in actors:
                self._rel(rel, "Claim", claim, "Actor", self._shared("Actor", actor))
        self._rel("OCCURRED_AT", "Claim", claim, "Place", self._shared("Place", m.place))
        for i, (fig, group) in enumerate(zip(row.figures, m.groups, strict=True)):
            fig_iri = self._node(
                "CasualtyFigure",
                f"{cid}-{i + 1}",
                count=fig.count,
                maxCount=fig.max_count,
                qualifier=fig.qualifier,
                casualtyKind="killed",
                groupLabel=fig.group or fig.label,
            )
            self._rel("REPORTS", "Claim", claim, "CasualtyFigure", fig_iri)
            if group is not None:
                counted = self._shared("Actor", group)
                self._rel("COUNTS", "CasualtyFigure", fig_iri, "Actor", counted)
        return claim


def rows_batch(rows: Iterable[MappedRow], base: str) -> GraphBatch:
    """All rows of a chunk as one batch."""
    builder = BatchBuilder(base)
    for m in rows:
        builder.add(m)
    return builder.batch


def signature(m: MappedRow, ctx: SignatureContext) -> EventSignature:
    """The row's event signature; a new place carries the row's own coordinates."""
    sig = ctx.signature(
        m.event_type,
        attackers=[a.id for a in m.attackers],
        targets=[t.id for t in m.targets],
        places=[m.place.id],
        start=m.row.start,
        end=m.row.end,
        precision=m.row.date_precision,
    )
    if not m.place.new:
        return sig
    own = PlaceRef(m.place.id, m.place.lat, m.place.lon, m.place.kind, _ancestors(ctx, m.place))
    return replace(sig, places=(own,))


def _ancestors(ctx: SignatureContext, place: Resolved) -> frozenset[str]:
    if place.part_of is None:
        return frozenset()
    return ctx.place(place.part_of).ancestors | {place.part_of}
