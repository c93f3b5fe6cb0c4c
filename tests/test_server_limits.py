"""The generated server configuration, and what its limits do to loads (on a private Neo4j
with a small per-transaction memory limit, so the session's server is left alone)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.config import Settings
from kg.ingest.articles import load_articles
from kg.ingest.reference import load_reference
from kg.ops.neo4j.launcher import ServerPaths
from kg.store import GraphStore
from tests.graph_fingerprint import consistency_problems
from tests.private_neo4j import TX_MEMORY, env_of
from tests.test_load_articles import toy_extractor, write_article

pytestmark = pytest.mark.neo4j


@pytest.fixture
def private_store(private_neo4j: Settings) -> GraphStore:
    from kg.cypher import wipe_statements

    store = GraphStore.from_settings(private_neo4j)
    for query, _ in wipe_statements():
        store.run_autocommit(query)
    return store


def test_the_generated_config_has_no_setting_the_server_does_not_know(
    private_neo4j: Settings,
) -> None:
    log = ServerPaths.from_settings(private_neo4j).logs_dir / "neo4j.log"
    text = log.read_text(encoding="utf-8")
    assert "Started." in text  # the log of a server that ran
    assert re.findall(r"Unrecognized setting.*", text) == []


def test_the_server_listens_on_loopback_with_authentication(private_neo4j: Settings) -> None:
    conf = (ServerPaths.from_settings(private_neo4j).conf_dir / "neo4j.conf").read_text()
    assert "0.0.0.0" not in conf and "dbms.security.auth_enabled=true" in conf
    for line in conf.splitlines():
        if "listen_address=" in line:
            assert line.split("=", 1)[1].startswith("127.0.0.1"), line
    with GraphStore.from_settings(private_neo4j) as store:
        rows = store.read(
            "CALL dbms.listConfig() YIELD name, value WHERE name ENDS WITH 'listen_address'"
            " RETURN name, value"
        )
    assert rows and all(r["value"].startswith("127.0.0.1") for r in rows), rows


def test_a_generated_password_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    cfg = Settings(KG_HOME=tmp_path, NEO4J_URI=None, NEO4J_PASSWORD=None)
    assert cfg.password and (tmp_path / "neo4j-password").stat().st_mode & 0o777 == 0o600


def test_the_transaction_limits_are_in_force(private_neo4j: Settings) -> None:
    with GraphStore.from_settings(private_neo4j) as store:
        rows = store.read(
            "CALL dbms.listConfig() YIELD name, value WHERE name IN $names RETURN name, value",
            {"names": ["db.transaction.timeout", "db.memory.transaction.max"]},
        )
    values = {r["name"]: r["value"] for r in rows}
    assert values["db.transaction.timeout"] == "2m"  # KG_NEO4J_TX_TIMEOUT's default, 120 s
    assert values["db.memory.transaction.max"] in (TX_MEMORY, "67108864", "64.00MiB")


def test_a_document_too_large_for_one_transaction_fails_alone(
    private_store: GraphStore, private_neo4j: Settings, tmp_path: Path
) -> None:
    ref = load_reference(private_store, private_neo4j)
    small = write_article(tmp_path, "a.txt", "IS fighters attacked Baghouz, killing 3 soldiers.")
    sentences = [f"IS fighters attacked Baghouz, killing {n} soldiers." for n in range(4000)]
    big = write_article(tmp_path, "b.txt", " ".join(sentences))
    after = write_article(tmp_path, "c.txt", "IS fighters attacked Hajin, killing 5 soldiers.")
    report = load_articles(private_store, private_neo4j, [tmp_path], ref, extractor=toy_extractor)
    assert report.loaded == [str(small), str(after)]
    [failure] = report.failures
    assert failure.source == str(big.absolute())
    assert "more memory than Neo4j allows one transaction" in failure.reason
    names = private_store.read("MATCH (d:Document) RETURN d.fileName AS f ORDER BY f")
    assert names == [{"f": "a.txt"}, {"f": "c.txt"}]
    assert consistency_problems(private_store) == []


def test_wipe_deletes_a_node_with_more_relationships_than_a_transaction_holds(
    private_store: GraphStore, private_neo4j: Settings
) -> None:
    from kg.cli.main import app

    private_store.run_autocommit("CREATE (:Place {iri: 'urn:test:hub', id: 'hub'})")
    private_store.run_autocommit(
        "UNWIND range(1, 300000) AS i CALL (i) { MATCH (h:Place {iri: 'urn:test:hub'})"
        " CREATE (:Event {iri: 'urn:test:e' + i})-[:OCCURRED_AT]->(h) }"
        " IN TRANSACTIONS OF 2000 ROWS"
    )
    result = CliRunner().invoke(app, ["db", "wipe", "--yes"], env=env_of(private_neo4j))
    assert result.exit_code == 0, result.output
    assert private_store.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
