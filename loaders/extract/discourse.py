"""Document-level completion of event roles, after every sentence has been read.

An attack or capture whose clause names the attacker and the place but not the target
targets whoever the same article says controls that place (*attacks targeted the station
controlled by the regime forces*, *bombard the area* of an IS-held town, *captured P* where
P is *IS-held*). A capture with no named gainer (*IS lost Rawdah*) takes the gainer of
another capture of the same place from the same loser (*the SDF chased IS from Rawdah*).
Both are inferences: the claim's rule name records which one was used.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from loaders.claims import ControlClaim, EventClaim
from loaders.extract.merge import compatible_means

SameSide = Callable[[str, str], bool]

ATTACK_TYPES = frozenset(
    {
        "attack", "offensive", "air_strike", "drone_strike", "shelling", "bombing",
        "suicide_attack", "ambush", "siege",
    }
)  # fmt: skip
COMPLETABLE = ATTACK_TYPES | {"capture_of_territory"}
INFERENCE_DISCOUNT = 0.8


def _same(a: str, b: str) -> bool:
    return a == b


def complete_roles(
    events: list[EventClaim],
    control: list[ControlClaim],
    same_side: SameSide = _same,
    topic: str | None = None,
    speaks_for: dict[str, str] | None = None,
    from_afar: frozenset[str] = frozenset(),
    backs: dict[str, list[str]] | None = None,
) -> list[EventClaim]:
    """Events with the inferred targets and gainers added (see the module docstring);
    ``same_side(a, b)`` tells whether two actors are one side (an actor and its part);
    ``topic``: the article's most named actor, the opponent of last resort of a campaign;
    ``speaks_for``: source -> the actor it speaks for (a group's own media); ``from_afar``:
    states and coalitions, never inferred to have lost ground; ``backs``: backer -> the actors
    the reference data says it supports."""
    held: dict[str, str] = {}
    lost: dict[str, str] = {}
    for c in control:
        for p in _where(c):
            if c.status in ("controls", "besieged", "contested"):
                held.setdefault(p, c.controller)
            lost.setdefault(p, c.controller)
    for c in control:  # held before: the holder when the events the article tells happened
        if c.status == "formerly_controlled":
            for p in _where(c):
                held.setdefault(p, c.controller)
    out: list[EventClaim] = []
    events = _share_gainers(events)
    held_out: list[EventClaim] = []
    events = [_civilian_venue(e) for e in events]
    for e in events:
        if e.event_type in COMPLETABLE and e.attackers and not e.targets:
            holders = held
            if e.event_type == "capture_of_territory":  # held ground: not a state as a whole
                holders = {p: a for p, a in lost.items() if a not in from_afar}
            e = _completed(e, holders, same_side)
        held_out.append(e)
    # Opponents as the article shows them once the holders of places are known.
    enemies = _adversaries(held_out, same_side)
    first: list[EventClaim] = []
    backed = _backed_by(held_out, backs or {})
    for e in held_out:
        if e.event_type in TWO_SIDED and e.attackers and not e.targets:
            e = _from_adversary(e, enemies, from_afar)
        if e.event_type in STRIKES and e.attackers and not e.targets:
            e = _backers_enemy(e, backed, enemies, same_side)
        if e.event_type == "offensive" and e.attackers and not e.targets and topic:
            e = _against_topic(e, topic, same_side)
        first.append(e)
    for e in first:
        own = "+place-inherited" not in e.rule
        if e.targets and not e.attackers:
            e = _same_scene(e, first)
            if not e.attackers and e.event_type == "armed_clash":
                e = _attacker_from_adversary(e, enemies)
        elif not e.targets and not e.attackers and own:
            e = _same_place(e, first)
        if e.targets and not e.attackers and speaks_for:
            e = _claimed_by_its_media(e, speaks_for, same_side)
        out.append(e)
    return out


BOMBINGS = frozenset({"bombing", "suicide_attack"})
CIVILIAN_VENUES = re.compile(
    r"\b(?:market|marketplace|mosque|church|hospital|school|bakery|wedding|funeral|bus "
    r"station|camp for displaced|displacement camp|restaurant|cafe|square|crowd|crowded)\b",
    re.IGNORECASE,
)
"""Where a bomb that kills people it does not count by side kills civilians."""


def _civilian_venue(e: EventClaim) -> EventClaim:
    """'A car bomb exploded in a crowded market in P, killing 40 people': a bombing with no
    target whose dead are counted without a side, at a civilian venue, killed civilians."""
    if e.event_type not in BOMBINGS or e.targets:
        return e
    if not any(c.kind == "killed" and c.group is None for c in e.casualties):
        return e
    if not CIVILIAN_VENUES.search(e.quote):
        return e
    return _inferred(e, "civilian-venue", targets=["civilians"])


def _claimed_by_its_media(
    e: EventClaim, speaks_for: dict[str, str], same_side: SameSide
) -> EventClaim:
    """'Dozens of SDF fighters were killed in an attack on P, according to Amaq': the victims
    of an attack that a group's own media reports, with no attacker named, are that group's
    (never its own people, never civilians: a group's media does not claim those)."""
    claimant = speaks_for.get(e.according_to)
    if claimant is None or e.event_type not in ATTACK_TYPES | {"killing"}:
        return e
    if any("civilian" in t or t == claimant or same_side(t, claimant) for t in e.targets):
        return e
    return _inferred(e, "claimed-by-its-media", attackers=[claimant])


TWO_SIDED = frozenset({"capture_of_territory", "offensive", "armed_clash"})
"""Fighting between the article's sides: a capture has a loser, a campaign an enemy and a
clash two sides, so when the clause names one side the other is its main opponent in the
article. Not attacks, bombings or strikes: whom they hit is unknown unless it is said."""

SIDED = frozenset({"offensive", "capture_of_territory", "siege"})
"""Events whose sides the article's other events at their place tell: a campaign or a
capture is fought by the same sides as the fighting there."""


def _other_day(a: EventClaim, b: EventClaim) -> bool:
    """Both dated to a day, and not the same one."""
    days = (a.date, b.date)
    return all(d.precision == "day" and d.start for d in days) and a.date.start != b.date.start


def _same_place(e: EventClaim, events: list[EventClaim]) -> EventClaim:
    """'A final push to capture al-Bab was launched': the sides of the article's other
    event at that place (its own place, not one inherited from the context)."""
    if "+definite" in e.rule:
        return e  # 'the blasts': a repeated mention, merged later
    if e.event_type not in SIDED:
        return e  # a bomb or a shooting with no one named: its perpetrator is unknown
    for other in events:
        if other is e or not (other.attackers and other.targets):
            continue
        if _other_day(e, other):
            continue
        if not compatible_means(e.event_type, other.event_type):
            continue
        if "+place-inherited" in other.rule or not _where(other) & _where(e):
            continue
        return _inferred(e, "sides-of-same-place", attackers=other.attackers, targets=other.targets)
    return e


def _adversaries(events: list[EventClaim], same_side: SameSide) -> dict[str, str]:
    """Each actor's one main opponent in the article (the actor it most often fights)."""
    pairs: dict[str, Counter[str]] = {}
    for e in events:
        for a in e.attackers:
            for t in e.targets:
                if same_side(a, t) or "civilian" in t or "civilian" in a:
                    continue
                pairs.setdefault(a, Counter())[t] += 1
                pairs.setdefault(t, Counter())[a] += 1
    out: dict[str, str] = {}
    for actor, counts in pairs.items():
        ranked = counts.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[actor] = ranked[0][0]
    return out


def _from_adversary(
    e: EventClaim, enemies: dict[str, str], from_afar: frozenset[str] = frozenset()
) -> EventClaim:
    """A capture, campaign or clash that names only its attacker: the other side is the
    attacker's main opponent in the article (for a capture, one that held ground: not a
    state or coalition named as a whole, which the article shows striking from afar)."""
    losers = list(dict.fromkeys(enemies[a] for a in e.attackers if a in enemies))
    if e.event_type == "capture_of_territory":
        losers = [x for x in losers if x not in from_afar]
    if not losers or set(losers) & set(e.attackers):
        return e
    return _inferred(e, "adversary", targets=losers)


STRIKES = frozenset({"air_strike", "drone_strike", "shelling"})
"""Strikes from afar: a backer's strike with no target named hits the side it backs against."""


def _backed_by(events: list[EventClaim], backs: dict[str, list[str]]) -> dict[str, list[str]]:
    """Backer -> the actors the article shows it backing (*the SDF, backed by the
    coalition, ...*), else those the reference data says it supports."""
    out: dict[str, list[str]] = {}
    for e in events:
        for backer in e.supporters:
            for a in e.attackers:
                if a != backer and a not in out.setdefault(backer, []):
                    out[backer].append(a)
    for backer, supported in backs.items():
        out.setdefault(backer, list(supported))
    return out


def _backers_enemy(
    e: EventClaim, backed: dict[str, list[str]], enemies: dict[str, str], same_side: SameSide
) -> EventClaim:
    """A strike by a backer that names no target: the main opponent, in the article, of the
    side it backs (*coalition raids on P* in a report of the SDF, backed by the coalition,
    fighting IS)."""
    found = [
        enemies[b]
        for a in e.attackers
        for b in backed.get(a, [])
        if b in enemies and not any(same_side(enemies[b], x) for x in e.attackers)
    ]
    targets = list(dict.fromkeys(found))
    if len(targets) != 1:
        return e
    return _inferred(e, "backers-enemy", targets=targets)


def _against_topic(e: EventClaim, topic: str, same_side: SameSide) -> EventClaim:
    """A campaign whose enemy the article never pairs with its attacker: the group the article
    is about, when that is not the attacker's side ('forces advancing on P' in a report on
    the war against IS)."""
    if "civilian" in topic or any(a == topic or same_side(a, topic) for a in e.attackers):
        return e
    return _inferred(e, "against-topic", targets=[topic])


def _attacker_from_adversary(e: EventClaim, enemies: dict[str, str]) -> EventClaim:
    """A clash with one named side: the other is that side's main opponent in the article
    (a loss with no named gainer stays so: who gained is not implied). Never for civilian
    victims: a war's sides do not say who killed them."""
    if any("civilian" in t for t in e.targets):
        return e
    attackers = list(dict.fromkeys(enemies[t] for t in e.targets if t in enemies))
    if not attackers or set(attackers) & set(e.targets):
        return e
    return _inferred(e, "adversary", attackers=attackers)


def _inferred(e: EventClaim, rule: str, **roles: list[str]) -> EventClaim:
    """``e`` with roles inferred from the rest of the article: the inference is named in the
    rule and lowers the confidence."""
    update: dict[str, object] = {
        **roles,
        "rule": f"{e.rule}+{rule}",
        "confidence": round(e.confidence * INFERENCE_DISCOUNT, 2),
    }
    return e.model_copy(update=update)


def _where(e: EventClaim | ControlClaim) -> set[str]:
    return {*e.places, *(n.lower() for n in e.unresolved_places)}


def _same_scene(e: EventClaim, events: list[EventClaim]) -> EventClaim:
    """'N civilians were killed in a rampage on Kobane' after 'IS killed civilians in
    Kobane': the attacker of another event of the article on the same victims, same place."""
    if "+place-inherited" in e.rule:
        return e
    ground = e.event_type in ("armed_clash", "capture_of_territory")
    donors = [o for o in events if o.start < e.start][::-1] + [
        o for o in events if o.start > e.start
    ]
    for other in donors:
        if other is e or not other.attackers or not set(other.targets) & set(e.targets):
            continue
        if not compatible_means(e.event_type, other.event_type):
            continue
        if ground and other.event_type in ("air_strike", "drone_strike", "shelling"):
            continue
        if "+place-inherited" in other.rule or _other_day(e, other):
            continue
        if set(other.attackers) & set(e.targets):
            continue
        if _where(other) & _where(e):
            return _inferred(e, "attacker-of-same-scene", attackers=other.attackers)
        if 0 <= e.start - other.end <= FOLLOW_UP_CHARS and not _named_between(events, other, e):
            return _inferred(e, "attacker-of-run", attackers=other.attackers)
    return e


FOLLOW_UP_CHARS = 300
"""How close (in characters) an unattributed strike must follow an attributed one of the same
means on the same side to be read as part of its run (*X struck IS in eastern Syria. Near P,
four strikes destroyed ...*)."""


def _named_between(events: list[EventClaim], first: EventClaim, later: EventClaim) -> bool:
    """Whether another attacker is named by an event between ``first`` and ``later``."""
    return any(
        first.end <= o.start < later.start and o.attackers and o.attackers != first.attackers
        for o in events
    )


def _completed(e: EventClaim, held: dict[str, str], same_side: SameSide) -> EventClaim:
    where = [*e.places, *(n.lower() for n in e.unresolved_places)]
    holders = [
        held[p] for p in where if p in held and not any(same_side(held[p], a) for a in e.attackers)
    ]
    if not holders:
        return e
    return _inferred(e, "controller-of-place", targets=list(dict.fromkeys(holders)))


def _share_gainers(events: list[EventClaim]) -> list[EventClaim]:
    """'IS lost Rawdah' and 'the SDF chased IS from Rawdah' tell one capture: the first
    takes the gaining party named by the second."""
    captures = [e for e in events if e.event_type == "capture_of_territory" and e.attackers]
    out = []
    for e in events:
        if e.event_type == "capture_of_territory" and not e.attackers and e.targets:
            for other in captures:
                if set(other.targets) & set(e.targets) and set(other.places) & set(e.places):
                    e = e.model_copy(
                        update={"attackers": other.attackers, "rule": f"{e.rule}+same-capture"}
                    )
                    break
        out.append(e)
    return out
