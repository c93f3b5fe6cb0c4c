"""Load a dataset export (any registered format): stream it, write it in chunks, survive
interruptions.

The file is read once, in chunks of ``chunk_size`` rows; each chunk is written in ONE write
transaction (claims, their provenance and, when corroboration is on, their events), so memory
stays flat in the file size and a failure never leaves half a chunk behind. After each commit
the rows that could not be loaded are appended to ``FILE.rejects.csv`` (line, reason, the row's
cells) and the last committed line is saved to ``KG_HOME/checkpoints/<sha256 of the file>.json``;
a later run of the same file resumes after it. Ids are stable; rows none of whose nodes exist are
CREATEd, the others MERGEd: loading a file twice gives the same graph. The checkpoint is
removed once the whole file is in.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from kg import changes
from kg.config import Settings
from kg.cypher import batch_statements
from kg.dataset import bind_namespace
from kg.errors import InputError
from kg.ingest.dataset_cypher import create_claim_records, existing_claims, merge_claim_records
from kg.ingest.event_aggregates import read_context
from kg.ingest.reference import load_event_types, load_reference
from kg.ingest.resolver import EventResolver
from kg.ingest.writer import BackgroundWriter
from kg.store import GraphStore, Tx
from loaders.datasets.common import DatasetFormat, RowParser, RowReject, normalise_header
from loaders.datasets.graph import MappedRow, map_row, rows_batch, signature
from loaders.datasets.resolve import (
    DEFAULT_RADIUS_KM,
    Resolver,
    read_alias_table,
    read_type_table,
)
from loaders.graph.vocabulary import EVENT_TYPES
from loaders.resolution.matching import MatchRules, SignatureContext
from loaders.resources import SEEDS_DIR

log = logging.getLogger(__name__)

DEFAULT_CHUNK = 5000


@dataclass
class DatasetReport:
    """What a load did, for the whole file (a resumed run includes the earlier runs' rows)."""

    file: str
    dataset: str
    rows: int = 0
    claims: int = 0
    skipped: int = 0
    rejected: int = 0
    events: int = 0
    chunks: int = 0
    resumed_at: int = 0
    complete: bool = False
    seconds: float = 0.0
    rejects_file: str | None = None
    skipped_categories: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadOptions:
    """How to load: chunk size, release label, place radius and corroboration rules."""

    chunk_size: int = DEFAULT_CHUNK
    release: str | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    rules: MatchRules | None = field(default_factory=MatchRules)
    """None turns corroboration off: claims are written without events."""
    restart: bool = False
    max_chunks: int | None = None
    """Stop after this many chunks, leaving the checkpoint (tests simulate a crash with it)."""
    seeds_dir: Path = SEEDS_DIR


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def rejects_path(path: Path) -> Path:
    """``acled.csv`` -> ``acled.rejects.csv``, beside the input."""
    return path.with_name(f"{path.stem}.rejects.csv")


class Checkpoint:
    """The last committed line of a file and the totals so far, in KG_HOME/checkpoints."""

    def __init__(self, settings: Settings, digest: str) -> None:
        self.path = settings.kg_home / "checkpoints" / f"{digest}.json"

    def read(self) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            raise InputError(str(self.path), f"unreadable checkpoint ({e}); use --restart") from e
        return data

    def save(self, line: int, rejects_bytes: int, report: DatasetReport) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        payload = {"line": line, "rejects_bytes": rejects_bytes, "report": asdict(report)}
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        tmp.replace(self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


class RejectWriter:
    """Appends rejected rows to FILE.rejects.csv; the file exists only when a row was rejected.

    The columns are ``line, reason`` and then the input's own columns, so a fixed reject file
    loads again as it is (the loaders ignore unknown columns).
    """

    def __init__(self, path: Path, header: list[str], keep_bytes: int) -> None:
        self.path, self.header = path, header
        if keep_bytes == 0:
            path.unlink(missing_ok=True)
        elif path.exists():
            with path.open("r+b") as fh:
                fh.truncate(keep_bytes)

    def append(self, rows: list[tuple[int, str, list[str]]]) -> None:
        if not rows:
            return
        fresh = not self.path.exists()
        with self.path.open("a", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            if fresh:
                writer.writerow(["line", "reason", *self.header])
            for line, reason, cells in rows:
                writer.writerow([line, reason, *cells])

    @property
    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0


def _records(reader: Any, where: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for each record left in a ``csv.reader``.

    Broken CSV (an unterminated quote, a NUL byte) stops the load: the records after it cannot
    be delimited. The checkpoint keeps what was committed before it.
    """
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as e:
            raise InputError(where, f"unreadable CSV after line {last}: {e}") from e
        yield last + 1, cells
        last = reader.line_num


def _check_header(path: Path, fmt: DatasetFormat, header: list[str]) -> None:
    present = set(header)
    missing = [" or ".join(alts) for alts in fmt.required_columns if present.isdisjoint(alts)]
    if missing:
        raise InputError(
            str(path),
            f"{fmt.title} export expected, but column(s) {', '.join(missing)} are missing",
        )


def _header(path: Path, fmt: DatasetFormat, reader: Any) -> list[str]:
    """The column names: the format's own when its files have no header, else the first row's
    (checked against the columns the format requires)."""
    if fmt.columns:
        return list(fmt.columns)
    try:
        header = normalise_header(next(reader))
    except StopIteration:
        raise InputError(str(path), "empty file (no header)") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise InputError(str(path), f"unreadable header: {e}") from e
    _check_header(path, fmt, header)
    return header


class _Chunk:
    """Rows read since the last submitted chunk: what to write, what was rejected or skipped."""

    def __init__(self) -> None:
        self.mapped: list[MappedRow] = []
        self.rejects: list[tuple[int, str, list[str]]] = []
        self.skipped: Counter[str] = Counter()
        self.ids: dict[str, int] = {}
        self.rows = 0
        self.last_line = 0

    def take(
        self,
        line: int,
        cells: list[str],
        header: list[str],
        parse: RowParser,
        resolver: Resolver,
        release: str | None,
    ) -> None:
        self.rows += 1
        self.last_line = line
        try:
            if len(cells) != len(header):
                raise RowReject(f"expected {len(header)} fields, found {len(cells)}")
            row = parse(dict(zip(header, cells, strict=True)), line, release)
            mapped = map_row(row, resolver)
            if mapped is None:
                self.skipped[row.category] += 1
                return
            first = self.ids.setdefault(mapped.claim_id, line)
            if first != line:
                raise RowReject(f"duplicate row id {row.record_id!r} (first on line {first})")
            self.mapped.append(mapped)
        except RowReject as e:
            self.rejects.append((line, str(e), cells))


def _write_chunk(
    store: GraphStore,
    settings: Settings,
    chunk: _Chunk,
    ctx: SignatureContext,
    resolver: EventResolver | None,
) -> int:
    """One transaction: the chunk's shared nodes, its claims (CREATEd when new, MERGEd when any
    of their nodes exists), then its claims' events (by the load's ``resolver``, which learns
    the chunk's events once it has committed). No resolver (corroboration off): no events."""
    batch = rows_batch(chunk.mapped, settings.namespace)
    shared = batch_statements(batch.shared)
    lookup = existing_claims(batch.claims)
    items = [(f"{settings.namespace}claim/{m.claim_id}", signature(m, ctx)) for m in chunk.mapped]

    def work(tx: Tx) -> int:
        for query, params in shared:
            tx.run(query, params).consume()
        found = {r["claim"] for r in tx.run(*lookup)}
        new = [c for c in batch.claims if c["claim"] not in found]
        old = [c for c in batch.claims if c["claim"] in found]
        for records, build in ((new, create_claim_records), (old, merge_claim_records)):
            if records:
                tx.run(*build(records)).consume()
        if resolver is None or not items:
            return 0
        return len(set(resolver.attach(tx, items).values()))

    events = store.write_tx(work)
    changes.record(settings, (c["doc"] for c in batch.claims))
    if resolver is not None:
        resolver.commit()
    return events


def load_dataset(
    store: GraphStore,
    settings: Settings,
    path: Path,
    fmt: DatasetFormat,
    opts: LoadOptions = LoadOptions(),
    on_progress: Callable[[int, int], None] | None = None,
) -> DatasetReport:
    """Load one export; ``on_progress(bytes_read, total_bytes)`` after each committed chunk."""
    started = time.monotonic()
    if not path.is_file():
        raise InputError(str(path), "no such file")
    settings = bind_namespace(store, settings)
    ref = load_reference(store, settings, opts.seeds_dir)
    resolver = Resolver(
        ref,
        read_alias_table(opts.seeds_dir / "dataset_actor_aliases.yaml", ref),
        read_type_table(opts.seeds_dir / "dataset_event_types.yaml", EVENT_TYPES),
        opts.radius_km,
    )
    load_event_types(store, settings)
    ctx = store.read_tx(read_context)
    checkpoint = Checkpoint(settings, file_digest(path))
    saved = None if opts.restart else checkpoint.read()
    report = DatasetReport(file=str(path), dataset=fmt.name)
    if saved is not None:
        report = DatasetReport(**{**saved["report"], "complete": False})
        report.resumed_at = int(saved["line"])
    total = path.stat().st_size
    with path.open("rb") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=fmt.delimiter)
        header = _header(path, fmt, reader)
        rejects = RejectWriter(
            rejects_path(path), header, 0 if saved is None else int(saved["rejects_bytes"])
        )
        loader = _Loader(store, settings, ctx, opts, report, rejects, checkpoint)
        loader.progress = (lambda: on_progress(raw.tell(), total)) if on_progress else None
        _read(loader, reader, header, fmt.parse_row, resolver)
    report.rejects_file = str(rejects.path) if rejects.size else None
    report.seconds += time.monotonic() - started
    if report.complete:
        checkpoint.clear()
    return report


class _Loader:
    """Writes chunks in a background thread while the next chunk is read and parsed, and keeps
    the books (rejects, totals, checkpoint) strictly in commit order."""

    def __init__(
        self,
        store: GraphStore,
        settings: Settings,
        ctx: SignatureContext,
        opts: LoadOptions,
        report: DatasetReport,
        rejects: RejectWriter,
        checkpoint: Checkpoint,
    ) -> None:
        self.store, self.settings, self.ctx, self.opts = store, settings, ctx, opts
        rules, base = opts.rules, settings.namespace
        self.resolver = EventResolver.of(ctx, rules, base) if rules is not None else None
        self.report, self.rejects, self.checkpoint = report, rejects, checkpoint
        self.progress: Callable[[], None] | None = None
        self._writer: BackgroundWriter[int] = BackgroundWriter("kg-dataset-writer")

    def submit(self, chunk: _Chunk) -> None:
        """Wait for the chunk in flight, then start writing this one."""
        args = (self.store, self.settings, chunk, self.ctx, self.resolver)
        self._writer.submit(partial(_write_chunk, *args), partial(self._done, chunk))

    def wait(self) -> None:
        """Finish the chunk in flight: its commit, then its rejects, totals and checkpoint."""
        self._writer.wait()

    def _done(self, chunk: _Chunk, events: int) -> None:
        report = self.report
        report.events += events
        self.rejects.append(chunk.rejects)
        report.rows += chunk.rows
        report.claims += len(chunk.mapped)
        report.rejected += len(chunk.rejects)
        report.skipped += sum(chunk.skipped.values())
        for category, n in chunk.skipped.items():
            report.skipped_categories[category] = report.skipped_categories.get(category, 0) + n
        report.chunks += 1
        self.checkpoint.save(chunk.last_line, self.rejects.size, report)
        if self.progress:
            self.progress()

    def close(self) -> None:
        self._writer.close()


def _read(
    loader: _Loader,
    reader: Any,
    header: list[str],
    parse: RowParser,
    resolver: Resolver,
) -> None:
    """Read the records after the checkpoint, in chunks; mark the report complete at the end."""
    opts, report = loader.opts, loader.report
    chunk, submitted = _Chunk(), 0
    try:
        for line, cells in _records(reader, report.file):
            if line <= report.resumed_at or not cells:
                continue
            chunk.take(line, cells, header, parse, resolver, opts.release)
            if chunk.rows >= opts.chunk_size:
                loader.submit(chunk)
                chunk, submitted = _Chunk(), submitted + 1
                if opts.max_chunks is not None and submitted >= opts.max_chunks:
                    loader.wait()
                    return
        if chunk.rows:
            loader.submit(chunk)
        loader.wait()
        report.complete = True
        log.info("loaded %s: %d rows, %d rejected", report.file, report.rows, report.rejected)
    finally:
        loader.close()
