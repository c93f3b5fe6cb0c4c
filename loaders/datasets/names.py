"""How dataset names are compared: spelling-insensitive keys, and the shorter names a dataset's
long spelling also goes by (pure).

ACLED writes an actor's abbreviation before a colon ("QSD: Syrian Democratic Forces"), the
years of a state's forces in parentheses ("Military Forces of Syria (2000-)"), the country of a
generic actor in parentheses ("Civilians (Syria)") and a unit after the years ("Military Forces
of Syria (2000-) Republican Guard"). Each spelling is tried in full first, then by its parts,
most specific first, so a table entry for the full spelling always wins.
"""

from __future__ import annotations

import re

_NON_ALNUM = re.compile(r"[^\w]+")
_PREFIX = re.compile(r"^([A-Z][A-Za-z0-9.'&-]{0,9}):\s*(.+)$")
_QUALIFIED = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*(.*)$")
_SEPARATED = re.compile(r"^(.+?)\s+-\s+(.+)$")


def name_key(name: str) -> str:
    """Spelling-insensitive key: case, hyphens, apostrophes and spacing do not count
    (``Al-Qadam``, ``al Qadam`` and ``AL QADAM`` are one name)."""
    return " ".join(_NON_ALNUM.split(name.casefold())).strip()


def actor_candidates(name: str) -> tuple[str, ...]:
    """``name`` and the names it contains, most specific first.

    ``"QSD: Syrian Democratic Forces"`` -> itself, ``"Syrian Democratic Forces"``, ``"QSD"``;
    ``"Military Forces of Syria (2000-) Republican Guard"`` -> itself, ``"Republican Guard"``,
    ``"Military Forces of Syria"``; ``"Civilians (Syria)"`` -> itself, ``"Civilians"``.
    """
    out = [name.strip()]
    prefixed = _PREFIX.match(out[0])
    if prefixed:
        out += [prefixed.group(2), prefixed.group(1)]
    for candidate in list(out):
        qualified = _QUALIFIED.match(candidate)
        if qualified:
            base, _, unit = qualified.groups()
            out += [unit, base] if unit else [base]
    return tuple(dict.fromkeys(c.strip() for c in out if c.strip()))


def place_candidates(name: str) -> tuple[str, ...]:
    """A place name and its parts: ``"Damascus - Al-Midan"`` -> itself, ``"Al-Midan"``,
    ``"Damascus"``; ``"Idlib (town)"`` -> itself, ``"Idlib"``."""
    out = [name.strip()]
    separated = _SEPARATED.match(out[0])
    if separated:
        out += [separated.group(2), separated.group(1)]
    for candidate in list(out):
        qualified = _QUALIFIED.match(candidate)
        if qualified and not qualified.group(3):
            out.append(qualified.group(1))
    return tuple(dict.fromkeys(c.strip() for c in out if c.strip()))
