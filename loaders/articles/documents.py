"""Article files and their metadata -> ``Article`` values and Document batches.

Reading checks everything that makes a file unusable (empty, binary, not UTF-8, too large,
unreadable, broken metadata) and raises ``InputError`` naming the file and the reason. The body
is kept exactly as stored, so that claim offsets always index the original text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from loaders.errors import InputError
from loaders.graph.batch import GraphBatch
from loaders.graph.mapping import instance_iri, slug
from loaders.graph.vocabulary import DATE_PRECISIONS

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
INDEX_NAMES = ("index.yaml", "index.yml")
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ArticleMeta(BaseModel):
    """What is known about an article besides its text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str | None = None
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]+$")
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, pattern=PARTIAL_DATE)
    date_precision: Literal[DATE_PRECISIONS] = "unknown"  # type: ignore[valid-type]
    date_note: str | None = None
    language: str = "en"
    translated_from: str | None = None


@dataclass(frozen=True)
class Article:
    path: Path
    text: str
    meta: ArticleMeta
    sha256: str

    @property
    def doc_id(self) -> str:
        """Stable across edits of the text, so that a changed article replaces its claims."""
        return self.meta.id or slug(self.path.stem, "untitled")


def _parse_meta(data: object, where: str) -> ArticleMeta:
    if isinstance(data, dict) and isinstance(data.get("published"), int | float):
        data = {**data, "published": str(data["published"])}
    try:
        return ArticleMeta.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "metadata"
        raise InputError(where, f"broken metadata: {field}: {err['msg']}") from e


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InputError(str(path), f"broken metadata: {e}") from e


def read_index(path: Path) -> dict[str, ArticleMeta]:
    """An index file: a list of metadata entries, each naming its ``file``."""
    data = _load_yaml(path)
    if not isinstance(data, list):
        raise InputError(str(path), "broken metadata: expected a list of entries")
    index: dict[str, ArticleMeta] = {}
    for i, entry in enumerate(data):
        meta = _parse_meta(entry, f"{path} entry {i + 1}")
        if not meta.file:
            raise InputError(f"{path} entry {i + 1}", "broken metadata: 'file' is required")
        index[meta.file] = meta
    return index


def side_file(path: Path) -> Path | None:
    """``article.txt`` may have ``article.meta.yaml`` (or ``.yml``) beside it."""
    for suffix in (".meta.yaml", ".meta.yml"):
        candidate = path.with_name(path.stem + suffix)
        if candidate.exists():
            return candidate
    return None


def metadata_for(path: Path, index: dict[str, ArticleMeta] | None) -> ArticleMeta:
    meta_path = side_file(path)
    if meta_path is not None:
        return _parse_meta(_load_yaml(meta_path), str(meta_path))
    if index and path.name in index:
        return index[path.name]
    return ArticleMeta()


def read_article(path: Path, meta: ArticleMeta, max_bytes: int) -> Article:
    """Read one article, refusing what cannot be an article."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path), f"too large: {size} bytes (limit {max_bytes}, KG_MAX_ARTICLE_BYTES)"
            )
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"unreadable: {e.strerror}") from e
    if b"\x00" in raw:
        raise InputError(str(path), "binary file (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(str(path), f"not UTF-8 (invalid byte at offset {e.start})") from e
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(str(path), "empty file")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(path=path, text=text, meta=meta, sha256=digest)


def find_articles(paths: list[Path]) -> list[Path]:
    """Expand files and folders into article files (sorted, metadata files left out)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and f.suffix.lower() in ARTICLE_SUFFIXES
                    and not f.name.lower().startswith("readme")
                )
            )
        else:
            found.append(p)
    return found


DOCUMENT_KEYS = (
    "id",
    "title",
    "url",
    "author",
    "datePublished",
    "datePrecision",
    "dateNote",
    "language",
    "translatedFrom",
    "documentType",
    "fileName",
    "sha256",
    "text",
)


def read_articles(paths: list[Path], max_bytes: int) -> tuple[list[Article], list[InputError]]:
    """Every article under ``paths``, and the reason each unreadable one was refused (one bad
    file never stops the others)."""
    articles: list[Article] = []
    failures: list[InputError] = []
    index_cache: dict[Path, dict[str, ArticleMeta]] = {}
    for path in find_articles(paths):
        try:
            index = _index_for(path.parent, index_cache)
            meta = metadata_for(path, index)
            articles.append(read_article(path, meta, max_bytes))
        except InputError as e:
            failures.append(e)
    return articles, failures


def _index_for(folder: Path, cache: dict[Path, dict[str, ArticleMeta]]) -> dict[str, ArticleMeta]:
    if folder not in cache:
        index_path = next(
            (folder / n for n in ("index.yaml", "index.yml") if (folder / n).exists()), None
        )
        cache[folder] = dict(read_index(index_path)) if index_path else {}
    return cache[folder]


def document_props(article: Article) -> dict[str, str | None]:
    """The Document node's properties (``DOCUMENT_KEYS``), from the article and its metadata."""
    meta = article.meta
    return {
        "id": article.doc_id,
        "title": meta.title or _first_line(article.text),
        "url": meta.url,
        "author": meta.author,
        "datePublished": meta.published,
        "datePrecision": meta.date_precision,
        "dateNote": meta.date_note,
        "language": meta.language,
        "translatedFrom": meta.translated_from,
        "documentType": "NewsArticle",
        "fileName": article.path.name,
        "sha256": article.sha256,
        "text": article.text,
    }


def document_iri(base: str, article: Article) -> str:
    """The IRI of the Document an article is stored as."""
    return instance_iri(base, "Document", article.doc_id)


def document_batch(article: Article, base: str, publisher_iri: str | None) -> GraphBatch:
    """The Document node of an article and its publisher link."""
    batch = GraphBatch()
    doc_iri = document_iri(base, article)
    batch.add_node("Document", doc_iri, **document_props(article))
    if publisher_iri:
        batch.add_rel("PUBLISHED_BY", "Document", doc_iri, "Source", publisher_iri)
    return batch


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""
