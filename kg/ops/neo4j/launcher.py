"""Fetch, configure, start, stop and inspect the local Neo4j server.

The server is the stock ``org.neo4j:neo4j`` distribution resolved by Maven from ``pom.xml``
beside this module into ``KG_CACHE`` (outside the work tree), run with its own entry point
under ``KG_HOME``. Each step checks its preconditions first so that a failure is one clear line.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from kg.config import Settings
from kg.errors import LauncherError
from kg.ops import maven, process

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
START_TIMEOUT_S = 180.0
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
    return maven.pinned(_package_file("pom.xml"), "neo4j.version")


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
        return maven.jars_ready(self.lib)


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


def _check_ports(settings: Settings) -> None:
    process.check_port_free(settings.bolt_port, "Bolt", "KG_BOLT_PORT")
    process.check_port_free(settings.http_port, "HTTP", "KG_HTTP_PORT")


# --- fetching --------------------------------------------------------------------------------


def ensure_jars(paths: ServerPaths) -> Path:
    """Resolve the server and Browser jars with Maven once; later calls reuse the cache."""
    return maven.fetch(
        _package_file("pom.xml"),
        paths.lib,
        product=f"Neo4j {neo4j_version()}",
        alternative="use an external server with NEO4J_URI",
    )


# --- configuration ---------------------------------------------------------------------------

TX_SHARE = 0.4
"""Default share of the heap one transaction may use: two large documents can be in flight."""
TX_TOTAL_SHARE = 0.7
"""Share of the heap all transactions together may use (Neo4j's own default)."""
_UNITS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def size_bytes(size: str) -> int:
    """A JVM size ('768m', '1g', '2048k', '1073741824') in bytes."""
    text = size.strip().lower()
    try:
        if text and text[-1] in _UNITS:
            return int(float(text[:-1]) * _UNITS[text[-1]])
        return int(text)
    except ValueError:
        raise LauncherError(f"not a memory size: {size!r} (e.g. 512m, 2g)") from None


def share_of(heap: str, share: float) -> str:
    """``share`` of a heap size, in whole megabytes."""
    return f"{max(1, int(size_bytes(heap) * share) >> 20)}m"


def tx_memory(settings: Settings) -> str:
    """db.memory.transaction.max: KG_NEO4J_TX_MEMORY, else a share of the heap."""
    return settings.neo4j_tx_memory or share_of(settings.neo4j_heap, TX_SHARE)


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
        tx_timeout=settings.neo4j_tx_timeout_s,
        tx_memory=tx_memory(settings),
        tx_memory_total=share_of(settings.neo4j_heap, TX_TOTAL_SHARE),
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
    return process.read_pid(paths.pid_file, command_marker=ENTRY_POINT)


def status(settings: Settings) -> ServerStatus:
    paths = ServerPaths.from_settings(settings)
    pid = _read_pid(paths)
    return ServerStatus(
        running=pid is not None and process.port_in_use(settings.bolt_port),
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
    java = process.java_executable(needed_by="Neo4j 5.26")
    _check_ports(settings)
    process.check_writable(paths.data_dir)
    ensure_jars(paths)
    write_config(settings, paths, post_connect_cmd)
    _set_initial_password(java, settings, paths)
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
    proc = process.spawn(cmd, paths.console_log, paths.pid_file, cwd=paths.home)
    process.wait_until_ready(
        proc,
        lambda: process.port_in_use(settings.bolt_port),
        name="Neo4j",
        what="open Bolt",
        timeout_s=START_TIMEOUT_S,
        log_file=paths.console_log,
        pid_file=paths.pid_file,
    )
    return status(settings)


def stop(settings: Settings) -> bool:
    """Stop the server cleanly (SIGTERM, then SIGKILL after a timeout). False if not running."""
    paths = ServerPaths.from_settings(settings)
    pid = _read_pid(paths)
    if pid is None:
        paths.pid_file.unlink(missing_ok=True)
        return False
    process.stop_pid(pid)
    paths.pid_file.unlink(missing_ok=True)
    return True
