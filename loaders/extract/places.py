"""Places of an event or control statement, from the words of its clause.

Known places are gazetteer mentions; names the reference data does not know are kept as
written when the parse puts them where places go (the object of *in, at, near, into, outside,
around ...*; *the village of X*; *X village*; *X's outskirts*), so a place is never dropped
for being unknown. Two general rules keep the most specific places: a place used only to
situate another (*east of P*, *20 km from P*, *along the border*) is dropped, and a coarse
place (a country or one of its cardinal parts) is dropped when a more specific one (a town, a
site, a region, an unknown name) is named in the same clause, and so is a place containing
another one of the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from loaders.extract.lexicon import CIVILIAN_NOUNS, FORCE_NOUNS, LOCATIVE_CASES, LOCATORS, TERRITORY
from loaders.extract.sentences import Mention, Sentence
from loaders.extract.tree import Sent

COARSE_TYPES = frozenset({"Country", "Region", "Governorate", "District", "Subdistrict", "River"})
NOT_PLACE_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
     "oct", "nov", "dec", "god", "allah", "ramadan", "eid", "christmas", "day", "night",
     "operation", "the", "a", "an", "reuters", "afp", "ap", "sana", "his", "her", "their",
     "kingdom", "unesco", "heritage", "ied", "ieds", "vbied", "vbieds", "svbied", "svbieds",
     "rpg", "rpgs", "atgm", "manpads"}
)  # fmt: skip
NAME_RELS = ("compound", "flat", "amod", "nmod:poss")
GEO_HEADS = frozenset(
    {"basin", "valley", "plain", "plains", "mountains", "mountain", "lake", "dam", "airport",
     "airbase", "bridge", "highway", "crossing", "field", "oilfield", "castle", "citadel",
     "fortress", "fort", "triangle", "junction", "roundabout", "airfield", "base", "prison",
     "stadium"}
)  # fmt: skip
"""A known name followed by one of these names another place ('the Tabqa dam')."""
PEOPLE = CIVILIAN_NOUNS | FORCE_NOUNS - TERRITORY
PLACE_PARTS = frozenset({"al", "el", "ad", "as", "ash", "ar", "at", "az", "an", "-", "’", "'"})
NAME_OPENERS = frozenset(
    {"umm", "abu", "tal", "tell", "kafr", "deir", "ain", "ras", "jisr", "bir", "khirbet", "maarat",
     "beit", "bab", "jabal", "jebel", "wadi", "qasr", "sheikh", "hayy", "tall", "marj", "ayn"}
)  # fmt: skip
"""Words Arabic place names open with (*Umm Batinah*, *Abu Hamam*, *Tal Tamr*): the parser often
leaves them outside the name (an interjection, a bare ``dep``); the name starts there."""


@dataclass(frozen=True)
class Places:
    """Known place ids and unknown names as written, most specific first."""

    ids: list[str]
    written: list[str]

    def __bool__(self) -> bool:
        return bool(self.ids or self.written)


@dataclass(frozen=True)
class PlaceBook:
    """What place selection needs from the reference data."""

    parents: dict[str, str | None]
    types: dict[str, str]
    coarse: frozenset[str]
    """Countries and their cardinal parts: background, too coarse for a front line."""

    def specific(self, place: str) -> bool:
        return self.types.get(place, "") not in COARSE_TYPES and place not in self.coarse

    def within(self, place: str, area: str) -> bool:
        """True when ``place`` lies inside ``area`` (through ``part_of``)."""
        return area in ancestors(place, self.parents)


def _in_name(s: Sent, k: int) -> bool:
    """'the Euphrates Shield offensive', 'Operation Euphrates Wrath': a place word inside
    the name of something else is no place."""
    for d in s.govs(k, "compound"):
        gov = s.words[d.gov] if d.gov >= 0 else None
        if gov is None or gov.mention is not None or gov.lemma in TERRITORY:
            continue
        if gov.lower in GEO_HEADS:
            continue  # 'the Yarmouk Basin', 'the Tabqa Dam': a place named after a place
        if _namey(gov.text) and gov.lower not in LOCATORS:
            return True
    return False


def _origin(s: Sent, k: int) -> bool:
    """'a priest from Qamishli', 'fighters from Raqqa': where a person comes from."""
    return any(d.gov >= 0 and s.words[d.gov].lemma in PEOPLE for d in s.govs(k, "nmod:from"))


def _label(s: Sent, k: int) -> bool:
    """'Syria: ISIS militants ambushed ...': a label opening the sentence is no place."""
    return any(w.text == ":" for w in s.words[k + 1 : min(len(s.words), 4)]) and k < LABEL_WORDS


LABEL_WORDS = 3


def place_mention(s: Sent, k: int) -> Mention | None:
    """The place mention at word ``k`` (a shared actor/place alias counts after a locative
    preposition or as the object of a territorial verb only; one shared with a source, such
    as *Al Mayadeen*, not where it speaks)."""
    m = s.words[k].mention
    if m is None or m.place is None or _in_name(s, k) or _origin(s, k) or _label(s, k):
        return None
    if m.source is not None and _speaks(s, k):
        return None  # 'al-Mayadeen television reported': the channel, not the town
    if m.actor is None:
        return m
    cases = {s.words[d.dep].lemma for d in s.kids(k, "case")}
    return m if cases & LOCATIVE_CASES - {"by", "against", "of", "with"} else None


SPEAKING = frozenset(
    {"say", "report", "tell", "quote", "cite", "broadcast", "air", "add", "give", "accuse",
     "deny", "condemn", "blame", "warn", "respond", "reject", "claim", "announce", "insist",
     "call", "state", "confirm"}
)  # fmt: skip


def _speaks(s: Sent, k: int) -> bool:
    """Word ``k`` names (or modifies) the subject of a verb of speaking: a name shared by a
    source and a place is the source there (*al-Mayadeen television reported*, *Damascus
    gave another account*)."""
    heads = [k, *(d.gov for d in s.govs(k, "compound", "nmod:poss", "amod") if d.gov >= 0)]
    return any(s.words[d.gov].lemma in SPEAKING for h in heads for d in s.govs(h, "nsubj"))


def _locator(s: Sent, k: int) -> bool:
    """'east of P', 'P, 20 km from Q', 'along the border of P', 'an airbase near P': P only
    situates."""
    for d in s.govs(k, "nmod:near"):
        if d.gov >= 0 and s.words[d.gov].lemma in TERRITORY and s.words[d.gov].mention is None:
            return True
    lo = max(0, k - 4)
    before = [w.lower for w in s.words[lo:k]]
    if "along" in before[-3:]:
        return True
    for j, w in enumerate(before):
        if w in LOCATORS and j + 1 < len(before) and before[j + 1] in ("of", "from"):
            return True
    return False


def unknown_name(s: Sent, k: int, forced: bool = False) -> tuple[int, int] | None:
    """Word span of an unknown place name headed at ``k`` in a place position (or anywhere
    when ``forced``: the object of a capture), or None."""
    w = s.words[k]
    if w.mention is not None or not _namey(w.text):
        return None
    if w.lower.rstrip(".") in NOT_PLACE_WORDS or w.lower in LOCATORS:
        return None
    if any(d.rel == "compound" and _namey(s.words[d.gov].text) for d in s.govs(k)):
        return None  # only the head of a name ('Tal Abyad': Abyad) starts one
    positional = forced and (w.pos.startswith("NNP") or w.lower in GEO_HEADS)  # 'Tishrin Dam'
    for d in s.govs(k):
        gov = s.words[d.gov] if d.gov >= 0 else None
        case = d.rel.split(":", 1)[1] if ":" in d.rel else ""
        if d.rel.startswith("obl:on"):
            continue  # 'on Aug. 16'; 'an attack on P' is nmod:on
        if d.rel == "nmod:from" and gov is not None and gov.lemma in PEOPLE:
            continue  # 'jets from the United Arab Emirates': where they come from
        if d.rel.startswith(("obl:", "nmod:")) and case in LOCATIVE_CASES - {"by", "with"}:
            if case != "of" or (gov is not None and gov.lemma in TERRITORY):
                positional = True
        elif d.rel in ("compound", "nmod:poss") and gov is not None and gov.lemma in TERRITORY:
            positional = True
    if not positional:
        return None
    lo = hi = k
    for d in s.kids(k, *NAME_RELS):
        if d.dep < k and (_namey(s.words[d.dep].text) or s.words[d.dep].lower in PLACE_PARTS):
            lo = min(lo, d.dep)
    while lo > 0 and s.words[lo - 1].lower in PLACE_PARTS and lo - 1 > 0:
        if _namey(s.words[lo - 2].text) or s.words[lo - 2].lower in ("al", "el"):
            lo -= 2 if s.words[lo - 1].lower == "-" else 1
        else:
            break
    if lo > 0 and s.words[lo - 1].lower in NAME_OPENERS and _namey(s.words[lo - 1].text):
        lo -= 1  # 'the village of Umm Batinah', with 'Umm' parsed apart
    if any(s.words[j].mention is not None for j in range(lo, hi + 1)):
        return None
    return lo, hi


def _namey(text: str) -> bool:
    core = text.lstrip("'’")
    return bool(core) and core[:1].isupper() and any(c.isalpha() for c in core)


def select(
    s: Sent, words: Iterable[int], book: PlaceBook, forced: frozenset[int] = frozenset()
) -> Places:
    """Places named by ``words`` of sentence ``s`` (see the module docstring); capitalised
    names among ``forced`` words are places wherever they stand."""
    idx = sorted(set(words))
    ids: list[str] = []
    written: list[str] = []
    anchors: list[str] = []
    written_anchors: list[str] = []
    seen_mentions: set[int] = set()
    for k in idx:
        m = place_mention(s, k)
        if m is not None and k + 1 < len(s.words) and s.words[k + 1].lower in GEO_HEADS:
            lo = k
            if k >= 2 and s.words[k - 1].text == "-" and _namey(s.words[k - 2].text):
                lo = k - 2  # 'the Palmyra-Deir Ezzor highway': a road named by its two ends
            name = s.text[s.words[lo].start - s.start : s.words[k + 1].end - s.start]
            if name not in written:  # 'the Yarmouk basin' is not the Yarmouk camp
                written.append(name)
            continue
        if m is not None:
            if id(m) in seen_mentions:
                continue
            if _locator(s, k):
                if m.place and m.place not in anchors:
                    anchors.append(m.place)  # kept only when nothing else is named
                continue
            seen_mentions.add(id(m))
            if m.place and m.place not in ids:
                ids.append(m.place)
            continue
        span = unknown_name(s, k, k in forced)
        if span is not None:
            lo, hi = span
            name = s.text[s.words[lo].start - s.start : s.words[hi].end - s.start]
            kept = written_anchors if _locator(s, lo) else written
            if name not in kept:
                kept.append(name)
    if not ids and not written:
        ids = anchors  # 'three villages south of Manbij': Manbij is all that is named
        if not ids:
            written = written_anchors  # the same with a name the gazetteer lacks
    ids = prune_containers(ids, book.parents)
    if written or any(p not in book.coarse for p in ids):
        ids = [p for p in ids if p not in book.coarse]  # 'Qamishli in northeastern Syria'
    return Places(ids, written)


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
