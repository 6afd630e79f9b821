"""The HTML network at 500, 5,000 and 20,000 nodes: build time, file size, and the time until the
page is drawn and interactive in headless Chromium (network off).

    python benchmarks/network_page.py [--sizes 500,5000,20000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.view import LEGEND_STYLE  # noqa: E402
from graph.view.html import write_html  # noqa: E402

CLASSES = list(LEGEND_STYLE)


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A graph of our shape: many small events and people around fewer unions and places."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        cls = rnd.choices(CLASSES, weights=[8, 10, 8, 20, 25, 5, 2, 6, 6])[0]
        g.add_node(f"n{i}", label=f"{cls}{i}", cls=cls, tooltip=f"{cls}{i}\n《标题》句子{i}")
    for _ in range(int(n * 1.3)):
        a, b = rnd.randrange(n), int(rnd.paretovariate(1.2)) % n
        g.add_edge(f"n{a}", f"n{b}", label="主办", tooltip="《标题》句子")
    return g


def interactive_seconds(page: Path) -> float | None:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--window-size=1400,900",
    ):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    try:
        start = time.perf_counter()
        browser.get(page.resolve().as_uri())
        WebDriverWait(browser, 120, poll_frequency=0.05).until(
            lambda d: d.execute_script("return !!(window.unionkg && window.unionkg.drawn)")
        )
        # interactive: the page answers a search (select + focus) right away
        browser.execute_script("window.unionkg.network.selectNodes([0]); window.unionkg.network.fit();")
        return time.perf_counter() - start
    finally:
        browser.quit()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,5000,20000")
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp())
    print(f"{'nodes':>8}{'edges':>8}{'build s':>10}{'size MB':>10}{'interactive s':>15}")
    for n in map(int, args.sizes.split(",")):
        g = synthetic(n)
        page = out / f"page-{n}.html"
        start = time.perf_counter()
        write_html(
            g, page, title="基准", summary=f"{n} nodes", legend={c: (c, *LEGEND_STYLE[c]) for c in CLASSES}
        )
        built = time.perf_counter() - start
        ready = interactive_seconds(page)
        shown = f"{ready:>15.2f}" if ready is not None else f"{'(no chromium)':>15}"
        print(f"{n:>8}{g.number_of_edges():>8}{built:>10.2f}{page.stat().st_size / 1e6:>10.2f}{shown}")


if __name__ == "__main__":
    main()
