"""Who says so: the source a sentence attributes its statement to.

Forms: "according to X", "X told AFP" (the speaker X), anonymous "sources confirmed to X"
(the recipient X), "X said / pointed out / documented / added", "said X", "our correspondent"
(the publisher), and a pronoun speaker ("he said") carried from the previous attribution.
When nothing is said, the document default applies: an agency the lead says it relays
("This was reported by AFP") or else the publisher.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.extract.gazetteer import Mention
from loaders.extract.sentences import Sentence

SPEECH_VERBS = frozenset(
    {
        "said", "says", "told", "tells", "stated", "states", "added", "adds", "noted",
        "notes", "pointed", "points", "documented", "documents", "monitored", "reported",
        "reports", "confirmed", "confirms", "announced", "announces", "claimed", "claims",
        "explained", "explains", "stressed", "declared", "indicated", "revealed", "warned",
    }
)  # fmt: skip
RECIPIENT_VERBS = frozenset({"told", "tells", "confirmed", "confirms", "reported", "said"})
OWN_STAFF = (("our", "correspondent"), ("our", "reporter"), ("our", "correspondents"))
SPEAKER_PRONOUNS = frozenset({"he", "she", "they"})


@dataclass(frozen=True)
class Sources:
    """What attribution needs to know about the sources of the reference data."""

    anonymous: frozenset[str]
    """Source ids that name no one ('reliable sources', 'other reports')."""
    agencies: frozenset[str]


def _source_mentions(s: Sentence) -> list[Mention]:
    return [m for m in s.mentions if m.source]


def _after(s: Sentence, k: int, within: int = 3) -> Mention | None:
    for m in _source_mentions(s):
        if k <= m.i <= k + within:
            return m
    return None


def _before(s: Sentence, k: int, within: int = 4) -> Mention | None:
    best = None
    for m in _source_mentions(s):
        if k - within <= m.j <= k:
            best = m
    return best


def attribute(s: Sentence, src: Sources, publisher: str, previous: str | None) -> str | None:
    """The source id a sentence names for its content, or None when it names none."""
    lowers = [t.lower for t in s.toks]
    for k in range(len(lowers) - 1):
        if (lowers[k], lowers[k + 1]) in OWN_STAFF:
            return publisher
        if lowers[k] == "according" and lowers[k + 1] == "to":
            m = _after(s, k + 2)
            if m is not None and m.source not in src.anonymous:
                return m.source
    for k, w in enumerate(lowers):
        if w not in SPEECH_VERBS:
            continue
        speaker = _before(s, k)
        if speaker is None and k + 1 < len(lowers) and lowers[k + 1] not in ("to", "that"):
            speaker = _after(s, k + 1, within=1)
        recipient = _after(s, k + 1, within=2) if w in RECIPIENT_VERBS else None
        if recipient is not None and lowers[k + 1] == "to":
            recipient = _after(s, k + 2, within=2)
        if speaker is not None and speaker.source not in src.anonymous:
            return speaker.source
        if recipient is not None and recipient.source not in src.anonymous:
            return recipient.source
        if previous and k > 0 and lowers[k - 1] in SPEAKER_PRONOUNS:
            return previous
    return None


def document_default(lead: list[Sentence], src: Sources, publisher: str) -> str:
    """An agency the first sentences say the article relays, else the publisher."""
    for s in lead:
        lowers = [t.lower for t in s.toks]
        for k, w in enumerate(lowers):
            if w in ("reported", "according", "source", "via") or w == "by" and k:
                m = _after(s, k + 1, within=3)
                if m is not None and m.source in src.agencies:
                    return m.source
    return publisher
