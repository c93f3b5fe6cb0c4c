"""Apply ``schema/constraints.cypher`` to a database, idempotently."""

from __future__ import annotations

import re
from pathlib import Path

from kg.store import GraphStore
from loaders.resources import SCHEMA_DIR

CONSTRAINTS_FILE = SCHEMA_DIR / "constraints.cypher"


def schema_statements(path: Path = CONSTRAINTS_FILE) -> list[str]:
    """The statements of a .cypher file: comments dropped, split on ';'."""
    text = re.sub(r"//[^\n]*", "", path.read_text(encoding="utf-8"))
    return [s.strip() for s in text.split(";") if s.strip()]


def init_schema(store: GraphStore, path: Path = CONSTRAINTS_FILE) -> int:
    """Create the constraints and indexes that do not exist yet; return the statement count."""
    statements = schema_statements(path)
    for statement in statements:
        store.run_autocommit(statement)
    store.run_autocommit("CALL db.awaitIndexes(120)")
    return len(statements)
