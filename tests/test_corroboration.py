"""Matching rules for 'the same event', on small handmade hierarchies and coordinates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from loaders.resolution.evidence import FOUNDED, evidence, link_props
from loaders.resolution.matching import assign, compatible
from loaders.resolution.rules import MatchRules
from loaders.resolution.signatures import (
    EventSignature,
    PlaceRef,
    SignatureContext,
    best_span,
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
    done = assign(
        items,
        existing,
        {"claim/3": ["event/old"], "claim/4": ["event/old"]},
        lambda claim: claim.replace("claim", "event"),
        RULES,
    )
    result, touched = done.events, done.touched
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
        scored = [(ev.score, e) for e in events if (ev := evidence(events[e], s, rules))]
        fits = [(score, e) for score, e in scored if score >= rules.min_score]
        if fits:
            chosen = min(fits, key=lambda f: (-f[0], -events[f[1]].claims, f[1]))[1]
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
    result = assign(items, {}, {}, lambda claim: claim.replace("claim", "event"), rules).events
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


# -- parties, datasets, evidence -------------------------------------------------------------

# A world with sides: a government with its army and an allied militia, the rebels, IS.
SIDES = SignatureContext.build(
    actor_parents={"army": ["government"], "militia": [], "government": [], "rebels": []}
    | {"is": []},
    places=[
        ("town-a", 34.50, 40.90, "Settlement", None),
        ("town-b", 34.59, 40.90, "Settlement", None),
    ],
    broader={"attack": ["battles"], "armed_clash": ["battles"], "shelling": ["remote"]},
    actor_sides={"army": "gov", "government": "gov", "militia": "gov", "rebels": "opp", "is": "is"},
)


def rsig(
    attackers: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    participants: tuple[str, ...] = (),
    datasets: tuple[str, ...] = (),
    event_type: str = "attack",
    places: tuple[str, ...] = ("town-a",),
    day: dt.date = D(2018, 3, 13),
) -> EventSignature:
    return SIDES.signature(
        event_type, attackers, targets, places, day, day, "day", participants, datasets
    )


@pytest.mark.parametrize(
    ("claim", "expected", "why"),
    [
        (rsig(participants=("is", "government")), True, "participants in the other order"),
        (rsig(participants=("government", "is")), True, "participants in the order of roles"),
        (rsig(participants=("army", "militia", "is")), True, "a side of two actors, subgroups"),
        (rsig(participants=("is",)), True, "one party named: no contradiction"),
        (rsig(participants=("government", "rebels")), False, "the regime against the rebels"),
        (rsig(participants=("rebels", "is")), False, "IS against the rebels"),
        (rsig(attackers=("government",), targets=("is",)), False, "directed, roles swapped"),
        (rsig(), True, "no actor named"),
    ],
)
def test_participants_match_attackers_or_targets_in_either_order(
    claim: EventSignature, expected: bool, why: str
) -> None:
    article = rsig(attackers=("is",), targets=("government",))
    assert compatible(article, claim, RULES) is expected, why
    assert compatible(claim, article, RULES) is expected, f"symmetry: {why}"


def test_two_datasets_agree_on_parties_not_order() -> None:
    acled = rsig(participants=("is", "army"), datasets=("acled",))
    ucdp = rsig(participants=("government", "is"), datasets=("ucdp",))
    insurgents = rsig(participants=("government", "rebels"), datasets=("ucdp",))
    assert compatible(acled, ucdp, RULES) and not compatible(acled, insurgents, RULES)


def test_distinct_rows_of_one_dataset_never_merge_even_through_chains() -> None:
    """Three rows of one dataset, each compatible with an article's event: one of them joins
    it; the others found their own events, however compatible they are."""
    article = rsig(attackers=("is",), targets=("government",))
    rows = [
        (f"claim/acled-{n}", rsig(participants=("is", "government"), datasets=("acled",)))
        for n in range(3)
    ]
    ucdp = ("claim/ucdp-1", rsig(participants=("government", "is"), datasets=("ucdp",)))
    items = [("claim/article", article), *rows, ucdp]
    done = assign(items, {}, {}, lambda c: c.replace("claim", "event"), MatchRules(min_score=0))
    joined = [c for c, e in done.events.items() if e == "event/article"]
    assert joined == ["claim/article", "claim/acled-0", "claim/ucdp-1"]
    assert done.events["claim/acled-1"] == "event/acled-1"
    assert done.events["claim/acled-2"] == "event/acled-2"
    assert done.touched["event/article"].datasets == {"acled", "ucdp"}


def test_every_link_records_why_with_a_score() -> None:
    article = rsig(attackers=("is",), targets=("government",))
    near = rsig(participants=("army", "is"), datasets=("acled",), places=("town-b",))
    ev = evidence(article, near, RULES)
    assert ev is not None
    assert ev.distance_km == pytest.approx(10.0, abs=0.2) and ev.days_apart == 0
    assert ev.parties.actors == ("army", "is") and ev.family == "battles" and ev.same_type
    assert 0.7 < ev.score < 1.0
    assert ev.reason().startswith("10.0 km apart; dates overlap; 2 of 2 parties matched")
    props = link_props(ev)
    assert props["linkActors"] == ["army", "is"] and props["linkFamily"] == "battles"
    same = evidence(article, rsig(participants=("is", "government")), RULES)
    assert same is not None and same.score > ev.score  # the same place scores higher
    silent = evidence(article, rsig(event_type="armed_clash", day=D(2018, 3, 14)), RULES)
    assert silent is not None and silent.score < same.score  # no actors, other type, a day off
    assert link_props(FOUNDED)["linkReason"] == "founded the event"


def test_the_score_threshold_is_a_rule() -> None:
    article = rsig(attackers=("is",), targets=("government",))
    weak = rsig(event_type="armed_clash", day=D(2018, 3, 14), places=("town-b",))
    ev = evidence(article, weak, RULES)
    assert ev is not None
    items = [("claim/a", article), ("claim/b", weak)]

    def new(claim: str) -> str:
        return claim.replace("claim", "event")

    low = assign(items, {}, {}, new, MatchRules(min_score=ev.score))
    high = assign(items, {}, {}, new, MatchRules(min_score=ev.score + 0.01))
    assert low.events["claim/b"] == "event/a" and low.links["claim/b"].score == ev.score
    assert high.events["claim/b"] == "event/b" and high.links["claim/b"] is FOUNDED


def test_written_places_meet_the_known_place_they_are_near() -> None:
    from loaders.resolution.place_index import NearPlaces

    ctx = SignatureContext.build(
        {},
        [
            ("susah", None, None, "Settlement", "subdistrict"),
            ("subdistrict", None, None, "Subdistrict", None),
            ("susah-as-written", 34.53, 40.90, "Settlement", None),
            ("elsewhere", 34.53, 40.95, "Settlement", None),
        ],
        {},
        near={"susah-as-written": "susah"},
    )
    written = ctx.place("susah-as-written")
    assert written.near == "susah" and "subdistrict" in written.ancestors
    near = NearPlaces(ctx.places, RULES)
    assert set(near.of("susah")) == {"susah", "subdistrict", "susah-as-written"}
    assert {"susah", "subdistrict", "elsewhere"} <= set(near.of("susah-as-written"))
    day = D(2018, 1, 1)
    on_known = ctx.signature("attack", places=["susah"], start=day, end=day, precision="day")
    on_written = ctx.signature(
        "attack", places=["susah-as-written"], start=day, end=day, precision="day"
    )
    assert compatible(on_known, on_written, RULES)
