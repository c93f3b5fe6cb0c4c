"""The article load: read files, extract, prepare, and write one transaction per document.

Each document is written in its own transaction together with its claims and the events they
support, so one bad file never leaves half a document behind and never stops the rest of a
batch. A document whose text is unchanged (same sha256) is skipped; a changed one has its old
claims retracted and its new ones resolved to events in that same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.config import Settings
from kg.errors import InputError, KGError
from kg.ingest.article_reads import WriteContext
from kg.ingest.article_tx import ArticleWriter
from kg.ingest.events import read_context
from kg.ingest.reference import load_event_types, load_reference
from kg.store import GraphStore
from loaders.articles.documents import (
    Article,
    ArticleMeta,
    document_iri,
    find_articles,
    metadata_for,
    read_article,
    read_index,
)
from loaders.articles.prepared import PreparedArticle, prepare_article
from loaders.claims import Extraction
from loaders.extract.pipeline import extract as rule_extract
from loaders.graph.mapping import instance_iri
from loaders.reference import ReferenceData
from loaders.resolution.rules import MatchRules
from loaders.resolution.signatures import SignatureContext
from loaders.resources import SEEDS_DIR

log = logging.getLogger(__name__)


Extractor = Callable[[str, ArticleMeta, ReferenceData], Extraction]
Progress = Callable[[str], None]


@dataclass
class LoadReport:
    """What a load did: per-file outcome and failures with their reasons."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    claims: int = 0
    """Claims written by this load (unchanged documents count zero)."""

    @property
    def ok(self) -> bool:
        return not self.failures


def read_articles(paths: list[Path], settings: Settings, report: LoadReport) -> list[Article]:
    """Read every article under ``paths``; unreadable ones go to the report, not up the stack."""
    articles: list[Article] = []
    index_cache: dict[Path, dict[str, ArticleMeta]] = {}
    for path in find_articles(paths):
        try:
            index = _index_for(path.parent, index_cache)
            meta = metadata_for(path, index)
            articles.append(read_article(path, meta, settings.max_article_bytes))
        except InputError as e:
            report.failures.append(e)
    return articles


def _index_for(folder: Path, cache: dict[Path, dict[str, ArticleMeta]]) -> dict[str, ArticleMeta]:
    if folder not in cache:
        index_path = next(
            (folder / n for n in ("index.yaml", "index.yml") if (folder / n).exists()), None
        )
        cache[folder] = dict(read_index(index_path)) if index_path else {}
    return cache[folder]


def publisher_iri(article: Article, settings: Settings, known_sources: set[str]) -> str | None:
    publisher = article.meta.publisher
    if publisher is None:
        return None
    if publisher not in known_sources:
        raise InputError(
            str(article.path),
            f"unknown publisher {publisher!r}; add it to "
            "seeds/sources.yaml or use a known source id",
        )
    return instance_iri(settings.base_iri, "Source", publisher)


@dataclass(frozen=True)
class _ArticleLoader:
    """What every document of one load shares: store, extractor, reference and rules."""

    store: GraphStore
    settings: Settings
    extract: Extractor
    ref: ReferenceData
    ctx: SignatureContext

    def prepare(self, article: Article) -> PreparedArticle:
        base = self.settings.base_iri
        publisher = publisher_iri(article, self.settings, {s.id for s in self.ref.sources})
        extraction = _run_extractor(self.extract, article, self.ref)
        return prepare_article(article, extraction, self.ref, self.ctx, base, publisher)


def load_articles(
    store: GraphStore,
    settings: Settings,
    paths: list[Path],
    ref: ReferenceData,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
    rules: MatchRules | None = None,
) -> LoadReport:
    """Read, extract and write articles, one transaction per document; failures are reported
    with path and reason and do not stop the others.

    Extraction of the next document overlaps the write of the previous one (``ArticleWriter``);
    the report and progress still follow the order of the files.
    """
    report = LoadReport()
    loader = _ArticleLoader(
        store, settings, extractor or rule_extract, ref, store.read_tx(read_context)
    )
    articles = read_articles(paths, settings, report)
    for failure in report.failures:
        if progress:
            progress(failure.source)
    base = settings.base_iri
    documents = [document_iri(base, a) for a in articles]
    rules = rules or MatchRules(min_score=settings.match_min_score)
    wctx = WriteContext.read(store, loader.ctx, rules, base, documents)
    with ArticleWriter(store, wctx) as writer:
        for article in articles:
            path = str(article.path)
            try:
                prepared = loader.prepare(article)
            except InputError as e:
                writer.wait()
                report.failures.append(e)
                if progress:
                    progress(path)
                continue
            writer.submit_article(prepared, partial(_done, report, path, prepared.claims, progress))
    return report


def _done(
    report: LoadReport, path: str, claims: int, progress: Progress | None, written: bool
) -> None:
    if written:
        report.loaded.append(path)
        report.claims += claims
    else:
        report.unchanged.append(path)
    if progress:
        progress(path)


def _run_extractor(extract: Extractor, article: Article, ref: ReferenceData) -> Extraction:
    """Run the extractor; its failure on one text is that file's failure, not the batch's."""
    try:
        return extract(article.text, article.meta, ref)
    except KGError as e:
        raise InputError(str(article.path), f"extraction failed: {e}") from e
    except Exception as e:
        log.exception("extractor failed on %s", article.path)
        raise InputError(str(article.path), f"extraction failed: {type(e).__name__}: {e}") from e


def load_seeds(
    store: GraphStore,
    settings: Settings,
    seeds_dir: Path = SEEDS_DIR,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
) -> LoadReport:
    """Reference data, the event type vocabulary, then the seed articles with their claims."""
    ref = load_reference(store, settings, seeds_dir)
    load_event_types(store, settings)
    articles = [seeds_dir / "articles"]
    return load_articles(store, settings, articles, ref, progress, extractor=extractor)


def count_articles(paths: Sequence[Path]) -> int:
    """How many article files ``paths`` name (for a progress bar's total)."""
    return len(find_articles(list(paths)))
