"""Parsed dataset rows with their names resolved, their roles as the data states them, and
their event signatures (pure).

Roles: what the dataset states by definition (GDELT's Actor1 -> Actor2, UCDP's one-sided
violence) is directional as parsed; the other actors are participants. When the row has its own
words about the event (ACLED ``notes``, a UCDP headline), an injected ``Direction`` reads them:
actors the text says attacked become attackers, those it says were attacked targets, and the
rest stay participants. The note stays the claim's quote, so the roles can be checked against
it. The default ``Direction`` (``kg.ingest.direction``) runs the article extractor on the note;
a parse-based extractor can replace it without touching this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from loaders.datasets.common import ActorName, DatasetRow
from loaders.datasets.places import WrittenPlace
from loaders.datasets.resolve import Resolved, Resolver
from loaders.graph.mapping import slug
from loaders.resolution.signatures import EventSignature, PlaceRef, SignatureContext

Roles = tuple[frozenset[str], frozenset[str]]
"""(attackers, targets): actor ids of the row, as its text assigns them."""

Direction = Callable[[str, Sequence[str]], Roles | None]
"""(the row's text, the ids of the actors the row names) -> the ids among them the text says
attacked and those it says were attacked; None when the text says neither."""


@dataclass(frozen=True, slots=True)
class MappedRow:
    """A row with its names resolved: what the batch and the signature are built from."""

    row: DatasetRow
    event_type: str
    attackers: tuple[Resolved, ...]
    targets: tuple[Resolved, ...]
    participants: tuple[Resolved, ...]
    sources: tuple[Resolved, ...]
    place: WrittenPlace
    groups: tuple[tuple[Resolved, ...], ...]
    """The actors each casualty figure counts, in the order of ``row.figures``."""
    oriented: bool = False
    """True when the row's text gave some of its actors their roles."""

    @property
    def claim_id(self) -> str:
        return f"{self.row.format.id_prefix}-{slug(self.row.record_id, 'unnamed')}"

    @property
    def has_new(self) -> bool:
        named = (*self.attackers, *self.targets, *self.participants, *self.sources)
        return any(r.new for r in named)

    @property
    def unknown_actors(self) -> frozenset[str]:
        """Names of the row that became new actors (each counted once per row)."""
        named = (
            *self.attackers,
            *self.targets,
            *self.participants,
            *(a for g in self.groups for a in g),
        )
        return frozenset(r.name for r in named if r.new)


def _resolve(
    resolver: Resolver, row: DatasetRow, names: Sequence[ActorName]
) -> tuple[Resolved, ...]:
    found = (resolver.actor(row.format, a) for a in names)
    return tuple({r.id: r for r in found}.values())


def orient(
    participants: tuple[Resolved, ...], roles: Roles | None
) -> tuple[tuple[Resolved, ...], tuple[Resolved, ...], tuple[Resolved, ...]]:
    """Split participants into (attackers, targets, participants) by the text's roles; an
    actor the text names on both sides stays a participant."""
    if roles is None:
        return (), (), participants
    attack, target = roles[0] - roles[1], roles[1] - roles[0]
    return (
        tuple(p for p in participants if p.id in attack),
        tuple(p for p in participants if p.id in target),
        tuple(p for p in participants if p.id not in attack and p.id not in target),
    )


def map_row(
    row: DatasetRow, resolver: Resolver, direction: Direction | None = None
) -> MappedRow | None:
    """Resolve a row's names and roles; None when its category lies outside the event types."""
    event_type = resolver.event_type(row.format, row.type_keys)
    if event_type is None:
        return None
    participants = _resolve(resolver, row, row.participants)
    attackers, targets = (
        _resolve(resolver, row, row.attackers),
        _resolve(resolver, row, row.targets),
    )
    oriented = False
    if direction is not None and row.note and participants:
        roles = direction(row.note, [p.id for p in participants])
        more_attackers, more_targets, participants = orient(participants, roles)
        oriented = bool(more_attackers or more_targets)
        attackers, targets = attackers + more_attackers, targets + more_targets
    if oriented:
        row = replace(row, rule=f"{row.rule} roles=text")
    return MappedRow(
        row=row,
        event_type=event_type,
        attackers=attackers,
        targets=targets,
        participants=participants,
        sources=tuple(resolver.source(s) for s in row.sources),
        place=resolver.place(row.location),
        groups=tuple(_resolve(resolver, row, f.actors) for f in row.figures),
        oriented=oriented,
    )


def signature(m: MappedRow, ctx: SignatureContext) -> EventSignature:
    """The row's event signature: its roles, its written place with the ancestors of its admin
    parent and of the known place it is near, and its dataset."""
    sig = ctx.signature(
        m.event_type,
        attackers=[a.id for a in m.attackers],
        targets=[t.id for t in m.targets],
        start=m.row.start,
        end=m.row.end,
        precision=m.row.date_precision,
        participants=[p.id for p in m.participants],
        datasets=[m.row.dataset],
    )
    return replace(sig, places=(written_ref(m.place, ctx),), open_means=m.row.open_means)


def written_ref(place: WrittenPlace, ctx: SignatureContext) -> PlaceRef:
    """A written place as matching sees it (what ``SignatureContext.build`` makes of it once
    it is in the graph)."""
    ups: set[str] = set()
    parent = place.new_district.parent if place.new_district else place.parent
    if place.parent is not None:
        ups.add(place.parent)
    if parent is not None:
        ups |= {parent, *ctx.place(parent).ancestors}
    if place.near is not None:
        ups |= ctx.place(place.near).ancestors
    return PlaceRef(place.id, place.lat, place.lon, place.place_type, frozenset(ups), place.near)
