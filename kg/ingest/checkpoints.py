"""Checkpoints of dataset loads, tied to the file's hash and to the database they were made in.

After each committed chunk the load saves the last committed line, the reject file's size, the
totals so far and a witness (the last claim it wrote) to ``KG_HOME/checkpoints/<sha256 of the
file>-<database id>.json``. A run of the same file resumes from it only when it talks to the
same database (Neo4j's store id, from ``db.info()``), and that database still holds the
witness: a database emptied since (same id, rows gone) or another database never resumes from
an old checkpoint, which would silently skip the rows it counted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from kg.config import Settings
from kg.errors import InputError
from kg.ingest.dataset_report import DatasetReport
from kg.store import GraphStore
from loaders.graph.mapping import quoted

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def database_id(store: GraphStore) -> str:
    """The identity of the database the store writes to (its store id)."""
    rows = store.read("CALL db.info() YIELD id RETURN id")
    return str(rows[0]["id"]) if rows else "unknown"


@dataclass(frozen=True)
class Resume:
    """A checkpoint that may be resumed: the line after which to continue, the reject file's
    size at that commit, the totals so far and the last claim written."""

    line: int
    rejects_bytes: int
    report: DatasetReport
    witness: str | None


class Checkpoint:
    """The checkpoint of one file in one database, in KG_HOME/checkpoints."""

    def __init__(self, settings: Settings, digest: str, database: str) -> None:
        self.database = database
        name = f"{digest}-{_UNSAFE.sub('_', database)}.json"
        self.path = settings.kg_home / "checkpoints" / name

    def read(self, store: GraphStore) -> tuple[Resume | None, str | None]:
        """The checkpoint to resume, or None with the reason it cannot be (None when there is
        no checkpoint at all)."""
        data = self._load()
        if data is None:
            return None, None
        if data.get("database") != self.database:
            return None, "the checkpoint belongs to another database"
        witness = data.get("witness")
        if witness and not _exists(store, witness):
            return None, f"the database no longer holds {witness.rsplit('/', 1)[-1]}"
        report = DatasetReport.from_json(data["report"])
        report.complete = False
        return Resume(int(data["line"]), int(data["rejects_bytes"]), report, witness), None

    def _load(self) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            raise InputError(str(self.path), f"unreadable checkpoint ({e}); use --restart") from e
        return data

    def save(
        self, line: int, rejects_bytes: int, report: DatasetReport, witness: str | None
    ) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        payload = {
            "line": line,
            "rejects_bytes": rejects_bytes,
            "report": report.to_json(),
            "database": self.database,
            "witness": witness,
        }
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        tmp.replace(self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def _exists(store: GraphStore, claim_iri: str) -> bool:
    query = f"MATCH (c:{quoted('Claim')} {{iri: $iri}}) RETURN count(c) AS n"
    return bool(store.read(query, {"iri": claim_iri})[0]["n"])
