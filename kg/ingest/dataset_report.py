"""What a dataset load did, per category of the dataset: the load summary and the checkpoint's
totals (a resumed run continues the earlier runs' counts)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

OUTCOMES = ("added", "updated", "unchanged", "retracted", "rejected", "skipped")
"""What can happen to a row: a new claim, a newer version of a stored one, the same as stored,
gone from a full export (``--prune``), malformed, or well-formed but not loaded (a category
outside the event types, an older version than the one stored, no place)."""
UNREADABLE = "(unreadable)"
"""The category of a rejected row whose category cell could not be read."""
MAX_EXAMPLES = 10


@dataclass
class DatasetReport:
    """Counts for the whole file (a resumed run includes the earlier runs' rows)."""

    file: str
    dataset: str
    rows: int = 0
    chunks: int = 0
    events: int = 0
    oriented: int = 0
    """Rows whose own text gave some of their actors their roles."""
    resumed_at: int = 0
    restarted: str | None = None
    """Why a checkpoint of this file was not resumed (another or an emptied database)."""
    complete: bool = False
    seconds: float = 0.0
    rejects_file: str | None = None
    by_category: dict[str, dict[str, int]] = field(default_factory=dict)
    skip_reasons: dict[str, int] = field(default_factory=dict)
    warnings: int = 0
    warning_examples: list[tuple[int, str]] = field(default_factory=list)
    unknown_actors: dict[str, int] = field(default_factory=dict)
    """Names that became new actors (flagged reviewNeeded) -> rows that named them."""

    def count(self, category: str, outcome: str, n: int = 1) -> None:
        counts = self.by_category.setdefault(category or UNREADABLE, {})
        counts[outcome] = counts.get(outcome, 0) + n

    def total(self, outcome: str) -> int:
        return sum(c.get(outcome, 0) for c in self.by_category.values())

    @property
    def claims(self) -> int:
        """Rows that are claims in the graph after this load (added, updated or unchanged)."""
        return self.total("added") + self.total("updated") + self.total("unchanged")

    @property
    def rejected(self) -> int:
        return self.total("rejected")

    @property
    def skipped(self) -> int:
        return self.total("skipped")

    @property
    def retracted(self) -> int:
        return self.total("retracted")

    def skip(self, category: str, reason: str, n: int = 1) -> None:
        self.count(category, "skipped", n)
        self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + n

    def warn(self, line: int, message: str) -> None:
        self.warnings += 1
        if len(self.warning_examples) < MAX_EXAMPLES:
            self.warning_examples.append((line, message))

    def add_unknown(self, names: Counter[str]) -> None:
        for name, n in names.items():
            self.unknown_actors[name] = self.unknown_actors.get(name, 0) + n

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DatasetReport:
        report = cls(**data)
        report.warning_examples = [(int(line), str(msg)) for line, msg in report.warning_examples]
        return report
