"""The article load: read files, extract, prepare, and write one transaction per document.

Each document is written in its own transaction together with its claims and the events they
support, so one bad file never leaves half a document behind and never stops the rest of a
batch. A document whose text is unchanged (same sha256) is skipped; a changed one has its old
claims retracted and its new ones resolved to events in that same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.config import Settings
from kg.errors import InputError
from kg.ingest.article_reads import WriteContext
from kg.ingest.article_tx import ArticleWriter
from kg.ingest.event_aggregates import read_context
from kg.ingest.reference import load_event_types, load_reference
from kg.nlp.client import CoreNLPClient
from kg.store import GraphStore
from loaders.articles.documents import document_iri, read_articles
from loaders.articles.prepared import ArticlePreparer, Extractor
from loaders.articles.publishers import resolve_publishers
from loaders.claims import Extraction
from loaders.extract.parse import Parser
from loaders.extract.pipeline import EXTRACTOR_VERSION, extract
from loaders.reference import ReferenceData
from loaders.resolution.matching import MatchRules, SignatureContext
from loaders.resources import SEEDS_DIR

Progress = Callable[[str], None]


@dataclass
class LoadReport:
    """What a load did: per-file outcome and failures with their reasons."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    claims: int = 0
    """Claims written by this load (unchanged documents count zero)."""
    new_sources: list[str] = field(default_factory=list)
    """Publishers the reference data did not know, added as sources to review."""

    @property
    def ok(self) -> bool:
        return not self.failures


def load_articles(
    store: GraphStore,
    settings: Settings,
    paths: list[Path],
    ref: ReferenceData,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
    rules: MatchRules | None = None,
    on_total: Callable[[int], None] | None = None,
    parser: Parser | None = None,
) -> LoadReport:
    """Read, extract and write articles, one transaction per document; failures are reported
    with path and reason and do not stop the others.

    Without an ``extractor`` the project's extractor runs, with ``parser`` or else a client of
    the configured CoreNLP server (with its parse cache).

    Extraction of the next document overlaps the write of the previous one (``ArticleWriter``);
    the report and progress still follow the order of the files.
    """
    with ExitStack() as stack:
        produces = None
        if extractor is None:
            if parser is None:
                extractor = parsing_extractor(settings, stack)
            else:
                extractor = partial(extract, parser=parser)
            produces = Extraction(version=EXTRACTOR_VERSION)
        preparing = partial(ArticlePreparer, extractor, produces=produces)
        return _load(
            store, settings, paths, ref, preparing, rules or MatchRules(), progress, on_total
        )


def parsing_extractor(settings: Settings, stack: ExitStack) -> Extractor:
    """The article extractor with the configured parser (``KG_NLP_URL`` or the local server)
    and its parse cache; the client is closed with ``stack``."""
    client = stack.enter_context(CoreNLPClient.from_settings(settings))
    return partial(extract, parser=client)


def _load(
    store: GraphStore,
    settings: Settings,
    paths: list[Path],
    ref: ReferenceData,
    preparing: Callable[[ReferenceData, SignatureContext, str], ArticlePreparer],
    rules: MatchRules,
    progress: Progress | None,
    on_total: Callable[[int], None] | None,
) -> LoadReport:
    report = LoadReport()
    base = settings.base_iri
    ctx = store.read_tx(read_context)
    articles, report.failures = read_articles(paths, settings.max_article_bytes)
    publishers = resolve_publishers(ref, {a.meta.publisher for a in articles if a.meta.publisher})
    if publishers.added:
        store.write_batch(publishers.batch(base))
        report.new_sources = [s.name for s in publishers.added]
    articles = [publishers.article(a) for a in articles]
    preparer = preparing(publishers.ref, ctx, base)
    if on_total:
        on_total(len(articles) + len(report.failures))
    for failure in report.failures:
        if progress:
            progress(failure.source)
    documents = [document_iri(base, a) for a in articles]
    wctx = WriteContext.read(store, ctx, rules, base, documents)
    with ArticleWriter(store, wctx) as writer:
        for article in articles:
            path = str(article.path)
            if preparer.unchanged(article, wctx.stored):
                writer.submit(lambda: False, partial(_done, report, path, 0, progress))
                continue
            try:
                prepared = preparer.prepare(article)
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
