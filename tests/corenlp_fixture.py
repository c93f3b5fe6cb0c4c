"""One real CoreNLP server for a test session: KG_NLP_URL if set, else the project's own
launcher on a free port with a throwaway KG_HOME (the jars in KG_CACHE are shared)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.config import Settings, load_settings
from tests.neo4j_fixture import free_port

EXTERNAL = bool(os.environ.get("KG_NLP_URL"))
"""The session uses a server it did not start (read before the session sets KG_NLP_URL for
the commands it runs)."""

TEST_HEAP = "2g"
"""Enough for the tagger and the dependency parser (the default, 3g, also fits NER)."""


@contextmanager
def corenlp_for_tests(home: Path) -> Iterator[Settings]:
    if EXTERNAL:
        yield load_settings()
    else:
        yield from _launched(home)


def _launched(home: Path) -> Iterator[Settings]:
    from kg.ops.corenlp import launcher

    cfg = Settings(KG_HOME=home, KG_NLP_URL=None, KG_NLP_PORT=free_port(), KG_NLP_HEAP=TEST_HEAP)
    launcher.start(cfg)
    # Commands the tests run (`kg load ...` through the CLI or in a subprocess) read their
    # settings from the environment: they parse with this server too, never a cache's luck.
    os.environ["KG_NLP_URL"] = cfg.nlp_server_url
    try:
        yield cfg
    finally:
        del os.environ["KG_NLP_URL"]
        launcher.stop(cfg)
