"""The dataset-independent row model, the format seam, and the parsers the formats share.

Each dataset format is one module (``acled``, ``ucdp``, ``gdelt``) that declares a
``DatasetFormat``: its name, id prefix, dialect, header or column list, required columns, and
its row parser. Rows are parsed into ``DatasetRow`` values: every field checked, names kept as
the dataset spells them (resolution to our ids happens later, against the reference data), and
roles as the dataset states them: a dataset that does not say who attacked whom lists its
actors as participants. A row that cannot be parsed raises ``RowReject`` with a reason meant for
the reject file; a row that is inconsistent but usable keeps its values and carries a warning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "week", "month", "year", "unknown"]
Qualifier = Literal["exact", "at_least", "about", "approximate_range", "unspecified"]

_PAREN_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")
_VERSION_PARTS = re.compile(r"\d+")
_DATE_FORMATS = (
    "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y", "%Y%m%d",
)  # fmt: skip


class RowReject(ValueError):
    """A row that cannot be loaded; the message is the reason written to the reject file."""


class RowSkip(ValueError):
    """A well-formed row the graph does not hold (a GDELT record without a place); the
    message is the reason counted in the load summary."""


@dataclass(frozen=True, slots=True)
class ActorName:
    """An actor as the dataset names it, with the dataset's code for its kind (ACLED's inter
    code, CAMEO's role code: the type of a new actor, through the alias table) and the
    dataset's own codes for it (a UCDP actor id, a CAMEO actor code), tried before the name."""

    name: str
    type_code: str = ""
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Location:
    """Where the row places the event, with the dataset's precision code and its radius."""

    name: str
    lat: float
    lon: float
    precision_code: str
    precision_km: float
    admin1: str = ""
    admin2: str = ""
    place_type: str = "Settlement"
    """What the row's point stands for: a town or smaller (Settlement), or only a region."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A casualty figure of the row; ``group`` names the side it counts, ``actors`` are the
    actors of that side (several when a UCDP side names several groups)."""

    count: int
    qualifier: Qualifier
    max_count: int | None = None
    group: str | None = None
    label: str = ""
    actors: tuple[ActorName, ...] = ()


RowParser = Callable[[Mapping[str, str | None], int, str | None], "DatasetRow"]
"""A format's row parser: (cells by lower-cased column name, line, release) -> a row."""


@dataclass(frozen=True)
class DatasetFormat:
    """What the loader and the CLI need to know of one dataset format (the format seam).

    ``kg load NAME FILE`` exists for every registered format (``loaders.datasets.registry``);
    nothing outside the format's own module branches on its name.
    """

    name: str
    """The CLI command, the dataset's source id and the key of its tables in the seeds."""
    title: str
    """How the dataset names itself in locators: ``ACLED SYR1234``."""
    id_prefix: str
    """Claim ids are ``{id_prefix}-{record id}``."""
    category_column: str
    """The column whose values ``seeds/dataset_event_types.yaml`` maps to event types."""
    required_columns: tuple[tuple[str, ...], ...]
    """Each entry lists the alternative names of one column the export must have."""
    parse_row: RowParser
    summary: str
    """One line for ``--help``."""
    delimiter: str = ","
    columns: tuple[str, ...] = ()
    """The column names of a format whose files have no header row (empty: read the header)."""
    quoted: bool = True
    """Whether fields may be quoted (CSV); tab-separated exports are read verbatim."""
    record_id: Callable[[Mapping[str, str | None]], str] | None = None
    """The row id alone, without parsing the rest (for ``--prune``); None: ``parse_row``'s."""


