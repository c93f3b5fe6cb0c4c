"""Dataset rows in a real Neo4j mean what the datasets mean: roles only from a row's own text
(or a dataset's definition), multi-group UCDP sides split, places kept as written under their
governorate, GDELT records with CAMEO types and directional actors, and clear hints when a
file uses another delimiter. Rows are written for the tests in each dataset's layout."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.config import Settings
from kg.errors import InputError, ParserUnavailable
from kg.ingest.datasets import LoadOptions, load_dataset
from kg.store import GraphStore
from loaders.datasets import acled, gdelt, ucdp
from loaders.datasets.mapped import Direction, Roles
from loaders.reference import ReferenceData

pytestmark = pytest.mark.neo4j
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def cfg(neo4j_settings: Settings, tmp_path: Path) -> Settings:
    return neo4j_settings.model_copy(update={"kg_home": tmp_path / "home"})


def _roles(store: GraphStore, claim_id: str) -> dict[str, Any]:
    rows = store.read(
        "MATCH (c:Claim {id: $id}) RETURN c.quote AS quote, c.rule AS rule,"
        " [(c)-[:ATTACKER]->(a) | a.id] AS attackers, [(c)-[:TARGET]->(a) | a.id] AS targets,"
        " [(c)-[:PARTICIPANT]->(a) | a.id] AS participants,"
        " [(c)-[:HAS_TYPE]->(t) | t.id] AS types, [(c)-[:ATTRIBUTED_TO]->(s) | s.id] AS sources",
        {"id": claim_id},
    )
    assert len(rows) == 1, rows
    row = rows[0]
    for key in ("attackers", "targets", "participants", "sources"):
        row[key] = sorted(row[key])
    return row


def _acled_file(tmp_path: Path, rows: Sequence[dict[str, str]], name: str = "acled.csv") -> Path:
    """ACLED rows written for the test: the fixture's first row with the given changes."""
    with (FIXTURES / "acled_small.csv").open(newline="", encoding="utf-8") as fh:
        template = next(csv.DictReader(fh))
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(template))
        writer.writeheader()
        writer.writerows({**template, **r} for r in rows)
    return path


CAPTURE = {
    "event_id_cnty": "SYR2001",
    "event_date": "5 April 2018",
    "event_type": "Battles",
    "sub_event_type": "Non-state actor overtakes territory",
    "actor1": "Military Forces of Syria (2000-)",
    "inter1": "1",
    "actor2": "Islamic State (Syria)",
    "inter2": "2",
    "admin1": "Damascus",
    "admin2": "Damascus",
    "admin3": "Damascus",
    "location": "Damascus - Al-Midan",
    "latitude": "33.4951",
    "longitude": "36.2918",
    "notes": "On 5 April 2018, IS fighters attacked regime positions in the Al-Midan "
    "neighbourhood and captured it.",
}
SILENT = {**CAPTURE, "event_id_cnty": "SYR2002", "notes": "Clashes were reported in Al-Midan."}


def test_roles_come_from_the_rows_text_never_from_the_column_order(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    path = _acled_file(tmp_path, [CAPTURE, SILENT])
    report = load_dataset(clean_store, cfg, path, acled.FORMAT)
    assert report.claims == 2 and report.oriented == 1
    capture = _roles(clean_store, "acled-syr2001")
    # actor1 is the regime, but the note says IS attacked and took the neighbourhood.
    assert (capture["attackers"], capture["targets"]) == (["islamic-state"], ["syrian-regime"])
    assert capture["participants"] == [] and capture["quote"] == CAPTURE["notes"]
    assert capture["rule"].endswith("roles=text")
    silent = _roles(clean_store, "acled-syr2002")
    assert (silent["attackers"], silent["targets"]) == ([], [])
    assert silent["participants"] == ["islamic-state", "syrian-regime"]


def test_direction_is_injected_and_can_be_turned_off(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    seen: list[tuple[str, tuple[str, ...]]] = []

    def build(ref: ReferenceData, _: Settings) -> Direction:
        def direction(note: str, actors: Sequence[str]) -> Roles | None:
            seen.append((note, tuple(actors)))
            return frozenset({"syrian-regime"}), frozenset()

        return direction

    path = _acled_file(tmp_path, [CAPTURE])
    load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(direction=build))
    assert seen == [(CAPTURE["notes"], ("syrian-regime", "islamic-state"))]
    told = _roles(clean_store, "acled-syr2001")
    assert (told["attackers"], told["participants"]) == (["syrian-regime"], ["islamic-state"])
    clean_store.run_autocommit("MATCH (n) DETACH DELETE n")
    load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(direction=None))
    off = _roles(clean_store, "acled-syr2001")
    assert off["attackers"] == [] and off["participants"] == ["islamic-state", "syrian-regime"]


