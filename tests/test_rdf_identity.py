"""Identity that outlives a deployment: IRIs in the dataset's recorded namespace resolve
whatever host or KG_BASE_IRI serves them; `kg db rebase-iris` moves them deliberately."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from kg.api.app import create_app
from kg.cli.main import app as cli
from kg.config import Settings
from kg.dataset import dataset_iri, rebase_iris, recorded_namespace
from kg.errors import InputError
from kg.rdf.export import export_to_file
from kg.store import GraphStore
from tests.rdf_seed_graph import load_seed_graph

pytestmark = pytest.mark.neo4j

PUBLIC = "https://kg.example.org/conflict/id/"


def _moved(settings: Settings, **changes: str) -> Settings:
    """The same database served under other settings (another public URL, another default
    namespace for new databases)."""
    return settings.model_copy(update=changes)


@pytest.fixture
def seeded(clean_store: GraphStore, neo4j_settings: Settings) -> GraphStore:
    load_seed_graph(clean_store, neo4j_settings)
    return clean_store


@pytest.fixture
def moved_client(seeded: GraphStore, neo4j_settings: Settings) -> Iterator[TestClient]:
    """The API after a move: KG_BASE_IRI and KG_NAMESPACE both differ from the load's."""
    settings = _moved(neo4j_settings, base_iri=PUBLIC, namespace="https://other.example/id/")
    with TestClient(create_app(settings), base_url="http://kg.internal:8080") as client:
        yield client


def test_the_load_records_the_namespace(seeded: GraphStore, neo4j_settings: Settings) -> None:
    assert recorded_namespace(seeded) == neo4j_settings.namespace
    rows = seeded.read("MATCH (n) WHERE n.iri STARTS WITH $ns RETURN count(n) AS n",
                       {"ns": neo4j_settings.namespace})  # fmt: skip
    assert rows[0]["n"] > 100


def test_iris_resolve_after_the_base_changes(
    moved_client: TestClient, neo4j_settings: Settings
) -> None:
    ns = neo4j_settings.namespace
    r = moved_client.get("/id/actor/sdf", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "http://kg.internal:8080/doc/actor/sdf.ttl"
    doc = moved_client.get(r.headers["location"])
    assert doc.status_code == 200
    g = Graph().parse(data=doc.text, format="turtle")
    sdf = URIRef(f"{ns}actor/sdf")
    assert (sdf, None, None) in g, "the resource keeps its IRI"
    assert not any(str(s).startswith(PUBLIC) for s in g.subjects())


def test_html_links_follow_the_public_base(
    moved_client: TestClient, neo4j_settings: Settings
) -> None:
    page = moved_client.get("/doc/place/hajin.html").text
    assert f'href="{PUBLIC}place/hajin-subdistrict"' in page
    assert f"{neo4j_settings.namespace}place/hajin" in page, "the IRI is still what is shown"
    assert 'href="https://kg.example.org/conflict/def#Place"' in page
    assert 'lang="en"' in page


def test_the_dataset_describes_itself(moved_client: TestClient, neo4j_settings: Settings) -> None:
    r = moved_client.get("/id/dataset/conflict-kg", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    uri_space = g.value(URIRef(dataset_iri(neo4j_settings.namespace)),
                        URIRef("http://rdfs.org/ns/void#uriSpace"))  # fmt: skip
    assert str(uri_space) == neo4j_settings.namespace


def test_rebase_rewrites_every_iri_in_one_go(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    old, new = neo4j_settings.namespace, "https://kg.example.org/data/"
    before = seeded.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    _, renamed = rebase_iris(seeded, neo4j_settings, new)
    assert renamed > 100
    assert recorded_namespace(seeded) == new
    assert seeded.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == before
    assert seeded.read("MATCH (n) WHERE n.iri STARTS WITH $old RETURN count(n) AS n",
                       {"old": old})[0]["n"] == 0  # fmt: skip
    out = tmp_path / "rebased.nq"
    export_to_file(seeded, new, "nquads", out)
    subjects = {q.subject.value for q in pyoxigraph.parse(path=str(out),
                format=pyoxigraph.RdfFormat.N_QUADS)}  # fmt: skip
    assert f"{new}actor/sdf" in subjects and not any(s.startswith(old) for s in subjects)
    with TestClient(create_app(neo4j_settings)) as client:
        assert client.get("/id/actor/sdf", follow_redirects=False).status_code == 303
        body = client.get("/doc/actor/sdf.nt").text
        assert f"<{new}actor/sdf>" in body and old not in body
    with pytest.raises(InputError):
        rebase_iris(seeded, neo4j_settings, "not a namespace")


def test_rebase_from_the_command_line(
    seeded: GraphStore, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    result = CliRunner().invoke(cli, ["db", "rebase-iris", "https://kg.example.org/x/", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Rebased" in result.output
    assert recorded_namespace(seeded) == "https://kg.example.org/x/"
    again = CliRunner().invoke(cli, ["db", "rebase-iris", "https://kg.example.org/x/", "--yes"])
    assert again.exit_code == 0 and "nothing changed" in again.output
