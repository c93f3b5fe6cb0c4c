"""Reading a dataset file: its hash, its records, its header (with a hint when the file uses
another delimiter than the format's), and the reject file beside it."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from loaders.datasets.common import DatasetFormat, normalise_header

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def rejects_path(path: Path) -> Path:
    """``acled.csv`` -> ``acled.rejects.csv``, beside the input."""
    return path.with_name(f"{path.stem}.rejects.csv")


def open_reader(fh: Any, fmt: DatasetFormat) -> Any:
    """A ``csv.reader`` in the format's dialect (tab-separated files are not quoted)."""
    if fmt.quoted:
        return csv.reader(fh, delimiter=fmt.delimiter)
    return csv.reader(fh, delimiter=fmt.delimiter, quoting=csv.QUOTE_NONE)


class RejectWriter:
    """Appends rejected rows to FILE.rejects.csv; the file exists only when a row was rejected.

    The columns are ``line, reason`` and then the input's own columns, so a fixed reject file
    loads again as it is (the loaders ignore unknown columns).
    """

    def __init__(self, path: Path, header: list[str], keep_bytes: int) -> None:
        self.path, self.header = path, header
        if keep_bytes == 0:
            path.unlink(missing_ok=True)
        elif path.exists():
            with path.open("r+b") as fh:
                fh.truncate(keep_bytes)

    def append(self, rows: list[tuple[int, str, list[str]]]) -> None:
        if not rows:
            return
        fresh = not self.path.exists()
        with self.path.open("a", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            if fresh:
                writer.writerow(["line", "reason", *self.header])
            for line, reason, cells in rows:
                writer.writerow([line, reason, *cells])

    @property
    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0


def records(reader: Any, where: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for each record left in a ``csv.reader``.

    Broken CSV (an unterminated quote, a NUL byte) stops the load: the records after it cannot
    be delimited. The checkpoint keeps what was committed before it.
    """
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as e:
            raise InputError(where, f"unreadable CSV after line {last}: {e}") from e
        yield last + 1, cells
        last = reader.line_num


def delimiter_hint(cells: list[str], fmt: DatasetFormat) -> str:
    """`` (looks like semicolon-separated; ...)`` when the record, joined back, splits into the
    format's columns on another delimiter; empty otherwise."""
    line = fmt.delimiter.join(cells)
    for delimiter, name in DELIMITERS.items():
        if delimiter == fmt.delimiter or delimiter not in line:
            continue
        parts = normalise_header(next(csv.reader([line], delimiter=delimiter)))
        fits = len(parts) == len(fmt.columns) if fmt.columns else _has_required(parts, fmt)
        if fits:
            own = DELIMITERS.get(fmt.delimiter, repr(fmt.delimiter))
            return f" (looks like {name}-separated; {fmt.title} files are {own}-separated)"
    return ""


def _has_required(header: list[str], fmt: DatasetFormat) -> bool:
    present = set(header)
    return all(not present.isdisjoint(alts) for alts in fmt.required_columns)


def read_header(path: Path, fmt: DatasetFormat, reader: Any) -> list[str]:
    """The column names: the format's own when its files have no header, else the first row's,
    checked against the columns the format requires."""
    if fmt.columns:
        return list(fmt.columns)
    try:
        raw = next(reader)
    except StopIteration:
        raise InputError(str(path), "empty file (no header)") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise InputError(str(path), f"unreadable header: {e}") from e
    header = normalise_header(raw)
    present = set(header)
    missing = [" or ".join(alts) for alts in fmt.required_columns if present.isdisjoint(alts)]
    if missing:
        raise InputError(
            str(path),
            f"{fmt.title} export expected, but column(s) {', '.join(missing)} are missing"
            + delimiter_hint(raw, fmt),
        )
    return header


def check_width(path: Path, fmt: DatasetFormat, line: int, cells: list[str], width: int) -> None:
    """The first record of a headerless file: a wrong width there means a wrong file or a wrong
    delimiter, not a malformed row, so the load stops with a hint instead of rejecting every
    row."""
    if len(cells) == width:
        return
    raise InputError(
        str(path),
        f"{fmt.title} file expected: line {line} has {len(cells)} fields, not {width}"
        + delimiter_hint(cells, fmt),
    )
