"""Glue between loaders (pure) and the store: read inputs, build batches, write them.

Each document is written in its own transaction, so one bad file never leaves half a document
behind and never stops the rest of a batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import Settings
from kg.cypher import count_by_label
from kg.errors import InputError
from kg.mapping import instance_iri
from kg.store import GraphStore
from loaders.documents import (
    Article,
    document_batch,
    find_articles,
    metadata_for,
    read_article,
    read_index,
)
from loaders.reference import ReferenceData, read_reference, reference_batch

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
STAT_LABELS = ("Document", "Actor", "Place", "Source", "Event", "Claim", "ControlClaim")


@dataclass
class LoadReport:
    """What a load did: per-file outcome and failures with their reasons."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_reference(
    store: GraphStore, settings: Settings, seeds_dir: Path = SEEDS_DIR
) -> ReferenceData:
    """Validate and write actors, places and sources (one transaction)."""
    ref = read_reference(seeds_dir)
    store.write_batch(reference_batch(ref, settings.base_iri))
    return ref


def read_articles(paths: list[Path], settings: Settings, report: LoadReport) -> list[Article]:
    """Read every article under ``paths``; unreadable ones go to the report, not up the stack."""
    articles: list[Article] = []
    index_cache: dict[Path, dict[str, object]] = {}
    for path in find_articles(paths):
        try:
            index = _index_for(path.parent, index_cache)
            meta = metadata_for(path, index)  # type: ignore[arg-type]
            articles.append(read_article(path, meta, settings.max_article_bytes))
        except InputError as e:
            report.failures.append(e)
    return articles


def _index_for(folder: Path, cache: dict[Path, dict[str, object]]) -> dict[str, object]:
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


def load_documents(
    store: GraphStore,
    settings: Settings,
    paths: list[Path],
    known_sources: set[str],
    on_progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Write Document nodes (text and metadata) for article files, one transaction each."""
    report = LoadReport()
    for article in read_articles(paths, settings, report):
        try:
            batch = document_batch(
                article, settings.base_iri, publisher_iri(article, settings, known_sources)
            )
            store.write_batch(batch)
            report.loaded.append(str(article.path))
        except InputError as e:
            report.failures.append(e)
        if on_progress:
            on_progress(str(article.path))
    return report


def graph_stats(store: GraphStore) -> dict[str, int]:
    query, params = count_by_label(STAT_LABELS)
    rows = store.read(query, params)
    return {k: int(v) for k, v in rows[0].items()}


def load_seeds(store: GraphStore, settings: Settings, seeds_dir: Path = SEEDS_DIR) -> LoadReport:
    """Reference data, then the seed articles under ``seeds/articles``."""
    ref = load_reference(store, settings, seeds_dir)
    known = {s.id for s in ref.sources}
    return load_documents(store, settings, [seeds_dir / "articles"], known)
