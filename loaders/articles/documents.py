"""Article files and their metadata -> ``Article`` values and Document batches.

Reading checks everything that makes a file unusable (empty, binary, not UTF-8 or UTF-16, too
large, unreadable, a symbolic link loop, broken metadata) and raises ``InputError`` naming the
file and the reason. The body is kept exactly as decoded, so that claim offsets always index the
stored text.

A document's id comes from its metadata, else from its path relative to the folder the load was
given (the load root): the path itself when it is already a valid id, else a readable slug of it
followed by a hash of the exact path, so that ``2018/report.txt``, ``2019/report.txt``,
``2019/Report!.txt`` and a name in Arabic script each keep a distinct, stable id.
"""

from __future__ import annotations

import errno
import hashlib
import re
import unicodedata
from collections.abc import Iterator
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
ID_PATTERN = r"^[A-Za-z0-9_.-]+$"
"""What a document id may be: metadata ids, and relative paths that need no hash."""
_ID = re.compile(ID_PATTERN)
PATH_HASH_CHARS = 10
"""Hex digits of the path hash that follows a lossy slug (40 bits)."""


class ArticleMeta(BaseModel):
    """What is known about an article besides its text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str | None = None
    id: str | None = Field(default=None, pattern=ID_PATTERN)
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, pattern=PARTIAL_DATE)
    date_precision: Literal[DATE_PRECISIONS] = "unknown"  # type: ignore[valid-type]
    date_note: str | None = None
    language: str = "en"
    translated_from: str | None = None


def path_id(relative: str) -> str:
    """The id of a document without one in its metadata, from its path relative to the load
    root (POSIX separators, suffix dropped): the path itself when it is a valid id, else its
    slug and a hash of the exact path (never the lossy slug alone)."""
    stem = relative.rsplit(".", 1)[0] if "." in relative.rsplit("/", 1)[-1] else relative
    if _ID.match(stem):
        return stem
    key = unicodedata.normalize("NFC", stem).encode("utf-8")
    digest = hashlib.sha256(key).hexdigest()[:PATH_HASH_CHARS]
    return f"{slug(stem, 'doc')}-{digest}"


@dataclass(frozen=True)
class Article:
    path: Path
    text: str
    meta: ArticleMeta
    sha256: str
    relative: str | None = None
    """The path relative to the load root (POSIX separators); None: the file name."""
    warnings: tuple[str, ...] = ()
    """Why the article may not give what its reader expects (no English text)."""

    @property
    def source_path(self) -> str:
        return self.relative or self.path.name

    @property
    def doc_id(self) -> str:
        """Stable across edits of the text, so that a changed article replaces its claims."""
        return self.meta.id or path_id(self.source_path)


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


def read_article(
    path: Path, meta: ArticleMeta, max_bytes: int, relative: str | None = None
) -> Article:
    """Read one article, refusing what cannot be an article."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path), f"too large: {size} bytes (limit {max_bytes}, KG_MAX_ARTICLE_BYTES)"
            )
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), _os_reason(e)) from e
    text = decode_text(raw, str(path))
    if not text.strip():
        raise InputError(str(path), "empty file")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(path, text, meta, digest, relative, tuple(language_warnings(text)))


