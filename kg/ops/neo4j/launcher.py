"""Fetch, configure, start, stop and inspect the local Neo4j server.

The server is the stock ``org.neo4j:neo4j`` distribution resolved by Maven from ``pom.xml``
beside this module into ``KG_CACHE`` (outside the work tree), run with its own entry point
under ``KG_HOME``. Each step checks its preconditions first so that a failure is one clear line.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from kg.config import Settings
from kg.errors import LauncherError
from kg.ops.maven import fetch_jars, jars_ready

log = logging.getLogger(__name__)

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
MIN_JAVA = 17
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    # Without these the store cannot reach its files' descriptors: transaction logs are then
    # neither preallocated nor advised to the page cache, and every commit grows its log file.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)
"""The JVM options Neo4j's own start script passes, less those for diagnostics."""


def _package_file(name: str) -> Path:
    return Path(str(resources.files("kg.ops.neo4j").joinpath(name)))


def neo4j_version() -> str:
    """The Neo4j version pinned in the pom: the one source of truth for it."""
    match = re.search(
        r"<neo4j.version>([^<]+)</neo4j.version>", _package_file("pom.xml").read_text()
    )
    if not match:
        raise LauncherError("pom.xml does not pin neo4j.version")
    return match.group(1)


@dataclass(frozen=True)
class ServerPaths:
    """Where the local server keeps its jars, config, data, logs and pid."""

    lib: Path
    home: Path

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerPaths:
        return cls(
            lib=settings.kg_cache / f"neo4j-{neo4j_version()}" / "lib", home=settings.kg_home
        )

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def jars_ready(self) -> bool:
        return jars_ready(self.lib)


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    version: str
    bolt_port: int
    http_port: int
    data_dir: Path
    log_file: Path


# --- preconditions -------------------------------------------------------------------------


def java_executable() -> str:
    """The java binary (JAVA_HOME first, then PATH), checked to be Java 17 or newer."""
    java_home = os.environ.get("JAVA_HOME")
    candidate = str(Path(java_home) / "bin" / "java") if java_home else None
    java = candidate if candidate and Path(candidate).exists() else shutil.which("java")
    if not java:
        raise LauncherError(
            f"Java {MIN_JAVA}+ not found on PATH; install it (apt-get install "
            "openjdk-17-jre-headless) or set JAVA_HOME"
        )
    major = _java_major(java)
    if major < MIN_JAVA:
        raise LauncherError(f"{java} is Java {major}; Neo4j 5.26 needs Java {MIN_JAVA}+")
    return java


