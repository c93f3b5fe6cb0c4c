"""Resolve a server's jars from Maven Central into the project's cache, once.

A launcher ships a ``pom.xml`` that pins what it runs; ``mvn dependency:copy-dependencies``
copies every jar it needs into one folder of ``KG_CACHE``, which becomes the class path. The
folder is filled beside its final place and renamed into it when complete, under a lock, so that
an interrupted or concurrent fetch never leaves a half-filled class path behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import LauncherError

log = logging.getLogger(__name__)

COMPLETE_MARKER = ".complete"


def pinned(pom: Path, prop: str) -> str:
    """The value of ``<prop>`` in the pom's properties: the one source of truth for a version."""
    match = re.search(rf"<{re.escape(prop)}>([^<]+)</{re.escape(prop)}>", pom.read_text())
    if not match:
        raise LauncherError(f"{pom.name} does not pin {prop}")
    return match.group(1).strip()


def pom_digest(pom: Path) -> str:
    return hashlib.sha256(pom.read_bytes()).hexdigest()


def jars_ready(lib: Path, pom: Path | None = None) -> bool:
    """True when ``lib`` holds a complete fetch; of this very pom, when one is given."""
    marker = lib / COMPLETE_MARKER
    if pom is None:
        return marker.exists()
    try:
        return pom_digest(pom) in marker.read_text()
    except OSError:
        return False


@contextmanager
def cache_lock(directory: Path) -> Iterator[None]:
    """An exclusive lock on ``directory`` held across processes (released when they exit)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fetch(
    pom: Path, lib: Path, *, product: str, alternative: str, refetch_on_change: bool = False
) -> Path:
    """Copy the pom's dependencies into ``lib`` unless a complete copy is there already.

    ``product`` names what is fetched in messages ("Neo4j 5.26.14"); ``alternative`` says how
    to do without the fetch ("use an external server with NEO4J_URI"). With
    ``refetch_on_change``, a copy made from another revision of the pom is replaced.
    """
    check = pom if refetch_on_change else None
    if jars_ready(lib, check):
        return lib
    with cache_lock(lib.parent):
        if jars_ready(lib, check):  # another process fetched it while this one waited
            return lib
        mvn = shutil.which("mvn")
        if not mvn:
            raise LauncherError(
                f"Maven (mvn) not found on PATH; it fetches {product} from Maven Central: "
                f"install it (apt-get install maven) or {alternative}"
            )
        staging = Path(tempfile.mkdtemp(prefix="lib-", dir=lib.parent))
        log.info("fetching %s from Maven Central into %s", product, lib)
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            tail = (result.stdout + result.stderr).strip().splitlines()[-3:]
            raise LauncherError(f"Maven could not fetch {product}: " + " | ".join(tail))
        (staging / COMPLETE_MARKER).write_text(f"{product}\n{pom_digest(pom)}\n")
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)
    return lib
