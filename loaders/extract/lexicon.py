"""Event triggers and cue words, by lemma, organised by event type (``docs/CONTRACTS.md``).

A trigger is a verb or a noun whose lemma is listed here; the parse decides its arguments. A
verb entry says what its subject and object are: the agent and the target for an attack
("X shelled Y"), the loser for *lose* ("X lost P"), the place for *fall* ("P fell to X").
Light verbs (*launch, carry out, conduct, stage, wage*) are not events themselves: their noun
object is ("launched an offensive"), and their subject is that event's agent. Defence verbs
(*repel, thwart, foil*) make their subject the target of the attack they object to.
Everything is general English news vocabulary; nothing names an outlet or an article.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VerbSense:
    event_type: str
    subject: str = "agent"
    """What the active subject is: agent | loser | place | participant."""
    obj: str = "target"
    """What the direct object is: target | place | loser."""


ATTACK = VerbSense("attack")
CAPTURE = VerbSense("capture_of_territory", obj="place")
EXPEL = VerbSense("capture_of_territory", obj="loser")
CLASH = VerbSense("armed_clash", subject="participant")

VERBS: dict[str, VerbSense] = {
    # attacks
    "attack": ATTACK, "assault": ATTACK, "raid": ATTACK, "storm": ATTACK, "strike": ATTACK,
    "hit": ATTACK, "target": ATTACK, "pound": ATTACK, "counterattack": ATTACK,
    "counter-attack": ATTACK,
    "overrun": CAPTURE, "besiege":
    VerbSense("siege"), "encircle": VerbSense("siege"), "ambush": VerbSense("ambush"),
    "shell": VerbSense("shelling"), "bombard": VerbSense("shelling"),
    "bomb": VerbSense("bombing"), "detonate": VerbSense("bombing"),
    "explode": VerbSense("bombing", subject="instrument"),
    "execute": VerbSense("killing"), "behead": VerbSense("killing"),
    "assassinate": VerbSense("killing"), "massacre": VerbSense("killing"),
    "slaughter": VerbSense("killing"), "murder": VerbSense("killing"),
    "kill": VerbSense("attack"), "eliminate": VerbSense("attack"),
    "neutralize": VerbSense("attack"), "neutralise": VerbSense("attack"),
    "abduct": VerbSense("abduction"), "kidnap": VerbSense("abduction"),
    "detain": VerbSense("arrest"), "arrest": VerbSense("arrest"),
    "capture": CAPTURE,
    # territory
    "seize": CAPTURE, "recapture": CAPTURE, "retake": CAPTURE, "regain": CAPTURE,
    "liberate": CAPTURE, "conquer": CAPTURE, "take": CAPTURE, "win": CAPTURE,
    "recover": CAPTURE, "reestablish": CAPTURE, "re-establish": CAPTURE, "restore": CAPTURE,
    "gain": CAPTURE, "secure": CAPTURE, "extend": CAPTURE, "establish": CAPTURE,
    "occupy": CAPTURE,
    "impose": CAPTURE,
    "free": CAPTURE, "wrest": CAPTURE, "expel": EXPEL, "drive": EXPEL, "oust": EXPEL,
    "evict": EXPEL,
    "rout": EXPEL, "chase": EXPEL, "push": EXPEL, "clear": CAPTURE,
    "lose": VerbSense("capture_of_territory", subject="loser", obj="place"),
    "fall": VerbSense("capture_of_territory", subject="place"),
    "surrender": VerbSense("surrender", subject="loser"),
    # fighting
    "clash": CLASH, "fight": CLASH, "battle": CLASH,
}  # fmt: skip

CONTAINER_NOUNS = frozenset(
    {"combination", "series", "wave", "string", "spate", "number", "barrage", "flurry",
     "round", "volley", "salvo", "succession", "chain", "set", "pair", "couple", "kind"}
)  # fmt: skip
"""'a series of attacks', 'a combination of airstrikes and attacks': the attacks are read
where the container stands."""
UMBRELLA_NOUNS = frozenset({"offensive", "campaign", "operation", "push", "war"})
REACTION_NOUNS = frozenset({"retaliation", "response", "revenge", "reprisal", "retribution"})
"""*X shelled Y in retaliation for attacks that hit Z*: the attacks inside such a phrase are
someone else's (usually Y's), so they never take the reacting clause's subject."""
"""Events that contain others: 'killed N in its offensive' is a killing within it."""

