"""ACLED and UCDP fixture files loaded into a real Neo4j: mapping, rejects, idempotence, resume,
corroboration with a seed article's event, and the CLI's exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.config import Settings
from kg.ingest.articles import load_articles
from kg.ingest.checkpoints import Checkpoint, database_id
from kg.ingest.dataset_files import file_digest, rejects_path
from kg.ingest.datasets import LoadOptions, load_dataset
from kg.ingest.reference import load_reference
from kg.store import GraphStore
from loaders.articles.documents import ArticleMeta
from loaders.claims import DateSpan, EventClaim, Extraction
from loaders.datasets import acled, ucdp
from loaders.datasets.registry import dataset_format
from loaders.reference import ReferenceData
from loaders.resources import SEEDS_DIR

pytestmark = pytest.mark.neo4j
FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE_004 = SEEDS_DIR / "articles" / "004_e3b5789430163e61.txt"


@pytest.fixture
def cfg(neo4j_settings: Settings, tmp_path: Path) -> Settings:
    """The session's server with a home of its own, so checkpoints never leak between tests."""
    return neo4j_settings.model_copy(update={"kg_home": tmp_path / "home"})


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copy(FIXTURES / name, target)
    return target


def _one(store: GraphStore, query: str, **params: Any) -> dict[str, Any]:
    rows = store.read(query, params)
    assert len(rows) == 1, rows
    return rows[0]


def _claim(store: GraphStore, claim_id: str) -> dict[str, Any]:
    return _one(
        store,
        """
        MATCH (c:Claim {id: $id})-[:DERIVED_FROM]->(d:Document)-[:PUBLISHED_BY]->(pub:Source)
        RETURN c {.*} AS claim, d {.*} AS doc, pub.id AS publisher,
          [(c)-[:ATTRIBUTED_TO]->(s) | s.id] AS sources,
          [(c)-[:HAS_TYPE]->(t) | t.id] AS types,
          [(c)-[:ATTACKER]->(a) | a.id] AS attackers,
          [(c)-[:TARGET]->(a) | a.id] AS targets,
          [(c)-[:PARTICIPANT]->(a) | a.id] AS participants,
          [(c)-[:OCCURRED_AT]->(p) | p.id] AS places,
          [(c)-[:REPORTS]->(f) | f {.count, .maxCount, .qualifier, .groupLabel,
            group: [(f)-[:COUNTS]->(g) | g.id]}] AS figures
        """,
        id=claim_id,
    )


def _graph_counts(store: GraphStore) -> dict[str, int]:
    nodes = store.read("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n")
    rels = store.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")
    return {**{r["l"]: r["n"] for r in nodes}, **{r["t"]: r["n"] for r in rels}}


def _reject_lines(path: Path) -> dict[int, str]:
    with rejects_path(path).open(newline="", encoding="utf-8") as fh:
        return {int(r["line"]): r["reason"] for r in csv.DictReader(fh)}


def _place(store: GraphStore, claim_id: str) -> dict[str, Any]:
    return _one(
        store,
        "MATCH (:Claim {id: $id})-[:OCCURRED_AT]->(p:Place)"
        " RETURN p {.*} AS p, [(p)-[:PART_OF]->(q) | q.id] AS parents,"
        " [(p)-[:NEAR]->(q) | q.id] AS near,"
        " [(p)-[:PART_OF*]->(g {placeType: 'Governorate'}) | g.id] AS governorates",
        id=claim_id,
    )


