"""Attacker and target around a trigger, from word order and prepositions (no parser).

Heuristics, in order of trust:
- agent phrases: "attacks by X", "raids carried out by X" ("controlled by X" is not one);
- "clashes between X and Y": X and Y; fighting "inside/among X": X on both sides;
- "TRIGGER of X": the agent or the patient depending on the trigger ("the siege of X" vs
  "the killing of X"); "X's attack", "its attacks": the possessor is the agent;
- the patient: the first actor after the trigger ("attacks on/against/targeting X",
  "arrest members of X"), or the document topic for "against it";
- the agent: the nearest subject-like actor before the trigger (at a clause start, not the
  object of a preposition or of a coordination of objects), also when stated in an earlier
  clause; "the fighters/forces of X" count as X; a subject pronoun ("he", "it") resolves to
  the document's topic actor. Passive triggers ("was attacked") and losing verbs ("IS lost")
  make that subject the patient instead;
- coordinated actors ("X and Y and Z", "X, Y as well as Z") share the role; actors named as
  supporters ("with the support of X", "backed by X") get no role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.extract.gazetteer import FORCE_NOUNS
from loaders.extract.sentences import Mention, Sentence
from loaders.extract.window.lexicon import (
    AGENT_BEFORE_BY,
    COOPERATION_CUES,
    COORD,
    DETERMINERS,
    INTERNAL,
    OBJECT_PREPS,
    PLACE_PREPS,
    PRONOUNS,
    RECIPROCAL,
    SUBJECT_LEFT,
    SUPPORT_CUES,
    Trigger,
)

OPEN_AFTER = PLACE_PREPS | OBJECT_PREPS | {
    ",", ".", ";", ":", "(", ")", "and", "or", "carried", "launched", "which", "that", "–",
}  # fmt: skip
NOUN_DETERMINERS = frozenset(
    {"a", "an", "the", "its", "their", "his", "this", "that", "these", "another", "new",
     "latest", "recent", "fresh", "renewed", "in", "after", "during", "following"}
)  # fmt: skip
"""Words before 'ACTOR attack' that make the actor a noun modifier (headlines drop 'an')."""
QUANTITIES = frozenset({"dozens", "hundreds", "scores", "thousands", "tens", "number", "group"})
DEFENCE_VERBS = frozenset(
    {"repelled", "repulsed", "thwarted", "foiled", "confronted", "resisted", "countered",
     "repel", "repels", "thwart", "foil"}
)  # fmt: skip
KILL_VERBS = frozenset({"killed", "kills", "killing", "wounded", "injured", "captured"})
PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are", "be", "get", "got"})
OBJECT_PRONOUNS = frozenset({"it", "them", "him"})


@dataclass
class Roles:
    attackers: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    how: list[str] = field(default_factory=list)
    """Which heuristics fired, for the claim's rule name."""


def actor_mentions(s: Sentence) -> list[Mention]:
    """Mentions acting as actors: an alias shared with a place counts as a place after 'in'."""
    out = []
    for m in s.mentions:
        if m.actor is None:
            continue
        prev = s.toks[m.i - 1].lower if m.i > 0 else ""
        if m.place is not None and prev in PLACE_PREPS:
            continue
        out.append(m)
    return out


def _cue_before(s: Sentence, m: Mention, cues: tuple[str, ...]) -> bool:
    words = " ".join(t.lower for t in s.toks[max(0, m.i - 5) : m.i])
    return any(words.endswith(c) or words.endswith(f"{c} the") for c in cues)


def _joined(s: Sentence, a: Mention, b: Mention) -> bool:
    """True when only coordination words stand between mentions ``a`` and ``b``."""
    between = [t.lower for t in s.toks[a.j : b.i]]
    return (
        bool(between)
        and all(w in COORD or w in DETERMINERS for w in between)
        and bool({"and", ",", "&", "as"} & set(between))
    )


def _coordinated(s: Sentence, actors: list[Mention], first: Mention, limit: int) -> list[Mention]:
    """``first`` and the actors joined to it by 'and', commas, 'as well as', 'both'."""
    group = [first]
    for m in actors:
        if m.i < group[-1].j or m.i >= limit:
            continue
        if not _joined(s, group[-1], m):
            break
        group.append(m)
    return group


def _ids(ms: list[Mention]) -> list[str]:
    out: list[str] = []
    for m in ms:
        if m.actor and m.actor not in out:
            out.append(m.actor)
    return out


def _left(s: Sentence, i: int) -> tuple[str, int]:
    """The word before position ``i`` skipping determiners, and its index."""
    k = i - 1
    while k >= 0 and s.toks[k].lower in DETERMINERS:
        k -= 1
    return (s.toks[k].lower if k >= 0 else ""), k


