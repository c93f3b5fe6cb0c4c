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
from loaders.graph.mapping import quoted

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


def test_invalid_rdf_prints_the_report_and_fails(
    cli_env: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/conflict-kg/def#> .\n"
        f"<{neo4j_settings.namespace}actor/nameless> a kg:Actor .\n",
        encoding="utf-8",
    )
    cli_env.run_autocommit(delete_all()[0])
    result = CliRunner().invoke(app, ["import", "rdf", str(bad)])
    assert result.exit_code != 0
    assert "Conforms: False" in result.stderr
    assert "nothing was written" in result.stderr
    assert sum(graph_stats(cli_env).values()) == 0


def test_import_options_dry_run_map_and_replace(
    cli_env: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ns, other = neo4j_settings.namespace, "http://old.example/id/"
    path = tmp_path / "actor.ttl"
    path.write_text(
        "@prefix kg: <https://w3id.org/conflict-kg/def#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        f'<{other}actor/actor-001> a kg:Actor ; dcterms:identifier "actor-001" ;\n'
        '  skos:prefLabel "Actor 1"@en ; skos:altLabel "Renamed"@en ;'
        " kg:actorType kg:Militia .\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    refused = runner.invoke(app, ["import", "rdf", str(path)])
    assert refused.exit_code != 0 and "--map" in refused.stderr
    mapping = ["--map", f"{other}={ns}"]
    dry = runner.invoke(app, ["import", "rdf", str(path), *mapping, "--dry-run"])
    assert dry.exit_code != 0 and "--replace" in dry.stderr, "an existing actor would change"
    dry = runner.invoke(app, ["import", "rdf", str(path), *mapping, "--dry-run", "--replace"])
    assert dry.exit_code == 0, dry.output
    assert "nothing was written" in dry.stdout and "would change" in dry.stdout
    query = f"MATCH (a:{quoted('Actor')} {{id: 'actor-001'}}) RETURN a.actorType AS t"
    assert cli_env.read(query) == [{"t": "StateForce"}]
    done = runner.invoke(app, ["import", "rdf", str(path), *mapping, "--replace"])
    assert done.exit_code == 0, done.output
    assert cli_env.read(query) == [{"t": "Militia"}]


def test_sparql_refresh_from_the_command_line(cli_env: GraphStore) -> None:
    result = CliRunner().invoke(app, ["sparql", "refresh", "--full"])
    assert result.exit_code == 0, result.output
    assert "Snapshot rebuilt" in result.stdout
    again = CliRunner().invoke(app, ["sparql", "refresh"])
    assert again.exit_code == 0 and "Snapshot refreshed" in again.stdout


def test_unknown_event_type_is_an_error(cli_env: GraphStore) -> None:
    result = CliRunner().invoke(app, ["export", "--type", "dragon_attack"])
    assert result.exit_code == 1
    assert "unknown event type" in result.stderr
