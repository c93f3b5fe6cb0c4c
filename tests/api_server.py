"""The API as a real server for tests: uvicorn in a subprocess on a free port, its log in a
file, its memory read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from kg.api.app import create_app
from kg.config import Settings
from tests.neo4j_fixture import free_port

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def peak_rss_mb(self) -> float:
        """Peak resident memory of the server process so far (VmHWM), in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc")


@contextmanager
def api_server(settings: Settings, log: Path, **env: str) -> Iterator[Server]:
    """uvicorn serving ``create_app`` against ``settings``' Neo4j, with extra ``env``."""
    port = free_port()
    environ = {
        **os.environ,
        "NEO4J_URI": settings.bolt_uri,
        "NEO4J_PASSWORD": settings.password,
        **env,
    }
    cmd = [sys.executable, "-m", "uvicorn", "kg.api.app:create_app", "--factory"]
    cmd += ["--port", str(port), "--no-access-log", "--log-level", "info"]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, env=environ, cwd=ROOT, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the API did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield Server(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def api_in_thread(settings: Settings) -> Iterator[str]:
    """``create_app(settings)`` served by uvicorn in a thread of this process on a free port
    (the browser tests), yielding its URL."""
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the API did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
