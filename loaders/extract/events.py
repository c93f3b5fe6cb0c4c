"""Event mentions of one parsed sentence: trigger -> factuality -> roles -> clause words.

Triggers are verbs and nouns of the lexicon (``lexicon.VERBS``, ``lexicon.NOUNS``) found by
lemma. A noun trigger takes the verb that governs it as its *anchor* when that verb only
carries it: a light verb (*launched an attack*: the subject is the agent), a defence verb
(*repelled an attack*: the subject is the target) or a casualty verb (*the attack killed N*,
*N were killed in an attack*: the killed are the target). A casualty or noun trigger that
hangs off another trigger (*..., killing 34*; *captured P in a surprise attack*) is folded
into it: one event, not two.

Roles come from the enhanced++ dependencies (``roles.Resolver`` turns phrases into actors):
agent = ``nsubj`` or ``obl:agent`` in the passive; target = ``obj``, ``nsubj:pass``,
``obl:against|on``; a capture's loser = ``obl:from``, *lost P* = the subject; *P fell to X*;
clashes are between the subject and ``obl:with|against`` or ``nmod:between``; nominal
triggers read ``compound``/``amod``/``nmod:poss``/``nmod:by`` (agent) and ``nmod:on|against``
(target). A clause without a subject takes the one of the clause it depends on.

Mentions that report no occurrence are dropped: negated, modal or future, conditional,
intended (*plans to attack*, *fears of an attack*, a purpose *to take back P*), habitual
(*frequent attacks*, *continue to wage attacks*) and tallies (*more than 11,000 air strikes*).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field

from loaders.extract.lexicon import (
    ACCUSE_VERBS,
    CASUALTY_VERBS,
    CIVILIAN_NOUNS,
    COMPLETION_VERBS,
    COMPOUND_TYPES,
    CONDITIONAL_MARKS,
    CONTAINER_NOUNS,
    DEFENCE_VERBS,
    DENIAL_VERBS,
    DRIVE_PARTICLES,
    EXTENDED_CONTROL,
    FACTUAL_XCOMP,
    FORCE_NOUNS,
    HABITUAL_ADJECTIVES,
    HABITUAL_ADVERBS,
    INSTRUMENTS,
    INTENT_VERBS,
    LIGHT_VERBS,
    MODALS,
    NEGATIONS,
    NOT_VIOLENT,
    NOUNS,
    NOUNS_NEED_ARGUMENT,
    OPERATION_MODIFIERS,
    PLACE_NOUNS,
    REACTION_NOUNS,
    RESPONSIBILITY_NOUNS,
    RESTORED_ORDER,
    SEARCH_OPERATIONS,
    SOFT_CAPTURE,
    SPEECH_VERBS,
    SUICIDE,
    TAKE_NEEDS,
    TERRITORY,
    UMBRELLA_NOUNS,
    VERBS,
    VerbSense,
)
from loaders.extract.roles import (
    AFFILIATED,
    Resolver,
    companions,
    is_support_word,
    supporters,
)
from loaders.extract.tree import Sent

AIR_CAMPAIGN = frozenset({"air", "aerial", "bombing", "airstrike"})
"""Modifiers that make a campaign or operation one of air strikes."""
TALLY_MIN = 10
TALLY_LARGE = 100
"""A trigger noun counted by at least TALLY_LARGE is a tally (*5,350 shellings*); from
TALLY_MIN on, when a cumulative period is said (*50 attacks since January*, *so far*)."""
CUMULATIVE = frozenset({"since", "far", "total", "date", "overall", "altogether"})
CLAIMS = frozenset({"claim", "admit", "acknowledge"})
AGENT_PARTICIPLES = frozenset(
    {"plant", "fire", "detonate", "drop", "lay", "send", "drive", "place", "set", "use"}
)
"""'a bomb planted by X', 'rockets fired by X': the participle's agent is the event's."""
OWN_ARGUMENTS = ("nmod:of", "nmod:poss", "nmod:by", "nmod:on", "nmod:against", "obl:by")
"""A definite trigger noun with its own arguments ('the siege of X') is no bare reference."""
"""A trigger noun counted by at least this number is a tally (*5,350 shellings*)."""
FOLD_CASES = frozenset(
    {"in", "during", "after", "following", "amid", "with", "through", "by", "agent", "as", "under"}
)
ANAPHORIC_DETS = frozenset({"these", "those", "such", "similar", "other"})
NOT_FACTUAL_NOUNS = frozenset(
    {"fear", "threat", "risk", "possibility", "likelihood", "prospect", "plan", "danger",
     "warning", "preparation", "call", "wake", "aftermath", "anniversary", "rumor", "rumour",
     "report", "claim", "video", "footage", "need", "demand", "failure", "bid", "attempt",
     "chance", "capability", "capacity", "goal", "aim", "intention", "order", "tactic",
     "tactics", "method", "strategy", "policy", "condition", "case", "response", "retaliation",
     "lack", "advantage", "opportunity", "impact"}
)  # fmt: skip
"""Governors of a trigger noun that make it no occurrence (*fears of an attack*). 'report'
and 'claim' are here because the report itself is not the event: the event they report is
read from their own clause."""
HABITUAL_GOVERNORS = frozenset({"continue", "keep", "resort", "tend", "use"})
KILL_LEMMAS = frozenset({"kill", "wound", "injure", "execute", "behead", "massacre", "martyr"})
DEATH_NOUNS = frozenset({"death", "killing", "loss"})
"""Nouns of the dead: *the death of 5 soldiers in an attack*: the dead were its target."""
PEOPLE_COUNTS = frozenset({"member", "members", "fighter", "fighters", "element", "elements"})
"""*5 members of X*: the people counted belong to X."""


def _quantified_people(s: Sent, heads: list[int]) -> list[int]:
    """*N members of X* -> X as well as the counted noun (the noun may name no one)."""
    out = list(heads)
    for h in heads:
        if s.words[h].lower in PEOPLE_COUNTS:
            out += [d.dep for d in s.kids(h, "nmod:of")]
    return out


ATTACK_FAMILY = frozenset(
    {"attack", "air_strike", "drone_strike", "shelling", "bombing", "suicide_attack", "ambush",
     "killing", "armed_clash"}
)  # fmt: skip


@dataclass
class Trig:
    """A trigger word and the verb that carries it."""

    i: int
    etype: str
    noun: bool
    sense: VerbSense | None = None
    anchor: int = -1
    host: str = ""
    """How the anchor carries a noun trigger: light | defence | casualty | under | '' (itself)."""
    folded_into: int | None = None
    """Index of the trigger this one is part of (one event), if any."""

    def __post_init__(self) -> None:
        if self.anchor < 0:
            self.anchor = self.i


@dataclass
class Mentioned:
    """An event as one sentence states it (before document-level merging)."""

    s: Sent
    trig: Trig
    etype: str
    attackers: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    supporters: list[str] = field(default_factory=list)
    words: set[int] = field(default_factory=set)
    """The clause: words whose places, dates and figures belong to this event."""
    arg_words: set[int] = field(default_factory=set)
    how: list[str] = field(default_factory=list)
    place_words: set[int] = field(default_factory=set)
    """Words of place phrases attached to the trigger (objects of captures, 'attack on P')."""
    generic: bool = False
    anaphoric_object: bool = False
    """A capture of 'the base', 'the town': a place named before, likely a told event."""
    definite: bool = False
    """A definite noun trigger (*the attack*) or a role read from a pronoun (*they were
    killed*): likely a repeated mention of an event already reported."""


def _lemma(s: Sent, i: int) -> str:
    return s.words[i].lemma


FIGHTING_COMPOUNDS = frozenset({"position", "unit", "vehicle", "season", "age", "force"})


def _fighting_compound(s: Sent, i: int) -> bool:
    """*fighting* right before the noun it classifies (*fighting positions*), whatever the
    parse made of it."""
    w = s.words[i]
    nxt = s.words[i + 1] if i + 1 < len(s.words) else None
    return w.text.lower() == "fighting" and nxt is not None and nxt.lemma in FIGHTING_COMPOUNDS


def _has_kid(s: Sent, i: int, rels: tuple[str, ...], lemmas: frozenset[str] | set[str]) -> bool:
    return any(_lemma(s, d.dep) in lemmas for d in s.kids(i, *rels))


def _is_place_phrase(s: Sent, i: int) -> bool:
    w = s.words[i]
    m = w.mention
    if m is not None and m.place is not None and m.actor is None:
        return True
    if w.lemma in PLACE_NOUNS:
        return True
    if w.lemma in TERRITORY:
        return True
    return any(
        (s.words[d.dep].mention is not None and s.words[d.dep].mention.place is not None)  # type: ignore[union-attr]
        for d in s.kids(i, "nmod:of", "compound")
    ) and w.pos.startswith("NN")


def _subject_modifier(s: Sent, i: int) -> int | None:
    """The verb whose subject ``i`` was hung on as an ``amod``: in *Turkish shelling hit the
    area* the parser may make *Turkish* the subject and *shelling* its modifier."""
    for d in s.govs(i, "amod"):
        if d.gov > i or d.gov < 0:
            continue
        for e in s.govs(d.gov, "nsubj"):
            if e.gov > i:
                return e.gov
    for d in s.govs(i, "aux:pass", "aux"):
        if d.gov > i and s.words[i].pos == "VBG" and _false_passive(s, d.gov):
            return d.gov  # 'Turkish shelling killed N', with 'shelling' taken for an auxiliary
    return None


def _nominal(s: Sent, i: int) -> bool:
    """A gerund used as a noun: 'Shelling by X struck Y', 'the killing of ...'."""
    if any(True for _ in s.kids(i, "det", "nmod:poss", "amod")):
        return True
    if _subject_modifier(s, i) is not None:
        return True
    return any(
        d.rel in ("nsubj", "nsubj:pass", "obj") or d.rel.startswith(("obl", "nmod"))
        for d in s.govs(i)
    )


def _supporting(s: Sent, i: int) -> bool:
    """'backed by coalition airstrikes': support, not an event of its own."""
    from loaders.extract.roles import is_support_word

    return any(d.gov >= 0 and is_support_word(s, d.gov) for d in s.govs(i))


def _descriptive(s: Sent, i: int) -> bool:
    """'forces battling IS', 'a group fighting the regime': a participle describing a
    noun is no event (unless the noun is itself an event, then it is its argument)."""
    w = s.words[i]
    if w.pos not in ("VBG", "VBN"):
        return False
    if w.pos == "VBG" and w.lemma in CASUALTY_VERBS and i > 0 and s.words[i - 1].text == ",":
        return False  # 'X struck a market in P, killing N': the parser hung it on P
    return any(
        d.gov >= 0 and s.words[d.gov].lemma not in NOUNS and not s.words[d.gov].pos.startswith("VB")
        for d in s.govs(i, "acl")
    )


def _next_phrase(s: Sent, v: int) -> int | None:
    """The head of the noun phrase right after verb ``v`` (a misparsed object: 'struck IS
    targets near P, the military said', where the parser took 'targets' for a subject)."""
    for k in range(v + 1, min(len(s.words), v + 4)):
        w = s.words[k]
        if w.pos in ("DT", "JJ", "CD", "PRP$") or (
            w.pos.startswith("NN") and any(d.rel == "compound" for d in s.govs(k))
        ):
            continue
        if w.pos.startswith("NN") and (
            w.lemma in FORCE_NOUNS or w.mention is not None or w.lemma in NOUNS
        ):
            return k
        return None
    return None


def _background(s: Sent, i: int) -> bool:
    """'the militants who had raided the town': a past-perfect relative clause refers back
    to an event already told."""
    return any(True for _ in s.govs(i, "acl:relcl")) and any(
        s.words[d.dep].lower == "had" for d in s.kids(i, "aux")
    )


def _mistagged_noun(s: Sent, i: int) -> bool:
    """A word tagged as a verb that takes a determiner (*launched a counterattack*, tagged VB),
    or an event adjective that takes one as an argument (*repelled an offensive by X*, tagged
    JJ): a noun the tagger did not know."""
    w = s.words[i]
    det = any(s.words[d.dep].lower in ("a", "an", "the") for d in s.kids(i, "det"))
    if w.pos.startswith("VB"):
        return det
    return (
        det
        and w.pos == "JJ"
        and w.lemma in NOUNS
        and any(d.rel in ("obj", "nsubj", "nsubj:pass") for d in s.govs(i))
    )


def find_triggers(s: Sent) -> list[Trig]:
    """Trigger words of the sentence, with their anchors (see the module docstring)."""
    out: list[Trig] = []
    for w in s.words:
        if w.mention is not None or _background(s, w.i) or _descriptive(s, w.i):
            continue
        gerund = w.pos == "VBG" and _nominal(s, w.i)
        verb = w.pos.startswith("VB") and not gerund and not _mistagged_noun(s, w.i)
        trig = _verb_trigger(s, w.i) if verb else None
        nounlike = w.pos.startswith("NN") or w.pos == "VBG" or _mistagged_noun(s, w.i)
        if trig is None and nounlike and not _supporting(s, w.i):
            trig = _noun_trigger(s, w.i)
        if trig is not None:
            out.append(trig)
    by_index = {t.i: t for t in out}
    for t in sorted(out, key=lambda t: not t.noun):
        _anchor(s, t, by_index)
    _assault_and_capture(s, out, by_index)
    return out


ASSAULT_VERBS = frozenset({"storm", "attack", "assault", "raid", "overrun", "besiege"})


def _assault_and_capture(s: Sent, triggers: list[Trig], by_index: dict[int, Trig]) -> None:
    """*stormed and seized P*, *attacked and captured P* (the object shared): one capture
    (the assault is how it was taken), with the capture's roles."""
    for t in triggers:
        if t.noun or t.folded_into is not None or _lemma(s, t.i) not in ASSAULT_VERBS:
            continue
        for d in s.kids(t.i, "conj"):
            c = by_index.get(d.dep)
            own = any(t.i < o.dep < d.dep for o in s.kids(t.i, "obj"))
            # 'attacked the SDF in P and seized two villages': two events
            if c is not None and not c.noun and c.etype == "capture_of_territory" and not own:
                t.folded_into = c.i
                break


def _shot_dead(s: Sent, i: int) -> bool:
    """'shot dead', 'shot ... dead', 'gunned/shot down': a killing. 'dead' is read by surface
    position too, as the parse often attaches it to the object ('shot dead a local official')."""
    lemma = s.words[i].lemma
    if lemma not in ("shoot", "gun"):
        return False
    if _has_kid(s, i, ("compound:prt",), {"down"}):
        return True
    if lemma != "shoot":
        return False
    near = [k for k in range(i + 1, min(i + 5, len(s.words)))]
    return (
        _has_kid(s, i, ("xcomp", "advmod", "obj"), {"dead"})
        or any(s.words[k].lemma == "dead" for k in near[:1])
        or any(s.words[k].lemma == "dead" and s.words[k - 1].pos.startswith("NN") for k in near)
    )


LAUNCH_VERBS = frozenset({"drop", "fire", "launch", "lob", "hurl"})
FIRED = {
    "bomb": "air_strike", "barrel": "air_strike", "rocket": "shelling", "missile": "shelling",
    "shell": "shelling", "mortar": "shelling", "grenade": "attack",
}  # fmt: skip
"""What is dropped or fired at a target, and the event it makes (its object is the weapon, the
target is where it went: *dropped barrel bombs on P*, *fired rockets at X*)."""
TIME_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "day",
     "night", "dawn", "morning", "evening", "afternoon", "week", "weekend", "date",
     *(m.lower() for m in calendar.month_name if m)}
)  # fmt: skip


