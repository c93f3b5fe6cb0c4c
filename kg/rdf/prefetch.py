"""Read the next page while the current one is formatted.

An export alternates between waiting for Neo4j (which computes a page on its own core) and
formatting in Python. ``prefetched`` runs the page iterator in a reader thread that stays at
most ``depth`` pages ahead (a bounded queue), so the two overlap and memory stays flat.
Errors in the reader are raised in the consumer; a consumer that stops early (a client that
hangs up) stops the reader and closes the page iterator.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Generic, TypeVar, cast

T = TypeVar("T")

_POLL_S = 0.1
"""How often a reader blocked on a full queue checks whether the consumer went away."""


class _Item(Generic[T]):
    __slots__ = ("error", "last", "page")

    def __init__(
        self, page: T | None = None, error: BaseException | None = None, last: bool = False
    ) -> None:
        self.page = page
        self.error = error
        self.last = last


def prefetched(pages: Iterator[T], depth: int = 1) -> Iterator[T]:
    """The pages of ``pages``, read by a background thread at most ``depth`` pages ahead."""
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    q: queue.Queue[_Item[T]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: _Item[T]) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for page in pages:
                if not put(_Item(page)):
                    return
            put(_Item(last=True))
        except BaseException as e:  # handed to the consumer, which raises it
            put(_Item(error=e))
        finally:
            close = getattr(pages, "close", None)
            if callable(close):
                close()

    thread = threading.Thread(target=read, name="rdf-page-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item.error is not None:
                raise item.error
            if item.last:
                return
            yield cast(T, item.page)
    finally:
        stop.set()
        thread.join()