TAKE_NEEDS = frozenset({"control", "back"})
"""*take*, *win*, *regain*, *recover*, *restore* count with *control* or *back*, or a place."""
SOFT_CAPTURE = frozenset(
    {"take", "win", "recover", "reestablish", "re-establish", "restore", "wrest", "gain",
     "secure"}
)  # fmt: skip
EXTENDED_CONTROL = frozenset({"extend", "establish", "impose"})
"""*extended their control to/over P*, *established full control over P*: a capture only
with *control* and the place."""
RESTORED_ORDER = frozenset({"security", "stability", "calm", "order"})
"""*restored security and stability to P*: state media's wording for retaking P."""
DRIVE_PARTICLES = frozenset({"out", "away", "back"})
"""*drive/push/chase X out of P*: the particle makes it an expulsion."""

NOUNS: dict[str, str] = {
    "attack": "attack", "assault": "attack", "raid": "attack", "counterattack": "attack",
    "counter-attack": "attack", "incursion": "attack", "onslaught": "attack",
    "rampage": "attack", "infiltration": "attack", "strike": "attack", "storming": "attack",
    "airstrike": "air_strike", "air-strike": "air_strike", "sortie": "air_strike",
    "bombardment": "shelling",
    "shelling": "shelling", "barrage": "shelling",
    "bombing": "bombing", "explosion": "bombing", "blast": "bombing", "bomb": "bombing",
    "vbied": "bombing", "ied": "bombing",
    "ambush": "ambush", "execution": "killing", "beheading": "killing",
    "massacre": "killing", "killing": "killing", "assassination": "killing",
    "abduction": "abduction", "kidnapping": "abduction", "arrest": "arrest",
    "detention": "arrest",
    "capture": "capture_of_territory", "recapture": "capture_of_territory",
    "seizure": "capture_of_territory", "takeover": "capture_of_territory",
    "liberation": "capture_of_territory", "fall": "capture_of_territory",
    "loss": "capture_of_territory",
    "siege": "siege", "blockade": "siege",
    "clash": "armed_clash", "battle": "armed_clash", "fighting": "armed_clash",
    "firefight": "armed_clash", "skirmish": "armed_clash", "gunfight": "armed_clash",
    "offensive": "offensive", "campaign": "offensive", "operation": "offensive",
    "push": "offensive", "advance": "offensive", "counter-offensive": "offensive",
    "counteroffensive": "offensive",
}  # fmt: skip

NOUNS_NEED_ARGUMENT = frozenset(
    {"campaign", "operation", "push", "advance", "fall", "capture", "loss"}
)
"""Nouns that are events only with a sign of it: *campaign against X*, *a military
operation*, *the final push to capture P*, *the fall of P*, *the capture of P*."""
OPERATION_MODIFIERS = frozenset(
    {"military", "ground", "air", "aerial", "bombing", "final", "major", "joint",
     "large-scale", "cross-border", "counter-terrorism", "counterterrorism"}
)  # fmt: skip
SEARCH_OPERATIONS = frozenset(
    {"security", "combing", "comb", "sweep", "sweeping", "search", "mop-up"}
)
"""*a security / combing / sweep operation*: a search for cells, no campaign (what it finds
and kills is an event of its own)."""

COMPOUND_TYPES: dict[str, str] = {
    "air": "air_strike",
    "aerial": "air_strike",
    "drone": "drone_strike",
    "uav": "drone_strike",
    "suicide": "suicide_attack",
    "car": "bombing",
    "truck": "bombing",
    "roadside": "bombing",
    "mortar": "shelling",
    "rocket": "shelling",
    "artillery": "shelling",
    "missile": "shelling",
    "bomb": "bombing",
    "ied": "bombing",
    "vbied": "bombing",
    "motorcycle": "bombing",
}
"""Modifiers that retype an attack noun: *air strike*, *suicide attack*, *rocket attack*."""

