"""Score extracted claims against hand-made gold annotations (pure, no I/O besides reading YAML).

Matching rule (documented in ``docs/extraction.md``): within one document, a predicted event
claim is *matched* to a gold event when its character span overlaps the span of the gold
``quote`` or of one of its ``other_quotes``. When it overlaps several gold events, the one with
the same type wins, then the one sharing most actors and places, then the largest overlap.
Several claims may match one gold event (the gold merges every mention of an occurrence into
one event); their fields are pooled. A claim that overlaps no gold quote is a false alarm; a
gold event no claim matches is a miss.

Field scores are micro-averaged over values: for each gold event the gold values of a field
(its type, each attacker, target, place, casualty figure, the date, the source) are compared
with the pooled values of its matched claims; values of unmatched claims count as false
positives, values of missed gold events as false negatives.

The tuple score does not depend on matching: each event expands into the set of
(type, attacker, target, place) tuples of its role lists (an empty list contributes ``-``), and
the tuple sets of gold and prediction are compared per document. Control statements are scored
the same way on (controller, place) pairs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from loaders.claims import ControlClaim, DateSpan, EventClaim, Extraction
from loaders.errors import InputError

FIELDS = ("type", "attackers", "targets", "places", "date", "casualties", "according_to")
NONE = "-"


def _as_str(value: object) -> object:
    """YAML turns unquoted 2017-12-09 into a date and 2018 into an int; keep them as text."""
    if isinstance(value, dt.date | int):
        return str(value)
    return value


class GoldDate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: str | None = None
    end: str | None = None
    precision: Literal["day", "week", "month", "year", "unknown"] = "unknown"

    _text = field_validator("start", "end", mode="before")(_as_str)


class GoldCasualty(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    count: int | None = None
    count_max: int | None = None
    qualifier: str = "exact"
    group: str | None = None
    kind: str = "killed"


class _GoldItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    places: list[str] = Field(default_factory=list)
    date: GoldDate = GoldDate()
    according_to: str
    via: str | None = None
    quote: str = Field(min_length=1)
    other_quotes: list[str] = Field(default_factory=list)
    hedged: bool = False
    note: str | None = None

    def quotes(self) -> list[str]:
        return [self.quote, *self.other_quotes]


class GoldEvent(_GoldItem):
    type: str
    attackers: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    supporters: list[str] = Field(default_factory=list)
    casualties: list[GoldCasualty] = Field(default_factory=list)
    part_of: str | None = None


class GoldControl(_GoldItem):
    controller: str


class GoldDocument(BaseModel):
    """One gold file: the hand annotation of one article."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str
    published: str | None = None
    published_precision: str = "unknown"
    publisher: str | None = None
    events: list[GoldEvent] = Field(default_factory=list)
    control: list[GoldControl] = Field(default_factory=list)

    _text = field_validator("published", mode="before")(_as_str)


def read_gold(gold_dir: Path) -> list[GoldDocument]:
    """Every ``*.yaml`` gold file of a folder, sorted by name."""
    files = sorted(p for p in gold_dir.glob("*.yaml") if p.is_file())
    if not files:
        raise InputError(str(gold_dir), "no gold files (*.yaml) found")
    docs = []
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            docs.append(GoldDocument.model_validate(data))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            raise InputError(str(path), f"cannot read gold file: {e}") from e
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise InputError(str(path), f"invalid gold annotation at {where}: {err['msg']}") from e
    return docs


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass(frozen=True)
class Finding:
    """A missed gold item or a false alarm, for the listing."""

    document: str
    kind: str
    what: str
    quote: str


@dataclass
class Report:
    """Scores of one evaluation run over a set of documents."""

    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    tuples: Counts = field(default_factory=Counts)
    control_pairs: Counts = field(default_factory=Counts)
    matched_events: int = 0
    attribution_correct: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    misses: list[Finding] = field(default_factory=list)
    false_alarms: list[Finding] = field(default_factory=list)
    tuple_misses: list[Finding] = field(default_factory=list)
    tuple_false_alarms: list[Finding] = field(default_factory=list)

    @property
    def attribution_accuracy(self) -> float:
        return self.attribution_correct / self.matched_events if self.matched_events else 0.0


Span = tuple[int, int]


def quote_spans(text: str, quotes: Iterable[str], where: str) -> list[Span]:
    """Character spans of gold quotes in the article (each must occur verbatim)."""
    spans = []
    for q in quotes:
        start = text.find(q)
        if start < 0:
            raise InputError(where, f"gold quote not found in the article: {q[:60]!r}")
        spans.append((start, start + len(q)))
    return spans


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _event_values(e: GoldEvent | EventClaim) -> set[str]:
    return {*e.attackers, *e.targets, *e.places}


def _type_of(e: GoldEvent | EventClaim) -> str:
    return e.type if isinstance(e, GoldEvent) else e.event_type


def match_events(
    gold: list[GoldEvent], spans: list[list[Span]], predicted: list[EventClaim]
) -> tuple[dict[int, list[EventClaim]], list[EventClaim]]:
    """Assign each claim to the gold event it best overlaps (see the module docstring)."""
    matched: dict[int, list[EventClaim]] = {i: [] for i in range(len(gold))}
    unmatched: list[EventClaim] = []
    for claim in predicted:
        span = (claim.start, claim.end)
        best: tuple[int, int, int] | None = None
        best_i = -1
        for i, g in enumerate(gold):
            ov = max(_overlap(span, s) for s in spans[i])
            if ov == 0:
                continue
            key = (
                int(g.type == claim.event_type),
                len(_event_values(g) & _event_values(claim)),
                ov,
            )
            if best is None or key > best:
                best, best_i = key, i
        if best is None:
            unmatched.append(claim)
        else:
            matched[best_i].append(claim)
    return matched, unmatched


