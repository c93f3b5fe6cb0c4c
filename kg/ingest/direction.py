"""Who did what, read from a dataset row's own text: the default ``Direction`` of dataset loads.

It runs today's article extractor (``loaders.extract.pipeline``, with the reference data's
aliases) on the row's note and keeps what its event claims say of the row's own actors: an
actor of the row is an attacker when an extracted attacker is that actor, a subgroup or a
parent group of it, and a target likewise. Actors the text names on both sides, or not at all,
stay participants (``loaders.datasets.mapped.orient``). The extractor is built once per
reference data object; notes seen again (a file loaded twice in one process) are answered from
a bounded cache. A parse-based extractor can replace this function: the loaders only see its
``Direction`` signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from loaders.articles.documents import ArticleMeta
from loaders.datasets.mapped import Direction, Roles
from loaders.reference import ReferenceData
from loaders.resolution.signatures import closure

CACHE_SIZE = 4096
_META = ArticleMeta()


def text_direction(ref: ReferenceData) -> Direction:
    """The extractor-based ``Direction`` for this reference data."""
    # Imported here: spaCy and the extractor's tables are only loaded when roles are read.
    from loaders.extract.pipeline import extractor_for

    extractor = extractor_for(ref)
    parents = {a.id: tuple(a.part_of) for a in ref.actors}

    @cache
    def lineage(actor: str) -> frozenset[str]:
        return closure(actor, parents) | {actor}

    def related(x: str, y: str) -> bool:
        return x in lineage(y) or y in lineage(x)

    @lru_cache(maxsize=CACHE_SIZE)
    def read(note: str, actors: tuple[str, ...]) -> Roles | None:
        attackers: set[str] = set()
        targets: set[str] = set()
        for claim in extractor.extract(note, _META).events:
            attackers |= {a for a in actors if any(related(a, x) for x in claim.attackers)}
            targets |= {a for a in actors if any(related(a, x) for x in claim.targets)}
        if not attackers and not targets:
            return None
        return frozenset(attackers), frozenset(targets)

    def direction(note: str, actors: Sequence[str]) -> Roles | None:
        return read(note, tuple(sorted(actors)))

    return direction
