"""Spelling-tolerant keys of names, shared by the gazetteer (extraction) and the API's name
resolver, so that a name the extractor would recognise in a text is also found by a query.

``norm`` absorbs the usual variation of transliterated Arabic names in one word: case,
accents, apostrophes, doubled letters and the vowel spellings ou/u, oo/u, ee/i. ``name_keys``
goes further for whole names typed by a person: the article (al-, el-, ash-...) is dropped,
bin/ben/ibn are one word, and generic words that say what kind of place or group a name is
("governorate", "province", "city", "army", "faction", "forces") are left out, so that
"Hasakah" names both the city of Al-Hasakah and Al-Hasakah Governorate.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ARTICLE_TOKENS = frozenset({"al", "el", "the", "as", "ash", "ad", "ar", "az", "at", "an"})
GENERIC_WORDS = frozenset(
    {
        "governorate", "province", "city", "town", "village", "district", "subdistrict",
        "countryside", "rural", "army", "faction", "forces", "force", "group", "movement",
        "brigade", "brigades",
    }
)  # fmt: skip
PATRONYMICS = {"bin": "ibn", "ben": "ibn", "ibn": "ibn"}
_APOS = re.compile(r"[’'‘`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]")
_WORDS = re.compile(r"[a-z0-9]+")
_DOUBLES = re.compile(r"(.)\1+")
_FINAL_A = re.compile(r"(?<=[^aeiou])(ah|eh|e)$")


def _fold(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.lower())
    return _APOS.sub("", "".join(c for c in s if not unicodedata.combining(c)))


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Spelling-tolerant key of a word or name (see the module docstring)."""
    s = _NON_ALNUM.sub("", _fold(text))
    s = s.replace("ee", "i").replace("ou", "u").replace("oo", "u")
    return _DOUBLES.sub(r"\1", s)


def name_keys(name: str, strict: bool = False) -> frozenset[str]:
    """The keys under which a whole name is found: its words without articles and (unless
    ``strict``) generic words, patronymics unified, a final -ah/-eh/-e written -a, each word
    through ``norm``; and, when the first word starts with a joined article ("Albaghouz"),
    the same without it."""
    words = [PATRONYMICS.get(w, w) for w in _WORDS.findall(_fold(name))]
    generic = frozenset() if strict else GENERIC_WORDS
    kept = [w for w in words if w not in ARTICLE_TOKENS and w not in generic]
    if not kept:
        kept = [w for w in words if w not in ARTICLE_TOKENS] or words
    kept = [_FINAL_A.sub("a", w) for w in kept]
    key = "".join(norm(w) for w in kept)
    keys = {key} if key else set()
    if kept and kept[0].startswith(("al", "el")) and len(kept[0]) > 5:
        keys.add("".join(norm(w) for w in [kept[0][2:], *kept[1:]]))
    return frozenset(keys)