def test_acled_rows_become_claims_with_provenance(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    path = _copy("acled_small.csv", tmp_path)
    report = load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(release="2024-01"))
    assert (report.rows, report.claims, report.skipped, report.rejected) == (28, 21, 1, 6)
    assert report.complete and report.by_category["Peaceful protest"] == {"skipped": 1}
    assert report.skip_reasons == {"category outside the event types": 1}
    assert report.by_category["Armed clash"] == {"added": 4, "rejected": 4}
    assert report.by_category["(unreadable)"] == {"rejected": 1}  # a row of 4 fields
    assert report.total("added") == 21 and report.oriented >= 15

    hajin = _claim(clean_store, "acled-syr1007")
    assert hajin["claim"]["locator"] == "ACLED SYR1007 (release 2024-01)"
    assert hajin["claim"]["quote"].startswith("On 14 December 2018, QSD, backed by coalition")
    assert hajin["claim"]["datasetCategory"] == "Non-state actor overtakes territory"
    assert str(hajin["claim"]["startDate"]) == str(hajin["claim"]["endDate"]) == "2018-12-14"
    assert hajin["claim"]["datePrecision"] == "day"
    assert hajin["doc"]["documentType"] == "DatasetRecord" and hajin["publisher"] == "acled"
    assert hajin["doc"]["version"] == "1618500000"
    assert sorted(hajin["sources"]) == ["afp", "sohr"]
    assert hajin["types"] == ["capture_of_territory"]
    # The roles come from the note ("QSD ... took control of Hajin town from IS"), not from
    # the column order; the associated US forces, which the note does not name, take part.
    assert (hajin["attackers"], hajin["targets"]) == (["sdf"], ["islamic-state"])
    assert hajin["participants"] == ["united-states"]
    assert hajin["claim"]["rule"].endswith("roles=text")
    assert hajin["figures"] == [
        {"count": 39, "maxCount": None, "qualifier": "at_least", "groupLabel": "fatalities",
         "group": []}
    ]  # fmt: skip

    # The row's own place, not the gazetteer's: named as written, NEAR the known town, in the
    # district and governorate of admin2/admin1.
    place = _place(clean_store, "acled-syr1007")
    assert place["p"]["name"] == "Hajin" and place["p"]["id"] == "hajin-34-689-40-831-2km"
    assert (place["near"], place["p"]["nearKm"]) == (["hajin"], 0.0)
    assert place["parents"] == ["abu-kamal-district"]
    assert place["governorates"] == ["deir-ez-zor-governorate"]
    assert _place(clean_store, "acled-syr1002")["near"] == ["al-mayadin"]
    assert _place(clean_store, "acled-syr1002")["p"]["name"] == "Mayadin"
    assert _claim(clean_store, "acled-syr1005")["targets"] == ["syrian-regime"]
    assert _claim(clean_store, "acled-syr1016")["targets"] == ["islamic-state"]


