"""Casualty figures: a number (digits or words) with its qualifier, whom it counts and how.

"killing at least 23 elements of the Syrian army", "173 members at least of the regime
forces", "more than 114 members killed", "Hundreds of them have been killed and hundreds
injured", "capture an Iranian fighter". A figure is kept only when a casualty word (killed,
death, injured, captured ...) is close by, so troop strengths and distances are not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.claims import Casualties, CasualtyKind, Qualifier
from loaders.extract.sentences import Mention, Tok

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000}
VAGUE = frozenset({"hundreds", "dozens", "thousands", "tens", "scores", "several", "many"})
GROUP_NOUNS = frozenset(
    {
        "members", "member", "elements", "fighters", "fighter", "soldiers", "soldier",
        "civilians", "civilian", "people", "persons", "militants", "troops", "officers",
        "officer", "personnel", "combatants", "children", "women", "jihadists", "gunmen",
        "militiamen", "of", "commander", "commanders", "recruits", "others", "suspects",
        "individuals", "men", "youths", "workers", "policemen", "guards",
    }
)  # fmt: skip
KIND_WORDS: tuple[tuple[re.Pattern[str], CasualtyKind], ...] = (
    (re.compile(r"kill\w*|dead|deaths?|died|die|lives|bodies|executed|slain"), "killed"),
    (re.compile(r"injur\w*|wound\w*|hurt"), "injured"),
    (
        re.compile(
            r"captur\w*|arrest\w*|abduct\w*|kidnap\w*|prisoners?|detain\w*|captives?|surrender\w*"
        ),
        "captured",
    ),
)
PRE_QUALIFIERS: tuple[tuple[tuple[str, ...], Qualifier], ...] = (
    (("at", "least"), "at_least"),
    (("more", "than"), "more_than"),
    (("up", "to"), "at_most"),
    (("at", "most"), "at_most"),
    (("no", "fewer", "than"), "at_least"),
    (("over",), "more_than"),
    (("about",), "about"),
    (("around",), "about"),
    (("nearly",), "about"),
    (("almost",), "about"),
    (("approximately",), "about"),
    (("roughly",), "about"),
    (("some",), "about"),
)
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


@dataclass(frozen=True)
class Figure:
    """A casualty figure found at token ``i`` of a sentence."""

    i: int
    casualties: Casualties


def parse_number(words: list[str]) -> tuple[int | None, int, bool]:
    """Value of the number words at the start of ``words``: (value, tokens used, vague)."""
    if not words:
        return None, 0, False
    first = words[0]
    if _DIGITS.fullmatch(first):
        return int(first.replace(",", "")), 1, False
    if first in VAGUE:
        return None, 1, True
    total, current, used = 0, 0, 0
    for w in words:
        if w in UNITS:
            current += UNITS[w]
        elif w in SCALES and (current or used == 0):
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0
        elif (w in ("and", "-") and used and current) or (w in ("a", "an") and used == 0):
            pass
        else:
            break
        used += 1
    value = total + current
    return (value, used, False) if value and used else (None, 0, False)


def qualifier_before(lowers: list[str], i: int) -> Qualifier | None:
    for words, q in PRE_QUALIFIERS:
        n = len(words)
        if i - n >= 0 and tuple(lowers[i - n : i]) == words:
            return q
    return None


def _kind(lowers: list[str], i: int) -> CasualtyKind | None:
    """The nearest casualty word; one before the figure counts only if no 'and' separates
    them ('were killed and four others were injured': the four are injured)."""
    best: tuple[int, CasualtyKind] | None = None
    for k in range(max(0, i - 5), min(len(lowers), i + 12)):
        if k < i and "and" in lowers[k:i]:
            continue
        for rx, kind in KIND_WORDS:
            if rx.fullmatch(lowers[k]):
                dist = abs(k - i)
                if best is None or dist < best[0]:
                    best = (dist, kind)
    return best[1] if best else None


_GROUP_GLUE = GROUP_NOUNS | {
    "the", "a", "an", "at", "least", "from", "among", "ranks", "group", "groups", "number",
    "suspected", "alleged", "being",
}  # fmt: skip


def _group(mentions: list[Mention], i: int, lowers: list[str]) -> tuple[str | None, str]:
    """The actor right after the figure, reached only through 'members of the ...' glue."""
    by_start = {m.i: m for m in mentions if m.actor}
    for k in range(i, min(len(lowers), i + 8)):
        for m in mentions:
            if m.actor and m.i < k < m.j:
                return m.actor, " ".join(lowers[m.i : m.j])
        if k in by_start:
            m = by_start[k]
            return m.actor, " ".join(lowers[m.i : m.j])
        if lowers[k] not in _GROUP_GLUE:
            break
    return None, ""


def figures(toks: list[Tok], mentions: list[Mention]) -> list[Figure]:
    """Casualty figures of a sentence, with qualifier, kind and the counted group."""
    lowers = [t.lower for t in toks]
    out: list[Figure] = []
    i = 0
    while i < len(toks):
        value, used, vague = parse_number(lowers[i : i + 6])
        single = lowers[i] in ("a", "an") and _nationality_at(mentions, i + 1)
        if not used and not single:
            i += 1
            continue
        if single:
            value, used, vague = 1, 1, False
        after = lowers[i + used : i + used + 4]
        # 'hundreds injured': the group is the one of the previous figure (ellipsis)
        elliptic = bool(out) and bool(after) and any(rx.fullmatch(after[0]) for rx, _ in KIND_WORDS)
        if not (set(after) & GROUP_NOUNS or single or elliptic or _actor_at(mentions, i + used)):
            i += used
            continue
        qual = "unspecified" if vague else qualifier_before(lowers, i)
        # 'including 17 members': a detail of the previous figure, same kind and group.
        including = "including" in lowers[max(0, i - 4) : i]
        detail = out[-1].casualties if out and including else None
        kind = _kind(lowers, i) or (detail.kind if detail else None)
        if kind is None:
            i += used
            continue
        if qual is None and "least" in lowers[i + used : i + used + 4]:
            qual = "at_least"
        group, label = _group(mentions, i + used, lowers)
        others = bool(out) and "others" in after[:2]  # 'and four others were injured'
        if group is None and (detail is not None or elliptic or others):
            previous = detail or out[-1].casualties
            group, label = previous.group, previous.group_label
        c = Casualties(
            count=value,
            qualifier=qual or "exact",
            kind=kind,
            group=group,
            group_label=label,
        )
        out.append(Figure(i, c))
        i += used
    return out


def _actor_at(mentions: list[Mention], i: int) -> bool:
    return any(m.actor and m.i == i for m in mentions)


def _nationality_at(mentions: list[Mention], i: int) -> bool:
    return any(m.actor and m.i == i and m.j - m.i >= 2 for m in mentions)


def plural_group(mentions: list[Mention], toks: list[Tok], i: int) -> Casualties | None:
    """'the killing of Russian officers', 'arrest members of X': a group with no number."""
    lowers = [t.lower for t in toks]
    for k in range(i, min(len(toks), i + 4)):
        if lowers[k] in ("members", "officers", "fighters", "soldiers", "elements"):
            group, label = _group(mentions, k, lowers)
            if group is None:
                for m in mentions:
                    if m.actor and m.i <= k < m.j:
                        group, label = m.actor, " ".join(lowers[m.i : m.j])
            return Casualties(count=None, qualifier="unspecified", group=group, group_label=label)
    return None
