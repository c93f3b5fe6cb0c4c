"""Document-level completion of event roles, after every sentence has been read.

An attack whose clause names the attacker and the place but not the target usually targets
(1) whoever the same article says controls that place ("attacks targeted the station
controlled by the regime forces", "bombard the area" of an IS-held town), or else (2) the
target of the same attacker's previous attack in the article (a text that first says whom a
campaign is aimed at and then lists its attacks). Both are inferences: the claim's rule name
records which one was used.
"""

from __future__ import annotations

from collections.abc import Sequence

from loaders.claims import ControlClaim, EventClaim

ATTACK_TYPES = frozenset(
    {
        "attack", "offensive", "air_strike", "drone_strike", "shelling", "bombing",
        "suicide_attack", "ambush", "siege",
    }
)  # fmt: skip


COMPLETABLE = ATTACK_TYPES | {"capture_of_territory"}


def fill_targets(
    events: list[EventClaim], control: list[ControlClaim], aims: Sequence[EventClaim] = ()
) -> list[EventClaim]:
    """Events with the inferred targets added (see the module docstring). ``aims`` are
    non-factual mentions that still say whom an actor attacks; they only feed the targets."""
    held: dict[str, str] = {}
    for c in control:
        for p in c.places:
            held.setdefault(p, c.controller)
    events = _share_gainers(events)
    out: list[EventClaim] = []
    last_target: dict[tuple[str, ...], list[str]] = {}
    aim_ids = {id(a) for a in aims}
    for e in sorted([*events, *aims], key=lambda x: x.start):
        key = tuple(sorted(e.attackers))
        if id(e) not in aim_ids and e.event_type in COMPLETABLE and e.attackers and not e.targets:
            e = _completed(e, held, last_target.get(key))
        if e.targets and e.attackers:
            last_target[key] = e.targets
        if id(e) not in aim_ids:
            out.append(e)
    return out


def _completed(e: EventClaim, held: dict[str, str], previous: list[str] | None) -> EventClaim:
    holders = [held[p] for p in e.places if p in held and held[p] not in e.attackers]
    if holders:
        targets, how = list(dict.fromkeys(holders)), "controller-of-place"
    elif previous and "unresolved-object" not in e.rule:
        targets, how = previous, "previous-target"
    else:
        return e
    return e.model_copy(
        update={"targets": targets, "rule": f"{e.rule}+{how}", "confidence": e.confidence * 0.8}
    )


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
