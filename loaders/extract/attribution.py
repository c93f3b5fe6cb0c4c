"""Who says so: the source a sentence attributes its statement to.

Forms: "according to X", "X told AFP" (the speaker X), anonymous "sources confirmed to X"
(the recipient X), "X said / pointed out / documented / added", "said X", "our correspondent"
(the publisher), and a pronoun speaker ("he said") carried from the previous attribution.
When nothing is said, the document default applies: an agency the lead says it relays
("This was reported by AFP") or else the publisher.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.extract.sentences import Mention, Sentence

SPEECH_VERBS = frozenset(
    {
        "said", "says", "told", "tells", "stated", "states", "added", "adds", "noted",
        "notes", "pointed", "points", "documented", "documents", "monitored", "reported",
        "reports", "confirmed", "confirms", "announced", "announces", "claimed", "claims",
        "explained", "explains", "stressed", "indicated", "revealed", "warned",
    }
)  # fmt: skip
RECIPIENT_VERBS = frozenset({"told", "tells", "confirmed", "confirms", "reported", "said"})
OWN_STAFF = (("our", "correspondent"), ("our", "reporter"), ("our", "correspondents"))
SPEAKER_PRONOUNS = frozenset({"he", "she", "they"})
INVERSION = frozenset({",", "”", '"', "’", "'"})


@dataclass(frozen=True)
class Sources:
    """What attribution needs to know about the sources of the reference data."""

    anonymous: frozenset[str]
    """Source ids that name no one ('reliable sources', 'other reports')."""
    agencies: frozenset[str]
    speaks_for: dict[str, str]
    """Actor id -> the source speaking for it ('the SDF said' -> sdf-sources)."""


def _speaker(m: Mention, src: Sources) -> str | None:
    """The source a mention names, or the source speaking for the actor it names."""
    if m.source:
        return m.source
    return src.speaks_for.get(m.actor or "")


def _after(s: Sentence, src: Sources, k: int, within: int = 3) -> str | None:
    """The first speaker named in the ``within`` tokens from ``k``, not past a comma."""
    stop = next(
        (i for i in range(k, min(len(s.toks), k + within + 1)) if s.toks[i].text == ","), None
    )
    for m in s.mentions:
        if k <= m.i <= k + within and (stop is None or m.i < stop) and (found := _speaker(m, src)):
            return found
    return None


def _before(s: Sentence, src: Sources, k: int, within: int = 4) -> str | None:
    best = None
    for m in s.mentions:
        if k - within <= m.j <= k and (found := _speaker(m, src)):
            best = found
    return best


def attribute(s: Sentence, src: Sources, publisher: str, previous: str | None) -> str | None:
    """The source id a sentence names for its content, or None when it names none."""
    lowers = [t.lower for t in s.toks]
    for k in range(len(lowers) - 1):
        if (lowers[k], lowers[k + 1]) in OWN_STAFF:
            return publisher
        if lowers[k] == "according" and lowers[k + 1] == "to":
            found = _after(s, src, k + 2)
            if found is not None and found not in src.anonymous:
                return found
    for k, w in enumerate(lowers):
        if w not in SPEECH_VERBS:
            continue
        speaker = _before(s, src, k)
        if speaker is None and k > 0 and lowers[k - 1] in INVERSION:  # '..., said X.'
            speaker = _after(s, src, k + 1, within=1)
        recipient = None
        if k + 1 < len(lowers) and lowers[k + 1] == "to" and w in RECIPIENT_VERBS:
            recipient = _after(s, src, k + 2, within=2)  # 'confirmed to X'
        elif w in ("told", "tells"):
            recipient = _after(s, src, k + 1, within=2)  # 'told X'
        if speaker is not None and speaker not in src.anonymous:
            return speaker
        if recipient is not None and recipient not in src.anonymous:
            return recipient
        if previous and k > 0 and lowers[k - 1] in SPEAKER_PRONOUNS:
            return previous
    return None


def document_default(lead: list[Sentence], src: Sources, publisher: str) -> str:
    """An agency the first sentences say the article relays, else the publisher."""
    for s in lead:
        lowers = [t.lower for t in s.toks]
        for k, w in enumerate(lowers):
            if w in ("reported", "according", "source", "via") or (w == "by" and k):
                found = _after(s, src, k + 1, within=3)
                if found is not None and found in src.agencies:
                    return found
    return publisher