def _heading(s: Sent, v: int, *rels: str) -> bool:
    """The verb moves toward something (*pushed into P*, *advanced on P*), not just at a
    time (*pushed IS out of P on Friday*: *on Friday* is when)."""
    for d in s.kids(v, *rels):
        w = s.words[d.dep]
        if w.lemma in TIME_WORDS or w.lower in TIME_WORDS or w.pos == "CD":
            continue
        return True
    return False


def _claims_lives(s: Sent, i: int) -> bool:
    """*claimed the lives of N*, *claiming N lives*: the verb kills them."""
    return _lemma(s, i) == "claim" and _has_kid(s, i, ("obj",), {"life"})


def _verb_trigger(s: Sent, i: int) -> Trig | None:
    w = s.words[i]
    lemma = w.lemma
    if lemma == "blow" and _has_kid(s, i, ("compound:prt",), {"up"}):
        return Trig(i, "bombing", False, VerbSense("bombing"))
    if lemma == "go" and _has_kid(s, i, ("compound:prt",), {"off"}):
        return Trig(i, "bombing", False, VERBS["explode"])  # 'a bomb went off'
    if lemma in RAMMING and _has_kid(s, i, ("nsubj",), {"bomber"}):
        return Trig(i, "bombing", False, VerbSense("bombing"))  # 'a suicide bomber drove ...'
    if _shot_dead(s, i):
        if lemma == "shoot" and _has_kid(s, i, ("compound:prt",), {"down"}):
            return Trig(i, "attack", False, VerbSense("attack"))  # shot down a warplane
        return Trig(i, "killing", False, VerbSense("killing"))
    if _claims_lives(s, i):  # 'claiming the lives of N': a killing
        return Trig(i, "attack", False, VERBS["kill"])
    if lemma == "down" and _has_kid(s, i, ("obj",), AIRCRAFT):  # 'downed a helicopter'
        return Trig(i, "attack", False, VerbSense("attack"))
    if lemma == "open" and _has_kid(s, i, ("obj",), {"fire"}):
        return Trig(i, "attack", False, VerbSense("attack"))
    if lemma in LAUNCH_VERBS:  # 'dropped barrel bombs on P', 'fired rockets at X'
        kinds = [FIRED.get(_lemma(s, d.dep)) for d in s.kids(i, "obj") if _lemma(s, d.dep) in FIRED]
        if kinds and any(d.rel in ("obl:on", "obl:at", "obl:into") for d in s.kids(i)):
            kind = "air_strike" if lemma == "drop" else kinds[0] or "shelling"
            return Trig(i, kind, False, VerbSense(kind, obj="fired"))
    if lemma == "advance" and _heading(
        s, i, "obl:on", "obl:towards", "obl:toward", "obl:into", "obl:to"
    ):
        return Trig(i, "offensive", False, VerbSense("offensive"))
    if lemma == "come" and any(
        _lemma(s, d.dep) == "control" for d in s.kids(i, "obl:under")
    ):  # 'P came under the control of X'
        return Trig(i, "capture_of_territory", False, VERBS["fall"])
    sense = VERBS.get(lemma)
    if sense is None:
        return None
    if lemma == "fight" and _fighting_compound(s, i):
        return None  # 'IS fighting positions': a kind of position, not a fight
    objs = [d.dep for d in s.kids(i, "obj", "nsubj:pass")]
    if lemma in EXTENDED_CONTROL and not any(
        _lemma(s, o) == "control"
        and (
            any(d.rel in ("obl:to", "obl:over") for d in s.kids(i))
            or any(True for _ in s.kids(o, "nmod:over", "nmod:to"))
        )
        for o in (d.dep for d in s.kids(i, "obj"))
    ):
        return None  # 'control over P' hung on the verb or on 'control'
    if lemma in SOFT_CAPTURE:
        ok = _has_kid(s, i, ("obj",), TAKE_NEEDS) or _has_kid(s, i, ("compound:prt",), {"back"})
        ok = ok or (any(_is_place_phrase(s, o) for o in objs) and lemma != "take")
        ok = ok or any(_named_place(s, o) for o in objs)  # 'took the al-Izba gas field'
        ok = ok or (
            _has_kid(s, i, ("compound:prt", "advmod"), {"away"})
            and any(_is_place_phrase(s, o) for o in objs)
        )  # 'taking land away from X'
        if lemma == "take" and not ok:
            ok = _has_kid(s, i, ("obj",), {"control"}) or _has_kid(s, i, ("obj",), TAKEN_PLACES)
        if lemma in ("restore", "reestablish", "re-establish") and not ok:
            ok = _has_kid(s, i, ("obj",), RESTORED_ORDER) and any(
                d.rel == "obl:to" for d in s.kids(i)
            )
        if not ok:
            return None
    if lemma == "push" and _heading(s, i, "obl:into", "obl:towards", "obl:toward", "obl:on"):
        return Trig(i, "offensive", False, VerbSense("offensive"))  # 'pushed into P'
    if _repels_an_attack(s, i):
        return None  # 'pushed back an IS attack': the attack is the event, not a capture
    if lemma in ("drive", "push", "chase") and not (
        _has_kid(s, i, ("compound:prt", "advmod"), DRIVE_PARTICLES)
        or any(d.rel in ("obl:from", "obl:out_of", "obl:of") for d in s.kids(i))
    ):
        return None
    if lemma == "clear" and not _cleared_of(s, i):
        return None
    if lemma == "occupy" and not (
        s.words[i].pos == "VBD" or any(s.words[d.dep].lower == "had" for d in s.kids(i, "aux"))
    ):
        return None  # 'had occupied P in 2016' took it; 'occupies', 'occupying P' hold it
    if lemma in ("free", "recover", "restore") and not objs:
        return None
    people = any(
        s.words[o].lemma in CIVILIAN_NOUNS or s.words[o].lemma in ("fighter", "soldier")
        for o in objs
    )
    if lemma == "capture" and objs and people and not any(_is_place_phrase(s, o) for o in objs):
        return Trig(i, "abduction", False, VerbSense("abduction"))
    if lemma == "capture" and not objs and not any(True for _ in s.govs(i, "acl", "amod")):
        return None  # 'soldiers it had captured', its object lost to a misparse: not land
    if lemma == "lose" and not any(
        _is_place_phrase(s, o) or s.words[o].lemma in ("control", "ground") for o in objs
    ):
        return None
    if lemma == "fall" and not (
        any(d.rel in ("obl:to", "obl:into") for d in s.kids(i))
        or any(_is_place_phrase(s, d.dep) for d in s.kids(i, "nsubj"))
    ):
        return None
    if (
        lemma in ("hit", "strike", "target")
        and not objs
        and _next_phrase(s, i) is None
        and not any(d.rel == "obl:at" for d in s.kids(i))  # 'struck at X positions'
    ):
        return None
    if lemma == "fight" and _has_kid(s, i, ("obj",), {"way"}):
        return Trig(i, "attack", False, VerbSense("attack", obj="place"))
    etype = sense.event_type
    return Trig(i, etype, False, sense)


AIRCRAFT = frozenset({"helicopter", "warplane", "jet", "plane", "aircraft", "drone"})
"""What is shot down (*downed a regime helicopter*)."""
TAKEN_PLACES = frozenset(
    {"town", "village", "city", "district", "neighborhood", "neighbourhood", "hamlet",
     "suburb", "airport", "airbase", "hill"}
)  # fmt: skip
"""*took the village*: a settlement or a military site taken (not *took part*, *took the side
of*)."""
CAPTIVE_PEOPLE = frozenset({"man", "men", "person", "people", "youth", "youngster", "boy"})
"""People executed or abducted with no side named: civilians (fighters are named as such)."""
HOLD_NOUNS = frozenset({"hand", "hands", "control", "grip"})
"""*fell into the hands of X*, *came under the control of X*: the holder is the noun's X."""


