"""Backups restore the same graph: the physical dump (`kg db backup|restore`) and the logical
one (`kg export` N-Quads, `kg import rdf`), each compared by fingerprint (on a private Neo4j,
since a dump stops the server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.config import Settings
from kg.cypher import wipe_statements
from kg.ingest.articles import load_seeds
from kg.store import GraphStore
from tests.graph_fingerprint import BOOKKEEPING, consistency_problems, counts, fingerprint
from tests.private_neo4j import env_of
from tests.test_load_articles import gold_extractor

pytestmark = pytest.mark.neo4j

LOGICAL_SKIP = BOOKKEEPING
"""RDF keeps what the mapping exports: the bookkeeping properties are not content."""


def _wipe(store: GraphStore) -> None:
    for query, _ in wipe_statements():
        store.run_autocommit(query)


def _kg(cfg: Settings, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env_of(cfg))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_dump_restores_the_same_graph(private_neo4j: Settings, tmp_path: Path) -> None:
    with GraphStore.from_settings(private_neo4j) as store:
        _wipe(store)
        assert load_seeds(store, private_neo4j, extractor=gold_extractor).ok
        before, shape = fingerprint(store), counts(store)
    dump = tmp_path / "kg.dump"
    output = _kg(private_neo4j, "db", "backup", str(dump))
    assert dump.stat().st_size > 0 and "Backup written" in output
    with GraphStore.from_settings(private_neo4j) as store:
        store.wait_until_ready()
        _wipe(store)
        assert counts(store) == {"relationships": 0}
    _kg(private_neo4j, "db", "restore", "--yes", str(dump))
    with GraphStore.from_settings(private_neo4j) as store:
        store.wait_until_ready()
        assert counts(store) == shape
        assert fingerprint(store) == before
        assert consistency_problems(store) == []


def test_the_rdf_dump_restores_the_same_graph(private_neo4j: Settings, tmp_path: Path) -> None:
    with GraphStore.from_settings(private_neo4j) as store:
        store.wait_until_ready()
        _wipe(store)
        assert load_seeds(store, private_neo4j, extractor=gold_extractor).ok
        before = fingerprint(store, LOGICAL_SKIP)
        shape = counts(store)
    dump = tmp_path / "kg.nq"
    _kg(private_neo4j, "export", "--format", "nquads", "--out", str(dump))
    with GraphStore.from_settings(private_neo4j) as store:
        _wipe(store)
    _kg(private_neo4j, "import", "rdf", str(dump))
    with GraphStore.from_settings(private_neo4j) as store:
        assert counts(store) == shape
        assert fingerprint(store, LOGICAL_SKIP) == before
        assert consistency_problems(store) == []
