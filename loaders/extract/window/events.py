"""Event claims of one sentence: trigger -> filters -> roles, places, casualties, date.

A trigger opens a segment that runs to the next trigger of the sentence; places and
casualties are read in that segment, the attacker may come from anywhere earlier in the
sentence (a subject stated in an earlier clause). Triggers in a non-factual context (modal,
negated, intended, habitual, anaphoric "these attacks") are dropped, as are events that end
up with no actor and no place.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.claims import Casualties, EventClaim
from loaders.extract import casualties as cas
from loaders.extract import dates
from loaders.extract.sentences import Mention, Sentence
from loaders.extract.window import places
from loaders.extract.window.lexicon import (
    CLAUSE_BREAKS,
    FACTUAL_TO,
    FUTURE,
    HABITUAL,
    MODAL_AFTER,
    MODAL_BEFORE,
    TERRITORY,
    Trigger,
    find_triggers,
)
from loaders.extract.window.roles import actor_mentions, assign

MODAL_WINDOW = 8
CAPABLE = ("able", "capable")
PAST_AUX = frozenset({"was", "were", "been"})
OUTCOME_LINK = frozenset({"ended", "ending", "culminated", "resulted", "led"})
EXEMPLAR = ("of which was", "of which were", "of them was")
NOT_VIOLENT_BEFORE = frozenset({"on", "general", "hunger", "heart", "panic", "cyber", "asthma"})
AIRCRAFT = frozenset(
    {"warplanes", "warplane", "jets", "aircraft", "planes", "helicopters", "bombers", "air"}
)
DRONES = frozenset({"drone", "drones", "uav", "uavs"})


@dataclass(frozen=True)
class Context:
    """Per-document facts the sentence rules need."""

    text: str
    topic: str | None
    pub: dates.Publication | None
    parents: dict[str, str | None]
    previous_actor: str | None = None
    """Last actor of the previous sentence, for 'them'/'they' at the start of a sentence."""
    previous_places: tuple[str, ...] = ()
    """Places of the previous sentence, for 'the area', 'the region', 'there'."""
    coarse: frozenset[str] = frozenset()
    """Countries and their cardinal parts: too coarse for a territorial change."""


def non_factual(s: Sentence, trig: Trigger) -> bool:
    """Modal, negated, intended, habitual or anaphoric context around the trigger."""
    lowers = [t.lower for t in s.toks]
    k = trig.i - 1
    while k >= 0 and trig.i - k <= MODAL_WINDOW and lowers[k] not in CLAUSE_BREAKS:
        w = lowers[k]
        if w in MODAL_BEFORE:
            return True
        if w in CAPABLE and not set(lowers[max(0, k - 2) : k]) & PAST_AUX:
            return True
        if w == "to" and trig.i - k <= 3 and not set(lowers[max(0, k - 3) : k]) & FACTUAL_TO:
            return True
        k -= 1
    after = []
    for w in lowers[trig.j : trig.j + MODAL_WINDOW]:
        if w in CLAUSE_BREAKS:
            break
        after.append(w)
    if set(after) & MODAL_AFTER:  # 'the offensive ... is being prepared'
        return True
    clause = _clause_text(s, trig)
    return bool(HABITUAL.search(clause) or FUTURE.search(clause))


def _clause_text(s: Sentence, trig: Trigger) -> str:
    i, j = trig.i, trig.j
    while i > 0 and s.toks[i - 1].lower not in CLAUSE_BREAKS:
        i -= 1
    while j < len(s.toks) and s.toks[j].lower not in CLAUSE_BREAKS:
        j += 1
    return " ".join(t.lower for t in s.toks[i:j])


def _coordinated_with(s: Sentence, prev: Trigger | None, trig: Trigger) -> bool:
    """'counter-attacks and sporadic bombings': the second shares the first's modality."""
    if prev is None or trig.i - prev.j > 7:
        return False
    between = {t.lower for t in s.toks[prev.j : trig.i]}
    return bool(between & {"and", "or", ","}) and not between & {
        "by",
        "which",
        "that",
        "except",
        "but",
        "apart",
        "besides",
    }


MERGE_GAP = frozenset({"and", ",", "or", "surprising", "sporadic", "successive", "new", "fresh"})


def merge_coordinated(s: Sentence, triggers: list[Trigger]) -> list[Trigger]:
    """One event for 'attacks targeted', 'infiltrations and surprising attacks' (same type)."""
    out: list[Trigger] = []
    for t in triggers:
        if out and out[-1].event_type == t.event_type:
            gap = [x.lower for x in s.toks[out[-1].j : t.i]]
            if len(gap) <= 3 and all(w in MERGE_GAP for w in gap):
                prev = out[-1]
                out[-1] = Trigger(
                    prev.i, t.j, prev.event_type, prev.of_role, prev.word, prev.subject_role
                )
                continue
        out.append(t)
    return out


