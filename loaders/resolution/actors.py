"""Whether two reports' actors can be one event's: the parties of each, matched (pure).

A report's actors form parties. Attackers are one party and targets another, in that order;
participants (a dataset that does not say who attacked) join the party of an actor of their
side or hierarchy, else form parties by side (an actor without a known side is a party of its
own). Two reports agree when every party of the report that names fewer can be paired with a
party of the other, each pair sharing an actor (the same, a subgroup or a parent group), and
an attacking party never pairs with a targeted one: so participants match attackers or targets
in either order, and "the regime against the rebels" does not match "IS attacked the regime".
A report naming no actor contradicts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

from loaders.resolution.signatures import ActorRef, EventSignature

MAX_EXACT_PARTIES = 6
"""Above this many parties on the smaller side, pairing is greedy instead of exhaustive."""


@dataclass(frozen=True)
class Party:
    """Actors on one side of an event; ``role`` is attacker, target or None (not stated)."""

    actors: tuple[ActorRef, ...]
    role: str | None


def related(x: ActorRef, y: ActorRef) -> bool:
    """Same actor, or one is a subgroup (PART_OF, transitively) of the other."""
    return x.id == y.id or x.id in y.ancestors or y.id in x.ancestors


def _side(a: ActorRef) -> str:
    return a.side or a.id


def _joins(p: ActorRef, party: list[ActorRef]) -> bool:
    return any(related(p, a) or _side(p) == _side(a) for a in party)


@lru_cache(maxsize=1 << 14)
def parties(sig: EventSignature) -> tuple[Party, ...]:
    """The parties of a report (cached: every candidate comparison asks again)."""
    attackers, targets = list(sig.attackers), list(sig.targets)
    by_side: dict[str, list[ActorRef]] = {}
    for p in sig.participants:
        if attackers and _joins(p, attackers):
            attackers.append(p)
        elif targets and _joins(p, targets):
            targets.append(p)
        else:
            by_side.setdefault(_side(p), []).append(p)
    out = [Party(tuple(attackers), "attacker")] if attackers else []
    if targets:
        out.append(Party(tuple(targets), "target"))
    out += [Party(tuple(group), None) for _, group in sorted(by_side.items())]
    return tuple(out)


def _pairs(x: Party, y: Party) -> tuple[str, ...]:
    """The actors of ``y`` that pair it with ``x`` (empty when they cannot pair)."""
    if x.role is not None and y.role is not None and x.role != y.role:
        return ()
    return tuple(sorted({b.id for a in x.actors for b in y.actors if related(a, b)}))


def _best(small: tuple[Party, ...], large: tuple[Party, ...]) -> list[tuple[str, ...]]:
    """The pairing of every party of ``small`` with a distinct one of ``large`` that pairs the
    most parties; the shared actors of each pair."""
    if len(small) > MAX_EXACT_PARTIES:
        return _greedy(small, large)
    best: list[tuple[str, ...]] = []
    for order in permutations(range(len(large)), len(small)):
        shared = [_pairs(s, large[i]) for s, i in zip(small, order, strict=True)]
        found = [s for s in shared if s]
        if len(found) > len(best):
            best = found
            if len(best) == len(small):
                break
    return best


def _greedy(small: tuple[Party, ...], large: tuple[Party, ...]) -> list[tuple[str, ...]]:
    free, found = list(large), []
    for s in small:
        for y in free:
            shared = _pairs(s, y)
            if shared:
                found.append(shared)
                free.remove(y)
                break
    return found


@dataclass(frozen=True)
class ActorMatch:
    """How two reports' parties pair: ``paired`` of ``needed`` (the smaller side's count),
    out of ``parties`` (the larger side's), sharing ``actors``."""

    paired: int
    needed: int
    parties: int
    actors: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return self.paired == self.needed


def match_actors(a: EventSignature, b: EventSignature) -> ActorMatch:
    """Pair the parties of ``a`` and ``b`` (see the module docstring)."""
    pa, pb = parties(a), parties(b)
    small, large = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
    if not small:
        return ActorMatch(0, 0, len(large), ())
    shared = _best(small, large)
    actors = tuple(sorted({x for s in shared for x in s}))
    return ActorMatch(len(shared), len(small), len(large), actors)