def _cleared_of(s: Sent, v: int) -> list[int]:
    """Whom *cleared P of X* rid P of: ``obl:of``, or the second *of* the parser hangs on the
    place's name (*cleared the village of P of terrorists*)."""

    def armed(k: int) -> bool:
        m = s.words[k].mention
        return s.words[k].lemma in FORCE_NOUNS or (m is not None and m.actor is not None)

    out = [d.dep for d in s.kids(v, "obl:of")]
    for o in [d.dep for d in s.kids(v, "obj")]:
        for d in s.kids(o, "nmod:of"):
            if armed(d.dep):
                out.append(d.dep)  # 'cleared the town of IS militants'
            else:
                out += [k.dep for k in s.kids(d.dep, "nmod:of") if armed(k.dep)]
    return out


def _named_place(s: Sent, i: int) -> bool:
    """A place named by the phrase itself: a place mention, or a site with a name
    ('the al-Izba gas field', 'the town of X')."""
    w = s.words[i]
    if w.mention is not None and w.mention.place is not None and w.mention.actor is None:
        return True
    if w.lemma not in TERRITORY or w.lemma in ("position", "point", "base", "part", "side"):
        return False
    return any(
        s.words[d.dep].pos.startswith("NNP")
        or (
            s.words[d.dep].mention is not None and s.words[d.dep].mention.place is not None  # type: ignore[union-attr]
        )
        for d in s.kids(i, "compound", "nmod:of", "amod")
    )


def _predicative(s: Sent, i: int) -> bool:
    """'(it) was one of the worst massacres', 'this is an attack on ...': a description of
    something already said, not a new event ('the latest was the killing of X' is one)."""
    if any(True for _ in s.kids(i, "cop")):
        return not any(True for _ in s.kids(i, "nmod:of"))
    return any(d.gov >= 0 and any(True for _ in s.kids(d.gov, "cop")) for d in s.govs(i, "nmod:of"))


STRIKE_EFFECTS = frozenset({"destroy", "hit", "target", "damage", "kill", "wound", "engage"})
"""What strikes do: *two strikes destroyed a tank*, *a strike hit a checkpoint*."""
HIT_EFFECTS = STRIKE_EFFECTS - {"kill", "wound"}
"""What strikes do to what they hit, whose object is therefore whom they hit (their dead are
read as casualties instead)."""


def _subject_of(s: Sent, n: int) -> list[int]:
    """The verbs ``n`` is the subject of, also through an appositive (*Near P, four strikes
    destroyed ...* parsed with *P* the subject and *strikes* its appositive)."""
    heads = [n, *(d.gov for d in s.govs(n, "appos") if d.gov >= 0)]
    return [d.gov for h in heads for d in s.govs(h, "nsubj") if d.gov >= 0]


def _striking(s: Sent, i: int) -> bool:
    """A bare *strike(s)* that is military: counted (*four strikes*) or the subject of what
    strikes do (*strikes destroyed ...*)."""
    if any(True for _ in s.kids(i, "nummod")):
        return True
    return any(_lemma(s, v) in STRIKE_EFFECTS for v in _subject_of(s, i))


def _effect_objects(s: Sent, n: int) -> list[int]:
    """The objects of what a strike noun did as a subject (*strikes destroyed an IS tank*), or
    of the effect its light verb's clause names (*conducted 12 strikes, destroying five IS
    fighting positions*)."""
    effects = [v for v in _subject_of(s, n) if _lemma(s, v) in STRIKE_EFFECTS]
    for d in s.govs(n, "obj"):
        if d.gov >= 0 and _lemma(s, d.gov) in LIGHT_VERBS:
            effects += [
                k.dep
                for k in s.kids(d.gov, "advcl", "xcomp", "conj", "dep")
                if _lemma(s, k.dep) in HIT_EFFECTS
            ]
    return [k.dep for v in effects for k in s.kids(v, "obj")]


def _came_under(s: Sent, i: int) -> int | None:
    """The verb of *X came under fire / attack / shelling (from Y)* whose ``obl:under`` is
    ``i``: its subject is the target."""
    for d in s.govs(i, "obl:under", "advcl:under"):
        if d.gov >= 0 and _lemma(s, d.gov) == "come":
            return d.gov
    return None


WEAPON_SITES = frozenset(
    {"facility", "factory", "workshop", "depot", "cache", "warehouse", "plant", "storage",
     "store", "lab", "laboratory", "maker", "production", "stockpile"}
)  # fmt: skip
"""Heads whose weapon modifier names what is made or kept there, not an attack."""


def _noun_trigger(s: Sent, i: int) -> Trig | None:
    w = s.words[i]
    if _predicative(s, i):
        return None
    key = w.lemma if w.lemma in NOUNS else w.lower
    etype = NOUNS.get(key)
    if etype is None and w.lemma == "fire" and _came_under(s, i) is not None:
        return Trig(i, "attack", True)  # 'came under fire from X'
    if etype is None:
        return None
    mods = {_lemma(s, d.dep) for d in s.kids(i, "compound", "amod")}
    if i > 0 and s.words[i - 1].lower in COMPOUND_TYPES:
        mods.add(s.words[i - 1].lower)  # 'a US drone strike', with 'drone' misread as a verb
    if mods & NOT_VIOLENT:
        return None
    if key in UMBRELLA_NOUNS and mods & SEARCH_OPERATIONS:
        return None  # 'a security operation against IS cells': a search, no campaign
    for mod in sorted(mods):
        if (mod in COMPOUND_TYPES and etype in ("attack", "bombing", "armed_clash")) or (
            mod in COMPOUND_TYPES and key == "strike"
        ):
            etype = COMPOUND_TYPES[mod]
    if key in UMBRELLA_NOUNS and mods & AIR_CAMPAIGN:
        etype = "air_strike"  # 'an air campaign', 'their bombing campaign': strikes from the air
    if etype == "attack" and key in ("assault", "attack") and _lasting_noun(s, i):
        etype = "offensive"  # 'a three-week government assault': a campaign
    if any(d.rel in ("compound", "amod") and _lemma(s, d.gov) in UMBRELLA_NOUNS for d in s.govs(i)):
        return None  # 'bombing' of 'a bombing campaign' is the campaign's kind, no event
    if any(d.rel in ("compound", "amod") and _lemma(s, d.gov) in WEAPON_SITES for d in s.govs(i)):
        return None  # 'an IED facility', 'a car bomb factory': where weapons are made or kept
    if (
        key == "bomb"
        and not (mods & set(COMPOUND_TYPES))
        and not any(
            d.rel in ("nsubj",)
            and _lemma(s, d.gov) in ("explode", "kill", "go", "blow", "detonate")
            for d in s.govs(i)
        )
    ):
        return None
    if key in NOUNS_NEED_ARGUMENT:
        rels = {d.rel for d in s.kids(i)}
        args = rels & {"nmod:against", "nmod:on", "nmod:poss", "nmod:by", "acl:to", "nmod:of"}
        if key in ("fall", "capture", "loss"):
            ok = any(_is_place_phrase(s, d.dep) for d in s.kids(i, "nmod:of"))
        else:
            ok = (
                bool(mods & OPERATION_MODIFIERS)
                or bool(args - {"nmod:of"})
                or any(d.rel == "acl" and _lemma(s, d.dep) in VERBS for d in s.kids(i))
            )
            ok = ok or any(
                (s.words[d.dep].mention is not None and s.words[d.dep].mention.actor is not None)  # type: ignore[union-attr]
                for d in s.kids(i, "compound", "amod")
            )
            ok = ok or any(
                d.gov >= 0 and _lemma(s, d.gov) in LIGHT_VERBS
                for d in s.govs(i, "obj", "nsubj:pass")
            )
        if not ok:
            return None
    bare = not (mods or any(True for _ in s.kids(i, "nmod:on", "nmod:by")))
    carried = any(_lemma(s, d.gov) in LIGHT_VERBS for d in s.govs(i, "obj", "nsubj:pass"))
    if key == "strike" and bare and not carried and not _striking(s, i):
        return None
    return Trig(i, etype, True)


PHRASAL_DEFENCE = frozenset({"push", "beat", "fight", "drive", "fend", "ward", "hold"})
"""*pushed back*, *beat back*, *fought off*, *fended off*, *held off* an attack: a defence."""


def _defends(s: Sent, i: int) -> bool:
    """*repelled* an attack, or a phrasal verb of defence (*pushed back an attack*)."""
    lemma = _lemma(s, i)
    if lemma in DEFENCE_VERBS:
        return True
    return lemma in PHRASAL_DEFENCE and _has_kid(s, i, ("compound:prt", "advmod"), {"back", "off"})


def _repels_an_attack(s: Sent, i: int) -> bool:
    """The verb at ``i`` defends against an attack noun it takes as object."""
    return _defends(s, i) and any(
        NOUNS.get(_lemma(s, d.dep)) in ("attack", "ambush", "offensive") for d in s.kids(i, "obj")
    )


def _anchor(s: Sent, t: Trig, triggers: dict[int, Trig]) -> None:
    """The verb carrying a noun trigger, and folding into a host trigger."""
    if t.noun:
        under = _came_under(s, t.i)
        if under is not None:
            t.anchor, t.host = under, "under"  # 'X came under fire': X's clause
            return
        verb = _subject_modifier(s, t.i)
        if verb is not None and verb in triggers and not triggers[verb].noun:
            t.folded_into = verb  # 'Turkish shelling hit P', misparsed: one event
            return
        at = t.i
        for d in s.govs(t.i, "nmod:of"):
            if d.gov >= 0 and _lemma(s, d.gov) in CONTAINER_NOUNS:
                at = d.gov  # 'a combination of airstrikes and attacks'
        umbrella = _lemma(s, t.i) in UMBRELLA_NOUNS
        for d in s.govs(at):
            gov = d.gov
            if gov < 0 or gov == t.i:
                continue
            lemma = _lemma(s, gov)
            if d.rel in ("obj", "nsubj:pass") and lemma in LIGHT_VERBS and gov not in triggers:
                t.anchor, t.host = gov, "light"
                return
            if (
                d.rel == "obj"
                and lemma in COMPLETION_VERBS
                and t.etype == "capture_of_territory"
                and gov not in triggers
            ):
                t.anchor, t.host = gov, "light"  # 'completed the capture of P'
                return
            if d.rel in ("obj", "nsubj:pass") and _defends(s, gov):
                t.anchor, t.host = gov, "defence"  # 'repelled an attack', 'was repelled by X'
                return
            if umbrella and lemma in CASUALTY_VERBS | KILL_LEMMAS:
                return  # a killing within an offensive is its own event
            if d.rel == "nsubj" and lemma in CASUALTY_VERBS:
                t.anchor, t.host = gov, "casualty"
                if gov in triggers:
                    triggers[gov].folded_into = t.i
                return
            if d.rel == "nsubj" and gov in triggers and not triggers[gov].noun:
                t.folded_into = gov  # 'Shelling by X struck Y': one event
                return
            if d.rel == "nsubj" and s.words[gov].pos == "VBN":  # 'a bomb planted by X killed'
                hosts = [g.gov for g in s.govs(gov, "csubj", "advcl") if g.gov in triggers]
                if hosts and not triggers[hosts[0]].noun:
                    t.folded_into = hosts[0]
                    return
            case = d.rel.split(":", 1)[1] if d.rel.startswith("obl:") else ""
            if lemma in DEATH_NOUNS and d.rel.startswith("nmod:"):
                case = d.rel.split(":", 1)[1]  # 'the death of N X in an attack'
            dead = [k.dep for k in s.kids(gov, "obj") if _lemma(s, k.dep) in DEATH_NOUNS]
            if case in FOLD_CASES and dead and s.words[gov].pos.startswith("VB"):
                gov, lemma = dead[0], _lemma(s, dead[0])  # 'reported the deaths of N in X',
                # with 'in X' hung on the verb
            lost_people = lemma == "lose" and any(
                _lemma(s, k.dep) in FORCE_NOUNS | CAPTIVE_PEOPLE for k in s.kids(gov, "obj")
            )  # 'X lost 12 fighters in clashes with Y'
            if case in FOLD_CASES and (lemma in KILL_LEMMAS | DEATH_NOUNS | {"die"} or lost_people):
                t.anchor, t.host = gov, "casualty"
                if gov in triggers:
                    triggers[gov].folded_into = t.i
                return
            if case in FOLD_CASES and gov in triggers and triggers[gov].folded_into is None:
                t.folded_into = gov
                return
        return
    if t.etype == "attack" and (_lemma(s, t.i) in SLAY or _claims_lives(s, t.i)):
        for d in s.govs(t.i, "advcl", "xcomp", "conj", "acl", "acl:relcl", "dep"):
            gov = d.gov
            if gov >= 0 and gov not in triggers and _lemma(s, gov) in SPEECH_VERBS:
                said = [c.dep for c in s.kids(gov, "ccomp") if c.dep in triggers]
                gov = said[0] if said else gov  # 'X said it retook P, killing N'
            anchors = {x.anchor: x.i for x in triggers.values() if x.noun and x.host == "light"}
            if gov not in triggers and gov in anchors:
                gov = anchors[gov]  # 'carried out N shellings, killing M': the shellings
            if gov not in triggers and gov >= 0 and s.words[gov].pos.startswith("NN"):
                gov = _clause_trigger(s, gov, triggers, t.i)
            if gov in triggers and gov != t.i and triggers[gov].folded_into != t.i:
                t.folded_into = gov
                return
    _hosts_its_dead(s, t, triggers)