INSTRUMENTS: dict[str, str] = {
    "jet": "air_strike", "warplane": "air_strike", "aircraft": "air_strike",
    "plane": "air_strike", "helicopter": "air_strike", "bomber": "air_strike",
    "airstrike": "air_strike", "air": "air_strike", "drone": "drone_strike",
    "uav": "drone_strike", "artillery": "shelling", "mortar": "shelling",
    "rocket": "shelling", "shell": "shelling", "tank": "shelling", "howitzer": "shelling",
    "missile": "shelling",
    "car": "bombing", "vbied": "bombing", "ied": "bombing", "motorcycle": "bombing",
    "belt": "bombing", "vest": "bombing", "explosive": "bombing", "mine": "bombing",
    "landmine": "bombing", "bomb": "bombing", "device": "bombing",
}  # fmt: skip
"""Agents and means that retype an attack: *warplanes pounded*, *artillery shelled*."""
SUICIDE = frozenset({"suicide", "bomb-laden", "booby-trapped", "bomber"})

LIGHT_VERBS = frozenset(
    {"launch", "carry", "conduct", "stage", "mount", "wage", "perform", "execute", "commit",
     "perpetrate", "unleash", "begin", "start", "lead", "make", "undertake", "step", "fly"}
)  # fmt: skip
"""Verbs whose object noun is the event: *launched an attack*, *carried out strikes*."""
COMPLETION_VERBS = frozenset(
    {"complete", "finish", "finalise", "finalize", "achieve", "accomplish", "announce",
     "declare", "proclaim"}
)  # fmt: skip
"""Verbs whose subject took the place of their capture object: *completed the capture of P*,
*announced the liberation of P* (a side announces its own gains)."""
DEFENCE_VERBS = frozenset(
    {"repel", "repulse", "thwart", "foil", "rebuff", "resist", "face", "counter", "withstand",
     "sustain", "suffer", "survive", "fend", "fight"}
)  # fmt: skip
"""Their subject is the target of the attack they take as object."""
CASUALTY_VERBS = frozenset({"kill", "wound", "injure", "die", "claim", "leave", "martyr"})
"""'N were killed in an attack': the attack is the event, the killed its target."""

INTENT_VERBS = frozenset(
    {"plan", "want", "intend", "aim", "seek", "threaten", "vow", "pledge", "prepare", "hope",
     "expect", "try", "attempt", "urge", "call", "ask", "warn", "fear", "consider", "propose",
     "promise", "decide", "refuse", "deny", "need", "able", "going", "prevent", "avoid",
     "stop", "fail", "could", "might", "may", "would", "will", "should", "must", "can",
     "concentrate", "focus", "direct"}
)  # fmt: skip
"""Governors that make an event non-factual (*plans to attack*, *failed to capture*)."""
FACTUAL_XCOMP = frozenset(
    {"manage", "continue", "begin", "start", "succeed", "go", "keep", "resume", "help"}
)
MODALS = frozenset({"will", "would", "could", "might", "may", "should", "must", "can", "shall"})
NEGATIONS = frozenset({"not", "never", "n't", "no", "without", "neither", "nor"})
HABITUAL_ADVERBS = frozenset(
    {"often", "usually", "regularly", "frequently", "occasionally", "sometimes", "repeatedly",
     "routinely", "daily", "nightly", "generally", "typically", "always"}
)  # fmt: skip
HABITUAL_ADJECTIVES = frozenset(
    {"frequent", "repeated", "regular", "daily", "constant", "occasional", "numerous",
     "countless", "dozens", "hundreds", "thousands", "continued"}
)  # fmt: skip
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
NOT_VIOLENT = frozenset(
    {"heart", "hunger", "panic", "cyber", "asthma", "verbal", "rhetorical", "propaganda",
     "media", "charm", "diplomatic", "political", "rescue", "humanitarian", "evacuation",
     "search", "vaccination", "awareness", "election", "electoral", "advertising",
     "recruitment", "reconstruction", "relief", "aid", "demining", "clearance"}
)  # fmt: skip
"""Modifiers of a trigger noun that make it no violent event (*a heart attack*)."""

SPEECH_VERBS = frozenset(
    {"say", "tell", "report", "state", "add", "note", "confirm", "announce", "claim",
     "declare", "explain", "stress", "indicate", "reveal", "warn", "document", "monitor",
     "accuse", "deny", "allege", "insist", "affirm", "quote", "cite", "write", "publish",
     "show", "suggest", "estimate", "record", "broadcast", "acknowledge", "admit"}
)  # fmt: skip
RESPONSIBILITY_NOUNS = frozenset({"responsibility", "credit"})
DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "refute"})
ACCUSE_VERBS = frozenset({"accuse", "blame", "allege"})

