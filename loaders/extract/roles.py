"""Attacker and target around a trigger, from word order and prepositions (no parser).

Heuristics, in order of trust:
- agent phrases after the trigger: "attacks by X", "killed by air raids carried out by X";
- "TRIGGER of X": the agent or the patient depending on the trigger ("the siege of X" vs
  "the killing of X");
- "X's attack", "its attacks": the possessor is the agent;
- the patient: the first actor after the trigger ("attacks on/against/targeting X",
  "arrest members of X", "clashes ... against X");
- the agent: the nearest actor before the trigger that is not itself the object of a
  preposition (the clause subject, also when it was stated in an earlier clause of the
  sentence); a subject pronoun ("he", "it", "its") resolves to the document's topic actor;
- "clashes between X and Y": X and Y;
- coordinated actors ("X and Y and Z", "X, Y as well as Z") share the role; actors named as
  supporters ("with the support of X", "backed by X") get no role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.extract.gazetteer import Mention
from loaders.extract.lexicon import (
    COOPERATION_CUES,
    COORD,
    OBJECT_PREPS,
    PLACE_PREPS,
    PRONOUNS,
    SUPPORT_CUES,
    Trigger,
)
from loaders.extract.sentences import Sentence



PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are", "be", "get", "got"})


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
    return any(words.endswith(c) or f"{c} the" in words[-len(c) - 5 :] for c in cues)


def _coordinated(s: Sentence, actors: list[Mention], first: Mention, limit: int) -> list[Mention]:
    """``first`` and the actors joined to it by 'and', commas, 'as well as', 'both'."""
    group = [first]
    last = first
    for m in actors:
        if m.i < last.j or m.i >= limit:
            continue
        between = [t.lower for t in s.toks[last.j : m.i]]
        if between and all(w in COORD or w in ("its", "their", "his") for w in between) and (
            {"and", ",", "&", "as"} & set(between)
        ):
            group.append(m)
            last = m
        else:
            break
    return group


def _ids(ms: list[Mention]) -> list[str]:
    out: list[str] = []
    for m in ms:
        if m.actor and m.actor not in out:
            out.append(m.actor)
    return out


def assign(s: Sentence, trig: Trigger, scope_end: int, topic: str | None) -> Roles:
    """Attackers and targets of the event triggered at ``trig`` (tokens up to ``scope_end``)."""
    roles = Roles()
    actors = [m for m in actor_mentions(s) if not _cue_before(s, m, SUPPORT_CUES)]
    lowers = [t.lower for t in s.toks]
    after = [m for m in actors if trig.j <= m.i < scope_end]
    by_agents = [m for m in after if m.i > 0 and lowers[m.i - 1] == "by"]
    if trig.event_type == "armed_clash" and "between" in lowers[trig.j : trig.j + 2] and after:
        group = _coordinated(s, actors, after[0], scope_end)
        roles.attackers, roles.targets = _ids(group[:1]), _ids(group[1:])
        roles.how.append("between")
        return roles
    if by_agents:
        roles.attackers = _ids(_coordinated(s, actors, by_agents[0], scope_end))
        roles.how.append("by-agent")
    of_m = _of_phrase(s, after, trig)
    if of_m is not None and trig.of_role == "agent" and not roles.attackers:
        roles.attackers = _ids(_coordinated(s, actors, of_m, scope_end))
        roles.how.append("of-agent")
    patients = [m for m in after if m not in by_agents and lowers[m.i - 1] != "by"]
    if of_m is not None and trig.of_role == "patient":
        patients = [of_m, *[m for m in patients if m is not of_m]]
    if patients and not (of_m is not None and trig.of_role == "agent" and patients[0] is of_m):
        roles.targets = _ids(_coordinated(s, actors, patients[0], scope_end))
        roles.how.append("object")
    if trig.i > 0 and lowers[trig.i - 1] in PASSIVE_AUX:
        roles.how.append("passive")
        if not roles.targets:
            roles.targets = _subject(s, actors, trig, topic, Roles())
    elif not roles.attackers:
        roles.attackers = _subject(s, actors, trig, topic, roles)
    roles.targets = [t for t in roles.targets if t not in roles.attackers] or (
        roles.targets if trig.event_type in ("armed_clash", "killing") else []
    )
    return roles


def _of_phrase(s: Sentence, after: list[Mention], trig: Trigger) -> Mention | None:
    if trig.j < len(s.toks) and s.toks[trig.j].lower == "of":
        for m in after:
            if m.i <= trig.j + 3:
                return m
    return None


def _subject(
    s: Sentence, actors: list[Mention], trig: Trigger, topic: str | None, roles: Roles
) -> list[str]:
    lowers = [t.lower for t in s.toks]
    before = [m for m in actors if m.j <= trig.i]
    for k in range(trig.i - 1, max(-1, trig.i - 4), -1):
        if lowers[k] in ("its", "his", "their") and topic:
            roles.how.append("possessive-pronoun")
            return [topic]
        if lowers[k] in ("’s", "'s"):
            owner = [m for m in before if m.j == k]
            if owner:
                roles.how.append("possessive")
                return _ids(owner)
    partners: list[Mention] = []
    for m in reversed(before):
        prev = lowers[m.i - 1] if m.i > 0 else ""
        if _cue_before(s, m, COOPERATION_CUES):
            partners.insert(0, m)
            continue
        if prev in OBJECT_PREPS:
            continue
        roles.how.append("subject")
        return _ids([*_subject_group(s, before, m), *partners])
    if partners:
        roles.how.append("cooperation")
        return _ids(partners)
    first_pronoun = next((k for k in range(trig.i) if lowers[k] in PRONOUNS), None)
    if first_pronoun is not None and topic:
        roles.how.append("pronoun-topic")
        return [topic]
    return []


def _subject_group(s: Sentence, before: list[Mention], m: Mention) -> list[Mention]:
    """The subject and the actors coordinated before it ('X and Y launched ...')."""
    group = [m]
    for prev in reversed([x for x in before if x.j <= m.i]):
        between = [t.lower for t in s.toks[prev.j : group[0].i]]
        if between and all(w in COORD for w in between) and {"and", ","} & set(between):
            group.insert(0, prev)
        else:
            break
    return group
