"""The offline HTML network view: no remote hosts, no injectable user text, deterministic output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
import pyvis

from graph.view.html import write_html

LEGEND = {
    "TradeUnion": ("工会", "#e15759", "diamond"),
    "Person": ("人物", "#4e79a7", "dot"),
    "Company": ("企业", "#59a14f", "box"),
}
DATA = re.compile(r'<script id="graph-data" type="application/json">(.*?)</script>', re.S)
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "\"'&",
]


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("u1", label="朝阳区总工会", cls="TradeUnion", tooltip="朝阳区总工会\n类别：工会")
    g.add_node("p1", label="张三", cls="Person", tooltip="张三")
    g.add_node("c1", label="某某公司", cls="Company", tooltip="某某公司")
    g.add_edge("p1", "u1", label="任职于", tooltip="张三 任职于 朝阳区总工会")
    g.add_edge("p1", "u1", label="主席", tooltip="张三 主席 朝阳区总工会")
    g.add_edge("u1", "c1", label="指导", tooltip="朝阳区总工会 指导 某某公司")
    return g


def write(tmp_path: Path, g: nx.MultiDiGraph, name: str = "graph.html", **kw) -> str:
    path = tmp_path / name
    args = {"title": "工会知识图谱", "summary": "3 个节点，3 条关系", "legend": LEGEND} | kw
    write_html(g, path, **args)
    return path.read_text(encoding="utf-8")


def embedded(page: str) -> dict:
    match = DATA.search(page)
    assert match, "no graph-data JSON block"
    return json.loads(match.group(1))


def test_page_is_offline_and_inlines_vis_network(tmp_path: Path) -> None:
    page = write(tmp_path, small_graph())
    assert "http://" not in page and "https://" not in page
    assert "<script src" not in page and "<link" not in page
    vis_js = (Path(pyvis.__file__).parent / "lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")
    body = vis_js[vis_js.index("*/") + 2 :]
    assert body[:2000] in page and body[-2000:] in page  # the library's code itself, inline
    assert "new vis.Network(" in page


def test_content(tmp_path: Path) -> None:
    page = write(tmp_path, small_graph())
    assert "<h1>工会知识图谱</h1>" in page and "3 个节点，3 条关系" in page
    assert "Noto Sans CJK SC" in page
    for label in ("工会", "人物", "企业"):  # legend: label and count per class
        assert f'<span>{label}</span><span class="count">1</span>' in page
    assert page.count('type="checkbox" checked data-group=') == 3 and 'id="q"' in page
    data = embedded(page)
    assert len(data["nodes"]) == 3 and len(data["edges"]) == 3
    assert {e["label"] for e in data["edges"]} == {"任职于", "主席", "指导"}
    assert data["options"]["edges"]["arrows"]["to"]["enabled"] is True
    assert data["options"]["physics"]["enabled"] is True  # small graph: settles by physics
    by_label = {n["label"]: n for n in data["nodes"]}
    assert by_label["朝阳区总工会"]["title"] == "朝阳区总工会\n类别：工会"
    assert by_label["朝阳区总工会"]["size"] > by_label["某某公司"]["size"]  # degree 3 vs 1
    groups = data["options"]["groups"]
    assert groups[by_label["张三"]["group"]]["shape"] == "dot"
    assert groups[by_label["朝阳区总工会"]["group"]]["color"]["background"] == "#e15759"
    parallel = [e for e in data["edges"] if e["label"] in ("任职于", "主席")]
    assert sum("smooth" in e for e in parallel) == 1  # the second of two parallel edges is bent aside


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_is_escaped(tmp_path: Path, text: str) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", label=text, cls=text, tooltip=f"{text}\n{text}")
    g.add_node("b", label="普通", cls="Person", tooltip="x")
    g.add_edge("a", "b", label=text, tooltip=text)
    legend = LEGEND | {text: (text, "#123456", "star")}
    page = write(tmp_path, g, title=text, summary=text, legend=legend)
    for raw in ("<script>alert", "<img src=x", "</script><script>"):
        assert raw not in page
    if text == "\"'&":
        assert "<h1>&quot;&#x27;&amp;</h1>" in page
    # The page's own script blocks are all still there, i.e. user text closed none of them.
    assert page.count("</script>") == 3
    data = embedded(page)  # and the data round-trips to the exact text
    assert data["nodes"][0]["label"] == text and data["nodes"][0]["title"] == f"{text}\n{text}"
    assert data["edges"][0]["label"] == text


def test_urls_in_user_text_are_escaped_too(tmp_path: Path) -> None:
    g = small_graph()
    g.nodes["u1"]["tooltip"] = "来源：https://example.org/a"
    page = write(tmp_path, g)
    assert "https://" not in page
    assert "来源：https://example.org/a" in {n.get("title") for n in embedded(page)["nodes"]}


def test_deterministic(tmp_path: Path) -> None:
    g = small_graph()
    # The same graph built in another insertion order must give the same bytes.
    h = nx.MultiDiGraph()
    h.add_nodes_from(reversed(list(g.nodes(data=True))))
    h.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    a, b = write(tmp_path, g, "a.html"), write(tmp_path, h, "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert a == b
    big = large_graph(400)
    assert write(tmp_path, big, "c.html") == write(tmp_path, big, "d.html")


def large_graph(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    classes = list(LEGEND)
    for i in range(n):
        g.add_node(f"n{i:04d}", label=f"节点{i}", cls=classes[i % 3], tooltip=f"第{i}个")
    for i in range(1, n):  # a binary tree, so n - 1 edges
        g.add_edge(f"n{i:04d}", f"n{(i - 1) // 2:04d}", label="关联", tooltip="")
    return g


def test_large_graph_has_fixed_positions_and_no_physics(tmp_path: Path) -> None:
    g = large_graph(400)
    data = embedded(write(tmp_path, g))
    assert data["options"]["physics"] == {"enabled": False}
    assert len(data["nodes"]) == 400 and len(data["edges"]) == 399
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert all(isinstance(c, int) for p in points for c in p)
    assert len(points) > 390  # spread out, not stacked on one spot
    assert len({e["id"] for e in data["edges"]}) == 399


def test_atomic_write_leaves_only_the_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.html").write_text("old")
    write_html(small_graph(), out / "graph.html", title="t", summary="s", legend=LEGEND)
    assert [p.name for p in out.iterdir()] == ["graph.html"]
    assert (out / "graph.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("style", "problem"),
    [(("人物", "#4e79a7", "blob"), "shape"), (("人物", "red;}</style>", "dot"), "colour")],
)
def test_bad_legend_is_refused(tmp_path: Path, style: tuple[str, str, str], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        write(tmp_path, small_graph(), "x.html", legend=LEGEND | {"Person": style})
    assert not (tmp_path / "x.html").exists()


def union_graph(bodies: int, people_each: int) -> nx.MultiDiGraph:
    """Unions, each with its chair and members, and one reporter linked to nothing."""
    g = nx.MultiDiGraph()
    for u in range(bodies):
        g.add_node(f"u{u:03d}", label=f"第{u}工会", cls="TradeUnion", tooltip=f"第{u}工会")
        if u:
            g.add_edge(f"u{u:03d}", f"u{(u - 1) // 3:03d}", label="隶属", tooltip="")
        for p in range(people_each):
            g.add_node(f"p{u:03d}{p}", label=f"人{u}-{p}", cls="Person", tooltip="")
            g.add_edge(f"p{u:03d}{p}", f"u{u:03d}", label="主席" if p == 0 else "会员", tooltip="")
    g.add_node("reporter", label="记者甲", cls="Person", tooltip="")
    return g


def test_a_big_graph_opens_on_an_overview(tmp_path: Path) -> None:
    from graph.view.html import OVERVIEW_ABOVE

    g = union_graph(60, 2)
    assert g.number_of_nodes() > OVERVIEW_ABOVE
    page = write(tmp_path, g, fold={"Person"})
    data = embedded(page)
    assert data["overview"] is True and data["options"]["physics"] == {"enabled": False}
    people = {n["id"] for n in data["nodes"] if n["label"].startswith(("人", "记者"))}
    assert people == {n["id"] for n in data["nodes"] if n.get("hidden")}  # folded, and only they
    for e in data["edges"]:
        assert e.get("hidden", False) == (e["from"] in people or e["to"] in people)
    # the legend box of the folded class starts unchecked, the others checked
    assert '<input type="checkbox" data-group=' in page and page.count('type="checkbox" checked') == 2
    assert "已收起 人物 121 个节点" in page
    first = next(n for n in data["nodes"] if n["label"] == "第0工会")
    assert first["title"].endswith("人物：人0-0（主席）、人0-1（会员）")
    # sized and labelled by degree, every node placed (the folded ones near their union)
    assert first["size"] > next(n for n in data["nodes"] if n["label"] == "第59工会")["size"]
    assert first["font"]["size"] > next(n for n in data["nodes"] if n["label"] == "第59工会")["font"]["size"]
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert data["rank"][0] == max(data["nodes"], key=lambda n: (n["size"], -n["id"]))["id"]
    labels = data["options"]["nodes"]["scaling"]["label"]
    assert labels["drawThreshold"] > 5  # only a readable label is drawn; the page thins them further
    # a box grows with its label, so organisations are squares in the overview
    assert all(group["shape"] != "box" for group in data["options"]["groups"].values())


def test_a_graph_at_the_threshold_is_drawn_as_before(tmp_path: Path) -> None:
    from graph.view.html import OVERVIEW_ABOVE

    g = union_graph(50, 2)  # 50 unions, 100 people, the reporter: 151 nodes
    g.remove_node("reporter")
    assert g.number_of_nodes() == OVERVIEW_ABOVE
    page = write(tmp_path, g, fold={"Person"})
    data = embedded(page)
    assert data["overview"] is False and data["options"]["physics"]["enabled"] is True
    assert not any(n.get("hidden") or "font" in n or "x" in n for n in data["nodes"])
    assert not any(e.get("hidden") for e in data["edges"])
    assert page.count('type="checkbox" checked') == 3 and "已收起" not in page


def test_a_network_holds_what_its_networkx_graph_holds() -> None:
    from graph.view.network import Network

    for g, hub in ((small_graph(), "u1"), (union_graph(60, 2), "u000")):  # a page, an overview
        g.add_edge(hub, hub, label="自", tooltip="")  # a loop
        net = Network.of(g)
        degrees = {n: d for n, d in g.degree() if d}
        assert dict(net.degrees()) == degrees  # a loop counts twice, as in networkx
        back = net.to_networkx()
        assert list(back.nodes(data=True)) == list(g.nodes(data=True))
        assert list(back.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))


def test_packed_components_do_not_overlap() -> None:
    from graph.view.html import ASPECT, _layout

    # stars of 1 to 30 nodes: components of many sizes
    pairs, n = [], 0
    for size in [1, 2, 2, 3, 5, 8, 13, 21, 30, 1, 1, 4, 6, 2] * 3:
        pairs += [(n, n + i) for i in range(1, size)]
        n += size
    pos = _layout(n, pairs)
    parent = list(range(n))
    for a, b in pairs:
        parent[b] = parent[a]
    boxes = {}
    for i, (x, y) in enumerate(pos):
        left, top, right, bottom = boxes.get(parent[i], (x, y, x, y))
        boxes[parent[i]] = (min(left, x), min(top, y), max(right, x), max(bottom, y))
    found = list(boxes.values())
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            assert not (a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]), (a, b)
    width = max(x for x, _ in pos) - min(x for x, _ in pos)
    height = max(y for _, y in pos) - min(y for _, y in pos)
    assert ASPECT / 2 < width / height < ASPECT * 2  # shaped like the canvas it opens in


def _refine_every_node(
    pos: list[list[float]], links: list[tuple[int, int]], k: float, iterations: int
) -> None:
    """Fruchterman–Reingold over every node at every step, as _refine was first written: what
    _refine, which visits only the nodes that can move, must give to the bit."""
    import math

    cell = 2 * k
    for step in range(iterations):
        temperature = k * (1 - step / iterations)
        disp = [[0.0, 0.0] for _ in pos]
        grid: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(pos):
            grid.setdefault((int(x // cell), int(y // cell)), []).append(i)
        for (cx, cy), members in grid.items():
            near = [j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in grid.get((cx + dx, cy + dy), ())]
            for i in members:
                xi, yi = pos[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    dx, dy = xi - pos[j][0], yi - pos[j][1]
                    d2 = dx * dx + dy * dy
                    if d2 < 1e-6:
                        dx, dy, d2 = (0.1, 0.0, 0.01) if i > j else (-0.1, 0.0, 0.01)
                    if d2 < cell * cell:
                        f = k * k / d2
                        fx += dx * f
                        fy += dy * f
                disp[i][0] += fx
                disp[i][1] += fy
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            f = math.hypot(dx, dy) / k
            disp[a][0] -= dx * f
            disp[a][1] -= dy * f
            disp[b][0] += dx * f
            disp[b][1] += dy * f
        for p, (dx, dy) in zip(pos, disp, strict=True):
            length = math.hypot(dx, dy)
            if length > 0:
                scale = min(length, temperature) / length
                p[0] += dx * scale
                p[1] += dy * scale


@pytest.mark.parametrize("seed", range(40))
def test_refining_only_the_nodes_that_can_move_gives_the_same_positions(seed: int) -> None:
    import random

    from graph.view.html import _refine

    rnd = random.Random(seed)
    n = rnd.choice([1, 2, 8, 60, 300])
    # clusters, coincident nodes, isolated nodes in a row (as the layout places them) and stray links
    pos = [
        [float(rnd.choice([0, 3, rnd.randrange(3000)])), float(rnd.choice([0, rnd.randrange(600)]))]
        for _ in range(n)
    ]
    links = sorted({(a, b) for a, b in (sorted(rnd.sample(range(n), 2)) for _ in range(n // 3)) if a != b})
    iterations = rnd.choice([1, 7, 50])
    expected = [list(p) for p in pos]
    _refine_every_node(expected, links, 80.0, iterations)
    _refine(pos, links, 80.0, iterations)
    assert repr(pos) == repr(expected)  # repr: every bit, the sign of a zero too
