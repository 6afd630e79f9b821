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

from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    with offline_chrome("--window-size=1400,900", "--host-resolver-rules=MAP * ~NOTFOUND") as driver:
        yield driver


def open_page(driver, page: Path) -> None:
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


@pytest.fixture(scope="module")
def overview_page(tmp_path_factory) -> Path:
    """The page of a 200-article build of invented news (tests/corpus.py), one file an article."""
    from corpus import write_corpus

    from graph.builder import build

    root = tmp_path_factory.mktemp("corpus200")
    result = build([write_corpus(root / "news", 200)], root / "out", html=True, jobs=1)
    assert result.added == 200
    return root / "out" / "graph.html"


# The box of each node label drawn on the screen at the current view, in page pixels. vis-network 9
# draws a label when its size on screen is at least drawThreshold - 1 px, centred under its node, its
# top half a line and 4 px below the node's edge (Label.calculateLabelSize with "hanging"); the width
# is the text's, measured apart on a canvas. `vis` is vis-network's own box for the label
# (labelModule.size), as of the last time it drew the node.
DRAWN_LABELS = """
var u = window.unionkg, net = u.network, scale = net.getScale(), view = document.getElementById("net");
var options = JSON.parse(document.getElementById("graph-data").textContent).options.nodes;
var ctx = document.createElement("canvas").getContext("2d");
var shown = u.nodes.get({filter: function (n) { return !n.hidden && n.label; }});
var at = net.getPositions(shown.map(function (n) { return n.id; }));
return shown.map(function (n) {
  var font = n.font && n.font.size !== undefined ? n.font.size : options.font.size, px = font * scale;
  if (px < options.scaling.label.drawThreshold - 1) { return null; }
  ctx.font = px + "px " + options.font.face;
  var width = ctx.measureText(n.label).width;
  var top = net.canvasToDOM({x: at[n.id].x, y: at[n.id].y + n.size + font / 2 + 4});
  var box = {label: n.label, left: top.x - width / 2, right: top.x + width / 2, top: top.y, bottom: top.y + px};
  if (box.right < 0 || box.left > view.clientWidth || box.bottom < 0 || box.top > view.clientHeight) {
    return null;
  }
  var s = net.body.nodes[n.id].labelModule.size;
  var a = net.canvasToDOM({x: s.left, y: s.top}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
  box.vis = [a.x, a.y, b.x, b.y];
  return box;
}).filter(Boolean);
"""


def test_200_articles_open_on_an_overview(browser, overview_page: Path) -> None:
    open_page(browser, overview_page)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    people = browser.find_element("css selector", 'label[title="Person"] input')
    assert not people.is_selected()  # people start folded
    group = people.get_attribute("data-group")
    nodes = browser.execute_script("return window.unionkg.nodes.get()")
    folded = [n for n in nodes if n["group"] == group]
    assert len(folded) > 200 and all(n.get("hidden") for n in folded)
    assert len([n for n in nodes if not n.get("hidden")]) > 150  # unions, bodies, places and events
    hidden = {n["id"] for n in folded}
    for e in browser.execute_script("return window.unionkg.edges.get()"):
        assert bool(e.get("hidden")) == (e["from"] in hidden or e["to"] in hidden)
    # a union's tooltip names its folded people
    titles = browser.execute_script(
        "return window.unionkg.nodes.get().map(function (n) { return n.title || ''; })"
    )
    assert any("区总工会" in t and "人物：" in t for t in titles)
    ARTEFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / "overview-200.png"))


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    by_left = sorted(boxes, key=lambda b: b["left"])
    out = []
    for i, a in enumerate(by_left):
        for b in by_left[i + 1 :]:
            if b["left"] >= a["right"]:
                break
            if a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                out.append((a["label"], b["label"]))
    return out


def test_overview_labels_do_not_overlap(browser, overview_page: Path) -> None:
    open_page(browser, overview_page)
    boxes = browser.execute_script(DRAWN_LABELS)
    assert len(boxes) >= 30  # the view is labelled, not bare
    for b in boxes:  # the boxes are where vis-network drew the labels, to the pixel
        assert b["vis"] == pytest.approx([b["left"], b["top"], b["right"], b["bottom"]], abs=1), b
    assert overlaps(boxes) == []
    # the best-connected nodes are the ones named
    biggest = max(
        browser.execute_script(
            "return window.unionkg.nodes.get({filter: function (n) { return !n.hidden; }})"
        ),
        key=lambda n: (n["size"], -n["id"]),
    )
    assert biggest["label"] in {b["label"] for b in boxes}
    # zoomed in, the labels on screen still do not collide, and none is larger than 24 px
    for scale in (1.0, 3.0):
        browser.execute_script("window.unionkg.network.moveTo({scale: arguments[0]})", scale)
        WebDriverWait(browser, 10).until(
            lambda d: (
                (boxes := d.execute_script(DRAWN_LABELS))
                and not overlaps(boxes)
                and max(b["bottom"] - b["top"] for b in boxes) <= 24.5
            )
        )


def test_overview_header_does_not_scroll_sideways(browser, overview_page: Path) -> None:
    open_page(browser, overview_page)
    wide = "return [document.documentElement.scrollWidth, window.innerWidth]"
    width, inner = browser.execute_script(wide)
    assert width <= inner
    assert "200 个文件" in browser.find_element("css selector", "details.sources summary").text
    browser.find_element("css selector", "details.sources summary").click()  # the 200 sources listed
    width, inner = browser.execute_script(wide)
    assert width <= inner
    header = browser.execute_script("return document.querySelector('header').getBoundingClientRect().height")
    assert header < 300  # the list scrolls inside the header, the network keeps the window


def test_search_reveals_a_folded_person(browser, overview_page: Path) -> None:
    open_page(browser, overview_page)
    person = browser.execute_script(
        "var p = document.querySelector('label[title=\"Person\"] input').getAttribute('data-group');"
        "return window.unionkg.nodes.get({filter: function (n) { return n.group === p; }})[0]"
    )
    assert person["hidden"]
    browser.find_element("id", "q").send_keys(person["label"])
    browser.find_element("css selector", "#search button").click()
    assert browser.execute_script("return window.unionkg.network.getSelectedNodes()") == [person["id"]]
    assert not browser.execute_script("return window.unionkg.nodes.get(arguments[0]).hidden", person["id"])
    # once the view has moved to it, its label is drawn
    WebDriverWait(browser, 10).until(
        lambda d: person["label"] in {b["label"] for b in d.execute_script(DRAWN_LABELS)}
    )