WHEN_MARKS = frozenset({"when", "as", "after"})
RAMMING = frozenset({"drive", "ram", "crash", "smash", "plough", "plow", "detonate"})
"""What a bomber does with a vehicle or a charge that is the bombing itself."""
ATTEMPTS = frozenset({"try", "attempt"})
KEEP_VERBS = frozenset({"continue", "keep"})
"""*continued to attack*, *kept shelling*: what a group keeps doing is a habit."""
SLAY = frozenset({"kill", "eliminate", "neutralize", "neutralise"})
"""Verbs of killing fighters that tell the toll of the event they hang on (*retook P,
killing N*; *restored security to P after eliminating the last terrorists in it*)."""


def _attempted(s: Sent, v: int) -> bool:
    """*tried to storm P*: an attempt in the past, so made (unlike *will try*, *tries*)."""
    return _lemma(s, v) in ATTEMPTS and s.words[v].pos == "VBD"


def _when_death(s: Sent, v: int) -> int | None:
    """The death that verb ``v``'s *when* clause explains, with no killer named (*dozens of
    villagers died when jets bombed P*; *five civilians were killed when X shelled P*)."""
    if not any(s.words[d.dep].lower in WHEN_MARKS for d in s.kids(v, "mark", "advmod")):
        return None
    for d in s.govs(v):
        if not d.rel.startswith("advcl") or d.gov < 0:
            continue
        lemma = _lemma(s, d.gov)
        if lemma == "die" or (lemma in KILL_LEMMAS and _passive(s, d.gov) and not _by(s, d.gov)):
            return d.gov
    return None


def _dead_of_when_clause(s: Sent, v: int) -> list[int]:
    """The dead of ``_when_death``: the victims of the strike the clause tells."""
    death = _when_death(s, v)
    return [] if death is None else [k.dep for k in s.kids(death, "nsubj", "nsubj:pass")]


def _hosts_its_dead(s: Sent, t: Trig, triggers: dict[int, Trig]) -> None:
    """*Five civilians were killed when regime warplanes bombed P*: the killing whose killer
    is unnamed is the strike its *when* clause tells (one event: the strike, with the dead
    as its target)."""
    if t.noun or t.folded_into is not None or t.etype in ("killing", "capture_of_territory"):
        return
    death = _when_death(s, t.i)
    dead = triggers.get(death) if death is not None else None
    if dead is not None and not dead.noun and dead.folded_into is None:
        dead.folded_into = t.i


def _ancestors(s: Sent, i: int, limit: int) -> Iterator[int]:
    """The words above ``i``, nearest first, along each word's first governor (at most
    ``limit``; enhanced dependencies may loop, so a word is never visited twice)."""
    seen = {i}
    for _ in range(limit):
        up = [d.gov for d in s.govs(i) if d.gov >= 0 and d.gov not in seen]
        if not up:
            return
        i = up[0]
        seen.add(i)
        yield i


def _clause_trigger(s: Sent, noun: int, triggers: dict[int, Trig], own: int) -> int:
    """The trigger whose clause holds ``noun``: *X struck a market in P, killing N*, with the
    participle hung on the last noun (*P*) instead of on the verb. The first verb above
    ``noun`` is that clause's; ``noun`` itself when that verb is no trigger."""
    for k in _ancestors(s, noun, 8):
        if s.words[k].pos.startswith("VB"):
            trig = triggers.get(k)
            return k if trig is not None and k != own and not trig.noun else noun
    return noun


def factual(s: Sent, t: Trig) -> bool:
    """False for negated, modal, conditional, intended or purpose mentions."""
    heads = [t.i] if t.host == "defence" else [t.i, t.anchor]
    return all(_factual_at(s, h, t.noun and h == t.i) for h in dict.fromkeys(heads))


def _factual_at(s: Sent, h: int, noun: bool, depth: int = 0) -> bool:
    if depth < 2:
        for c in s.govs(h, "conj"):
            if c.gov >= 0 and c.gov != h and not _factual_at(s, c.gov, noun, depth + 1):
                return False  # 'not harassing or attacking'
    for d in s.kids(h, "advmod", "neg", "det", "aux", "mark", "cc:preconj"):
        lemma = _lemma(s, d.dep)
        if lemma in NEGATIONS and (d.rel != "det" or noun):
            return False
        if d.rel == "aux" and lemma in MODALS:
            return False
        if d.rel == "mark" and lemma in CONDITIONAL_MARKS:
            return False
    if not noun and _lemma(s, h) and s.words[h].pos == "VB" and _infinitive_purpose(s, h):
        return False
    node, steps = h, 0
    while steps < 4:
        up = [d for d in s.govs(node) if d.gov >= 0 and d.rel not in ("conj", "appos")]
        if not up:
            break
        d = up[0]
        gov_lemma = _lemma(s, d.gov)
        if d.rel == "ccomp" and gov_lemma in DENIAL_VERBS:
            return True  # 'X denied that its forces shelled P': a claim, with its stance
        attempted = _attempted(s, d.gov)
        if (
            d.rel in ("xcomp", "ccomp", "obj", "csubj", "nsubj:pass")
            and gov_lemma in INTENT_VERBS
            and not attempted  # 'tried to storm P' (but was repelled): an attack was made
        ):
            if not any(_lemma(s, a.dep) in ("be", "was", "were") for a in s.kids(d.gov, "cop")):
                return False
            if gov_lemma != "able":
                return False
        if d.rel.startswith("nmod") and gov_lemma in NOT_FACTUAL_NOUNS and noun and steps == 0:
            return False
        if d.rel.startswith("obl:of") and noun and _has_kid(s, d.gov, ("obj",), NOT_FACTUAL_NOUNS):
            return False  # 'take advantage of the attacks'
        if d.rel.startswith("advcl") and any(
            _lemma(s, m.dep) in CONDITIONAL_MARKS for m in s.kids(node, "mark")
        ):
            return False
        if gov_lemma in MODALS:
            return False
        modal_gov = any(a.rel == "aux" and _lemma(s, a.dep) in MODALS for a in s.kids(d.gov))
        if (
            modal_gov
            and steps == 0
            and noun
            and (
                d.rel in ("xcomp", "ccomp", "obj", "nsubj:pass", "nsubj") or d.rel.startswith("obl")
            )
        ):
            return False
        if d.rel not in ("xcomp", "obj", "nsubj:pass", "nsubj"):
            break
        node, steps = d.gov, steps + 1
    return True


def _infinitive_purpose(s: Sent, h: int) -> bool:
    """'launched a campaign ... to take back P': an infinitive of purpose, not a fact.
    'managed to capture P', 'continued to attack' are facts."""
    if not _has_kid(s, h, ("mark",), {"to"}):
        return False
    for d in s.govs(h):
        if d.gov >= 0 and _lemma(s, d.gov) in FACTUAL_XCOMP:
            return False
        if d.gov >= 0 and _attempted(s, d.gov):
            return False  # 'tried to storm P': the attempt was made
        if d.gov >= 0 and s.words[d.gov].lemma in ("able",):
            return (
                any(
                    _lemma(s, c.dep) == "be" and s.words[c.dep].pos in ("VBD", "VBN")
                    for c in s.kids(d.gov, "cop")
                )
                is False
            )
    return True


def generic(s: Sent, t: Trig) -> bool:
    """Habitual or aggregate mentions: *frequent attacks*, *several attacks*, a tally,
    *continued to wage attacks*, *often shells*."""
    i = t.i
    if _has_kid(s, i, ("advmod",), HABITUAL_ADVERBS) or _has_kid(
        s, t.anchor, ("advmod",), HABITUAL_ADVERBS
    ):
        return True
    if t.noun:
        plural = s.words[i].pos in ("NNS", "NNPS")
        mods = {_lemma(s, d.dep) for d in s.kids(i, "amod", "det", "nummod", "compound")}
        if plural and mods & HABITUAL_ADJECTIVES:
            return True
        counted = [d.dep for d in s.kids(i, "nummod")]
        counted += [d.dep for d in s.kids(i, "det:qmod") if plural]  # 'dozens of' (fixed)
        counted += [d.gov for d in s.govs(i, "nmod:of") if d.gov >= 0 and plural]
        for k in counted:  # '50 attacks', 'dozens of bombings'
            n = _number(s.words[k].text)
            if n is not None and (n >= TALLY_LARGE or (n >= TALLY_MIN and _cumulative(s, t))):
                return True
        if plural and any(_lemma(s, d.dep) in ANAPHORIC_DETS for d in s.kids(i, "det", "amod")):
            return True
        for d in s.govs(t.anchor, "xcomp", "obj"):
            if d.gov >= 0 and _lemma(s, d.gov) in HABITUAL_GOVERNORS and plural:
                return True
    for d in s.govs(t.i if not t.noun else t.anchor, "xcomp"):
        if d.gov >= 0 and _lemma(s, d.gov) in KEEP_VERBS and t.noun:
            return True
    if t.noun and s.words[i].pos in ("NNS", "NNPS"):  # 'has continued to rely on car bombs'
        for d in s.govs(i, "obl", "obj"):
            for up in s.govs(d.gov, "xcomp"):
                if up.gov >= 0 and _lemma(s, up.gov) in KEEP_VERBS:
                    return True
    return False


def _cumulative(s: Sent, t: Trig) -> bool:
    words = s.subtree(t.anchor) if t.anchor != t.i else s.subtree(t.i)
    heads = [d.gov for d in s.govs(t.i) if d.gov >= 0]
    for h in heads:
        words += s.subtree(h)
    return any(s.words[k].lower in CUMULATIVE for k in words)


