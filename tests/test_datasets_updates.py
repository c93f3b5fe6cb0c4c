"""Versions and deletions on a real Neo4j: the newer version of a row wins and an older export
never overwrites it, a full export retracts the rows it dropped (kept as history), and a
checkpoint is never resumed in another or an emptied database. Rows are written for the tests
in ACLED's layout."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.ingest.checkpoints import Checkpoint, database_id
from kg.ingest.dataset_files import file_digest
from kg.ingest.dataset_report import DatasetReport
from kg.ingest.datasets import LoadOptions, load_dataset
from kg.store import GraphStore
from loaders.datasets import acled

pytestmark = pytest.mark.neo4j
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def cfg(neo4j_settings: Settings, tmp_path: Path) -> Settings:
    return neo4j_settings.model_copy(update={"kg_home": tmp_path / "home"})


def _fixture_rows() -> list[dict[str, str]]:
    with (FIXTURES / "acled_small.csv").open(newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r.get("timestamp")]


def _write(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(_fixture_rows()[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _claim(store: GraphStore, claim_id: str) -> dict[str, Any]:
    rows = store.read(
        "MATCH (c:Claim {id: $id})-[:DERIVED_FROM]->(d) RETURN c.quote AS quote,"
        " c.retractedOn AS retracted, d.version AS version,"
        " [(c)-[:PARTICIPANT|ATTACKER|TARGET]->(a) | a.id] AS actors,"
        " [(c)-[:SUPPORTS]->(e) | e.iri] AS events",
        {"id": claim_id},
    )
    assert len(rows) == 1, rows
    return rows[0]


HAJIN = "acled-syr1007"


def test_the_newer_version_wins_and_an_older_one_never_overwrites(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    rows = _fixture_rows()
    first = load_dataset(clean_store, cfg, _write(tmp_path / "a.csv", rows), acled.FORMAT)
    assert first.total("added") == 21
    original = _claim(clean_store, HAJIN)

    def edited(timestamp: str, **changes: str) -> list[dict[str, str]]:
        return [
            {**r, "timestamp": timestamp, **changes} if r["event_id_cnty"] == "SYR1007" else r
            for r in rows
        ]

    older = edited("1500000000", notes="An older wording of the row.", actor2="Civilians (Syria)")
    report = load_dataset(clean_store, cfg, _write(tmp_path / "b.csv", older), acled.FORMAT)
    assert (report.total("unchanged"), report.skipped) == (20, 2)
    assert report.skip_reasons == {
        "category outside the event types": 1, "older version than the one stored": 1,
    }  # fmt: skip
    assert _claim(clean_store, HAJIN) == original

    newer = edited("1700000000", notes="A corrected note.", actor2="Civilians (Syria)")
    report = load_dataset(clean_store, cfg, _write(tmp_path / "c.csv", newer), acled.FORMAT)
    assert report.by_category["Non-state actor overtakes territory"] == {
        "updated": 1, "unchanged": 1,
    }  # fmt: skip
    updated = _claim(clean_store, HAJIN)
    assert (updated["quote"], updated["version"]) == ("A corrected note.", "1700000000")
    # The old roles are gone, not added to: IS was actor2 of the old version only.
    assert "islamic-state" not in updated["actors"] and "civilians" in updated["actors"]
    assert len(updated["events"]) == 1


def test_prune_retracts_rows_a_full_export_dropped_and_keeps_them_as_history(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    rows = _fixture_rows()
    load_dataset(clean_store, cfg, _write(tmp_path / "full.csv", rows), acled.FORMAT)
    assert _claim(clean_store, HAJIN)["events"]
    fewer = [r for r in rows if r["event_id_cnty"] not in ("SYR1007", "SYR1002")]
    path = _write(tmp_path / "fewer.csv", fewer)
    # Without --prune the missing rows stay as they are.
    assert load_dataset(clean_store, cfg, path, acled.FORMAT).retracted == 0
    report = load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(prune=True))
    assert report.retracted == 2
    assert report.by_category["Non-state actor overtakes territory"]["retracted"] == 1
    assert report.by_category["Air/drone strike"]["retracted"] == 1
    gone = _claim(clean_store, HAJIN)
    assert gone["retracted"] == dt.date.today() and gone["events"] == []
    assert gone["quote"].startswith("On 14 December 2018")  # the claim is kept as history
    # The event it alone supported is gone; the others are untouched.
    orphans = clean_store.read(
        "MATCH (e:Event) WHERE NOT EXISTS { (:Claim)-[:SUPPORTS]->(e) } RETURN count(e) AS n"
    )
    assert orphans[0]["n"] == 0
    again = load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(prune=True))
    assert again.retracted == 0 and again.total("unchanged") == 19
    back = load_dataset(clean_store, cfg, _write(tmp_path / "back.csv", rows), acled.FORMAT)
    assert back.total("updated") == 2
    returned = _claim(clean_store, HAJIN)
    assert returned["retracted"] is None and len(returned["events"]) == 1


def test_checkpoint_is_never_resumed_on_an_emptied_or_another_database(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    path = _write(tmp_path / "a.csv", _fixture_rows())
    partial = load_dataset(
        clean_store, cfg, path, acled.FORMAT, LoadOptions(chunk_size=5, max_chunks=2)
    )
    assert not partial.complete and partial.rows == 10
    here = Checkpoint(cfg, file_digest(path), database_id(clean_store))
    assert here.path.exists() and here.read(clean_store)[0] is not None

    clean_store.run_autocommit("MATCH (n) DETACH DELETE n")
    emptied = load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(chunk_size=5))
    assert emptied.resumed_at == 0 and emptied.restarted is not None
    assert "no longer holds" in emptied.restarted
    assert (emptied.rows, emptied.total("added")) == (27, 21)
    assert clean_store.read("MATCH (c:Claim) RETURN count(c) AS n")[0]["n"] == 21

    # A checkpoint made in another database: saved under its id, and, copied over this
    # database's checkpoint, refused for naming another database.
    clean_store.run_autocommit("MATCH (n) DETACH DELETE n")
    other = Checkpoint(cfg, file_digest(path), "another-database")
    report = DatasetReport(file=str(path), dataset="acled", rows=10)
    other.save(12, 0, report, None)
    here.path.parent.mkdir(parents=True, exist_ok=True)
    here.path.write_text(other.path.read_text(encoding="utf-8"), encoding="utf-8")
    fresh = load_dataset(clean_store, cfg, path, acled.FORMAT)
    assert fresh.resumed_at == 0 and fresh.restarted == "the checkpoint belongs to another database"
    assert fresh.total("added") == 21 and not here.path.exists() and other.path.exists()
