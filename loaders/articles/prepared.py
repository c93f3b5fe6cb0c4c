"""A document prepared for its transaction: document and claim rows and the claims' event
signatures, built from the article and its extraction before any transaction starts (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from loaders.articles.claims import ClaimRows, KnownIds, claim_rows
from loaders.articles.documents import Article, document_iri, document_props
from loaders.claims import Extraction
from loaders.reference import ReferenceData
from loaders.resolution.signatures import EventSignature, SignatureContext


@dataclass(frozen=True)
class PreparedArticle:
    """Everything one document transaction writes, built before the transaction starts."""

    doc: dict[str, Any]
    """``iri``, ``props`` (``DOCUMENT_KEYS``) and ``publisher`` (a list of zero or one IRI)."""
    rows: ClaimRows
    items: list[tuple[str, EventSignature]]
    """(claim IRI, signature) of each event claim, in text order: what events resolve."""

    @property
    def doc_iri(self) -> str:
        return str(self.doc["iri"])

    @property
    def sha256(self) -> str:
        return str(self.doc["props"]["sha256"])

    @property
    def claims(self) -> int:
        return len(self.rows.claims) + len(self.rows.control)

    @property
    def extraction_iri(self) -> str:
        return str(self.rows.extraction["iri"])

    @property
    def expected_extractions(self) -> frozenset[str]:
        """The extractions the stored claims of this document, unchanged, come from."""
        return frozenset({self.extraction_iri} if self.claims else ())

    def stored_as(self, sha256: str | None, extractions: Iterable[str]) -> bool:
        """Whether a stored document with this text hash and these claim extractions is this
        one, unchanged: same text, claims from the same extraction (method and version)."""
        return (sha256, frozenset(extractions)) == (self.sha256, self.expected_extractions)


def prepare_article(
    article: Article,
    extraction: Extraction,
    ref: ReferenceData | KnownIds,
    ctx: SignatureContext,
    base: str,
    publisher: str | None,
) -> PreparedArticle:
    """Document and claim rows and the event signatures of the claims (pure)."""
    rows = claim_rows(article, extraction, ref, base)
    doc = {
        "iri": document_iri(base, article),
        "props": document_props(article),
        "publisher": [publisher] if publisher else [],
    }
    items = [
        (
            iri,
            ctx.signature(
                c.event_type, c.attackers, c.targets, c.places, c.date.start, c.date.end,
                c.date.precision, c.participants,
            ),
        )
        for iri, c in rows.events
    ]  # fmt: skip
    return PreparedArticle(doc, rows, items)
