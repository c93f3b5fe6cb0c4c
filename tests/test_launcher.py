"""The local launcher: start, query and stop a real server; clear errors on bad setups."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kg.api.app import create_app
from kg.cli.main import app
from kg.config import Settings
from kg.ops.neo4j import launcher
from kg.store import GraphStore
from tests.neo4j_fixture import free_port

runner = CliRunner()


def _env(home: Path, bolt: int, http: int) -> dict[str, str]:
    return {
        "KG_HOME": str(home),
        "KG_BOLT_PORT": str(bolt),
        "KG_HTTP_PORT": str(http),
        "NEO4J_URI": "",
        "NEO4J_PASSWORD": "test-password-1",
        "KG_NEO4J_HEAP": "512m",
    }


@pytest.mark.neo4j
def test_start_query_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("an external server is configured; the launcher is not used")
    env = _env(tmp_path, free_port(), free_port())
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("NEO4J_URI")
    started = runner.invoke(app, ["neo4j", "start"])
    assert started.exit_code == 0, started.output
    try:
        status = runner.invoke(app, ["neo4j", "status"])
        assert status.exit_code == 0
        assert launcher.neo4j_version() in status.output
        assert str(tmp_path / "data") in status.output.replace("\n", "")
        cfg = Settings()
        with GraphStore.from_settings(cfg) as store:
            store.wait_until_ready()
            assert store.server_info()["version"] == launcher.neo4j_version()
            assert store.read("RETURN 40 + 2 AS answer") == [{"answer": 42}]
            store.run_autocommit("CREATE (:LauncherProbe)")
        # The store reaches its files natively (transaction logs preallocated and advised),
        # which needs the JVM options Neo4j's own scripts pass.
        debug_log = (tmp_path / "logs" / "debug.log").read_text(encoding="utf-8")
        assert "Incorrect file descriptor" not in debug_log
        again = runner.invoke(app, ["neo4j", "start"])
        assert "already running" in again.output
        with TestClient(create_app(cfg)) as client:
            up = client.get("/health")
            assert up.status_code == 200 and up.json()["neo4j"]["version"]
            stopped = runner.invoke(app, ["neo4j", "stop"])
            down = client.get("/health")
        assert down.status_code == 503
        assert down.json()["error"]["code"] == "NEO4J_UNAVAILABLE"
    finally:
        stopped = runner.invoke(app, ["neo4j", "stop"])
    assert stopped.exit_code == 0 and "Neo4j was not running." in stopped.output
    assert not launcher.status(Settings()).running
    assert runner.invoke(app, ["neo4j", "status"]).exit_code == 1


def test_start_without_java_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for k, v in _env(tmp_path, free_port(), free_port()).items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("NEO4J_URI")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = runner.invoke(app, ["neo4j", "start"])
    assert result.exit_code != 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert "Java 17+ not found" in lines[0]


def test_start_with_bolt_port_taken_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        for k, v in _env(tmp_path, port, free_port()).items():
            monkeypatch.setenv(k, v)
        monkeypatch.delenv("NEO4J_URI")
        result = runner.invoke(app, ["neo4j", "start"])
    assert result.exit_code != 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert f"Bolt port {port}" in lines[0] and "already in use" in lines[0]


def test_unwritable_home_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    for k, v in _env(blocker / "home", free_port(), free_port()).items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("NEO4J_URI")
    result = runner.invoke(app, ["neo4j", "start"])
    assert result.exit_code != 0
    assert "not writable" in result.output


def test_external_uri_without_password_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    result = runner.invoke(app, ["db", "stats"])
    assert result.exit_code != 0
    assert "NEO4J_PASSWORD" in result.output
