"""The in-memory event index proposes exactly the events the store's candidate query would."""

from __future__ import annotations

import datetime as dt
import random

from loaders.resolution.event_index import MAX_BUCKETS, EventIndex, IndexedEvent

D = dt.date
STRIKES = frozenset({"attack"})


def event(
    iri: str,
    places: tuple[str, ...] = ("hajin",),
    start: dt.date | None = D(2018, 3, 13),
    end: dt.date | None = D(2018, 3, 13),
    families: frozenset[str] = STRIKES,
) -> IndexedEvent:
    return IndexedEvent(iri, places, start, end, families)


def test_candidates_need_a_near_place_an_overlapping_span_and_a_shared_family() -> None:
    index = EventIndex()
    index.put(event("e1"))
    index.put(event("elsewhere", places=("raqqa",)))
    index.put(event("later", start=D(2018, 4, 2), end=D(2018, 4, 2)))
    index.put(event("other-family", families=frozenset({"control"})))
    found = index.candidates(["hajin", "baghouz"], D(2018, 3, 10), D(2018, 3, 16), {"attack"})
    assert found == {"e1"}


def test_a_window_across_months_finds_events_in_each_month() -> None:
    index = EventIndex()
    index.put(event("march", start=D(2018, 3, 31), end=D(2018, 3, 31)))
    index.put(event("april", start=D(2018, 4, 1), end=D(2018, 4, 1)))
    found = index.candidates(["hajin"], D(2018, 3, 30), D(2018, 4, 2), {"attack"})
    assert found == {"march", "april"}


def test_a_long_span_meets_a_window_inside_it() -> None:
    index = EventIndex()
    index.put(event("year", start=D(2017, 1, 1), end=D(2017, 12, 31)))
    index.put(event("decades", start=D(1990, 1, 1), end=D(2019, 12, 31)))
    found = index.candidates(["hajin"], D(2017, 6, 10), D(2017, 6, 12), {"attack"})
    assert found == {"year", "decades"}
    assert MAX_BUCKETS < (2019 - 1990) * 12


def test_open_spans_never_exclude_as_in_the_store_query() -> None:
    index = EventIndex()
    index.put(event("undated", start=None, end=None))
    index.put(event("from", start=D(2018, 1, 1), end=None))
    index.put(event("until", start=None, end=D(2017, 1, 1)))
    found = index.candidates(["hajin"], D(2018, 3, 10), D(2018, 3, 16), {"attack"})
    assert found == {"undated", "from"}
    everything = index.candidates(["hajin"], None, None, {"attack"})
    assert everything == {"undated", "from", "until"}


def test_put_replaces_an_event_whose_span_or_places_moved() -> None:
    index = EventIndex()
    index.put(event("e1"))
    index.put(event("e1", places=("baghouz",), start=D(2018, 5, 1), end=D(2018, 5, 2)))
    assert index.candidates(["hajin"], D(2018, 3, 1), D(2018, 3, 31), {"attack"}) == set()
    assert index.candidates(["baghouz"], D(2018, 5, 1), D(2018, 5, 1), {"attack"}) == {"e1"}
    assert len(index) == 1


def test_removed_events_are_not_proposed() -> None:
    index = EventIndex()
    index.put(event("e1", places=("hajin", "baghouz")))
    index.remove("e1")
    index.remove("never-there")
    assert index.candidates(["hajin", "baghouz"], None, None, {"attack"}) == set()
    assert len(index) == 0


def test_missing_lists_the_places_not_read_yet() -> None:
    index = EventIndex()
    index.put(event("mine"))  # an event of the load does not mean its place was read
    assert index.missing(["hajin", "baghouz", "hajin"]) == ["baghouz", "hajin"]
    index.add_loaded(["hajin"], [event("theirs")])
    assert index.missing(["hajin", "baghouz"]) == ["baghouz"]
    assert index.candidates(["hajin"], D(2018, 3, 13), D(2018, 3, 13), {"attack"}) == {
        "mine",
        "theirs",
    }


def _store_condition(e: IndexedEvent, places: set[str], lo: dt.date, hi: dt.date) -> bool:
    """The candidate query's conditions, written out independently of the index."""
    return (
        bool(set(e.places) & places)
        and "attack" in e.families
        and (e.end is None or e.end >= lo)
        and (e.start is None or e.start <= hi)
    )


def test_random_events_match_a_scan_of_all_events() -> None:
    rng = random.Random(7)
    places = [f"p{i}" for i in range(12)]
    events = []
    index = EventIndex()
    for n in range(600):
        start = D(2014, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        end = start + dt.timedelta(days=rng.choice([0, 0, 3, 30, 400]))
        e = event(
            f"e{n}",
            places=tuple(rng.sample(places, rng.choice([1, 1, 2]))),
            start=None if n % 50 == 0 else start,
            end=end,
            families=frozenset({rng.choice(["attack", "control"])}),
        )
        events.append(e)
        index.put(e)
    for _ in range(200):
        near = set(rng.sample(places, 3))
        lo = D(2014, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        hi = lo + dt.timedelta(days=rng.choice([0, 2, 9, 45]))
        expected = {e.iri for e in events if _store_condition(e, near, lo, hi)}
        assert index.candidates(sorted(near), lo, hi, {"attack"}) == expected
