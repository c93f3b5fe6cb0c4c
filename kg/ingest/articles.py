"""The article load: read files, extract, prepare, and write one transaction per document.

Each document is written in its own transaction together with its claims and the events they
support, so one bad file never leaves half a document behind and never stops the rest of a
batch. A document whose text is unchanged (same sha256) is skipped; a changed one has its old
claims retracted and its new ones resolved to events in that same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg import changes
from kg.config import Settings
from kg.dataset import bind_namespace
from kg.errors import InputError
from kg.ingest.article_reads import WriteContext
from kg.ingest.article_tx import ArticleWriter, Outcome
from kg.ingest.event_aggregates import read_context
from kg.ingest.preparation import (
    UNCHANGED,
    ExtractorFactory,
    FixedExtractor,
    ParsingExtractor,
    PreparerSpec,
    prepared_in_order,
)
from kg.ingest.reference import load_event_types, load_reference
from kg.store import GraphStore
from loaders.articles.documents import document_iri, read_articles
from loaders.articles.prepared import Extractor, PreparedArticle
from loaders.articles.publishers import resolve_publishers
from loaders.claims import Extraction
from loaders.extract.parse import Parser
from loaders.extract.pipeline import EXTRACTOR_VERSION
from loaders.reference import ReferenceData
from loaders.resolution.rules import MatchRules
from loaders.resources import SEEDS_DIR

Progress = Callable[[str], None]


@dataclass
class LoadReport:
    """What a load did: per-file outcome and failures with their reasons."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    """IRIs of the documents written (also noted in the change journal, see ``kg.changes``)."""
    failures: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    """Files loaded that may not give what their reader expects (no English text)."""
    claims: int = 0
    """Claims written by this load (unchanged documents count zero)."""
    new_sources: list[str] = field(default_factory=list)
    """Publishers the reference data did not know, added as sources to review."""
    found: int = 0
    """Article files found under the given paths (read or not)."""
    interrupted: bool = False
    """Stopped by Ctrl-C: the documents counted were written whole, the rest not at all."""

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
    replace: bool = False,
    workers: int = 1,
    factory: ExtractorFactory | None = None,
    parser: Parser | None = None,
) -> LoadReport:
    """Read, extract and write articles, one transaction per document; failures are reported
    with path and reason and do not stop the others.

    The extractor is ``extractor``, else the one ``factory`` builds (in each worker process),
    else the project's own with ``parser`` or a client of the configured CoreNLP server (with
    its parse cache). With the project's own extractor, a document stored with the same text
    and claims of the same extractor version is skipped before it is parsed.

    Extraction of the next documents overlaps the write of the previous one (``ArticleWriter``),
    in ``workers`` processes when more than one; the report and progress still follow the
    order of the files. Ctrl-C stops at a document boundary: the report says what was done.
    """
    produces = None
    if extractor is not None:
        chosen: ExtractorFactory = FixedExtractor(extractor)
    elif factory is not None:
        chosen = factory
    else:
        chosen = ParsingExtractor(parser)
        produces = Extraction(version=EXTRACTOR_VERSION)
    report = LoadReport()
    settings = bind_namespace(store, settings)
    base = settings.namespace
    ctx = store.read_tx(read_context)
    articles, report.failures = read_articles(paths, settings.max_article_bytes)
    report.found = len(articles) + len(report.failures)
    publishers = resolve_publishers(ref, {a.meta.publisher for a in articles if a.meta.publisher})
    if publishers.added:
        store.write_batch(publishers.batch(base))
        report.new_sources = [s.name for s in publishers.added]
    articles = [publishers.article(a) for a in articles]
    if on_total:
        on_total(report.found)
    for failure in report.failures:
        if progress:
            progress(failure.source)
    documents = [document_iri(base, a) for a in articles]
    rules = rules or MatchRules(min_score=settings.match_min_score)
    wctx = WriteContext.read(store, ctx, rules, base, documents, replace)
    spec = PreparerSpec(chosen, settings, publishers.ref, ctx, produces, dict(wctx.stored))
    with ArticleWriter(store, wctx) as writer:
        try:
            for article, prepared in prepared_in_order(spec, articles, workers):
                path = str(article.path)
                report.warnings.extend(InputError(path, w) for w in article.warnings)
                if prepared is UNCHANGED:
                    skip = partial(_done, settings, report, path, None, progress)
                    writer.submit(lambda: False, skip)
                    continue
                if isinstance(prepared, InputError):
                    writer.wait()
                    _done(settings, report, path, None, progress, prepared)
                    continue
                assert isinstance(prepared, PreparedArticle)
                done = partial(_done, settings, report, path, prepared, progress)
                writer.submit_article(prepared, done)
        except KeyboardInterrupt:
            report.interrupted = True
            writer.wait()  # the document in flight is written whole
    return report


def _done(
    settings: Settings,
    report: LoadReport,
    path: str,
    prepared: PreparedArticle | None,
    progress: Progress | None,
    outcome: Outcome,
) -> None:
    if isinstance(outcome, InputError):
        report.failures.append(outcome)
    elif outcome and prepared is not None:
        report.loaded.append(path)
        report.claims += prepared.claims
        report.documents.append(prepared.doc_iri)
        changes.record(settings, [prepared.doc_iri])
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
    settings = bind_namespace(store, settings)
    ref = load_reference(store, settings, seeds_dir)
    load_event_types(store, settings)
    articles = [seeds_dir / "articles"]
    return load_articles(store, settings, articles, ref, progress, extractor=extractor)
