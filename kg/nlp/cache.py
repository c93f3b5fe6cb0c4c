"""A cache of parses on disk: the same text through the same parser is parsed once.

Each parse is one file ``KG_CACHE/parses/<2 hex>/<62 hex>.json.z`` named by the sha256 of the
parser version and the exact text sent to the parser; it holds the parse as zlib-compressed
JSON (orjson; a 2,000-word parse is 1.2 MB of JSON, 130 kB on disk, and reads in about 6 ms,
against about 1 s to parse it). A lookup reads one file and never contacts the parser. Writes
go to a temporary file in the same folder, renamed over the final name, so that concurrent
processes writing the same parse, or a reader racing a writer, only ever see a whole file; an
unreadable file is a miss.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

import orjson

from kg.config import Settings

log = logging.getLogger(__name__)

SUFFIX = ".json.z"
LEVEL = 1
"""zlib level: CoreNLP's JSON shrinks about 10x already at level 1, and writing stays cheap."""


def cache_key(text: str, parser_version: str) -> str:
    """sha256 of the parser version and the text, separated by a NUL (neither contains one)."""
    digest = hashlib.sha256(parser_version.encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def encode(document: dict[str, Any]) -> bytes:
    return zlib.compress(orjson.dumps(document), LEVEL)


def decode(blob: bytes) -> dict[str, Any]:
    document = orjson.loads(zlib.decompress(blob))
    if not isinstance(document, dict):
        raise ValueError("a cached parse is not a JSON object")
    return document


class ParseCache:
    """Parses on disk under ``root``, keyed by text and parser version."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def from_settings(cls, settings: Settings) -> ParseCache:
        return cls(settings.kg_cache / "parses")

    def path(self, key: str) -> Path:
        return self.root / key[:2] / (key[2:] + SUFFIX)

    def get(self, text: str, parser_version: str) -> dict[str, Any] | None:
        """The cached parse, or None when there is none (or it cannot be read)."""
        path = self.path(cache_key(text, parser_version))
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            log.warning("cannot read cached parse %s: %s", path, e)
            return None
        try:
            return decode(blob)
        except (zlib.error, orjson.JSONDecodeError, ValueError) as e:
            log.warning("ignoring damaged cached parse %s: %s", path, e)
            return None

    def put(self, text: str, parser_version: str, document: dict[str, Any]) -> Path:
        """Store a parse atomically (temporary file, then rename); returns its path."""
        path = self.path(cache_key(text, parser_version))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(encode(document))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def __contains__(self, item: tuple[str, str]) -> bool:
        text, parser_version = item
        return self.path(cache_key(text, parser_version)).exists()
