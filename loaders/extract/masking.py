"""Parser input: known names become single tokens, with a map back to the original offsets.

Before parsing, each actor, place or source mention found by the gazetteer is replaced by one
CamelCase word built from the entity's reference name ("the Islamic State" and "IS" ->
``IslamicState``, "Syrian Democratic Forces" -> ``SyrianDemocraticForces``, "Deir ez-Zor" ->
``DeirEzZor``). So an all-capitals acronym is never read as a verb ("IS" as *is*), a
multi-word name is one proper noun, and a transliteration the tagger has never seen is still
a name. A one-word mention written in lower case ("civilians") or as an ordinary capitalised
word ("Raqqa") is sent as written: it already parses as what it is. (CamelCase rather than
``Islamic_State``: measured, the underscore forms are tagged NN at a sentence start, the
CamelCase ones NNP.)

One sentence goes per line (the parser is asked to split only at line ends). ``Masked`` keeps,
for every line, the pieces of text it is made of, so that any offset of the parser's answer
maps back to the exact character offsets of the original document: a mask maps to the whole
mention, any other character to itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from loaders.extract.sentences import Mention

_WORD = re.compile(r"[^\W_]+")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def mask_word(name: str) -> str:
    """'Syrian Democratic Forces' -> 'SyrianDemocraticForces' (letters and digits only)."""
    parts = _WORD.findall(name)
    word = "".join(p[:1].upper() + p[1:] for p in parts)
    return word or "Name"


def needs_mask(m: Mention, surface: str) -> bool:
    """Multi-word names, all-capitals acronyms and anything not a plain word are masked."""
    return (m.j - m.i) > 1 or bool(_ACRONYM.match(surface)) or not surface.isalpha()


@dataclass(frozen=True, slots=True)
class Piece:
    masked: int
    """Start of the piece in the masked line."""
    orig: int
    """Start of the piece in the original document."""
    length: int
    """Length in the masked line."""
    orig_length: int
    mention: Mention | None
    """The mention a mask stands for (None for text copied as is)."""


@dataclass
class Line:
    """One masked sentence: its text and the pieces it is made of."""

    text: str
    pieces: list[Piece]
    starts: list[int]

    def to_orig(self, offset: int, end: bool = False) -> int:
        """Document offset of a masked-line offset (a mask maps to its whole mention)."""
        k = max(0, bisect_right(self.starts, offset - (1 if end else 0)) - 1)
        p = self.pieces[k]
        if p.mention is not None:
            return p.orig + p.orig_length if end else p.orig
        return p.orig + min(max(offset - p.masked, 0), p.orig_length)

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention whose mask covers masked span [start, end), if any."""
        k = max(0, bisect_right(self.starts, start) - 1)
        p = self.pieces[k]
        if p.mention is not None and start < p.masked + p.length:
            return p.mention
        return None


def mask_sentence(
    text: str, start: int, end: int, mentions: Sequence[Mention], name_of: Callable[[Mention], str]
) -> Line:
    """The masked line of document span [start, end): line breaks and tabs become spaces."""
    pieces: list[Piece] = []
    out: list[str] = []
    pos, cursor = start, 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < pos or m.end > end:
            continue
        surface = text[m.start : m.end]
        if not needs_mask(m, surface):
            continue
        if m.start > pos:
            chunk = _clean(text[pos : m.start])
            pieces.append(Piece(cursor, pos, len(chunk), len(chunk), None))
            out.append(chunk)
            cursor += len(chunk)
        word = mask_word(name_of(m))
        pieces.append(Piece(cursor, m.start, len(word), m.end - m.start, m))
        out.append(word)
        cursor += len(word)
        pos = m.end
    if pos < end or not pieces:
        chunk = _clean(text[pos:end])
        pieces.append(Piece(cursor, pos, len(chunk), len(chunk), None))
        out.append(chunk)
    return Line("".join(out), pieces, [p.masked for p in pieces])


def _clean(chunk: str) -> str:
    return chunk.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def request_text(lines: Sequence[Line]) -> tuple[str, list[int]]:
    """The text sent to the parser (one line per sentence) and each line's start offset."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line.text) + 1
    return "\n".join(line.text for line in lines), starts
