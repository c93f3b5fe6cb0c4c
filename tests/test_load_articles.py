"""Loading articles into the real Neo4j: idempotence, replacement, bad input, corroboration.

Two extractors written for the tests stand in for the rule-based one, so that what is checked
here is the loading, not the extraction: one reads the hand annotations of the seed articles
(tests/gold), the other recognises one sentence shape in texts written for the tests.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kg.config import Settings
from kg.errors import KGError
from kg.ingest.articles import LoadReport, load_articles, load_seeds
from kg.ingest.reference import load_reference
from kg.store import GraphStore
from loaders.articles.documents import ArticleMeta
from loaders.articles.prepared import Extractor
from loaders.claims import Casualties, ControlClaim, DateSpan, EventClaim, Extraction
from loaders.reference import ReferenceData
from loaders.resolution.rules import MatchRules
from loaders.resources import SEEDS_DIR

GOLD = Path(__file__).parent / "gold"
pytestmark = pytest.mark.neo4j


# --- extractors written for the tests -------------------------------------------------------


def _bound(value: Any, last: bool) -> dt.date | None:
    """A gold date ('2018', '2018-03', '2018-03-13') as the first or last day it covers."""
    if value is None:
        return None
    parts = [int(p) for p in str(value).split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    if len(parts) == 3:
        return dt.date(year, month, parts[2])
    day = calendar.monthrange(year, month)[1] if last else 1
    return dt.date(year, month, day)


def _span(item: dict[str, Any]) -> DateSpan:
    date = item.get("date") or {}
    first, last = date.get("start") or date.get("end"), date.get("end") or date.get("start")
    return DateSpan(
        start=_bound(first, False),
        end=_bound(last, True),
        precision=date.get("precision", "unknown"),
    )


def gold_extractor(text: str, meta: ArticleMeta, ref: ReferenceData) -> Extraction:
    """The hand annotation of a seed article, located in the text by its quotes."""
    gold = next(
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in GOLD.glob("*.yaml")
        if p.stem == Path(meta.file or "").stem
    )
    events, control = [], []
    for e in gold.get("events") or []:
        start = text.index(e["quote"])
        events.append(
            EventClaim(
                quote=e["quote"],
                start=start,
                end=start + len(e["quote"]),
                date=_span(e),
                according_to=e["according_to"],
                rule="gold",
                confidence=1.0,
                event_type=e["type"],
                attackers=e.get("attackers") or [],
                targets=e.get("targets") or [],
                places=e.get("places") or [],
                casualties=[Casualties(**c) for c in e.get("casualties") or []],
            )
        )
    for c in gold.get("control") or []:
        start = text.index(c["quote"])
        control.append(
            ControlClaim(
                quote=c["quote"],
                start=start,
                end=start + len(c["quote"]),
                date=_span(c),
                according_to=c["according_to"],
                rule="gold",
                confidence=1.0,
                controller=c["controller"],
                places=c["places"],
            )
        )
    return Extraction(events=events, control=control, method="gold", version="1")


SENTENCE = re.compile(
    r"(?P<who>Coalition aircraft|IS fighters) (?:struck|attacked) (?P<where>Hajin|Baghouz)"
    r", killing (?P<n>\d+) (?P<whom>civilians|soldiers)"
)
WHO = {
    "Coalition aircraft": ("us-led-coalition", "air_strike"),
    "IS fighters": ("islamic-state", "attack"),
}
WHOM = {"civilians": "civilians", "soldiers": "syrian-regime"}


def toy_extractor(text: str, meta: ArticleMeta, ref: ReferenceData) -> Extraction:
    """'Coalition aircraft struck Hajin, killing 12 civilians', dated by the publication date."""
    day = dt.date.fromisoformat(meta.published) if meta.published else None
    claims = []
    for m in SENTENCE.finditer(text):
        actor, event_type = WHO[m["who"]]
        claims.append(
            EventClaim(
                quote=m[0],
                start=m.start(),
                end=m.end(),
                date=DateSpan(start=day, end=day, precision="day" if day else "unknown"),
                according_to=meta.publisher or "sohr",
                rule="toy",
                confidence=0.9,
                event_type=event_type,
                attackers=[actor],
                targets=[WHOM[m["whom"]]],
                places=[m["where"].lower()],
                casualties=[Casualties(count=int(m["n"]), group=WHOM[m["whom"]])],
            )
        )
    return Extraction(events=claims, method="toy", version="1")


# --- helpers ---------------------------------------------------------------------------------


def graph_shape(store: GraphStore) -> dict[str, int]:
    """Count of every label combination and relationship type, plus every node property."""
    shape: dict[str, int] = {}
    for r in store.read("MATCH (n) RETURN labels(n) AS l, count(*) AS n"):
        shape["node:" + ":".join(sorted(r["l"]))] = r["n"]
    for r in store.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n"):
        shape["rel:" + r["t"]] = r["n"]
    for r in store.read("MATCH (n) UNWIND keys(n) AS k RETURN k, count(*) AS n"):
        shape["prop:" + r["k"]] = r["n"]
    return shape


def assert_invariants(store: GraphStore) -> None:
    """Every Event has support; every quote is the document's text at the claim's offsets;
    every Event's counts agree with its claims."""
    orphans = store.read("MATCH (e:Event) WHERE NOT (e)<-[:SUPPORTS]-(:Claim) RETURN e.iri AS e")
    assert orphans == []
    rows = store.read(
        "MATCH (c:Claim)-[:DERIVED_FROM]->(d:Document)"
        " RETURN c.quote AS q, c.startOffset AS s, c.endOffset AS e, d.text AS t"
    )
    assert rows, "no claims loaded"
    for r in rows:
        assert r["t"][r["s"] : r["e"]] == r["q"]
    counts = store.read(
        "MATCH (e:Event)<-[:SUPPORTS]-(c:Claim)-[:ATTRIBUTED_TO]->(s:Source)"
        " RETURN e.iri AS iri, e.claimCount AS claims, e.sourceCount AS sources,"
        " count(DISTINCT c) AS c, count(DISTINCT s) AS s"
    )
    for r in counts:
        assert (r["claims"], r["sources"]) == (r["c"], r["s"])


