"""A chunk of dataset rows on the reading side: parsed, resolved, oriented, and built into the
statements its transaction runs, all before the chunk is handed to the writer, so the writer
thread only talks to the database while the next chunk is read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.cypher import Statement, batch_statements
from kg.ingest.dataset_cypher import stored_rows
from loaders.datasets.common import DatasetFormat, RowReject, RowSkip
from loaders.datasets.graph import rows_batch
from loaders.datasets.mapped import Direction, MappedRow, map_row, signature
from loaders.datasets.resolve import Resolver
from loaders.resolution.signatures import EventSignature, SignatureContext

OUTSIDE_TYPES = "category outside the event types"


@dataclass(frozen=True)
class RowPlan:
    """What the writer needs to know of one row to decide its outcome."""

    category: str
    sha256: str
    version: str | None


@dataclass
class PreparedChunk:
    """A chunk ready to write: its statements, its claim records and each claim's signature."""

    shared: list[Statement]
    claims: list[dict[str, Any]]
    lookup: Statement
    items: list[tuple[str, EventSignature]]
    plans: dict[str, RowPlan]
    names: dict[str, str] = field(default_factory=dict)
    """Place id -> name, for the labels of the events the chunk founds."""


class Chunk:
    """Rows read since the last submitted chunk: what to write, reject, skip or warn about."""

    def __init__(self, fmt: DatasetFormat, header: list[str], release: str | None) -> None:
        self.fmt, self.header, self.release = fmt, header, release
        self._category = fmt.category_column.lower()
        self.mapped: list[MappedRow] = []
        self.rejects: list[tuple[int, str, list[str]]] = []
        self.rejected: Counter[str] = Counter()
        self.skipped: Counter[tuple[str, str]] = Counter()
        self.warnings: list[tuple[int, str]] = []
        self.unknown: Counter[str] = Counter()
        self.ids: dict[str, int] = {}
        self.rows = 0
        self.last_line = 0

    def take(
        self, line: int, cells: list[str], resolver: Resolver, direction: Direction | None
    ) -> None:
        self.rows += 1
        self.last_line = line
        raw: dict[str, str | None] = {}
        try:
            if len(cells) != len(self.header):
                raise RowReject(f"expected {len(self.header)} fields, found {len(cells)}")
            raw = dict(zip(self.header, cells, strict=True))
            row = self.fmt.parse_row(raw, line, self.release)
            mapped = map_row(row, resolver, direction)
            if mapped is None:
                self.skipped[(row.category, OUTSIDE_TYPES)] += 1
                return
            first = self.ids.setdefault(mapped.claim_id, line)
            if first != line:
                raise RowReject(f"duplicate row id {row.record_id!r} (first on line {first})")
            self.mapped.append(mapped)
            self.warnings += [(line, w) for w in row.warnings]
            self.unknown.update(mapped.unknown_actors)
        except RowSkip as e:
            self.skipped[((raw.get(self._category) or "").strip(), str(e))] += 1
        except RowReject as e:
            self.rejects.append((line, str(e), cells))
            self.rejected[(raw.get(self._category) or "").strip()] += 1

    def prepare(
        self,
        base: str,
        ctx: SignatureContext,
        written: set[tuple[str, str]],
        signatures: bool = True,
    ) -> PreparedChunk:
        """The chunk's statements and signatures (``written``: the load's shared nodes;
        ``signatures`` off when nothing will resolve events: corroboration off)."""
        batch = rows_batch(self.mapped, base, written)
        claims = [(c["claim"], m) for c, m in zip(batch.claims, self.mapped, strict=True)]
        return PreparedChunk(
            shared=batch_statements(batch.shared),
            claims=batch.claims,
            lookup=stored_rows(batch.claims),
            items=[(iri, signature(m, ctx)) for iri, m in claims] if signatures else [],
            plans={iri: RowPlan(m.row.category, m.row.sha256, m.row.version) for iri, m in claims},
            names={m.place.id: m.place.name for m in self.mapped},
        )

    @property
    def oriented(self) -> int:
        return sum(m.oriented for m in self.mapped)
