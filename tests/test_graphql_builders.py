"""Pure parts of the API: Cypher builders, Lucene escaping, ids, cursors, depth and cost."""

from __future__ import annotations

import datetime as dt

import pytest
from graphql import parse
from graphql.language import OperationDefinitionNode

from kg.api.batch_queries import event_fields
from kg.api.connection import cursor, offset_of
from kg.api.errors import BadArgument
from kg.api.ids import global_id, parse_global_id
from kg.api.limits import check_page, measure
from kg.api.queries import (
    MAX_SPAN_DAYS,
    EventFilterSpec,
    events_page,
    lucene_terms,
    projection,
    who_attacked_whom,
)
from kg.api.schema import schema


@pytest.mark.parametrize(
    ("text", "any_word", "all_words"),
    [
        ("Hajin", "hajin", "+hajin"),
        ("air strike", "air strike", "+air +strike"),
        ("AND OR NOT", "and or not", "+and +or +not"),
        ('"(Hajin)"', '\\"\\(hajin\\)\\"', '+\\"\\(hajin\\)\\"'),
        ("a:b*", "a\\:b\\*", "+a\\:b\\*"),
        ("// --", "", ""),
    ],
)
def test_lucene_terms_are_plain_words(text: str, any_word: str, all_words: str) -> None:
    assert lucene_terms(text) == any_word
    assert lucene_terms(text, require_all=True) == all_words


MARK = "zz'}) DETACH DELETE n //"


def test_user_values_only_travel_as_parameters() -> None:
    spec = EventFilterSpec(
        types=(MARK,),
        attackers=(MARK,),
        targets=(MARK,),
        actors=(MARK,),
        places=(MARK,),
        near=(34.7, 40.8, 10.0),
        date_from=dt.date(2018, 3, 1),
        date_to=dt.date(2018, 3, 31),
        max_precision="month",
        according_to=(MARK,),
        publishers=(MARK,),
        min_sources=2,
        text=MARK,
    )
    statements = (events_page(spec, "DATE_ASC", 0, 10, True), who_attacked_whom(spec, 100))
    for query, params in statements:
        assert MARK not in query
        assert "zz" not in query
        assert params["attackers"] == [MARK]
        assert params["publishers"] == [MARK]
        assert params["nearMeters"] == 10_000.0
        assert params["precisions"] == ["day", "week", "month"]
        assert params["text"] == lucene_terms(MARK, require_all=True)


def test_no_filter_matches_all_events_and_asks_one_more_than_the_page() -> None:
    query, params = events_page(EventFilterSpec(), "DATE_DESC", 40, 20, False)
    assert "WHERE" not in query
    assert params == {"offset": 40, "limit": 21}
    assert "null AS total" in query


def test_places_anchor_the_match_and_can_exclude_sub_places() -> None:
    with_sub, _ = events_page(EventFilterSpec(places=("hajin",)), "DATE_ASC", 0, 5, False)
    without, _ = events_page(
        EventFilterSpec(places=("hajin",), include_subplaces=False), "DATE_ASC", 0, 5, False
    )
    assert "*0..]" in with_sub
    assert "*0..]" not in without and "*0..0]" in without


def test_a_short_date_range_seeks_each_start_day_a_long_one_reads_a_range() -> None:
    month = EventFilterSpec(date_from=dt.date(2018, 3, 1), date_to=dt.date(2018, 3, 31))
    query, params = events_page(month, "DATE_ASC", 0, 10, False)
    assert "UNWIND range(0, $dateDays)" in query and "(startDate, endDate)" in query
    assert params["dateLow"] == dt.date(2018, 3, 1) - dt.timedelta(days=MAX_SPAN_DAYS)
    assert params["dateDays"] == MAX_SPAN_DAYS + 30  # the last start day is 31 March
    years = EventFilterSpec(date_from=dt.date(2015, 1, 1), date_to=dt.date(2018, 12, 31))
    query, params = events_page(years, "DATE_ASC", 0, 10, False)
    assert "UNWIND" not in query and "e.startDate >= $dateLow" in query
    assert "dateDays" not in params


def test_filter_sets_are_found_by_id_with_an_index_seek() -> None:
    by_id, params = events_page(
        EventFilterSpec(targets=("syrian-regime",)), "DATE_ASC", 0, 10, False
    )
    assert "MATCH (r:`Actor`) WHERE r.id IN $targets" in by_id
    assert params["targets"] == ["syrian-regime"]


