"""The evidence that two reports describe one event, and its score (pure).

Each test of ``compatible`` (type family, dates, places, parties) also measures how strong the
agreement is. ``evidence`` returns those measures with a score from 0 to 1, which decides
between compatible candidates and must reach ``MatchRules.min_score`` for a link to be made;
the measures are stored on the claim that joins (``linkScore``, ``linkReason``, ...), so every
link says why it was made.

Score = 0.3 x place + 0.25 x date + 0.3 x parties + 0.15 x type, where
- place is 1 for the same place (or the known place a written place is near, or a containing
  place), else falls linearly from 1 to 0 at ``max_distance_km``;
- date is 1 when the spans overlap, less the further apart they are within the tolerance,
  times 1 for day and week precision, 0.8 for month and 0.5 for year (the coarser of the two);
- parties is the share of the larger side's parties that were paired, 0.5 when one report
  names no actor (no evidence either way);
- type is 1 for a shared event type, 0.7 for a shared family only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loaders.resolution.actors import ActorMatch, match_actors
from loaders.resolution.rules import PRECISION_RANK, MatchRules
from loaders.resolution.signatures import EventSignature, PlaceRef, distance_km

WEIGHTS = {"place": 0.3, "date": 0.25, "parties": 0.3, "type": 0.15}
PRECISION_WEIGHT = {"day": 1.0, "week": 1.0, "month": 0.8, "year": 0.5}
SILENT_PARTIES = 0.5
FAMILY_ONLY = 0.7


def date_window(sig: EventSignature, rules: MatchRules) -> tuple[dt.date, dt.date] | None:
    """The span of ``sig`` widened by its precision's tolerance (None when undated)."""
    if not sig.dated:
        return None
    start = sig.start or sig.end
    end = sig.end or sig.start
    assert start is not None and end is not None
    pad = dt.timedelta(days=rules.tolerance(sig.precision))
    return start - pad, end + pad


def dates_compatible(a: EventSignature, b: EventSignature, rules: MatchRules) -> bool:
    wa, wb = date_window(a, rules), date_window(b, rules)
    if wa is None or wb is None:
        return rules.undated_matches
    return wa[0] <= wb[1] and wb[0] <= wa[1]


def same_place(p: PlaceRef, q: PlaceRef, rules: MatchRules) -> float | None:
    """0 when ``p`` and ``q`` are the same place (or one names the other, or contains it and
    is not coarse), their distance when within ``max_distance_km`` and neither is coarse, else
    None (not co-located)."""
    if p.id == q.id or p.near == q.id or q.near == p.id or (p.near and p.near == q.near):
        return 0.0
    if p.id in q.ancestors and p.place_type not in rules.coarse_place_types:
        return 0.0
    if q.id in p.ancestors and q.place_type not in rules.coarse_place_types:
        return 0.0
    if p.place_type in rules.coarse_place_types or q.place_type in rules.coarse_place_types:
        return None
    km = distance_km(p, q)
    return km if km is not None and km <= rules.max_distance_km else None


def place_distance(a: EventSignature, b: EventSignature, rules: MatchRules) -> float | None:
    """The smallest distance between a place of ``a`` and one of ``b`` that are co-located;
    None when none are (0 with placeless matching when one side has no place)."""
    if not a.places or not b.places:
        return 0.0 if rules.placeless_matches else None
    found = [d for p in a.places for q in b.places if (d := same_place(p, q, rules)) is not None]
    return min(found) if found else None


def _days_apart(a: EventSignature, b: EventSignature) -> int:
    a0, a1 = a.start or a.end, a.end or a.start
    b0, b1 = b.start or b.end, b.end or b.start
    if a0 is None or a1 is None or b0 is None or b1 is None:
        return 0
    return max(0, (b0 - a1).days, (a0 - b1).days)


def _date_score(a: EventSignature, b: EventSignature, rules: MatchRules, apart: int) -> float:
    coarser = max((a.precision, b.precision), key=lambda p: PRECISION_RANK.get(p, 99))
    weight = PRECISION_WEIGHT.get(coarser, 0.3)
    slack = rules.tolerance(a.precision) + rules.tolerance(b.precision) + 1
    return weight * max(0.0, 1.0 - apart / slack)


@dataclass(frozen=True)
class Evidence:
    """Why a claim may join an event, and how strongly."""

    score: float
    distance_km: float
    days_apart: int
    parties: ActorMatch
    family: str
    same_type: bool

    def reason(self) -> str:
        place = "same place" if self.distance_km == 0 else f"{self.distance_km:.1f} km apart"
        days = "dates overlap" if self.days_apart == 0 else f"{self.days_apart} days apart"
        m = self.parties
        if m.needed == 0:
            actors = "actors not named by one side"
        else:
            actors = f"{m.paired} of {m.parties} parties matched ({', '.join(m.actors)})"
        kind = "same type" if self.same_type else f"same family {self.family}"
        return f"{place}; {days}; {actors}; {kind}; score {self.score:.2f}"


FOUNDED = Evidence(1.0, 0.0, 0, ActorMatch(0, 0, 0, ()), "", True)
"""The evidence of a claim that founded its event."""


def evidence(event: EventSignature, claim: EventSignature, rules: MatchRules) -> Evidence | None:
    """The evidence that ``claim`` reports ``event``; None when they are not compatible:
    different type families, dates apart, places apart, parties that contradict each other,
    or two rows of one dataset (distinct rows of a dataset are distinct events)."""
    shared = event.match_families & claim.match_families
    if not shared or event.datasets & claim.datasets:
        return None
    if not dates_compatible(event, claim, rules):
        return None
    km = place_distance(event, claim, rules)
    if km is None:
        return None
    parties = match_actors(event, claim)
    if not parties.agrees or (rules.require_shared_actor and not parties.paired):
        return None
    apart = _days_apart(event, claim)
    place_score = 1.0 - km / rules.max_distance_km if rules.max_distance_km else 1.0
    party_score = parties.paired / parties.parties if parties.needed else SILENT_PARTIES
    same_type = bool(event.all_types & claim.all_types)
    score = (
        WEIGHTS["place"] * place_score
        + WEIGHTS["date"] * _date_score(event, claim, rules, apart)
        + WEIGHTS["parties"] * party_score
        + WEIGHTS["type"] * (1.0 if same_type else FAMILY_ONLY)
    )
    return Evidence(round(score, 3), round(km, 3), apart, parties, min(shared), same_type)


LINK_KEYS = (
    "linkScore", "linkReason", "linkDistanceKm", "linkDaysApart", "linkActors", "linkFamily",
)  # fmt: skip
"""The claim properties that record why it supports its event (see ``link_props``)."""


def link_props(link: Evidence) -> dict[str, object]:
    """The claim properties of a link: its score and reasons (None values for a claim that
    founded its event, whose only reason is that)."""
    if link is FOUNDED:
        return dict.fromkeys(LINK_KEYS) | {"linkScore": 1.0, "linkReason": "founded the event"}
    return {
        "linkScore": link.score,
        "linkReason": link.reason(),
        "linkDistanceKm": link.distance_km,
        "linkDaysApart": link.days_apart,
        "linkActors": list(link.parties.actors),
        "linkFamily": link.family,
    }
