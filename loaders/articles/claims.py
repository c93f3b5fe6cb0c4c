"""An article's extraction -> Claim, ControlClaim and CasualtyFigure nodes with provenance.

Every claim keeps the exact quote and its offsets into the stored text, the document it was
read from, the source it is attributed to, the extraction (method + version) that made it and
the rule that fired. Claim ids are content hashes of the document id, offsets, type and roles,
so extracting the same text again yields the same ids and re-loading is a no-op. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from loaders.articles.documents import Article
from loaders.claims import ControlClaim, EventClaim, Extraction
from loaders.errors import InputError
from loaders.graph.batch import GraphBatch
from loaders.graph.mapping import MAPPING, instance_iri, slug
from loaders.graph.vocabulary import EVENT_TYPES
from loaders.reference import ReferenceData

CONTROL_TYPE = "control_statement"


@dataclass(frozen=True)
class KnownIds:
    """The ids a claim may name, so that a typo in an extractor fails loudly, not silently."""

    actors: frozenset[str]
    places: frozenset[str]
    sources: frozenset[str]
    event_types: frozenset[str] = frozenset(EVENT_TYPES)

    @classmethod
    def of(cls, ref: ReferenceData) -> KnownIds:
        return cls(
            frozenset(a.id for a in ref.actors),
            frozenset(p.id for p in ref.places),
            frozenset(s.id for s in ref.sources),
        )


def extraction_id(extraction: Extraction) -> str:
    """One Extraction node per method and version: ``rules-0-3-0``."""
    return slug(f"{extraction.method}-{extraction.version}", "untitled")


def claim_id(doc_id: str, claim: EventClaim | ControlClaim) -> str:
    """Content hash of what identifies a claim: document, offsets, type and roles."""
    if isinstance(claim, EventClaim):
        key = [
            "event",
            claim.event_type,
            ",".join(sorted(claim.attackers)),
            ",".join(sorted(claim.targets)),
            ",".join(sorted(claim.participants)),
            ",".join(sorted(claim.places)),
        ]
    else:
        key = ["control", CONTROL_TYPE, claim.controller, ",".join(sorted(claim.places))]
    # Ids and types are slugs (no separators inside), so joining cannot make two keys equal.
    payload = "\x1f".join([doc_id, str(claim.start), str(claim.end), *key])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def claim_iri(base: str, doc_id: str, claim: EventClaim | ControlClaim) -> str:
    label = "Claim" if isinstance(claim, EventClaim) else "ControlClaim"
    return instance_iri(base, label, claim_id(doc_id, claim))


def event_claims(
    article: Article, extraction: Extraction, base: str
) -> list[tuple[str, EventClaim]]:
    """(claim IRI, claim) for each distinct event claim, in text order: what events resolve."""
    seen: dict[str, EventClaim] = {}
    for claim in sorted(extraction.events, key=lambda c: (c.start, c.end)):
        seen.setdefault(claim_iri(base, article.doc_id, claim), claim)
    return list(seen.items())


def _check(article: Article, claim: EventClaim | ControlClaim, known: KnownIds) -> None:
    where = str(article.path)
    span = f"claim at {claim.start}-{claim.end} (rule {claim.rule!r})"
    if article.text[claim.start : claim.end] != claim.quote:
        raise InputError(where, f"{span}: quote does not match the text at its offsets")
    checks: list[tuple[str, Sequence[str], frozenset[str]]] = [
        ("source", [claim.according_to], known.sources)
    ]
    if isinstance(claim, EventClaim):
        groups = [c.group for c in claim.casualties if c.group]
        checks += [
            ("event type", [claim.event_type], known.event_types),
            (
                "actor",
                [*claim.attackers, *claim.targets, *claim.participants, *groups],
                known.actors,
            ),
            ("place", claim.places, known.places),
        ]
    else:
        checks += [
            ("actor", [claim.controller], known.actors),
            ("place", claim.places, known.places),
        ]
    for kind, ids, allowed in checks:
        for ident in ids:
            if ident not in allowed:
                raise InputError(where, f"{span}: unknown {kind} {ident!r}")


def _claim_node(batch: GraphBatch, label: str, iri: str, claim: EventClaim | ControlClaim) -> None:
    batch.add_node(
        label,
        iri,
        id=iri.rsplit("/", 1)[-1],
        quote=claim.quote,
        startOffset=claim.start,
        endOffset=claim.end,
        startDate=claim.date.start,
        endDate=claim.date.end,
        datePrecision=claim.date.precision,
        confidence=claim.confidence,
        rule=claim.rule,
    )


def _provenance(
    batch: GraphBatch, label: str, iri: str, doc_iri: str, source_iri: str, ext_iri: str
) -> None:
    batch.add_rel("DERIVED_FROM", label, iri, "Document", doc_iri)
    batch.add_rel("ATTRIBUTED_TO", label, iri, "Source", source_iri)
    batch.add_rel("GENERATED_BY", label, iri, "Extraction", ext_iri)


def _event_claim(batch: GraphBatch, base: str, iri: str, claim: EventClaim) -> None:
    iri_of = partial(instance_iri, base)
    batch.add_rel("HAS_TYPE", "Claim", iri, "EventType", iri_of("EventType", claim.event_type))
    for rel, actors in (
        ("ATTACKER", claim.attackers),
        ("TARGET", claim.targets),
        ("PARTICIPANT", claim.participants),
    ):
        for actor in sorted(set(actors)):
            batch.add_rel(rel, "Claim", iri, "Actor", iri_of("Actor", actor))
    for place in sorted(set(claim.places)):
        batch.add_rel("OCCURRED_AT", "Claim", iri, "Place", iri_of("Place", place))
    for i, fig in enumerate(claim.casualties):
        fig_iri = batch.add_node(
            "CasualtyFigure",
            iri_of("CasualtyFigure", f"{iri.rsplit('/', 1)[-1]}-{i + 1}"),
            id=f"{iri.rsplit('/', 1)[-1]}-{i + 1}",
            count=fig.count,
            maxCount=fig.max_count,
            qualifier=fig.qualifier,
            casualtyKind=fig.kind,
            groupLabel=fig.group_label or None,
        )
        batch.add_rel("REPORTS", "Claim", iri, "CasualtyFigure", fig_iri)
        if fig.group:
            batch.add_rel("COUNTS", "CasualtyFigure", fig_iri, "Actor", iri_of("Actor", fig.group))


def _control_claim(batch: GraphBatch, base: str, iri: str, claim: ControlClaim) -> None:
    iri_of = partial(instance_iri, base)
    batch.add_rel("CONTROLLER", "ControlClaim", iri, "Actor", iri_of("Actor", claim.controller))
    for place in sorted(set(claim.places)):
        batch.add_rel("CONTROLLED_PLACE", "ControlClaim", iri, "Place", iri_of("Place", place))


def claims_batch(
    article: Article, extraction: Extraction, ref: ReferenceData | KnownIds, base: str
) -> GraphBatch:
    """Claims of one article with their provenance and roles (the Document node is not in it).

    Raises ``InputError`` naming the file when a claim's quote does not match its offsets or a
    claim names an id the reference data does not know: writing it would lose the link.
    """
    known = ref if isinstance(ref, KnownIds) else KnownIds.of(ref)
    iri_of = partial(instance_iri, base)
    doc_iri = iri_of("Document", article.doc_id)
    batch = GraphBatch()
    ext_iri = batch.add_node(
        "Extraction",
        iri_of("Extraction", extraction_id(extraction)),
        id=extraction_id(extraction),
        method=extraction.method,
        version=extraction.version,
    )
    types = {c.event_type for c in extraction.events}
    for event_type in sorted(types):
        # Only the id: the vocabulary loader owns names and definitions, this keeps HAS_TYPE
        # from silently vanishing when articles are loaded before the vocabulary.
        batch.add_node("EventType", iri_of("EventType", event_type), id=event_type)
    claims: list[EventClaim | ControlClaim] = sorted(
        [*extraction.events, *extraction.control], key=lambda c: (c.start, c.end)
    )
    written: set[str] = set()
    for claim in claims:
        _check(article, claim, known)
        label = "Claim" if isinstance(claim, EventClaim) else "ControlClaim"
        iri = claim_iri(base, article.doc_id, claim)
        if iri in written:
            continue
        written.add(iri)
        _claim_node(batch, label, iri, claim)
        _provenance(batch, label, iri, doc_iri, iri_of("Source", claim.according_to), ext_iri)
        if isinstance(claim, EventClaim):
            _event_claim(batch, base, iri, claim)
        else:
            _control_claim(batch, base, iri, claim)
    return batch


# --- plain rows for the claim-centric document statement (kg.ingest.article_cypher)
# ----------------

CLAIM_KEYS = (
    "id",
    "quote",
    "startOffset",
    "endOffset",
    "startDate",
    "endDate",
    "datePrecision",
    "confidence",
    "rule",
)
FIGURE_KEYS = ("id", "count", "maxCount", "qualifier", "casualtyKind", "groupLabel")
EXTRACTION_KEYS = ("id", "method", "version")


def _checked_keys() -> None:
    """Fail at import when a key above is not in the mapping, as a GraphBatch would."""
    for label, keys in (
        ("Claim", CLAIM_KEYS),
        ("ControlClaim", CLAIM_KEYS),
        ("CasualtyFigure", FIGURE_KEYS),
        ("Extraction", EXTRACTION_KEYS),
    ):
        node_type = MAPPING.node(label)
        for key in keys:
            node_type.prop(key)


_checked_keys()


@dataclass(frozen=True)
class ClaimRows:
    """One document's claims as plain rows: the same nodes, properties and links as
    ``claims_batch``, without validating a pydantic row per node and relationship (the keys
    are checked against the mapping once, above)."""

    extraction: dict[str, Any]
    event_types: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    """Event claims: ``iri``, ``props``, ``source``, ``type``, role lists, ``figures``."""
    control: list[dict[str, Any]]
    events: list[tuple[str, EventClaim]]
    """(claim IRI, claim) of each distinct event claim in text order, as ``event_claims``."""


def _props(iri: str, claim: EventClaim | ControlClaim) -> dict[str, Any]:
    return {
        "id": iri.rsplit("/", 1)[-1],
        "quote": claim.quote,
        "startOffset": claim.start,
        "endOffset": claim.end,
        "startDate": claim.date.start,
        "endDate": claim.date.end,
        "datePrecision": claim.date.precision,
        "confidence": claim.confidence,
        "rule": claim.rule,
    }


def _figures(base: str, claim_ident: str, claim: EventClaim) -> list[dict[str, Any]]:
    rows = []
    for i, fig in enumerate(claim.casualties):
        ident = f"{claim_ident}-{i + 1}"
        props = {
            "id": ident,
            "count": fig.count,
            "maxCount": fig.max_count,
            "qualifier": fig.qualifier,
            "casualtyKind": fig.kind,
            "groupLabel": fig.group_label or None,
        }
        groups = [instance_iri(base, "Actor", fig.group)] if fig.group else []
        rows.append(
            {"iri": instance_iri(base, "CasualtyFigure", ident), "props": props, "groups": groups}
        )
    return rows


def _iris(base: str, label: str, ids: Sequence[str]) -> list[str]:
    return [instance_iri(base, label, i) for i in sorted(set(ids))]


def _event_row(base: str, iri: str, claim: EventClaim) -> dict[str, Any]:
    return {
        "iri": iri,
        "props": _props(iri, claim),
        "source": instance_iri(base, "Source", claim.according_to),
        "type": instance_iri(base, "EventType", claim.event_type),
        "attackers": _iris(base, "Actor", claim.attackers),
        "targets": _iris(base, "Actor", claim.targets),
        "participants": _iris(base, "Actor", claim.participants),
        "places": _iris(base, "Place", claim.places),
        "figures": _figures(base, iri.rsplit("/", 1)[-1], claim),
        "event": None,
    }


def _control_row(base: str, iri: str, claim: ControlClaim) -> dict[str, Any]:
    return {
        "iri": iri,
        "props": _props(iri, claim),
        "source": instance_iri(base, "Source", claim.according_to),
        "controller": [instance_iri(base, "Actor", claim.controller)],
        "places": _iris(base, "Place", claim.places),
    }


def claim_rows(
    article: Article, extraction: Extraction, ref: ReferenceData | KnownIds, base: str
) -> ClaimRows:
    """What ``claims_batch`` writes, as plain rows, with the same checks and failures."""
    known = ref if isinstance(ref, KnownIds) else KnownIds.of(ref)
    ext_id = extraction_id(extraction)
    ext = {
        "iri": instance_iri(base, "Extraction", ext_id),
        "props": {"id": ext_id, "method": extraction.method, "version": extraction.version},
    }
    types = [
        {"iri": instance_iri(base, "EventType", t), "id": t}
        for t in sorted({c.event_type for c in extraction.events})
    ]
    claims: list[EventClaim | ControlClaim] = sorted(
        [*extraction.events, *extraction.control], key=lambda c: (c.start, c.end)
    )
    event_rows: list[dict[str, Any]] = []
    control_rows: list[dict[str, Any]] = []
    events: list[tuple[str, EventClaim]] = []
    written: set[str] = set()
    for claim in claims:
        _check(article, claim, known)
        iri = claim_iri(base, article.doc_id, claim)
        if iri in written:
            continue
        written.add(iri)
        if isinstance(claim, EventClaim):
            event_rows.append(_event_row(base, iri, claim))
            events.append((iri, claim))
        else:
            control_rows.append(_control_row(base, iri, claim))
    return ClaimRows(ext, types, event_rows, control_rows, events)
