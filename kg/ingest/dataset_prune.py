"""``--prune``: after a complete load of a full export, retract the dataset's rows that are no
longer in it.

The file's row ids are collected in a second pass (only the ids are read, through the format's
``record_id``), kept as sorted 64-bit hashes (8 bytes a row, so a million rows cost 8 MB).
Then the dataset's claims in the graph (ids starting with the format's id prefix, not yet
retracted) are read page by page in id order, and those whose row is not in the file are
retracted: the claim stays as history with ``retractedOn`` set, and supports no event any more
(the events it supported are refreshed, and deleted when no claim is left).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from array import array
from bisect import bisect_left
from collections import Counter
from functools import partial
from pathlib import Path

from kg import changes
from kg.config import Settings
from kg.ingest.dataset_cypher import dataset_claims_page, retract_claims
from kg.ingest.dataset_files import open_reader, read_header, records
from kg.ingest.event_aggregates import refresh_events
from kg.store import GraphStore, Tx, rows
from loaders.datasets.common import DatasetFormat, RowReject, RowSkip
from loaders.graph.mapping import slug

PAGE = 5000


def _hash(claim_id: str) -> int:
    digest = hashlib.blake2b(claim_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class IdSet:
    """The claim ids of a file's rows, as sorted 64-bit hashes (a collision keeps a row)."""

    def __init__(self, hashes: array[int]) -> None:
        self._hashes = array("q", sorted(hashes))

    def __contains__(self, claim_id: object) -> bool:
        if not isinstance(claim_id, str):
            return False
        h = _hash(claim_id)
        i = bisect_left(self._hashes, h)
        return i < len(self._hashes) and self._hashes[i] == h

    def __len__(self) -> int:
        return len(self._hashes)


def file_ids(path: Path, fmt: DatasetFormat) -> IdSet:
    """The claim ids of every row of the file whose id can be read (rejected rows included:
    a malformed row is still in the export)."""
    hashes: array[int] = array("q")
    with path.open("rb") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as fh:
        reader = open_reader(fh, fmt)
        header = read_header(path, fmt, reader)
        for _, cells in records(reader, str(path)):
            if len(cells) != len(header):
                continue
            row = dict(zip(header, cells, strict=True))
            try:
                ident = _record_id(fmt, row)
            except (RowReject, RowSkip):
                continue
            hashes.append(_hash(f"{fmt.id_prefix}-{slug(ident, 'unnamed')}"))
    return IdSet(hashes)


def _record_id(fmt: DatasetFormat, row: dict[str, str]) -> str:
    if fmt.record_id is not None:
        return fmt.record_id(row)
    return fmt.parse_row(row, 0, None).record_id


def _retract(tx: Tx, iris: list[str], day: dt.date) -> list[str]:
    """Retract the claims; the documents they came from."""
    found = rows(tx, *retract_claims(iris, day))
    refresh_events(tx, set(found[0]["events"]) if found else set())
    return list(found[0]["docs"]) if found else []


def prune(
    store: GraphStore, settings: Settings, path: Path, fmt: DatasetFormat, day: dt.date
) -> Counter[str]:
    """Retract the dataset's claims whose rows are not in the file; category -> retracted.
    Their documents go to the change journal once each page has committed."""
    keep = file_ids(path, fmt)
    retracted: Counter[str] = Counter()
    after = ""
    while True:
        page = store.read(*dataset_claims_page(f"{fmt.id_prefix}-", after, PAGE))
        if not page:
            return retracted
        after = page[-1]["id"]
        gone = [r for r in page if r["id"] not in keep]
        if gone:
            docs = store.write_tx(partial(_retract, iris=[r["iri"] for r in gone], day=day))
            changes.record(settings, docs)
            retracted.update(r["category"] or "" for r in gone)
