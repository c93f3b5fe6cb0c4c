"""Which places an event or control statement is about, among the places a clause names.

Two general rules keep the most specific, relevant places: a place used only to locate
another one ("Mayadin, east of Deir Ezzor", "Harse east of the Euphrates") is dropped, and a
place is dropped when a place inside it is also named (district vs. its village).
"""

from __future__ import annotations

from loaders.extract.sentences import Mention, Sentence
from loaders.extract.window.lexicon import LOCATORS, PLACE_PREPS


def place_mentions(s: Sentence) -> list[Mention]:
    """Mentions acting as places: place-only aliases, or shared aliases after 'in', 'from'..."""
    out = []
    for m in s.mentions:
        if m.place is None:
            continue
        prev = s.toks[m.i - 1].lower if m.i > 0 else ""
        if m.actor is not None and prev not in PLACE_PREPS:
            continue
        out.append(m)
    return out


def _is_locator(s: Sentence, m: Mention, previous: Mention | None) -> bool:
    """'X, east of Y' / 'X east of the Euphrates': Y only situates X."""
    if previous is None or m.i - previous.j > 5:
        return False
    between = [t.lower for t in s.toks[previous.j : m.i]]
    if "along" in between:
        return True
    if any(LOCATORS.fullmatch(w) for w in between) and "of" in between:
        return True
    return len(between) <= 1 and LOCATORS.fullmatch(s.toks[m.i].lower) is not None


def select(s: Sentence, i0: int, i1: int, parents: dict[str, str | None]) -> list[str]:
    """Place ids named in tokens [i0, i1), locators and containing places removed."""
    chosen: list[str] = []
    previous: Mention | None = None
    for m in place_mentions(s):
        if not (i0 <= m.i < i1):
            continue
        if not _is_locator(s, m, previous) and m.place and m.place not in chosen:
            chosen.append(m.place)
        previous = m
    return prune_containers(chosen, parents)


def ancestors(place: str, parents: dict[str, str | None]) -> set[str]:
    out: set[str] = set()
    node = parents.get(place)
    while node is not None and node not in out:
        out.add(node)
        node = parents.get(node)
    return out


def prune_containers(places: list[str], parents: dict[str, str | None]) -> list[str]:
    """Drop a place when a place inside it is in the list too."""
    covered: set[str] = set()
    for p in places:
        covered |= ancestors(p, parents)
    return [p for p in places if p not in covered]


REGION_TYPES = frozenset({"District", "Governorate"})
REGION_BEFORE = frozenset({"countryside", "province", "desert", "badia", "rural", "governorate"})
REGION_AFTER = frozenset({"countryside", "province", "governorate", "desert"})


def widen_regions(s: Sentence, region_of: dict[str, str]) -> None:
    """'the countryside of Deir ez-Zor', 'Idlib countryside', 'rural Raqqa' name the district or
    governorate around the town, not the town (unless an alias already says so)."""
    lowers = [t.lower for t in s.toks]
    for m in s.mentions:
        if m.place not in region_of or m.actor:
            continue
        before = lowers[max(0, m.i - 2) : m.i]
        after = lowers[m.j] if m.j < len(lowers) else ""
        if (
            (before[-1:] == ["rural"])
            or (len(before) == 2 and before[1] == "of" and before[0] in REGION_BEFORE)
            or after in REGION_AFTER
        ):
            m.place = region_of[m.place]
