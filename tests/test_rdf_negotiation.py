"""Content negotiation rules, as a table (pure, no server)."""

from __future__ import annotations

import pytest

from kg.rdf.negotiation import DUMP_FORMATS, RESOURCE_FORMATS, NotAcceptable, negotiate

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "requested", "offered", "expected"),
    [
        (None, None, DUMP_FORMATS, "turtle"),
        ("", None, DUMP_FORMATS, "turtle"),
        ("*/*", None, DUMP_FORMATS, "turtle"),
        ("application/n-triples", None, DUMP_FORMATS, "ntriples"),
        ("application/n-quads", None, DUMP_FORMATS, "nquads"),
        ("application/trig", None, DUMP_FORMATS, "trig"),
        ("application/ld+json", None, DUMP_FORMATS, "jsonld"),
        ("application/json", None, DUMP_FORMATS, "jsonld"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", None, DUMP_FORMATS, "jsonld"),
        ("text/*;q=0.3, application/n-triples;q=0.2", None, DUMP_FORMATS, "turtle"),
        ("application/n-triples;q=0, */*;q=0.1", None, DUMP_FORMATS, "turtle"),
        (BROWSER, None, RESOURCE_FORMATS, "html"),
        (BROWSER, None, DUMP_FORMATS, "turtle"),
        ("text/html", "ttl", RESOURCE_FORMATS, "turtle"),
        (None, "jsonld", RESOURCE_FORMATS, "jsonld"),
        (None, "N-Triples", DUMP_FORMATS, "ntriples"),
        (None, "application/trig", DUMP_FORMATS, "trig"),
    ],
)
def test_negotiate_picks(
    accept: str | None, requested: str | None, offered: tuple[str, ...], expected: str
) -> None:
    assert negotiate(accept, requested, offered).name == expected


@pytest.mark.parametrize(
    ("accept", "requested", "offered"),
    [
        ("image/png", None, DUMP_FORMATS),
        ("text/html", None, DUMP_FORMATS),
        ("application/n-triples;q=0", None, ("ntriples",)),
        (None, "rdfxml", DUMP_FORMATS),
        (None, "trig", RESOURCE_FORMATS),
    ],
)
def test_negotiate_refuses(
    accept: str | None, requested: str | None, offered: tuple[str, ...]
) -> None:
    with pytest.raises(NotAcceptable):
        negotiate(accept, requested, offered)


def test_media_types_carry_utf8() -> None:
    fmt = negotiate("text/turtle", None, DUMP_FORMATS)
    assert fmt.content_type == "text/turtle; charset=utf-8"
    assert fmt.extension == "ttl"
