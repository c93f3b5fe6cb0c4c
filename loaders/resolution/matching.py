"""When do two reports describe the same real-world event? ``compatible`` and ``assign``.

Signatures (``loaders.resolution.signatures``) are what any claim source (news extraction,
dataset rows) knows about an event; ``compatible`` decides whether two can be the same event
under ``MatchRules``: same type family, overlapping dates, co-located places, parties that do
not contradict each other, and never two rows of one dataset. ``assign`` resolves a batch of
claims to events, choosing among compatible candidates by the score of their evidence
(``loaders.resolution.evidence``). Everything here is pure, so the article loader, the dataset
loaders and the tests share one definition of "the same event" (docs/corroboration.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from loaders.resolution.event_index import OPEN_BUCKET, month_buckets
from loaders.resolution.evidence import FOUNDED, Evidence, date_window, evidence
from loaders.resolution.rules import MatchRules
from loaders.resolution.signatures import EventSignature, merge


def compatible(a: EventSignature, b: EventSignature, rules: MatchRules) -> bool:
    """True when ``a`` and ``b`` can describe the same event (whatever the score)."""
    return evidence(a, b, rules) is not None


class _Touched:
    """Events made or grown during one ``assign`` call, by type family, month of their date
    window (the buckets of ``loaders.resolution.event_index``) and the datasets of their rows,
    so that a claim is compared only with those that could pass the family, date and dataset
    tests of ``compatible`` (a long document or a dataset chunk would otherwise compare every
    pair)."""

    def __init__(self, rules: MatchRules) -> None:
        self.rules = rules
        self.events: dict[str, EventSignature] = {}
        self._keys: dict[tuple[str, int], dict[frozenset[str], set[str]]] = {}
        self._where: dict[str, list[tuple[str, int, frozenset[str]]]] = {}

    def _months(self, sig: EventSignature) -> range:
        window = date_window(sig, self.rules)
        return month_buckets(*window) if window is not None else month_buckets(None, None)

    def add(self, event: str, sig: EventSignature) -> None:
        for family, month, datasets in self._where.pop(event, []):
            self._keys[(family, month)][datasets].discard(event)
        self.events[event] = sig
        where = [(f, m, sig.datasets) for f in sig.match_families for m in self._months(sig)]
        for family, month, datasets in where:
            self._keys.setdefault((family, month), {}).setdefault(datasets, set()).add(event)
        self._where[event] = where

    def near(self, sig: EventSignature) -> set[str]:
        """A superset of the touched events ``compatible`` may accept for ``sig``."""
        months: Iterable[int] = self._months(sig)
        if months == month_buckets(None, None):
            if date_window(sig, self.rules) is None and not self.rules.undated_matches:
                return set()
            months = {m for _, m in self._keys}
        found: set[str] = set()
        for family in sig.match_families:
            for month in {OPEN_BUCKET, *months}:
                for datasets, events in self._keys.get((family, month), {}).items():
                    if not datasets & sig.datasets:
                        found |= events
        return found


@dataclass
class Assignment:
    """What ``assign`` decided: claim -> event, claim -> the evidence of its link, and the new
    signatures of the events it made or grew."""

    events: dict[str, str] = field(default_factory=dict)
    links: dict[str, Evidence] = field(default_factory=dict)
    touched: dict[str, EventSignature] = field(default_factory=dict)


def assign(
    items: Sequence[tuple[str, EventSignature]],
    candidates: Mapping[str, EventSignature],
    candidate_ids: Mapping[str, Iterable[str]],
    new_event_id: Callable[[str], str],
    rules: MatchRules,
) -> Assignment:
    """Resolve claims, in order, to events: the best-scoring compatible one whose score
    reaches ``rules.min_score``, or a new one.

    ``candidates`` are existing events' signatures, ``candidate_ids`` which of them each claim
    may join (from the event index or the store). Events made or grown by earlier items of the
    same call are candidates for later ones, so two claims of one batch about one event meet.
    Ties go to the event with more claims, then to the smallest event id, so the outcome is
    deterministic.
    """
    events = dict(candidates)
    touched = _Touched(rules)
    out = Assignment()
    for claim, sig in items:
        pool = set(candidate_ids.get(claim, ())) | touched.near(sig)
        scored = [(ev, e) for e in pool if e in events and (ev := evidence(events[e], sig, rules))]
        fits = [(ev, e) for ev, e in scored if ev.score >= rules.min_score]
        if fits:
            link, chosen = min(fits, key=lambda f: (-f[0].score, -events[f[1]].claims, f[1]))
            events[chosen] = merge(events[chosen], sig)
        else:
            link, chosen = FOUNDED, new_event_id(claim)
            events[chosen] = sig
        touched.add(chosen, events[chosen])
        out.events[claim] = chosen
        out.links[claim] = link
    out.touched = touched.events
    return out
