"""A second Neo4j, launched by the project's launcher for tests that stop, kill, dump or
restore it, or that need a small per-transaction memory limit: the session's server is never
touched by them. Started once per session, on free ports, with a throwaway home."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from kg.config import Settings
from kg.ops.neo4j import launcher
from kg.schema_init import init_schema
from kg.store import GraphStore
from tests.neo4j_fixture import free_port

TX_MEMORY = "64m"
"""Small enough that a document of a few thousand claims exceeds it (tests of isolation)."""


def private_settings(home: object) -> Settings:
    return Settings(
        KG_HOME=home,
        KG_BOLT_PORT=free_port(),
        KG_HTTP_PORT=free_port(),
        KG_NEO4J_HEAP="512m",
        KG_NEO4J_PAGECACHE="128m",
        KG_NEO4J_TX_MEMORY=TX_MEMORY,
        NEO4J_PASSWORD="kg" + secrets.token_urlsafe(12),
        NEO4J_URI=None,  # always its own server, even when the session's is external
        KG_QUERY_TIMEOUT=60.0,  # a fresh server builds its indexes while the first tests run
    )


@pytest.fixture(scope="session")
def private_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    cfg = private_settings(tmp_path_factory.mktemp("kg-private-home"))
    launcher.start(cfg)
    with GraphStore.from_settings(cfg) as store:
        store.wait_until_ready()
        init_schema(store)
    try:
        yield cfg
    finally:
        launcher.stop(cfg)


def env_of(cfg: Settings) -> dict[str, str | None]:
    """The environment that makes `kg` use this server (through the launcher's settings, so
    that `kg neo4j`, `kg db backup` and `kg db restore` act on it). An external server the
    session may use (NEO4J_URI) is unset for the command: None removes it."""
    return {
        "NEO4J_URI": None,
        "KG_HOME": str(cfg.kg_home),
        "KG_BOLT_PORT": str(cfg.bolt_port),
        "KG_HTTP_PORT": str(cfg.http_port),
        "KG_NEO4J_HEAP": cfg.neo4j_heap,
        "KG_NEO4J_PAGECACHE": cfg.neo4j_pagecache,
        "KG_NEO4J_TX_MEMORY": cfg.neo4j_tx_memory,
        "NEO4J_PASSWORD": cfg.password,
        "KG_BASE_IRI": cfg.base_iri,
    }