def _number(text: str) -> int | None:
    digits = text.replace(",", "")
    if digits.isdigit():
        return int(digits)
    words = {"dozens": 24, "hundreds": 200, "thousands": 2000, "scores": 40}
    return words.get(text.lower())


# ---------------------------------------------------------------------------------------
# Roles


def _subjects(s: Sent, v: int) -> list[int]:
    found = [d.dep for d in s.kids(v, "nsubj", "nsubj:xsubj") if d.dep != v]
    if not found:  # 'Rebels backed by Turkey captured P' misparsed as a clausal subject
        for d in s.kids(v, "csubj"):
            found += [k.dep for k in s.kids(d.dep, "nsubj")]
    if not found and _false_passive(s, v):
        found = [d.dep for d in s.kids(v, "nsubj:pass") if d.dep != v]
    return found


def _false_passive(s: Sent, v: int) -> bool:
    """A verb with an object whose passive auxiliary is no form of *be* or *get*: *Turkish
    shelling killed 34 terrorists* parsed with *shelling* as the auxiliary of *killed*."""
    auxes = [d.dep for d in s.kids(v, "aux:pass")]
    return (
        bool(auxes)
        and not any(s.words[a].lemma in ("be", "get") for a in auxes)
        and any(True for _ in s.kids(v, "obj"))
    )


def _passive(s: Sent, v: int) -> bool:
    if _false_passive(s, v):
        return False
    return any(True for _ in s.kids(v, "nsubj:pass", "aux:pass"))


def _by(s: Sent, v: int) -> list[int]:
    return [d.dep for d in s.kids(v, "obl:agent", "obl:by") if d.dep != v]


def _obl(s: Sent, v: int, *cases: str) -> list[int]:
    rels = tuple(f"obl:{c}" for c in cases) + tuple(f"nmod:{c}" for c in cases)
    own = [d.dep for d in s.kids(v) if d.rel in rels and d.dep != v]
    return own + [k for k in _stray_args(s, v) if any(d.rel in rels for d in s.govs(k))]


def _stray_args(s: Sent, v: int) -> list[int]:
    """Phrases the parser hung on a trailing speech verb though they come before its subject
    and after ``v``: in *X carried out raids on P, the ministry said*, *on P* is the raids'."""
    out: list[int] = []
    for w in s.words:
        if w.i <= v or w.lemma not in SPEECH_VERBS:
            continue
        subjects = [d.dep for d in s.kids(w.i, "nsubj") if d.dep < w.i]
        if not subjects:
            continue
        first = min(min(s.subtree(k)) for k in subjects)
        out += [d.dep for d in s.kids(w.i, "obl") if v < d.dep < first]
    return out


def _opening_subject(s: Sent, v: int) -> list[int]:
    """A subjectless verb of a misparsed sentence: the noun phrase the sentence opens with."""
    k = 0
    while k < v and s.words[k].pos in ("DT", "RB", ",", "``", "''", "IN", "CD", "JJ"):
        k += 1
    if k >= v or k > 3 or not s.words[k].pos.startswith("NN"):
        return []
    head = k
    while True:  # climb to the head of the opening phrase
        up = [d.gov for d in s.govs(head, "compound", "amod", "appos", "flat") if d.gov >= 0]
        if not up or up[0] >= v:
            break
        head = up[0]
    return [head]


def _provoking(s: Sent, v: int) -> bool:
    """Whether ``v`` sits inside a phrase headed by a reaction noun (*in retaliation for*, *in
    response to*): what it tells was done to the reacting side, not by it."""
    return any(_lemma(s, k) in REACTION_NOUNS for k in _ancestors(s, v, 6))


def _instrument_subject(s: Sent, v: int) -> bool:
    """The clause's own subject is a weapon or an event (*an explosion that targeted X*, *a
    bomb hit X*): it names no actor, and borrowing another clause's subject would make the
    victims or bystanders of the sentence the attacker."""
    return any(_lemma(s, k) in INSTRUMENTS or _lemma(s, k) in NOUNS for k in _subjects(s, v))


def _inherited_subject(s: Sent, v: int, depth: int = 0) -> list[int]:
    """The subject of the clause a subjectless clause depends on (*X attacked P, killing N*;
    *X advanced and later clashed with Y*)."""
    if depth > 3:
        return []
    for d in s.govs(v, "advcl", "xcomp", "conj", "acl", "dep", "parataxis"):
        if d.gov < 0 or d.gov == v:
            continue
        gov = s.words[d.gov]
        if gov.pos.startswith("VB") and is_support_word(s, d.gov):
            # 'X, backed by Y, took P' misparsed around 'backed': Y supports, X is the
            # noun phrase left hanging on 'backed' before the trigger.
            hanging = [
                k.dep
                for k in s.kids(d.gov, "dep", "nsubj")
                if k.dep < v and s.words[k.dep].pos.startswith("NN")
            ]
            if hanging:
                return hanging
            continue
        if gov.pos == "VBN" and gov.lemma in AFFILIATED and d.rel == "dep":
            # 'a cell affiliated with X kidnapped ...' misparsed around 'affiliated'
            named = [k.dep for k in s.kids(d.gov, "obl:with", "obl:to")]
            if named:
                return named
        by = _by(s, d.gov)
        tools = all(_lemma(s, k) in INSTRUMENTS for k in _subjects(s, d.gov))
        if gov.pos in ("VBN", "VBD") and by and tools:
            return by  # 'a landmine left (behind) by X killed ...' misparsed around 'left'
        if gov.pos.startswith("VB") and gov.lemma in SPEECH_VERBS and d.rel.startswith("conj"):
            # 'SANA said the army repelled the attack and killed N', with 'killed' taken for
            # a second verb of 'said': the reported clause's subject, not the speaker
            for c in s.kids(d.gov, "ccomp"):
                if c.dep < v and (subj := _subjects(s, c.dep)):
                    return subj
        if gov.pos.startswith("VB") or any(True for _ in s.kids(d.gov, "cop")):
            subj = _subjects(s, d.gov) or by
            if subj:
                return subj
            return _inherited_subject(s, d.gov, depth + 1)
    return []


def _adjacent_subject(s: Sent, v: int) -> list[int]:
    """The actor named right before a verb that has no subject, which the parser attached to
    the phrase before it (*in Homs, IS attacked a checkpoint*, with *IS* read as an apposition
    of *Homs*), or read as the noun of a time phrase with no comma after it (*on Sunday SDF
    fighters freed P*: *on [Sunday SDF fighters]*)."""
    if v == 0:
        return []
    h = v - 1
    if _time_noun(s, h, v):
        named = [h, *(d.dep for d in s.kids(h, "compound"))]
        return [h] if any(_names_actor(s, k) for k in named) else []
    if s.words[h].lower in TIME_WORDS:  # 'said ISIS on Sunday executed', 'ISIS' read as said's
        h = min(s.subtree(h)) - 1
        speech = all(
            d.rel in ("obj", "dep") and _lemma(s, d.gov) in SPEECH_VERBS for d in s.govs(h)
        )
        return [h] if h >= 0 and _names_actor(s, h) and speech else []
    if not _names_actor(s, h):
        return []
    if not all(d.rel in ("appos", "dep") for d in s.govs(h)):
        return []
    return [h]


def _names_actor(s: Sent, i: int) -> bool:
    m = s.words[i].mention
    return m is not None and bool(m.actor) and m.place is None


def _time_noun(s: Sent, h: int, v: int) -> bool:
    """``h`` is the head of an oblique of verb ``v`` whose modifier is a time word."""
    govs = list(s.govs(h))
    return (
        bool(govs)
        and all(d.gov == v and d.rel.startswith("obl") for d in govs)
        and any(s.words[d.dep].lower in TIME_WORDS for d in s.kids(h, "compound"))
    )


def _struck_a_place(s: Sent, t: Trig) -> bool:
    """The verb's objects are all places (*bombed the IS-held village of P*): its target was
    read from who holds them."""
    objs = [d.dep for d in s.kids(t.i, "obj")]
    return (
        not t.noun
        and bool(objs)
        and all(_is_place_phrase(s, o) and _lemma(s, o) not in FORCE_NOUNS for o in objs)
    )


def roles(s: Sent, t: Trig, res: Resolver, hosted: list[Trig]) -> Mentioned:
    """Who did what to whom for trigger ``t`` (``hosted``: triggers folded into it)."""
    ev = Mentioned(s, t, t.etype)
    if t.noun:
        _noun_roles(s, t, res, ev)
    else:
        _verb_roles(s, t, res, ev)
    for h in hosted:
        sub = Mentioned(s, h, h.etype)
        if h.noun:
            _noun_roles(s, h, res, sub)
        else:
            _verb_roles(s, h, res, sub)
        if not ev.attackers and sub.attackers:
            ev.attackers = sub.attackers
            ev.how.append("folded-agent")
        if not ev.targets and sub.targets:
            ev.targets = [a for a in sub.targets if a not in ev.attackers]
            ev.how.append("folded-target")
        elif sub.targets == [res.civilians] and ev.targets and _struck_a_place(s, t):
            ev.targets = list(sub.targets)  # 'bombed the IS-held village of P, killing 56
            ev.how.append("victims-civilians")  # civilians': the dead, not who holds P
        general = ev.etype in ("attack", "killing")
        if general and h.noun and sub.etype not in ("attack", "killing", "offensive"):
            ev.etype = sub.etype  # 'Shelling by X struck Y': a shelling
        ev.place_words |= sub.place_words
        ev.supporters += [x for x in sub.supporters if x not in ev.supporters]
    if not ev.targets and not t.noun:  # 'shelled P with mortars, wounding five civilians'
        for d in s.kids(t.i, "advcl", "xcomp", "dep", "conj"):
            if _lemma(s, d.dep) in ("wound", "injure") and s.words[d.dep].pos == "VBG":
                hurt = _actors(s, [k.dep for k in s.kids(d.dep, "obj")], res)
                ev.targets = [a for a in hurt if a not in ev.attackers]
                if ev.targets:
                    ev.how.append("wounded-target")
                    break
    if not ev.targets and not t.noun:  # 'N died when X bombed P': the dead
        dead = _dead_of_when_clause(s, t.i)
        ev.targets = [a for a in _actors(s, dead, res, "target") if a not in ev.attackers]
        if ev.targets:
            ev.how.append("dead-target")
    if not t.noun and not _subjects(s, t.i):
        _accused(s, t.i, res, ev)
    if (
        not ev.attackers
        and not t.noun
        and t.sense
        and t.sense.subject in ("agent", "participant")
        and not _passive(s, t.i)
        and not _provoking(s, t.i)
        and not _instrument_subject(s, t.i)
    ):
        inherited = (
            _adjacent_subject(s, t.i) or _inherited_subject(s, t.i) or _opening_subject(s, t.i)
        )
        if inherited:
            ev.attackers = _actors(s, inherited, res)
            _retype_by_instrument(s, inherited, ev)  # 'warplanes ... by targeting X': a strike
            ev.how.append("inherited-subject")
    _supporters(s, t, res, ev)
    for subj in [d.dep for d in s.kids(t.anchor, "nsubj", "nsubj:xsubj")]:
        ev.attackers += [a for a in companions(s, subj, res) if a not in ev.attackers]
    if len(ev.attackers) > 1 and set(ev.attackers) & set(ev.targets):
        ev.attackers = [a for a in ev.attackers if a not in ev.targets]
    if not {"internal", "reciprocal"} & set(ev.how):
        ev.targets = [a for a in ev.targets if a not in ev.attackers]
    if res.civilians in ev.attackers and not {"internal", "reciprocal"} & set(ev.how):
        ev.attackers = [a for a in ev.attackers if a != res.civilians]  # a misread phrase
    if ev.etype == "attack" and ev.targets and all(a == res.civilians for a in ev.targets):
        ev.etype = "killing"  # an attack whose victims are all civilians
    sides = [a for a in ev.targets if a != res.civilians]
    if ev.etype == "armed_clash" and not ev.attackers and len(sides) >= 2:
        # 'N soldiers and M IS fighters were killed in the clashes': the two sides
        ev.attackers = sides[:1]
        ev.targets = [a for a in ev.targets if a != sides[0]]
        ev.how.append("both-sides")
    return ev


