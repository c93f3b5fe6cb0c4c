"""The change journal: which documents the writers committed, for the SPARQL snapshot.

The SPARQL endpoint answers from a snapshot of the graph (``kg.rdf.snapshot``) that must follow
every load without being rebuilt: it re-reads only the named graphs of the documents a load
changed. Loads append the IRIs of the documents they commit to ``changes.log`` in the snapshot
folder, one per line, right after each commit; a refresh takes the whole journal. A load
interrupted before its refresh leaves its lines for the next refresh, so nothing is missed.
A line ``*`` asks for a full rebuild (after a wipe or a change of namespace); a line
``@reference`` says the reference data (actors, places, sources, event types) was written with
content the snapshot has not seen, so the refresh re-reads all of it (otherwise it re-reads only
the reference nodes the changed documents link to).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.config import Settings

FULL = "*"
REFERENCE = "@reference"
JOURNAL = "changes.log"
TAKEN = "changes.taken"
LOCK = "changes.lock"


@contextmanager
def locked(folder: Path, name: str = LOCK) -> Iterator[None]:
    """An exclusive lock on ``folder/name`` for the block (other processes wait)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def record(settings: Settings, iris: Iterable[str]) -> None:
    """Note that the documents ``iris`` changed (call after their transaction committed)."""
    lines = "".join(f"{iri}\n" for iri in iris)
    if not lines:
        return
    folder = settings.sparql_path
    with locked(folder):
        _append(folder, lines)


def _append(folder: Path, lines: str) -> None:
    """Append to the journal, durably (the caller holds the lock)."""
    with (folder / JOURNAL).open("a", encoding="utf-8") as fh:
        fh.write(lines)
        fh.flush()
        os.fsync(fh.fileno())


def record_reference(settings: Settings, kind: str, digest: str) -> None:
    """Note that reference data of ``kind`` was written; a change only when ``digest`` (of what
    was written) differs from the last one noted for that kind."""
    folder = settings.sparql_path
    with locked(folder):
        path = folder / f"{kind}.digest"
        if path.exists() and path.read_text(encoding="utf-8").strip() == digest:
            return
        _append(folder, REFERENCE + "\n")
        path.write_text(digest + "\n", encoding="utf-8")


def record_full(settings: Settings) -> None:
    """Note that the whole graph changed (wipe, rebase): the next refresh rebuilds."""
    record(settings, [FULL])


def take(folder: Path) -> tuple[set[str], bool, bool]:
    """The documents noted so far, whether a full rebuild was asked for and whether the
    reference data changed, moved aside to ``changes.taken`` until ``done`` (a refresh that
    fails leaves them for the next one)."""
    with locked(folder):
        journal, taken = folder / JOURNAL, folder / TAKEN
        if journal.exists():
            with taken.open("a", encoding="utf-8") as out:
                out.write(journal.read_text(encoding="utf-8"))
            journal.unlink()
        lines = taken.read_text(encoding="utf-8").splitlines() if taken.exists() else []
    documents = {line for line in lines if line and line not in (FULL, REFERENCE)}
    return documents, FULL in lines, REFERENCE in lines


def done(folder: Path) -> None:
    """The taken changes are in the snapshot."""
    with locked(folder):
        (folder / TAKEN).unlink(missing_ok=True)