CLAUSE_OPENERS = frozenset(
    {
        "where", "which", "who", "whom", "whose", "while", "whereas", "but", "although",
        "though", "amid", "when", "after", "following", "before", "since", "despite", "as",
        "so", "according", "because", "if", "unless", "then", "thus", "that", "said", "he",
        "she", "they", "it", "we",
    }
)  # fmt: skip


def _subject_follows(s: Sentence, k: int) -> bool:
    """A new clause after a comma usually starts with its subject: an actor."""
    return any(m.actor and k <= m.i <= k + 1 for m in s.mentions)


def scope_end(s: Sentence, trig: Trigger, limit: int) -> int:
    """End of the trigger's clause: a comma opening a new clause (a relative, a conjunction,
    a participle such as 'killing ...') ends it; appositions and place adjuncts do not."""
    k = trig.j
    while k < limit:
        w = s.toks[k].lower
        if w in (";", ":"):
            return k
        if w == "," and k + 1 < limit:
            nxt = s.toks[k + 1].lower
            if nxt in CLAUSE_OPENERS or nxt.endswith("ing") or _subject_follows(s, k + 1):
                return k
        k += 1
    return limit


def clause_start(s: Sentence, k: int) -> int:
    """First token of the clause holding token ``k`` (after the last comma or semicolon)."""
    while k > 0 and s.toks[k - 1].lower not in (",", ";", ":", "–", "—"):
        k -= 1
    return k


def _retype(s: Sentence, trig: Trigger, triggers: list[Trigger]) -> str | None:
    """Adjust the type from context; None drops the trigger."""
    lowers = [t.lower for t in s.toks]
    etype = trig.event_type
    before = " ".join(lowers[max(0, trig.i - 4) : trig.i])
    if trig.i > 0 and lowers[trig.i - 1] in NOT_VIOLENT_BEFORE:
        return None  # 'went on strike', 'a heart attack'
    if etype == "killing" and any(before.endswith(e) or f"{e} the" in before for e in EXEMPLAR):
        return "attack"
    if etype == "attack":
        # The weapon decides: 'warplanes pounded', 'coalition aircraft carried out strikes'.
        weapon = set(lowers[max(0, trig.i - 5) : trig.i])
        if weapon & DRONES:
            return "drone_strike"
        if weapon & AIRCRAFT:
            return "air_strike"
    if etype == "abduction":
        # 'captured an Iranian fighter' vs 'captured the town / the IS stronghold of Baghouz'
        nxt = [m for m in s.mentions if trig.j <= m.i <= trig.j + 4]
        if (nxt and nxt[0].place and not nxt[0].actor) or TERRITORY & set(
            lowers[trig.j : trig.j + 5]
        ):
            return "capture_of_territory"
    if etype in ("armed_clash", "attack"):
        later = [t for t in triggers if t.i > trig.i and t.event_type == "capture_of_territory"]
        window = lowers[trig.j : later[0].i] if later else []
        if later and len(window) <= 6 and OUTCOME_LINK & set(window):
            return None
    return etype


def _segment(triggers: list[Trigger], n: int, toks_len: int) -> tuple[int, int]:
    start = triggers[n - 1].j if n > 0 else 0
    end = triggers[n + 1].i if n + 1 < len(triggers) else toks_len
    return start, end


def _casualties(s: Sentence, trig: Trigger, i0: int, i1: int, ctx: Context) -> list[Casualties]:
    found = [f.casualties for f in cas.figures(s.toks, s.mentions) if i0 <= f.i < i1]
    for k, c in enumerate(found):
        if c.group is None:
            found[k] = _resolve_group(s, c, found[:k], ctx)
    if not found and trig.event_type in ("killing", "arrest", "abduction"):
        group = cas.plural_group(s.mentions, s.toks, trig.j)
        if group is not None:
            kind = "captured" if trig.event_type in ("arrest", "abduction") else "killed"
            found.append(group.model_copy(update={"kind": kind}))
    return found


def _resolve_group(
    s: Sentence, c: Casualties, earlier: list[Casualties], ctx: Context
) -> Casualties:
    """'including 17 members' inherits the group of the figure it details; 'them' the last actor."""
    if earlier and earlier[-1].group:
        return c.model_copy(update={"group": earlier[-1].group})
    if " them " in f" {s.text.lower()} " and ctx.previous_actor:
        return c.model_copy(update={"group": ctx.previous_actor})
    return c


ANAPHORIC_PLACES = (
    " the area", " the region", " there", " the city", " the town", " the village", " them ",
)  # fmt: skip
FORCE_WORDS = frozenset(
    {"militants", "fighters", "forces", "troops", "jets", "warplanes", "aircraft", "drones"}
)


