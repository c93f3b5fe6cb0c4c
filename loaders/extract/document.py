"""One document being extracted: what every stage after parsing reads of it."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.extract import dates
from loaders.extract.attribution import Attribution
from loaders.extract.tree import Sent


@dataclass(frozen=True)
class Doc:
    """One document being extracted: text, parsed sentences and per-document facts."""

    text: str
    sents: list[Sent]
    headline: frozenset[int]
    """Indexes of the sentences of the headline (and a first line repeating the title)."""
    pub: dates.Publication | None
    sources: list[Attribution]
