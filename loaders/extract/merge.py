"""One event per real occurrence: repeated mentions of an article are merged.

A lede restates the standfirst, a quote repeats the lede, *launched ... and targeted ...*
names one operation twice, *the attack* refers back to an attack already reported. Two claims
of one document are the same occurrence when their types are of one family (attacks of any
means and clashes; captures; offensives and sieges; arrests and abductions), nothing they
state contradicts (disjoint attackers, disjoint targets, disjoint places, two different
stated dates) and something positive ties them (a shared place, or shared attackers with no
conflicting target). The first mention keeps its quote and offsets; the merged claim takes
the union of roles, the most specific type, places and date, and all casualty figures.
"""

from __future__ import annotations

from loaders.claims import EventClaim
from loaders.extract.places import PlaceBook
from loaders.graph.vocabulary import DATE_PRECISIONS

FAMILIES: dict[str, str] = {
    "attack": "attack", "air_strike": "attack", "drone_strike": "attack", "shelling": "attack",
    "bombing": "attack", "suicide_attack": "attack", "ambush": "attack", "killing": "attack",
    "armed_clash": "attack", "capture_of_territory": "capture", "offensive": "offensive",
    "siege": "offensive", "arrest": "arrest", "abduction": "arrest", "surrender": "arrest",
    "withdrawal": "capture",
}  # fmt: skip
GENERAL_TYPES = ("attack", "armed_clash", "killing", "offensive")
"""Types a more specific type of the same family replaces when merging."""
MEANS: dict[str, str] = {
    "air_strike": "air", "drone_strike": "air", "shelling": "artillery", "bombing": "bomb",
    "suicide_attack": "bomb", "armed_clash": "ground", "ambush": "ground",
    "killing": "killing", "siege": "siege", "offensive": "campaign",
}  # fmt: skip
"""The means an attack type implies: two means never describe one mention twice (an air
strike and a clash of the same day are two events)."""
UNDATED = "+undated"
DEFINITE = "+definite"
INHERITED = "+place-inherited"
UNSAID = "+default-source"
"""Rule mark of a claim its sentence attributes to no one (the document default applies)."""
NEARBY = 300
"""Characters between an event and a bare definite mention that may repeat it."""
"""Rule marks: no time stated (the date is the default window); a definite noun trigger
(*the attack*), likely a repeated mention."""


def family(event_type: str) -> str:
    return FAMILIES.get(event_type, event_type)


def _disjoint(a: list[str], b: list[str]) -> bool:
    return bool(a) and bool(b) and not set(a) & set(b)


def _names(e: EventClaim) -> set[str]:
    return {*e.places, *(n.lower() for n in e.unresolved_places)}


def _precise(e: EventClaim, book: PlaceBook | None) -> bool:
    """Placed below country level (a region or a governorate counts)."""
    coarse = book.coarse if book is not None else frozenset()
    return bool(e.unresolved_places) or any(p not in coarse for p in e.places)


def _places_meet(a: EventClaim, b: EventClaim, book: PlaceBook | None) -> bool | None:
    """True: a shared place; False: both placed (by their own clause, below country or
    region level), nowhere in common; None: one of them unplaced."""
    if INHERITED in a.rule or INHERITED in b.rule:
        return None
    if not _precise(a, book) or not _precise(b, book):
        return None
    na, nb = _names(a), _names(b)
    if not na or not nb:
        return None
    if na & nb:
        return True
    if book is not None and any(
        book.within(x, y) or book.within(y, x) for x in a.places for y in b.places
    ):
        return True
    written_a = {n.lower() for n in a.unresolved_places}
    written_b = {n.lower() for n in b.unresolved_places}
    if any(x in y or y in x for x in written_a for y in written_b if min(len(x), len(y)) > 3):
        return True
    if _unknown_within(a, b, book) or _unknown_within(b, a, book):
        return None
    return False


