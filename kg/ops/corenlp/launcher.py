"""Fetch, start, stop and inspect the local Stanford CoreNLP server, the syntactic parser.

The server is the stock ``edu.stanford.nlp:stanford-corenlp`` jar and its ``models`` jar,
resolved by Maven from ``pom.xml`` beside this module into ``KG_CACHE`` (outside the work tree),
run as its own process (CoreNLP is GPL-3.0) with its log and pid under ``KG_HOME``.

CoreNLP's server has no option for its bind address and listens on every interface; the small
``LoopbackHttpServerProvider.java`` beside this module, compiled once into the cache, keeps it on
127.0.0.1. Each step checks its preconditions first so that a failure is one clear line.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.config import Settings
from kg.errors import KGError, LauncherError
from kg.ops import maven, process

MAIN_CLASS = "edu.stanford.nlp.pipeline.StanfordCoreNLPServer"
PROVIDER_CLASS = "org.conflictkg.corenlp.LoopbackHttpServerProvider"
PROVIDER_SOURCE = "LoopbackHttpServerProvider.java"
PRELOAD = "tokenize,ssplit,pos,lemma,depparse"
"""The annotators loaded before the server accepts requests: the client's default pipeline."""
START_TIMEOUT_S = 120.0
"""Loading the tagger and parser models takes 5-30 s, depending on the machine's load."""
READY_TEXT = "The parser is ready."
EXPORT_HTTPSERVER = "--add-exports=jdk.httpserver/sun.net.httpserver=ALL-UNNAMED"


def _package_file(name: str) -> Path:
    return Path(str(resources.files("kg.ops.corenlp").joinpath(name)))


def corenlp_version() -> str:
    """The CoreNLP version pinned in the pom: the one source of truth for it."""
    return maven.pinned(_package_file("pom.xml"), "corenlp.version")


@dataclass(frozen=True)
class ServerPaths:
    """Where the local parser keeps its jars, its loopback provider, its log and its pid."""

    root: Path
    home: Path

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerPaths:
        return cls(root=settings.kg_cache / f"corenlp-{corenlp_version()}", home=settings.kg_home)

    @property
    def lib(self) -> Path:
        return self.root / "lib"

    @property
    def provider_classes(self) -> Path:
        """Compiled provider, in a folder named after its source's hash (a change recompiles)."""
        digest = hashlib.sha256(_package_file(PROVIDER_SOURCE).read_bytes()).hexdigest()[:12]
        return self.root / f"loopback-{digest}"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "corenlp.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "corenlp.pid"

    @property
    def tmp_dir(self) -> Path:
        """The server's java.io.tmpdir, where it writes its shutdown key: one per KG_HOME."""
        return self.home / "run" / "corenlp-tmp"

    @property
    def jars_ready(self) -> bool:
        return maven.jars_ready(self.lib, _package_file("pom.xml"))


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    version: str
    url: str
    external: bool
    log_file: Path


# --- fetching and building -------------------------------------------------------------------


def ensure_jars(paths: ServerPaths) -> Path:
    """Resolve CoreNLP and its English models with Maven once; later calls reuse the cache."""
    return maven.fetch(
        _package_file("pom.xml"),
        paths.lib,
        product=f"Stanford CoreNLP {corenlp_version()}",
        alternative="use an external CoreNLP server with KG_NLP_URL",
        refetch_on_change=True,
    )


