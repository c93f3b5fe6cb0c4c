"""The events connection and the who-attacked-whom matrix on the fixture graph.

Expected answers are read off the fixture's table (tests/graphql_fixtures.py), where each event
is placed to be caught or missed by one condition of a filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.api.queries import MAX_SPAN_DAYS
from kg.config import Settings
from kg.cypher import delete_all
from kg.store import GraphStore
from tests.graphql_client import data, error_codes, gql, haversine_km, patient
from tests.graphql_fixtures import DOCUMENTS, EVENTS, PLACES, write_fixture

pytestmark = pytest.mark.neo4j

EVENTS_Q = """
query($filter: EventFilter, $first: Int! = 50, $after: String, $order: EventOrder! = DATE_ASC) {
  events(filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { slug startDate attackers { slug } targets { slug } places { slug }
      claims { quote source { slug name } document { title url publisher { slug } } } } }
  }
}
"""


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings, store: GraphStore) -> Iterator[TestClient]:
    store.run_autocommit(delete_all()[0])
    write_fixture(store)
    with TestClient(create_app(patient(neo4j_settings))) as c:
        yield c


def slugs(client: TestClient, flt: dict[str, Any] | None, **variables: Any) -> list[str]:
    conn = data(client, EVENTS_Q, {"filter": flt, **variables})["events"]
    return [e["node"]["slug"] for e in conn["edges"]]


def test_who_attacked_the_regime_in_deir_ez_zor_in_march_2018_according_to_sohr(
    client: TestClient,
) -> None:
    flt = {
        "targets": ["regime forces"],
        "places": ["Deir ez-Zor Governorate"],
        "from": "2018-03-01",
        "to": "2018-03-31",
        "accordingTo": ["SOHR"],
    }
    conn = data(client, EVENTS_Q, {"filter": flt})["events"]
    nodes = {e["node"]["slug"]: e["node"] for e in conn["edges"]}
    # Not ev-raqqa-regime (Raqqa), ev-hajin-april (April), ev-mayadin-afp-only (AFP).
    assert set(nodes) == {"ev-mayadin-saa", "ev-abukamal-ndf"}
    assert conn["totalCount"] == 2
    saa = nodes["ev-mayadin-saa"]
    assert saa["attackers"] == [{"slug": "islamic-state"}]
    claim = saa["claims"][0]
    assert claim["quote"] == EVENTS["ev-mayadin-saa"].claims[0].quote
    # Said by SOHR's director: "according to SOHR" covers the people affiliated with it.
    assert claim["source"]["slug"] == "rami-abdul-rahman"
    assert claim["document"]["publisher"] == {"slug": "afp"}


def test_what_did_the_coalition_attack_and_who_says_so(client: TestClient) -> None:
    conn = data(client, EVENTS_Q, {"filter": {"attackers": ["the coalition"]}})["events"]
    got = {
        e["node"]["slug"]: (
            [t["slug"] for t in e["node"]["targets"]],
            sorted(c["source"]["slug"] for c in e["node"]["claims"]),
        )
        for e in conn["edges"]
    }
    assert got == {
        # The United States is part of the coalition: its strike counts.
        "ev-hajin-strike": (["islamic-state"], ["sohr", "us-department-of-defense"]),
        "ev-abukamal-civilians": (["civilians"], ["sohr"]),
    }


def test_subgroups_can_be_turned_off(client: TestClient) -> None:
    flt = {"targets": ["syrian-regime"], "includeSubgroups": False}
    assert slugs(client, flt) == ["ev-raqqa-regime"]
    assert len(slugs(client, {"targets": ["syrian-regime"]})) == 5


def test_a_governorate_covers_its_villages_unless_turned_off(client: TestClient) -> None:
    inside = {k for k, e in EVENTS.items() if {"al-mayadin", "abu-kamal", "hajin"} & set(e.places)}
    assert set(slugs(client, {"places": ["deir-ez-zor-governorate"]})) == inside
    flt = {"places": ["deir-ez-zor-governorate"], "includeSubPlaces": False}
    assert slugs(client, flt) == []


@pytest.mark.parametrize("radius_km", [5.0, 30.0, 70.0])
def test_near_agrees_with_the_gazetteer(client: TestClient, radius_km: float) -> None:
    hajin = PLACES["hajin"][2:4]
    within = {p for p, v in PLACES.items() if haversine_km(hajin, v[2:4]) <= radius_km}
    expected = {k for k, e in EVENTS.items() if within & set(e.places)}
    flt = {"near": {"lat": hajin[0], "lon": hajin[1], "radiusKm": radius_km}}
    assert set(slugs(client, flt)) == expected
    assert expected  # every radius catches Hajin itself


def test_dates_overlap_the_span_of_the_event(client: TestClient) -> None:
    # Only the month-precise shelling (1-31 March) overlaps the last day of March.
    assert slugs(client, {"from": "2018-03-31", "to": "2018-03-31"}) == ["ev-abukamal-ndf"]
    # The week-long clash (10-16 Dec) overlaps a range that starts in the middle of it; the
    # three-year span of ev-raqqa-vague overlaps too, but is too vague to count as dated.
    assert slugs(client, {"from": "2018-12-12"}) == ["ev-hajin-clash"]
    assert slugs(client, {"from": "2018-12-12", "to": "2018-12-31"}) == ["ev-hajin-clash"]
    assert "ev-raqqa-vague" in slugs(client, {"places": ["raqqa"]})
    day_only = slugs(client, {"from": "2018-03-01", "to": "2018-03-31", "maxPrecision": "DAY"})
    assert day_only == ["ev-mayadin-saa", "ev-raqqa-regime", "ev-mayadin-afp-only"]


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("2018-03-01", "2018-03-31"),  # a month: one index seek per possible start day
        ("2018-12-12", "2018-12-12"),
        ("2014-06-01", "2019-12-31"),  # years: one range of start days
    ],
)
def test_both_date_plans_answer_the_overlap(client: TestClient, low: str, high: str) -> None:
    """Events whose span overlaps [low, high], spans over 400 days left out, as the fixture's
    table says, whichever way the date index is read."""
    lo, hi = dt.date.fromisoformat(low), dt.date.fromisoformat(high)
    expected = {
        ident
        for ident, e in EVENTS.items()
        if e.start <= hi and e.end >= lo and (e.end - e.start).days <= MAX_SPAN_DAYS
    }
    assert set(slugs(client, {"from": low, "to": high})) == expected
    assert expected


def test_types_include_narrower_types(client: TestClient) -> None:
    got = set(slugs(client, {"types": ["attack"]}))
    assert got == {k for k, e in EVENTS.items() if e.type != "armed_clash"}
    assert slugs(client, {"types": ["air_strike"], "minSources": 2}) == ["ev-hajin-strike"]


def test_publishers_of_the_documents(client: TestClient) -> None:
    """The outlet that printed a claim, not who it is attributed to: AFP published SOHR's
    claims too; the Pentagon's statement is its own document."""
    for publisher in ("afp", "us-department-of-defense"):
        expected = {
            k for k, e in EVENTS.items() if any(DOCUMENTS[c.doc][1] == publisher for c in e.claims)
        }
        assert expected
        assert set(slugs(client, {"publishers": [publisher]})) == expected
    by_name = set(slugs(client, {"publishers": ["Pentagon"]}))
    assert by_name == set(slugs(client, {"publishers": ["us-department-of-defense"]}))
    both = set(slugs(client, {"publishers": ["afp"], "accordingTo": ["SOHR"]}))
    assert both == {
        k
        for k, e in EVENTS.items()
        if any(
            c.source in ("sohr", "rami-abdul-rahman") and DOCUMENTS[c.doc][1] == "afp"
            for c in e.claims
        )
    }
    who = "query($f: EventFilter) { whoAttackedWhom(filter: $f) { events } }"
    cells = data(client, who, {"f": {"publishers": ["us-department-of-defense"]}})
    dod = {k for k, e in EVENTS.items() if any(c.doc == "doc-dod-1" for c in e.claims)}
    assert sum(c["events"] for c in cells["whoAttackedWhom"]) == sum(
        len(EVENTS[k].attackers) * len(EVENTS[k].targets) for k in dod
    )


