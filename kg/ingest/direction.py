"""Who did what, read from a dataset row's own text: the default ``Direction`` of dataset loads.

It runs the article extractor (``loaders.extract.pipeline``, with the reference data's aliases
and the configured CoreNLP parser, whose cache keeps a re-load from parsing again) on the row's
note and keeps what its event claims say of the row's own actors: an
actor of the row is an attacker when an extracted attacker is that actor, a subgroup or a
parent group of it, and a target likewise. Actors the text names on both sides, or not at all,
stay participants (``loaders.datasets.mapped.orient``). The extractor is built once per
reference data object; notes seen again (a file loaded twice in one process) are answered from
a bounded cache. The loaders only see the ``Direction`` signature, so another reader of roles
can replace this one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.config import Settings
from kg.errors import ParserUnavailable
from loaders.articles.documents import ArticleMeta
from loaders.datasets.mapped import Direction, Roles
from loaders.extract.parse import Parser
from loaders.reference import ReferenceData
from loaders.resolution.signatures import closure

CACHE_SIZE = 4096
_META = ArticleMeta()


DirectionFactory = Callable[[ReferenceData, Settings], Direction]
"""Builds a load's ``Direction`` from its reference data and settings."""


@dataclass(frozen=True)
class TextDirection:
    """The extractor-based ``Direction``: with ``parser`` when given, else a client of the
    configured CoreNLP server (``kg nlp start`` or ``KG_NLP_URL``)."""

    parser: Parser | None = None

    def __call__(self, ref: ReferenceData, settings: Settings) -> Direction:
        from kg.nlp.client import CoreNLPClient

        parser = self.parser or CoreNLPClient.from_settings(settings)
        inner = _direction(ref, parser)

        def direction(note: str, actors: Sequence[str]) -> Roles | None:
            try:
                return inner(note, actors)
            except ParserUnavailable as e:
                raise ParserUnavailable(
                    f"{e}; or load without reading roles from the notes (--no-roles-from-text)"
                ) from e

        return direction


text_direction = TextDirection()
"""The default: roles from the row's text, parsed by the configured server."""


def _direction(ref: ReferenceData, parser: Parser) -> Direction:
    # Imported here: the extractor's tables are only built when roles are read.
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
        for claim in extractor.extract(note, _META, parser).events:
            attackers |= {a for a in actors if any(related(a, x) for x in claim.attackers)}
            targets |= {a for a in actors if any(related(a, x) for x in claim.targets)}
        if not attackers and not targets:
            return None
        return frozenset(attackers), frozenset(targets)

    def direction(note: str, actors: Sequence[str]) -> Roles | None:
        return read(note, tuple(sorted(actors)))

    return direction
