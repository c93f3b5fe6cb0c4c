"""Load a dataset export (any registered format): stream it, write it in chunks, survive
interruptions, keep the newest version of each row, and retract rows a full export dropped.

The file is read once, in chunks of ``chunk_size`` rows; each chunk is parsed, resolved and
built into its statements on the reading side (``kg.ingest.dataset_chunk``) and written in ONE
write transaction (``kg.ingest.dataset_write``: claims, their provenance and, when
corroboration is on, their events) while the next chunk is read, so memory stays flat in the
file size and a failure never leaves half a chunk behind. After each commit the rows that could
not be loaded are appended to ``FILE.rejects.csv`` (line, reason, the row's cells) and a
checkpoint is saved (``kg.ingest.checkpoints``: tied to the file's hash and the database); a
later run of the same file on the same database resumes after it. With ``prune`` a complete
load then retracts the dataset's rows the file no longer has (``kg.ingest.dataset_prune``).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from kg import changes
from kg.config import Settings
from kg.dataset import bind_namespace
from kg.errors import InputError
from kg.ingest.checkpoints import Checkpoint, database_id
from kg.ingest.dataset_chunk import Chunk
from kg.ingest.dataset_files import (
    RejectWriter,
    check_width,
    file_digest,
    open_reader,
    read_header,
    records,
    rejects_path,
)
from kg.ingest.dataset_prune import prune
from kg.ingest.dataset_report import DatasetReport
from kg.ingest.dataset_write import OLDER, ChunkResult, write_chunk
from kg.ingest.direction import DirectionFactory, text_direction
from kg.ingest.event_aggregates import read_context
from kg.ingest.reference import load_event_types, load_reference
from kg.ingest.resolver import EventResolver
from kg.ingest.writer import BackgroundWriter
from kg.store import GraphStore
from loaders.datasets.aliases import read_alias_table, read_type_table
from loaders.datasets.common import DatasetFormat
from loaders.datasets.mapped import Direction
from loaders.datasets.places import DEFAULT_RADIUS_KM
from loaders.datasets.resolve import Resolver
from loaders.graph.vocabulary import EVENT_TYPES
from loaders.resolution.rules import MatchRules
from loaders.resolution.signatures import SignatureContext
from loaders.resources import SEEDS_DIR

log = logging.getLogger(__name__)

DEFAULT_CHUNK = 5000


@dataclass(frozen=True)
class LoadOptions:
    """How to load: chunk size, release label, place radius, corroboration rules, how the
    rows' text gives roles, and whether a full export retracts what it no longer has."""

    chunk_size: int = DEFAULT_CHUNK
    release: str | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    rules: MatchRules | None = field(default_factory=MatchRules)
    """None turns corroboration off: claims are written without events."""
    restart: bool = False
    max_chunks: int | None = None
    """Stop after this many chunks, leaving the checkpoint (tests simulate a crash with it)."""
    seeds_dir: Path = SEEDS_DIR
    direction: DirectionFactory | None = text_direction
    """Builds the function that reads roles from a row's text; None: every actor a dataset
    does not direct stays a participant."""
    prune: bool = False
    """The file is a full export: after a complete load, retract the dataset's rows it lacks."""


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
    checkpoint = Checkpoint(settings, file_digest(path), database_id(store))
    saved, why = (None, None) if opts.restart else checkpoint.read(store)
    report = saved.report if saved else DatasetReport(file=str(path), dataset=fmt.name)
    report.resumed_at = saved.line if saved else 0
    report.restarted = why
    if why:
        log.warning("%s: not resuming the checkpoint (%s); loading from the start", path, why)
    total = path.stat().st_size
    with path.open("rb") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as fh:
        reader = open_reader(fh, fmt)
        header = read_header(path, fmt, reader)
        rejects = RejectWriter(rejects_path(path), header, saved.rejects_bytes if saved else 0)
        loader = _Loader(store, settings, ctx, opts, report, rejects, checkpoint)
        loader.witness = saved.witness if saved else None
        loader.progress = (lambda: on_progress(raw.tell(), total)) if on_progress else None
        direction = opts.direction(ref, settings) if opts.direction else None
        _read(loader, reader, path, fmt, header, resolver, direction)
    if report.complete and opts.prune:
        for category, n in prune(store, settings, path, fmt, dt.date.today()).items():
            report.count(category, "retracted", n)
    report.rejects_file = str(rejects.path) if rejects.size else None
    report.seconds += time.monotonic() - started
    if report.complete:
        checkpoint.clear()
    return report