def test_free_text_in_quotes(client: TestClient) -> None:
    assert slugs(client, {"text": "warplanes"}) == ["ev-hajin-strike"]
    # Every word must occur: Hajin alone is in the quotes of three events, with "coalition" one.
    assert slugs(client, {"text": "Hajin"}) == [
        "ev-hajin-april",
        "ev-hajin-strike",
        "ev-hajin-clash",
    ]
    assert slugs(client, {"text": "coalition hajin"}) == ["ev-hajin-strike"]
    # Lucene syntax is taken literally, not as operators or a syntax error.
    assert slugs(client, {"text": 'WARPLANES "(Hajin'}) == ["ev-hajin-strike"]
    assert slugs(client, {"text": "warplanes OR April"}) == []


def test_pagination_returns_every_event_exactly_once(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        conn = data(client, EVENTS_Q, {"first": 3, "after": after})["events"]
        seen += [e["node"]["slug"] for e in conn["edges"]]
        assert conn["totalCount"] == len(EVENTS)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(EVENTS)
    assert len(seen) == len(set(seen))
    by_date = sorted(EVENTS, key=lambda k: (EVENTS[k].start, k))
    assert seen == by_date


def test_newest_first(client: TestClient) -> None:
    assert slugs(client, None, first=1, order="DATE_DESC") == ["ev-hajin-clash"]


def test_who_attacked_whom_cells(client: TestClient) -> None:
    query = """{ whoAttackedWhom(filter: {from: "2018-01-01", to: "2018-12-31"}) {
        attacker { slug } target { slug } events
        casualties { kind qualifier total } sources { slug } } }"""
    cells = {
        (c["attacker"]["slug"], c["target"]["slug"]): c
        for c in data(client, query)["whoAttackedWhom"]
    }
    saa = cells[("islamic-state", "syrian-arab-army")]
    assert saa["events"] == 3
    assert saa["casualties"] == [{"kind": "killed", "qualifier": "at_least", "total": 12}]
    assert {s["slug"] for s in saa["sources"]} == {"sohr", "rami-abdul-rahman", "afp"}
    strike = cells[("united-states", "islamic-state")]
    # Two reports of the same strike (5 and 7 killed): the larger, not the sum.
    assert strike["casualties"] == [{"kind": "killed", "qualifier": "exact", "total": 7}]
    assert len(cells) == 6


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"first": 500}, "first"),
        ({"after": "not-a-cursor"}, "after"),
        ({"filter": {"attackers": ["no such group"]}}, "filter.attackers"),
        ({"filter": {"accordingTo": ["Nobody"]}}, "filter.accordingTo"),
        ({"filter": {"publishers": ["Nobody"]}}, "filter.publishers"),
        ({"filter": {"near": {"lat": 95, "lon": 40, "radiusKm": 5}}}, "filter.near.lat"),
        ({"filter": {"from": "2019-01-01", "to": "2018-01-01"}}, "filter.from"),
        ({"filter": {"minSources": 0}}, "filter.minSources"),
    ],
)
def test_invalid_arguments_name_the_argument(
    client: TestClient, variables: dict[str, Any], argument: str
) -> None:
    body = gql(client, EVENTS_Q, variables)
    assert error_codes(body) == ["BAD_ARGUMENT"]
    assert f"invalid argument {argument}:" in body["errors"][0]["message"]
