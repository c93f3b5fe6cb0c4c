"""Jars from Maven Central, resolved once into a cache folder by ``mvn``.

Each tool the project runs on the JVM (the Neo4j server, Apache Jena's RIOT) is declared by a
``pom.xml`` beside its module; ``mvn dependency:copy-dependencies`` copies every jar it needs
into ``KG_CACHE/<name>/lib``, which becomes the class path. A folder is complete once its
``.complete`` marker is written, so an interrupted fetch is started again, never half used.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from kg.errors import LauncherError

log = logging.getLogger(__name__)


def jars_ready(lib: Path) -> bool:
    return (lib / ".complete").exists()


def fetch_jars(pom: Path, lib: Path, what: str) -> Path:
    """Resolve the dependencies of ``pom`` into ``lib`` with Maven once; later calls reuse it."""
    if jars_ready(lib):
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise LauncherError(
            f"Maven (mvn) not found on PATH; it fetches {what} from Maven Central: "
            "install it (apt-get install maven)"
        )
    lib.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="lib-", dir=lib.parent))
    log.info("fetching %s from Maven Central into %s", what, lib)
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
        raise LauncherError(f"Maven could not fetch {what}: " + " | ".join(tail))
    (staging / ".complete").write_text(what)
    shutil.rmtree(lib, ignore_errors=True)
    staging.rename(lib)
    return lib