def _unknown_within(wide: EventClaim, named: EventClaim, book: PlaceBook | None) -> bool:
    """``wide`` is placed in a governorate only and ``named`` at places the reference data
    does not know: they may lie in it (*villages in the countryside of Homs* and then their
    names), which nothing can tell apart."""
    return (
        book is not None
        and not wide.unresolved_places
        and not _specific(wide, book)
        and bool(named.unresolved_places)
        and not named.places
    )


def _dated(e: EventClaim) -> bool:
    return UNDATED not in e.rule and e.date.precision != "unknown"


def compatible_means(a: str, b: str) -> bool:
    """Two event types that may describe one occurrence (no two different means)."""
    ma, mb = MEANS.get(a), MEANS.get(b)
    return not (ma and mb and ma != mb)


def same_occurrence(a: EventClaim, b: EventClaim, book: PlaceBook | None = None) -> bool:
    if family(a.event_type) != family(b.event_type):
        return False
    if not compatible_means(a.event_type, b.event_type):
        return False
    if _disjoint(a.attackers, b.attackers) or _disjoint(a.targets, b.targets):
        return False
    if DEFINITE in b.rule and not (b.attackers or b.targets):
        return b.start - a.end < NEARBY  # 'the capture of P' just after it: told again
    if DEFINITE in b.rule and not a.attackers and b.start - a.end < NEARBY:
        return True  # 'A car bomb exploded in P. IS claimed the attack': the claim's roles
    if DEFINITE in b.rule and not b.attackers and not a.targets and b.start - a.end < NEARBY:
        return True  # 'X attacked P. The attack killed N of Y': the victims of that attack
    if _elaboration(a, b):
        return True
    meet = _places_meet(a, b, book)
    if meet is False:
        return False
    both_days = a.date.precision == b.date.precision == "day"
    if _dated(a) and _dated(b) and a.date != b.date and (both_days or not _overlap(a, b)):
        return False
    if _counts(a) and _counts(b) and not _counts(a) & _counts(b):
        return False
    shared_actors = bool(set(a.attackers) & set(b.attackers)) or bool(
        set(a.targets) & set(b.targets)
    )
    if meet:
        return True
    same_roles = (
        bool(a.attackers)
        and bool(a.targets)
        and set(a.attackers) == set(b.attackers)
        and set(a.targets) == set(b.targets)
    )
    return same_roles or (shared_actors and DEFINITE in b.rule)


def _elaboration(a: EventClaim, b: EventClaim) -> bool:
    """``b`` is a claim that tells more of ``a`` just after it (*A car bomb exploded in P ...
    IS claimed the attack, saying one of its members detonated the vehicle*): same type, the
    same attacker, no time, place or victims of its own."""
    return (
        b.stance != "asserts"
        and a.event_type == b.event_type
        and bool(b.attackers)
        and set(b.attackers) <= set(a.attackers)
        and not b.targets
        and INHERITED in b.rule
        and not _dated(b)
        and 0 <= b.start - a.end < NEARBY
    )


def _counts(e: EventClaim) -> set[int]:
    return {c.count for c in e.casualties if c.kind == "killed" and c.count is not None}


def _overlap(a: EventClaim, b: EventClaim) -> bool:
    lo = (
        max(d for d in (a.date.start, b.date.start) if d) if a.date.start and b.date.start else None
    )
    hi = min(d for d in (a.date.end, b.date.end) if d) if a.date.end and b.date.end else None
    return lo is None or hi is None or lo <= hi


def _finer(b: EventClaim, a: EventClaim) -> bool:
    """``b``'s date is more precise than ``a``'s and within it (*said Sunday* gives a week,
    *launched the assault late Friday* its day)."""
    rank = DATE_PRECISIONS.index
    return rank(b.date.precision) < rank(a.date.precision) and _overlap(a, b)


