"""/sparql: the SPARQL 1.1 Protocol over the snapshot of the seed graph, read-only, with a time
limit and a result limit; the snapshot follows loads; the documented query gives one row per
claim."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings
from kg.cypher import delete_all
from kg.rdf.importer import import_files
from kg.rdf.snapshot import SnapshotPaths, refresh
from kg.store import GraphStore
from loaders.graph.mapping import quoted
from tests import rdf_import_files as files
from tests.rdf_seed_graph import load_seed_graph

pytestmark = pytest.mark.neo4j

QUERY = Path(__file__).resolve().parent.parent / "docs" / "sparql" / "who-attacked-whom.rq"
KG = "PREFIX kg: <https://w3id.org/conflict-kg/def#> "
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def snapshot_settings(
    store: GraphStore, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """The seed graph, with a snapshot of its own."""
    settings = neo4j_settings.model_copy(update={"sparql_dir": tmp_path_factory.mktemp("snapshot")})
    load_seed_graph(store, settings)
    report = refresh(store, settings)
    assert report.full and report.quads > 1000
    return settings


@pytest.fixture(scope="module")
def client(snapshot_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(snapshot_settings)) as c:
        yield c


def _bindings(r: object) -> list[dict[str, str]]:
    body = json.loads(r.content)  # type: ignore[attr-defined]
    return [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]


def _select(client: TestClient, query: str, **params: str) -> list[dict[str, str]]:
    r = client.get("/sparql", params={"query": query, **params}, headers={"Accept": JSON})
    assert r.status_code == 200, r.text
    return _bindings(r)


def test_who_attacked_whom_gives_one_row_per_claim(client: TestClient, store: GraphStore) -> None:
    rows = _select(client, QUERY.read_text())
    claims = store.read(
        f"MATCH (c:{quoted('Claim')})-[:{quoted('ATTACKER')}]->() "
        f"WHERE EXISTS {{ (c)-[:{quoted('SUPPORTS')}]->() }} RETURN count(DISTINCT c) AS n"
    )[0]["n"]
    assert claims > 5
    assert len(rows) == claims
    assert len({r["claim"] for r in rows}) == claims
    for row in rows:
        assert row["attacker"] and row["source"] and "/event/" in row["event"]
        assert row["quote"]


def test_get_post_form_and_post_direct_agree(client: TestClient) -> None:
    query = KG + "SELECT ?c WHERE { ?c a kg:Claim } ORDER BY ?c"
    get = client.get("/sparql", params={"query": query}, headers={"Accept": JSON})
    form = client.post("/sparql", data={"query": query}, headers={"Accept": JSON})
    direct = client.post(
        "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
    )
    results = [_bindings(r) for r in (get, form, direct)]
    assert results[0] and results[0] == results[1] == results[2]
    assert get.headers["content-type"].startswith(JSON)


def test_updates_are_refused(client: TestClient) -> None:
    update = "INSERT DATA { <http://x.org/a> <http://x.org/b> <http://x.org/c> }"
    for r in (
        client.post("/sparql", data={"update": update}),
        client.post(
            "/sparql",
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        client.get("/sparql", params={"update": update}),
    ):
        assert r.status_code == 400 and r.json()["error"]["code"] == "UPDATE_REFUSED"
    r = client.get("/sparql", params={"query": update})
    assert r.status_code == 400 and r.json()["error"]["code"] == "BAD_QUERY"
    assert (
        client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code
        == 415
    )


def test_answers_in_every_format(client: TestClient) -> None:
    query = KG + "SELECT ?c ?q WHERE { ?c a kg:Claim ; kg:quote ?q } ORDER BY ?c LIMIT 3"
    as_csv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(as_csv.text)))
    assert table[0] == ["c", "q"] and len(table) == 4
    tsv = client.get("/sparql", params={"query": query},
                     headers={"Accept": "text/tab-separated-values"})  # fmt: skip
    assert tsv.text.splitlines()[0] == "?c\t?q" and tsv.text.splitlines()[1].startswith("<")
    xml = client.get("/sparql", params={"query": query},
                     headers={"Accept": "application/sparql-results+xml"})  # fmt: skip
    parsed = pyoxigraph.parse_query_results(xml.content, pyoxigraph.QueryResultsFormat.XML)
    assert len(list(parsed)) == 3
    ask = client.get("/sparql", params={"query": KG + "ASK { ?c a kg:Claim }"})
    assert ask.json()["boolean"] is True
    construct = client.get(
        "/sparql",
        params={"query": KG + "CONSTRUCT { ?c a kg:Claim } WHERE { ?c a kg:Claim } LIMIT 2"},
        headers={"Accept": "text/turtle"},
    )
    triples = list(pyoxigraph.parse(construct.content, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == 2
    refused = client.get("/sparql", params={"query": query}, headers={"Accept": "image/png"})
    assert refused.status_code == 406


def test_default_graph_is_the_union_and_named_graphs_are_documents(client: TestClient) -> None:
    everything = _select(client, KG + "SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim }")
    in_graphs = _select(
        client, KG + "SELECT (COUNT(?c) AS ?n) WHERE { GRAPH ?doc { ?c a kg:Claim } }"
    )
    assert int(everything[0]["n"]) == int(in_graphs[0]["n"]) > 5
    docs = _select(client, KG + "SELECT DISTINCT ?doc WHERE { GRAPH ?doc { ?c a kg:Claim } }")
    one = docs[0]["doc"]
    only = _select(
        client,
        KG + "SELECT ?c ?d WHERE { ?c a kg:Claim ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?d }",
        **{"default-graph-uri": one},
    )
    assert only and {r["d"] for r in only} == {one}
    named = _select(client, KG + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?c a kg:Claim } }",
                    **{"named-graph-uri": one})  # fmt: skip
    assert [r["g"] for r in named] == [one]


def test_results_are_cut_at_the_limit(snapshot_settings: Settings) -> None:
    settings = snapshot_settings.model_copy(update={"sparql_max_results": 5})
    with TestClient(create_app(settings)) as client:
        r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                       headers={"Accept": JSON})  # fmt: skip
        assert len(_bindings(r)) == 5
        assert r.headers["x-kg-results-truncated"] == "true"
        small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
        assert "x-kg-results-truncated" not in small.headers


def test_a_long_query_is_stopped_and_the_endpoint_lives_on(snapshot_settings: Settings) -> None:
    settings = snapshot_settings.model_copy(update={"sparql_timeout_s": 2.0, "sparql_workers": 1})
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with TestClient(create_app(settings)) as client:
        client.get("/sparql", params={"query": "ASK {}"})  # the worker is up
        started = time.monotonic()
        r = client.get("/sparql", params={"query": heavy})
        took = time.monotonic() - started
        assert r.status_code == 503 and r.json()["error"]["code"] == "TIMEOUT"
        assert took < 10
        after = client.get("/sparql", params={"query": KG + "ASK { ?c a kg:Claim }"})
        assert after.status_code == 200 and after.json()["boolean"] is True


def test_the_service_describes_itself(client: TestClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    triples = list(pyoxigraph.parse(r.content, format=pyoxigraph.RdfFormat.TURTLE))
    assert any(t.object.value.endswith("#UnionDefaultGraph") for t in triples)


def test_no_snapshot_is_a_clear_503(neo4j_settings: Settings, tmp_path: Path) -> None:
    settings = neo4j_settings.model_copy(update={"sparql_dir": tmp_path / "none"})
    with TestClient(create_app(settings)) as client:
        r = client.get("/sparql", params={"query": "ASK {}"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "NO_SNAPSHOT"


def test_the_snapshot_follows_each_load(
    store: GraphStore, snapshot_settings: Settings, tmp_path: Path
) -> None:
    ns = snapshot_settings.namespace
    path = files.write(tmp_path, "bulletin.ttl", files.bulletin(ns, "sparql-bulletin"))
    import_files(store, snapshot_settings, [path])
    report = refresh(store, snapshot_settings)
    assert not report.full and report.documents == 1 and report.events == 2
    claim = f"{ns}claim/sparql-bulletin-c1"
    with TestClient(create_app(snapshot_settings)) as client:
        ask = KG + f"ASK {{ GRAPH <{ns}document/sparql-bulletin> {{ <{claim}> a kg:Claim }} }}"
        assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True
        event = KG + f"SELECT ?n WHERE {{ <{ns}event/sparql-bulletin-e1> kg:claimCount ?n }}"
        assert _select(client, event) == [{"n": "1"}]
    # A change of the document replaces its graph; a wipe empties the snapshot.
    store.run_autocommit(delete_all()[0])
    from kg import changes

    changes.record_full(snapshot_settings)
    assert refresh(store, snapshot_settings).full
    generation = SnapshotPaths(snapshot_settings.sparql_path).current()
    assert generation is not None
    dump = pyoxigraph.Store.read_only(str(generation))
    assert len(dump) == 0
    load_seed_graph(store, snapshot_settings)
    assert refresh(store, snapshot_settings).quads > 1000


def test_reference_data_is_read_again_only_when_it_changed(
    store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    """A load whose reference data is unchanged refreshes only what its documents link to; an
    edited alias reaches the snapshot on the next refresh."""
    import shutil

    from kg.ingest.reference import load_reference
    from loaders.resources import SEEDS_DIR

    settings = neo4j_settings.model_copy(update={"sparql_dir": tmp_path / "snapshot"})
    load_seed_graph(store, settings)
    assert refresh(store, settings).full
    load_reference(store, settings)  # what every load does first: the same data
    assert refresh(store, settings).reference_nodes == 0
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    actors = seeds / "actors.yaml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace(
            "aliases: [SDF, ", "aliases: [SDF, Alias written for this test, ", 1
        ),
        encoding="utf-8",
    )
    load_reference(store, settings, seeds)
    report = refresh(store, settings)
    assert not report.full and report.reference_nodes >= 1
    with TestClient(create_app(settings)) as client:
        skos = "<http://www.w3.org/2004/02/skos/core#altLabel>"
        ask = f'ASK {{ ?a {skos} "Alias written for this test"@en }}'
        assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True


def _generated_articles(folder: Path, count: int) -> Path:
    """Articles from the project's own generator (bench/gen_articles.py), seeded."""
    import importlib.util

    from loaders.resources import SEEDS_DIR

    path = Path(__file__).resolve().parents[1] / "bench" / "gen_articles.py"
    spec = importlib.util.spec_from_file_location("gen_articles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, count, 5, SEEDS_DIR)
    return folder


def _published(settings: Settings) -> set[pyoxigraph.Quad]:
    generation = SnapshotPaths(settings.sparql_path).current()
    assert generation is not None
    return set(pyoxigraph.Store.read_only(str(generation)))


def test_an_incremental_refresh_equals_a_full_rebuild(
    store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    """After a load of new articles, and after a re-load that takes claims away from events
    (some lose their last claim and go), the refreshed snapshot holds exactly the quads of a
    snapshot built from scratch."""
    from kg.ingest.articles import load_articles
    from kg.ingest.reference import load_reference

    settings = neo4j_settings.model_copy(update={"sparql_dir": tmp_path / "incremental"})
    rebuilt = neo4j_settings.model_copy(update={"sparql_dir": tmp_path / "rebuilt"})
    load_seed_graph(store, settings)
    assert refresh(store, settings).full
    corpus = _generated_articles(tmp_path / "articles", 6)
    ref = load_reference(store, settings)
    assert load_articles(store, settings, [corpus], ref).ok
    report = refresh(store, settings)
    assert not report.full and report.documents == 6 and report.events > 0
    assert refresh(store, rebuilt, full=True).full
    assert _published(settings) == _published(rebuilt)

    article = sorted(corpus.glob("*.txt"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text[: len(text) // 3], encoding="utf-8")
    assert load_articles(store, settings, [article], ref).ok
    report = refresh(store, settings)
    assert not report.full and report.documents == 1
    refresh(store, rebuilt, full=True)
    assert _published(settings) == _published(rebuilt)