def _kept(s: Sentence, trig: Trigger, later: list[Trigger]) -> bool:
    """'X killed N' is an event only with an actor as subject ('members killed' is a figure)
    and only when no attack noun follows ('killed N in a counter-attack' is that attack)."""
    if trig.word not in ("killed", "kills"):
        return True
    ends = {m.j for m in s.mentions if m.actor}
    k = trig.i
    while k not in ends and k > 0 and s.toks[k - 1].lower in FORCE_WORDS:
        k -= 1  # 'Islamic State militants killed'
    if k not in ends:
        return False
    for t in later:
        if {"in", "during"} & {x.lower for x in s.toks[max(trig.j, t.i - 5) : t.i]}:
            return False
    return True


def sentence_events(
    s: Sentence, ctx: Context, source: str, aims: list[EventClaim] | None = None
) -> list[EventClaim]:
    """Event claims of one sentence, attributed to ``source``.

    Non-factual mentions are no claims, but when they say whom an actor aims at ('ISIS
    concentrates its attacks on the regime forces') they are appended to ``aims``: the
    discourse stage may use them to complete the targets of that actor's later attacks."""
    found = merge_coordinated(s, find_triggers(s.toks))
    triggers = [t for n, t in enumerate(found) if _kept(s, t, found[n + 1 :])]
    out: list[EventClaim] = []
    dropped: Trigger | None = None
    for n, trig in enumerate(triggers):
        if non_factual(s, trig) or (dropped and _coordinated_with(s, dropped, trig)):
            dropped = trig
            aim = _claim(s, ctx, source, triggers, n, trig.event_type, [])
            if aims is not None and aim is not None and aim.attackers and aim.targets:
                aims.append(aim)
            continue
        etype = _retype(s, trig, triggers)
        if etype is None:
            continue
        claim = _claim(s, ctx, source, triggers, n, etype, out[-1].attackers if out else [])
        if claim is not None:
            out.append(claim)
    return out


def _claim(
    s: Sentence,
    ctx: Context,
    source: str,
    triggers: list[Trigger],
    n: int,
    etype: str,
    earlier: list[str],
) -> EventClaim | None:
    """The claim of trigger ``n``; ``earlier`` is the attacker of the sentence's previous
    event, the subject carried into a clause that names none ('..., followed by attacks')."""
    trig = triggers[n]
    seg0, seg1 = _segment(triggers, n, len(s.toks))
    i0 = max(seg0, clause_start(s, trig.i))
    i1 = scope_end(s, trig, seg1)
    roles = assign(s, trig, i1, ctx.topic)
    if not roles.attackers and earlier and trig.subject_role == "agent":
        roles.attackers = [a for a in earlier if a not in roles.targets]
        roles.how.append("earlier-subject")
    where = _event_places(s, ctx, seg0, i0, i1)
    if etype == "capture_of_territory" and (
        not (roles.attackers or roles.targets) or not set(where) - ctx.coarse
    ):
        return None
    found = _casualties(s, trig, seg0, seg1, ctx)
    targets = (
        roles.targets or [c.group for c in found if c.group and c.group not in roles.attackers][:1]
    )
    if not (roles.attackers or targets or where):
        return None
    # A time stated earlier in the sentence carries forward to the events after it.
    date = dates.resolve(ctx.text[s.start : s.toks[i1 - 1].end], ctx.pub)
    quote_start, quote_end = s.toks[i0].start, s.toks[i1 - 1].end
    how = "+".join(roles.how) or "no-roles"
    if date is None:
        how += "+undated"  # as the parse path marks it (merging and scoring read the mark)
    return EventClaim(
        quote=ctx.text[quote_start:quote_end],
        start=quote_start,
        end=quote_end,
        date=date or dates.default_span(s.text, ctx.pub),
        according_to=source,
        rule=f"trigger:{trig.word}/{etype}|roles:{how}",
        confidence=_confidence(roles.attackers, targets, where, how),
        event_type=etype,
        attackers=roles.attackers,
        targets=targets,
        places=where,
        casualties=found,
    )


def _event_places(s: Sentence, ctx: Context, seg0: int, i0: int, i1: int) -> list[str]:
    """Places of the trigger's clause [i0, i1), else of the clause before it (across a comma
    only: 'X, which holds out in P, is fighting'), else the previous sentence's places when
    the clause refers back to them ('the area', 'there')."""
    where = places.select(s, i0, i1, ctx.parents)
    if not where and i0 > seg0 and s.toks[i0 - 1].lower == ",":
        where = places.select(s, max(seg0, clause_start(s, i0 - 1)), i1, ctx.parents)
    text = ctx.text[s.toks[i0].start : s.toks[i1 - 1].end].lower()
    if not where and any(a in f" {text} " for a in ANAPHORIC_PLACES):
        where = list(ctx.previous_places)
    return where


def _confidence(attackers: list[str], targets: list[str], where: list[str], how: str) -> float:
    score = 0.4 + 0.2 * bool(attackers) + 0.2 * bool(targets) + 0.1 * bool(where)
    if "pronoun-topic" in how:
        score -= 0.1
    return round(min(score, 0.95), 2)


def last_actor(s: Sentence) -> str | None:
    actors: list[Mention] = actor_mentions(s)
    return actors[-1].actor if actors else None
