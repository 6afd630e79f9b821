"""The HTML network in a real headless Chromium, with the network off: it draws, holds the graph's
nodes and edges, logs no error, and runs nothing from the documents' text."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from conftest import CHROMEDRIVER, CHROMIUM, offline_chrome

from graph.view import draw
from graph.view.html import write_html
from graph.view.project import project

ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(
        "Chromium is not installed (Debian packages chromium and chromium-driver)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def browser():
    with offline_chrome("--window-size=1400,900", "--host-resolver-rules=MAP * ~NOTFOUND") as driver:
        yield driver


def open_page(driver, page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # start each page with an empty log
    driver.get(page.resolve().as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.unionkg && window.unionkg.drawn)")
    )


def test_seed_page_draws_offline(browser, seed_graph, tmp_path: Path) -> None:
    page = draw(seed_graph, tmp_path / "graph.html")
    open_page(browser, page)
    net = project(seed_graph)
    assert browser.execute_script("return window.unionkg.nodes.length") == net.number_of_nodes()
    assert browser.execute_script("return window.unionkg.edges.length") == net.number_of_edges()
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    ARTEFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / "seed-network.png"))


def test_search_focuses_a_node(browser, seed_graph, tmp_path: Path) -> None:
    page = draw(seed_graph, tmp_path / "graph.html")
    open_page(browser, page)
    browser.find_element("id", "q").send_keys("平谷区总工会")
    browser.find_element("css selector", "#search button, #search input[type=submit]").click()
    selected = browser.execute_script("return window.unionkg.network.getSelectedNodes()")
    labels = browser.execute_script(
        "return arguments[0].map(function (i) { return window.unionkg.nodes.get(i).label; })", selected
    )
    assert labels == ["平谷区总工会"]


ATTACKS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    "</script><script>window.__pwned = 3</script>",
    "\"'><svg onload=window.__pwned=4>",
]


def test_document_text_runs_nothing(browser, tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    for i, text in enumerate(ATTACKS):
        g.add_node(str(i), label=text, cls="Person", tooltip=text)
    g.add_edge("0", "1", label=ATTACKS[1], tooltip=ATTACKS[2])
    page = tmp_path / "attack.html"
    write_html(g, page, title=ATTACKS[0], summary=ATTACKS[3], legend={"Person": ("人物", "#2ca02c", "dot")})
    open_page(browser, page)
    assert browser.execute_script("return window.__pwned === undefined")
    shown = browser.execute_script("return window.unionkg.nodes.get().map(function (n) { return n.label; })")
    assert sorted(shown) == sorted(ATTACKS)  # the text is shown as text
    assert ATTACKS[0] in browser.find_element("tag name", "h1").text
