"""Time expressions resolved against the publication date, with their precision."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.claims import DateSpan
from loaders.extract.dates import after_previous, default_span, publication, resolve
from tests.extract_helpers import run

D = dt.date
THURSDAY = publication("2018-03-29", "day")  # 29 March 2018 was a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Fighting resumed on Monday.",
            DateSpan(start=D(2018, 3, 26), end=D(2018, 3, 26), precision="day"),
        ),
        (
            "It happened on Thursday.",
            DateSpan(start=D(2018, 3, 29), end=D(2018, 3, 29), precision="day"),
        ),
        (
            "since the 2nd of March 2018 until today the 20th",
            DateSpan(start=D(2018, 3, 2), end=D(2018, 3, 20), precision="day"),
        ),
        (
            "Raids hit the town last week.",
            DateSpan(start=D(2018, 3, 19), end=D(2018, 3, 25), precision="week"),
        ),
        ("in recent weeks", DateSpan(start=None, end=D(2018, 3, 29), precision="week")),
        ("in recent months", DateSpan(start=None, end=D(2018, 3, 29), precision="month")),
        (
            "during the past two days",
            DateSpan(start=D(2018, 3, 27), end=D(2018, 3, 29), precision="day"),
        ),
        (
            "on the 6th of December 2017",
            DateSpan(start=D(2017, 12, 6), end=D(2017, 12, 6), precision="day"),
        ),
        ("on January 4, 2018", DateSpan(start=D(2018, 1, 4), end=D(2018, 1, 4), precision="day")),
        ("on 2 February", DateSpan(start=D(2018, 2, 2), end=D(2018, 2, 2), precision="day")),
        ("on 30 December", DateSpan(start=D(2017, 12, 30), end=D(2017, 12, 30), precision="day")),
        ("in 2016", DateSpan(start=D(2016, 1, 1), end=D(2016, 12, 31), precision="year")),
        ("in June 2017", DateSpan(start=D(2017, 6, 1), end=D(2017, 6, 30), precision="month")),
    ],
)
def test_resolved_against_a_day_precise_publication(text: str, expected: DateSpan) -> None:
    assert resolve(text, THURSDAY) == expected


def test_weekday_with_a_week_precise_publication_spans_the_candidates() -> None:
    # Published about Wednesday 13 December 2017 (+/- 3 days): "Monday" is the 11th at the
    # latest and, if the article came out on Sunday 10th, the 4th.
    pub = publication("2017-12-13", "week")
    assert resolve("on Monday", pub) == DateSpan(
        start=D(2017, 12, 4), end=D(2017, 12, 11), precision="week"
    )


def test_relative_expression_is_never_more_precise_than_the_publication() -> None:
    pub = publication("2018", "year")
    assert resolve("in recent weeks", pub) == DateSpan(end=D(2018, 12, 31), precision="year")


def test_no_time_expression() -> None:
    assert resolve("The town was shelled.", THURSDAY) is None
    # on or before publication, within a week: never an invented day
    assert default_span("The town was shelled.", THURSDAY) == DateSpan(
        start=D(2018, 3, 23), end=D(2018, 3, 29), precision="week"
    )
    assert default_span("The siege is continuing.", THURSDAY) == DateSpan(
        end=D(2018, 3, 29), precision="day"
    )


def test_unknown_publication() -> None:
    assert publication(None, "unknown") is None
    assert resolve("on Monday", None) is None
    assert resolve("in 2016", None) == DateSpan(
        start=D(2016, 1, 1), end=D(2016, 12, 31), precision="year"
    )


def test_since_a_day_runs_to_publication() -> None:
    assert resolve("since the 2nd of March 2018", THURSDAY) == DateSpan(
        start=D(2018, 3, 2), end=D(2018, 3, 29), precision="day"
    )


def test_days_before_an_unknown_day_have_no_start() -> None:
    pub = publication("2018", "year")
    assert resolve("during the past two days", pub) == DateSpan(
        end=D(2018, 12, 31), precision="year"
    )
    assert resolve("last week", pub) == DateSpan(end=D(2018, 12, 31), precision="year")


def test_yesterday_today_and_since_a_month_first_date() -> None:
    assert resolve("Clashes erupted yesterday.", THURSDAY) == DateSpan(
        start=D(2018, 3, 28), end=D(2018, 3, 28), precision="day"
    )
    assert resolve("since dawn today", THURSDAY) == DateSpan(
        start=D(2018, 3, 29), end=D(2018, 3, 29), precision="day"
    )
    assert resolve("since March 2, 2018", THURSDAY) == DateSpan(
        start=D(2018, 3, 2), end=D(2018, 3, 29), precision="day"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The group overran the town in December.",
            DateSpan(start=D(2017, 12, 1), end=D(2017, 12, 31), precision="month"),
        ),
        (
            "They withdrew in mid-January after weeks of fighting.",
            DateSpan(start=D(2018, 1, 1), end=D(2018, 1, 31), precision="month"),
        ),
        (
            "The offensive began in March.",
            DateSpan(start=D(2018, 3, 1), end=D(2018, 3, 29), precision="month"),
        ),
        ("Commanders said they may attack soon.", None),
    ],
)
def test_a_month_without_its_year_is_the_latest_one_by_publication(
    text: str, expected: DateSpan | None
) -> None:
    """*in December* in a report of 29 March 2018 is December 2017; *in March* is March 2018 up
    to the report; *may* alone is a verb."""
    assert resolve(text, THURSDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Clashes went on earlier this month.",
            DateSpan(start=D(2018, 3, 1), end=D(2018, 3, 29), precision="month"),
        ),
        (
            "Twelve raids were reported in the past 24 hours.",
            DateSpan(start=D(2018, 3, 28), end=D(2018, 3, 29), precision="day"),
        ),
    ],
)
def test_a_reported_period_ends_by_the_report(text: str, expected: DateSpan) -> None:
    """What a report tells happened by its date: *this month* ends on the day of the report;
    *the past 24 hours* is since the day before."""
    assert resolve(text, THURSDAY) == expected


def test_the_past_week_ends_at_publication() -> None:
    assert resolve("struck targets over the past week", THURSDAY) == DateSpan(
        start=D(2018, 3, 22), end=D(2018, 3, 29), precision="week"
    )
    # unlike 'last week', the calendar week before
    assert resolve("last week", THURSDAY) == DateSpan(
        start=D(2018, 3, 19), end=D(2018, 3, 25), precision="week"
    )


def test_overnight_and_earlier_in_the_day() -> None:
    assert resolve("IS attacked the post overnight", THURSDAY) == DateSpan(
        start=D(2018, 3, 28), end=D(2018, 3, 29), precision="day"
    )
    assert resolve("earlier in the day", THURSDAY) == DateSpan(
        start=D(2018, 3, 29), end=D(2018, 3, 29), precision="day"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since it took the region in late 2017", (D(2017, 9, 1), D(2017, 12, 31))),
        ("in early 2016", (D(2016, 1, 1), D(2016, 4, 30))),
        ("during mid-2015", (D(2015, 5, 1), D(2015, 8, 31))),
    ],
)
def test_a_third_of_a_year(text: str, expected: tuple[dt.date, dt.date]) -> None:
    span = resolve(text, THURSDAY)
    assert span is not None and (span.start, span.end, span.precision) == (*expected, "year")


def test_the_same_day_and_the_next_day_count_from_the_event_told_before() -> None:
    told = DateSpan(start=D(2018, 3, 26), end=D(2018, 3, 26), precision="day")
    assert after_previous("On the same day, jets struck the town.", told) == told
    assert after_previous("Later that day, the town fell.", told) == told
    next_day = after_previous("The next day, IS counter-attacked.", told)
    assert next_day == DateSpan(start=D(2018, 3, 27), end=D(2018, 3, 27), precision="day")
    week = DateSpan(start=D(2018, 3, 20), end=D(2018, 3, 26), precision="week")
    assert after_previous("On the same day, jets struck the town.", week) is None
    assert after_previous("Jets struck the town.", told) is None


@pytest.mark.parametrize(
    ("published", "weekend"),
    [
        ("2017-10-20", (D(2017, 10, 14), D(2017, 10, 15))),  # a Friday: the weekend before
        ("2017-10-23", (D(2017, 10, 21), D(2017, 10, 22))),  # a Monday: the one just past
        ("2017-10-22", (D(2017, 10, 21), D(2017, 10, 22))),  # a Sunday: this one
    ],
)
def test_last_weekend(published: str, weekend: tuple[dt.date, dt.date]) -> None:
    span = resolve("they took the town over the weekend", publication(published, "day"))
    assert span is not None and (span.start, span.end) == weekend


@pytest.mark.nlp
def test_a_repeated_mention_gives_the_merged_event_its_day() -> None:
    """The lede dates the report (*a monitor said Sunday*: within the week before), the next
    sentence the attack (*late Friday*): the one event takes the day."""
    found = run(
        "IS jihadists killed at least 42 SDF fighters in a counter-attack in eastern Syria, a "
        "monitor said Sunday. The jihadists launched the assault late Friday on positions held "
        "by the SDF near the village of Gharanij, the Observatory said.",
        published="2019-03-17",
    ).events
    assert [(e.event_type, e.date.precision, e.date.start) for e in found] == [
        ("attack", "day", dt.date(2019, 3, 15))
    ]


@pytest.mark.nlp
def test_the_date_an_event_is_announced_on_is_its_date() -> None:
    """*announced the liberation of P on November 9* dates the liberation; *said on Friday
    that it had captured P* only bounds it."""
    (e,) = run(
        "The army announced the liberation of Albu Kamal on November 9.", published="2017-11-19"
    ).events
    assert (e.date.precision, e.date.start) == ("day", dt.date(2017, 11, 9))
    (e,) = run("The SDF said on Friday that it had captured Hajin.", published="2017-11-19").events
    assert e.date.precision == "week"
