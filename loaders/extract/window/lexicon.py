"""Event trigger lexicon and the cue words around triggers, as general English news patterns.

Each trigger is a short token pattern (regular expressions on lower-cased tokens) mapped to an
event type of the ontology. ``of_role`` says what "TRIGGER of X" means: the agent for actions
that take places as objects ("the attack of ISIS", "the siege of the SDF") and the patient for
actions done to people ("the killing of Russian officers", "the arrest of ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.extract.sentences import Tok


@dataclass(frozen=True)
class Pattern:
    tokens: tuple[re.Pattern[str], ...]
    event_type: str
    of_role: str  # agent | patient
    needs_next: re.Pattern[str] | None = None
    """When set, the token after the pattern must match (e.g. 'fighting' + 'against')."""
    subject_role: str = "agent"
    """'patient' for verbs whose subject suffers the event ('IS lost Rawdah')."""


def _p(
    words: str,
    event_type: str,
    of_role: str = "agent",
    needs_next: str | None = None,
    subject_role: str = "agent",
) -> Pattern:
    return Pattern(
        tuple(re.compile(w) for w in words.split()),
        event_type,
        of_role,
        re.compile(needs_next) if needs_next else None,
        subject_role,
    )


def _any(words: str) -> str:
    """'a b c' -> '(?:a|b|c)': one token matching any of the listed forms."""
    return "(?:" + "|".join(words.split()) + ")"


KILLING = _any(
    r"executions? executed assassinat\w* murder(?:ed|s)? beheaded beheadings? massacres?"
)
CAPTURE = _any("expulsion expelled expel expels chased seized seize seizes recaptured retook")
CAPTURE_MORE = _any("liberated liberation drove driven ousted routed evicted")
CLASH = _any(r"clash(?:es|ed)? battles? skirmish(?:es)? confrontations? firefights? fought")
ATTACK = _any("attacks? attacked attacking assaults? assaulted raids? raided strikes? struck")
ATTACK_MORE = _any("targeted targeting infiltrations? pounded pounding stormed hit")
AIR = _any("airstrikes? air-strikes? bombard bombards bombarded bombarding bombardments? bombed")

PATTERNS: tuple[Pattern, ...] = (
    _p("suicide " + _any("attacks? bombings? bombers? car vests?"), "suicide_attack"),
    _p(_any("drone uav") + " " + _any("strikes? attacks?"), "drone_strike"),
    _p(
        _any("air aerial") + " " + _any("strikes? raids? attacks? bombardments? campaign bombing"),
        "air_strike",
    ),
    _p(_any("car truck roadside") + " " + _any("bombs? bombings?"), "bombing"),
    _p(_any("military security ground combing") + " operations?", "offensive"),
    _p("operations?", "offensive", needs_next="against"),
    _p(_any("opened opening open opens") + " fire", "attack"),
    _p("successive " + _any("attacks strikes raids assaults"), "offensive"),
    _p(_any("wave waves string") + " of " + _any("attacks strikes raids assaults"), "offensive"),
    _p(AIR, "air_strike"),
    _p(_any("shelling shelled artillery mortars?"), "shelling"),
    _p(_any("bombings? ieds? explosions? blasts?"), "bombing"),
    _p("ambush(?:es|ed)?", "ambush"),
    _p(KILLING, "killing", "patient"),
    _p("killing", "killing", "patient", needs_next="of"),
    _p(_any("arrest(?:s|ed|ing)? detain(?:s|ed|ing)? detention"), "arrest", "patient"),
    _p(_any(r"abduct\w* kidnap\w* captur(?:e|ed|es|ing)"), "abduction", "patient"),
    _p("offensives?", "offensive"),
    _p(_any("military bombing ground") + " campaigns?", "offensive"),
    _p("campaigns?", "offensive", needs_next="against|on"),
    _p(_any(r"sieges? besieg\w* encircl\w* blockade"), "siege"),
    _p(CAPTURE, "capture_of_territory", "patient"),
    _p(CAPTURE_MORE, "capture_of_territory", "patient"),
    _p(_any("took take takes taking gained gain seized") + " control", "capture_of_territory"),
    _p("managed to control", "capture_of_territory"),
    _p(
        _any("end ending") + " of " + _any("its their his the") + " " + _any("presence control"),
        "capture_of_territory",
        subject_role="patient",
    ),
    _p(_any("lost lose loses losing"), "capture_of_territory", "patient", subject_role="patient"),
    _p("loss", "capture_of_territory", "patient", needs_next="of"),
    _p(_any("expand expanded expanding"), "capture_of_territory", needs_next="in|into"),
    _p(_any("withdr(?:ew|awn|awal|aw|awing) retreat(?:ed|s)?"), "withdrawal"),
    _p("surrender(?:ed|s|ing)?", "surrender", subject_role="patient"),
    _p(CLASH, "armed_clash"),
    _p("fighting", "armed_clash", needs_next="against|with|between"),
    _p(ATTACK, "attack"),
    _p(_any("killed kills"), "attack", "patient"),
    _p(ATTACK_MORE, "attack"),
)


@dataclass(frozen=True)
class Trigger:
    i: int
    j: int
    event_type: str
    of_role: str
    word: str
    subject_role: str = "agent"


# One regular expression for every pattern's first token: most tokens fail it at once.
FIRST_TOKEN = re.compile("|".join(f"(?:{p.tokens[0].pattern})" for p in PATTERNS))


def find_triggers(toks: list[Tok]) -> list[Trigger]:
    """Non-overlapping triggers of a sentence, left to right (first listed pattern wins)."""
    out: list[Trigger] = []
    i = 0
    while i < len(toks):
        hit = _match_at(toks, i) if _candidates(toks[i].lower) else None
        if hit is None:
            i += 1
            continue
        out.append(hit)
        i = hit.j
    return out


@lru_cache(maxsize=50_000)
def _candidates(word: str) -> tuple[Pattern, ...]:
    """Patterns whose first token matches ``word`` (cached: words repeat a lot)."""
    if not FIRST_TOKEN.fullmatch(word):
        return ()
    return tuple(p for p in PATTERNS if p.tokens[0].fullmatch(word))


def _match_at(toks: list[Tok], i: int) -> Trigger | None:
    for p in _candidates(toks[i].lower):
        j = i + len(p.tokens)
        if j > len(toks):
            continue
        if not all(rx.fullmatch(toks[i + k].lower) for k, rx in enumerate(p.tokens)):
            continue
        if p.needs_next is not None and not (
            j < len(toks) and p.needs_next.fullmatch(toks[j].lower)
        ):
            continue
        word = " ".join(t.lower for t in toks[i:j])
        return Trigger(i, j, p.event_type, p.of_role, word, p.subject_role)
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
        "this", "any", "upcoming", "potential", "method", "methods", "policy", "strategy",
        "tactic", "tactics", "possibly", "patterns", "forms", "prompting", "forcing",
        "declare", "declares", "declared", "announce", "announced", "hope", "hopes",
        "denied", "denies", "deny", "discussed", "discuss", "discusses", "debated",
        "concentrates", "concentrate", "concentrating", "responsible",
    }
)  # fmt: skip
MODAL_AFTER = frozenset(
    {"prepared", "preparing", "planned", "expected", "will", "would", "could", "can"}
)
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "–", "—", "which", "who", "amid", "while"})
FACTUAL_TO = frozenset(
    {"managed", "able", "continuing", "continue", "continued", "continues", "began", "begun",
     "started", "succeeded", "went", "tried", "attempted", "enabled", "allowed", "helped"}
)  # fmt: skip
HABITUAL = re.compile(r"\bfrom time to time\b|\boccasionally\b|\bregularly\b", re.IGNORECASE)
RECIPROCAL = ("each other", "one another")
FUTURE = re.compile(
    r"\bwithin (?:the next |the coming )?(?:\w+ )?(?:days|weeks|months|hours)\b|\bsoon\b"
    r"|\bin the coming\b|\bfuture\b",
    re.IGNORECASE,
)
AGENT_BEFORE_BY = frozenset(
    {"out", "planted", "fired", "detonated", "laid", "dropped", "sent", "deployed",
     "conducted", "launched", "led", "waged", "perpetrated", "staged", "mounted",
     "executed", "claimed", "carried", "made", "initiated", "committed", "attacked", "targeted",
     "hit", "struck", "killed", "wounded", "injured", "captured", "arrested", "abducted",
     "besieged", "shelled", "bombed", "ambushed", "seized", "expelled", "chased", "raided"}
)  # fmt: skip
SUBJECT_LEFT = frozenset(
    {"", ",", ";", ":", "(", "“", "”", '"', "that", "which", "who", "where", "while", "when",
     "and", "but", "as", "after", "since", "because", "then", "so", "also", "meanwhile",
     "whereas", "although", "though", "yet", "once", "until", "before", "–", "—", "if",
     "said", "says", "told", "reported", "added", "stated", "confirmed", "claimed"}
)  # fmt: skip
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "all", "both"})
INTERNAL = frozenset({"inside", "within", "among", "amongst"})
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
PRONOUNS = frozenset({"he", "it", "its", "his", "they", "their", "latter", "elements"})
"""Words standing for the topic actor; 'the elements' is the translated idiom for its fighters."""
COORD = frozenset({"and", ",", "as", "well", "both", "or", "also", "the", "&", "of"})
LOCATORS = re.compile(
    r"(?:along|north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west"
    r"|south-east|south-west|northern|southern|eastern|western)"
)
TERRITORY = frozenset(
    {
        "town", "towns", "village", "villages", "city", "cities", "stronghold", "strongholds",
        "area", "areas", "territory", "territories", "land", "lands", "positions", "hill",
        "hills", "base", "bases", "district", "districts", "neighborhood", "neighbourhood",
        "neighborhoods", "field", "fields", "wells", "airport", "crossing", "bridge", "pocket",
        "pockets", "enclave", "enclaves", "parts", "region", "regions", "points",
    }
)  # fmt: skip
"""Nouns for land: what is captured or held when no place is named."""