def test_places_as_written_with_governorate_and_district(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    path = _acled_file(tmp_path, [CAPTURE])
    load_dataset(clean_store, cfg, path, acled.FORMAT)
    place = clean_store.read(
        "MATCH (:Claim {id: 'acled-syr2001'})-[:OCCURRED_AT]->(p:Place)"
        " RETURN p.name AS name, p.lat AS lat, p.precisionKm AS km,"
        " [(p)-[:NEAR]->(k) | k.id] AS near, [(p)-[:PART_OF*]->(q) | q.id] AS within"
    )[0]
    # Not renamed to Yarmouk camp, the nearest gazetteer point: kept, near Damascus it names.
    assert (place["name"], place["lat"], place["km"]) == ("Damascus - Al-Midan", 33.4951, 2.0)
    assert place["near"] == ["damascus"] and place["within"] == ["damascus", "syria"]
    shutil.copy(FIXTURES / "ucdp_small.csv", tmp_path / "ucdp.csv")
    load_dataset(clean_store, cfg, tmp_path / "ucdp.csv", ucdp.FORMAT)
    # A governorate filter finds every row whose admin1 names it, whatever the spelling.
    in_deir = clean_store.read(
        "MATCH (c:Claim)-[:OCCURRED_AT]->(:Place)-[:PART_OF*]->(:Place {id:"
        " 'deir-ez-zor-governorate'}) RETURN collect(c.id) AS ids"
    )[0]["ids"]
    assert len(in_deir) == 9 and all(i.startswith("ucdp-ged-2500") for i in in_deir)
    tadmur = clean_store.read(
        "MATCH (:Claim {id: 'ucdp-ged-250017'})-[:OCCURRED_AT]->(p)-[:PART_OF]->(d)"
        " RETURN d.id AS district, [(d)-[:PART_OF]->(g) | g.id] AS governorate"
    )
    assert tadmur == [{"district": "tadmur-district", "governorate": ["homs-governorate"]}]


def test_multi_group_ucdp_side_is_split(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "ucdp_small.csv", tmp_path / "ucdp.csv")
    load_dataset(clean_store, cfg, tmp_path / "ucdp.csv", ucdp.FORMAT)
    sides = _roles(clean_store, "ucdp-ged-250016")
    assert sides["participants"] == [
        "ahrar-al-sham", "hayat-tahrir-al-sham", "islamic-state", "jaysh-al-islam",
    ]  # fmt: skip
    counted = clean_store.read(
        "MATCH (:Claim {id: 'ucdp-ged-250016'})-[:REPORTS]->(f {groupLabel: $side})"
        " RETURN f.count AS n, [(f)-[:COUNTS]->(a) | a.id] AS actors",
        {"side": "Jaysh al-Islam, Ahrar al-Sham, HTS"},
    )
    assert counted[0]["n"] == 2
    assert sorted(counted[0]["actors"]) == [
        "ahrar-al-sham",
        "hayat-tahrir-al-sham",
        "jaysh-al-islam",
    ]
    assert not clean_store.read("MATCH (a:Actor {reviewNeeded: true}) WHERE a.name CONTAINS ','"
                                " RETURN a")  # fmt: skip


def test_gdelt_rows_load_with_cameo_types(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "20181208.export.CSV"
    shutil.copy(FIXTURES / "gdelt_small.tsv", path)
    report = load_dataset(clean_store, cfg, path, gdelt.FORMAT)
    assert (report.rows, report.claims, report.skipped, report.rejected) == (7, 4, 2, 1)
    assert report.skip_reasons == {
        "category outside the event types": 1, "no ActionGeo location": 1,
    }  # fmt: skip
    assert report.by_category["010"] == {"skipped": 1}
    shelling = _roles(clean_store, "gdelt-900000001")
    assert shelling["types"] == ["shelling"]
    # Actor1 acted on Actor2: directional by GDELT's definition.
    assert (shelling["attackers"], shelling["targets"]) == (
        ["syrian-opposition"],
        ["syrian-regime"],
    )
    assert shelling["sources"] == ["sohr"] and "GoldsteinScale=-10.0" in shelling["rule"]
    assert _roles(clean_store, "gdelt-900000002")["types"] == ["armed_clash"]
    strike = _roles(clean_store, "gdelt-900000003")
    assert (strike["types"], strike["attackers"], strike["targets"]) == (
        ["air_strike"], ["united-states"], ["islamic-state"],
    )  # fmt: skip
    killing = _roles(clean_store, "gdelt-900000007")
    assert killing["types"] == ["killing"] and killing["targets"] == ["civilians"]
    assert report.unknown_actors == {"DESERT LIONS MILITIA": 1}
    doc = clean_store.read(
        "MATCH (:Claim {id: 'gdelt-900000001'})-[:DERIVED_FROM]->(d)-[:PUBLISHED_BY]->(s)"
        " RETURN d.version AS version, s.id AS publisher"
    )
    assert doc == [{"version": "20181208110000", "publisher": "gdelt"}]


def test_wrong_delimiter_gets_a_hint(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (FIXTURES / "acled_small.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    semicolons = tmp_path / "acled_semicolon.csv"
    with semicolons.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=";").writerows(rows[:4])
    with pytest.raises(InputError, match="looks like semicolon-separated; ACLED files are comma"):
        load_dataset(clean_store, cfg, semicolons, acled.FORMAT)
    commas = tmp_path / "gdelt.csv"
    with (FIXTURES / "gdelt_small.tsv").open(encoding="utf-8") as fh:
        records = [line.rstrip("\n").split("\t") for line in fh]
    with commas.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(records)
    with pytest.raises(InputError, match="looks like comma-separated; GDELT files are tab"):
        load_dataset(clean_store, cfg, commas, gdelt.FORMAT)

    from kg.cli.main import app

    monkeypatch.setenv("NEO4J_URI", cfg.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", cfg.password)
    monkeypatch.setenv("KG_HOME", str(cfg.kg_home))
    result = CliRunner().invoke(app, ["load", "acled", str(semicolons)])
    assert result.exit_code == 1 and "semicolon-separated" in result.output


def test_roles_from_text_without_a_parser_name_the_way_out(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    """No parser answering and no cached parse: the load stops with the fixes, among them
    loading without reading the notes."""
    dead = cfg.model_copy(
        update={"nlp_url": "http://127.0.0.1:9", "kg_cache": tmp_path / "empty-cache"}
    )
    path = _acled_file(tmp_path, [{**CAPTURE, "notes": "A note written for this test only."}])
    with pytest.raises(ParserUnavailable, match="--no-roles-from-text"):
        load_dataset(clean_store, dead, path, acled.FORMAT)
    load_dataset(clean_store, dead, path, acled.FORMAT, LoadOptions(direction=None))
    assert _roles(clean_store, "acled-syr2001")["attackers"] == []