def _java_major(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise LauncherError(f"cannot tell the version of {java}: {out.strip()[:200]}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _check_ports(settings: Settings) -> None:
    for name, port, var in (
        ("Bolt", settings.bolt_port, "KG_BOLT_PORT"),
        ("HTTP", settings.http_port, "KG_HTTP_PORT"),
    ):
        if port_in_use(port):
            raise LauncherError(
                f"{name} port {port} on 127.0.0.1 is already in use; stop what uses it "
                f"or choose another port with {var}"
            )


def _check_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise LauncherError(
            f"data directory {directory} is not writable ({e.strerror}); "
            "fix its permissions or set KG_HOME"
        ) from e


# --- fetching --------------------------------------------------------------------------------


def ensure_jars(paths: ServerPaths) -> Path:
    """Resolve the server and Browser jars with Maven once; later calls reuse the cache."""
    if paths.jars_ready:
        return paths.lib
    if not shutil.which("mvn"):
        raise LauncherError(
            "Maven (mvn) not found on PATH; it fetches Neo4j from Maven Central: "
            "install it (apt-get install maven) or use an external server with NEO4J_URI"
        )
    return fetch_jars(_package_file("pom.xml"), paths.lib, f"Neo4j {neo4j_version()}")


# --- configuration ---------------------------------------------------------------------------


def write_config(settings: Settings, paths: ServerPaths, post_connect_cmd: str = "") -> Path:
    """Write neo4j.conf from the packaged template and the current settings."""
    for directory in (paths.conf_dir, paths.data_dir, paths.logs_dir, paths.home / "import"):
        directory.mkdir(parents=True, exist_ok=True)
    template = Template(_package_file("neo4j.conf").read_text())
    conf = template.substitute(
        bolt_port=settings.bolt_port,
        http_port=settings.http_port,
        data_dir=paths.data_dir,
        logs_dir=paths.logs_dir,
        import_dir=paths.home / "import",
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
        post_connect_cmd=post_connect_cmd,
    )
    target = paths.conf_dir / "neo4j.conf"
    target.write_text(conf)
    return target


def _set_initial_password(java: str, settings: Settings, paths: ServerPaths) -> None:
    """Before the very first start, set the password so no login ever sees the default."""
    if (paths.data_dir / "dbms" / "auth.ini").exists():
        return
    env = {**os.environ, "NEO4J_HOME": str(paths.home), "NEO4J_CONF": str(paths.conf_dir)}
    cmd = [
        java,
        "-cp",
        f"{paths.lib}/*",
        ADMIN_ENTRY_POINT,
        "dbms",
        "set-initial-password",
        settings.password,
    ]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise LauncherError("could not set the initial password: " + result.stderr.strip()[-300:])


# --- process control -------------------------------------------------------------------------


def _read_pid(paths: ServerPaths) -> int | None:
    try:
        pid = int(paths.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def status(settings: Settings) -> ServerStatus:
    paths = ServerPaths.from_settings(settings)
    pid = _read_pid(paths)
    return ServerStatus(
        running=pid is not None and port_in_use(settings.bolt_port),
        pid=pid,
        version=neo4j_version(),
        bolt_port=settings.bolt_port,
        http_port=settings.http_port,
        data_dir=paths.data_dir,
        log_file=paths.console_log,
    )


def start(settings: Settings, post_connect_cmd: str = "") -> ServerStatus:
    """Start the server unless it already runs; return once Bolt answers."""
    if settings.external:
        raise LauncherError("NEO4J_URI is set: the external server is used, not the launcher")
    paths = ServerPaths.from_settings(settings)
    current = status(settings)
    if current.running:
        return current
    java = java_executable()
    _check_ports(settings)
    _check_writable(paths.data_dir)
    ensure_jars(paths)
    write_config(settings, paths, post_connect_cmd)
    _set_initial_password(java, settings, paths)
    paths.pid_file.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        java,
        f"-Xms{settings.neo4j_heap}",
        f"-Xmx{settings.neo4j_heap}",
        *JVM_OPTIONS,
        "-cp",
        f"{paths.lib}/*",
        ENTRY_POINT,
        f"--home-dir={paths.home}",
        f"--config-dir={paths.conf_dir}",
    ]
    with paths.console_log.open("ab") as out:
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=paths.home,
            start_new_session=True,
        )
    paths.pid_file.write_text(str(proc.pid))
    _wait_until_listening(proc, settings.bolt_port, paths)
    return status(settings)


def _wait_until_listening(proc: subprocess.Popen[bytes], port: int, paths: ServerPaths) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            paths.pid_file.unlink(missing_ok=True)
            raise LauncherError(
                f"Neo4j exited with status {proc.returncode} while starting; "
                f"see {paths.console_log}: {_last_line(paths.console_log)}"
            )
        if port_in_use(port):
            return
        time.sleep(0.5)
    stop_pid(proc.pid)
    raise LauncherError(
        f"Neo4j did not open Bolt within {START_TIMEOUT_S:.0f} s; see {paths.console_log}"
    )


def _last_line(path: Path) -> str:
    try:
        lines = [ln for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""


def stop(settings: Settings) -> bool:
    """Stop the server cleanly (SIGTERM, then SIGKILL after a timeout). False if not running."""
    paths = ServerPaths.from_settings(settings)
    pid = _read_pid(paths)
    if pid is None:
        paths.pid_file.unlink(missing_ok=True)
        return False
    stop_pid(pid)
    paths.pid_file.unlink(missing_ok=True)
    return True


def stop_pid(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        _reap(pid)
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    """Collect our own child's exit status so that it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
