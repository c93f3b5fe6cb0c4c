"""Actor, place and source mentions, resolved through the reference aliases.

Aliases and text are compared after the same normalisation, which absorbs the usual variation
of transliterated Arabic names: case, the article (al-/el-/Al, joined or hyphenated), hyphens
and spaces, apostrophes (straight or curly), doubled letters and the vowel spellings ou/u,
oo/u, ee/i. So "Albaghouz", "Al-Baghuz" and "Baghouz" share one key. Names still not found are
compared with the place keys by rapidfuzz (edit-distance ratio above ``FUZZY_CUTOFF``).

Case matters where English words collide with acronyms ("IS"/"is", "US"/"us"), and aliases
written with a capital only match capitalised text. Generic aliases ("the organization",
"the jihadists") are kept only when the actor is also named explicitly in the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from loaders.extract.sentences import Mention, Tok
from loaders.names import norm
from loaders.reference import ReferenceData

FUZZY_CUTOFF = 85.0
MIN_FUZZY_KEY = 5
JOINERS = frozenset({"-", "–", "’", "'", "‘", "’s", "'s"})
ARTICLES = ("al", "el")
ARTICLE_TOKENS = frozenset({"al", "el", "the", "as", "ash", "ad", "ar", "az", "at", "an"})
GENERIC_HEADS = frozenset(
    {"organization", "organisation", "group", "jihadists", "militants", "caliphate"}
)
FORCE_NOUNS = frozenset(
    {
        "officer", "officers", "soldier", "soldiers", "fighter", "fighters", "troops",
        "forces", "militants", "advisers", "advisors", "pilot", "pilots", "personnel",
        "militiamen", "commander", "commanders", "general", "elements", "members", "army",
        "warplanes", "jets", "aircraft", "drones", "drone", "planes", "helicopters",
        "military", "officials",
    }
)  # fmt: skip
_NOT_NAMES = frozenset(
    {
        "the", "a", "an", "and", "or", "but", "in", "on", "at", "of", "to", "from", "by",
        "for", "with", "as", "it", "its", "he", "his", "they", "their", "this", "that",
        "these", "those", "there", "what", "which", "who", "when", "where", "why", "how",
        "however", "meanwhile", "despite", "although", "after", "before", "since", "until",
        "during", "finally", "hence", "therefore", "furthermore", "yet", "also", "not",
        "all", "some", "many", "most", "several", "other", "one", "two", "three", "first",
        "second", "last", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # actor | place | source
    id: str
    capital: bool
    """The alias starts with a capital letter: only capitalised text matches."""
    acronym: bool
    """A short all-capitals alias (IS, US, SDF): only all-capitals text matches."""
    generic: bool


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


class Gazetteer:
    """Alias lookup built once per ``ReferenceData`` (keys, case rules, fuzzy candidates)."""

    def __init__(
        self,
        ref: ReferenceData,
        tokenize: Callable[[str], list[str]],
        nationality_groups: bool = True,
    ) -> None:
        """``nationality_groups``: also match *Russian officers* as a mention of Russia (the
        parse-based extractor reads nationality adjectives from the parse instead)."""
        self.keys: dict[str, list[Entry]] = {}
        self.max_len = 1
        self.nationality: dict[str, str] = {}
        for a in ref.actors:
            for name in {a.name, *a.aliases}:
                self._add(name, "actor", a.id, tokenize)
            for adj in a.nationality_adjectives if nationality_groups else ():
                self.nationality[adj] = a.id
        for p in ref.places:
            for name in {p.name, *p.aliases}:
                self._add(name, "place", p.id, tokenize)
        for s in ref.sources:
            for name in {s.name, *s.aliases}:
                self._add(name, "source", s.id, tokenize)
        self.place_keys: dict[str, str] = {
            k: e.id for k, es in self.keys.items() for e in es if e.kind == "place"
        }
        self._choices = [k for k in self.place_keys if len(k) >= MIN_FUZZY_KEY]
        self.prefixes = {k[:n] for k in self.keys for n in range(1, len(k) + 1)}
        self._fuzzy_cache: dict[str, str | None] = {}

    def _add(self, name: str, kind: str, id_: str, tokenize: Callable[[str], list[str]]) -> None:
        toks = [t for t in tokenize(name) if t not in JOINERS and any(c.isalnum() for c in t)]
        if not toks:
            return
        letters = _letters(name)
        entry = Entry(
            kind=kind,
            id=id_,
            capital=letters[:1].isupper(),
            acronym=letters.isupper() and len(letters) <= 4,
            generic=kind == "actor"
            and not any(t[:1].isupper() for t in toks if t.lower() not in ARTICLE_TOKENS)
            and any(t.lower() in GENERIC_HEADS for t in toks),  # 'the Islamic State group' names
        )
        self.max_len = max(self.max_len, len(tokenize(name)))
        keys = {"".join(norm(t) for t in toks)}
        if toks[0].lower() in ARTICLE_TOKENS and len(toks) > 1:
            keys.add("".join(norm(t) for t in toks[1:]))
        for key in list(keys):
            if key.startswith(ARTICLES) and len(key) > 5:
                keys.add(key[2:])
        for key in keys:
            if key and entry not in self.keys.setdefault(key, []):
                self.keys[key].append(entry)

    def _lookup(self, key: str, surface: str) -> list[Entry]:
        found = self.keys.get(key)
        if not found and key.startswith(ARTICLES) and len(key) > 5:
            found = self.keys.get(key[2:])
        if not found:
            return []
        letters = _letters(surface)
        return [
            e
            for e in found
            if not (e.acronym and not letters.isupper())
            and not (e.capital and not letters[:1].isupper())
        ]

    def mentions(self, toks: list[Tok]) -> list[Mention]:
        """Longest-first, left-to-right mentions in a sentence's tokens."""
        out: list[Mention] = []
        norms = [norm(t.text) for t in toks]
        i = 0
        while i < len(toks):
            m = self._at(toks, norms, i)
            if m is None:
                i += 1
                continue
            if toks[i].lower == "the" and i + 1 < len(toks):
                # 'the Euphrates River': 'Euphrates River' reaches further than 'the Euphrates'
                longer = self._at(toks, norms, i + 1)
                if longer is not None and longer.j > m.j:
                    m = longer
            out.append(m)
            i = m.j
        return out

    def _at(self, toks: list[Tok], norms: list[str], i: int) -> Mention | None:
        if not norms[i] or toks[i].text in JOINERS:
            return None
        key = ""
        spans: list[tuple[int, str]] = []
        for j in range(i, min(len(toks), i + self.max_len)):
            t = toks[j].text
            if t in JOINERS:
                continue
            if not norms[j]:
                break
            key += norms[j]
            if key not in self.prefixes and not (
                key.startswith(ARTICLES) and key[2:] in self.prefixes
            ):
                break
            spans.append((j + 1, key))
        for j, k in reversed(spans):
            if j - i == 1:
                nat = self._nationality(toks, i)
                if nat is not None:
                    return nat
            if k not in self.keys and not (k.startswith(ARTICLES) and k[2:] in self.keys):
                continue
            surface = " ".join(t.text for t in toks[i:j])
            entries = self._lookup(k, surface)
            if entries:
                return self._mention(toks, i, j, entries)
        return self._nationality(toks, i) or self._fuzzy(toks, norms, i)

    def _mention(self, toks: list[Tok], i: int, j: int, entries: list[Entry]) -> Mention:
        m = Mention(i, j, toks[i].start, toks[j - 1].end, "")
        for e in entries:
            if getattr(m, e.kind) is None:
                setattr(m, e.kind, e.id)
                m.generic = m.generic or e.generic
        return m

    def _fuzzy_place(self, key: str) -> str | None:
        """Closest place key above the cutoff (tried without a joined article too), cached."""
        if key in self._fuzzy_cache:
            return self._fuzzy_cache[key]
        candidates = [key]
        if key.startswith(ARTICLES) and len(key) > MIN_FUZZY_KEY + 2:
            candidates.append(key[2:])
        found = None
        for k in candidates:
            # the closest keys first; the first whose consonants agree (a nearer key of another
            # spelling, 'deir el-zour' for 'deir ezzur', must not hide 'deir ezzor')
            hits = process.extract(
                k, self._choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
            )
            found = next((str(h[0]) for h in hits if skeleton(str(h[0])) == skeleton(k)), None)
            if found is not None:
                break
        self._fuzzy_cache[key] = found
        return found

    def _nationality(self, toks: list[Tok], i: int) -> Mention | None:
        actor = self.nationality.get(toks[i].text)
        if actor is None:
            return None
        for j in range(i + 1, min(len(toks), i + 3)):
            if toks[j].lower in FORCE_NOUNS:
                return Mention(i, j + 1, toks[i].start, toks[j].end, "", actor=actor)
        return None

    def _fuzzy(self, toks: list[Tok], norms: list[str], i: int) -> Mention | None:
        if not _is_name(toks[i].text):
            return None
        key, best = "", None
        for j in range(i, min(len(toks), i + 3)):
            t = toks[j].text
            if t in JOINERS:
                continue
            if not (_is_name(t) or t.lower() in ARTICLE_TOKENS):
                break
            key += norms[j]
            hit = self._fuzzy_place(key) if len(key) >= MIN_FUZZY_KEY else None
            if hit is not None:
                best = (j + 1, hit)
        if best is None:
            return None
        j, key_hit = best
        m = Mention(i, j, toks[i].start, toks[j - 1].end, "", fuzzy=True)
        m.place = self.place_keys[key_hit]
        return m


SOUNDS = (("gh", "g"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("q", "k"), ("j", "g"))
"""Consonants transliterations write in more than one way."""


def skeleton(key: str) -> str:
    """The consonants of a normalised name, as transliterations of one Arabic name share them
    (vowels, y/w glides and a final h are written every which way): a near spelling is the same
    place only when its consonants agree, so *Suwaydan* is not *Suwayda*."""
    if key.startswith(ARTICLES) and len(key) > MIN_FUZZY_KEY:
        key = key[2:]  # the article is written joined or not at all
    for a, b in SOUNDS:
        key = key.replace(a, b)
    key = key.rstrip("h")
    out = [c for c in key if c.isalpha() and c not in "aeiouyw'"]
    return "".join(c for i, c in enumerate(out) if i == 0 or c != out[i - 1])


def _is_name(word: str) -> bool:
    """A capitalised word that may be a place name (not a function word or a demonym)."""
    lower = word.lower()
    return (
        word[:1].isupper()
        and word.isalpha()
        and lower not in _NOT_NAMES
        and not lower.endswith(("ian", "ians", "ese", "ish"))
    )