TERRITORY = frozenset(
    {"town", "village", "city", "stronghold", "area", "territory", "land", "position", "hill",
     "base", "airbase", "airport", "district", "neighborhood", "neighbourhood", "field",
     "well", "crossing", "bridge", "pocket", "enclave", "part", "region", "point", "dam",
     "countryside", "province", "outskirts", "suburb", "quarter", "checkpoint", "compound",
     "road", "highway", "building", "hospital", "camp", "prison", "desert", "mountain",
     "valley", "bank", "border", "gate", "entrance", "periphery", "side", "station", "plant",
     "facility", "headquarters", "hq", "airfield", "oilfield", "site",
     "locality", "hamlet", "farm", "square", "street", "market", "school", "mosque", "church"}
)  # fmt: skip
"""Nouns for land and sites: what is captured, held or where things happen."""
PLACE_NOUNS = frozenset(
    {"town", "village", "city", "area", "territory", "land", "district", "neighborhood",
     "neighbourhood", "region", "countryside", "province", "outskirts", "suburb", "quarter",
     "desert", "mountain", "valley", "locality", "hamlet", "governorate", "border",
     "periphery", "side", "part", "capital", "enclave", "pocket"}
)  # fmt: skip
"""Civil geography: a phrase headed by one of these is a place, whoever it belongs to
(*Turkey's Kilis province*), unlike a site standing for its holder (*IS positions*)."""

FORCE_NOUNS = frozenset(
    {"fighter", "militant", "force", "troop", "soldier", "jihadist", "member", "element",
     "unit", "militia", "militiaman", "militiamen", "army", "personnel", "commander", "officer",
     "gunman", "gunmen", "rebel", "insurgent", "terrorist", "extremist", "loyalist", "group",
     "faction", "brigade", "battalion", "division", "convoy", "patrol", "checkpoint",
     "position", "base", "post", "outpost", "headquarters", "garrison", "jet", "warplane",
     "aircraft", "plane", "helicopter", "drone", "artillery", "tank", "vehicle", "gathering",
     "center", "centre", "target", "stronghold", "hideout", "cell", "sniper", "bomber",
     "adviser", "advisor", "pilot", "guard", "policeman", "police", "man", "recruit",
     "defender", "ally", "mercenary", "cadre", "leader", "emir", "official", "spokesman",
     "operative", "infrastructure", "site", "depot", "fortification", "tunnel", "line",
     "front", "defence", "defense", "airstrike", "strike", "shelling", "weapon", "refinery",
     "facility", "installation"}
)  # fmt: skip
"""Heads that stand for the actor named in their modifiers (*IS fighters*, *regime
positions*, *the army's artillery units*, *Russian jets*, *positions of the SDF*)."""
AIR_FORCE = frozenset({"air", "aerial"})

CIVILIAN_NOUNS = frozenset(
    {"civilian", "resident", "villager", "tribesman", "tribesmen", "tribe", "clan",
     "inhabitant", "child",
     "woman", "family", "worker", "farmer", "shepherd", "student", "displaced", "citizen",
     "priest", "journalist", "doctor", "teacher", "father", "mother", "son", "daughter",
     "brother", "sister", "wife", "husband", "relative", "pilgrim", "worshipper", "christian",
     "yazidi", "hostage", "passenger", "patient"}
)  # fmt: skip
"""Victims that are civilians when no actor is named for them."""

LOCATIVE_CASES = frozenset(
    {"in", "at", "near", "into", "inside", "outside", "around", "across", "along", "within",
     "throughout", "towards", "toward", "to", "on", "onto", "from", "through", "over", "off",
     "between", "by", "against", "of", "out_of", "south_of", "north_of", "east_of", "west_of",
     "close_to", "next_to", "outskirts", "in_front_of", "nearby"}
)  # fmt: skip
LOCATORS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
     "north-east", "north-west", "south-east", "south-west", "northern", "southern",
     "eastern", "western", "northeastern", "northwestern", "southeastern", "southwestern",
     "north-eastern", "north-western", "south-eastern", "south-western", "central",
     "outskirts", "edge", "edges", "vicinity", "outside", "near",
     "kilometres", "kilometers", "km", "miles", "mile"}
)  # fmt: skip
"""Words that situate a place against another (*east of P*, *20 km from P*)."""
