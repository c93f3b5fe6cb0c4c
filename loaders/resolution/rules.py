"""The thresholds of "the same event" (pure): one ``MatchRules`` value per load."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from loaders.graph.vocabulary import DATE_PRECISIONS

PRECISION_RANK: dict[str, int] = {p: i for i, p in enumerate(DATE_PRECISIONS)}
"""day < week < month < year < unknown: a lower rank is more precise."""

COARSE_PLACE_TYPES = frozenset({"Country", "Governorate", "Region", "River"})

OPEN_MEANS_FAMILIES = frozenset(
    {"battles", "explosions_remote_violence", "violence_against_civilians"}
)
"""The families a report that says who fought whom, not by what means (UCDP GED), may be: a
battle, remote violence (shelling, an air strike, a bombing) or violence against civilians."""

OPEN_MEANS_MARK = " means=any"
"""Ends the rule of such a report's claim, so that the store can tell its events apart."""

DEFAULT_MIN_SCORE = 0.6
"""The default of ``MatchRules.min_score`` (setting ``KG_MATCH_MIN_SCORE``), chosen on the
labelled cross-source links of ``docs/corroboration.md``."""


def _default_tolerance() -> dict[str, int]:
    return {"day": 1, "week": 3, "month": 7, "year": 31}


@dataclass(frozen=True)
class MatchRules:
    """Thresholds of ``compatible`` and of the link score; every one can be changed by a loader.

    ``date_tolerance_days`` widens each side's span by the tolerance of its own precision, so a
    report dated "in March" meets one dated "on 13 March" without two month-level reports a
    month apart meeting each other.
    """

    max_distance_km: float = 25.0
    date_tolerance_days: Mapping[str, int] = field(default_factory=_default_tolerance)
    undated_matches: bool = False
    """Whether a report without a usable date may join an event (off: too many false merges)."""
    placeless_matches: bool = False
    """Whether a report without a place may join an event (off for the same reason)."""
    coarse_place_types: frozenset[str] = COARSE_PLACE_TYPES
    """Places too large to prove co-location by containment or by their reference point."""
    require_shared_actor: bool = False
    """When on, at least one party must be shared, not merely not contradicted."""
    min_score: float = DEFAULT_MIN_SCORE
    """A compatible event is joined only when the link's score (``loaders.resolution.evidence``)
    reaches this; 0 joins every compatible event."""

    def tolerance(self, precision: str) -> int:
        return int(self.date_tolerance_days.get(precision, 0))