def test_projections_carry_what_the_selection_reads() -> None:
    assert projection("a", "Actor", frozenset({"name", "partOf"})) == "a {.iri, .id, .name}"
    assert ".aliases" in projection("a", "Actor")
    lean = event_fields(
        "e", frozenset({"targets"}), frozenset({"document"}), (("Document", frozenset({"title"})),)
    )
    assert [f.split(":")[0] for f in lean] == ["targets", "claims"]
    assert "PUBLISHED_BY" not in lean[1] and "ATTRIBUTED_TO" not in lean[1]
    assert "d {.iri, .id, .title}" in lean[1]


def test_global_ids_round_trip_and_reject_others() -> None:
    assert parse_global_id(global_id("Event", "ev-1")) == ("Event", "ev-1")
    assert parse_global_id("not base64!") is None
    assert parse_global_id(global_id("Secret", "x")) is None  # not one of our types
    assert parse_global_id(global_id("Event", "")) is None


def test_cursors_round_trip_and_bad_ones_name_the_argument() -> None:
    assert offset_of(cursor(41)) == 41
    for bad in ("nope", cursor(1).rstrip("="), "b2Zmc2V0Oi0x"):  # last: offset:-1
        with pytest.raises(BadArgument, match="invalid argument after:"):
            offset_of(bad)


def test_page_size_is_bounded() -> None:
    assert check_page("first", 100) == 100
    with pytest.raises(BadArgument, match="first: must be between 0 and 100, got 101"):
        check_page("first", 101)


def _measure(query: str) -> tuple[int, int]:
    doc = parse(query)
    op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
    return measure(schema._schema, doc, op)


def test_depth_and_cost_by_hand() -> None:
    # events (1 + 10 x edges), edges (1 + node), node (1 + slug), slug 1: 1 + 10 * 3 = 31
    assert _measure("{ events(first: 10) { edges { node { slug } } } }") == (4, 31)
    # a field's default page size counts when first is not given: subPlaces defaults to 50
    assert _measure('{ place(id: "x") { subPlaces { slug } } }') == (3, 1 + (1 + 50 * 1))
    # a variable page size counts as the largest page
    depth, cost = _measure("query($n: Int!) { events(first: $n) { totalCount } }")
    assert (depth, cost) == (2, 1 + 100 * 1)


def test_every_list_field_has_a_bound_the_cost_counts() -> None:
    """A list is counted at its largest size: a ``first`` argument, a connection's page, or
    the bound of ``LIST_BOUNDS`` that its resolver cuts at."""
    from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType

    from kg.api.limits import CONNECTION_LISTS, LIST_BOUNDS

    unbounded = []
    for type_ in schema._schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if not isinstance(kind, GraphQLList) or "first" in field.args:
                continue
            if type_.name.endswith("Connection") and name in CONNECTION_LISTS:
                continue
            if (type_.name, name) not in LIST_BOUNDS:
                unbounded.append(f"{type_.name}.{name}")
    assert unbounded == []


def test_fragments_are_measured_once_and_lists_at_their_bounds() -> None:
    chain = "fragment F0 on Event { slug }\n" + "\n".join(
        f"fragment F{i} on Event {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 41)
    )
    import time

    t = time.perf_counter()
    _, cost = _measure(chain + "\n{ events(first: 1) { nodes { ...F40 } } }")
    assert time.perf_counter() - t < 0.1  # 2^40 spreads, measured in linear time
    assert cost == 1 + 1 * (1 + 2**40)
    # A list without first counts at its bound: 100 cells x 20 sources x 100 claims.
    _, cost = _measure("{ whoAttackedWhom { sources { claims(first: 100) { nodes { quote } } } } }")
    assert cost == 1 + 100 * (1 + 20 * (1 + 100 * (1 + 1)))


def test_nodes_a_concurrent_load_deleted_are_not_shown() -> None:
    """Read committed: a claim deleted while the read ran comes back with no properties."""
    from kg.api.nodes import by_id, present

    rows = [{"id": "b", "iri": "urn:b"}, {"id": None, "iri": None}, {"id": "a", "iri": "urn:a"}]
    assert [r["id"] for r in present(rows)] == ["b", "a"]
    assert [r["id"] for r in by_id(rows)] == ["a", "b"]
