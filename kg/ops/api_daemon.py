"""Run the API in the background for `make up`: pid file, log file, wait for /health."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from kg.config import Settings
from kg.errors import KGError
from kg.ops import process

START_TIMEOUT_S = 60.0


def pid_file(cfg: Settings) -> Path:
    return cfg.kg_home / "run" / "api.pid"


def log_file(cfg: Settings) -> Path:
    return cfg.kg_home / "logs" / "api.log"


COMMAND_MARKER = "kg.api.app:create_app"
"""In the daemon's command line: a live pid without it is a stranger that reused the pid of an
API gone since, and must never be signalled."""


def running_pid(cfg: Settings) -> int | None:
    return process.read_pid(pid_file(cfg), command_marker=COMMAND_MARKER)


def health(cfg: Settings, host: str, port: int) -> int | None:
    """The /health status code, or None when nothing answers on the port."""
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/health", timeout=5) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except (urllib.error.URLError, OSError):
        return None


def start(cfg: Settings, host: str, port: int) -> tuple[int, bool]:
    """Start uvicorn detached unless already running; returns (pid, started_now)."""
    pid = running_pid(cfg)
    if pid is not None:
        return pid, False
    log_file(cfg).parent.mkdir(parents=True, exist_ok=True)
    pid_file(cfg).parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "kg.api.app:create_app",
        "--factory",
        "--host",
        host,
        "--port",
        str(port),
    ]
    with log_file(cfg).open("ab") as out:
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    pid_file(cfg).write_text(str(proc.pid))
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pid_file(cfg).unlink(missing_ok=True)
            raise KGError(f"the API exited with status {proc.returncode}; see {log_file(cfg)}")
        if health(cfg, host, port) is not None:
            return proc.pid, True
        time.sleep(0.3)
    raise KGError(f"the API did not answer within {START_TIMEOUT_S:.0f} s; see {log_file(cfg)}")


def stop(cfg: Settings) -> bool:
    pid = running_pid(cfg)
    pid_file(cfg).unlink(missing_ok=True)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except OSError:
            return True
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return True