def write_article(folder: Path, name: str, text: str, **meta: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    side = {"publisher": "sohr", "published": "2018-06-01", "date_precision": "day", **meta}
    (folder / f"{path.stem}.meta.yaml").write_text(yaml.safe_dump(side), encoding="utf-8")
    return path


@pytest.fixture
def ref(clean_store: GraphStore, neo4j_settings: Settings) -> ReferenceData:
    return load_reference(clean_store, neo4j_settings)


def load(
    store: GraphStore, settings: Settings, paths: list[Path], ref: ReferenceData
) -> LoadReport:
    return load_articles(store, settings, paths, ref, extractor=toy_extractor)


# --- tests -----------------------------------------------------------------------------------


def seed_extractor(name: str) -> Extractor | None:
    """The gold stand-in, or None: the load's own extractor with the session's parser."""
    if name == "gold":
        return gold_extractor
    return None


@pytest.mark.parametrize("extractor_name", ["gold", "pipeline"])
def test_loading_the_seeds_twice_changes_nothing(
    clean_store: GraphStore, neo4j_settings: Settings, extractor_name: str
) -> None:
    extractor = seed_extractor(extractor_name)
    first = load_seeds(clean_store, neo4j_settings, extractor=extractor)
    assert first.ok, first.failures
    assert len(first.loaded) == 5 and first.claims > 0
    shape = graph_shape(clean_store)
    assert shape["node:Event"] > 0 and shape["rel:SUPPORTS"] >= shape["node:Event"]
    assert_invariants(clean_store)
    second = load_seeds(clean_store, neo4j_settings, extractor=extractor)
    assert second.ok and len(second.unchanged) == 5 and second.loaded == []
    assert graph_shape(clean_store) == shape


def test_an_edited_document_replaces_its_claims(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    path = write_article(
        tmp_path, "story.txt", "Coalition aircraft struck Hajin, killing 12 civilians."
    )
    assert load(clean_store, neo4j_settings, [path], ref).loaded == [str(path)]
    old = {r["iri"] for r in clean_store.read("MATCH (c:Claim) RETURN c.iri AS iri")}
    old_events = {r["iri"] for r in clean_store.read("MATCH (e:Event) RETURN e.iri AS iri")}

    path.write_text("Update: IS fighters attacked Baghouz, killing 30 soldiers.", encoding="utf-8")
    report = load(clean_store, neo4j_settings, [path], ref)
    assert report.loaded == [str(path)]

    new = {r["iri"] for r in clean_store.read("MATCH (c:Claim) RETURN c.iri AS iri")}
    assert len(old) == len(new) == 1 and not old & new
    events = clean_store.read(
        "MATCH (e:Event)-[:OCCURRED_AT]->(p:Place) RETURN e.iri AS iri, p.id AS place"
    )
    assert [e["place"] for e in events] == ["baghouz"]
    assert not old_events & {e["iri"] for e in events}
    figures = clean_store.read("MATCH (f:CasualtyFigure) RETURN f.count AS n")
    assert figures == [{"n": 30}]
    docs = clean_store.read("MATCH (d:Document) RETURN d.text AS text")
    assert docs == [{"text": path.read_text(encoding="utf-8")}]
    assert_invariants(clean_store)


def test_a_new_extractor_version_re_reads_unchanged_documents(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    path = write_article(
        tmp_path, "story.txt", "Coalition aircraft struck Hajin, killing 12 civilians."
    )
    assert load(clean_store, neo4j_settings, [path], ref).loaded == [str(path)]
    assert load(clean_store, neo4j_settings, [path], ref).unchanged == [str(path)]

    def newer(text: str, meta: ArticleMeta, ref: ReferenceData) -> Extraction:
        return toy_extractor(text, meta, ref).model_copy(update={"version": "2"})

    report = load_articles(clean_store, neo4j_settings, [path], ref, extractor=newer)
    assert report.loaded == [str(path)]
    versions = clean_store.read(
        "MATCH (:Claim)-[:GENERATED_BY]->(x:Extraction) RETURN DISTINCT x.version AS v"
    )
    assert versions == [{"v": "2"}]
    assert clean_store.read("MATCH (c:Claim) RETURN count(c) AS n") == [{"n": 1}]
    assert_invariants(clean_store)


def test_two_sources_reporting_one_event_make_one_event(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    a = write_article(tmp_path, "a.txt", "Coalition aircraft struck Hajin, killing 12 civilians.")
    b = write_article(
        tmp_path,
        "b.txt",
        "Local people said on Saturday that Coalition aircraft struck Hajin, killing 15 civilians.",
        publisher="afp",
        published="2018-06-02",
    )
    later = write_article(
        tmp_path,
        "c.txt",
        "Coalition aircraft struck Hajin, killing 3 civilians.",
        published="2018-07-20",
    )
    assert load(clean_store, neo4j_settings, [a], ref).ok
    assert load(clean_store, neo4j_settings, [b, later], ref).ok
    events = clean_store.read(
        "MATCH (e:Event)<-[:SUPPORTS]-(c:Claim)-[:REPORTS]->(f:CasualtyFigure)"
        " RETURN e.iri AS iri, e.sourceCount AS sources, e.claimCount AS claims,"
        " e.startDate AS start, e.endDate AS end, e.datePrecision AS precision,"
        " collect(f.count) AS counts ORDER BY sources DESC"
    )
    assert len(events) == 2
    shared, alone = events
    assert (shared["sources"], shared["claims"]) == (2, 2)
    assert sorted(shared["counts"]) == [12, 15]
    assert (str(shared["start"]), str(shared["end"]), shared["precision"]) == (
        "2018-06-01",
        "2018-06-02",
        "day",
    )
    assert (alone["sources"], alone["counts"]) == (1, [3])
    roles = clean_store.read(
        "MATCH (e:Event {iri: $iri}) RETURN [(e)-[:ATTACKER]->(a) | a.id] AS attackers,"
        " [(e)-[:TARGET]->(t) | t.id] AS targets, [(e)-[:HAS_TYPE]->(t) | t.id] AS types",
        {"iri": shared["iri"]},
    )
    assert roles == [
        {"attackers": ["us-led-coalition"], "targets": ["civilians"], "types": ["air_strike"]}
    ]
    assert_invariants(clean_store)


@pytest.mark.parametrize(("max_km", "events"), [(25.0, 2), (40.0, 1)])
def test_nearby_places_meet_within_the_distance_rule(
    clean_store: GraphStore,
    neo4j_settings: Settings,
    ref: ReferenceData,
    tmp_path: Path,
    max_km: float,
    events: int,
) -> None:
    """Hajin and Baghouz are about 28 km apart (seed coordinates)."""
    a = write_article(tmp_path, "a.txt", "Coalition aircraft struck Hajin, killing 12 civilians.")
    b = write_article(
        tmp_path,
        "b.txt",
        "Coalition aircraft struck Baghouz, killing 4 civilians.",
        publisher="afp",
    )
    rules = MatchRules(max_distance_km=max_km)
    for path in (a, b):
        report = load_articles(
            clean_store, neo4j_settings, [path], ref, extractor=toy_extractor, rules=rules
        )
        assert report.ok
    assert clean_store.read("MATCH (e:Event) RETURN count(e) AS n") == [{"n": events}]
    assert_invariants(clean_store)


def test_removing_a_source_leaves_the_event_to_the_other(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    a = write_article(tmp_path, "a.txt", "Coalition aircraft struck Hajin, killing 12 civilians.")
    b = write_article(
        tmp_path, "b.txt", "Coalition aircraft struck Hajin, killing 15 civilians.", publisher="afp"
    )
    assert load(clean_store, neo4j_settings, [a, b], ref).ok
    b.write_text("Nothing happened in Hajin today.", encoding="utf-8")
    assert load(clean_store, neo4j_settings, [b], ref).loaded == [str(b)]
    events = clean_store.read("MATCH (e:Event) RETURN e.sourceCount AS s, e.claimCount AS c")
    assert events == [{"s": 1, "c": 1}]
    assert_invariants(clean_store)


def test_a_bad_file_fails_alone_and_the_cli_exits_non_zero(
    clean_store: GraphStore,
    neo4j_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kg.cli.main import app

    folder = tmp_path / "in"
    good = write_article(
        folder, "good.txt", "Coalition aircraft struck Hajin, killing 12 civilians."
    )
    write_article(folder, "big.txt", "Coalition aircraft struck Hajin, killing 9 civilians. " * 20)
    bad = {
        "empty.txt": (b"  \n", "empty file"),
        "binary.txt": (b"\x89PNG\x00\x01", "binary file"),
        "latin.txt": ("Coalition aircraft struck Hajin, café".encode("latin-1"), "not UTF-8"),
        "big.txt": (None, "too large"),
        "broken.txt": (b"Coalition aircraft struck Hajin, killing 1 civilians.", "broken metadata"),
    }
    for name, (raw, _) in bad.items():
        if raw is not None:
            (folder / name).write_bytes(raw)
    (folder / "broken.meta.yaml").write_text("publisher: [unclosed", encoding="utf-8")
    # A publisher the reference data does not know is a new source to review, not a failure.
    stranger = folder / "stranger.txt"
    stranger.write_bytes(b"Coalition aircraft struck Hajin, killing 2 civilians.")
    (folder / "stranger.meta.yaml").write_text("publisher: Nobody Knows Daily", encoding="utf-8")

    monkeypatch.setattr("kg.ingest.preparation.ParsingExtractor.__call__", lambda *_: toy_extractor)
    env = {
        "NEO4J_URI": neo4j_settings.bolt_uri,
        "NEO4J_USER": neo4j_settings.neo4j_user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": neo4j_settings.neo4j_database,
        "KG_NAMESPACE": neo4j_settings.namespace,
        "KG_MAX_ARTICLE_BYTES": "500",
    }
    result = CliRunner().invoke(app, ["load", "articles", str(folder)], env=env)
    assert result.exit_code == 1, result.output
    output = result.output
    for name, (_, reason) in bad.items():
        stem = re.escape(str(folder / Path(name).stem))
        assert re.search(rf"failed: {stem}\S*: [^\n]*{reason}", output), name
    assert f"failed: {good}" not in output and f"failed: {stranger}" not in output
    assert "new source: 'Nobody Knows Daily'" in " ".join(output.split())
    docs = clean_store.read("MATCH (d:Document) RETURN d.fileName AS f ORDER BY f")
    assert docs == [{"f": "good.txt"}, {"f": "stranger.txt"}]
    assert clean_store.read("MATCH (c:Claim) RETURN count(c) AS n") == [{"n": 2}]
    source = clean_store.read(
        "MATCH (:Document {fileName: 'stranger.txt'})-[:PUBLISHED_BY]->(s:Source)"
        " RETURN s.id AS id, s.name AS name, s.reviewNeeded AS review"
    )
    assert source == [
        {"id": "unreviewed-nobody-knows-daily", "name": "Nobody Knows Daily", "review": True}
    ]
    assert_invariants(clean_store)


def test_seed_reference_is_what_the_tests_assume() -> None:
    """The toy extractor names these ids; fail here, clearly, if the seeds drop one."""
    from loaders.reference import read_reference

    ref = read_reference(SEEDS_DIR)
    actors = {a.id for a in ref.actors}
    places = {p.id for p in ref.places}
    assert {"us-led-coalition", "islamic-state", "civilians", "syrian-regime"} <= actors
    assert {"hajin", "baghouz"} <= places
    assert {"sohr", "afp"} <= {s.id for s in ref.sources}


def _events(store: GraphStore) -> list[dict[str, Any]]:
    return store.read(
        "MATCH (e:Event) RETURN e.iri AS iri, properties(e) AS props,"
        " [(e)-[r]->(x) | type(r) + ' ' + x.iri] AS roles ORDER BY iri"
    )


def test_events_founded_by_a_document_equal_their_recomputation(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    """A new event gets its roles and aggregates when it is created; ``refresh_events``, which
    recomputes them from the claims, must find nothing to change."""
    from kg.ingest.event_aggregates import refresh_events

    assert load_seeds(clean_store, neo4j_settings, extractor=gold_extractor).ok
    a = write_article(
        tmp_path,
        "a.txt",
        "Coalition aircraft struck Hajin, killing 12 civilians. Later that day, "
        "Coalition aircraft struck Hajin, killing 3 civilians.",
    )
    assert load(clean_store, neo4j_settings, [a], ref).ok
    before, shape = _events(clean_store), graph_shape(clean_store)
    iris = [e["iri"] for e in before]
    clean_store.write_tx(lambda tx: refresh_events(tx, iris))
    assert _events(clean_store) == before
    assert graph_shape(clean_store) == shape
    assert_invariants(clean_store)


def test_a_claim_whose_old_event_survives_rejoins_it(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    """A re-read claim takes its old event's IRI even when that event, kept alive by another
    source, is no longer a candidate: it must join it, not create it twice."""
    text = "Coalition aircraft struck Hajin, killing 12 civilians."
    a = write_article(tmp_path, "a.txt", text)
    b = write_article(tmp_path, "b.txt", text, publisher="afp", published="2018-06-02")
    assert load(clean_store, neo4j_settings, [a, b], ref).ok
    [event] = _events(clean_store)
    a.write_text("Nothing happened in Hajin today.", encoding="utf-8")
    assert load(clean_store, neo4j_settings, [a], ref).ok
    a.write_text(text, encoding="utf-8")
    strict = MatchRules(date_tolerance_days={"day": 0})
    report = load_articles(
        clean_store, neo4j_settings, [a], ref, extractor=toy_extractor, rules=strict
    )
    assert report.loaded == [str(a)]
    [again] = _events(clean_store)
    assert again["iri"] == event["iri"]
    assert (again["props"]["claimCount"], again["props"]["sourceCount"]) == (2, 2)
    assert_invariants(clean_store)


def test_progress_and_report_follow_the_file_order(
    clean_store: GraphStore, neo4j_settings: Settings, ref: ReferenceData, tmp_path: Path
) -> None:
    """Writing overlaps the next extraction; the report and progress keep the file order."""
    paths = [
        write_article(tmp_path, f"{i}.txt", f"IS fighters attacked Baghouz, killing {i} soldiers.")
        for i in range(1, 6)
    ]
    seen: list[str] = []

    def failing_on_3(text: str, meta: ArticleMeta, ref: ReferenceData) -> Extraction:
        """Extraction of the third file fails: between two writes, not before the first."""
        if "killing 3 " in text:
            raise KGError("the extractor gave up on this text")
        return toy_extractor(text, meta, ref)

    report = load_articles(
        clean_store, neo4j_settings, [tmp_path], ref, progress=seen.append, extractor=failing_on_3
    )
    assert seen == [str(p) for p in paths]
    assert report.loaded == [str(p) for p in paths if p.stem != "3"]
    assert [f.source for f in report.failures] == [str(paths[2])]
    again = load_articles(clean_store, neo4j_settings, paths, ref, extractor=toy_extractor)
    assert again.unchanged == [str(p) for p in paths if p.stem != "3"]
    assert_invariants(clean_store)


def test_documents_unchanged_since_the_load_started_cost_no_write_transaction(
    clean_store: GraphStore,
    neo4j_settings: Settings,
    ref: ReferenceData,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = [
        write_article(tmp_path, f"{i}.txt", f"IS fighters attacked Baghouz, killing {i} soldiers.")
        for i in range(1, 4)
    ]
    assert load(clean_store, neo4j_settings, paths, ref).loaded == [str(p) for p in paths]
    writes: list[object] = []
    real_write_tx = clean_store.write_tx

    def counting_write_tx(fn: Any) -> Any:
        writes.append(fn)
        return real_write_tx(fn)

    monkeypatch.setattr(clean_store, "write_tx", counting_write_tx)
    again = load(clean_store, neo4j_settings, paths, ref)
    assert again.unchanged == [str(p) for p in paths] and writes == []
    paths[1].write_text("IS fighters attacked Baghouz, killing 20 soldiers.", encoding="utf-8")
    edited = load(clean_store, neo4j_settings, paths, ref)
    assert edited.loaded == [str(paths[1])] and len(writes) == 1
    counts = clean_store.read(
        "MATCH (:Document {fileName: '2.txt'})<-[:DERIVED_FROM]-(c:Claim)-[:REPORTS]->(f)"
        " RETURN collect(f.count) AS counts"
    )
    assert counts == [{"counts": [20]}]
    assert_invariants(clean_store)


@pytest.mark.nlp
def test_a_reload_of_unchanged_documents_extracts_nothing(
    clean_store: GraphStore, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load's own extractor is known before extracting: a document stored with the same
    text and claims of that extractor's version is skipped without being parsed again."""
    from kg.ingest import preparation

    real = preparation.ParsingExtractor.__call__
    extracted: list[str] = []

    def counting(self: preparation.ParsingExtractor, settings: Settings) -> Extractor:
        inner = real(self, settings)

        def extract(text: str, meta: ArticleMeta, ref: ReferenceData) -> Extraction:
            extracted.append(text[:20])
            return inner(text, meta, ref)

        return extract

    monkeypatch.setattr("kg.ingest.preparation.ParsingExtractor.__call__", counting)
    first = load_seeds(clean_store, neo4j_settings)
    assert first.ok and len(first.loaded) == 5 and len(extracted) == 5
    extracted.clear()
    second = load_seeds(clean_store, neo4j_settings)
    assert second.ok and len(second.unchanged) == 5 and extracted == []
