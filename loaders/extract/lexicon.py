"""Event trigger lexicon and the cue words around triggers, as general English news patterns.

Each trigger is a short token pattern (regular expressions on lower-cased tokens) mapped to an
event type of the ontology. ``of_role`` says what "TRIGGER of X" means: the agent for actions
that take places as objects ("the attack of ISIS", "the siege of the SDF") and the patient for
actions done to people ("the killing of Russian officers", "the arrest of ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract.sentences import Tok


@dataclass(frozen=True)
class Pattern:
    tokens: tuple[re.Pattern[str], ...]
    event_type: str
    of_role: str  # agent | patient
    needs_next: re.Pattern[str] | None = None
    """When set, the token after the pattern must match (e.g. 'fighting' + 'against')."""


def _p(words: str, event_type: str, of_role: str = "agent", needs_next: str | None = None) -> Pattern:
    return Pattern(
        tuple(re.compile(w) for w in words.split()),
        event_type,
        of_role,
        re.compile(needs_next) if needs_next else None,
    )


PATTERNS: tuple[Pattern, ...] = (
    _p("suicide (?:attacks?|bombings?|bombers?|car|vests?)", "suicide_attack"),
    _p("(?:drone|uav) (?:strikes?|attacks?)", "drone_strike"),
    _p("(?:air|aerial) (?:strikes?|raids?|attacks?|bombardments?|campaign|bombing)", "air_strike"),
    _p("(?:car|truck|roadside) (?:bombs?|bombings?)", "bombing"),
    _p("military operations?", "offensive"),
    _p("(?:airstrikes?|air-strikes?|bombard|bombards|bombarded|bombarding|bombardments?)", "air_strike"),
    _p("(?:shelling|shelled|artillery|mortars?)", "shelling"),
    _p("(?:bombings?|ieds?|explosions?|blasts?)", "bombing"),
    _p("ambush(?:es|ed)?", "ambush"),
    _p("(?:executions?|executed|assassinat\\w*|murder(?:ed|s)?|beheaded|beheadings?|massacres?)", "killing", "patient"),
    _p("killing", "killing", "patient", needs_next="of"),
    _p("(?:arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|detention)", "arrest", "patient"),
    _p("(?:abduct\\w*|kidnap\\w*|captur(?:e|ed|es|ing))", "abduction", "patient"),
    _p("(?:offensives?|campaigns?)", "offensive"),
    _p("(?:sieges?|besieg\\w*|encircl\\w*|blockade)", "siege"),
    _p("(?:expulsion|expelled|expel|expels|chased|seized|seize|seizes|recaptured|retook|liberated|liberation)", "capture_of_territory", "patient"),
    _p("(?:took|take|takes|taking|gained|gain|seized) control", "capture_of_territory"),
    _p("managed to control", "capture_of_territory"),
    _p("(?:lost|lose|loses|losing|loss)", "capture_of_territory", "patient"),
    _p("(?:expand|expanded|expanding)", "capture_of_territory", needs_next="in|into"),
    _p("(?:withdr(?:ew|awn|awal|aw|awing)|retreat(?:ed|s)?)", "withdrawal"),
    _p("surrender(?:ed|s|ing)?", "surrender"),
    _p("(?:clash(?:es|ed)?|battles?|skirmish(?:es)?|confrontations?|firefights?|fought)", "armed_clash"),
    _p("fighting", "armed_clash", needs_next="against|with|between"),
    _p("(?:attacks?|attacked|attacking|assaults?|assaulted|raids?|raided|strikes?|struck|targeted|targeting|infiltrations?)", "attack"),
)  # fmt: skip


@dataclass(frozen=True)
class Trigger:
    i: int
    j: int
    event_type: str
    of_role: str
    word: str


def find_triggers(toks: list[Tok]) -> list[Trigger]:
    """Non-overlapping triggers of a sentence, left to right (first listed pattern wins)."""
    out: list[Trigger] = []
    i = 0
    while i < len(toks):
        hit = _match_at(toks, i)
        if hit is None:
            i += 1
            continue
        out.append(hit)
        i = hit.j
    return out


def _match_at(toks: list[Tok], i: int) -> Trigger | None:
    for p in PATTERNS:
        j = i + len(p.tokens)
        if j > len(toks):
            continue
        if not all(rx.fullmatch(toks[i + k].lower) for k, rx in enumerate(p.tokens)):
            continue
        if p.needs_next is not None and not (j < len(toks) and p.needs_next.fullmatch(toks[j].lower)):
            continue
        word = " ".join(t.lower for t in toks[i:j])
        return Trigger(i, j, p.event_type, p.of_role, word)
    return None


# Cue words, looked up in a window around a trigger (lower-cased tokens).
MODAL_BEFORE = frozenset(
    {
        "will", "would", "could", "can", "might", "may", "should", "must", "expected",
        "expects", "expect", "likely", "plan", "plans", "planned", "planning", "preparing",
        "prepare", "prepares", "intend", "intends", "intended", "aims", "aim", "aiming",
        "unless", "if", "whether", "focuses", "focus", "depends", "depend", "occasionally",
        "opportunity", "advantage", "capable", "ability", "future", "next", "not", "no",
        "never", "without", "threatened", "threatens", "order", "possible", "sometimes",
        "usually", "often", "related", "news", "avoid", "avoids", "these", "those", "such",
        "this", "any", "upcoming", "potential",
    }
)  # fmt: skip
MODAL_AFTER = frozenset(
    {"prepared", "preparing", "planned", "expected", "will", "would", "could", "can"}
)
CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "–", "—", "“", "”", '"', "that", "which", "who", "amid", "while"}
)
OBJECT_PREPS = frozenset(
    {
        "of", "on", "against", "to", "with", "from", "by", "in", "at", "for", "between",
        "targeting", "targeted", "targets", "into", "towards", "toward", "near", "within",
        "among", "than", "like", "including",
    }
)  # fmt: skip
PLACE_PREPS = frozenset(
    {
        "in", "at", "near", "from", "to", "towards", "toward", "into", "around", "outside",
        "across", "throughout", "within", "inside", "between", "via", "through",
    }
)  # fmt: skip
SUPPORT_CUES = ("support of", "supported by", "backed by", "help of", "assistance of")
COOPERATION_CUES = ("cooperation with", "together with", "alongside", "coordination with")
PRONOUNS = frozenset({"he", "it", "its", "his", "they", "their", "latter"})
COORD = frozenset({"and", ",", "as", "well", "both", "or", "also", "the", "&"})
LOCATORS = re.compile(
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west"
    r"|south-east|south-west|northern|southern|eastern|western)"
)
