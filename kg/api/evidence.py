"""Evidence in context: the sentence around a claim's quote, and the stance of its source.

A claim stores the offsets of its quote in the document's text. To show the quote in context
a frontend needs the sentence it stands in, and where the quote lies in that sentence. The
sentence is cut from a window of the text around the quote (``batch_queries.claim_context``)
at the nearest sentence ends: ., ! or ? followed by white space, or a blank line.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

import strawberry

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")


@strawberry.enum(description="On whose side the claim's source stands in the claim's event.")
class Stance(Enum):
    ATTACKER_SIDE = "ATTACKER_SIDE"
    TARGET_SIDE = "TARGET_SIDE"
    PARTICIPANT_SIDE = "PARTICIPANT_SIDE"
    THIRD_PARTY = "THIRD_PARTY"
    UNKNOWN = "UNKNOWN"


@strawberry.type(description="The sentence a quote stands in, with the quote's place in it.")
class ClaimContext:
    sentence: str
    quote_start: int = strawberry.field(description="Offset of the quote in the sentence.")
    quote_end: int
    start_offset: int = strawberry.field(description="Offset of the sentence in the text.")
    end_offset: int


def sentence_around(row: dict[str, Any]) -> ClaimContext | None:
    """The sentence containing the quote of a ``claim_context`` row; None when the text at
    the claim's offsets is not its quote (a document re-read since, or no offsets)."""
    window: str = row["window"]
    base, start, end = int(row["from"]), int(row["start"]), int(row["end"])
    q0, q1 = start - base, end - base
    if window[q0:q1] != row["quote"]:
        return None
    s0 = 0
    for m in _SENTENCE_END.finditer(window, 0, q0):
        s0 = m.end()
    found = _SENTENCE_END.search(window, max(q1 - 1, q0))
    s1 = found.start() + 1 if found and not found.group().startswith("\n") else len(window)
    if found and found.group().startswith("\n"):
        s1 = found.start()
    sentence = window[s0:s1]
    lead = len(sentence) - len(sentence.lstrip())
    sentence = sentence.strip()
    return ClaimContext(
        sentence=sentence,
        quote_start=q0 - s0 - lead,
        quote_end=q1 - s0 - lead,
        start_offset=base + s0 + lead,
        end_offset=base + s0 + lead + len(sentence),
    )
