"""The Browser guide, the style sheet, their routes (with CORS for Browser's origin) and the
generated cookbook: pure checks and in-process API calls, no Neo4j needed."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.browser.cookbook import cookbook_md, curie
from kg.browser.guide import guide_html, style_text
from kg.browser.queries import QUERIES
from kg.cli.docgen import DOCS
from kg.config import Settings
from loaders.graph.mapping import MAPPING

BASE = "http://api.example:8000/"
BROWSER_ORIGIN = "http://127.0.0.1:7474"


class _Slides(HTMLParser):
    """Collects slides and the text of each runnable <pre>, the way Browser finds them."""

    def __init__(self) -> None:
        super().__init__()
        self.slides = 0
        self.runnable: list[str] = []
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "slide":
            self.slides += 1
        if tag == "pre" and "runnable" in classes:
            self._in_pre = True
            self.runnable.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre = False

    def handle_data(self, data: str) -> None:
        if self._in_pre:
            self.runnable[-1] += data


def _parse(html: str) -> _Slides:
    parser = _Slides()
    parser.feed(html)
    return parser


def test_guide_has_a_slide_per_query_and_runs_exactly_the_tested_text() -> None:
    html = guide_html(BASE)
    assert html.startswith('<article class="guide">') and "<carousel" in html
    parsed = _parse(html)
    assert parsed.slides == len(QUERIES) + 2
    blocks = [unescape(b) for b in parsed.runnable]
    assert blocks[0] == f":style {BASE}browser-style.grass"
    expected = [text for q in QUERIES for text in (q.params_command(), q.cypher) if text]
    assert blocks[1:] == expected


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """GraSS as Browser reads it: selector { key: value; ... } with quoted values."""
    rules: dict[str, dict[str, str]] = {}
    for selector, body in re.findall(r"([\w.]+)\s*\{([^{}]*(?:'[^']*'[^{}]*)*)\}", text):
        props = {}
        for decl in body.split(";"):
            if decl.strip():
                key, value = decl.split(":")  # Browser drops declarations with a second ':'
                props[key.strip()] = value.strip().strip("'")
        rules[selector] = props
    return rules


def test_style_gives_every_label_its_own_colour_and_a_caption_from_its_properties() -> None:
    rules = parse_grass(style_text())
    colours = []
    for label, node_type in MAPPING.nodes.items():
        rule = rules[f"node.{label}"]
        colours.append(rule["color"])
        placeholders = re.findall(r"\{(\w+)\}", rule["caption"])
        assert placeholders, label
        assert set(placeholders) <= {p.key for p in node_type.props}, label
    assert len(set(colours)) == len(colours)
    assert "node" in rules and "relationship" in rules


def test_readable_captions_for_the_main_labels() -> None:
    rules = parse_grass(style_text())
    expected = {
        "Actor": "{name}",
        "Place": "{name}",
        "Source": "{name}",
        "Event": "{label}",
        "Claim": "{quote}",
    }
    assert {label: rules[f"node.{label}"]["caption"] for label in expected} == expected


@pytest.fixture
def client() -> TestClient:
    settings = Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="unused")
    return TestClient(create_app(settings), base_url="http://127.0.0.1:8000")


def test_guide_route_serves_html_to_any_origin(client: TestClient) -> None:
    r = client.get("/browser-guide", headers={"Origin": BROWSER_ORIGIN})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["access-control-allow-origin"] == "*"
    assert ":style http://127.0.0.1:8000/browser-style.grass" in r.text


def test_style_route_serves_the_sheet_to_any_origin(client: TestClient) -> None:
    r = client.get("/browser-style.grass", headers={"Origin": BROWSER_ORIGIN})
    assert r.status_code == 200
    assert r.text == style_text()
    assert r.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", ["/browser-guide", "/browser-style.grass"])
def test_preflight_allows_the_headers_browser_sends(client: TestClient, path: str) -> None:
    r = client.options(
        path,
        headers={
            "Origin": BROWSER_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "pragma,cache-control",
        },
    )
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "GET" in r.headers["access-control-allow-methods"]
    assert "pragma" in r.headers["access-control-allow-headers"]


def test_other_routes_do_not_get_the_open_cors_headers(client: TestClient) -> None:
    r = client.options(
        "/graphql",
        headers={"Origin": BROWSER_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert r.headers.get("access-control-allow-origin") != "*"


def test_cookbook_doc_is_current() -> None:
    assert (DOCS / "cypher.md").read_text(encoding="utf-8") == cookbook_md(), (
        "docs/cypher.md is stale: run `python -m kg.browser.cookbook > docs/cypher.md`"
    )


def test_cookbook_lists_every_query_label_and_relationship_type() -> None:
    text = cookbook_md()
    for q in QUERIES:
        assert f"### {q.title}" in text and q.cypher in text
    for label in MAPPING.nodes:
        assert f"| `{label}`" in text
    for rel in MAPPING.rels.values():
        assert f"| `{rel.type}` | `{curie(rel.predicate)}`" in text
        for label, predicate in rel.stated:
            assert f"from `{label}`: `{curie(predicate)}`" in text


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("https://schema.org/url", "schema:url"),
        ("https://w3id.org/conflict-kg/def#Actor", "kg:Actor"),
        ("https://w3id.org/conflict-kg/def/event-type/attack", "et:attack"),
        ("urn:x:y", "<urn:x:y>"),
    ],
)
def test_curie_uses_the_longest_matching_prefix(iri: str, expected: str) -> None:
    assert curie(iri) == expected


def test_browser_loads_the_style_then_plays_the_guide_on_connect() -> None:
    """``browser.post_connect_cmd``: Browser splits it on ``;`` and runs each as a command."""
    from kg.cli.neo4j_cmd import _guide_command

    cfg = Settings(KG_API_HOST="127.0.0.1", KG_API_PORT=8123)
    commands = [c.strip() for c in _guide_command(cfg).split(";")]
    assert commands == [
        "style http://127.0.0.1:8123/browser-style.grass",
        "play http://127.0.0.1:8123/browser-guide",
    ]
