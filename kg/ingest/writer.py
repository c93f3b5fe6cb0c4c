"""The one background writer: writes run one at a time in a thread while the caller prepares
the next (extraction of the next article, parsing of the next dataset chunk).

At most one write is in flight. A write's ``done`` callback runs in the caller's thread, in
submission order, once the write has finished, so reports, checkpoints and progress bars
follow the order of the input. A write's error is raised in the caller's thread by the next
``submit`` or ``wait``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Generic, Self, TypeVar

T = TypeVar("T")


class BackgroundWriter(Generic[T]):
    """Runs ``submit``ted writes in one background thread, one at a time."""

    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending: tuple[Future[T], Callable[[T], None]] | None = None

    def submit(self, write: Callable[[], T], done: Callable[[T], None]) -> None:
        """Wait for the write in flight, then start this one."""
        self.wait()
        self._pending = (self._pool.submit(write), done)

    def wait(self) -> None:
        """Finish the write in flight (its error is raised here) and run its callback."""
        if self._pending is None:
            return
        future, done = self._pending
        result = future.result()  # interrupted here (Ctrl-C), the write stays pending
        self._pending = None
        done(result)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.wait()
        finally:
            self.close()
