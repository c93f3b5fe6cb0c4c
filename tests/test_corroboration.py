"""Matching rules for 'the same event', on small handmade hierarchies and coordinates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from loaders.resolution.matching import (
    EventSignature,
    MatchRules,
    PlaceRef,
    SignatureContext,
    _score,
    assign,
    best_span,
    compatible,
    distance_km,
    merge,
)

D = dt.date

# A small world: two towns 10 km apart in one district, a third town 120 km away, a
# governorate and a country; an armed group with a subgroup, a government with its army.
CTX = SignatureContext.build(
    actor_parents={"army": ["government"], "brigade": ["army"], "rebels": [], "government": []},
    places=[
        ("country", 35.0, 38.0, "Country", None),
        ("province", 35.3, 40.1, "Governorate", "country"),
        ("district", 34.5, 40.9, "District", "province"),
        ("town-a", 34.50, 40.90, "Settlement", "district"),
        ("town-b", 34.59, 40.90, "Settlement", "district"),
        ("town-far", 35.58, 40.90, "Settlement", "province"),
        ("nowhere", None, None, "Settlement", "province"),
    ],
    broader={
        "air_strike": ["remote_violence"],
        "shelling": ["remote_violence"],
        "attack": ["battles"],
        "armed_clash": ["battles"],
    },
)
RULES = MatchRules()


def sig(
    event_type: str = "air_strike",
    attackers: tuple[str, ...] = ("army",),
    targets: tuple[str, ...] = ("rebels",),
    places: tuple[str, ...] = ("town-a",),
    start: dt.date | None = D(2018, 3, 13),
    end: dt.date | None = None,
    precision: str = "day",
) -> EventSignature:
    return CTX.signature(event_type, attackers, targets, places, start, end or start, precision)


def test_families_follow_broader_to_the_root() -> None:
    assert CTX.families("air_strike") == {"remote_violence"}
    assert CTX.families("remote_violence") == {"remote_violence"}
    assert CTX.families("siege") == {"siege"}  # no hierarchy known: its own family


def test_ancestors_are_transitive() -> None:
    assert CTX.actor("brigade").ancestors == {"army", "government"}
    assert CTX.place("town-a").ancestors == {"district", "province", "country"}


def test_distance_km_matches_a_degree_of_latitude() -> None:
    km = distance_km(PlaceRef("x", 34.0, 40.0), PlaceRef("y", 35.0, 40.0))
    assert km is not None and 110.5 < km < 111.8
    assert distance_km(PlaceRef("x", 34.0, 40.0), PlaceRef("y")) is None


@pytest.mark.parametrize(
    ("other", "expected", "why"),
    [
        ({}, True, "identical"),
        ({"event_type": "shelling"}, True, "same family (remote violence)"),
        ({"event_type": "attack"}, False, "different family"),
        ({"places": ("town-b",)}, True, "10 km away, under 25 km"),
        ({"places": ("town-far",)}, False, "120 km away"),
        ({"places": ("district",)}, True, "the district contains the town"),
        ({"places": ("province",)}, False, "a governorate is too coarse to prove co-location"),
        ({"places": ("nowhere",)}, False, "no coordinates, not the same, not containing"),
        ({"places": ()}, False, "no place: placeless claims do not match by default"),
        ({"start": D(2018, 3, 14)}, True, "next day, within day tolerance"),
        ({"start": D(2018, 3, 16)}, False, "three days later"),
        ({"start": D(2018, 3, 1), "end": D(2018, 3, 31), "precision": "month"}, True, "month"),
        ({"start": D(2018, 4, 10), "end": D(2018, 4, 10)}, False, "a month later"),
        ({"start": None, "precision": "unknown"}, False, "undated"),
        ({"attackers": ("brigade",)}, True, "a subgroup of the attacker"),
        ({"attackers": ("government",)}, True, "the attacker's parent"),
        ({"attackers": ()}, True, "attacker not stated: no contradiction"),
        ({"attackers": ("rebels",), "targets": ("army",)}, False, "roles swapped"),
        ({"targets": ("brigade",)}, False, "different target"),
    ],
)
def test_compatible(other: dict[str, object], expected: bool, why: str) -> None:
    a = sig()
    b = sig(**other)  # type: ignore[arg-type]
    assert compatible(a, b, RULES) is expected, why
    assert compatible(b, a, RULES) is expected, f"symmetry: {why}"


def test_rules_are_configurable() -> None:
    far = sig(places=("town-far",))
    assert compatible(sig(), far, replace(RULES, max_distance_km=150)) is True
    undated = sig(start=None, precision="unknown")
    assert compatible(sig(), undated, replace(RULES, undated_matches=True)) is True
    late = sig(start=D(2018, 3, 16))
    wide = replace(RULES, date_tolerance_days={"day": 2})
    assert compatible(sig(), late, wide) is True
    no_actor = sig(attackers=(), targets=())
    strict = replace(RULES, require_shared_actor=True)
    assert compatible(sig(), no_actor, RULES) is True
    assert compatible(sig(), no_actor, strict) is False


def test_best_span_keeps_the_most_precise_reports() -> None:
    spans = [
        (D(2018, 3, 1), D(2018, 3, 31), "month"),
        (D(2018, 3, 13), D(2018, 3, 13), "day"),
        (D(2018, 3, 14), D(2018, 3, 14), "day"),
        (None, None, "unknown"),
    ]
    assert best_span(spans) == (D(2018, 3, 13), D(2018, 3, 14), "day")
    assert best_span([(None, None, "unknown")]) == (None, None, "unknown")


def test_best_span_never_invents_a_bound() -> None:
    """A claim that says "by 14 March" gives an end and no start: the event says the same."""
    assert best_span([(None, D(2018, 3, 14), "day")]) == (None, D(2018, 3, 14), "day")
    assert best_span([(D(2018, 3, 1), None, "month")]) == (D(2018, 3, 1), None, "month")
    both = [(None, D(2018, 3, 14), "day"), (D(2018, 3, 10), None, "day")]
    assert best_span(both) == (D(2018, 3, 10), D(2018, 3, 14), "day")


def test_merge_unions_roles_and_narrows_the_span() -> None:
    month = sig(attackers=(), start=D(2018, 3, 1), end=D(2018, 3, 31), precision="month")
    merged = merge(month, sig(places=("town-b",)))
    assert [a.id for a in merged.attackers] == ["army"]
    assert {p.id for p in merged.places} == {"town-a", "town-b"}
    assert (merged.start, merged.end, merged.precision) == (D(2018, 3, 13), D(2018, 3, 13), "day")


def test_assign_groups_claims_of_one_batch_and_joins_existing_events() -> None:
    existing = {"event/old": sig(event_type="attack", places=("town-far",))}
    items = [
        ("claim/1", sig()),
        ("claim/2", sig(event_type="shelling", places=("town-b",))),
        ("claim/3", sig(event_type="attack", places=("town-far",))),
        ("claim/4", sig(event_type="attack", start=D(2019, 1, 1))),
    ]
    result, touched = assign(
        items,
        existing,
        {"claim/3": ["event/old"], "claim/4": ["event/old"]},
        lambda claim: claim.replace("claim", "event"),
        RULES,
    )
    assert result == {
        "claim/1": "event/1",
        "claim/2": "event/1",
        "claim/3": "event/old",
        "claim/4": "event/4",
    }
    assert set(touched) == {"event/1", "event/old", "event/4"}
    assert {p.id for p in touched["event/1"].places} == {"town-a", "town-b"}


def _assign_comparing_every_pair(
    items: list[tuple[str, EventSignature]], rules: MatchRules
) -> dict[str, str]:
    """``assign`` without existing events, written the slow way: every claim is compared with
    every event made or grown before it."""
    events: dict[str, EventSignature] = {}
    result: dict[str, str] = {}
    for claim, s in items:
        fits = [e for e in events if compatible(events[e], s, rules)]
        if fits:
            chosen = min(fits, key=lambda e: (-_score(events[e], s), e))
            events[chosen] = merge(events[chosen], s)
        else:
            chosen = claim.replace("claim", "event")
            events[chosen] = s
        result[claim] = chosen
    return result


@pytest.mark.parametrize("undated_matches", [False, True])
def test_assign_within_a_long_batch_matches_comparing_every_pair(undated_matches: bool) -> None:
    import random

    rng = random.Random(11)
    rules = MatchRules(undated_matches=undated_matches)
    places = ["town-a", "town-b", "town-far", "district", "nowhere"]
    items = []
    for n in range(400):
        start = D(2018, 1, 1) + dt.timedelta(days=rng.randrange(120))
        precision = rng.choice(["day", "day", "week", "month", "year", "unknown"])
        s = sig(
            event_type=rng.choice(["air_strike", "shelling", "attack"]),
            attackers=(rng.choice(["army", "brigade", "rebels"]),),
            targets=(rng.choice(["rebels", "government"]),),
            places=(rng.choice(places),),
            start=None if precision == "unknown" else start,
            end=start + dt.timedelta(days=rng.choice([0, 0, 6, 700])),
            precision=precision,
        )
        items.append((f"claim/{n:03d}", s))
    result, _ = assign(items, {}, {}, lambda claim: claim.replace("claim", "event"), rules)
    assert result == _assign_comparing_every_pair(items, rules)
    assert len(set(result.values())) < len(items) / 2


def test_near_places_follow_the_place_rules() -> None:
    from loaders.resolution.place_index import NearPlaces

    near = NearPlaces(CTX.places, RULES)
    # The town itself, its district (not coarse) and the town 10 km away; not the governorate,
    # the country, the town 120 km away or the place without coordinates.
    assert near.of("town-a") == ("district", "town-a", "town-b")
    assert near.of("district") == ("district", "town-a", "town-b")
    assert near.of("nowhere") == ("nowhere",)
    # A governorate proves nothing by containment or distance: only itself.
    assert near.of("province") == ("province",)
    assert near.of("atlantis") == ()
    assert near.around(["town-a", "town-far"]) == ["district", "town-a", "town-b", "town-far"]
    wide = NearPlaces(CTX.places, replace(RULES, max_distance_km=150))
    assert "town-far" in wide.of("town-a")


def test_near_places_agree_with_compatible() -> None:
    """Every place pair ``compatible`` accepts is near, and no other."""
    from loaders.resolution.place_index import NearPlaces

    near = NearPlaces(CTX.places, RULES)
    ids = sorted(CTX.places)
    for p in ids:
        for q in ids:
            same = compatible(sig(places=(p,)), sig(places=(q,)), RULES)
            assert (q in near.of(p)) == same, (p, q)
