"""Shared fixtures: the seed built once per session, from the repository's own seeds/; a real
Oxigraph server on loopback for the tests that push to one."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The rules alone (their tables test what each rule finds); `tagged` adds the learned tagger."""
    from graph.pipeline import RULES_ONLY, Pipeline

    return Pipeline(RULES_ONLY)


@pytest.fixture(scope="session")
def tagged():
    from graph.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built into a temporary out/ (paths recorded relative to the repository)."""
    from graph.builder import build

    out = tmp_path_factory.mktemp("out")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return build(["seeds"], out)
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    return seed_build.graph


def analyse(nlp, text: str, title: str = ""):
    """Run the pipeline on one made-up article."""
    from graph.read import _document

    raw = f"{title}\n\n{text}" if title else text
    return nlp(_document("t", raw, "test", 0, head=len(title), title=title or "t"))


def kept_from(nlp, text: str, rule: str) -> set[str]:
    """What rule ``rule`` found in ``text`` (its id on the mention) that resolve kept: same span and class."""
    a = analyse(nlp, text)
    kept = {(m.start, m.end, m.cls) for m in a.resolved()}
    return {m.text for m in a.mentions if m.rule == rule and (m.start, m.end, m.cls) in kept}


def wait_for(url: str, seconds: float) -> None:
    """Until the server at ``url`` answers (or the time is up: the test then fails on its own)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, seconds: float = 10) -> None:
    """Terminate a server this test started, and kill it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def oxigraph_server(tmp_path: Path):
    """A real Oxigraph server on 127.0.0.1, stopped when the test ends, pass or fail."""
    from graph.rdf.remote import Remote
    from graph.rdf.server import command

    port = free_port()
    proc = subprocess.Popen(
        # as servers are set up: the default graph is a graph of its own (empty until push fills it),
        # not --union-default-graph (which would count a triple once per article graph holding it)
        command(tmp_path / "remote", "127.0.0.1", port, read_only=False),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", 10)
        yield Remote(f"{base}/store", query_url=f"{base}/query", retries=1)
    finally:
        stop(proc)


def normalised(body: list[list[str]]) -> list[tuple[str, ...]]:
    # GROUP_CONCAT's order is not fixed by SPARQL
    return sorted(tuple("; ".join(sorted(c.split("; "))) for c in r) for r in body)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@contextmanager
def offline_chrome(*flags: str) -> Iterator:
    """Headless Chromium with the network off (every host name fails to resolve, any proxy use
    fails), for the page tests; ``flags`` are added (a window size, a host loopback may reach).
    Skips when selenium or Chromium is missing; the browser is closed however the test ends."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Chromium is not installed (Debian packages chromium and chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--proxy-server=http://127.0.0.1:9",
        *flags,
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