def ensure_provider(java: str, paths: ServerPaths) -> Path:
    """Compile the loopback provider once, with the compiler of the JDK that runs the server."""
    target = paths.provider_classes
    if maven.jars_ready(target):
        return target
    javac = process.javac_beside(java)
    if javac is None:
        raise LauncherError(
            f"javac not found beside {java}: the launcher compiles one small class that keeps "
            "CoreNLP on 127.0.0.1 (its server has no bind-address option); install a JDK "
            "(apt-get install openjdk-17-jdk-headless) or set JAVA_HOME to one"
        )
    with maven.cache_lock(paths.root):
        if maven.jars_ready(target):
            return target
        staging = Path(tempfile.mkdtemp(prefix="loopback-", dir=paths.root))
        cmd = [
            javac,
            EXPORT_HTTPSERVER,
            "-nowarn",
            "-d",
            str(staging),
            str(_package_file(PROVIDER_SOURCE)),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            tail = " | ".join(result.stderr.strip().splitlines()[-3:])
            raise LauncherError(f"javac could not compile {PROVIDER_SOURCE}: {tail}")
        (staging / maven.COMPLETE_MARKER).write_text(PROVIDER_CLASS)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target


# --- the command -----------------------------------------------------------------------------


def server_command(java: str, settings: Settings, paths: ServerPaths) -> list[str]:
    """The java command line of the server: loopback only, quiet, the pipeline preloaded."""
    class_path = os.pathsep.join([f"{paths.lib}/*", str(paths.provider_classes)])
    return [
        java,
        f"-mx{settings.nlp_heap}",
        "-Djava.net.preferIPv4Stack=true",
        f"-Djava.io.tmpdir={paths.tmp_dir}",
        EXPORT_HTTPSERVER,
        f"-Dcom.sun.net.httpserver.HttpServerProvider={PROVIDER_CLASS}",
        "-cp",
        class_path,
        MAIN_CLASS,
        "-port",
        str(settings.nlp_port),
        "-timeout",
        str(round(settings.nlp_timeout_s * 1000)),
        # Without -quiet the server logs the text of every request.
        "-quiet",
        "-preload",
        PRELOAD,
    ]


# --- process control -------------------------------------------------------------------------


def answers_parse(url: str, timeout_s: float = 10.0) -> bool:
    """True when the server at ``url`` returns a dependency parse of a short sentence."""
    from kg.nlp.client import CoreNLPClient

    try:
        with CoreNLPClient(url, timeout=timeout_s, cache=None, retries=0) as client:
            doc = client.parse(READY_TEXT)
    except KGError:
        return False
    sentences = doc.get("sentences") or [{}]
    return bool(sentences[0].get("basicDependencies"))


def _read_pid(paths: ServerPaths) -> int | None:
    return process.read_pid(paths.pid_file, command_marker=MAIN_CLASS)


def status(settings: Settings) -> ServerStatus:
    paths = ServerPaths.from_settings(settings)
    if settings.nlp_external:
        return ServerStatus(
            running=answers_parse(settings.nlp_server_url),
            pid=None,
            version=corenlp_version(),
            url=settings.nlp_server_url,
            external=True,
            log_file=paths.log_file,
        )
    pid = _read_pid(paths)
    return ServerStatus(
        running=pid is not None and process.port_in_use(settings.nlp_port),
        pid=pid,
        version=corenlp_version(),
        url=settings.nlp_server_url,
        external=False,
        log_file=paths.log_file,
    )


def start(settings: Settings) -> ServerStatus:
    """Start the server unless it already runs; return once it answers a parse."""
    if settings.nlp_external:
        raise LauncherError(
            "KG_NLP_URL is set: the external CoreNLP server is used, not the launcher"
        )
    paths = ServerPaths.from_settings(settings)
    current = status(settings)
    if current.running:
        return current
    if current.pid is not None:
        raise LauncherError(
            f"CoreNLP (pid {current.pid}) runs but does not answer on port {settings.nlp_port}: "
            f"it may still be loading its models; wait, or run `kg nlp stop` first; "
            f"see {paths.log_file}"
        )
    java = process.java_executable(needed_by="the CoreNLP launcher")
    process.check_port_free(settings.nlp_port, "CoreNLP", "KG_NLP_PORT")
    process.check_writable(paths.home, "KG_HOME")
    ensure_jars(paths)
    ensure_provider(java, paths)
    paths.tmp_dir.mkdir(parents=True, exist_ok=True)
    proc = process.spawn(
        server_command(java, settings, paths), paths.log_file, paths.pid_file, cwd=paths.home
    )
    url = settings.nlp_server_url
    process.wait_until_ready(
        proc,
        lambda: process.port_in_use(settings.nlp_port) and answers_parse(url),
        name="CoreNLP",
        what=f"answer a parse on {url}",
        timeout_s=START_TIMEOUT_S,
        log_file=paths.log_file,
        pid_file=paths.pid_file,
    )
    return status(settings)


def stop(settings: Settings) -> bool:
    """Stop the server (SIGTERM, then SIGKILL after a timeout). False if it was not running."""
    paths = ServerPaths.from_settings(settings)
    pid = _read_pid(paths)
    if pid is None:
        paths.pid_file.unlink(missing_ok=True)
        return False
    process.stop_pid(pid)
    paths.pid_file.unlink(missing_ok=True)
    return True
