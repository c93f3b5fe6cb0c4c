"""Loads that nothing can make lose or duplicate data: document ids that cannot collide, one
document's failure kept to that document, two loads at once equal to one after the other, and
extraction in worker processes written in input order (on the real Neo4j)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.config import Settings
from kg.ingest.articles import LoadReport, load_articles
from kg.ingest.reference import load_reference
from kg.store import GraphStore
from loaders.articles.claims import claim_iri
from loaders.articles.documents import read_articles
from loaders.reference import ReferenceData
from tests.test_load_articles import (
    assert_invariants,
    graph_shape,
    toy_extractor,
    write_article,
)

pytestmark = pytest.mark.neo4j


@pytest.fixture
def ref(clean_store: GraphStore, neo4j_settings: Settings) -> ReferenceData:
    return load_reference(clean_store, neo4j_settings)


def load(
    store: GraphStore, settings: Settings, paths: list[Path], ref: ReferenceData, **kw: object
) -> LoadReport:
    return load_articles(store, settings, paths, ref, extractor=toy_extractor, **kw)  # type: ignore[arg-type]


def documents(store: GraphStore) -> list[dict[str, object]]:
    return store.read("MATCH (d:Document) RETURN d.id AS id, d.text AS text ORDER BY id")


# --- document identity -----------------------------------------------------------------------


def test_files_of_one_name_in_different_folders_are_different_documents(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    names = ["2018/report.txt", "2019/report.txt", "2019/Report!.txt", "تقرير.txt", "خبر.txt"]
    for i, name in enumerate(names):
        path = tmp_path / name
        write_article(
            path.parent, path.name, f"IS fighters attacked Baghouz, killing {i} soldiers."
        )
    report = load(clean_store, neo4j_settings, [tmp_path], ref)
    assert report.ok and len(report.loaded) == 5
    docs = documents(clean_store)
    assert len(docs) == 5 and len({d["id"] for d in docs}) == 5
    assert clean_store.read("MATCH (c:Claim) RETURN count(c) AS n") == [{"n": 5}]
    again = load(clean_store, neo4j_settings, [tmp_path], ref)
    assert len(again.unchanged) == 5  # the ids are stable
    assert_invariants(clean_store)


def test_a_second_file_claiming_a_stored_id_is_refused_unless_replace(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    first = write_article(
        tmp_path / "a", "report.txt", "IS fighters attacked Baghouz, killing 3 soldiers."
    )
    other = write_article(
        tmp_path / "b", "report.txt", "IS fighters attacked Hajin, killing 5 soldiers."
    )
    assert load(clean_store, neo4j_settings, [tmp_path / "a"], ref).loaded == [str(first)]
    report = load(clean_store, neo4j_settings, [tmp_path / "b"], ref)
    [failure] = report.failures
    assert failure.source == str(other.absolute())
    assert str(first.absolute()) in failure.reason and "--replace" in failure.reason
    assert documents(clean_store) == [{"id": "report", "text": first.read_text(encoding="utf-8")}]

    # An edit of the same file still replaces it; another file does with --replace.
    first.write_text("IS fighters attacked Baghouz, killing 4 soldiers.", encoding="utf-8")
    assert load(clean_store, neo4j_settings, [tmp_path / "a"], ref).loaded == [str(first)]
    replaced = load(clean_store, neo4j_settings, [tmp_path / "b"], ref, replace=True)
    assert replaced.loaded == [str(other)]
    assert documents(clean_store) == [{"id": "report", "text": other.read_text(encoding="utf-8")}]
    assert_invariants(clean_store)


def test_the_cli_exits_non_zero_on_a_collision_and_names_both_files(
    clean_store: GraphStore,
    neo4j_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kg.cli.main import app

    monkeypatch.setattr("kg.ingest.preparation.ParsingExtractor.__call__", lambda *_: toy_extractor)
    a = write_article(
        tmp_path / "a", "report.txt", "IS fighters attacked Baghouz, killing 3 soldiers."
    )
    b = write_article(
        tmp_path / "b", "report.txt", "IS fighters attacked Hajin, killing 5 soldiers."
    )
    env = cli_env(neo4j_settings)
    assert CliRunner().invoke(app, ["load", "articles", str(a.parent)], env=env).exit_code == 0
    result = CliRunner().invoke(app, ["load", "articles", str(b.parent)], env=env)
    assert result.exit_code == 1
    assert str(a.absolute()) in result.output and str(b.absolute()) in result.output
    assert clean_store.read("MATCH (d:Document) RETURN count(d) AS n") == [{"n": 1}]


def cli_env(settings: Settings) -> dict[str, str]:
    return {
        "NEO4J_URI": settings.bolt_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "KG_BASE_IRI": settings.base_iri,
    }


# --- one document's failure stays that document's --------------------------------------------


def test_a_constraint_error_fails_one_document_and_the_batch_goes_on(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    paths = [
        write_article(tmp_path, f"{i}.txt", f"IS fighters attacked Baghouz, killing {i} soldiers.")
        for i in range(1, 4)
    ]
    # A claim node another writer left with the IRI the second document's claim will have.
    [article], _ = read_articles([paths[1]], 5_000_000)
    [claim] = toy_extractor(article.text, article.meta, ref).events
    taken = claim_iri(neo4j_settings.namespace, article.doc_id, claim)
    clean_store.write([("CREATE (:ControlClaim {iri: $iri})", {"iri": taken})])
    clean_store.write([("MATCH (c:ControlClaim {iri: $iri}) SET c:Claim", {"iri": taken})])

    report = load(clean_store, neo4j_settings, [tmp_path], ref)
    assert report.loaded == [str(paths[0]), str(paths[2])]
    [failure] = report.failures
    assert (
        failure.source == str(paths[1].absolute())
        and "ConstraintValidationFailed" in failure.reason
    )
    names = clean_store.read("MATCH (d:Document) RETURN d.fileName AS f ORDER BY f")
    assert names == [{"f": "1.txt"}, {"f": "3.txt"}]  # nothing of the failed one


# --- two loads at once equal one after the other -----------------------------------------------

PLACES = ("Hajin", "Baghouz")
DAYS = (dt.date(2018, 3, 1), dt.date(2018, 6, 1), dt.date(2018, 9, 1))


def _corpus(folder: Path, count: int) -> list[Path]:
    """Documents that fall in six events whatever the order: two places 28 km apart (more
    than the 25 km rule) and three days months apart; each reported by many documents."""
    paths = []
    for i in range(count):
        place, day = PLACES[i % 2], DAYS[(i // 2) % 3]
        text = f"Coalition aircraft struck {place}, killing {i + 1} civilians."
        paths.append(write_article(folder, f"doc-{i:03d}.txt", text, published=day.isoformat()))
    return paths


def _partition(store: GraphStore) -> set[frozenset[str]]:
    rows = store.read(
        "MATCH (e:Event)<-[:SUPPORTS]-(c:Claim)-[:DERIVED_FROM]->(d:Document)"
        " RETURN e.iri AS e, collect(d.fileName) AS docs"
    )
    return {frozenset(r["docs"]) for r in rows}


def _state(store: GraphStore) -> tuple[dict[str, int], set[frozenset[str]]]:
    shape = graph_shape(store)
    shape.pop("prop:resolutionSeq", None)  # how many transactions locked a place, not content
    return shape, _partition(store)


@pytest.mark.parametrize("first", ["A", "B"])
def test_two_overlapping_loads_at_once_equal_one_after_the_other(
    clean_store: GraphStore,
    neo4j_settings: Settings,
    ref: ReferenceData,
    tmp_path: Path,
    first: str,
) -> None:
    paths = _corpus(tmp_path / "in", 48)
    sets = {"A": paths[:32], "B": paths[16:]}
    second = "B" if first == "A" else "A"
    for name in (first, second):
        assert load(clean_store, neo4j_settings, sets[name], ref).ok
    sequential = _state(clean_store)
    assert len(sequential[1]) == 6

    clean_store.run_autocommit(
        "MATCH (n) WHERE NOT n:Actor AND NOT n:Place AND NOT n:Source"
        " AND NOT n:EventType DETACH DELETE n"
    )
    reports: dict[str, LoadReport] = {}
    start = threading.Barrier(2)

    def run(name: str) -> None:
        start.wait()
        reports[name] = load(clean_store, neo4j_settings, sets[name], ref)

    threads = [threading.Thread(target=run, args=(n,)) for n in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in reports.values()), [r.failures for r in reports.values()]
    assert _state(clean_store) == sequential
    assert_invariants(clean_store)


# --- extraction in worker processes ------------------------------------------------------------


def test_workers_give_the_graph_and_order_of_one_process(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    paths = _corpus(tmp_path / "in", 12)
    # A date the calendar lacks: the extractor fails on this document alone, in its worker.
    (tmp_path / "in" / "doc-005.meta.yaml").write_text("published: '2018-02-30'", encoding="utf-8")
    seen: list[str] = []
    one = load(clean_store, neo4j_settings, [tmp_path / "in"], ref, progress=seen.append)
    state = _state(clean_store)
    clean_store.run_autocommit(
        "MATCH (n) WHERE NOT n:Actor AND NOT n:Place AND NOT n:Source"
        " AND NOT n:EventType DETACH DELETE n"
    )
    seen_parallel: list[str] = []
    two = load(
        clean_store,
        neo4j_settings,
        [tmp_path / "in"],
        ref,
        progress=seen_parallel.append,
        workers=2,
    )
    assert two.loaded == one.loaded and len(two.loaded) == 11
    assert [f.source for f in two.failures] == [str(paths[5])]
    assert seen_parallel == seen == [str(p) for p in paths]
    assert _state(clean_store) == state
