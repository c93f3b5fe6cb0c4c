"""Time expressions resolved against the publication date, each with a precision.

Absolute dates and ranges ("since the 13th of March 2018 until today the 29th"), years, month
names, weekdays ("on Monday": the most recent such day on or before publication) and relative
expressions ("last week", "the past two days", "in recent weeks"). A result is never more
precise than the publication date it was computed from: when the article is dated only to the
week, "on Monday" spans every Monday that the publication window allows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from loaders.claims import DateSpan, Precision

ORDER: tuple[Precision, ...] = ("day", "week", "month", "year", "unknown")
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "few": 3}
_ABBR = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
_MON = r"(?P<mon>" + "|".join([*MONTHS, *(rf"{a}\." for a in _ABBR)]) + r")"
_D = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:19|20)\d{2})"
_DAY_FIRST = rf"(?:the\s+)?{_D}\s+(?:of\s+)?{_MON}(?:,?\s+{_Y})?"
_MONTH_FIRST = rf"{_MON}\s+{_D}(?:,?\s+{_Y})?"
RANGE = re.compile(
    rf"\bsince\s+{_DAY_FIRST}.{{0,80}}?\b(?:until|till|to)\s+(?:today\s+)?(?:the\s+)?"
    r"(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b",
    re.IGNORECASE | re.DOTALL,
)
SINCE = (
    re.compile(rf"\bsince\s+{_DAY_FIRST}\b", re.IGNORECASE),
    re.compile(rf"\bsince\s+{_MONTH_FIRST}\b", re.IGNORECASE),
)
DAY_WORDS = re.compile(
    r"\b(?P<word>yesterday|today|tonight|this morning|overnight|earlier in the day)\b",
    re.IGNORECASE,
)
"""*overnight*: the night before publication (its two days)."""
FULL_DATES = (
    re.compile(rf"\b{_DAY_FIRST}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH_FIRST}\b", re.IGNORECASE),
)
MONTH_YEAR = re.compile(rf"\b(?:in|since|during)\s+{_MON}\s+{_Y}\b", re.IGNORECASE)
MONTH_ONLY = re.compile(
    rf"\b(?:in|during|last)\s+(?:(?:early|mid|late)[\s-]+)?{_MON}(?![\s,]*\d)", re.IGNORECASE
)
"""*in December*, *last May*, *in mid-January*: a month without its year (the preposition is
required: *May* alone is a verb)."""
YEAR = re.compile(
    rf"\b(?:in|during|since|throughout)\s+(?:(?P<part>early|mid|late)[\s-]+)?{_Y}\b",
    re.IGNORECASE,
)
"""*in 2017*, *in late 2017*, *since mid-2016*: a year or a third of it."""
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
SAME_DAY = re.compile(
    r"\b(?:(?:on|later|earlier)\s+)?(?:the\s+same|that(?:\s+same)?)\s+(?:day|night|evening)\b",
    re.IGNORECASE,
)
"""*on the same day*, *later that day*: the day of the event told just before."""
NEXT_DAY = re.compile(r"\b(?:the\s+(?:next|following)\s+day|a\s+day\s+later)\b", re.IGNORECASE)
WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)?(?P<wd>" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
PAST_DAYS = re.compile(
    r"\b(?:the\s+)?(?:past|last)\s+(?P<n>\d+|two|three|four|five|six|seven|few)\s+"
    r"(?P<unit>days|hours)\b",
    re.IGNORECASE,
)
LAST_WEEK = re.compile(r"\blast\s+week\b", re.IGNORECASE)
WEEKEND = re.compile(r"\b(?:last|over\s+the|this\s+past|during\s+the)\s+weekend\b", re.IGNORECASE)
"""*last weekend*, *over the weekend*: the Saturday and Sunday before the report."""
PAST_PERIOD = re.compile(
    r"\b(?:over|in|during|within|for)\s+the\s+(?:past|last)\s+(?P<unit>week|month)\b",
    re.IGNORECASE,
)
"""*over the past week*, *in the last month*: the period ending at publication (unlike *last
week*, the calendar week before)."""
VAGUE = re.compile(
    r"\b(?:in\s+recent\s+(?P<unit>days|weeks|months)|for\s+(?P<unit2>days|weeks|months)"
    r"|recently)\b(?P<unit3>)",
    re.IGNORECASE,
)
ONGOING = re.compile(
    r"\b(?:(?:is|are|am)\s+(?:\w+\s+)?\w+ing|continu\w+|ongoing|still|constantly|currently"
    r"|now)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Publication:
    """The publication date as a reference point and the window it may lie in."""

    ref: dt.date
    lo: dt.date
    hi: dt.date
    precision: Precision


def publication(published: str | None, precision: Precision) -> Publication | None:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' with its stated precision."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    year = parts[0]
    if len(parts) == 1:
        lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return Publication(hi, lo, hi, _coarser(precision, "year"))
    month = parts[1]
    last = calendar.monthrange(year, month)[1]
    if len(parts) == 2:
        lo, hi = dt.date(year, month, 1), dt.date(year, month, last)
        return Publication(hi, lo, hi, _coarser(precision, "month"))
    day = dt.date(year, month, parts[2])
    if precision == "day":
        return Publication(day, day, day, "day")
    spread = {"week": 3, "month": 15, "year": 182}.get(precision, 0)
    delta = dt.timedelta(days=spread)
    return Publication(day, day - delta, day + delta, precision)


def _coarser(a: Precision, b: Precision) -> Precision:
    return a if ORDER.index(a) >= ORDER.index(b) else b


def _weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def month_number(name: str) -> int:
    """'August', 'Aug.', 'sept.' -> 8, 8, 9."""
    return MONTHS.get(name.lower()) or MONTHS_BY_PREFIX[name.lower()[:3]]


MONTHS_BY_PREFIX = {m[:3]: i for m, i in MONTHS.items()}


def _date(year: int | None, month: int, day: int, pub: Publication | None) -> dt.date | None:
    if year is None:
        if pub is None:
            return None
        year = pub.ref.year
        try:
            if dt.date(year, month, day) > pub.hi:
                year -= 1
        except ValueError:
            return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


AGO = re.compile(
    r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+"
    r"(?P<unit>day|days|week|weeks|month|months|year|years)\s+ago\b",
    re.IGNORECASE,
)
AGO_NUMBERS = {**SMALL_NUMBERS, "a": 1, "an": 1, "one": 1, "eight": 8, "nine": 9, "ten": 10}
AGO_NUMBERS["several"] = 3


def _ago(text: str, pub: Publication | None) -> DateSpan | None:
    """'three weeks ago': counted back from publication, as precise as the unit."""
    m = AGO.search(text)
    if not m or pub is None:
        return None
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else AGO_NUMBERS.get(raw, 1)
    unit = m["unit"].lower().rstrip("s")
    if unit == "year":
        year = pub.ref.year - n
        return DateSpan(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), precision="year")
    if unit == "month":
        month = (pub.ref.month - 1 - n) % 12 + 1
        year = pub.ref.year + (pub.ref.month - 1 - n) // 12
        last = calendar.monthrange(year, month)[1]
        return DateSpan(
            start=dt.date(year, month, 1), end=dt.date(year, month, last), precision="month"
        )
    days = n * (7 if unit == "week" else 1)
    day = pub.ref - dt.timedelta(days=days)
    precision: Precision = "week" if unit == "week" else _coarser("day", pub.precision)
    if precision == "week":
        return DateSpan(
            start=day - dt.timedelta(days=3), end=day + dt.timedelta(days=3), precision="week"
        )
    return DateSpan(start=day, end=day, precision=precision)


THIS = re.compile(
    r"\b(?:(?P<early>earlier|later)\s+)?this\s+(?P<unit>week|month|year)\b"
    r"|\blast\s+(?P<last>month|year)\b",
    re.IGNORECASE,
)


def _this(text: str, pub: Publication | None) -> DateSpan | None:
    """'this week', 'earlier this month', 'last month', 'last year' around publication."""
    m = THIS.search(text)
    if not m or pub is None:
        return None
    ref = pub.ref
    if m["last"]:
        if m["last"].lower() == "year":
            y = ref.year - 1
            return DateSpan(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), precision="year")
        first = ref.replace(day=1) - dt.timedelta(days=1)
        return DateSpan(start=first.replace(day=1), end=first, precision="month")
    unit = m["unit"].lower()
    if unit == "week":
        return DateSpan(start=ref - dt.timedelta(days=UNDATED_DAYS), end=ref, precision="week")
    if unit == "month":
        last = calendar.monthrange(ref.year, ref.month)[1]
        return DateSpan(start=ref.replace(day=1), end=ref.replace(day=last), precision="month")
    return DateSpan(start=dt.date(ref.year, 1, 1), end=dt.date(ref.year, 12, 31), precision="year")


def resolve(text: str, pub: Publication | None) -> DateSpan | None:
    """The first time expression of ``text`` as a span, or None when it states no time."""
    for rule in (
        _ago,
        _this,
        _range,
        _since,
        _full_date,
        _month_year,
        _month_only,
        _year,
        _weekday,
        _day_word,
        _past_days,
        _past_period,
        _weekend,
        _last_week,
        _vague,
    ):
        span = rule(text, pub)
        if span is not None:
            return _until_publication(span, pub)
    return None


def _until_publication(span: DateSpan, pub: Publication | None) -> DateSpan:
    """A reported period ends by the report (*earlier this month*, *this week*)."""
    if pub is None or span.start is None or span.end is None or span.start > pub.hi:
        return span
    return span.model_copy(update={"end": min(span.end, pub.hi)})


def default_span(text: str, pub: Publication | None) -> DateSpan:
    """No time stated: ongoing events end at publication; others get the report's window
    (``undated``: on or before publication, within a week), like the events the parse reads."""
    if pub is None:
        return DateSpan()
    if ONGOING.search(text):
        return DateSpan(end=pub.ref, precision=pub.precision)
    return undated(pub)


def _range(text: str, pub: Publication | None) -> DateSpan | None:
    m = RANGE.search(text)
    if not m:
        return None
    year = int(m["year"]) if m["year"] else None
    start = _date(year, month_number(m["mon"]), int(m["day"]), pub)
    if start is None:
        return None
    try:
        end = start.replace(day=int(m["day2"]))
    except ValueError:
        return None
    return DateSpan(start=start, end=end, precision="day") if end >= start else None


def _since(text: str, pub: Publication | None) -> DateSpan | None:
    """'since the 13th of March 2018' (no end given): from that day to publication."""
    m = next((hit for rx in SINCE if (hit := rx.search(text))), None)
    if not m or pub is None:
        return None
    year = int(m["year"]) if m["year"] else None
    start = _date(year, month_number(m["mon"]), int(m["day"]), pub)
    if start is None or start > pub.ref:
        return None
    return DateSpan(start=start, end=pub.ref, precision=_coarser("day", pub.precision))


def _full_date(text: str, pub: Publication | None) -> DateSpan | None:
    hits = [m for rx in FULL_DATES if (m := rx.search(text))]
    if not hits:
        return None
    m = min(hits, key=lambda h: h.start())
    year = int(m["year"]) if m["year"] else None
    day = _date(year, month_number(m["mon"]), int(m["day"]), pub)
    return DateSpan(start=day, end=day, precision="day") if day else None


def _month_year(text: str, pub: Publication | None) -> DateSpan | None:
    m = MONTH_YEAR.search(text)
    if not m:
        return None
    year, month = int(m["year"]), month_number(m["mon"])
    last = calendar.monthrange(year, month)[1]
    return DateSpan(
        start=dt.date(year, month, 1), end=dt.date(year, month, last), precision="month"
    )


def _month_only(text: str, pub: Publication | None) -> DateSpan | None:
    """The latest such month that began on or before publication (``resolve`` ends it by the
    publication date)."""
    m = MONTH_ONLY.search(text)
    if not m or pub is None:
        return None
    month = month_number(m["mon"].rstrip("."))
    year = pub.ref.year if month <= pub.ref.month else pub.ref.year - 1
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    return DateSpan(start=dt.date(year, month, 1), end=end, precision="month")


def _year(text: str, pub: Publication | None) -> DateSpan | None:
    m = YEAR.search(text)
    if not m:
        return None
    year = int(m["year"])
    first, last = YEAR_PARTS.get((m["part"] or "").lower(), (1, 12))
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    return DateSpan(start=dt.date(year, first, 1), end=end, precision="year")


def after_previous(text: str, previous: DateSpan | None) -> DateSpan | None:
    """*On the same day*, *the next day*: a day counted from the event told before (a day
    only; a vaguer date gives nothing to count from)."""
    if previous is None or previous.precision != "day" or previous.start is None:
        return None
    if SAME_DAY.search(text):
        return previous
    if NEXT_DAY.search(text):
        day = previous.start + dt.timedelta(days=1)
        return DateSpan(start=day, end=day, precision="day")
    return None


def _weekday(text: str, pub: Publication | None) -> DateSpan | None:
    m = WEEKDAY.search(text)
    if not m or pub is None:
        return None
    wd = WEEKDAYS[m["wd"].lower()]
    if pub.precision == "day":
        day = _weekday_on_or_before(pub.ref, wd)
        return DateSpan(start=day, end=day, precision="day")
    lo = _weekday_on_or_before(pub.lo, wd)
    hi = _weekday_on_or_before(min(pub.hi, pub.ref), wd)
    return DateSpan(start=lo, end=hi, precision=pub.precision)


def _day_word(text: str, pub: Publication | None) -> DateSpan | None:
    """'yesterday', 'today', 'overnight': one day before or at publication."""
    m = DAY_WORDS.search(text)
    if not m or pub is None:
        return None
    word = m["word"].lower()
    day = pub.ref - dt.timedelta(days=1 if word == "yesterday" else 0)
    if pub.precision != "day":
        return DateSpan(end=pub.ref, precision=pub.precision)
    if word == "overnight":  # the night before the report: either of its two days
        return DateSpan(start=day - dt.timedelta(days=1), end=day, precision="day")
    return DateSpan(start=day, end=day, precision="day")


def _past_days(text: str, pub: Publication | None) -> DateSpan | None:
    m = PAST_DAYS.search(text)
    if not m or pub is None:
        return None
    if ORDER.index(pub.precision) > ORDER.index("week"):
        return DateSpan(end=pub.ref, precision=pub.precision)  # days before an unknown day
    n = int(m["n"]) if m["n"].isdigit() else SMALL_NUMBERS[m["n"].lower()]
    if m["unit"].lower() == "hours":
        n = max(1, n // 24)  # 'in the past 24 hours': since the day before
    start = pub.ref - dt.timedelta(days=n)
    return DateSpan(start=start, end=pub.ref, precision=_coarser("day", pub.precision))


def _past_period(text: str, pub: Publication | None) -> DateSpan | None:
    m = PAST_PERIOD.search(text)
    if not m or pub is None:
        return None
    if m["unit"].lower() == "week":
        if ORDER.index(pub.precision) > ORDER.index("week"):
            return DateSpan(end=pub.ref, precision=pub.precision)
        start = pub.ref - dt.timedelta(days=7)
        return DateSpan(start=start, end=pub.ref, precision=_coarser("week", pub.precision))
    if ORDER.index(pub.precision) > ORDER.index("month"):
        return DateSpan(end=pub.ref, precision=pub.precision)
    start = pub.ref - dt.timedelta(days=30)
    return DateSpan(start=start, end=pub.ref, precision=_coarser("month", pub.precision))


def _weekend(text: str, pub: Publication | None) -> DateSpan | None:
    if not WEEKEND.search(text) or pub is None or pub.precision != "day":
        return None
    sunday = pub.ref - dt.timedelta(days=(pub.ref.weekday() + 1) % 7)  # on or before
    return DateSpan(start=sunday - dt.timedelta(days=1), end=sunday, precision="week")


def _last_week(text: str, pub: Publication | None) -> DateSpan | None:
    if not LAST_WEEK.search(text) or pub is None:
        return None
    if ORDER.index(pub.precision) > ORDER.index("week"):
        return DateSpan(end=pub.ref, precision=pub.precision)
    monday = pub.ref - dt.timedelta(days=pub.ref.weekday() + 7)
    return DateSpan(
        start=monday,
        end=monday + dt.timedelta(days=6),
        precision=_coarser("week", pub.precision),
    )


def _vague(text: str, pub: Publication | None) -> DateSpan | None:
    m = VAGUE.search(text)
    if not m or pub is None:
        return None
    unit = (m["unit"] or m["unit2"] or m["unit3"] or "weeks").lower().rstrip("s")
    precision: Precision = {"day": "day", "week": "week", "month": "month"}.get(unit, "week")  # type: ignore[assignment]
    return DateSpan(end=pub.ref, precision=_coarser(precision, pub.precision))


TIME_WORDS = frozenset(
    {*MONTHS, *WEEKDAYS, "yesterday", "today", "tonight", "week", "weeks", "day", "days",
     "month", "months", "year", "years", "ago", "earlier", "morning", "night", "evening",
     "afternoon", "dawn", "noon", "midnight", "aug.", "sept.", "oct.", "nov.", "dec.", "jan.",
     "feb.", "thursday's"}
)  # fmt: skip
UNDATED_DAYS = 6


def undated(pub: Publication | None) -> DateSpan:
    """An event stated with no time: on or before publication, within a week of it (at the
    publication's own precision when that is coarser). Never an invented day."""
    if pub is None:
        return DateSpan()
    if pub.precision in ("day", "week"):
        return DateSpan(
            start=pub.ref - dt.timedelta(days=UNDATED_DAYS), end=pub.ref, precision="week"
        )
    return DateSpan(start=pub.lo, end=pub.hi, precision=pub.precision)


def on_or_before(said: DateSpan) -> DateSpan:
    """An event reported in a statement dated ``said`` ('the Observatory said on August 5
    that IS beheaded ...'): within the week up to the statement, at week precision."""
    day = said.end or said.start
    if day is None or said.precision not in ("day", "week"):
        return said
    return DateSpan(start=day - dt.timedelta(days=UNDATED_DAYS), end=day, precision="week")
