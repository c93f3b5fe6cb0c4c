"""What the launchers of the project's server processes share.

Finding Java, checking ports and directories, starting a server in its own process group with
its output in a log and its pid in a file, waiting until it is ready, and stopping it. Each
check raises one ``LauncherError`` whose message is a single line that names the fix.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from kg.errors import LauncherError

MIN_JAVA = 17
STOP_TIMEOUT_S = 60.0


# --- Java ------------------------------------------------------------------------------------


def java_executable(needed_by: str, min_major: int = MIN_JAVA) -> str:
    """The java binary (JAVA_HOME first, then PATH), checked to be ``min_major`` or newer."""
    java_home = os.environ.get("JAVA_HOME")
    candidate = str(Path(java_home) / "bin" / "java") if java_home else None
    java = candidate if candidate and Path(candidate).exists() else shutil.which("java")
    if not java:
        raise LauncherError(
            f"Java {min_major}+ not found on PATH; install it (apt-get install "
            f"openjdk-{min_major}-jdk-headless) or set JAVA_HOME"
        )
    major = java_major(java)
    if major < min_major:
        raise LauncherError(f"{java} is Java {major}; {needed_by} needs Java {min_major}+")
    return java


def java_major(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise LauncherError(f"cannot tell the version of {java}: {out.strip()[:200]}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def javac_beside(java: str) -> str | None:
    """The compiler of the same JDK as ``java`` (symlinks resolved), or None on a bare JRE."""
    for directory in (Path(java).parent, Path(java).resolve().parent):
        javac = directory / "javac"
        if javac.exists():
            return str(javac)
    return None


# --- preconditions ---------------------------------------------------------------------------


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def check_port_free(port: int, name: str, variable: str) -> None:
    if port_in_use(port):
        raise LauncherError(
            f"{name} port {port} on 127.0.0.1 is already in use; stop what uses it "
            f"or choose another port with {variable}"
        )


def check_writable(directory: Path, what: str = "data directory") -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise LauncherError(
            f"{what} {directory} is not writable ({e.strerror}); fix its permissions or set KG_HOME"
        ) from e


# --- pid files -------------------------------------------------------------------------------


def read_pid(pid_file: Path, command_marker: str | None = None) -> int | None:
    """The pid in ``pid_file`` if that process still runs, else None.

    With ``command_marker``, a live process whose command line (read from /proc where there is
    one) lacks the marker is a stranger that reused the pid of a server gone since: None.
    """
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    if command_marker is not None:
        cmdline = _cmdline(pid)
        if cmdline is not None and command_marker not in cmdline:
            return None
    return pid


def _cmdline(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.replace(b"\0", b" ").decode(errors="replace")


# --- starting --------------------------------------------------------------------------------


def spawn(
    cmd: Sequence[str],
    log_file: Path,
    pid_file: Path,
    cwd: Path,
    env: Mapping[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``cmd`` in a new session (its own process group), output appended to the log."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    cwd.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as out:
        proc = subprocess.Popen(
            list(cmd),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            start_new_session=True,
        )
    pid_file.write_text(str(proc.pid))
    return proc


def wait_until_ready(
    proc: subprocess.Popen[bytes],
    ready: Callable[[], bool],
    *,
    name: str,
    what: str,
    timeout_s: float,
    log_file: Path,
    pid_file: Path,
    poll_s: float = 0.5,
) -> None:
    """Poll ``ready`` until it holds; if the process dies or time runs out, raise with the log.

    On time-out the process is stopped, so that a failed start leaves nothing running.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pid_file.unlink(missing_ok=True)
            raise LauncherError(
                f"{name} exited with status {proc.returncode} while starting; "
                f"see {log_file}: {last_lines(log_file, 1)}"
            )
        if ready():
            return
        time.sleep(poll_s)
    stop_pid(proc.pid)
    pid_file.unlink(missing_ok=True)
    raise LauncherError(
        f"{name} did not {what} within {timeout_s:.0f} s; see {log_file}: {last_lines(log_file)}"
    )


def last_lines(path: Path, count: int = 3) -> str:
    """The last ``count`` non-blank lines of a log, joined with ' | ' into one line."""
    try:
        lines = [ln for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return " | ".join(ln.strip()[:300] for ln in lines[-count:])


# --- stopping --------------------------------------------------------------------------------


def stop_pid(pid: int, timeout_s: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM the process (its whole group when it leads one), SIGKILL after the timeout."""
    group = _leads_group(pid)
    if not _signal(pid, signal.SIGTERM, group):
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        _reap(pid)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    _signal(pid, signal.SIGKILL, group)
    _reap(pid)


def _leads_group(pid: int) -> bool:
    try:
        return os.getpgid(pid) == pid
    except ProcessLookupError:
        return False


def _signal(pid: int, sig: signal.Signals, group: bool) -> bool:
    try:
        if group:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        return False
    return True


def _reap(pid: int) -> None:
    """Collect our own child's exit status so that it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
