"""Preparing a load's articles, in this process or in worker processes (``--workers N``).

Preparation (extraction, claim rows, event signatures) is pure and costs far more CPU than the
write, so it is the part that spreads over processes: each worker builds its own
``ArticlePreparer`` once, from an ``ExtractorFactory`` (a picklable callable taking the settings,
so that an extractor holding a live parser client is made in the worker, never sent to it), and
prepares the articles it is handed with the same ``ArticlePreparer.prepare`` a single process
calls. Results come back in input order whatever the number of workers, with a bounded number in
flight, so that the one background writer writes them in that order and memory stays flat.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from kg.config import Settings
from kg.errors import ConfigError, InputError
from loaders.articles.documents import Article
from loaders.articles.prepared import ArticlePreparer, Extractor, PreparedArticle
from loaders.extract.pipeline import extract as rule_extract
from loaders.reference import ReferenceData
from loaders.resolution.matching import SignatureContext

ExtractorFactory = Callable[[Settings], Extractor]
"""Settings -> an extractor; must be picklable (a module-level function or a dataclass)."""

Prepared = PreparedArticle | InputError
"""What preparing one article gives: its transaction's content, or why it cannot be loaded."""

IN_FLIGHT_PER_WORKER = 4
"""Articles handed to each worker ahead of the writer: enough to keep it busy, few enough that
a large load never holds many prepared documents in memory."""


def rule_extractor(_: Settings) -> Extractor:
    """The project's rule-based extractor (the default factory)."""
    return rule_extract


@dataclass(frozen=True)
class FixedExtractor:
    """A factory that always gives one module-level extractor (tests, benchmarks)."""

    extractor: Extractor

    def __call__(self, _: Settings) -> Extractor:
        return self.extractor


@dataclass(frozen=True)
class PreparerSpec:
    """Everything a worker needs to build the load's ``ArticlePreparer``."""

    factory: ExtractorFactory
    settings: Settings
    ref: ReferenceData
    ctx: SignatureContext

    def build(self) -> ArticlePreparer:
        return ArticlePreparer(
            self.factory(self.settings), self.ref, self.ctx, self.settings.base_iri
        )


def prepare_one(preparer: ArticlePreparer, article: Article) -> Prepared:
    try:
        return preparer.prepare(article)
    except InputError as e:
        return e


_worker_preparer: ArticlePreparer | None = None


def _init_worker(spec: PreparerSpec) -> None:
    """Build the worker's preparer once; Ctrl-C is the parent's to handle."""
    global _worker_preparer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_preparer = spec.build()


def _prepare_in_worker(article: Article) -> Prepared:
    assert _worker_preparer is not None, "worker used before its initialiser ran"
    return prepare_one(_worker_preparer, article)


def prepared_in_order(
    spec: PreparerSpec, articles: Iterable[Article], workers: int = 1
) -> Iterator[tuple[Article, Prepared]]:
    """Each article with its preparation, in input order; ``workers`` > 1 prepares them in that
    many processes."""
    if workers <= 1:
        preparer = spec.build()
        for article in articles:
            yield article, prepare_one(preparer, article)
        return
    _check_picklable(spec)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(spec,))
    pending: deque[tuple[Article, Future[Prepared]]] = deque()
    try:
        for article in articles:
            pending.append((article, pool.submit(_prepare_in_worker, article)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _check_picklable(spec: PreparerSpec) -> None:
    import pickle

    try:
        pickle.dumps(spec.factory)
    except (pickle.PicklingError, AttributeError, TypeError) as e:
        raise ConfigError(
            f"--workers needs an extractor factory that can be sent to a process: {e}"
        ) from e
