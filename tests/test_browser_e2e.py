"""End to end in a real browser: Neo4j Browser with the project's guide and style, and GraphiQL.

Headless Chromium from Debian (``make chromium``), driven by Playwright with
``executable_path`` (no browser download). The API runs in a thread against the test Neo4j,
which holds the gold graph, so the who-attacked-whom answer is known and non-empty. GraphiQL's
page loads its scripts from unpkg.com; they are served from npm packages instead (fetched once
with ``npm pack`` into KG_CACHE), so the test needs no access to a CDN. Screenshots land in
docs/screenshots/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from kg.browser.guide import style_text
from kg.browser.queries import query
from kg.config import Settings
from kg.stats import graph_stats
from kg.store import GraphStore
from tests.api_server import api_in_thread
from tests.browser_gold_graph import events_near, load_gold_graph
from tests.test_browser_guide import parse_grass

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
TIMEOUT_MS = 30_000
CDN = re.compile(r"https://unpkg\.com/((?:@[^/@]+/)?[^/@]+)@([^/]+)/([^?#]+)")
HEADLINE_GRAPHQL = """{
  stats { documents actors events claims }
  events(first: 3) {
    totalCount
    nodes { label attackers { name } targets { name } claims { quote source { name } } }
  }
}"""


def _chromium() -> Path:
    """Debian's Chromium, installed on the spot when missing and possible (root, apt-get)."""
    if not CHROMIUM.exists() and shutil.which("apt-get"):
        subprocess.run(
            "apt-get update && apt-get install -y chromium",
            shell=True,
            check=False,
            capture_output=True,
            timeout=900,
        )
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent and could not be installed (run `make chromium`)")
    return CHROMIUM


@pytest.fixture(scope="module")
def api_url(neo4j_settings: Settings, store: GraphStore) -> Iterator[str]:
    """The API in a thread, on a free port, against the test Neo4j holding the gold graph."""
    if neo4j_settings.external:
        pytest.skip("Neo4j Browser is served by the launched Neo4j; this session uses NEO4J_URI")
    load_gold_graph(store, neo4j_settings)
    with api_in_thread(neo4j_settings) as url:
        yield url


