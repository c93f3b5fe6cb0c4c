"""``kg export`` and ``kg import rdf`` end to end through the CLI."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from bench.gen_rdf_graph import write_graph
from kg.cli.main import app
from kg.config import Settings
from kg.cypher import delete_all
from kg.stats import graph_stats
from kg.store import GraphStore

pytestmark = pytest.mark.neo4j


@pytest.fixture
def cli_env(
    clean_store: GraphStore, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> GraphStore:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("KG_NAMESPACE", neo4j_settings.namespace)
    write_graph(clean_store, neo4j_settings.namespace, 40)
    return clean_store


def test_export_then_import_restores_the_graph(cli_env: GraphStore, tmp_path: Path) -> None:
    before = graph_stats(cli_env)
    out = tmp_path / "kg.nq"
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--format", "nquads", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Exported" in result.stderr
    quads = list(pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.N_QUADS))
    assert f"Exported {len(quads):,} triples" in result.stderr

    cli_env.run_autocommit(delete_all()[0])
    result = runner.invoke(app, ["import", "rdf", str(out)])
    assert result.exit_code == 0, result.output
    assert graph_stats(cli_env) == before


def test_export_to_stdout_with_a_filter(cli_env: GraphStore) -> None:
    result = CliRunner().invoke(app, ["export", "-f", "turtle", "--type", "ambush"])
    assert result.exit_code == 0, result.output
    triples = list(pyoxigraph.parse(result.stdout.encode(), format=pyoxigraph.RdfFormat.TURTLE))
    types = {t.object.value for t in triples if t.predicate.value.endswith("sem/eventType")}
    assert types == {"https://w3id.org/conflict-kg/def/event-type/ambush"}


def test_invalid_rdf_prints_the_report_and_fails(cli_env: GraphStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/conflict-kg/def#> .\n"
        "<http://127.0.0.1:8000/id/actor/nameless> a kg:Actor .\n",
        encoding="utf-8",
    )
    cli_env.run_autocommit(delete_all()[0])
    result = CliRunner().invoke(app, ["import", "rdf", str(bad)])
    assert result.exit_code != 0
    assert "Conforms: False" in result.stderr
    assert "nothing was written" in result.stderr
    assert sum(graph_stats(cli_env).values()) == 0


def test_unknown_event_type_is_an_error(cli_env: GraphStore) -> None:
    result = CliRunner().invoke(app, ["export", "--type", "dragon_attack"])
    assert result.exit_code == 1
    assert "unknown event type" in result.stderr
