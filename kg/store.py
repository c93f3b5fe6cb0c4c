"""The one module that talks to Neo4j.

``GraphStore`` wraps the official driver: write transactions for loaders, read-only sessions
for the API, and driver errors turned into ``Neo4jUnavailable`` at this boundary.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable

from kg.config import Settings
from kg.cypher import Statement, batch_statements
from kg.errors import KGError, Neo4jUnavailable
from loaders.graph.batch import GraphBatch

log = logging.getLogger(__name__)
T = TypeVar("T")
TAG_KEY = "kgRequest"
"""Transaction metadata key naming the API request a read belongs to."""


class QueryError(KGError):
    """Neo4j rejected a query (syntax, constraint, timeout): a bug or bad data, not downtime."""

    code = "QUERY_ERROR"


@contextmanager
def _translated(uri: str) -> Iterator[None]:
    try:
        yield
    except AuthError as e:
        raise Neo4jUnavailable(f"Neo4j at {uri} refused the credentials: {e.message}") from e
    except ServiceUnavailable as e:
        raise Neo4jUnavailable(f"Neo4j at {uri} is not answering: {e}") from e
    except ClientError as e:
        raise QueryError(f"{e.code}: {e.message}") from e
    except (Neo4jError, DriverError) as e:
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
    ) -> None:
        self.uri = uri
        self.database = database
        self.query_timeout_s = query_timeout_s
        self._driver = GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=5.0,
            max_connection_pool_size=64,
            connection_acquisition_timeout=10.0,
            max_transaction_retry_time=5.0,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> GraphStore:
        return cls(
            settings.bolt_uri,
            settings.neo4j_user,
            settings.password,
            settings.neo4j_database,
            settings.query_timeout_s,
        )

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
        with _translated(self.uri), self._driver.session(database=self.database) as session:
            return session.execute_write(work)

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
