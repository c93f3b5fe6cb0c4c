"""End to end in a real browser: Neo4j Browser with the project's guide and style, and GraphiQL.

Headless Chromium from Debian (``make chromium``), driven by Playwright with
``executable_path`` (no browser download). The API runs in a thread against the test Neo4j;
the graph is the gold graph, so the who-attacked-whom result is known to be non-empty. The
screenshots land in docs/screenshots/ for the README.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from kg.api.app import create_app
from kg.config import Settings
from kg.store import GraphStore
from tests.browser_gold_graph import load_gold_graph

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


def _chromium() -> Path:
    """Debian's Chromium, installed on the spot when missing and allowed (root, apt-get)."""
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def api_url(neo4j_settings: Settings, store: GraphStore) -> Iterator[str]:
    """The API in a thread, on a free port, against the test Neo4j holding the gold graph."""
    if neo4j_settings.external:
        pytest.skip("Neo4j Browser is served by the launched Neo4j; this session uses NEO4J_URI")
    load_gold_graph(store, neo4j_settings)
    port = _free_port()
    config = uvicorn.Config(
        create_app(neo4j_settings), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the API did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(api_url: str) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _run_in_editor(page: object, command: str) -> None:
    editor = page.locator('[data-testid="activeEditor"]')  # type: ignore[attr-defined]
    editor.click()
    page.keyboard.press("Control+A")  # type: ignore[attr-defined]
    page.keyboard.insert_text(command)  # type: ignore[attr-defined]
    page.locator('[data-testid="editor-Run"]').click()  # type: ignore[attr-defined]


def test_neo4j_browser_shows_who_attacked_whom(
    page: object, api_url: str, neo4j_settings: Settings
) -> None:
    p = page
    p.goto(f"http://127.0.0.1:{neo4j_settings.http_port}/browser/")  # type: ignore[attr-defined]
    p.locator('[data-testid="boltaddress"]').fill(  # type: ignore[attr-defined]
        f"bolt://127.0.0.1:{neo4j_settings.bolt_port}"
    )
    p.locator('[data-testid="username"]').fill(neo4j_settings.neo4j_user)  # type: ignore[attr-defined]
    p.locator('[data-testid="password"]').fill(neo4j_settings.password)  # type: ignore[attr-defined]
    p.locator('[data-testid="connect"]').click()  # type: ignore[attr-defined]
    p.get_by_text("You are connected as user").wait_for()  # type: ignore[attr-defined]

    _run_in_editor(p, f":play {api_url}/browser-guide")
    guide = p.locator('[data-testid="carousel"]').last  # type: ignore[attr-defined]
    guide.get_by_text("conflict-kg: the war as a graph").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SCREENSHOTS / "browser-guide.png"))  # type: ignore[attr-defined]
