"""Shared fixtures: the session's Neo4j, a store on it, a clean graph per test, and the
session's CoreNLP server with a client whose parse cache is fresh for each test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import Settings
from kg.cypher import wipe_statements
from kg.nlp.cache import ParseCache
from kg.nlp.client import CoreNLPClient
from kg.schema_init import init_schema
from kg.store import GraphStore
from tests import extract_helpers
from tests.corenlp_fixture import corenlp_for_tests
from tests.neo4j_fixture import neo4j_for_tests


@pytest.fixture(scope="session", autouse=True)
def sparql_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Loads refresh the SPARQL snapshot: keep the session's in a temporary folder, never in
    the user's KG_HOME (the CLI tests read their settings from the environment)."""
    if os.environ.get("KG_SPARQL_DIR"):
        yield
        return
    os.environ["KG_SPARQL_DIR"] = str(tmp_path_factory.mktemp("sparql"))
    try:
        yield
    finally:
        del os.environ["KG_SPARQL_DIR"]


@pytest.fixture(scope="session")
def neo4j_settings(
    tmp_path_factory: pytest.TempPathFactory, nlp_settings: Settings
) -> Iterator[Settings]:
    """The session's Neo4j, with the session's parser: loading articles extracts with it."""
    with neo4j_for_tests(tmp_path_factory.mktemp("kg-home")) as cfg:
        yield cfg.model_copy(update={"nlp_url": nlp_settings.nlp_server_url})


@pytest.fixture(scope="session")
def store(neo4j_settings: Settings) -> Iterator[GraphStore]:
    with GraphStore.from_settings(neo4j_settings) as s:
        s.wait_until_ready()
        init_schema(s)
        yield s


@pytest.fixture
def clean_store(store: GraphStore) -> GraphStore:
    """The session's store, emptied (schema kept)."""
    for query, _ in wipe_statements():
        store.run_autocommit(query)
    return store


@pytest.fixture(scope="session")
def nlp_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    with corenlp_for_tests(tmp_path_factory.mktemp("kg-nlp-home")) as cfg:
        yield cfg


@pytest.fixture
def nlp_client(nlp_settings: Settings, tmp_path: Path) -> Iterator[CoreNLPClient]:
    """A client of the session's CoreNLP server, with an empty parse cache of its own."""
    cache = ParseCache(tmp_path / "parses")
    with CoreNLPClient(
        nlp_settings.nlp_server_url, timeout=nlp_settings.nlp_timeout_s, cache=cache
    ) as client:
        yield client


@pytest.fixture(scope="session")
def session_parser(
    nlp_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CoreNLPClient]:
    """A client of the session's CoreNLP server, with a parse cache kept for the session."""
    cache = ParseCache(tmp_path_factory.mktemp("parses"))
    with CoreNLPClient(
        nlp_settings.nlp_server_url, timeout=nlp_settings.nlp_timeout_s, cache=cache
    ) as client:
        yield client


@pytest.fixture(autouse=True)
def _parser_for_nlp_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests marked ``nlp`` extract with the session's parser (``tests.extract_helpers.run``)."""
    if not request.node.get_closest_marker("nlp"):
        yield
        return
    with extract_helpers.parsing_with(request.getfixturevalue("session_parser")):
        yield


from tests.private_neo4j import private_neo4j  # noqa: E402, F401  (a session fixture)