def _actors(s: Sent, heads: list[int], res: Resolver, role: str = "agent") -> list[str]:
    out: list[str] = []
    for h in heads:
        for a in res.of(s, h, role=role):
            if a not in out:
                out.append(a)
    return out


def _misparsed_placer(s: Sent, v: int) -> list[int]:
    """*A mine planted by X exploded*, parsed with *planted* as the main verb and *exploded*
    hanging on it: the agent of the participle whose subject is the instrument."""
    out: list[int] = []
    for d in s.govs(v, "dep", "advcl", "conj", "parataxis"):
        if d.gov < 0 or s.words[d.gov].pos not in ("VBN", "VBD"):  # 'left' tagged as past
            continue
        tools = _subjects(s, d.gov)
        if tools and all(_lemma(s, k) in INSTRUMENTS for k in tools):
            out += _by(s, d.gov)
    return out


def _placed_by(s: Sent, heads: list[int]) -> list[int]:
    """Who placed the instruments among ``heads``: *killed by a landmine left by X*, *by a
    bomb planted by X*."""
    return [
        k
        for h in heads
        if _lemma(s, h) in INSTRUMENTS
        for d in s.kids(h, "acl")
        if _lemma(s, d.dep) in AGENT_PARTICIPLES | {"leave"}
        for k in _by(s, d.dep)
    ]


def _verb_roles(s: Sent, t: Trig, res: Resolver, ev: Mentioned) -> None:
    v = t.i
    sense = t.sense or VerbSense(t.etype)
    passive = _passive(s, v)
    subj = [d.dep for d in s.kids(v, "nsubj:pass")] if passive else _subjects(s, v)
    agents = _by(s, v) if passive else subj
    if passive:
        agents = agents + _placed_by(s, agents)
    objs = subj if passive else [d.dep for d in s.kids(v, "obj") if d.dep != v]
    if not objs and not passive and sense.obj == "target":
        nxt = _next_phrase(s, v)
        objs = [nxt] if nxt is not None else []
    ev.arg_words.update(subj + objs + agents)
    if sense.subject == "participant":
        ev.attackers = _actors(s, agents if passive else subj, res)
        others = _obl(s, v, "with", "against") + objs
        if any(_lemma(s, o) in ("other", "another") for o in others):  # 'fighting each other'
            ev.targets = list(ev.attackers)
            ev.how.append("reciprocal")
            return
        ev.targets = _actors(s, others, res)
        if not ev.targets and len(ev.attackers) > 1:  # 'X and Y have been fighting in P'
            ev.attackers, ev.targets = ev.attackers[:1], ev.attackers[1:]
        if not ev.targets:
            both = _actors(s, _between(s, v), res)
            if ev.attackers:
                ev.targets = both
            else:
                ev.attackers, ev.targets = both[:1], both[1:]
        ev.how.append("clash")
        _place_args(s, others, ev)
        return
    if sense.subject == "loser" and not passive:
        ev.targets = _actors(s, subj, res)
        ev.attackers = _actors(s, _obl(s, v, "to"), res)  # 'lost P to X', 'surrendered to X'
        _place_args(s, objs, ev, force=True)
        ev.how.append("loser-subject")
        return
    if sense.subject == "place":
        gainers = _obl(s, v, "to", "into", "under")
        # 'fell into the hands of X', 'came under the control of X'
        gainers += [
            k.dep
            for g in gainers
            if _lemma(s, g) in HOLD_NOUNS
            for k in s.kids(g, "nmod:of", "nmod:poss", "compound", "amod")
        ]
        ev.attackers = _actors(s, gainers, res)
        _place_args(s, subj, ev, force=True)
        ev.how.append("place-subject")
        return
    if sense.subject == "instrument":
        placers = _by(s, v) + _placed_by(s, subj) + _misparsed_placer(s, v)
        ev.attackers = _actors(s, placers, res)  # 'a mine planted by X exploded'
        _retype_by_instrument(s, subj, ev)
        ev.targets = _struck(s, v, res)
        ev.how.append("instrument")
        return
    ev.attackers = _actors(s, agents, res)
    if not ev.attackers:  # 'a device planted by X targeted ...'
        ev.attackers = _actors(
            s,
            [
                k.dep
                for a in agents
                for d in s.kids(a, "acl")
                for k in s.kids(d.dep, "obl:agent", "obl:by")
                # 'a mine left by X' (never 'forces backed by X': supporters are no agents)
                if k.rel == "obl:agent" or _lemma(s, d.dep) in AGENT_PARTICIPLES | {"leave"}
            ],
            res,
        )
    _retype_by_instrument(s, agents, ev)
    if sense.obj == "target":
        place_objs = [
            o
            for o in objs
            if _is_place_phrase(s, o) and (s.words[o].lemma in PLACE_NOUNS or not res.of(s, o))
        ]
        ev.targets = _actors(s, [o for o in objs if o not in place_objs], res, "target")
        _place_args(s, place_objs, ev, force=True)
        for o in place_objs if not ev.targets else []:
            ev.targets = res.deep(s, o) or _owners(s, o, res)  # 'struck the IS-held town'
            if ev.targets:
                break
        if not ev.targets:
            ev.targets = _actors(s, _obl(s, v, "against", "on", "targeting", "into"), res, "target")
        if not ev.targets:
            ev.targets = _carried(s, objs, res)  # 'targeted a bus carrying X'
        if not ev.targets:
            ev.targets = _struck(s, v, res)  # 'blew himself up among X', 'struck at X positions'
        _place_args(s, _obl(s, v, "on", "against"), ev)
    elif sense.obj == "place":
        _place_args(s, objs, ev, force=True)
        owners = [a for o in objs for a in _owners(s, o, res)]
        losers = (
            _obl(s, v, "from")
            + (_cleared_of(s, v) if _lemma(s, v) == "clear" else [])
            + [
                k.dep
                for d in s.kids(v, "advcl", "xcomp", "conj")  # 'ripping it away from X'
                for k in s.kids(d.dep, "obl:from")
            ]
            + [k.dep for o in objs for j in s.subtree(o) for k in s.kids(j, "nmod:from")]
            + [k.dep for d in s.govs(v, "amod") for k in s.kids(d.gov, "nmod:from")]
        )  # 'the airbase from X', 'control of P and the dam from X' (on the last conjunct);
        # 'seizing parts of it from X' misparsed as a modifier
        ev.targets = _actors(s, losers, res) or owners
        ev.anaphoric_object = any(
            _lemma(s, o) in TERRITORY
            and s.words[o].mention is None
            and _has_kid(s, o, ("det",), {"the", "this", "that"})
            and not any(True for _ in s.kids(o, "nmod:of", "compound"))
            for o in objs
        )
        if not ev.targets and any(_lemma(s, o) == "control" for o in objs):
            for o in objs:
                for d in s.kids(o, "nmod:of", "nmod:over"):
                    ev.targets += [a for a in _owners(s, d.dep, res) if a not in ev.targets]
        ev.how.append("capture")
    elif sense.obj == "fired":
        aimed = _obl(s, v, "on", "at", "into", "against")
        ev.targets = _actors(s, aimed, res, "target") or [
            a for h in aimed for a in _owners(s, h, res)
        ]
        _place_args(s, aimed, ev, force=True)
        ev.how.append("fired")
    elif sense.obj == "loser":
        # 'after expelling X from P', misparsed with 'expelling' as a modifier of X
        modified = [] if objs else [d.gov for d in s.govs(v, "amod") if d.gov >= 0]
        ev.targets = _actors(s, objs or modified, res, "target")
        from_places = [k.dep for m in modified for k in s.kids(m, "nmod:from", "nmod:out_of")]
        _place_args(s, _obl(s, v, "from", "out_of", "of") + from_places, ev, force=True)
        ev.how.append("expel")
    captives = any(_lemma(s, o) in CAPTIVE_PEOPLE for o in objs)
    if (
        ev.etype in ("killing", "abduction", "arrest")
        and not ev.targets
        and res.civilians
        and captives
    ):
        ev.targets = [res.civilians]  # 'executed five men', 'kidnapped two people'
    if ev.etype in ("armed_clash", "attack") and _lasting(s, v):
        ev.etype = "offensive"  # 'fought for three and a half months'
        if not ev.targets:
            ev.targets = _purpose_target(s, v, res)
    ev.how.append("passive" if passive else "active")


LONG_UNITS = frozenset({"week", "month", "year"})
PURPOSE_VERBS = frozenset(
    {"drive", "expel", "oust", "capture", "take", "retake", "recapture", "seize", "defeat",
     "control",
     "attack", "clear", "liberate", "dislodge", "push", "crush", "eliminate", "destroy"}
)  # fmt: skip


STRUCK_CASES = ("at", "on", "among", "against", "targeting", "inside", "in", "near", "outside")
"""Where an instrument went off: *at an SDF checkpoint*, *among regime soldiers*."""


CARRY_VERBS = frozenset({"carry", "transport", "ferry"})
"""*a bus carrying regime soldiers*: what a vehicle carries is whom hitting it hits."""


def _carried(s: Sent, heads: list[int], res: Resolver) -> list[str]:
    """The actors the vehicles among ``heads`` carried."""
    return [
        a
        for h in heads
        for d in s.kids(h, "acl")
        if _lemma(s, d.dep) in CARRY_VERBS
        for k in s.kids(d.dep, "obj")
        for a in res.of(s, k.dep, anaphora=False)
    ]


def _struck(s: Sent, v: int, res: Resolver) -> list[str]:
    """Whom a device that went off hit: the people among whom, or the side whose post,
    convoy or gathering it went off at (never a place's name: *in Raqqa* hits no one)."""
    heads = _obl(s, v, *STRUCK_CASES)
    # 'at the entrance of an Asayish centre': the post is one 'of' further
    heads += [d.dep for h in heads for d in s.kids(h, "nmod:of") if s.words[h].mention is None]
    hit = [a for h in heads if s.words[h].mention is None for a in _owners(s, h, res)]
    hit += _carried(s, heads, res)
    people = [h for h in heads if not _is_place_phrase(s, h) and s.words[h].mention is not None]
    return list(dict.fromkeys(hit + _actors(s, people, res, "target")))


def _lasting(s: Sent, v: int) -> bool:
    """'for three months', 'for weeks': a lasting fight is an offensive."""
    for d in s.kids(v, "obl:for", "obl:tmod", "obl:npmod"):
        if _lemma(s, d.dep) in LONG_UNITS:
            return True
    return False


def _lasting_noun(s: Sent, i: int) -> bool:
    """*a three-week assault*, *a months-long attack*: what lasted weeks was a campaign."""
    for d in s.kids(i, "compound", "amod"):
        word = s.words[d.dep]
        parts = word.lower.replace("-", " ").split()
        if word.lemma in LONG_UNITS or any(p.rstrip("s") in LONG_UNITS for p in parts):
            return True
    return False