@pytest.fixture(scope="module")
def page(api_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _run_in_editor(page: Any, command: str | None = None) -> None:
    """Put ``command`` in Browser's editor (or keep what a guide click put there) and run it."""
    if command is not None:
        page.locator('[data-testid="activeEditor"]').click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(command)
    page.locator('[data-testid="editor-Run"]').click()


def _play_guide(page: Any, api_url: str) -> Any:
    """``:play`` the guide; retried because Browser reads the server's allowlist just after
    connecting, and a guide played before that is refused."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(10):
        _run_in_editor(page, f":play {api_url}/browser-guide")
        frame = page.locator('[data-testid="frame"]').first
        try:
            frame.get_by_text("conflict-kg: the war as a graph").wait_for(timeout=3000)
            return frame
        except PlaywrightTimeout:
            time.sleep(1)
    raise AssertionError("Neo4j Browser did not show the guide served by the API")


def _run_from_guide(page: Any, guide: Any, text: str, backwards: bool = False) -> None:
    """Turn the guide's slides until a runnable block containing ``text`` shows, click it (which
    copies it into the editor) and run it."""
    block = guide.locator("pre.runnable").filter(has_text=text)
    button = "previousSlide" if backwards else "nextSlide"
    for _ in range(20):
        if block.is_visible():
            break
        guide.locator(f'[data-testid="{button}"]').click()
    block.click()
    _run_in_editor(page)


def _login(page: Any, settings: Settings) -> None:
    page.goto(f"http://127.0.0.1:{settings.http_port}/browser/")
    page.locator('[data-testid="boltaddress"]').fill(f"bolt://127.0.0.1:{settings.bolt_port}")
    page.locator('[data-testid="username"]').fill(settings.neo4j_user)
    page.locator('[data-testid="password"]').fill(settings.password)
    page.locator('[data-testid="connect"]').click()
    page.get_by_text("You are connected as user").wait_for()


def _expected_node_count(store: GraphStore) -> int:
    graph = query("who-attacked-whom-graph")
    rows = store.read(graph.cypher, graph.params)
    actors = {r["attacker"]["id"] for r in rows} | {r["target"]["id"] for r in rows}
    events = {r["latestEvent"]["id"] for r in rows}
    return len(actors) + len(events)


def test_neo4j_browser_guide_style_and_who_attacked_whom(
    page: Any, api_url: str, neo4j_settings: Settings, store: GraphStore
) -> None:
    _login(page, neo4j_settings)
    guide = _play_guide(page, api_url)

    guide.locator('[data-testid="nextSlide"]').click()
    guide.locator("pre.runnable").filter(has_text=":style").click()
    _run_in_editor(page)
    page.get_by_text("node.Actor").first.wait_for()

    guide = page.locator('[data-testid="frame"]', has=page.locator('[data-testid="carousel"]'))
    guide = guide.first
    _run_from_guide(page, guide, '"place": "abu-kamal"')
    _run_from_guide(page, guide, "point.distance")
    table = page.locator('[data-testid="frame"]').first
    for event_id in events_near("abu-kamal", 50):
        table.get_by_text(event_id).first.wait_for()

    _run_from_guide(page, guide, '"pairs": 25', backwards=True)
    _run_from_guide(page, guide, "LIMIT toInteger($pairs)")
    result = page.locator('[data-testid="frame"]', has=page.locator("svg.neod3viz")).first
    nodes = result.locator("svg.neod3viz g.node")
    nodes.first.wait_for()
    expected = _expected_node_count(store)
    deadline = time.monotonic() + 10
    while nodes.count() < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert nodes.count() == expected
    islamic_state = result.locator("svg.neod3viz g.node", has_text="Islamic State")
    assert islamic_state.count() == 1
    fill = islamic_state.locator("circle.b-outline").get_attribute("fill")
    assert fill == parse_grass(style_text())["node.Actor"]["color"], "style sheet not applied"

    result.locator('button[title="Fullscreen"]').click()
    result.locator('button[aria-label="Collapse the node properties display"]').click()
    time.sleep(3)  # let the force layout settle before fitting and taking the picture
    result.locator('button[aria-label="zoom-to-fit"]').click()
    time.sleep(1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "browser-who-attacked-whom.png"))


def _npm_package(name: str, version: str, cache: Path) -> Path:
    """The files of an npm package (as unpkg serves them), fetched once with ``npm pack``."""
    target = cache / f"{name.replace('/', '__')}@{version}"
    if target.exists():
        return target
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("GraphiQL loads its scripts from unpkg.com; npm is needed to fetch them")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [npm, "pack", "--silent", f"{name}@{version}"],
            cwd=tmp,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        with tarfile.open(Path(tmp) / out.stdout.strip().splitlines()[-1]) as tar:
            tar.extractall(Path(tmp) / "x", filter="data")
        cache.mkdir(parents=True, exist_ok=True)
        shutil.move(Path(tmp) / "x" / "package", target)
    return target


def _serve_cdn_from_npm(page: Any, cache: Path) -> None:
    def fulfil(route: Any) -> None:
        match = CDN.match(route.request.url)
        if match is None:
            route.abort()
            return
        name, version, path = match.groups()
        body = (_npm_package(name, version, cache) / path).read_bytes()
        kind = "text/css" if path.endswith(".css") else "application/javascript"
        route.fulfill(
            status=200, body=body, content_type=kind, headers={"Access-Control-Allow-Origin": "*"}
        )

    page.route("https://unpkg.com/**", fulfil)


def test_graphiql_runs_the_headline_query(
    page: Any, api_url: str, neo4j_settings: Settings, store: GraphStore
) -> None:
    _serve_cdn_from_npm(page, neo4j_settings.kg_cache / "npm")
    page.goto(f"{api_url}/graphql?q={quote(HEADLINE_GRAPHQL)}")
    with page.expect_response(
        lambda r: (
            r.url.startswith(f"{api_url}/graphql")
            and r.request.method == "POST"
            and "stats" in (r.request.post_data or "")
        )
    ) as answer:
        page.locator(".graphiql-execute-button").click()
    body = answer.value.json()
    page.locator(".graphiql-response").get_by_text('"totalCount"').wait_for()
    assert "errors" not in body, body
    counts = graph_stats(store)
    data = body["data"]
    assert data["stats"] == {
        "documents": counts["Document"],
        "actors": counts["Actor"],
        "events": counts["Event"],
        "claims": counts["Claim"],
    }
    assert data["events"]["totalCount"] == counts["Event"]
    assert len(data["events"]["nodes"]) == 3
    for event in data["events"]["nodes"]:
        assert event["claims"] and all(c["source"]["name"] for c in event["claims"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "graphiql.png"))