def _force_of(s: Sentence, m: Mention) -> bool:
    """'the air fighters of X', 'the forces of X': X stands for its forces."""
    if m.i < 2 or s.toks[m.i - 1].lower != "of":
        return False
    k = m.i - 2
    if s.toks[k].lower not in FORCE_NOUNS | QUANTITIES:
        return False
    while k > 0 and s.toks[k - 1].lower not in SUBJECT_LEFT | OBJECT_PREPS:
        k -= 1
    return _left(s, k)[0] in SUBJECT_LEFT


def subject_like(s: Sentence, actors: list[Mention]) -> list[Mention]:
    """Actors standing where a subject stands (objects and their coordinations removed)."""
    out: list[Mention] = []
    objects: list[Mention] = []
    for m in actors:
        word, _ = _left(s, m.i)
        coop = _cue_before(s, m, COOPERATION_CUES)
        if objects and _joined(s, objects[-1], m):
            objects.append(m)
        elif (out and _joined(s, out[-1], m)) or coop or word in SUBJECT_LEFT or _force_of(s, m):
            out.append(m)
        else:
            objects.append(m)
    return out


def assign(s: Sentence, trig: Trigger, scope_end: int, topic: str | None) -> Roles:
    """Attackers and targets of the event triggered at ``trig`` (tokens up to ``scope_end``)."""
    roles = Roles()
    actors = [m for m in actor_mentions(s) if not _cue_before(s, m, SUPPORT_CUES)]
    lowers = [t.lower for t in s.toks]
    after = [m for m in actors if trig.j <= m.i < scope_end]
    if _special(s, trig, actors, after, scope_end, roles):
        return roles
    if " ".join(lowers[trig.j : trig.j + 3]).endswith(RECIPROCAL):
        roles.attackers = roles.targets = _subject(s, actors, trig, topic, roles)
        roles.how.append("reciprocal")
        return roles
    by_agents = [m for m in after if _agent_by(lowers, m, trig)]
    if by_agents:
        roles.attackers = _ids(_coordinated(s, actors, by_agents[0], scope_end))
        roles.how.append("by-agent")
    modifier = _modifier(s, actors, trig)
    if modifier is not None and not roles.attackers:
        roles.attackers = _ids([modifier])  # 'an ISIS attack', 'coalition air strikes'
        roles.how.append("modifier")
        defender = _defender(s, actors, modifier)
        if defender is not None:
            roles.targets = _ids([defender])
            roles.how.append("defender")
    of_m = _of_phrase(lowers, after, trig)
    if of_m is not None and trig.of_role == "agent" and not roles.attackers:
        roles.attackers = _ids(_coordinated(s, actors, of_m, scope_end))
        roles.how.append("of-agent")
    patients = [m for m in after if m not in by_agents and lowers[m.i - 1] != "by"]
    if of_m is not None and trig.of_role == "agent":
        patients = [m for m in patients if m.i >= of_m.j]
    if trig.subject_role == "patient":
        patients = [m for m in patients if m is of_m]
        gainers = [m for m in after if lowers[m.i - 1] == "to" or _left(s, m.i)[0] == "to"]
        if gainers and not roles.attackers:
            roles.attackers = _ids(gainers[:1])  # 'lost Hajin to the SDF', 'surrendered to X'
            roles.how.append("to-gainer")
    if patients and not roles.targets:
        roles.targets = _ids(_coordinated(s, actors, patients[0], scope_end))
        roles.how.append("object")
    elif (
        trig.j + 1 < len(lowers)
        and lowers[trig.j] in ("against", "on", "targeting")
        and (lowers[trig.j + 1] in OBJECT_PRONOUNS and topic)
    ):
        roles.targets = [topic or ""]
        roles.how.append("object-pronoun")
    passive = trig.i > 0 and lowers[trig.i - 1] in PASSIVE_AUX
    if passive or trig.subject_role == "patient":
        roles.how.append("passive" if passive else "loser-subject")
        if not roles.targets:
            roles.targets = _subject(s, actors, trig, topic, Roles())
    elif not roles.attackers:
        roles.attackers = _subject(s, actors, trig, topic, roles) or _by_before(s, actors, trig)
    if not roles.targets:
        roles.targets = _killed_object(s, actors, trig)
    if {"pronoun-topic", "possessive-pronoun"} & set(roles.how) and roles.targets:
        # a guessed pronoun never overrides an actor named as the target
        roles.attackers = [a for a in roles.attackers if a not in roles.targets]
    roles.targets = [t for t in roles.targets if t not in roles.attackers]
    place_next = any(m.place and m.i == trig.j for m in s.mentions)
    if (
        not roles.targets
        and trig.j < len(lowers)
        and lowers[trig.j] not in OPEN_AFTER
        and (not place_next)
    ):
        roles.how.append("unresolved-object")  # 'ambushed government troops': someone unknown
    return roles


