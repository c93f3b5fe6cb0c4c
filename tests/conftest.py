"""Shared fixtures: the session's Neo4j, a store on it, and a clean graph per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from kg.config import Settings
from kg.cypher import delete_all
from kg.schema_init import init_schema
from kg.store import GraphStore
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