def test_acled_precision_and_new_nodes_flagged_for_review(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    report = load_dataset(clean_store, cfg, _copy("acled_small.csv", tmp_path), acled.FORMAT)
    week = _claim(clean_store, "acled-syr1005")["claim"]
    assert (week["datePrecision"], str(week["startDate"]), str(week["endDate"])) == (
        "week", "2018-02-09", "2018-02-15",
    )  # fmt: skip
    month = _claim(clean_store, "acled-syr1023")["claim"]
    assert (month["datePrecision"], str(month["startDate"]), str(month["endDate"])) == (
        "month", "2018-07-01", "2018-07-31",
    )  # fmt: skip
    assert "geo_precision=2" in month["rule"] and "time_precision=3" in month["rule"]

    kishmah = _place(clean_store, "acled-syr1004")
    assert kishmah["p"]["name"] == "Al Kishmah" and kishmah["p"]["reviewNeeded"] is True
    assert (kishmah["p"]["lat"], kishmah["p"]["lon"], kishmah["p"]["precisionKm"]) == (
        34.812, 40.652, 25.0,
    )  # fmt: skip
    assert kishmah["parents"] == ["abu-kamal-district"] and kishmah["near"] == []
    gunmen = _one(
        clean_store, "MATCH (a:Actor {name: 'Unidentified Armed Group (Syria)'}) RETURN a"
    )
    assert gunmen["a"]["reviewNeeded"] is True and gunmen["a"]["actorType"] == "Militia"
    # Created once, listed in the summary with the rows that named it.
    assert report.unknown_actors == {"Unidentified Armed Group (Syria)": 2}
    outlet = _one(clean_store, "MATCH (s:Source {name: 'Deir Ezzor 24'}) RETURN s")
    assert outlet["s"]["sourceType"] == "Unidentified" and outlet["s"]["reviewNeeded"] is True
    # A row that lists no source is the dataset's own statement.
    assert _claim(clean_store, "acled-syr1026")["sources"] == ["acled"]


def test_rejects_name_line_and_reason(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    path = _copy("acled_small.csv", tmp_path)
    report = load_dataset(clean_store, cfg, path, acled.FORMAT)
    assert report.rejects_file == str(tmp_path / "acled_small.rejects.csv")
    rejects = _reject_lines(path)
    # Line 20 holds a note spanning two lines, so the rows after it start one line later.
    assert sorted(rejects) == [12, 13, 14, 19, 22, 23]
    assert "event_date" in rejects[12] and "Febtember" in rejects[12]
    assert rejects[13] == "missing actor1"
    assert "non-numeric latitude" in rejects[14]
    assert "unknown sub_event_type 'Alien landing'" in rejects[19]
    assert "non-numeric fatalities" in rejects[22]
    assert "fields" in rejects[23]
    assert _one(clean_store, "MATCH (c:Claim {id: 'acled-syr1019'}) RETURN c.quote AS q")[
        "q"
    ].endswith("ahead of the ground assault on the city.")
    for missing in ("acled-syr1011", "acled-syr1012", "acled-syr1013", "acled-syr1020"):
        assert not clean_store.read("MATCH (c:Claim {id: $id}) RETURN c", {"id": missing})


def test_ucdp_rows_become_claims(clean_store: GraphStore, cfg: Settings, tmp_path: Path) -> None:
    path = _copy("ucdp_small.csv", tmp_path)
    report = load_dataset(clean_store, cfg, path, ucdp.FORMAT, LoadOptions(release="24.1"))
    assert (report.rows, report.claims, report.rejected) == (17, 12, 5)
    assert sorted(_reject_lines(path)) == [8, 9, 10, 11, 14]
    # Estimates out of order are kept as given, with a warning (not rejected).
    assert report.warnings == 2 and [line for line, _ in report.warning_examples] == [13, 18]
    kept = {f["groupLabel"]: f for f in _claim(clean_store, "ucdp-ged-250012")["figures"]}
    assert (kept["best"]["count"], kept["low-high"]["count"], kept["low-high"]["maxCount"]) == (
        2, 3, 5,
    )  # fmt: skip

    baghouz = _claim(clean_store, "ucdp-ged-250003")
    assert baghouz["claim"]["locator"] == "UCDP GED 250003 (release 24.1)"
    assert baghouz["doc"]["version"] == "24.1"
    assert baghouz["publisher"] == "ucdp" and baghouz["sources"] == ["sohr"]
    # GED's sides say who fought, not who attacked; the row's one headline does ("SDF pushes
    # into last IS pocket"), so its roles come from the text.
    assert baghouz["types"] == ["armed_clash"] and baghouz["attackers"] == ["sdf"]
    assert baghouz["participants"] + baghouz["targets"] == ["islamic-state"]
    assert baghouz["claim"]["rule"].endswith("roles=text")
    figures = {f["groupLabel"]: f for f in baghouz["figures"]}
    assert figures["best"]["count"] == 30 and figures["best"]["qualifier"] == "about"
    assert (figures["low-high"]["count"], figures["low-high"]["maxCount"]) == (25, 40)
    assert figures["SDF"]["count"] == 3 and figures["SDF"]["group"] == ["sdf"]
    assert figures["IS"]["count"] == 27 and figures["IS"]["group"] == ["islamic-state"]

    one_sided = _claim(clean_store, "ucdp-ged-250002")
    assert one_sided["types"] == ["killing"]
    assert (one_sided["attackers"], one_sided["targets"]) == (["islamic-state"], ["civilians"])
    assert one_sided["claim"]["datePrecision"] == "week"
    province = _place(clean_store, "ucdp-ged-250011")
    assert province["p"]["placeType"] == "Region" and province["near"] == [
        "deir-ez-zor-governorate"
    ]
    assert _place(clean_store, "ucdp-ged-250001")["near"] == ["abu-kamal"]


@pytest.mark.parametrize("name,dataset", [("acled_small.csv", "acled"), ("ucdp_small.csv", "ucdp")])
def test_loading_twice_gives_the_same_graph(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path, name: str, dataset: Any
) -> None:
    path = _copy(name, tmp_path)
    first = load_dataset(clean_store, cfg, path, dataset_format(dataset))
    after_first = _graph_counts(clean_store)
    second = load_dataset(clean_store, cfg, path, dataset_format(dataset))
    assert _graph_counts(clean_store) == after_first
    assert (first.rows, first.claims, first.rejected) == (
        second.rows,
        second.claims,
        second.rejected,
    )
    assert len(_reject_lines(path)) == first.rejected


def test_interrupted_load_resumes_after_the_last_commit(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    path = _copy("acled_small.csv", tmp_path)
    partial = load_dataset(
        clean_store, cfg, path, acled.FORMAT, LoadOptions(chunk_size=5, max_chunks=3)
    )
    assert not partial.complete and partial.rows == 15 and partial.chunks == 3
    checkpoint = Checkpoint(cfg, file_digest(path), database_id(clean_store))
    assert checkpoint.read(clean_store)[0] is not None
    assert clean_store.read("MATCH (c:Claim) RETURN count(c) AS n")[0]["n"] == partial.claims

    resumed = load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(chunk_size=5))
    assert resumed.complete and resumed.resumed_at == 16 and resumed.restarted is None
    assert (resumed.rows, resumed.claims, resumed.rejected) == (28, 21, 6)
    assert checkpoint.read(clean_store) == (None, None)
    assert sorted(_reject_lines(path)) == [12, 13, 14, 19, 22, 23]
    interrupted = _graph_counts(clean_store)

    clean_store.run_autocommit("MATCH (n) DETACH DELETE n")
    load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(chunk_size=5))
    assert _graph_counts(clean_store) == interrupted


def _gold_e2(text: str) -> Extraction:
    """Event e2 of tests/gold/004 (IS attack on the regime in Damascus, 13-29 March 2018)."""
    quote = "which began with an attack in the capital Damascus"
    start = text.index(quote)
    claim = EventClaim(
        quote=quote,
        start=start,
        end=start + len(quote),
        date=DateSpan(start=dt.date(2018, 3, 13), end=dt.date(2018, 3, 29), precision="day"),
        according_to="sohr",
        rule="gold",
        confidence=1.0,
        event_type="attack",
        attackers=["islamic-state"],
        targets=["syrian-regime"],
        places=["damascus"],
    )
    return Extraction(events=[claim], version="test")


def test_dataset_row_corroborates_a_seed_article_event(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    ref: ReferenceData = load_reference(clean_store, cfg)

    def extract(text: str, _meta: ArticleMeta, _ref: ReferenceData) -> Extraction:
        return _gold_e2(text)

    articles = load_articles(clean_store, cfg, [ARTICLE_004], ref, extractor=extract)
    assert articles.ok and articles.claims == 1
    load_dataset(clean_store, cfg, _copy("acled_small.csv", tmp_path), acled.FORMAT)

    event = _one(
        clean_store,
        "MATCH (c:Claim {id: 'acled-syr1014'})-[:SUPPORTS]->(e:Event)"
        " RETURN e.iri AS iri, e.claimCount AS claims, e.sourceCount AS sources,"
        " [(e)<-[:SUPPORTS]-(x)-[:DERIVED_FROM]->(d) | d.documentType] AS kinds",
    )
    assert sorted(event["kinds"]) == ["DatasetRecord", "NewsArticle"]
    assert event["claims"] == 2
    # The link says why: the row's Al Qadam is inside Damascus, its dates in the article's
    # span, IS and the regime on their sides.
    link = _claim(clean_store, "acled-syr1014")["claim"]
    assert link["linkScore"] >= cfg.match_min_score and link["linkDistanceKm"] == 0.0
    assert link["linkActors"] == ["islamic-state", "syrian-regime"]
    assert link["linkReason"].startswith("same place; dates overlap; 2 of 2 parties matched")
    # Both claims are attributed to SOHR: one source, two documents.
    assert event["sources"] == 1
    other = _one(
        clean_store,
        "MATCH (:Claim {id: 'acled-syr1001'})-[:SUPPORTS]->(e:Event) RETURN e.iri AS iri",
    )
    assert other["iri"] != event["iri"]


def test_cli_exit_codes(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.cli.main import app

    monkeypatch.setenv("NEO4J_URI", cfg.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", cfg.password)
    monkeypatch.setenv("KG_HOME", str(cfg.kg_home))
    path = _copy("ucdp_small.csv", tmp_path)
    runner = CliRunner()
    ok = runner.invoke(app, ["load", "ucdp", str(path), "--release", "24.1"])
    assert ok.exit_code == 0, ok.output
    assert "claims added" in ok.output and "Rows per category" in ok.output
    strict = runner.invoke(app, ["load", "ucdp", str(path), "--strict"])
    assert strict.exit_code == 1
    wrong = runner.invoke(app, ["load", "acled", str(path)])
    assert wrong.exit_code == 1 and "ACLED export expected" in wrong.output


def _events_by_claims(store: GraphStore) -> set[frozenset[str]]:
    query = "MATCH (c:Claim)-[:SUPPORTS]->(e:Event) RETURN e.iri AS e, collect(c.id) AS c"
    rows = store.read(query)
    return {frozenset(r["c"]) for r in rows}


def test_rows_of_one_dataset_never_merge_in_one_chunk_or_across_chunks(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    """Each row again under another id, after all the rows: compatible with the first copy in
    every way, yet a distinct row of the same dataset, so never the same event, whether the two
    copies are in one chunk or in different ones (the resolver learns nothing from a load's
    own events for that reason)."""
    with (FIXTURES / "acled_small.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    again = [
        {**r, "event_id_cnty": f"{r['event_id_cnty']}X", "source": "Euphrates Post"} for r in rows
    ]
    path = tmp_path / "acled_twice.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows + again)
    load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(chunk_size=1000))
    one_chunk = _events_by_claims(clean_store)
    assert one_chunk and all(len(claims) == 1 for claims in one_chunk)
    assert len(one_chunk) == 42
    clean_store.run_autocommit("MATCH (n) DETACH DELETE n")
    load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(chunk_size=2, restart=True))
    assert _events_by_claims(clean_store) == one_chunk