def _purpose_target(s: Sent, v: int, res: Resolver, depth: int = 0) -> list[str]:
    """'launched to drive IS out of P', 'fought to take the city': whom the purpose names."""
    for d in s.kids(
        v, "advcl", "xcomp", "acl", "advcl:to", "acl:to", "dep", "advcl:at", "acl:at", "obl:at"
    ):
        if depth == 0 and _lemma(s, d.dep) in LIGHT_VERBS | {"aim", "seek", "intend"}:
            found = _purpose_target(s, d.dep, res, 1)  # 'the offensive, launched to drive ...'
            if found:
                return found
        if _lemma(s, d.dep) in PURPOSE_VERBS:
            objs = [k.dep for k in s.kids(d.dep, "obj")]
            found = [a for o in objs for a in res.of(s, o, anaphora=False)]
            found += [a for o in objs for a in _owners(s, o, res)]  # 'the areas of X'
            found += [a for k in s.kids(d.dep, "obl:from", "obl:out_of") for a in res.of(s, k.dep)]
            if found:
                return found
    return []


def _between(s: Sent, v: int) -> list[int]:
    return [d.dep for d in s.kids(v) if d.rel in ("nmod:between", "obl:between")]


HOLD_LEMMAS = frozenset({"hold", "control", "occupy"})


def _owners(s: Sent, o: int, res: Resolver) -> list[str]:
    """Who holds a place phrase: *IS's stronghold*, *the IS-held town*, *regime positions*."""
    out: list[str] = []
    for d in s.kids(o, "nmod:poss", "compound", "amod", "nmod:of"):
        w = s.words[d.dep]
        if w.mention is not None and w.mention.actor and w.mention.place is None:
            out.append(w.mention.actor)
        elif w.lemma.endswith(("held", "controlled", "occupied")) or w.lemma in HOLD_LEMMAS:
            for e in s.kids(d.dep, "obl", "compound", "dep", "obl:npmod", "nsubj"):
                out += res.of(s, e.dep, anaphora=False)
            before = d.dep - 2  # 'IS-held': IS, hyphen, held
            if before >= 0 and s.words[d.dep - 1].text in ("-", "–"):
                out += res.of(s, before, anaphora=False)
        elif w.lemma in ("its", "their"):
            out += res.of(s, d.dep)
    return list(dict.fromkeys(out))


def _place_args(s: Sent, heads: list[int], ev: Mentioned, force: bool = False) -> None:
    for h in heads:
        if force or _is_place_phrase(s, h):
            ev.place_words.update(s.subtree(h))


def _retype_by_instrument(s: Sent, heads: list[int], ev: Mentioned) -> None:
    if ev.etype not in ("attack", "bombing", "shelling"):
        return
    words: list[int] = []
    for h in heads:
        words.append(h)
        words += [d.dep for d in s.kids(h, "compound", "amod", "nmod:of")]
        after = h + 1  # 'a US drone killed', with 'drone' read as a verb
        if after < len(s.words) and s.words[after].lower in ("drone", "drones"):
            words.append(after)
    for d in s.kids(ev.trig.i, "obl:with", "obl:by", "obl:using", "nmod:with", "obl:agent"):
        words.append(d.dep)  # 'with rocket shells': the means and what names its kind
        words += [k.dep for k in s.kids(d.dep, "compound", "amod")]
    for k in words:
        w = s.words[k]
        if w.lemma in SUICIDE or any(
            s.words[d.dep].lemma in SUICIDE for d in s.kids(k, "compound", "amod")
        ):
            ev.etype = "suicide_attack"
            return
        kind = INSTRUMENTS.get(w.lemma)
        if kind is not None:
            if kind == "air_strike" and ev.etype in ("bombing", "shelling"):
                ev.etype = "air_strike"  # 'jets bombarded', 'warplanes bombed'
            elif ev.etype == "attack":
                ev.etype = kind
            return
        named = w.mention.text.lower() if w.mention is not None else ""
        if named.endswith(("drone", "drones")):  # 'an RAF Reaper drone', 'US drones' as one name
            ev.etype = "drone_strike" if ev.etype == "attack" else ev.etype
            return
        if named.endswith(
            ("aircraft", "air force", "jets", "warplanes", "aerospace forces", "air forces")
        ):
            ev.etype = "air_strike"
            return


def _noun_roles(s: Sent, t: Trig, res: Resolver, ev: Mentioned) -> None:
    n = t.i
    w = s.words[n]
    patient_of = w.lemma in (
        "killing", "execution", "beheading", "massacre", "assassination", "abduction",
        "kidnapping", "arrest", "detention",
    )  # fmt: skip
    place_of = w.lemma in (
        "capture",
        "recapture",
        "seizure",
        "takeover",
        "liberation",
        "fall",
        "loss",
    )
    agent_heads: list[int] = []
    patients: list[int] = []
    for d in s.kids(n, "compound", "amod", "nmod:poss", "nmod:by", "nmod:agent", "obl:by"):
        if d.dep == n or _lemma(s, d.dep) in {*COMPOUND_TYPES, "counter", "surprise"}:
            continue
        who = res.of(s, d.dep, anaphora=False) if d.rel in ("compound", "amod") else ["?"]
        if not who:
            continue
        if who == [res.civilians]:
            patients.append(d.dep)  # 'a civilian massacre'
            continue
        agent_heads.append(d.dep)
    of_heads = [d.dep for d in s.kids(n, "nmod:of")]
    if of_heads and not patient_of and not place_of and not agent_heads:
        agent_heads = [h for h in of_heads if res.of(s, h, anaphora=False)]
    carriers = [d.dep for d in s.kids(n, "acl")]
    carriers += [d.dep for d in s.kids(n, "amod") if s.words[d.dep].pos == "VBN"]  # 'set by X'
    carriers += [d.gov for d in s.govs(n, "nsubj") if d.gov >= 0 and s.words[d.gov].pos == "VBN"]
    for c in carriers:  # 'air raids carried out by X', 'a bomb planted by X'
        if _lemma(s, c) in LIGHT_VERBS | AGENT_PARTICIPLES:
            agent_heads += _by(s, c)
    under = _came_under(s, n)
    if under is not None:  # 'X came under (heavy) fire / shelling from Y'
        agent_heads += [d.dep for d in s.kids(under, "obl:from", "obl:by")]
        agent_heads += [d.dep for d in s.kids(n, "nmod:from", "obl:from")]
    ev.attackers = _actors(s, agent_heads, res)
    _retype_by_instrument(s, agent_heads, ev)
    if under is not None:
        ev.targets = [a for a in _actors(s, _subjects(s, under), res) if a not in ev.attackers]
        ev.arg_words.update(agent_heads)
        ev.how.append("came-under")
        return
    target_heads = [
        d.dep for d in s.kids(n, "nmod:on", "nmod:against", "nmod:at", "nmod:targeting")
    ]
    for d in s.kids(n, "acl"):  # 'strikes targeting X', '12 strikes, destroying X positions'
        if _lemma(s, d.dep) in HIT_EFFECTS | {"strike"}:
            target_heads += [k.dep for k in s.kids(d.dep, "obj")]
    target_heads += _effect_objects(s, n)
    if patient_of:
        target_heads += of_heads
    target_heads += patients
    if place_of:
        _place_args(s, of_heads, ev, force=True)
        owners = [a for h in of_heads for a in _owners(s, h, res)]
        ev.targets = _actors(s, [d.dep for d in s.kids(n, "nmod:from")], res) or owners
    ev.arg_words.update(agent_heads + target_heads)
    place_targets = [
        h
        for h in target_heads
        if _is_place_phrase(s, h) and (s.words[h].lemma in PLACE_NOUNS or not res.of(s, h))
    ]
    _place_args(s, place_targets, ev, force=True)
    if not ev.targets:
        res.exclude = frozenset(ev.attackers)  # 'an IS attack on their positions'
        ev.targets = _actors(s, [h for h in target_heads if h not in place_targets], res, "target")
        res.exclude = frozenset()
    hosts = {n, t.anchor, *(d.gov for d in s.govs(n, "nsubj", "obj") if d.gov >= 0)}
    inside = [
        d.dep
        for h in hosts
        for d in s.kids(
            h, "nmod:inside", "nmod:within", "nmod:among", "obl:inside", "obl:within", "obl:among"
        )
    ]
    inner = _actors(s, inside, res) if t.etype in ("armed_clash", "killing") else []
    if inner:  # 'inside Daesh there are many clashes and executions'
        ev.attackers, ev.targets = inner[:1], inner[:1]
        ev.how.append("internal")
        return
    if t.etype == "armed_clash":
        between = [
            d.dep for h in hosts for d in s.kids(h, "nmod:between", "obl:between") if d.dep != n
        ]
        if not between:  # 'clashes erupted in P between X and Y', with 'between' hung on P
            between = [
                k.dep
                for h in hosts
                for d in s.kids(h, "obl", "nmod")
                if d.dep != n and _is_place_phrase(s, d.dep)
                for k in s.kids(d.dep, "nmod:between")
            ]
        if between:
            both = _actors(s, between, res)
            ev.attackers, ev.targets = both[:1], both[1:]
        with_ = _actors(
            s,
            [d.dep for d in s.kids(n, "nmod:with", "nmod:against", "obl:with", "obl:against")],
            res,
        )
        if with_ and not ev.targets:
            ev.targets = with_
    a = t.anchor
    if t.host == "light":
        passive = _passive(s, a)
        agents = _by(s, a) if passive else _subjects(s, a)
        if not agents and not passive:
            agents = _inherited_subject(s, a)
        if not ev.attackers:
            ev.attackers = _actors(s, agents, res)
            _retype_by_instrument(s, agents, ev)
        if not ev.targets:
            ev.targets = _actors(s, _obl(s, a, "against", "on", "targeting"), res)
        if not ev.targets and ev.etype == "offensive":
            ev.targets = _purpose_target(s, a, res) or _purpose_target(s, n, res)
        _place_args(s, _obl(s, a, "on", "against"), ev)
        ev.how.append("light-verb")
    elif t.host == "defence":
        if not ev.targets and _passive(s, a):
            ev.targets = [x for x in _actors(s, _by(s, a), res) if x not in ev.attackers]
            if not ev.attackers:  # 'X tried to storm P, but the attack was repelled by Y'
                found = _actors(s, _inherited_subject(s, a), res)
                ev.attackers = [x for x in found if x not in ev.targets]
        if not ev.targets:
            ev.targets = _actors(s, _subjects(s, a) or _inherited_subject(s, a), res)
        if not ev.attackers and not _passive(s, a):
            ev.attackers = _actors(s, _by(s, a), res)  # 'faced attacks (...) by X'
            ev.targets = [x for x in ev.targets if x not in ev.attackers]
        ev.how.append("repelled")
    elif t.host == "casualty":
        victims = [d.dep for d in s.kids(a, "obj")]
        if _lemma(s, a) == "lose":  # 'X lost 12 fighters in ...': X's dead
            victims = [d.dep for d in s.kids(a, "nsubj")]
        if _lemma(s, a) in DEATH_NOUNS:
            victims = _quantified_people(s, [d.dep for d in s.kids(a, "nmod:of")])
        if not victims:
            victims = [d.dep for d in s.kids(a, "nsubj:pass", "nsubj") if d.dep != n]
        if not ev.targets and t.etype != "armed_clash":
            ev.targets = _actors(s, victims, res, "target")
        if not ev.attackers and _lemma(s, a) not in ("die", "lose"):
            killers = (
                _by(s, a) if _passive(s, a) else [d.dep for d in s.kids(a, "nsubj") if d.dep != n]
            )
            ev.attackers = [x for x in _actors(s, killers, res) if x not in ev.targets]
            if t.etype == "armed_clash" and ev.attackers:
                ev.targets = [
                    x for x in _actors(s, victims, res, "target") if x not in ev.attackers
                ]
        if t.etype == "armed_clash" and ev.targets and not ev.attackers:
            # 'N of X were killed in clashes with Y': X was the other side (civilians caught
            # in the fighting are no side)
            ev.attackers = [
                x for x in _actors(s, victims, res) if x not in ev.targets and x != res.civilians
            ]
        if t.etype == "armed_clash" and not ev.targets and not ev.attackers:
            # 'N of X and M of Y died in clashes in P': the dead name both sides
            sides = [x for x in _actors(s, victims, res) if x != res.civilians]
            if len(sides) == 2:
                ev.attackers, ev.targets = sides[:1], sides[1:]
        if t.etype == "attack" and ev.targets and all(x == res.civilians for x in ev.targets):
            ev.how.append("victims-civilians")
        ev.how.append("casualty-host")
    else:
        if not ev.targets and ev.etype == "offensive":
            ev.targets = _purpose_target(s, n, res)
    _claimed(s, n, res, ev)
    _accused(s, n, res, ev)
    ev.how.append("noun")


