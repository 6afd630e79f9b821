"""`unionkg serve` as a user runs it: a real process with a real oxigraph child, on loopback.

Every test starts serve in its own process group and kills that group when it ends, pass or fail,
so no server outlives the test run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
PAGE = "## 标题\n\n本报讯 (记者 王明) 海淀区总工会举办职工羽毛球比赛。\n"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")


def unionkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "graph", *args]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-article build, made by another process so no handle on its store stays open here."""
    page = tmp_path_factory.mktemp("in") / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    subprocess.run(
        unionkg("build", str(page), "-o", str(out), "--no-html"), env=ENV, check=True, capture_output=True
    )
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, ppid, …), or None when gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def alive(pid: int) -> bool:
    fields = stat(pid)
    return fields is not None and fields[0] != "Z"  # a zombie has exited, only not been reaped


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = stat(int(entry.name))
            if fields is not None and fields[1] == str(pid):
                found.append(int(entry.name))
    return found


@contextmanager
def serving(out: Path, port: int) -> Iterator[subprocess.Popen]:
    """`unionkg serve` in a process group of its own; the whole group is killed at the end."""
    proc = subprocess.Popen(
        unionkg("serve", str(out), "--port", str(port)),
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        with suppress(ProcessLookupError):  # the group is gone once its last process is
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)


def wait_until_answering(proc: subprocess.Popen, port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not answers(port):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"port {port} did not answer in {seconds} s"
        time.sleep(0.1)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_stops_serve_and_its_oxigraph_child(built: Path, signum: int) -> None:
    port = free_port()
    with serving(built, port) as proc:
        wait_until_answering(proc, port)
        kids = children(proc.pid)
        assert kids, "no oxigraph child"
        proc.send_signal(signum)  # to serve alone, as `kill PID` does
        assert proc.wait(timeout=20) == 0
        assert not answers(port)
        assert [k for k in kids if alive(k)] == []


def test_a_busy_port_is_one_line_and_status_1(built: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(built, port) as proc:
            out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out, err) == (1, "", f"Error: port {port} is in use (try --port N)\n")
