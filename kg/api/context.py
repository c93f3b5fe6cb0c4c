"""Per-request context handed to GraphQL resolvers: the store, settings, loaders, one deadline.

A request runs in one of the API's worker threads (``kg.api.engine``), never on the event
loop, so its Cypher reads call the driver directly. Every read goes through ``Context.read``:
it counts round trips, gives the Neo4j transaction what is left of the request's deadline,
and tags it with the request's id so that a client who leaves can have it terminated
(``cancel``). ``check`` is called between objects during execution: past the deadline, or
once cancelled, the request stops with ``TIMEOUT`` or ``CLIENT_CLOSED_REQUEST``.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from kg.api.errors import ClientGone, RequestTimeout
from kg.api.names import NameResolver
from kg.config import Settings
from kg.errors import KGError
from kg.store import GraphStore, QueryError, rows

log = logging.getLogger(__name__)


@dataclass
class Context:
    store: GraphStore
    settings: Settings
    names: NameResolver
    loaders: dict[str, Any] = field(default_factory=dict)
    queries: int = 0
    """Cypher round trips made so far by this request."""
    started: float = field(default_factory=time.monotonic)
    tag: str = field(default_factory=lambda: uuid.uuid4().hex)
    stopped: KGError | None = None
    """Why the request was stopped (deadline or client gone), once it was."""

    @property
    def timeout_s(self) -> float:
        return self.settings.query_timeout_s

    @property
    def deadline(self) -> float:
        return self.started + self.timeout_s

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> None:
        """Raise when the request must stop: cancelled, or past its deadline."""
        if self.stopped is None and self.remaining() <= 0:
            self.stopped = RequestTimeout(self.timeout_s)
        if self.stopped is not None:
            raise self.stopped

    def cancel(self, reason: KGError) -> None:
        """Stop the request from another thread: later checks raise ``reason`` and its
        running Neo4j transaction is terminated."""
        if self.stopped is None:
            self.stopped = reason
        try:
            self.store.terminate(self.tag)
        except KGError as e:
            log.warning("could not terminate the transactions of request %s: %s", self.tag, e)

    async def read(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one read-only query within what is left of the request's time budget."""
        self.check()
        self.queries += 1
        work = partial(rows, query=query, params=params)
        try:
            timeout = max(self.remaining(), 0.001)
            return self.store.read_tx(work, timeout_s=timeout, tag=self.tag)
        except QueryError as e:
            if "TimedOut" in str(e) or "Terminated" in str(e):
                self.check()
                raise RequestTimeout(self.timeout_s) from e
            raise


def client_gone() -> ClientGone:
    return ClientGone("the client closed the connection; the request was stopped")