@dataclass(frozen=True, slots=True)
class DatasetRow:
    """One parsed dataset row, before its names are resolved to the graph's ids."""

    format: DatasetFormat
    record_id: str
    line: int
    quote: str
    category: str
    attackers: tuple[ActorName, ...]
    """Actors the dataset itself says attacked (by its definition of the row, e.g. GDELT's
    Actor1, UCDP's side A of one-sided violence)."""
    targets: tuple[ActorName, ...]
    participants: tuple[ActorName, ...]
    """Actors whose role the dataset does not state (ACLED's actor1/actor2, UCDP's sides)."""
    sources: tuple[str, ...]
    location: Location
    start: dt.date
    end: dt.date
    date_precision: Precision
    date_code: str
    rule: str
    """The precision codes as the dataset gave them, kept on the claim."""
    figures: tuple[Figure, ...]
    sha256: str
    release: str | None = None
    note: str = ""
    """The row's own words about the event (ACLED notes, a UCDP headline), read for who did
    what; empty when it has none."""
    version: str | None = None
    """The row's version (ACLED timestamp, UCDP release, GDELT DATEADDED): newer wins."""
    categories: tuple[str, ...] = ()
    """Category keys to look up in the event type table, most specific first (empty: the
    category alone)."""
    warnings: tuple[str, ...] = ()
    """Inconsistencies kept as given (UCDP low > best), reported, not rejected."""
    open_means: bool = False
    """The dataset says who fought whom, not by what means (UCDP GED): the row may be the
    same event as a report of any violent event type family."""

    @property
    def type_keys(self) -> tuple[str, ...]:
        return self.categories or (self.category,)

    @property
    def dataset(self) -> str:
        return self.format.name

    @property
    def locator(self) -> str:
        """Where to find the row in the dataset: ``ACLED SYR1234`` or ``UCDP GED 1234``."""
        suffix = f" (release {self.release})" if self.release else ""
        return f"{self.format.title} {self.record_id}{suffix}"


def normalise_header(header: Sequence[str]) -> list[str]:
    """Lower-case, trimmed column names, so that ``ACTOR1`` and ``actor1 `` both read."""
    return [h.strip().lstrip("\ufeff").lower() for h in header]


def cell(row: Mapping[str, str | None], *names: str) -> str:
    """The first non-empty cell among ``names`` (older exports renamed columns), trimmed."""
    for name in names:
        value = row.get(name)
        if value:
            value = value.strip()
            if value:
                return value
    return ""


def required(row: Mapping[str, str | None], label: str, *names: str) -> str:
    value = cell(row, *names)
    if not value:
        raise RowReject(f"missing {label}")
    return value


def parse_date(value: str, column: str) -> dt.date:
    """ISO dates (a time part is ignored), ACLED's ``12 February 2019``, GDELT's ``20190212``."""
    text = value.strip()
    if not text:
        raise RowReject(f"missing {column}")
    if len(text) > 10 and text[4:5] == "-" and text[10:11] in (" ", "T"):
        text = text[:10]
    day = _date_of(text)
    if day is None:
        raise RowReject(f"bad {column} {value!r}: expected YYYY-MM-DD or '12 February 2019'")
    return day


@lru_cache(maxsize=8192)
def _date_of(text: str) -> dt.date | None:
    # Cached: a file of a million rows has a few thousand distinct dates, and strptime is slow.
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_coordinate(value: str, column: str, limit: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise RowReject(f"non-numeric {column} {value!r}") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise RowReject(f"{column} {value!r} out of range (±{limit:g})")
    return number


def parse_count(value: str, column: str) -> int:
    """A non-negative integer; an empty cell counts as 0 (the datasets leave zeros blank)."""
    if not value.strip():
        return 0
    try:
        number = float(value)
    except ValueError:
        raise RowReject(f"non-numeric {column} {value!r}") from None
    if number < 0 or number != int(number):
        raise RowReject(f"{column} {value!r} is not a non-negative whole number")
    return int(number)


def split_names(value: str, sep: str = ";") -> tuple[str, ...]:
    """Split a list cell (``SOHR; Euphrates Post``), trimmed, empty parts and repeats dropped."""
    seen: dict[str, str] = {}
    for part in value.split(sep):
        name = part.strip()
        if name:
            seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def strip_qualifier(name: str) -> str:
    """``Military Forces of Syria (2000-)`` -> ``Military Forces of Syria``."""
    return _PAREN_SUFFIX.sub("", name).strip()


def version_key(version: str | None) -> tuple[int, ...] | None:
    """A version label as comparable numbers: ``23.1`` < ``24.0.1``; ``1618500000`` (a
    timestamp) as one number. None when the label has no digits."""
    if not version:
        return None
    parts = tuple(int(p) for p in _VERSION_PARTS.findall(version))
    return parts or None


def row_digest(values: Sequence[str]) -> str:
    """Content hash of a row's cells, stored on its Document to tell a changed row."""
    return hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()


def widen(day: dt.date, precision: Precision) -> tuple[dt.date, dt.date]:
    """The interval a date of this precision stands for (a week around it, its month, ...)."""
    if precision == "week":
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3)
    if precision == "month":
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return day, day