def date_matches(gold: GoldDate, span: DateSpan) -> bool:
    """Same precision and each bound equal at the gold's granularity ('2018' ~ 2018-12-31)."""

    def same(g: str | None, p: dt.date | None) -> bool:
        if g is None or p is None:
            return g is None and p is None
        return p.isoformat().startswith(g)

    return (
        gold.precision == span.precision
        and same(gold.start, span.start)
        and same(gold.end, span.end)
    )


def _score_values(
    gold_values: list[Any], pred_values: list[Any], eq: Callable[[Any, Any], bool]
) -> Counts:
    tp = sum(1 for g in gold_values if any(eq(g, p) for p in pred_values))
    fp = sum(1 for p in pred_values if not any(eq(g, p) for g in gold_values))
    return Counts(tp=tp, fp=fp, fn=len(gold_values) - tp)


def _casualty_key(c: Any) -> tuple[Hashable, ...]:
    return (c.count, c.qualifier, c.group, c.kind)


def _field_values(e: GoldEvent | EventClaim, name: str) -> list[Any]:
    if name == "type":
        return [_type_of(e)]
    if name in ("attackers", "targets", "places"):
        return sorted(set(getattr(e, name)))
    if name == "date":
        return [e.date]
    if name == "casualties":
        return sorted({_casualty_key(c) for c in e.casualties}, key=str)
    return [e.according_to]


def _pooled(claims: list[EventClaim], name: str) -> list[Any]:
    values: list[Any] = []
    for c in claims:
        for v in _field_values(c, name):
            if v not in values:
                values.append(v)
    return values


def _eq_for(name: str) -> Callable[[Any, Any], bool]:
    if name == "date":
        return date_matches
    return lambda g, p: bool(g == p)


def event_tuples(
    type_: str, attackers: list[str], targets: list[str], places: list[str]
) -> set[tuple[str, str, str, str]]:
    """(type, attacker, target, place) tuples of one event; an empty role contributes '-'."""
    return set(product([type_], attackers or [NONE], targets or [NONE], places or [NONE]))


def _control_pairs(controller: str, places: list[str]) -> set[tuple[str, str]]:
    return {(controller, p) for p in places}


def score_document(gold: GoldDocument, text: str, extraction: Extraction, report: Report) -> None:
    """Add one document's scores and findings to ``report``."""
    doc = gold.document
    spans = [quote_spans(text, g.quotes(), f"{doc} {g.id}") for g in gold.events]
    matched, unmatched = match_events(gold.events, spans, extraction.events)
    report.gold_events += len(gold.events)
    report.predicted_events += len(extraction.events)
    for i, g in enumerate(gold.events):
        claims = matched[i]
        for name in FIELDS:
            pred = _pooled(claims, name)
            report.fields[name].add(_score_values(_field_values(g, name), pred, _eq_for(name)))
        if claims:
            report.matched_events += 1
            report.attribution_correct += all(c.according_to == g.according_to for c in claims)
        else:
            report.misses.append(Finding(doc, g.type, g.id, g.quote))
    for c in unmatched:
        for name in FIELDS:
            report.fields[name].add(Counts(fp=len(_field_values(c, name))))
        report.false_alarms.append(Finding(doc, c.event_type, c.rule, c.quote))
    _score_tuples(gold, extraction, report)
    _score_control(gold, extraction.control, report)


def _score_tuples(gold: GoldDocument, extraction: Extraction, report: Report) -> None:
    gold_t: set[tuple[str, str, str, str]] = set()
    for g in gold.events:
        gold_t |= event_tuples(g.type, g.attackers, g.targets, g.places)
    pred_t: dict[tuple[str, str, str, str], str] = {}
    for c in extraction.events:
        for t in event_tuples(c.event_type, c.attackers, c.targets, c.places):
            pred_t.setdefault(t, c.quote)
    hits = gold_t & pred_t.keys()
    report.tuples.add(Counts(tp=len(hits), fp=len(pred_t) - len(hits), fn=len(gold_t) - len(hits)))
    for t in sorted(gold_t - hits):
        report.tuple_misses.append(Finding(gold.document, "tuple", " ".join(t), ""))
    for t in sorted(pred_t.keys() - hits):
        report.tuple_false_alarms.append(Finding(gold.document, "tuple", " ".join(t), pred_t[t]))


def _score_control(gold: GoldDocument, predicted: list[ControlClaim], report: Report) -> None:
    gold_p: set[tuple[str, str]] = set()
    for g in gold.control:
        gold_p |= _control_pairs(g.controller, g.places)
    pred_p: set[tuple[str, str]] = set()
    for c in predicted:
        pred_p |= _control_pairs(c.controller, c.places)
    hits = gold_p & pred_p
    report.control_pairs.add(Counts(tp=len(hits), fp=len(pred_p - hits), fn=len(gold_p - hits)))


def evaluate(pairs: Iterable[tuple[GoldDocument, str, Extraction]]) -> Report:
    """Score (gold, article text, extraction) triples into one report."""
    report = Report()
    for gold, text, extraction in pairs:
        score_document(gold, text, extraction, report)
    return report
