"""The web app at /app in a real browser, on the gold graph and on a generated graph of 10k events.

Headless Chromium from Debian driven by Playwright (as in tests/test_browser_e2e.py), the API
in a thread with ``KG_PRODUCTION=true`` against the test Neo4j. The page may load nothing but
the API's own URLs: any other request is refused and fails the test. Screenshots of each view
land in docs/screenshots/ (app-*.png); the time from a filter change to the map, timeline, list
and matrix all redrawn is measured in the page and written to bench/results/app.md (reported in
docs/benchmarks.md, not asserted).
"""

from __future__ import annotations

import csv
import io
import json
import os
import statistics
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.gen_graph import generate
from kg.api.webapp import app_built
from kg.config import Settings
from kg.store import GraphStore
from tests.api_server import api_in_thread
from tests.browser_gold_graph import attack_pairs, load_gold_graph, name_of
from tests.test_browser_e2e import CHROMIUM_ARGS, SCREENSHOTS, TIMEOUT_MS, _chromium

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / ("results" if os.environ.get("KG_APP_BENCH") else "out") / "app.md"
"""The timings go to bench/results/app.md (then docs/benchmarks.md by bench/merge_results.py)
when KG_APP_BENCH is set, else to bench/out/, so that a test run leaves the docs as they are."""
GENERATED_EVENTS = 10_000
ROUNDS = 4
RESET = "reset (answers kept by the page for a minute)"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


PARTS = ("map", "timeline", "list", "matrix")


@dataclass
class Measures:
    """What the runs measured, written to bench/results/app.md at the end of the module: per
    interaction, the time until every view was redrawn and until each one was."""

    rows: list[tuple[str, str, list[dict[str, Any]]]] = field(default_factory=list)
    paints: list[tuple[str, float]] = field(default_factory=list)

    def add(self, graph: str, what: str, samples: list[dict[str, Any]]) -> None:
        self.rows.append((graph, what, samples))

    def table(self) -> list[str]:
        lines = [
            "| graph | interaction | runs | all views, median | slowest | "
            + " | ".join(PARTS)
            + " |",
            "| --- | --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in PARTS) + " |",
        ]
        for graph, what, samples in self.rows:
            total = [float(x["ms"]) for x in samples]
            parts = [statistics.median(float(x["parts"][p]) for x in samples) for p in PARTS]
            lines.append(
                f"| {graph} | {what} | {len(samples)} | {statistics.median(total):.0f} | "
                f"{max(total):.0f} | " + " | ".join(f"{v:.0f}" for v in parts) + " |"
            )
        return lines