class _Loader:
    """Writes chunks in a background thread while the next chunk is read and prepared, and
    keeps the books (rejects, totals, checkpoint) strictly in commit order."""

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
        self.resolver = (
            EventResolver.of(ctx, rules, base, learn_founded=False) if rules is not None else None
        )
        self.report, self.rejects, self.checkpoint = report, rejects, checkpoint
        self.progress: Callable[[], None] | None = None
        self.witness: str | None = None
        self._written: set[tuple[str, str]] = set()
        self._writer: BackgroundWriter[ChunkResult] = BackgroundWriter("kg-dataset-writer")

    def submit(self, chunk: Chunk) -> None:
        """Prepare the chunk here, then wait for the chunk in flight and start writing this
        one."""
        prepared = chunk.prepare(
            self.settings.namespace, self.ctx, self._written, signatures=self.resolver is not None
        )
        write = partial(self.store.write_tx, partial(_write, prepared, self.resolver))
        docs = [c["doc"] for c in prepared.claims]
        self._writer.submit(write, partial(self._done, chunk, docs))

    def wait(self) -> None:
        """Finish the chunk in flight: its commit, then its rejects, totals and checkpoint."""
        self._writer.wait()

    def _done(self, chunk: Chunk, docs: list[str], result: ChunkResult) -> None:
        changes.record(self.settings, docs)
        if self.resolver is not None:
            self.resolver.commit()
        report = self.report
        report.events += result.events
        report.rows += chunk.rows
        report.chunks += 1
        report.oriented += chunk.oriented
        for (category, outcome), n in result.outcomes.items():
            if outcome == "skipped":
                report.skip(category, OLDER, n)
            else:
                report.count(category, outcome, n)
        for (category, reason), n in chunk.skipped.items():
            report.skip(category, reason, n)
        for category, n in chunk.rejected.items():
            report.count(category, "rejected", n)
        for line, message in chunk.warnings:
            report.warn(line, message)
        report.add_unknown(chunk.unknown)
        self.rejects.append(chunk.rejects)
        self.witness = result.witness or self.witness
        self.checkpoint.save(chunk.last_line, self.rejects.size, report, self.witness)
        if self.progress:
            self.progress()

    def close(self) -> None:
        self._writer.close()


def _write(chunk: Any, resolver: EventResolver | None, tx: Any) -> ChunkResult:
    return write_chunk(tx, chunk, resolver)


def _read(
    loader: _Loader,
    reader: Any,
    path: Path,
    fmt: DatasetFormat,
    header: list[str],
    resolver: Resolver,
    direction: Direction | None,
) -> None:
    """Read the records after the checkpoint, in chunks; mark the report complete at the end."""
    opts, report = loader.opts, loader.report
    chunk, submitted, first = Chunk(fmt, header, opts.release), 0, True
    try:
        for line, cells in records(reader, report.file):
            if first and fmt.columns and cells:
                check_width(path, fmt, line, cells, len(header))
                first = False
            if line <= report.resumed_at or not cells:
                continue
            chunk.take(line, cells, resolver, direction)
            if chunk.rows >= opts.chunk_size:
                loader.submit(chunk)
                chunk, submitted = Chunk(fmt, header, opts.release), submitted + 1
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
