"""Pure pieces of dataset loading: each row's outcome from what the graph holds, the report's
per-category counts (and its round trip through a checkpoint), the file's id set for --prune,
and the delimiter hints."""

from __future__ import annotations

from array import array
from collections import Counter

from kg.ingest.dataset_chunk import RowPlan
from kg.ingest.dataset_files import delimiter_hint
from kg.ingest.dataset_prune import IdSet, _hash
from kg.ingest.dataset_report import DatasetReport
from kg.ingest.dataset_write import classify
from loaders.datasets import acled, gdelt

SHA, OTHER = "a" * 64, "b" * 64


def _held(
    has_claim: bool = True, version: str | None = "100", retracted: str | None = None
) -> dict[str, object]:
    return {"hasClaim": has_claim, "sha256": SHA, "version": version, "retracted": retracted}


def test_each_row_outcome_follows_what_the_graph_holds() -> None:
    records = [{"claim": f"c{i}"} for i in range(7)]
    plans = {
        "c0": RowPlan("Armed clash", SHA, "100"),  # nothing stored
        "c1": RowPlan("Armed clash", SHA, "100"),  # the same row
        "c2": RowPlan("Armed clash", OTHER, "200"),  # a newer version
        "c3": RowPlan("Armed clash", OTHER, "50"),  # an older version: never overwrites
        "c4": RowPlan("Armed clash", OTHER, None),  # no version to compare: the file wins
        "c5": RowPlan("Attack", SHA, "100"),  # retracted, back in the export
        "c6": RowPlan("Attack", SHA, "100"),  # its claim deleted, its document left
    }
    stored = {
        "c1": _held(),
        "c2": _held(),
        "c3": _held(),
        "c4": _held(),
        "c5": _held(retracted="2024-01-01"),
        "c6": _held(has_claim=False),
    }
    plan = classify(records, plans, stored)
    assert plan.outcomes == {
        "c0": "added", "c1": "unchanged", "c2": "updated", "c3": "skipped", "c4": "updated",
        "c5": "updated", "c6": "added",
    }  # fmt: skip
    assert [r["claim"] for r in plan.create] == ["c0"]
    assert [r["claim"] for r in plan.merge] == ["c2", "c4", "c5", "c6"]
    assert plan.drop == ["c2", "c4", "c5"]  # the old claims a new version replaces


def test_report_counts_per_category_and_survives_a_checkpoint() -> None:
    report = DatasetReport(file="x.csv", dataset="acled")
    report.count("Armed clash", "added", 3)
    report.count("", "rejected")
    report.skip("Peaceful protest", "category outside the event types", 2)
    report.warn(7, "deaths low=4 best=3 high=4 are not ordered (kept as given)")
    report.add_unknown(Counter({"Jaysh al-Ashayir": 2}))
    assert report.by_category == {
        "Armed clash": {"added": 3}, "(unreadable)": {"rejected": 1},
        "Peaceful protest": {"skipped": 2},
    }  # fmt: skip
    assert (report.claims, report.rejected, report.skipped, report.warnings) == (3, 1, 2, 1)
    again = DatasetReport.from_json(report.to_json())
    assert again == report


def test_file_ids_are_kept_as_hashes() -> None:
    ids = IdSet(array("q", [_hash(f"acled-syr{n}") for n in range(1000)]))
    assert len(ids) == 1000 and "acled-syr999" in ids and "acled-syr1000" not in ids
    assert 5 not in ids


def test_delimiter_hints() -> None:
    semicolons = ["event_id_cnty;event_date;sub_event_type;actor1;latitude;longitude"]
    assert "looks like semicolon-separated; ACLED files are comma-separated" in delimiter_hint(
        semicolons, acled.FORMAT
    )
    assert delimiter_hint(["no;such;columns"], acled.FORMAT) == ""
    commas = [",".join(["x"] * 61)]
    assert "looks like comma-separated; GDELT files are tab-separated" in delimiter_hint(
        commas, gdelt.FORMAT
    )
