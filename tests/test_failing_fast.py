"""Clear, fast failure with no server to talk to: the CLI and GraphQL when Neo4j is down,
production without documentation pages, and help that reads cleanly."""

from __future__ import annotations

import itertools
import logging
import time

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kg.api.app import create_app
from kg.cli.main import app
from kg.config import Settings
from tests.neo4j_fixture import free_port


def _down_env(tmp_path: object) -> dict[str, str]:
    """A local server on a port nothing listens on."""
    return {"KG_BOLT_PORT": str(free_port()), "NEO4J_PASSWORD": "unused", "KG_HOME": str(tmp_path)}


@pytest.mark.parametrize("command", [["db", "stats"], ["load", "seeds"], ["db", "init"]])
def test_cli_fails_within_two_seconds_with_the_fix(
    command: list[str], tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    started = time.monotonic()
    result = CliRunner().invoke(app, command, env=_down_env(tmp_path))
    elapsed = time.monotonic() - started
    assert result.exit_code == 3, result.output
    assert elapsed < 2.0, f"{command} took {elapsed:.1f} s to fail"
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "kg neo4j start" in lines[0], result.output


def test_an_external_server_down_names_neo4j_uri(tmp_path: object) -> None:
    env = {"NEO4J_URI": f"bolt://db.invalid:{free_port()}", "NEO4J_PASSWORD": "unused"}
    result = CliRunner().invoke(app, ["db", "stats"], env=env)
    assert result.exit_code == 3 and "NEO4J_URI" in result.output


def test_graphql_answers_service_unavailable_fast_without_address_or_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = free_port()
    cfg = Settings(NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_PASSWORD="unused")
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(cfg)) as client:
        for _ in range(3):
            started = time.monotonic()
            response = client.post("/graphql", json={"query": "{ stats { events } }"})
            elapsed = time.monotonic() - started
            assert elapsed < 2.0, f"GraphQL took {elapsed:.1f} s with Neo4j down"
            body = response.text
            [error] = response.json()["errors"]
            assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert str(port) not in body and "127.0.0.1" not in body and "bolt" not in body
    tracebacks = [r for r in caplog.records if r.exc_info and not r.name.startswith("neo4j")]
    assert tracebacks == []


@pytest.mark.parametrize("path", ["/docs", "/openapi.json"])
def test_production_serves_no_documentation_ui(path: str) -> None:
    prod = Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x", KG_PRODUCTION=True)
    dev = Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x")
    assert TestClient(create_app(prod)).get(path).status_code == 404
    assert TestClient(create_app(dev)).get(path).status_code == 200


def test_no_mode_serves_redoc_whose_scripts_would_come_from_a_cdn() -> None:
    dev = Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x")
    assert TestClient(create_app(dev)).get("/redoc").status_code == 404


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    found: list[list[str]] = []

    def walk(cmd: object, path: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*path, name])
        else:
            found.append(path)

    walk(root, [])
    return found


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_help_reads_cleanly_with_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=100)
    assert result.exit_code == 0
    text = result.output
    assert "<bool>" not in text and "<list[" not in text and "<int" not in text
    assert "Example" in text, f"kg {' '.join(command)} --help shows no example"
    # A paragraph's lines are filled to the width: no line ends after one or two words when
    # the next line of the same paragraph has words that would have fitted.
    lines = text.splitlines()
    for line, following in itertools.pairwise(lines):
        words = line.split()
        if line.startswith("  ") and not line.startswith("   ") and 0 < len(words) <= 2:
            nxt = following.split()
            stranded = nxt and following.startswith("  ") and not following.startswith("   ")
            assert not (stranded and len(line) + len(nxt[0]) < 80), f"stranded: {line!r}"


def test_cli_doc_documents_the_article_metadata_files() -> None:
    from kg.cli.docgen import DOCS
    from loaders.articles.documents import ArticleMeta

    text = (DOCS / "cli.md").read_text()
    assert "index.yaml" in text and "NAME.meta.yaml" in text
    for name in ArticleMeta.model_fields:
        assert f"| `{name}` |" in text