def _special(
    s: Sentence,
    trig: Trigger,
    actors: list[Mention],
    after: list[Mention],
    scope_end: int,
    roles: Roles,
) -> bool:
    """'clashes between X and Y' and fighting inside one group."""
    lowers = [t.lower for t in s.toks]
    if trig.event_type in ("armed_clash", "killing"):
        for m in actors:
            if m.i > 0 and lowers[m.i - 1] in INTERNAL and abs(m.i - trig.i) <= 6:
                roles.attackers = roles.targets = _ids([m])
                roles.how.append("internal")
                return True
    if trig.event_type == "armed_clash" and "between" in lowers[trig.j : trig.j + 4] and after:
        group = _coordinated(s, actors, after[0], scope_end)
        roles.attackers, roles.targets = _ids(group[:1]), _ids(group[1:])
        roles.how.append("between")
        return True
    return False


def _agent_by(lowers: list[str], m: Mention, trig: Trigger) -> bool:
    """'attacks by X', 'carried out by X', 'was attacked by X' but not 'controlled by X'."""
    k = m.i - 1
    while k > 0 and lowers[k] in DETERMINERS:
        k -= 1
    if lowers[k] != "by" or k == 0:
        return False
    return k == trig.j or lowers[k - 1] in AGENT_BEFORE_BY


def _of_phrase(lowers: list[str], after: list[Mention], trig: Trigger) -> Mention | None:
    if trig.j < len(lowers) and lowers[trig.j] == "of":
        for m in after:
            if m.i <= trig.j + 3:
                return m
    return None


def _subject(
    s: Sentence, actors: list[Mention], trig: Trigger, topic: str | None, roles: Roles
) -> list[str]:
    lowers = [t.lower for t in s.toks]
    before = [m for m in actors if m.j <= trig.i]
    subjects = subject_like(s, before)
    for k in range(trig.j - 1, max(-1, trig.i - 4), -1):
        if lowers[k] in ("’s", "'s"):
            owner = [m for m in before if m.j == k]
            if owner:
                roles.how.append("possessive")
                return _ids(owner)
        if lowers[k] in ("its", "his", "their"):
            owners = [m for m in subjects if m.j <= k]
            if owners or topic:
                roles.how.append("possessive-pronoun")
                return _ids(owners[-1:]) if owners else [topic or ""]
    if subjects:
        last = subjects[-1]
        group = [last]
        for m in reversed(subjects[:-1]):
            if _joined(s, m, group[0]) or _cue_before(s, group[0], COOPERATION_CUES):
                group.insert(0, m)
            else:
                break
        roles.how.append("subject")
        return _ids(group)
    if any(w in PRONOUNS for w in lowers[: trig.i]) and topic:
        roles.how.append("pronoun-topic")
        return [topic]
    return []


def _modifier(s: Sentence, actors: list[Mention], trig: Trigger) -> Mention | None:
    """An actor right before a noun trigger ('an ISIS attack', 'the SDF offensive')."""
    if s.toks[trig.j - 1].lower.endswith("ed"):
        return None  # a verb: 'ISIS lost', 'the SDF attacked'
    for m in actors:
        if m.j == trig.i and m.i > 0 and s.toks[m.i - 1].lower in NOUN_DETERMINERS:
            return m
    return None


def _defender(s: Sentence, actors: list[Mention], modifier: Mention) -> Mention | None:
    """'Iraqi forces repelled an ISIS attack': the subject of a defence verb is the target."""
    lowers = [t.lower for t in s.toks]
    verbs = [k for k in range(max(0, modifier.i - 3), modifier.i) if lowers[k] in DEFENCE_VERBS]
    if not verbs:
        return None
    subjects = subject_like(s, [m for m in actors if m.j <= verbs[0]])
    return subjects[-1] if subjects else None


def _by_before(s: Sentence, actors: list[Mention], trig: Trigger) -> list[str]:
    """'A device planted by ISIS targeted ...': an agent phrase inside the subject."""
    lowers = [t.lower for t in s.toks]
    for m in reversed([m for m in actors if m.j <= trig.i]):
        if m.i >= 2 and lowers[m.i - 1] == "by" and lowers[m.i - 2] in AGENT_BEFORE_BY:
            return _ids([m])
    return []


def _killed_object(s: Sentence, actors: list[Mention], trig: Trigger) -> list[str]:
    """'X killed an ISIS leader in a drone strike': the one killed is the target."""
    lowers = [t.lower for t in s.toks]
    for m in actors:
        if m.j > trig.i:
            break
        word, _ = _left(s, m.i)
        if word in KILL_VERBS or (m.i > 0 and lowers[m.i - 1] in KILL_VERBS):
            return _ids([m])
    return []
