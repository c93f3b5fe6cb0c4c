"""Physical backups of the local server: ``neo4j-admin database dump`` and ``load``, run from the
jars the launcher fetched.

Community edition dumps and loads only a stopped database, so both stop the server when it runs
(and say so), do their work, and start it again, even when the work failed. A dump is written
beside its target and renamed into place once complete, so an interrupted backup never leaves a
truncated file under the name asked for. A restore replaces the whole database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.config import Settings
from kg.errors import LauncherError
from kg.ops import process
from kg.ops.neo4j import launcher

Say = Callable[[str], None]

ADMIN_TIMEOUT_S = 3600.0


def _refuse_external(settings: Settings, verb: str) -> None:
    if settings.external:
        raise LauncherError(
            f"NEO4J_URI is set: {verb} the external server with its own tools (neo4j-admin on "
            "its machine, or Aura's snapshots); `kg export` makes a logical backup of any server"
        )


@contextmanager
def _stopped(settings: Settings, say: Say) -> Iterator[None]:
    """The local server stopped for the duration, and started again afterwards if it ran."""
    was_running = launcher.status(settings).running
    if was_running:
        say("Stopping Neo4j (Community edition dumps and loads only a stopped database)…")
        launcher.stop(settings)
    try:
        yield
    finally:
        if was_running:
            say("Starting Neo4j again…")
            launcher.start(settings)


def _admin(settings: Settings, *args: str) -> None:
    """Run ``neo4j-admin`` with the server's home and configuration."""
    paths = launcher.ServerPaths.from_settings(settings)
    if not paths.jars_ready:
        raise LauncherError("Neo4j has not been fetched yet: run `kg neo4j start` once")
    java = process.java_executable(needed_by="neo4j-admin")
    launcher.write_config(settings, paths)
    env = {**os.environ, "NEO4J_HOME": str(paths.home), "NEO4J_CONF": str(paths.conf_dir)}
    cmd = [java, "-cp", f"{paths.lib}/*", launcher.ADMIN_ENTRY_POINT, *args]
    try:
        result = subprocess.run(
            cmd, env=env, capture_output=True, text=True, check=False, timeout=ADMIN_TIMEOUT_S
        )
    except subprocess.TimeoutExpired as e:
        raise LauncherError(f"neo4j-admin {' '.join(args[:2])} took over an hour") from e
    if result.returncode != 0:
        detail = (result.stderr.strip() or result.stdout.strip())[-400:]
        raise LauncherError(f"neo4j-admin {' '.join(args[:2])} failed: {detail}")


def backup(settings: Settings, target: Path, say: Say = lambda _: None) -> int:
    """Dump the database to the file ``target``; returns its size in bytes."""
    _refuse_external(settings, "back up")
    target = target.absolute()
    if target.is_dir():
        raise LauncherError(f"{target} is a folder; give the dump file to write, e.g. kg.dump")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".kg-dump-", dir=target.parent))
    try:
        with _stopped(settings, say):
            say(f"Dumping database {settings.neo4j_database}…")
            _admin(
                settings,
                "database",
                "dump",
                settings.neo4j_database,
                f"--to-path={work}",
                "--overwrite-destination=true",
            )
        os.replace(work / f"{settings.neo4j_database}.dump", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target.stat().st_size


def restore(settings: Settings, source: Path, say: Say = lambda _: None) -> None:
    """Replace the database with the dump in the file ``source``."""
    _refuse_external(settings, "restore")
    source = source.absolute()
    if not source.is_file():
        raise LauncherError(f"{source}: no such dump file")
    work = Path(
        tempfile.mkdtemp(prefix=".kg-load-", dir=launcher.ServerPaths.from_settings(settings).home)
    )
    try:
        os.symlink(source, work / f"{settings.neo4j_database}.dump")
        with _stopped(settings, say):
            say(f"Loading {source.name} into database {settings.neo4j_database}…")
            _admin(
                settings,
                "database",
                "load",
                settings.neo4j_database,
                f"--from-path={work}",
                "--overwrite-destination=true",
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
