"""What the launchers share (kg.ops.process, kg.ops.maven), on real processes and files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.errors import LauncherError
from kg.ops import maven, process


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is not alive either.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def test_read_pid_ignores_dead_and_foreign_processes(tmp_path: Path) -> None:
    pid_file = tmp_path / "run" / "x.pid"
    assert process.read_pid(pid_file) is None  # no file
    pid_file.parent.mkdir()
    pid_file.write_text("not a pid")
    assert process.read_pid(pid_file) is None
    done = subprocess.Popen(["true"])
    done.wait()
    pid_file.write_text(str(done.pid))
    assert process.read_pid(pid_file) is None  # exited
    pid_file.write_text(str(os.getpid()))
    assert process.read_pid(pid_file) == os.getpid()
    assert process.read_pid(pid_file, command_marker="pytest") == os.getpid()
    # The pid now belongs to a program that is not the server: a stale file.
    assert process.read_pid(pid_file, command_marker="org.example.NotThisProgram") is None


def test_stop_pid_stops_the_whole_process_group(tmp_path: Path) -> None:
    # A shell and the child it started, in one process group, as with a wrapper script.
    script = "sleep 300 & echo $! > child.pid; wait"
    proc = process.spawn(
        ["sh", "-c", script], tmp_path / "logs" / "x.log", tmp_path / "x.pid", cwd=tmp_path
    )
    deadline = time.monotonic() + 10
    while not (tmp_path / "child.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int((tmp_path / "child.pid").read_text())
    assert process.read_pid(tmp_path / "x.pid") == proc.pid
    process.stop_pid(proc.pid, timeout_s=10)
    proc.wait(timeout=5)
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_stop_pid_kills_what_ignores_sigterm(tmp_path: Path) -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('up', flush=True); time.sleep(300)"
    )
    proc = process.spawn(
        [sys.executable, "-c", code], tmp_path / "x.log", tmp_path / "x.pid", cwd=tmp_path
    )
    deadline = time.monotonic() + 10
    while "up" not in (tmp_path / "x.log").read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    process.stop_pid(proc.pid, timeout_s=1)
    proc.wait(timeout=5)  # stop_pid may have collected its status already
    assert not _alive(proc.pid)
    assert time.monotonic() - started < 5


def test_a_server_that_exits_while_starting_is_one_line_with_its_log(tmp_path: Path) -> None:
    log, pid = tmp_path / "logs" / "s.log", tmp_path / "run" / "s.pid"
    code = "print('loading'); print('Address already in use: bind'); raise SystemExit(3)"
    proc = process.spawn([sys.executable, "-c", code], log, pid, cwd=tmp_path)
    with pytest.raises(LauncherError) as err:
        process.wait_until_ready(
            proc, lambda: False, name="Thing", what="answer", timeout_s=30, log_file=log,
            pid_file=pid, poll_s=0.05,
        )  # fmt: skip
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("Thing exited with status 3 while starting; see ")
    assert message.endswith("Address already in use: bind")
    assert not pid.exists()


def test_a_server_that_never_gets_ready_is_stopped(tmp_path: Path) -> None:
    log, pid = tmp_path / "s.log", tmp_path / "s.pid"
    code = "import time; print('one'); print('two'); print('three', flush=True); time.sleep(300)"
    proc = process.spawn([sys.executable, "-c", code], log, pid, cwd=tmp_path)
    with pytest.raises(LauncherError) as err:
        process.wait_until_ready(
            proc, lambda: False, name="Thing", what="answer a request", timeout_s=1.5,
            log_file=log, pid_file=pid, poll_s=0.05,
        )  # fmt: skip
    assert "Thing did not answer a request within 2 s" in str(err.value)
    assert str(err.value).endswith("one | two | three")
    proc.wait(timeout=5)  # stop_pid may have collected its status already
    assert not _alive(proc.pid)
    assert not pid.exists()


def test_port_checks(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert process.port_in_use(port)
        with pytest.raises(LauncherError, match=f"Thing port {port} .* with KG_THING_PORT"):
            process.check_port_free(port, "Thing", "KG_THING_PORT")
    assert not process.port_in_use(port)


def test_maven_marker_records_the_pom(tmp_path: Path) -> None:
    pom = tmp_path / "pom.xml"
    pom.write_text("<project><properties><x.version>1.2.3</x.version></properties></project>")
    lib = tmp_path / "lib"
    assert maven.pinned(pom, "x.version") == "1.2.3"
    with pytest.raises(LauncherError, match=r"does not pin y\.version"):
        maven.pinned(pom, "y.version")
    assert not maven.jars_ready(lib)
    lib.mkdir()
    (lib / maven.COMPLETE_MARKER).write_text(f"X 1.2.3\n{maven.pom_digest(pom)}\n")
    assert maven.jars_ready(lib) and maven.jars_ready(lib, pom)
    pom.write_text(pom.read_text().replace("1.2.3", "1.2.4"))
    assert maven.jars_ready(lib) and not maven.jars_ready(lib, pom)


def test_maven_failure_is_one_line(tmp_path: Path) -> None:
    if not _on_path("mvn"):
        pytest.skip("mvn not on PATH")
    pom = tmp_path / "pom.xml"
    pom.write_text("<project>this is not a pom</project>")
    with pytest.raises(LauncherError) as err:
        maven.fetch(pom, tmp_path / "cache" / "lib", product="Nothing 0", alternative="give up")
    assert str(err.value).startswith("Maven could not fetch Nothing 0: ")
    assert "\n" not in str(err.value)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [".lock"]  # no staging left


def _on_path(name: str) -> bool:
    import shutil

    return shutil.which(name) is not None
