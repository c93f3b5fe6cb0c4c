"""Territorial control statements: who holds which places.

Two general shapes: an active clause ("X controls / retains / maintains / holds / is in
control of / is left with P") whose controller is the clause subject, and a passive or
prepositional phrase ("P controlled by X", "P under the control of X", "P in the hands of X",
"P under X") whose controller follows the cue. A following sentence that only continues the
list ("It is located between A, B and C") adds its places. Negated ("no longer controls"),
intended ("to control", "aimed at controlling") and modal statements are not claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.claims import ControlClaim, DateSpan
from loaders.extract.sentences import Sentence
from loaders.extract.window import places
from loaders.extract.window.events import Context, non_factual
from loaders.extract.window.lexicon import OBJECT_PREPS, PRONOUNS, TERRITORY, Trigger, find_triggers
from loaders.extract.window.roles import actor_mentions

VERBS = frozenset(
    {
        "controls", "controlled", "control", "controlling", "maintains", "maintained",
        "retains", "retained", "holds", "held", "holding", "left",
    }
)  # fmt: skip
INTENT_BEFORE = frozenset(
    {
        "to",
        "at",
        "for",
        "of",
        "managed",
        "avoids",
        "avoid",
        "longer",
        "lost",
        "lose",
        "loses",
        "regain",
        "regained",
        "retake",
        "retook",
        "seize",
        "seized",
        "take",
        "took",
        "gain",
        "gained",
    }
)
CONTINUATION_STARTS = frozenset({"it", "they", "the", "these", "those", "all", "which"})


@dataclass(frozen=True)
class Found:
    controller: str
    places: list[str]
    i0: int
    i1: int
    how: str


def _controller_after(s: Sentence, k: int) -> str | None:
    """'controlled by X', 'under the control of X', 'in the hands of X', 'under X'."""
    for m in actor_mentions(s):
        if k < m.i <= k + 4:
            return m.actor
    return None


def _subject(s: Sentence, k: int, topic: str | None) -> str | None:
    lowers = [t.lower for t in s.toks]
    for m in reversed(actor_mentions(s)):
        if m.j <= k and (m.i == 0 or lowers[m.i - 1] not in OBJECT_PREPS):
            return m.actor
    if any(w in PRONOUNS for w in lowers[:k]) and topic:
        return topic
    return None


STOPS = frozenset({",", ";", ":"})
COORDINATORS = frozenset({"and", "as", "or", "but", "while"})
LIST_CONTINUATIONS = frozenset({"within", "including", "namely", "such", "in", "between"})
HOLD_VERBS = frozenset(
    {"maintains", "maintained", "retains", "retained", "holds", "held", "holding"}
)


def _clause_start(s: Sentence, k: int) -> int:
    """Start of the phrase before a cue: back to a comma, at most ten tokens."""
    start = k
    while start > 0 and k - start < 10 and s.toks[start - 1].lower not in STOPS:
        start -= 1
    return start


def _clause_end(s: Sentence, k: int) -> int:
    """End of the clause from ``k``; ', within the towns of ...' and lists continue it."""
    n = len(s.toks)
    place_starts = {m.i for m in s.mentions if m.place}
    while k < n:
        w = s.toks[k].lower
        if w in STOPS and not (
            w == ","
            and k + 1 < n
            and (s.toks[k + 1].lower in LIST_CONTINUATIONS or k + 1 in place_starts)
        ):
            return k
        k += 1
    return k


def _find(s: Sentence, ctx: Context) -> Found | None:
    lowers = [t.lower for t in s.toks]
    n = len(lowers)
    for k, w in enumerate(lowers):
        nxt = lowers[k + 1] if k + 1 < n else ""
        if w == "control" and nxt == "of" and not (k > 1 and lowers[k - 2] == "under"):
            owner = _controller_after(s, k + 1)
            here = places.select(s, k + 2, _clause_end(s, k + 2), ctx.parents)
            if owner is not None and here:
                return Found(owner, here, max(0, k - 1), _clause_end(s, k + 2), "noun")
        cue = (
            (w == "controlled" and nxt == "by")
            or (w == "control" and nxt == "of" and k > 1 and lowers[k - 2] == "under")
            or (w == "hands" and nxt == "of")
            or (
                w == "under"
                and _controller_after(s, k) is not None
                and "control" not in lowers[k + 1 : k + 3]
            )
        )
        if cue:
            ctl = _controller_after(s, k + 1 if w != "under" else k)
            if ctl is not None:
                start = _clause_start(s, k)
                here = places.select(s, start, k, ctx.parents)
                # 'the T2 station, controlled by X', 'A, one of the villages held by X'
                if not here and start > 0 and s.toks[start].lower not in COORDINATORS:
                    start = _clause_start(s, start - 1)
                    here = places.select(s, start, k, ctx.parents)
                if not here:
                    here = places.select(s, k + 1, _clause_end(s, k + 1), ctx.parents)
                if here:
                    return Found(ctl, here, start, min(n, k + 8), "passive")
            if not (w == "control" and nxt == "of"):
                continue
        if w not in VERBS or (w == "left" and nxt != "with"):
            continue
        if k > 0 and (lowers[k - 1] in INTENT_BEFORE or lowers[k - 1] == "-"):
            continue
        if non_factual(s, Trigger(k, k + 1, "control_statement", "agent", w)):
            continue
        if w in HOLD_VERBS and not _territorial_object(s, k):
            continue  # 'retains its influence', 'held talks'

        ctl = _subject(s, k, ctx.topic)
        if ctl is not None:
            return Found(ctl, places.select(s, k + 1, n, ctx.parents), 0, n, "active")
    return None


def _territorial_object(s: Sentence, k: int) -> bool:
    """What is held is land: a place, or a word such as 'towns', 'pockets', 'areas'."""
    window = s.toks[k + 1 : k + 6]
    if TERRITORY & {t.lower for t in window}:
        return True
    return any(m.place and k < m.i <= k + 5 for m in s.mentions)


def _continues(s: Sentence) -> bool:
    return (
        s.toks[0].lower in CONTINUATION_STARTS
        and not actor_mentions(s)
        and not find_triggers(s.toks)
        and not any(t.lower in VERBS for t in s.toks)
    )


def control_claims(
    sentences: list[Sentence], ctx: Context, sources: list[str]
) -> list[ControlClaim]:
    """Control claims of a document's sentences (``sources[i]`` attributes sentence i)."""
    out: list[ControlClaim] = []
    for idx, s in enumerate(sentences):
        found = _find(s, ctx)
        if found is None:
            continue
        where, end_tok, last = list(found.places), s.toks[found.i1 - 1], s
        nxt = sentences[idx + 1] if idx + 1 < len(sentences) else None
        if found.how == "active" and nxt is not None and nxt.para == s.para and _continues(nxt):
            where += [
                p for p in places.select(nxt, 0, len(nxt.toks), ctx.parents) if p not in where
            ]
            end_tok, last = nxt.toks[-1], nxt
        if found.how == "active" and not where:
            where = places.select(s, 0, len(s.toks), ctx.parents)
        where = places.prune_containers(where, ctx.parents)
        if not where or last is None:
            continue
        start = s.toks[found.i0].start
        out.append(
            ControlClaim(
                quote=ctx.text[start : end_tok.end],
                start=start,
                end=end_tok.end,
                date=_present(ctx),
                according_to=sources[idx],
                rule=f"control:{found.how}",
                confidence=0.8 if found.how == "passive" else 0.7,
                controller=found.controller,
                places=where,
            )
        )
    return out


def _present(ctx: Context) -> DateSpan:
    """Control stated in the present holds at publication."""
    if ctx.pub is None:
        return DateSpan()
    return DateSpan(end=ctx.pub.ref, precision=ctx.pub.precision)
