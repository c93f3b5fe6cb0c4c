"""Talk to the Stanford CoreNLP server: one text in, CoreNLP's JSON document out.

``CoreNLPClient.parse`` sends a text with the pipeline's properties (``outputFormat=json``,
annotators ``tokenize,ssplit,pos,lemma,depparse`` unless the caller says otherwise) and returns
the server's JSON document: sentences with tokens (word, lemma, pos, character offsets) and
Universal Dependencies (``basicDependencies``, ``enhancedDependencies``,
``enhancedPlusPlusDependencies``).

Character offsets are indices into the Python string that was sent. CoreNLP counts UTF-16 code
units, which differ from Python's code points after any character outside the Basic
Multilingual Plane (an emoji, say); the client converts them, so offsets can be used to slice
the text as they are.

``parser_version`` names what produced a parse: the CoreNLP version, the annotators and a hash
of every property. With a ``ParseCache``, a text already parsed by the same parser version is
read from disk without contacting the server.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any

import httpx

from kg.config import Settings
from kg.errors import ParseFailed, ParserUnavailable
from kg.nlp.cache import ParseCache

log = logging.getLogger(__name__)

DEFAULT_ANNOTATORS = "tokenize,ssplit,pos,lemma,depparse"
CORENLP_VERSION = "4.5.10"
"""The CoreNLP release whose output the extractor is written against (the launcher's pom pins
the same; a test holds them together). Part of every parser version."""
CLIENT_FORMAT = "1"
"""Part of every parser version: bump it when what the client does to the server's JSON changes
(today: offsets converted to code points), so that older cached parses are not reused."""
RETRY_STATUSES = frozenset({502, 503, 504})
OFFSET_KEYS = frozenset({"characterOffsetBegin", "characterOffsetEnd"})
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class CoreNLPClient:
    """A client of one CoreNLP server, with an optional parse cache.

    ``timeout`` bounds one request in seconds; ``retries`` is how many times a request that
    could not reach the server (refused, reset) is sent again, with a short back-off;
    ``workers`` is how many requests ``parse_many`` keeps in flight.
    """

    def __init__(
        self,
        url: str,
        timeout: float = 60.0,
        cache: ParseCache | None = None,
        *,
        retries: int = 2,
        workers: int = 2,
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.cache = cache
        self.retries = retries
        self.workers = max(1, workers)
        self.version = CORENLP_VERSION
        self._http = httpx.Client(
            # A little beyond the server's own limit, so that its error arrives before ours.
            timeout=httpx.Timeout(timeout + 5.0, connect=5.0),
            # A new connection per request: on a reused one CoreNLP's server answers about
            # 45 ms late (52 ms against 4 ms for a one-word text, measured), while opening a
            # connection on the loopback costs well under a millisecond.
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    @classmethod
    def from_settings(cls, settings: Settings, *, cache: bool = True) -> CoreNLPClient:
        return cls(
            settings.nlp_server_url,
            timeout=settings.nlp_timeout_s,
            cache=ParseCache.from_settings(settings) if cache else None,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CoreNLPClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- what is sent --------------------------------------------------------------------------

    def properties(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The pipeline's properties: the defaults, overridden by ``extra``."""
        props = {"annotators": DEFAULT_ANNOTATORS, "outputFormat": "json"}
        props.update(extra or {})
        if props["outputFormat"] != "json":
            raise ValueError("the client reads CoreNLP's JSON: outputFormat must stay json")
        return props

    def parser_version(self, properties: Mapping[str, str] | None = None) -> str:
        """E.g. ``corenlp-4.5.10:tokenize,ssplit,pos,lemma,depparse:3f2a9c01b7d4``."""
        props = self.properties(properties)
        canonical = json.dumps(
            {"client": CLIENT_FORMAT, "properties": props}, sort_keys=True, separators=(",", ":")
        )
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
        return f"corenlp-{self.version}:{props['annotators']}:{digest}"

    # --- parsing ---------------------------------------------------------------------------

    def parse(self, text: str, properties: Mapping[str, str] | None = None) -> dict[str, Any]:
        """CoreNLP's JSON document for ``text``, from the cache when it has it."""
        version = self.parser_version(properties)
        if self.cache is not None:
            cached = self.cache.get(text, version)
            if cached is not None:
                return cached
        return self._parse_and_store(text, self.properties(properties), version)

    def parse_many(
        self, texts: Iterable[str], properties: Mapping[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """Parse several texts, in order; cache misses go to the server ``workers`` at a time."""
        texts = list(texts)
        props = self.properties(properties)
        version = self.parser_version(properties)
        found: dict[str, dict[str, Any]] = {}
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            cached = self.cache.get(text, version) if self.cache is not None else None
            if cached is None:
                missing.append(text)
            else:
                found[text] = cached
        if len(missing) == 1 or self.workers == 1:
            for text in missing:
                found[text] = self._parse_and_store(text, props, version)
        elif missing:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                docs = pool.map(lambda t: self._parse_and_store(t, props, version), missing)
                found.update(zip(missing, docs, strict=True))
        return [found[text] for text in texts]

    def _parse_and_store(self, text: str, props: dict[str, str], version: str) -> dict[str, Any]:
        document = self._request(text, props)
        if _ASTRAL.search(text):
            to_python_offsets(text, document)
        if self.cache is not None:
            self.cache.put(text, version, document)
        return document

    def _request(self, text: str, props: dict[str, str]) -> dict[str, Any]:
        params = {"properties": json.dumps(props, separators=(",", ":"))}
        body = text.encode("utf-8")
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        attempt = 0
        while True:
            try:
                response = self._http.post(
                    self.url + "/", params=params, content=body, headers=headers
                )
            except httpx.TimeoutException as e:
                if isinstance(e, httpx.ConnectTimeout):
                    raise self._unavailable("connection timed out") from e
                raise ParseFailed(
                    f"CoreNLP at {self.url} did not parse a text of {len(text)} characters "
                    f"within {self.timeout:.0f} s; send shorter texts or raise KG_NLP_TIMEOUT"
                ) from e
            except httpx.TransportError as e:
                if attempt < self.retries:
                    attempt += 1
                    time.sleep(0.5 * 2 ** (attempt - 1))
                    continue
                raise self._unavailable(str(e) or type(e).__name__) from e
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                attempt += 1
                time.sleep(0.5 * 2 ** (attempt - 1))
                continue
            return self._document(response, text)

    def _document(self, response: httpx.Response, text: str) -> dict[str, Any]:
        if response.status_code != 200:
            reason = " ".join(response.text.split())[:300]
            if "timed out" in reason:
                raise ParseFailed(
                    f"CoreNLP at {self.url} gave up on a text of {len(text)} characters "
                    f"({reason}); send shorter texts or raise KG_NLP_TIMEOUT"
                )
            raise ParseFailed(
                f"CoreNLP at {self.url} refused the parse (HTTP {response.status_code}): {reason}"
            )
        try:
            document = response.json()
        except ValueError as e:
            raise ParseFailed(f"CoreNLP at {self.url} answered with something not JSON") from e
        if not isinstance(document, dict) or "sentences" not in document:
            raise ParseFailed(f"CoreNLP at {self.url} answered JSON without sentences")
        return document

    def _unavailable(self, reason: str) -> ParserUnavailable:
        return ParserUnavailable(
            f"the CoreNLP server at {self.url} did not answer ({reason}); start it with "
            "`kg nlp start`, or set KG_NLP_URL to a running server"
        )


def to_python_offsets(text: str, document: dict[str, Any]) -> None:
    """Rewrite CoreNLP's UTF-16 character offsets in ``document`` as indices into ``text``."""
    to_index: list[int] = []
    for index, char in enumerate(text):
        to_index.append(index)
        if ord(char) > 0xFFFF:
            to_index.append(index)  # the second code unit of a surrogate pair
    to_index.append(len(text))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in OFFSET_KEYS and isinstance(value, int) and 0 <= value < len(to_index):
                    node[key] = to_index[value]
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
