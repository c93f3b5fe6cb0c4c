"""A document prepared for its transaction: the article's extraction, its document and claim
rows and the claims' event signatures, built before any transaction starts (pure, given a
pure extractor)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from loaders.articles.claims import ClaimRows, KnownIds, claim_rows
from loaders.articles.documents import Article, ArticleMeta, document_iri, document_props
from loaders.claims import Extraction
from loaders.errors import InputError, KGError
from loaders.graph.mapping import instance_iri
from loaders.reference import ReferenceData
from loaders.resolution.matching import EventSignature, SignatureContext

log = logging.getLogger(__name__)

Extractor = Callable[[str, ArticleMeta, ReferenceData], Extraction]
"""Article text and metadata + reference data -> event and control claims."""


@dataclass(frozen=True)
class PreparedArticle:
    """Everything one document transaction writes, built before the transaction starts."""

    doc: dict[str, Any]
    """``iri``, ``props`` (``DOCUMENT_KEYS``), ``publisher`` (a list of zero or one IRI) and
    ``sourcePath`` (the file's absolute path, kept to tell an edit from an id collision)."""
    rows: ClaimRows
    items: list[tuple[str, EventSignature]]
    """(claim IRI, signature) of each event claim, in text order: what events resolve."""

    @property
    def doc_iri(self) -> str:
        return str(self.doc["iri"])

    @property
    def source_path(self) -> str:
        return str(self.doc["sourcePath"])

    @property
    def file_name(self) -> str:
        return str(self.doc["props"]["fileName"])

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
        "sourcePath": str(article.path.absolute()),
    }
    items = [
        (
            iri,
            ctx.signature(
                c.event_type, c.attackers, c.targets, c.places, c.date.start, c.date.end,
                c.date.precision,
            ),
        )
        for iri, c in rows.events
    ]  # fmt: skip
    return PreparedArticle(doc, rows, items)


def publisher_iri(article: Article, base: str, known_sources: set[str]) -> str | None:
    publisher = article.meta.publisher
    if publisher is None:
        return None
    if publisher not in known_sources:
        raise InputError(
            str(article.path),
            f"unknown publisher {publisher!r}; add it to "
            "seeds/sources.yaml or use a known source id",
        )
    return instance_iri(base, "Source", publisher)


def run_extractor(extract: Extractor, article: Article, ref: ReferenceData) -> Extraction:
    """Run the extractor; its failure on one text is that file's failure, not the batch's."""
    try:
        return extract(article.text, article.meta, ref)
    except KGError as e:
        raise InputError(str(article.path), f"extraction failed: {e}") from e
    except Exception as e:
        log.exception("extractor failed on %s", article.path)
        raise InputError(str(article.path), f"extraction failed: {type(e).__name__}: {e}") from e


@dataclass(frozen=True)
class ArticlePreparer:
    """What every document of one load shares: the extractor, the reference data, the
    signature context and the base IRI; ``prepare`` turns one article into what its
    transaction writes."""

    extract: Extractor
    ref: ReferenceData
    ctx: SignatureContext
    base: str

    def prepare(self, article: Article) -> PreparedArticle:
        known = {s.id for s in self.ref.sources}
        publisher = publisher_iri(article, self.base, known)
        extraction = run_extractor(self.extract, article, self.ref)
        return prepare_article(article, extraction, self.ref, self.ctx, self.base, publisher)
