"""Page chrome stripping that never moves the text: it returns spans of the original body.

Claims must point into the stored document, so instead of producing a cleaned copy this module
says which paragraphs are content. Chrome is recognised by general web-page patterns (cookie
and privacy banners, "Related Articles", "Back To Top", "skip to content", bylines, comment
counters) and by lines written mostly in a non-Latin script (footers of translated sites).
"""

from __future__ import annotations

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
