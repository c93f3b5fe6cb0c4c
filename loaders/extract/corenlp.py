"""A minimal CoreNLP server client (standard library only): the parser used when the caller
injects none.

The kg layer brings its own client (launcher, timeouts, parse cache); any object with the
``Parser`` shape (``loaders.extract.parse``) can be passed to the extractor instead. This one
only POSTs the text to a running server (``KG_NLP_URL``, default http://127.0.0.1:9000).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

DEFAULT_URL = "http://127.0.0.1:9000"
DEFAULT_TIMEOUT = 120.0


class ParserUnavailable(RuntimeError):
    """The CoreNLP server did not answer or answered with an error."""


class HttpParser:
    """POST text to a CoreNLP server and return its JSON answer."""

    def __init__(self, url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = (url or os.environ.get("KG_NLP_URL") or DEFAULT_URL).rstrip("/")
        self.timeout = timeout

    def parse(self, text: str, properties: dict[str, str]) -> dict[str, Any]:
        props = {**properties, "outputFormat": "json"}
        query = urllib.parse.urlencode({"properties": json.dumps(props)})
        request = urllib.request.Request(
            f"{self.url}/?{query}", data=text.encode("utf-8"), method="POST"
        )
        request.add_header("Content-Type", "text/plain; charset=utf-8")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data: dict[str, Any] = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as e:
            raise ParserUnavailable(f"CoreNLP at {self.url}: {e}") from e
        return data
