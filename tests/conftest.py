"""Shared fixtures: the session's Neo4j, a store on it, and a clean graph per test."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from functools import cache

import pytest

from kg.config import Settings
from kg.cypher import delete_all
from kg.schema_init import init_schema
from kg.store import GraphStore
from tests.neo4j_fixture import neo4j_for_tests


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    with neo4j_for_tests(tmp_path_factory.mktemp("kg-home")) as cfg:
        yield cfg


@pytest.fixture(scope="session")
def store(neo4j_settings: Settings) -> Iterator[GraphStore]:
    with GraphStore.from_settings(neo4j_settings) as s:
        s.wait_until_ready()
        init_schema(s)
        yield s


@pytest.fixture
def clean_store(store: GraphStore) -> GraphStore:
    """The session's store, emptied (schema kept)."""
    query, _ = delete_all()
    store.run_autocommit(query)
    return store


NLP_URL = os.environ.get("KG_NLP_URL", "http://127.0.0.1:9000").rstrip("/")


@cache
def nlp_server_answers() -> bool:
    """Whether a CoreNLP server answers at ``KG_NLP_URL`` (asked once per session)."""
    try:
        with urllib.request.urlopen(f"{NLP_URL}/ready", timeout=3) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _nlp_server(request: pytest.FixtureRequest) -> None:
    """Tests marked ``nlp`` parse text: without a server they are skipped, not failed."""
    if request.node.get_closest_marker("nlp") and not nlp_server_answers():
        pytest.skip(f"no CoreNLP server answers at {NLP_URL} (set KG_NLP_URL)")
