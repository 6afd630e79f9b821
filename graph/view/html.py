"""A self-contained HTML page showing the graph as an interactive vis-network view.

The page works offline from disk: vis-network 9.1.2's JS and CSS (shipped inside the pyvis package)
are inlined and nothing refers to another host. All user text reaches the page either through
``html.escape`` or as JSON inside a non-executed ``<script type="application/json">`` block; tooltips
are plain strings, which vis-network 9 shows with ``innerText``, never as HTML.

Why pyvis is used only for its bundled vis-network files and not for its ``Network`` class:
``Network.add_node`` is O(n) per call, ``Options.set`` strips every space (it would mangle the
"Noto Sans CJK SC" font list), and its Jinja template links bootstrap and vis CSS from CDNs even
with ``cdn_resources="in_line"``. The node/edge/options dicts vis-network wants are plain JSON, so
they are built here directly.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
import string
from collections import Counter
from pathlib import Path

import networkx as nx
import pyvis

from ..atomic import write_atomic

FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
FIXED_LAYOUT_ABOVE = 300  # nodes; above this positions are computed here and physics is off
DEFAULT_STYLE = ("#97c2fc", "dot")  # for a class missing from the legend

# Legend swatch CSS per vis.js shape (shapes that need extra data, image/icon/custom, are refused).
SWATCH = {
    "dot": "border-radius:50%",
    "circle": "border-radius:50%",
    "ellipse": "border-radius:50%;width:20px;height:12px",
    "box": "border-radius:3px",
    "square": "",
    "database": "border-radius:6px/3px",
    "text": "height:3px",
    "diamond": "clip-path:polygon(50% 0,100% 50%,50% 100%,0 50%)",
    "triangle": "clip-path:polygon(50% 0,100% 100%,0 100%)",
    "triangleDown": "clip-path:polygon(0 0,100% 0,50% 100%)",
    "hexagon": "clip-path:polygon(25% 0,75% 0,100% 50%,75% 100%,25% 100%,0 50%)",
    "star": "clip-path:polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,50% 70%,21% 91%,32% 57%,2% 35%,39% 35%)",
}
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def write_html(
    g: nx.MultiDiGraph,
    path: Path,
    *,
    title: str,
    summary: str,
    legend: dict[str, tuple[str, str, str]],
    sources: list[str] | None = None,
) -> None:
    """Write ``g`` as an offline interactive page to ``path`` (atomically).

    Nodes use the attributes ``label``, ``cls`` and ``tooltip``; edges ``label`` and ``tooltip``.
    ``legend`` maps class name → (Chinese label, colour "#rrggbb", vis.js shape name).
    The output depends only on the arguments: the same graph gives byte-identical HTML.
    """
    for cls, (_, colour, shape) in legend.items():
        if not COLOUR.fullmatch(colour):
            raise ValueError(f"legend colour for {cls!r} is not #rgb or #rrggbb: {colour!r}")
        if shape not in SWATCH:
            raise ValueError(f"legend shape for {cls!r} is not one of {', '.join(SWATCH)}: {shape!r}")
    page = _page(g, title=title, summary=summary, legend=legend, sources=sources or [])
    write_atomic(Path(path), page.encode("utf-8"))


def _sources(files: list[str]) -> str:
    """The files read, as a count that opens into the list (200 names would push the header wide)."""
    if not files:
        return ""
    items = "".join(f"<li>{html.escape(f)}</li>" for f in files)
    return f'<details class="sources"><summary>来源：{len(files)} 个文件</summary><ul>{items}</ul></details>'


def _page(
    g: nx.MultiDiGraph,
    *,
    title: str,
    summary: str,
    legend: dict[str, tuple[str, str, str]],
    sources: list[str],
) -> str:
    # vis ids are positions in a sorted node list: deterministic, and node ids (often IRIs) stay out of
    # the page.
    order = sorted(g.nodes, key=lambda n: (type(n).__name__, str(n)))
    index = {n: i for i, n in enumerate(order)}
    classes = [str(g.nodes[n].get("cls", "")) for n in order]
    styles = dict(legend)
    for cls in sorted(set(classes) - set(styles)):
        styles[cls] = (cls or "未分类", *DEFAULT_STYLE)
    # vis group names: class names themselves could clash with vis option keys.
    group = {cls: f"g{i}" for i, cls in enumerate(styles)}

    fixed = len(order) > FIXED_LAYOUT_ABOVE
    edge_rows = sorted(
        ((index[u], index[v], str(k), d) for u, v, k, d in g.edges(keys=True, data=True)),
        key=lambda row: row[:3],  # never compare the attribute dicts
    )
    positions = _layout(len(order), [(a, b) for a, b, _, _ in edge_rows]) if fixed else None

    nodes = []
    for i, n in enumerate(order):
        attrs = g.nodes[n]
        node = {
            "id": i,
            "label": str(attrs.get("label", n)),
            "group": group[classes[i]],
            "size": round(10 + 4 * math.sqrt(g.degree(n)), 1),  # area grows with degree
        }
        if attrs.get("tooltip"):
            node["title"] = str(attrs["tooltip"])
        if positions:
            node["x"], node["y"] = positions[i]
        nodes.append(node)

    edges = []
    seen: Counter[tuple[int, int]] = Counter()  # edges so far between the same two nodes
    for e, (a, b, _, attrs) in enumerate(edge_rows):
        edge = {"id": e, "from": a, "to": b, "label": str(attrs.get("label", ""))}
        if attrs.get("tooltip"):
            edge["title"] = str(attrs["tooltip"])
        pair = (min(a, b), max(a, b))
        k = seen[pair]
        seen[pair] += 1
        if k and a != b:
            # Bend parallel and reverse edges apart, alternating sides, so their labels stay readable.
            clockwise = (k % 2 == 1) != (a > b)
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": 0.2 * ((k + 1) // 2),
            }
        edges.append(edge)

    if fixed:
        physics: dict[str, object] = {"enabled": False}
    else:  # small graphs settle by simulation, stabilised before the first draw
        physics = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": 1000, "fit": True},
        }
    options = {
        "nodes": {"font": {"face": FONT, "size": 14}, "borderWidth": 1, "borderWidthSelected": 3},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"face": FONT, "size": 11, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "color": {"color": "#999999", "highlight": "#d62728", "hover": "#d62728"},
            # Curved edges cost a lot on big graphs; straight ones are enough with fixed positions.
            "smooth": False if fixed else {"enabled": True, "type": "continuous"},
        },
        "groups": {
            group[cls]: {
                "shape": shape,
                "color": {
                    "background": colour,
                    "border": "#444444",
                    "highlight": {"background": colour, "border": "#d62728"},
                    "hover": {"background": colour, "border": "#d62728"},
                },
            }
            for cls, (_, colour, shape) in styles.items()
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": fixed},
        "layout": {"randomSeed": 1, "improvedLayout": not fixed},
        "physics": physics,
    }

    counts = Counter(classes)
    rows = []
    for cls, (label, colour, shape) in styles.items():  # colour is a validated #hex, shape a SWATCH key
        rows.append(
            f'<label title="{html.escape(cls)}"><input type="checkbox" checked data-group="{group[cls]}">'
            f'<span class="sw" style="background:{colour};{SWATCH[shape]}"></span>'
            f'<span>{html.escape(label)}</span><span class="count">{counts[cls]}</span></label>'
        )
    data = {"nodes": nodes, "edges": edges, "options": options}
    vis_js, vis_css = _vis_assets()
    return PAGE.substitute(
        title=html.escape(title),
        summary=html.escape(summary),
        sources=_sources(sources),
        font=FONT,
        legend="\n".join(rows),
        data=_script_json(data),
        vis_js=vis_js,
        vis_css=vis_css,
    )


def _script_json(data: object) -> str:
    """JSON that is safe inside <script>: no '<' (so no '</script>' or '<!--'), '>' or '&' at all, and
    every '/' escaped (so even a URL in user text is not a literal http:// in the page). All of these
    are valid JSON string escapes, so JSON.parse / json.loads give back the original text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("/", "\\/"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped in pyvis, made safe to inline."""
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # The bundle's URLs sit in its licence comment and in string literals (e.g. the SVG namespace);
    # "\/" is "/" inside a JS string and harmless in a comment, so this leaves the code unchanged
    # while the page names no remote host.
    js = re.sub(r"(https?)://", r"\1:\\/\\/", js)
    if re.search(r"</script|<!--", js, re.I) or re.search(r"</style|https?://", css, re.I):
        raise RuntimeError(f"{lib} cannot be inlined safely; was pyvis upgraded?")
    return js, css


def _layout(n: int, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Node positions in pixels, centred on 0 and deterministic.

    Pure Python because every networkx layout needs numpy, which the project does not install.
    Each connected component starts as a radial tree (which gives the global shape), is refined by
    Fruchterman–Reingold, and the components are then packed in rows. FR repulsion only acts between
    nodes in neighbouring grid cells (as in the original paper), so an iteration costs O(n + edges)
    rather than O(n²), which is what keeps this usable on thousands of nodes.
    """
    k = 80.0  # ideal edge length, px
    links = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in links:
        adj[a].append(b)
        adj[b].append(a)
    components = _components(adj)
    pos = [[0.0, 0.0] for _ in range(n)]
    x = 0.0
    for order in components:  # side by side, far enough apart not to push each other
        local = _radial(order, adj, k)
        left = min(p[0] for p in local.values())
        right = max(p[0] for p in local.values())
        for i, (lx, ly) in local.items():
            pos[i] = [x + lx - left, ly]
        x += right - left + 6 * k
    _refine(pos, links, k, iterations=max(5, min(50, 100_000 // max(n, 1))))
    return _pack(pos, components, gap=k)


def _components(adj: list[list[int]]) -> list[list[int]]:
    """Connected components in BFS order from their best-connected node, biggest first."""
    seen = [False] * len(adj)
    components = []
    for root in sorted(range(len(adj)), key=lambda i: (-len(adj[i]), i)):
        if not seen[root]:
            seen[root] = True
            order = [root]
            for i in order:  # BFS: order grows while it is read
                for j in adj[i]:
                    if not seen[j]:
                        seen[j] = True
                        order.append(j)
            components.append(order)
    return sorted(components, key=len, reverse=True)


def _radial(order: list[int], adj: list[list[int]], k: float) -> dict[int, tuple[float, float]]:
    """The BFS tree of one component around its first node: rings k apart (wider when a ring's nodes
    need the room), each subtree given an angle in proportion to its leaves."""
    root = order[0]
    parent, depth = {root: -1}, {root: 0}
    for i in order:
        for j in adj[i]:
            if j not in parent:
                parent[j], depth[j] = i, depth[i] + 1
    leaves = dict.fromkeys(order, 0)
    for i in reversed(order):
        leaves[i] = max(leaves[i], 1)
        if parent[i] >= 0:
            leaves[parent[i]] += leaves[i]
    per_ring = Counter(depth.values())
    radius = [0.0]
    for d in range(1, max(depth.values()) + 1):
        radius.append(max(radius[-1] + k, per_ring[d] * k / (2 * math.pi)))
    unit = 2 * math.pi / leaves[root]  # angle per leaf
    start, pos = {root: 0.0}, {}
    for i in order:
        angle = start[i] + unit * leaves[i] / 2  # the middle of its wedge
        pos[i] = (radius[depth[i]] * math.cos(angle), radius[depth[i]] * math.sin(angle))
        offset = start[i]
        for j in adj[i]:
            if parent[j] == i and j not in start:
                start[j] = offset
                offset += unit * leaves[j]
    return pos


def _refine(pos: list[list[float]], links: list[tuple[int, int]], k: float, iterations: int) -> None:
    """Fruchterman–Reingold in place, with repulsion cut off at 2k via a grid of 2k cells."""
    cell = 2 * k
    for step in range(iterations):
        temperature = k * (1 - step / iterations)  # cap on one move, cooling linearly
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
                    if d2 < 1e-6:  # coincident: push apart in a fixed direction
                        dx, dy, d2 = (0.1, 0.0, 0.01) if i > j else (-0.1, 0.0, 0.01)
                    if d2 < cell * cell:
                        f = k * k / d2  # k²/d along the unit vector
                        fx += dx * f
                        fy += dy * f
                disp[i][0] += fx
                disp[i][1] += fy
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            f = math.hypot(dx, dy) / k  # d²/k along the unit vector
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


def _pack(pos: list[list[float]], components: list[list[int]], gap: float) -> list[tuple[int, int]]:
    """Shelf-pack the components' bounding boxes into rows about as wide as the result is tall;
    return integer positions centred on 0."""
    boxes = []
    for order in components:
        xs, ys = [pos[i][0] for i in order], [pos[i][1] for i in order]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + gap, max(ys) - min(ys) + gap))
    area = sum(w * h for _, _, w, h in boxes)
    width = max(max((w for _, _, w, _ in boxes), default=0.0), math.sqrt(area))
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(pos)
    x = y = row = 0.0
    for order, (left, top, w, h) in zip(components, boxes, strict=True):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        for i in order:
            out[i] = (x + pos[i][0] - left, y + pos[i][1] - top)
        x, row = x + w, max(row, h)
    if not out:
        return []
    cx = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
    cy = (min(p[1] for p in out) + max(p[1] for p in out)) / 2
    return [(round(px - cx), round(py - cy)) for px, py in out]


# string.Template ($name) rather than str.format, so CSS/JS braces need no doubling; the JS uses no '$'.
PAGE = string.Template(
    """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$vis_css</style>
<style>
body { margin: 0; height: 100vh; display: flex; flex-direction: column;
  font-family: $font; color: #222; background: #fff; }
header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
header .summary { overflow-wrap: anywhere; }
details.sources ul { max-height: 12em; overflow-y: auto; margin: 4px 0; font-size: 12px; }
h1 { margin: 0; font-size: 20px; }
.summary { margin: 4px 0 0; color: #555; font-size: 13px; }
#main { display: flex; flex: 1; min-height: 0; }
#side { width: 240px; flex: none; overflow: auto; padding: 8px 12px; border-right: 1px solid #ddd;
  font-size: 13px; }
#side input[type=search] { width: 150px; }
#msg { color: #a00; min-height: 1em; margin: 4px 0 8px; }
#net { flex: 1; min-width: 0; }
.legend label { display: flex; align-items: center; gap: 6px; margin: 4px 0; cursor: pointer; }
.sw { display: inline-block; width: 14px; height: 14px; flex: none; box-sizing: border-box; }
.count { color: #777; margin-left: auto; }
div.vis-tooltip { white-space: pre-wrap; max-width: 420px; font-family: $font; }
</style>
</head>
<body>
<header><h1>$title</h1><p class="summary">$summary</p>$sources</header>
<div id="main">
<aside id="side">
<form id="search">
<input id="q" type="search" placeholder="搜索节点名称" autocomplete="off">
<button type="submit">查找</button>
</form>
<p id="msg"></p>
<div class="legend">
$legend
</div>
</aside>
<div id="net"></div>
</div>
<script id="graph-data" type="application/json">$data</script>
<script>$vis_js</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("net"), {nodes: nodes, edges: edges}, data.options);
  var groupOf = {};
  data.nodes.forEach(function (n) { groupOf[n.id] = n.group; });
  // for scripts and tests: the network, its data, and whether it has been drawn yet
  window.unionkg = {network: network, nodes: nodes, edges: edges, drawn: false};
  network.once("afterDrawing", function () { window.unionkg.drawn = true; });

  // Class toggles: hide the nodes of unchecked classes and every edge that touches one.
  var hidden = {};
  document.querySelectorAll("input[data-group]").forEach(function (box) {
    box.addEventListener("change", function () {
      hidden[box.getAttribute("data-group")] = !box.checked;
      nodes.update(data.nodes.map(function (n) { return {id: n.id, hidden: !!hidden[n.group]}; }));
      edges.update(data.edges.map(function (e) {
        return {id: e.id, hidden: !!(hidden[groupOf[e.from]] || hidden[groupOf[e.to]])};
      }));
    });
  });

  // Search: select and focus a visible node whose label contains the text;
  // searching again for the same text moves to the next match.
  var lastQuery = null, lastHit = -1;
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var msg = document.getElementById("msg");
    var query = document.getElementById("q").value.trim().toLowerCase();
    msg.textContent = "";
    if (!query) { return; }
    var hits = data.nodes.filter(function (n) {
      return !hidden[n.group] && String(n.label).toLowerCase().indexOf(query) >= 0;
    });
    if (!hits.length) { msg.textContent = "未找到匹配的节点"; network.unselectAll(); return; }
    lastHit = query === lastQuery ? (lastHit + 1) % hits.length : 0;
    lastQuery = query;
    var id = hits[lastHit].id;
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: {duration: 500}});
    if (hits.length > 1) {
      msg.textContent = "第 " + (lastHit + 1) + " / " + hits.length + " 个匹配，再按查找看下一个";
    }
  });
})();
</script>
</body>
</html>
"""
)