@pytest.fixture(scope="module")
def measures() -> Iterator[Measures]:
    m = Measures()
    load = os.getloadavg()[0]
    yield m
    if not m.rows:
        return
    lines = [
        "# Web app: interaction timings",
        "",
        "Measured by `tests/test_app_e2e.py` in headless Chromium at 1280x800, the API in the",
        "test process with `KG_PRODUCTION=true`, Neo4j 5.26 on the same machine:",
        "",
        "```sh",
        "KG_APP_BENCH=1 .venv/bin/python -m pytest tests/test_app_e2e.py",
        "```",
        "",
        "An interaction is timed in the page, from the change of a filter to the map, the",
        "timeline, the event list and the who-attacked-whom matrix all redrawn (four GraphQL",
        "requests in parallel, then the next frame); the last four columns give the median time",
        "until each view was drawn, in ms. On the gold graph each interaction runs once, the",
        "first time its filter is used (Neo4j plans the query then); on the generated graph of",
        "10,000 events the first round warms the plans and is not counted; each round picks",
        "another actor, type and range, so only the reset finds its answers in the page's",
        "one-minute cache.",
        f"Load average (1 min) at the start of the run: {load:.1f} on 2 cores.",
        "",
        *m.table(),
        "",
        *(f"First contentful paint of `/app/`, {g}: {ms:.0f} ms." for g, ms in m.paints),
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def api_url(neo4j_settings: Settings, store: GraphStore) -> Iterator[str]:
    """The API in production mode, in a thread, on a free port."""
    if not app_built():
        pytest.fail("the web app is not built: run `make app`")
    with api_in_thread(neo4j_settings.model_copy(update={"production": True})) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class AppPage:
    """A browser tab on /app that refuses, and records, every request to another origin."""

    def __init__(self, browser: Any, api_url: str, viewport: dict[str, int]) -> None:
        self.api_url = api_url
        self.foreign: list[str] = []
        self.context = browser.new_context(viewport=viewport, accept_downloads=True)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(f"{self.api_url}/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()

    def generation(self) -> int:
        return int(self.page.evaluate("Number(document.body.dataset.generation || 0)"))

    def open(self, query: str = "") -> dict[str, Any]:
        """Load /app; the milliseconds from navigation to every view drawn (``ms``), and to
        each view drawn from the start of the first update (``parts``)."""
        self.page.goto(f"{self.api_url}/app/{query}")
        self.wait_updated(0)
        first = dict(self.page.evaluate("window.kgApp.timings[0]"))
        first["ms"] = float(self.page.evaluate("window.kgApp.readyAt"))
        first["paint"] = float(
            self.page.evaluate(
                "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"
            )
        )
        return first

    def wait_updated(self, before: int) -> None:
        self.page.wait_for_function(
            f"Number(document.body.dataset.generation || 0) > {before}"
            " && document.body.dataset.busy === 'false'"
        )

    def change(self, action: Any) -> dict[str, Any]:
        """Run ``action`` (a filter change) and wait until every view is redrawn; its times."""
        before = self.generation()
        action()
        self.wait_updated(before)
        assert "error" not in self.page.evaluate("Object.keys(document.body.dataset)"), (
            self.page.evaluate("document.body.dataset.error")
        )
        return dict(self.page.evaluate("window.kgApp.timings.at(-1)"))

    def params(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def total(self) -> int:
        return int(self.page.evaluate("window.kgApp.state.total"))

    def brush(self, left: float, right: float) -> None:
        """Drag across the timeline from ``left`` to ``right`` (fractions of its width)."""
        box = self.page.locator("#timeline .brush .overlay").bounding_box()
        y = box["y"] + box["height"] / 2
        self.page.mouse.move(box["x"] + box["width"] * left, y)
        self.page.mouse.down()
        self.page.mouse.move(box["x"] + box["width"] * (left + right) / 2, y, steps=4)
        self.page.mouse.move(box["x"] + box["width"] * right, y, steps=4)
        self.page.mouse.up()

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / name))


def graphql(api_url: str, query: str, variables: dict[str, Any]) -> Any:
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(
        f"{api_url}/graphql", body, {"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        data = json.loads(answer.read())
    assert "errors" not in data, data
    return data["data"]


def count(api_url: str, filter: dict[str, Any]) -> int:
    data = graphql(
        api_url,
        "query($f: EventFilter) { events(filter: $f, first: 0) { totalCount } }",
        {"f": filter},
    )
    return int(data["events"]["totalCount"])


@pytest.fixture
def app(browser: Any, api_url: str) -> Iterator[AppPage]:
    page = AppPage(browser, api_url, DESKTOP)
    try:
        yield page
    finally:
        page.close()
    assert page.foreign == [], f"the page asked for non-local URLs: {page.foreign}"
    assert page.errors == [], page.errors


@pytest.fixture(scope="module")
def gold(store: GraphStore, neo4j_settings: Settings) -> None:
    load_gold_graph(store, neo4j_settings)


def test_filters_brush_evidence_and_export_on_the_gold_graph(
    gold: None, app: AppPage, api_url: str, measures: Measures, tmp_path: Path
) -> None:
    page = app.page
    first = app.open()
    measures.add("gold", "first load (from navigation)", [first])
    measures.paints.append(("gold graph", first["paint"]))
    everything = count(api_url, {})
    assert app.total() == everything > 0
    page.locator(".leaflet-container").wait_for()
    assert page.locator("#event-list button.event-row").count() == min(50, everything)
    app.shot("app-map.png")

    # Filter by actor: the most frequent attacker of the gold annotations, in any role.
    (attacker, _), _n = attack_pairs().most_common(1)[0]
    measures.add("gold", "actor", [app.change(lambda: page.select_option("#f-actors", attacker))])
    assert app.params()["actors"] == [attacker]
    assert app.total() == count(api_url, {"actors": [attacker]}) < everything

    # And by date, typed into the form.
    def dates() -> None:
        page.fill("#f-from", "2017-01-01")
        page.fill("#f-to", "2018-12-31")
        page.get_by_role("button", name="Apply").click()

    measures.add("gold", "dates typed", [app.change(dates)])
    expected = {"actors": [attacker], "from": "2017-01-01", "to": "2018-12-31"}
    assert app.params()["from"] == ["2017-01-01"] and app.params()["to"] == ["2018-12-31"]
    assert app.total() == count(api_url, expected)
    for when in page.locator("#event-list .when").all_inner_texts():
        assert when <= "2018-12-31"

    # The permalink opens the same selection.
    other = AppPage(app.page.context.browser, api_url, DESKTOP)
    try:
        warm = other.open(urlsplit(page.url).query and f"?{urlsplit(page.url).query}")
        measures.add("gold", "the permalink in a new tab (plans warm)", [warm])
        assert other.total() == app.total()
        assert other.page.input_value("#f-from") == "2017-01-01"
        assert other.page.locator("#f-actors option:checked").get_attribute("value") == attacker
    finally:
        other.close()
    assert other.foreign == []

    # Brush the timeline: the dates of every view follow the brush.
    app.change(lambda: page.get_by_role("button", name="Reset").click())
    measures.add("gold", "timeline brush", [app.change(lambda: app.brush(0.35, 0.75))])
    frm, to = app.params()["from"][0], app.params()["to"][0]
    assert frm < to
    assert page.input_value("#f-from") == frm and page.input_value("#f-to") == to
    assert 0 < app.total() == count(api_url, {"from": frm, "to": to}) < everything
    app.shot("app-timeline-brushed.png")

    # Stacked by attacker instead of type: a legend of the attackers, kept in the URL.
    page.select_option("#stack", "ATTACKER")
    page.locator("#stack-legend").wait_for()
    page.locator("#stack-legend", has_text=name_of("actor", attacker)).wait_for()
    assert app.params()["stack"] == ["ATTACKER"]

    # Open an event: its claims by source, each quote marked in its document's text.
    page.locator("#event-list button.event-row").first.click()
    page.wait_for_function(
        "document.body.dataset.evidence && document.body.dataset.evidence !== 'loading'"
    )
    claim = page.locator("#evidence-body .claim").first
    claim.locator("mark.quote").wait_for()
    assert claim.locator("mark.quote").inner_text() == claim.locator("blockquote").inner_text()
    assert (
        claim.locator(".doc-text").inner_text().strip() != claim.locator("mark.quote").inner_text()
    )
    assert page.locator("#evidence-body h4 a[href^='/id/source/']").count() >= 1
    assert "event=" in page.url
    page.locator("#evidence").evaluate(
        "(e, c) => { e.scrollTop = c.offsetTop - e.offsetTop - 120 }", claim.element_handle()
    )
    app.shot("app-evidence.png")

    # Export the selection as CSV: one row per event on the map.
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    path = tmp_path / "events.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    features = page.evaluate("window.kgApp.state.geojson.features.length")
    assert len(rows) == features > 0
    assert all(r["startDate"] <= to for r in rows if r["startDate"])
    with page.expect_download() as download:
        page.get_by_role("button", name="Export GeoJSON").click()
    geo = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == features

    # Who attacked whom: a cell lists its events.
    page.get_by_role("tab", name="Who attacked whom").click()
    cell = page.locator("#matrix button.cell").first
    cell.wait_for()
    label = cell.get_attribute("aria-label") or ""
    n = int(label.rsplit(": ", 1)[1].split()[0])
    cell.click()
    page.locator("#cell-scope").wait_for()
    page.wait_for_function(f"window.kgApp.state.total >= {n}")
    assert page.locator("#event-list button.event-row").count() >= 1
    app.shot("app-matrix.png")


def test_a_box_drawn_on_the_map_filters_every_view(
    gold: None, app: AppPage, api_url: str, measures: Measures
) -> None:
    page = app.page
    app.open()
    everything = app.total()
    box = page.locator("#map").bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]

    def draw() -> None:
        page.keyboard.down("Shift")
        page.mouse.move(x + w * 0.45, y + h * 0.2)
        page.mouse.down()
        page.mouse.move(x + w * 0.7, y + h * 0.5, steps=5)
        page.mouse.move(x + w * 0.95, y + h * 0.8, steps=5)
        page.mouse.up()
        page.keyboard.up("Shift")

    measures.add("gold", "box drawn on the map", [app.change(draw)])
    west, south, east, north = (float(v) for v in app.params()["bbox"][0].split(","))
    assert west < east and south < north
    bbox = {"west": west, "south": south, "east": east, "north": north}
    assert 0 < app.total() == count(api_url, {"bbox": bbox}) < everything
    assert page.locator("#bbox-text").inner_text().startswith("Box ")
    app.change(lambda: page.get_by_role("button", name="Clear box").click())
    assert app.total() == everything and "bbox" not in app.params()


def test_keyboard_and_phone_width(gold: None, browser: Any, api_url: str) -> None:
    phone = AppPage(browser, api_url, PHONE)
    try:
        phone.open()
        page = phone.page
        # Every form control has a label.
        unlabelled = page.evaluate(
            "[...document.querySelectorAll('#filters input, #filters select')]"
            ".filter(e => !e.labels || e.labels.length === 0).map(e => e.id)"
        )
        assert unlabelled == []
        # The event list is reachable and usable with the keyboard alone.
        page.locator("#event-list button.event-row").first.focus()
        page.keyboard.press("ArrowDown")
        second = page.evaluate("document.activeElement.dataset.slug")
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.body.dataset.evidence === {json.dumps(second)}")
        page.locator("#evidence-body mark.quote").first.wait_for()
        page.locator("#evidence-body .claim").first.scroll_into_view_if_needed()
        phone.shot("app-phone.png")
    finally:
        phone.close()
    assert phone.foreign == []


def test_ten_thousand_events(
    browser: Any, api_url: str, store: GraphStore, neo4j_settings: Settings, measures: Measures
) -> None:
    """A generated graph of 10k events: screenshots, and the time of each interaction."""
    generate(store, neo4j_settings, GENERATED_EVENTS, 5_000, 5)
    app = AppPage(browser, api_url, DESKTOP)
    page = app.page
    try:
        first = app.open()
        measures.add("10k", "first load (from navigation)", [first])
        measures.paints.append(("10k events", first["paint"]))
        assert app.total() == count(api_url, {}) >= GENERATED_EVENTS
        app.shot("app-10k-map.png")
        actors = page.locator("#f-actors option").evaluate_all("os => os.map(o => o.value)")
        types = page.locator("#f-types option").evaluate_all("os => os.map(o => o.value)")
        times: dict[str, list[dict[str, Any]]] = {}

        def timed(what: str, action: Any, keep: bool) -> None:
            sample = app.change(action)
            if keep:
                times.setdefault(what, []).append(sample)

        for i in range(ROUNDS + 1):
            keep = i > 0  # the first round warms Neo4j's query plans
            timed("actor", lambda i=i: page.select_option("#f-actors", actors[i]), keep)
            timed("+ event type", lambda i=i: page.select_option("#f-types", types[i]), keep)
            timed(
                "+ min corroboration 2",
                lambda: (page.fill("#f-min", "2"), page.press("#f-min", "Enter")),
                keep,
            )
            timed("+ timeline brush", lambda i=i: app.brush(0.2 + 0.1 * i, 0.5 + 0.1 * i), keep)
            timed(RESET, lambda: page.get_by_role("button", name="Reset").click(), keep)
            timed("timeline brush alone", lambda i=i: app.brush(0.1 * i, 0.3 + 0.1 * i), keep)
            timed(RESET, lambda: page.get_by_role("button", name="Reset").click(), keep)
        assert app.total() == count(api_url, {})
        for what, samples in times.items():
            measures.add("10k", what, samples)
        app.change(lambda: app.brush(0.3, 0.5))
        app.shot("app-10k-brushed.png")
        page.get_by_role("tab", name="Who attacked whom").click()
        page.locator("#matrix button.cell").first.wait_for()
        app.shot("app-10k-matrix.png")
    finally:
        app.close()
    assert app.foreign == [], app.foreign
    assert app.errors == [], app.errors
