"""The one module that talks to Neo4j.

``GraphStore`` wraps the official driver: write transactions for loaders, read-only sessions
for the API (through ``execute_read``, so that a cluster's followers serve them when the URI is
a routing one, ``neo4j://`` or ``neo4j+s://``), and driver errors translated at this boundary:
``Neo4jUnavailable`` only when the server cannot be reached or refuses the credentials; a
transaction the server refused (too large, a constraint, a deadlock that outlived the retries)
is a ``QueryError`` that names the cause, so that a loader fails that one input, not the batch.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from kg.config import Settings
from kg.cypher import Statement, batch_statements
from kg.errors import KGError, Neo4jUnavailable
from loaders.graph.batch import GraphBatch

log = logging.getLogger(__name__)
T = TypeVar("T")
TAG_KEY = "kgRequest"
"""Transaction metadata key naming the API request a read belongs to."""

QUIET_NOTIFICATIONS = [
    neo4j.NotificationDisabledClassification.UNRECOGNIZED,
    neo4j.NotificationDisabledClassification.PERFORMANCE,
    neo4j.NotificationDisabledClassification.HINT,
    neo4j.NotificationDisabledClassification.GENERIC,
]
"""Notification classes nobody running the tools can act on: unknown labels and properties
(a young graph lacks them), planner notes, hints and generic notes."""


class QueryError(KGError):
    """Neo4j rejected a query (syntax, constraint, timeout): a bug or bad data, not downtime."""

    code = "QUERY_ERROR"


class TransactionTooLarge(QueryError):
    """One transaction needed more memory than the server lets a transaction have."""

    code = "TRANSACTION_TOO_LARGE"


MEMORY_CODES = ("MemoryLimit", "MemoryPoolOutOfMemoryError", "OutOfMemory")
"""Parts of the status codes Neo4j gives a transaction that ran out of its memory budget."""


def start_hint(uri: str) -> str:
    """The one-line fix for a server that does not answer."""
    if uri.startswith("bolt://127.0.0.1") or uri.startswith("bolt://localhost"):
        return "start it with `kg neo4j start` (or point NEO4J_URI at a running server)"
    return "check that the server is up and NEO4J_URI is right"


def query_error(e: Neo4jError) -> QueryError:
    """A refused transaction as the error a caller can report for its one input."""
    code = e.code or type(e).__name__
    if any(part in code for part in MEMORY_CODES):
        return TransactionTooLarge(
            "the transaction needed more memory than Neo4j allows one transaction "
            f"(db.memory.transaction.max; {code})"
        )
    if isinstance(e, TransientError):
        return QueryError(f"Neo4j could not complete the transaction after retries ({code})")
    return QueryError(f"{code}: {e.message}")


@contextmanager
def _translated(uri: str) -> Iterator[None]:
    try:
        yield
    except AuthError as e:
        raise Neo4jUnavailable(f"Neo4j at {uri} refused the credentials: {e.message}") from e
    except (ServiceUnavailable, SessionExpired) as e:
        raise Neo4jUnavailable(f"Neo4j at {uri} is not answering; {start_hint(uri)}") from e
    except Neo4jError as e:
        raise query_error(e) from e
    except DriverError as e:
        raise Neo4jUnavailable(f"Neo4j at {uri} failed: {e}") from e


class GraphStore:
    """A connection to one Neo4j database."""

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str = "neo4j",
        query_timeout_s: float | None = None,
        connection_timeout_s: float = 5.0,
        retry_time_s: float = 5.0,
    ) -> None:
        self.uri = uri
        self.database = database
        self.query_timeout_s = query_timeout_s
        self._driver = GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=connection_timeout_s,
            max_connection_pool_size=64,
            connection_acquisition_timeout=10.0,
            max_transaction_retry_time=retry_time_s,
            # What a user can act on: warnings about their data or the server, not the
            # planner's notes on optional properties and labels a young graph lacks yet.
            notifications_min_severity=neo4j.NotificationMinimumSeverity.WARNING,
            notifications_disabled_classifications=QUIET_NOTIFICATIONS,
        )

    @classmethod
    def from_settings(cls, settings: Settings, fail_fast: bool = False) -> GraphStore:
        """A store on the configured server. ``fail_fast`` (the API): a request that cannot
        reach the server fails within about a second instead of retrying for five. (The
        connection timeout stays 5 s: a refused connection fails at once anyway, and a busy
        server may take over a second to accept and authenticate one.)"""
        return cls(
            settings.bolt_uri,
            settings.neo4j_user,
            settings.password,
            settings.neo4j_database,
            settings.query_timeout_s,
            retry_time_s=0.5 if fail_fast else 5.0,
        )

    def check_reachable(self) -> None:
        """Fail at once, with the fix, when the server does not answer (one connection
        attempt, no retries): what a command checks before it starts its work."""
        with _translated(self.uri):
            self._driver.verify_connectivity()

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def server_info(self) -> dict[str, str]:
        """Version and edition of the server, asked once without retries (health checks must
        answer quickly); raises Neo4jUnavailable when the server does not answer."""
        query = "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition"
        with (
            _translated(self.uri),
            self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session,
        ):
            record = session.run(query).single(strict=True)
        return {"version": record["v"], "edition": record["edition"]}

    def wait_until_ready(self, timeout_s: float = 60.0) -> None:
        """Block until the database answers a query (a fresh server needs a few seconds)."""
        import time

        deadline = time.monotonic() + timeout_s
        while True:
            try:
                self.read("RETURN 1 AS ok")
                return
            except (Neo4jUnavailable, QueryError):
                # A server still starting on a busy machine can time out even `RETURN 1`.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a query in a read-only transaction and return its rows as dicts."""
        return self.read_tx(lambda tx: _records(tx, query, params or {}))

    def read_tx(
        self,
        work: Callable[[ManagedTransaction], T],
        timeout_s: float | None = None,
        tag: str | None = None,
    ) -> T:
        """Run ``work`` in a read-only transaction, bounded by ``timeout_s`` (by default the
        query timeout); ``tag`` goes into the transaction's metadata, for ``terminate``."""
        bounded = neo4j.unit_of_work(
            timeout=timeout_s if timeout_s is not None else self.query_timeout_s,
            metadata={TAG_KEY: tag} if tag else None,
        )(work)
        # Reads ask for optional properties that a graph may not have yet; the server's
        # "unknown property key" notices would otherwise be logged on every answer.
        with (
            _translated(self.uri),
            self._driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            ) as session,
        ):
            return session.execute_read(bounded)

    def terminate(self, tag: str) -> int:
        """Stop the running transactions started with ``tag`` (``read_tx``); how many."""
        show = (
            "SHOW TRANSACTIONS YIELD transactionId AS id, metaData"
            f" WHERE metaData.{TAG_KEY} = $tag RETURN collect(id) AS ids"
        )
        with _translated(self.uri), self._driver.session(database=self.database) as session:
            ids = session.run(show, {"tag": tag}).single(strict=True)["ids"]
            if ids:
                session.run("TERMINATE TRANSACTIONS $ids", {"ids": ids}).consume()
        return len(ids)

    def write(self, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
        """Run statements in ONE write transaction: all of them take effect, or none."""

        def work(tx: ManagedTransaction) -> list[list[dict[str, Any]]]:
            return [_records(tx, q, p) for q, p in statements]

        return self.write_tx(work)

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in one write transaction, retried on transient errors, except running
        out of the transaction's memory budget: the same work would fail the same way."""

        def once(tx: ManagedTransaction) -> T:
            try:
                return work(tx)
            except TransientError as e:
                if any(part in (e.code or "") for part in MEMORY_CODES):
                    raise query_error(e) from e
                raise

        with _translated(self.uri), self._driver.session(database=self.database) as session:
            return session.execute_write(once)

    def write_batch(self, batch: GraphBatch, before: Sequence[Statement] = ()) -> None:
        """Write a batch (after optional statements, e.g. deletions) in one transaction."""
        self.write([*before, *batch_statements(batch)])

    def run_autocommit(self, query: str, params: dict[str, Any] | None = None) -> None:
        """Run one statement outside an explicit transaction (schema, CALL IN TRANSACTIONS)."""
        with _translated(self.uri), self._driver.session(database=self.database) as session:
            session.run(query, params or {}).consume()


def _records(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Records as plain dicts (``Record.data()`` turns nodes and relationships into dicts too):
    what ``GraphStore.read`` and ``write`` return to callers that may ask for whole nodes."""
    # Queries are built from the mapping's checked names; values always travel as parameters.
    result = tx.run(query, params)
    return [record.data() for record in result]


class Tx(Protocol):
    """The part of a driver transaction used here (so that pure builders and the
    pipelines need not import the driver)."""

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any: ...


def rows(tx: Tx, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """A query's records as dicts, read inside the caller's transaction. Values are left as
    the driver hydrated them (``Record.data()`` would walk every nested list and map again),
    so the queries read through here return values and maps, not nodes."""
    return [dict(record.items()) for record in tx.run(query, params)]


def to_date(value: Any) -> dt.date | None:
    """A driver date (``neo4j.time.Date``), an ISO date string or a Python date as a Python
    date. Queries that return many dates send them as text: parsing it is cheaper than
    hydrating a driver date."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    native = value.to_native()
    assert isinstance(native, dt.date)
    return native