def _specific(e: EventClaim, book: PlaceBook | None) -> bool:
    """Placed at a town or site (not only a country, region or governorate)."""
    return bool(e.unresolved_places) or any(book is None or book.specific(p) for p in e.places)


def _merged(a: EventClaim, b: EventClaim, book: PlaceBook | None) -> EventClaim:
    etype = a.event_type
    if etype in GENERAL_TYPES and b.event_type not in GENERAL_TYPES:
        etype = b.event_type
    first = not _dated(b) or (_dated(a) and not _finer(b, a))
    date = a.date if first else b.date
    rule = a.rule if first else b.rule
    places, written = a.places, a.unresolved_places
    if not (places or written) or (not _specific(a, book) and _specific(b, book)):
        places, written = b.places, b.unresolved_places
    elif DEFINITE in b.rule and not (b.attackers or b.targets) and INHERITED not in b.rule:
        places = list(dict.fromkeys([*places, *b.places]))
        written = list(dict.fromkeys([*written, *b.unresolved_places]))
    named = UNSAID in a.rule and UNSAID not in b.rule and b.stance == "asserts"
    # 'X reports' and 'according to Y, ..., X reports': Y is where X had it from
    earlier = a.according_to in b.relays and b.stance == a.stance
    said = (
        b if named or earlier else a
    )  # a named source wins (a claim of responsibility stays apart)
    return a.model_copy(
        update={
            "according_to": said.according_to,
            "relays": said.relays,
            "stance": said.stance,
            "event_type": etype,
            "attackers": a.attackers or b.attackers,
            "targets": a.targets or [t for t in b.targets if t not in (a.attackers or b.attackers)],
            "participants": a.participants or b.participants,
            "supporters": list(dict.fromkeys([*a.supporters, *b.supporters])),
            "places": places,
            "unresolved_places": written,
            "date": date,
            "rule": rule if "+merged" in rule else f"{rule}+merged",
            "casualties": a.casualties or b.casualties,
            "confidence": max(a.confidence, b.confidence),
        }
    )


def merge_events(claims: list[EventClaim], book: PlaceBook | None = None) -> list[EventClaim]:
    """Claims of one document, repeated mentions of one occurrence merged (text order);
    ``book`` tells how precise places are and which lies inside which (the merged claim
    keeps the most specific places). A claim with a stance of its own (a claim of
    responsibility, a denial) that merges into an asserted event is also kept, linked to it
    (same roles, places and date; its own quote, source and stance)."""
    out: list[EventClaim] = []
    linked: list[EventClaim] = []
    for c in sorted(claims, key=lambda c: (c.start, c.end)):
        last = len(out) - 2 if DEFINITE in c.rule else 0
        # 'the clashes', 'the attack' refer to one of the last events only
        for k in range(len(out) - 1, max(last, 0) - 1, -1):
            if same_occurrence(out[k], c, book):
                out[k] = _merged(out[k], c, book)
                if c.stance != "asserts" and out[k].stance == "asserts":
                    linked.append(_linked(out[k], c))  # 'IS claimed the attack': kept
                break
        else:
            if DEFINITE not in c.rule or len(out) <= 2:
                out.append(c)  # a bare 'the attack' far from any match refers to none we know
    return sorted([*out, *linked], key=lambda c: (c.start, c.end))


LINKED = "+linked"
"""Rule mark of a claim that states an event another claim of the article asserts (a
responsibility claim, a denial, an accusation): same event, its own source and stance."""


def _linked(event: EventClaim, claim: EventClaim) -> EventClaim:
    """``claim`` (a claim of responsibility, a denial ...) with the roles, places and date
    of the event it was merged into, so that both resolve to one event."""
    return claim.model_copy(
        update={
            "event_type": event.event_type,
            "attackers": event.attackers,
            "targets": event.targets,
            "places": event.places,
            "unresolved_places": event.unresolved_places,
            "date": event.date,
            "rule": f"{claim.rule}{LINKED}",
        }
    )