def _os_reason(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "symbolic link loop (the link points back at itself through other links)"
    if e.errno == errno.ENOENT:
        return "does not exist (or is a broken symbolic link)"
    return f"unreadable: {e.strerror}"


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(raw: bytes, where: str) -> str:
    """UTF-8 (a BOM is dropped), or UTF-16 with its byte-order mark; anything else is refused
    with the real cause: UTF-16 without a mark, binary data, or the line and column of the
    first byte that is not UTF-8."""
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(where, f"broken UTF-16 (bad bytes at offset {e.start})") from e
    if b"\x00" in raw:
        if _looks_utf16(raw):
            raise InputError(
                where, "UTF-16 text without a byte-order mark; save it as UTF-8 (or with a BOM)"
            )
        raise InputError(where, "binary file (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            where,
            f"not UTF-8: byte 0x{raw[e.start]:02x} at line {line}, column {column} "
            f"(byte offset {e.start}); save the file as UTF-8",
        ) from e
    return text[1:] if text.startswith("\ufeff") else text


def _looks_utf16(raw: bytes) -> bool:
    """NUL bytes at every other offset, and printable text once decoded that way: UTF-16
    without a byte-order mark (binary data has NULs too, but not in that pattern)."""
    sample = raw[:4096]
    half = len(sample) // 2
    if half < 8:
        return False
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if max(odd, even) < 0.4 * half or min(odd, even) > 0.05 * half:
        return False
    try:
        text = sample[: half * 2].decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return False
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return printable >= 0.95 * len(text)


MIN_LETTERS = 20
"""Below this many letters a text is too short to say which script it is in."""


def language_warnings(text: str) -> list[str]:
    """A warning when most letters are not Latin: the extractor reads English and will find
    nothing in such a text."""
    scripts: dict[str, int] = {}
    letters = 0
    for ch in text[:200_000]:
        if ch.isalpha():
            letters += 1
            if ch >= "\u0250":  # past Latin-1, Latin Extended-A and B
                script = unicodedata.name(ch, "OTHER").split(" ", 1)[0]
                scripts[script] = scripts.get(script, 0) + 1
    other = sum(scripts.values())
    if letters < MIN_LETTERS or other * 2 <= letters:
        return []
    main = max(scripts, key=lambda k: scripts[k]).title()
    share = round(100 * other / letters)
    return [
        f"no English text: {share}% of its letters are not Latin (mostly {main} script); "
        "the extractor reads English, so no claims are expected: load a translation"
    ]


@dataclass(frozen=True)
class Found:
    """An article file, the folder the load was given (its root), or why it cannot be read."""

    path: Path
    root: Path
    problem: str | None = None

    @property
    def relative(self) -> str:
        return self.path.relative_to(self.root).as_posix()


def is_article_name(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.lower().startswith("readme")


def find_articles(paths: list[Path]) -> list[Found]:
    """Expand files and folders into article files (sorted, metadata files left out), with the
    root each one's id is relative to; a symbolic link loop or a vanished path is kept with its
    reason, not silently skipped."""
    found: list[Found] = []
    for p in paths:
        problem = _stat_problem(p)
        if problem is not None:
            found.append(Found(p, p.parent, problem))
        elif p.is_dir():
            found.extend(sorted(_walk(p, p, set()), key=lambda f: f.path))
        else:
            found.append(Found(p, p.parent))
    return found


def _stat_problem(path: Path) -> str | None:
    try:
        path.stat()
    except OSError as e:
        return _os_reason(e)
    return None


def _walk(folder: Path, root: Path, seen: set[Path]) -> Iterator[Found]:
    """Article files under ``folder``; a folder already walked (a symbolic link back up the
    tree) is not walked again."""
    try:
        real = folder.resolve()
        if real in seen:
            return
        seen.add(real)
        entries = list(folder.iterdir())
    except (OSError, RuntimeError) as e:
        yield Found(folder, root, _os_reason(e) if isinstance(e, OSError) else str(e))
        return
    for entry in entries:
        if not is_article_name(entry) and not entry.is_dir():
            continue
        problem = _stat_problem(entry)
        if problem is not None:
            if is_article_name(entry):
                yield Found(entry, root, problem)
        elif entry.is_dir():
            yield from _walk(entry, root, seen)
        elif entry.is_file() and is_article_name(entry):
            yield Found(entry, root)


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
    file never stops the others). Two files with one id are refused after the first, naming
    both."""
    articles: list[Article] = []
    failures: list[InputError] = []
    index_cache: dict[Path, dict[str, ArticleMeta]] = {}
    owners: dict[str, Path] = {}
    for item in find_articles(paths):
        path = item.path
        try:
            if item.problem is not None:
                raise InputError(str(path), item.problem)
            index = _index_for(path.parent, index_cache)
            meta = metadata_for(path, index)
            article = read_article(path, meta, max_bytes, item.relative)
            first = owners.setdefault(article.doc_id, path)
            if first != path:
                raise InputError(
                    str(path),
                    f"document id {article.doc_id!r} is also the id of {first}; give one of "
                    "them another id in its metadata",
                )
            articles.append(article)
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
