"""Page chrome stripping that never moves the text: it returns spans of the original body.

Claims must point into the stored document, so instead of producing a cleaned copy this module
says which paragraphs are content. Chrome is recognised by general web-page patterns (cookie
and privacy banners, "Related Articles", "Back To Top", "skip to content", bylines, comment
counters) and by lines written mostly in a non-Latin script (footers of translated sites).
"""

from __future__ import annotations

import datetime as dt
import re

Span = tuple[int, int]

_CHROME = re.compile(
    r"^\s*(?:"
    r"skip to (?:main )?content|back to top|related (?:articles|posts|news)|read more"
    r"|privacy (?:&|and) cookies? policy|cookie(?:s)? (?:policy|settings)|accept (?:all )?cookies"
    r"|share (?:this|on)\b.*|follow us\b.*|subscribe\b.*|advertisement|tags?:.*"
    r"|by [\w.-]+|\d+ (?:comments?|تعليق)|leave a (?:comment|reply)|all rights reserved.*"
    r"|©.*|copyright\b.*"
    r")\s*$",
    re.IGNORECASE,
)
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_PARA = re.compile(r"[^\n]+")


def is_chrome(line: str) -> bool:
    """True for navigation, banners, bylines and lines mostly in a non-Latin script."""
    if _CHROME.match(line):
        return True
    letters = len(_LETTER.findall(line))
    return letters > 0 and len(_LATIN.findall(line)) < letters / 2


def content_spans(text: str) -> list[Span]:
    """Spans of the content lines of ``text`` (each line trimmed of surrounding blanks)."""
    spans: list[Span] = []
    for m in _PARA.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped or is_chrome(stripped):
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        spans.append((start, start + len(stripped)))
    return spans


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]{2,}(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,3})"
    r"(?:,\s*(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2}))?"
    r"\s*(?:\([^)]{1,40}\))?(?:\s*(?:--|[–—])\s*|\s+-\s+|(?<=\))-\s*|\s*:\s+)"
)
_AGENCY_DATELINE = re.compile(
    r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2},\s*[A-Z]{2,6}\s*(?:--|[–—-])\s*(?=[A-Z])"
)
"""'Deir Ezzor, SANA - Army units ...', 'Qamishli, ANHA- ': a place in ordinary case, a comma
and an agency's acronym before the dash (the house style of state and Kurdish agencies)."""
MIN_PLACE_LETTERS = 5
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def dateline_length(line: str) -> int:
    """Length of a dateline opening ``line`` ('BEIRUT, LEBANON (9:35 P.M.) – ', 'AMMAN: ',
    'DAMASCUS, April 28 (Xinhua) -- ', 'TEHRAN (FNA)- '), 0 when there is none. The place
    must be written in capitals: an ordinary sentence never starts like that."""
    agency = _AGENCY_DATELINE.match(line)
    if agency is not None:
        return agency.end()
    m = _DATELINE.match(line)
    if m is None or not m["place"].split(",")[0].replace(" ", "").isupper():
        return 0
    if len(m["place"].split(",")[0].split()[0]) < MIN_PLACE_LETTERS:
        return 0  # 'ISIS - the group ...' is no dateline
    return m.end()


def dateline(text: str, ref: dt.date | None) -> dt.date | None:
    """The date of a dateline in the first content lines ('DAMASCUS, April 28 (Xinhua)'),
    in the year of the reference date (the year before when that would be later)."""
    if ref is None:
        return None
    for start, end in content_spans(text)[:3]:
        m = _DATELINE.match(text[start:end])
        if m is None or not dateline_length(text[start:end]) or not m["mon"]:
            continue
        month = _MONTHS.get(m["mon"][:3].lower())
        if month is None:
            continue
        try:
            day = dt.date(ref.year, month, int(m["day"]))
        except ValueError:
            return None
        return day if day <= ref else day.replace(year=ref.year - 1)
    return None