def _accused(s: Sent, n: int, res: Resolver, ev: Mentioned) -> None:
    """'X accused Y of shelling P': the accused is the attacker (the stance is X's)."""
    if ev.attackers:
        return
    for d in s.govs(n, "obl:of", "nmod:of", "advcl:of", "obl:for", "obj"):
        if d.gov < 0 or _lemma(s, d.gov) not in ACCUSE_VERBS:
            continue
        if d.rel == "obj":  # 'X blamed the attack on Y' ('on Y' read either way)
            on = _obl(s, d.gov, "on") + [k.dep for k in s.kids(n, "nmod:on")]
            ev.attackers = _actors(s, on, res)
            ev.targets = [x for x in ev.targets if x not in ev.attackers]
        else:  # 'X accused Y of the attack', 'X blamed Y for the attack'
            ev.attackers = _actors(s, [o.dep for o in s.kids(d.gov, "obj")], res)
        if ev.attackers:
            ev.how.append("accused")
            return
    # 'X accused Y of shelling villages', parsed with 'shelling' a modifier of 'villages' and
    # 'villages' hung on 'accused': Y is the attacker, what is modified is the object
    for m in s.govs(n, "amod"):
        for d in s.govs(m.gov, "obl:of") if m.gov >= 0 else []:
            if d.gov >= 0 and _lemma(s, d.gov) in ACCUSE_VERBS:
                ev.attackers = _actors(s, [o.dep for o in s.kids(d.gov, "obj")], res)
                if ev.attackers:
                    ev.targets = ev.targets or [
                        a for a in _actors(s, [m.gov], res, "target") if a not in ev.attackers
                    ]
                    _place_args(s, [m.gov], ev)
                    ev.how.append("accused")
                    return


def _claimed(s: Sent, n: int, res: Resolver, ev: Mentioned) -> None:
    """Who claimed the event noun ``n``: 'X claimed (responsibility for) the bombing',
    'X said it was responsible for the bombing', 'an assassination claimed by X'."""
    if ev.attackers:
        return
    claimers = [d.gov for d in s.govs(n, "obj") if d.gov >= 0 and _lemma(s, d.gov) in CLAIMS]
    claimers += [  # 'IS claimed the bombing in a statement', misparsed
        k for k in range(max(0, n - 3), n) if _lemma(s, k) in CLAIMS and _next_phrase(s, k) == n
    ]
    for d in s.govs(n, "nmod:for", "obl:for"):
        if d.gov >= 0 and _lemma(s, d.gov) in RESPONSIBILITY_NOUNS:
            claimers += [g.gov for g in s.govs(d.gov, "obj") if g.gov >= 0]
        if d.gov >= 0 and _lemma(s, d.gov) == "responsible":
            claimers.append(d.gov)
    for v in claimers:
        ev.attackers = _actors(s, _subjects(s, v), res)
        if ev.attackers:
            ev.how.append("claimed")
            return
    for d in s.kids(n, "acl"):
        if _lemma(s, d.dep) in CLAIMS:
            ev.attackers = _actors(s, _by(s, d.dep), res)
            if ev.attackers:
                ev.how.append("claimed")
                return


def _supporters(s: Sent, t: Trig, res: Resolver, ev: Mentioned) -> None:
    found: list[str] = []
    heads = {t.i, t.anchor, *_inherited_subject(s, t.anchor), *_opening_subject(s, t.anchor)}
    for d in s.kids(t.anchor, "nsubj", "nsubj:xsubj", "obl:agent"):
        heads.add(d.dep)
    for h in heads:
        more, words = supporters(s, h, res)
        found += [x for x in more if x not in found]
        ev.arg_words -= words
    ev.supporters = [x for x in found if x]
    if ev.supporters:
        ev.attackers = [a for a in ev.attackers if a not in ev.supporters] or [
            a for a in ev.attackers
        ]
        ev.how.append("supported")


def clause_words(s: Sent, t: Trig, others: list[Trig]) -> set[int]:
    """Words of the trigger's clause: the anchor's subtree without the clauses of other
    (unfolded) triggers that hang inside it."""
    stop = {o.anchor for o in others if o.anchor != t.anchor and o.folded_into is None}
    root = t.anchor
    for k in s.subtree(root):
        if s.words[k].pos.startswith("NN"):
            for d in s.kids(k, "acl:relcl", "acl", "appos"):
                if not _kill_like(s, d.dep) and d.dep != root:
                    stop.add(d.dep)
    return set(s.subtree(root, frozenset(stop - {root})))


def _kill_like(s: Sent, i: int) -> bool:
    return _lemma(s, i) in KILL_LEMMAS


def sentence_events(s: Sent, res: Resolver) -> list[Mentioned]:
    """Factual event mentions of one sentence."""
    triggers = find_triggers(s)
    out: list[Mentioned] = []
    by_host: dict[int, list[Trig]] = {}
    for t in triggers:
        if t.folded_into is not None:
            by_host.setdefault(t.folded_into, []).append(t)
    carriers = {t.anchor for t in triggers if t.noun and t.host == "defence"}
    real = [
        t
        for t in triggers
        if t.folded_into is None and factual(s, t) and (t.noun or t.i not in carriers)
    ]
    victims: list[str] = []
    for t in real:
        res.anaphoric = False
        ev = roles(s, t, res, by_host.get(t.i, []))
        figure = (
            _lemma(s, t.i) == "kill"
            and not t.noun
            and _passive(s, t.i)
            and not ev.attackers
            and t.i not in by_host
        )
        named_attack = any(o.noun and o.etype in ATTACK_FAMILY and o.i != t.i for o in real)
        if figure and (res.civilians not in ev.targets or named_attack):
            victims = ev.targets  # 'N SDF fighters were killed': a casualty figure ...
            continue
        res.note_event(ev.attackers, ev.targets)
        ev.generic = generic(s, t)
        ev.definite = (
            (res.anaphoric and t.host != "casualty")  # the dead as a pronoun: no repeat
            or ev.anaphoric_object
            or (
                t.noun
                and any(_lemma(s, d.dep) in ("the", "this", "that") for d in s.kids(t.i, "det"))
                and (
                    "accused" in ev.how  # 'blamed the attack on X': X is who, not what
                    or not any(True for _ in s.kids(t.i, *OWN_ARGUMENTS))
                )
            )
        )
        ev.words = clause_words(s, t, real)
        for h in by_host.get(t.i, []):
            ev.words |= set(s.subtree(h.anchor))
        out.append(ev)
    for ev in out:
        if ev.trig.noun and not ev.attackers and ev.targets:
            for t in triggers:
                if t is ev.trig or t.folded_into is not None or not t.noun:
                    continue
                other = roles(s, t, res, [])
                if other.attackers and set(other.targets) & set(ev.targets):
                    ev.attackers = [a for a in other.attackers if a not in ev.targets]
                    ev.how.append(
                        "sentence-agent"
                    )  # 'attacks against X, the latest the killing of X'
                    break
    if victims:  # ... of the attack the sentence names ('killed ... in an IS attack')
        for ev in out:
            if not ev.targets and ev.etype in ATTACK_FAMILY:
                ev.targets = [v for v in victims if v not in ev.attackers]
                ev.how.append("sentence-victims")
                break
    _share_sides(out)
    _sides_between(s, res, out)
    _losers_who_withdrew(s, res, out)
    return out


def _sides_between(s: Sent, res: Resolver, events: list[Mentioned]) -> None:
    """*a deal between the opposition and the regime ended a government assault*: the sentence
    names the two sides, so an attack by one of them with no target was on the other."""
    heads = [d.dep for w in s.words for d in s.kids(w.i, "nmod:between", "obl:between")]
    sides = _actors(s, heads, res) if heads else []
    if len(sides) != 2:
        return
    for e in events:
        if len(e.attackers) == 1 and not e.targets and e.attackers[0] in sides:
            e.targets = [a for a in sides if a != e.attackers[0]]
            e.how.append("sides-between")


WITHDRAW_VERBS = frozenset({"withdraw", "retreat", "flee", "evacuate", "abandon"})


def _losers_who_withdrew(s: Sent, res: Resolver, events: list[Mentioned]) -> None:
    """'X overran P, forcing Y to withdraw', 'X regained P after Y withdrew from the city':
    a capture that names no loser takes the actor the sentence says withdrew (in place)."""
    captures = [e for e in events if e.etype == "capture_of_territory" and e.attackers]
    if not any(not e.targets for e in captures):
        return
    losers: list[str] = []
    for w in s.words:
        if w.lemma not in WITHDRAW_VERBS or not w.pos.startswith("VB"):
            continue
        heads = [d.dep for d in s.kids(w.i, "nsubj", "nsubj:xsubj")]
        for d in s.govs(w.i, "xcomp"):  # 'forcing Y to withdraw': Y is the object of 'force'
            if d.gov >= 0:
                heads += [o.dep for o in s.kids(d.gov, "obj")]
        for a in _actors(s, heads, res, role="target"):
            if a not in losers:
                losers.append(a)
    for e in captures:
        found = [a for a in losers if a not in e.attackers]
        if not e.targets and found:
            e.targets = found
            e.how.append("loser-withdrew")


SIDE_SHARING = frozenset({"capture_of_territory", "offensive", "armed_clash", "siege"})
"""Ground fighting: one sentence's capture and the fighting it came after are one fight."""


def _share_sides(events: list[Mentioned]) -> None:
    """'X recaptured P after weeks of fighting with Y': the capture names its gainer, the
    fighting its other side; each takes the side the other names (in place)."""
    fights = [e for e in events if e.etype in SIDE_SHARING and not e.generic]
    for e in fights:  # 'X regained P after expelling Y from Q': X's two captures, one loser
        if e.attackers and not e.targets:
            for o in fights:
                same = o is not e and o.etype == e.etype and set(o.attackers) == set(e.attackers)
                if same and o.targets and not set(o.targets) & set(e.attackers):
                    e.targets = list(o.targets)
                    e.how.append("sides-of-sentence")
                    break
    for e in fights:
        for o in fights:
            one_side = e.attackers and not e.targets and o.targets and not o.attackers
            if o is e or not one_side or set(o.targets) & set(e.attackers):
                continue
            e.targets = list(o.targets)
            o.attackers = list(e.attackers)
            e.how.append("sides-of-sentence")
            o.how.append("sides-of-sentence")
