"""Per-request context handed to GraphQL resolvers: the store, settings, loaders, a deadline.

Every Cypher read of a request goes through ``Context.read``: it runs the blocking driver call
in a worker thread (so one slow request does not stall the others), counts round trips, and
enforces the request's deadline, turning a late answer into a clear ``TIMEOUT`` error.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from strawberry.fastapi import BaseContext

from kg.api.errors import RequestTimeout
from kg.config import Settings
from kg.store import GraphStore, QueryError, rows


@dataclass
class Context(BaseContext):
    store: GraphStore
    settings: Settings
    loaders: dict[str, Any] = field(default_factory=dict)
    queries: int = 0
    """Cypher round trips made so far by this request."""
    started: float = field(default_factory=time.monotonic)

    @property
    def timeout_s(self) -> float:
        return self.settings.query_timeout_s

    async def read(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one read-only query within what is left of the request's time budget."""
        remaining = self.started + self.timeout_s - time.monotonic()
        if remaining <= 0:
            raise RequestTimeout(self.timeout_s)
        self.queries += 1
        try:
            return await asyncio.wait_for(
                asyncio.to_thread(self.store.read_tx, partial(rows, query=query, params=params)),
                remaining,
            )
        except TimeoutError:
            raise RequestTimeout(self.timeout_s) from None
        except QueryError as e:
            if "TimedOut" in str(e) or "Terminated" in str(e):
                raise RequestTimeout(self.timeout_s) from e
            raise
