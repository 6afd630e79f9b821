"""`unionkg serve` as a user runs it: a real process with a real oxigraph child, on loopback.

Every test starts serve in its own process group and kills that group when it ends, pass or fail,
so no server outlives the test run."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from conftest import offline_chrome

from graph.rdf.namespace import PREFIXES

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


def page_answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
        return True
    except OSError:
        return False


def wait_until_answering(proc: subprocess.Popen, port: int, seconds: float = 30) -> None:
    """Until the page comes: a connection alone is taken (and queued) before oxigraph is up."""
    deadline = time.monotonic() + seconds
    while not page_answers(port):
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


def test_sigterm_stops_serve_while_requests_come_in(built: Path) -> None:
    """A signal that lands while a request's thread starts must not be taken for that request's
    error (serve then printed a traceback and went on serving)."""
    port = free_port()
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            with suppress(OSError, http.client.HTTPException):  # cut off when serve stops
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()

    with serving(built, port) as proc:
        wait_until_answering(proc, port)
        askers = [threading.Thread(target=ask) for _ in range(8)]
        try:
            for t in askers:
                t.start()
            time.sleep(0.3)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=20) == 0
        finally:
            done.set()
            for t in askers:
                t.join()


def test_serve_stops_with_one_line_when_oxigraph_dies(built: Path) -> None:
    port = free_port()
    with serving(built, port) as proc:
        wait_until_answering(proc, port)
        (kid,) = children(proc.pid)
        os.kill(kid, signal.SIGKILL)
        _, err = proc.communicate(timeout=20)
        assert (proc.returncode, err) == (1, "Error: the oxigraph server stopped on SIGKILL\n")
        assert not answers(port)


def test_a_busy_port_is_one_line_and_status_1(built: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(built, port) as proc:
            out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out, err) == (1, "", f"Error: port {port} is in use (try --port N)\n")


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    """The base URL of one `unionkg serve` shared by the tests that only read from it."""
    port = free_port()
    with serving(built, port) as proc:
        wait_until_answering(proc, port)
        yield f"http://127.0.0.1:{port}"


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def test_query_page_declares_our_prefixes_and_names_no_other_host(served: str) -> None:
    status, page = fetch(served + "/")
    assert status == 200
    for prefix, ns in PREFIXES.items():
        assert f"PREFIX {prefix}: <{ns}>" in page
    outside = page
    for ns in PREFIXES.values():  # namespace names are text in the query, never fetched
        outside = outside.replace(str(ns), "")
    assert re.findall(r"(?:https?:)?//[\w.-]+", outside) == []
    assert "prefixCcApi" in page  # Yasqe's default fetches prefixes from prefix.cc


ASKED = "SELECT ?name WHERE { ?u a ukg:TradeUnion ; rdfs:label ?name }"
DECLARED = "PREFIX ukg: <https://w3id.org/unionkg/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "answer"),
    [
        ("GET", "/query?" + urllib.parse.urlencode({"query": DECLARED + ASKED}), None,
         {"Accept": "text/csv"}, 200, "name\r\n海淀区总工会\r\n"),
        ("POST", "/query", (DECLARED + ASKED).encode(),
         {"Content-Type": "application/sparql-query", "Accept": "text/csv"}, 200, "name\r\n海淀区总工会\r\n"),
        ("POST", "/update", urllib.parse.urlencode({"update": "INSERT DATA { <a:a> <a:b> <a:c> }"}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}, 403, "The server is read-only"),
    ],
)  # fmt: skip
def test_other_requests_reach_oxigraph_unchanged(
    served: str, method: str, path: str, body: bytes | None, headers: dict[str, str], status: int, answer: str
) -> None:
    assert method == ("POST" if body else "GET")
    assert fetch(served + path, body, headers) == (status, answer)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Headless Chromium with the network off, as in test_browser.py; loopback still answers."""
    with offline_chrome("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1") as driver:
        yield driver


def test_query_page_runs_its_query_offline(browser, served: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served + "/")
    yasqe = "window.yasgui && window.yasgui.getTab().getYasqe()"
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(f"return !!({yasqe})"))
    query = browser.execute_script(f"return {yasqe}.getValue()")
    assert query.startswith("PREFIX ukg: <https://w3id.org/unionkg/ns#>\n") and "ukg:TradeUnion" in query
    # the class and property completers ask Linked Open Vocabularies, on the internet, as one types
    assert not {"class", "property"} & set(browser.execute_script(f"return {yasqe}.config.autocompleters"))
    browser.execute_script(f"{yasqe}.query()")
    rows = "return Array.from(document.querySelectorAll('.yasr td')).map((td) => td.innerText).join(' ')"
    WebDriverWait(browser, 30).until(lambda d: "海淀区总工会" in d.execute_script(rows))
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
    assert [u for u in fetched if not u.startswith(served + "/")] == []
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
