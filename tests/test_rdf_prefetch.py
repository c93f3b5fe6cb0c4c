"""The page reader thread: order, errors, early stop, bounded read-ahead (no database)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from kg.rdf.prefetch import prefetched


def test_pages_come_in_order() -> None:
    assert list(prefetched(iter(range(50)))) == list(range(50))
    assert list(prefetched(iter([]))) == []


def test_reader_errors_are_raised_in_the_consumer() -> None:
    def pages() -> Iterator[int]:
        yield 1
        raise LookupError("page 2 failed")

    got = []
    with pytest.raises(LookupError, match="page 2 failed"):
        for page in prefetched(pages()):
            got.append(page)
    assert got == [1]


def test_reader_stays_at_most_depth_pages_ahead() -> None:
    produced: list[int] = []

    def pages() -> Iterator[int]:
        for i in range(100):
            produced.append(i)
            yield i

    it = prefetched(pages(), depth=2)
    assert next(it) == 0
    threading.Event().wait(0.3)
    # One page consumed, two queued, one held by the blocked reader.
    assert len(produced) <= 4
    it.close()


def test_stopping_early_stops_the_reader_and_closes_the_pages() -> None:
    closed = threading.Event()

    def pages() -> Iterator[int]:
        try:
            yield from range(1_000_000)
        finally:
            closed.set()

    it = prefetched(pages())
    assert next(it) == 0
    it.close()
    assert closed.is_set()
    assert not any(t.name == "rdf-page-reader" for t in threading.enumerate())


def test_depth_must_be_positive() -> None:
    with pytest.raises(ValueError, match="depth"):
        list(prefetched(iter([1]), depth=0))
