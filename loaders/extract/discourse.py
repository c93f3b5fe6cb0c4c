"""Document-level completion of event roles, after every sentence has been read.

An attack or capture whose clause names the attacker and the place but not the target
targets whoever the same article says controls that place (*attacks targeted the station
controlled by the regime forces*, *bombard the area* of an IS-held town, *captured P* where
P is *IS-held*). A capture with no named gainer (*IS lost Rawdah*) takes the gainer of
another capture of the same place from the same loser (*the SDF chased IS from Rawdah*).
Both are inferences: the claim's rule name records which one was used.
"""

from __future__ import annotations

from loaders.extract.model import ControlClaim, EventClaim

ATTACK_TYPES = frozenset(
    {
        "attack", "offensive", "air_strike", "drone_strike", "shelling", "bombing",
        "suicide_attack", "ambush", "siege",
    }
)  # fmt: skip
COMPLETABLE = ATTACK_TYPES | {"capture_of_territory"}
INFERENCE_DISCOUNT = 0.8


def complete_roles(events: list[EventClaim], control: list[ControlClaim]) -> list[EventClaim]:
    """Events with the inferred targets and gainers added (see the module docstring)."""
    held: dict[str, str] = {}
    for c in control:
        if c.status in ("controls", "besieged", "contested"):
            for p in [*c.places, *(n.lower() for n in c.unresolved_places)]:
                held.setdefault(p, c.controller)
    out: list[EventClaim] = []
    for e in _share_gainers(events):
        if e.event_type in COMPLETABLE and e.attackers and not e.targets:
            e = _completed(e, held)
        out.append(e)
    return out


def _completed(e: EventClaim, held: dict[str, str]) -> EventClaim:
    where = [*e.places, *(n.lower() for n in e.unresolved_places)]
    holders = [held[p] for p in where if p in held and held[p] not in e.attackers]
    if not holders:
        return e
    return e.model_copy(
        update={
            "targets": list(dict.fromkeys(holders)),
            "rule": f"{e.rule}+controller-of-place",
            "confidence": round(e.confidence * INFERENCE_DISCOUNT, 2),
        }
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
