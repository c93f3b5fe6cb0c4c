"""The CoreNLP launcher: its command line, its checks, and a real start, parse and stop."""

from __future__ import annotations

import os
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.config import Settings
from kg.errors import LauncherError, ParserUnavailable
from kg.nlp.client import CORENLP_VERSION, CoreNLPClient
from kg.ops.corenlp import launcher
from tests import corenlp_fixture
from tests.neo4j_fixture import free_port

runner = CliRunner()
POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def _env(monkeypatch: pytest.MonkeyPatch, home: Path, port: int) -> None:
    monkeypatch.setenv("KG_HOME", str(home))
    monkeypatch.setenv("KG_NLP_PORT", str(port))
    monkeypatch.delenv("KG_NLP_URL", raising=False)


def _one_line(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1, output
    return lines[0]


def test_pom_pins_corenlp_and_its_models() -> None:
    pom = ET.parse(launcher._package_file("pom.xml")).getroot()
    deps = [
        (
            d.findtext("m:artifactId", namespaces=POM_NS),
            d.findtext("m:version", namespaces=POM_NS),
            d.findtext("m:classifier", namespaces=POM_NS),
        )
        for d in pom.iterfind("m:dependencies/m:dependency", POM_NS)
    ]
    assert launcher.corenlp_version() == CORENLP_VERSION == "4.5.10"
    assert deps == [
        ("stanford-corenlp", "${corenlp.version}", None),
        ("stanford-corenlp", "${corenlp.version}", "models"),
    ]


def test_server_command_binds_loopback_and_preloads_the_pipeline(tmp_path: Path) -> None:
    cfg = Settings(
        KG_HOME=tmp_path / "home",
        KG_CACHE=tmp_path / "cache",
        KG_NLP_PORT=9123,
        KG_NLP_TIMEOUT=45,
        KG_NLP_HEAP="3g",
    )
    paths = launcher.ServerPaths.from_settings(cfg)
    cmd = launcher.server_command("/usr/bin/java", cfg, paths)
    assert cmd[:2] == ["/usr/bin/java", "-mx3g"]
    assert f"-Dcom.sun.net.httpserver.HttpServerProvider={launcher.PROVIDER_CLASS}" in cmd
    assert launcher.EXPORT_HTTPSERVER in cmd
    class_path = cmd[cmd.index("-cp") + 1].split(os.pathsep)
    assert class_path == [f"{tmp_path}/cache/corenlp-4.5.10/lib/*", str(paths.provider_classes)]
    server_args = cmd[cmd.index(launcher.MAIN_CLASS) + 1 :]
    assert server_args == [
        "-port",
        "9123",
        "-timeout",
        "45000",
        "-quiet",
        "-preload",
        "tokenize,ssplit,pos,lemma,depparse",
    ]
    assert paths.log_file == tmp_path / "home" / "logs" / "corenlp.log"
    assert paths.pid_file == tmp_path / "home" / "run" / "corenlp.pid"


def test_provider_folder_follows_the_source(tmp_path: Path) -> None:
    cfg = Settings(KG_HOME=tmp_path, KG_CACHE=tmp_path / "cache")
    folder = launcher.ServerPaths.from_settings(cfg).provider_classes
    assert folder.parent == tmp_path / "cache" / "corenlp-4.5.10"
    assert folder.name.startswith("loopback-") and len(folder.name) == len("loopback-") + 12


def test_external_url_keeps_the_launcher_out_of_the_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _env(monkeypatch, tmp_path, free_port())
    monkeypatch.setenv("KG_NLP_URL", f"http://127.0.0.1:{free_port()}")
    result = runner.invoke(app, ["nlp", "start"])
    assert result.exit_code == LauncherError.exit_code
    assert "KG_NLP_URL is set" in _one_line(result.output)
    stopped = runner.invoke(app, ["nlp", "stop"])
    assert stopped.exit_code == 0 and "not ours" in stopped.output
    status = runner.invoke(app, ["nlp", "status"])
    assert status.exit_code == 1 and "external" in status.output


def test_start_without_java_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _env(monkeypatch, tmp_path, free_port())
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = runner.invoke(app, ["nlp", "start"])
    assert result.exit_code == LauncherError.exit_code
    assert "Java 17+ not found" in _one_line(result.output)


def test_start_with_the_port_taken_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        _env(monkeypatch, tmp_path, port)
        result = runner.invoke(app, ["nlp", "start"])
    line = _one_line(result.output)
    assert result.exit_code == LauncherError.exit_code
    assert f"CoreNLP port {port}" in line and "already in use" in line and "KG_NLP_PORT" in line


def test_start_without_maven_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With an empty jar cache and no mvn on PATH (java found through JAVA_HOME)."""
    java = Path(os.path.realpath(_which("java")))
    _env(monkeypatch, tmp_path / "home", free_port())
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("JAVA_HOME", str(java.parent.parent))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = runner.invoke(app, ["nlp", "start"])
    assert result.exit_code == LauncherError.exit_code, result.output
    [error] = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert "Maven (mvn) not found" in error and "KG_NLP_URL" in error


def test_a_jre_without_javac_is_one_clear_error(tmp_path: Path) -> None:
    bare_jre = tmp_path / "jre" / "bin"
    bare_jre.mkdir(parents=True)
    (bare_jre / "java").write_text("#!/bin/sh\n")
    paths = launcher.ServerPaths(root=tmp_path / "cache", home=tmp_path / "home")
    with pytest.raises(LauncherError, match=r"javac not found.*openjdk-17-jdk-headless"):
        launcher.ensure_provider(str(bare_jre / "java"), paths)


def test_the_provider_compiles(tmp_path: Path) -> None:
    from kg.ops import process

    java = process.java_executable(needed_by="this test")
    if process.javac_beside(java) is None:
        pytest.skip("no JDK here")
    paths = launcher.ServerPaths(root=tmp_path / "cache", home=tmp_path / "home")
    folder = launcher.ensure_provider(java, paths)
    assert (folder / "org" / "conflictkg" / "corenlp" / "LoopbackHttpServerProvider.class").exists()
    assert launcher.ensure_provider(java, paths) == folder  # compiled once


def _which(name: str) -> str:
    import shutil

    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} not on PATH")
    return found


@pytest.mark.nlp
def test_start_parse_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if corenlp_fixture.EXTERNAL:
        pytest.skip("an external server is configured; the launcher is not used")
    _env(monkeypatch, tmp_path, free_port())
    monkeypatch.setenv("KG_NLP_HEAP", "2g")
    started = runner.invoke(app, ["nlp", "start"])
    assert started.exit_code == 0, started.output
    cfg = Settings()
    try:
        status = runner.invoke(app, ["nlp", "status"])
        assert status.exit_code == 0, status.output
        assert "4.5.10" in status.output and cfg.nlp_server_url in status.output
        again = runner.invoke(app, ["nlp", "start"])
        assert "already running" in again.output
        with CoreNLPClient(cfg.nlp_server_url, retries=0) as client:
            doc = client.parse("Two villages fell to the rebels.")
            assert doc["sentences"][0]["basicDependencies"]
            stopped = runner.invoke(app, ["nlp", "stop"])
            assert stopped.exit_code == 0 and "CoreNLP stopped." in stopped.output
            with pytest.raises(ParserUnavailable) as down:
                client.parse("Nobody parses this sentence.")
        message = str(down.value)
        assert cfg.nlp_server_url in message and "kg nlp start" in message
        log = (tmp_path / "logs" / "corenlp.log").read_text()
        assert "StanfordCoreNLPServer listening at /127.0.0.1:" in log
    finally:
        stopped = runner.invoke(app, ["nlp", "stop"])
    assert "CoreNLP was not running." in stopped.output
    assert not (tmp_path / "run" / "corenlp.pid").exists()
    assert runner.invoke(app, ["nlp", "status"]).exit_code == 1
