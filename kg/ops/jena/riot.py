"""``riot --validate --strict`` on RDF files, with Jena's jars fetched once like Neo4j's.

rdflib and Oxigraph already read every dump; Jena's parsers are a third, independent and
stricter opinion (IRI syntax, language tags, literals of the XSD datatypes). The jars come from
Maven Central through ``pom.xml`` beside this module into ``KG_CACHE/jena-<version>/lib``.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.config import Settings
from kg.errors import LauncherError
from kg.ops import maven

RIOT = "riotcmd.riot"
TIMEOUT_S = 600.0


def _pom() -> Path:
    return Path(str(resources.files("kg.ops.jena").joinpath("pom.xml")))


def jena_version() -> str:
    return maven.pinned(_pom(), "jena.version")


def jena_lib(settings: Settings) -> Path:
    """The folder of Jena's jars, fetched on first use."""
    lib = settings.kg_cache / f"jena-{jena_version()}" / "lib"
    return maven.fetch(
        _pom(), lib, product=f"Apache Jena {jena_version()}", alternative="skip RIOT validation"
    )


@dataclass(frozen=True)
class RiotResult:
    ok: bool
    output: str


def validate(paths: list[Path], settings: Settings, java: str = "java") -> RiotResult:
    """Run ``riot --validate --strict`` on the files (syntax from their extensions)."""
    cmd = [java, "-cp", f"{jena_lib(settings)}/*", RIOT, "--validate", "--strict"]
    cmd += [str(p) for p in paths]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except FileNotFoundError as e:
        raise LauncherError(f"{java} not found: Jena needs Java 17+") from e
    output = (done.stdout + done.stderr).strip()
    return RiotResult(done.returncode == 0 and "ERROR" not in output, output)
