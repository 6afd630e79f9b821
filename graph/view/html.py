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

import bisect
import functools
import html
import importlib.util
import json
import math
import re
import string
from collections import Counter, defaultdict
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_atomic
from .network import Network

if TYPE_CHECKING:
    import networkx as nx

FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
# Above this many nodes the page opens on an overview (positions computed here, physics off, the
# folded classes hidden, labels drawn only where they have room). A 1400×900 window leaves a canvas of
# about 1150×800 px; a labelled node needs about 80×80 px (the layout's edge length) at 100% zoom, so
# about 150 of them fit before the view must shrink below a readable size. The seed page has 52.
OVERVIEW_ABOVE = 150
LABEL_MIN_PX = 9  # in the overview, a label smaller than this on screen is not drawn
LABEL_MAX_PX = 24  # nor larger than this, however far one zooms in
MAX_FOLDED_NAMES = 12  # folded neighbours named in a node's tooltip
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
    g: nx.MultiDiGraph | Network,
    path: Path,
    *,
    title: str,
    summary: str,
    legend: dict[str, tuple[str, str, str]],
    sources: list[str] | None = None,
    fold: Collection[str] = (),
) -> None:
    """Write ``g`` (a Network, or a networkx MultiDiGraph) as an offline interactive page to ``path``
    (atomically).

    Nodes use the attributes ``label``, ``cls`` and ``tooltip``; edges ``label`` and ``tooltip``.
    ``legend`` maps class name → (Chinese label, colour "#rrggbb", vis.js shape name).
    Above ``OVERVIEW_ABOVE`` nodes the page opens on an overview in which the classes in ``fold``
    are hidden (named in their neighbours' tooltips, shown by their legend box or a search).
    The output depends only on the arguments: the same graph gives byte-identical HTML.
    """
    for cls, (_, colour, shape) in legend.items():
        if not COLOUR.fullmatch(colour):
            raise ValueError(f"legend colour for {cls!r} is not #rgb or #rrggbb: {colour!r}")
        if shape not in SWATCH:
            raise ValueError(f"legend shape for {cls!r} is not one of {', '.join(SWATCH)}: {shape!r}")
    net = g if isinstance(g, Network) else Network.of(g)
    page = _page(net, title=title, summary=summary, legend=legend, sources=sources or [], fold=set(fold))
    write_atomic(Path(path), page.encode("utf-8"))


def _sources(files: list[str]) -> str:
    """The files read, as a count that opens into the list (200 names would push the header wide)."""
    if not files:
        return ""
    items = "".join(f"<li>{html.escape(f)}</li>" for f in files)
    return f'<details class="sources"><summary>来源：{len(files)} 个文件</summary><ul>{items}</ul></details>'


def _page(
    g: Network,
    *,
    title: str,
    summary: str,
    legend: dict[str, tuple[str, str, str]],
    sources: list[str],
    fold: set[str],
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

    overview = len(order) > OVERVIEW_ABOVE
    folded = [overview and cls in fold for cls in classes]
    edge_rows = sorted(
        ((index[u], index[v], str(k), d) for (u, v, k), d in g.edges.items()),
        key=lambda row: row[:3],  # never compare the attribute dicts
    )
    pairs = [(a, b) for a, b, _, _ in edge_rows]
    positions = _overview_layout(len(order), pairs, folded) if overview else None
    degrees = g.degrees()
    degree = [degrees[n] for n in order]
    kind = [styles[cls][0] for cls in classes]
    names = _folded_names(order, g, edge_rows, folded, kind) if overview else {}

    nodes = []
    for i, n in enumerate(order):
        attrs = g.nodes[n]
        node: dict[str, object] = {
            "id": i,
            "label": str(attrs.get("label", n)),
            "group": group[classes[i]],
            "size": round(10 + 4 * math.sqrt(degree[i]), 1),  # area grows with degree
        }
        tooltip = "\n".join(x for x in (str(attrs.get("tooltip") or ""), names.get(i, "")) if x)
        if tooltip:
            node["title"] = tooltip
        if positions:
            node["x"], node["y"] = positions[i]
            # the best-connected names are the ones to read first, so they are the largest
            node["font"] = {"size": round(14 + 5 * math.sqrt(degree[i]))}
        if folded[i]:
            node["hidden"] = True
        nodes.append(node)

    edges = []
    seen: Counter[tuple[int, int]] = Counter()  # edges so far between the same two nodes
    for e, (a, b, _, attrs) in enumerate(edge_rows):
        edge: dict[str, object] = {"id": e, "from": a, "to": b, "label": str(attrs.get("label", ""))}
        if attrs.get("tooltip"):
            edge["title"] = str(attrs["tooltip"])
        if folded[a] or folded[b]:
            edge["hidden"] = True
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

    options = _options(styles, group, overview)
    counts = Counter(classes)
    rows = []
    for cls, (label, colour, shape) in styles.items():  # colour is a validated #hex, shape a SWATCH key
        if overview:
            shape = OVERVIEW_SHAPE.get(shape, shape)
        checked = "" if overview and cls in fold else " checked"
        rows.append(
            f'<label title="{html.escape(cls)}"><input type="checkbox"{checked} data-group="{group[cls]}">'
            f'<span class="sw" style="background:{colour};{SWATCH[shape]}"></span>'
            f'<span>{html.escape(label)}</span><span class="count">{counts[cls]}</span></label>'
        )
    data: dict[str, object] = {"nodes": nodes, "edges": edges, "options": options, "overview": overview}
    if overview:
        # the order in which labels claim room: the best-connected first
        data["rank"] = sorted(range(len(order)), key=lambda i: (-degree[i], i))
        data["labelMax"] = LABEL_MAX_PX
    vis_js, vis_css = _vis_assets()
    return PAGE.substitute(
        title=html.escape(title),
        summary=html.escape(summary),
        sources=_sources(sources),
        note=_note(styles, counts, fold) if overview else "",
        font=FONT,
        legend="\n".join(rows),
        data=_script_json(data),
        vis_js=vis_js,
        vis_css=vis_css,
    )


# A box is as big as its label, so in the overview, where a node's size says how connected it is and
# most labels wait for the zoom, organisations are squares.
OVERVIEW_SHAPE = {"box": "square", "database": "square", "text": "dot", "ellipse": "dot", "circle": "dot"}


def _options(styles: dict[str, tuple[str, str, str]], group: dict[str, str], overview: bool) -> dict:
    """vis-network's options: physics for a small graph; fixed positions and thinned labels for an
    overview."""
    if overview:
        physics: dict[str, object] = {"enabled": False}
    else:  # small graphs settle by simulation, stabilised before the first draw
        physics = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": 1000, "fit": True},
        }
    nodes: dict[str, object] = {
        "font": {"face": FONT, "size": 14},
        "borderWidth": 1,
        "borderWidthSelected": 3,
    }
    edges: dict[str, object] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "font": {"face": FONT, "size": 11, "color": "#555555", "strokeWidth": 3, "align": "middle"},
        "color": {"color": "#999999", "highlight": "#d62728", "hover": "#d62728"},
        # Curved edges cost a lot on big graphs; straight ones are enough with fixed positions.
        "smooth": False if overview else {"enabled": True, "type": "continuous"},
    }
    if overview:
        # vis-network skips a label smaller than drawThreshold - 1 px on screen; the page's script
        # keeps only labels that do not collide. Edge labels (11 px) wait until the view is nearly
        # at 100%.
        nodes["scaling"] = {"label": {"drawThreshold": LABEL_MIN_PX + 1}}
        edges["scaling"] = {"label": {"drawThreshold": 11}}
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": {
            group[cls]: {
                "shape": OVERVIEW_SHAPE.get(shape, shape) if overview else shape,
                "color": {
                    "background": colour,
                    "border": "#444444",
                    "highlight": {"background": colour, "border": "#d62728"},
                    "hover": {"background": colour, "border": "#d62728"},
                },
            }
            for cls, (_, colour, shape) in styles.items()
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": overview},
        "layout": {"randomSeed": 1, "improvedLayout": not overview},
        "physics": physics,
    }


def _folded_names(
    order: list,
    g: Network,
    edge_rows: list[tuple[int, int, str, dict]],
    folded: list[bool],
    kind: list[str],
) -> dict[int, str]:
    """For each shown node, tooltip lines naming its folded neighbours by their class's label (kind)
    (a union's people, with their posts), so the overview still says who is there."""
    said: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for a, b, _, attrs in edge_rows:
        for body, other in ((a, b), (b, a)):
            if folded[other] and not folded[body]:
                name, role = str(g.nodes[order[other]].get("label", "")), str(attrs.get("label", ""))
                said[body][kind[other]].add(f"{name}（{role}）" if role else name)
    lines = {}
    for i, by_kind in said.items():
        rows = []
        for label, names in sorted(by_kind.items()):
            shown = sorted(names)
            more = f" 等 {len(shown)} 项" if len(shown) > MAX_FOLDED_NAMES else ""
            rows.append(f"{label}：" + "、".join(shown[:MAX_FOLDED_NAMES]) + more)
        lines[i] = "\n".join(rows)
    return lines


def _note(styles: dict[str, tuple[str, str, str]], counts: Counter[str], fold: set[str]) -> str:
    """What the overview leaves out at first, and how to bring it back."""
    hidden = [f"{styles[c][0]} {counts[c]}" for c in styles if c in fold and counts[c]]
    if not hidden:
        return ""
    return (
        f'<p class="note">概览：已收起 {html.escape("、".join(hidden))} 个节点（见各机构的提示），'
        "勾选图例即显示；搜索也能找到它们。名称在放大后显示。</p>"
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
    # found, not imported: pyvis imports IPython and Jinja, a tenth of a second the page has no use for
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("pyvis is not installed: the page inlines the vis-network it ships")
    lib = Path(spec.origin).parent / "lib" / "vis-9.1.2"
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

    Our own rather than networkx's: deterministic to the bit, and the page never imports networkx.
    Each connected component starts as a radial tree (which gives the global shape), is refined by
    Fruchterman–Reingold, and the components are then packed side by side (``_pack``). FR repulsion only acts between
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


def _overview_layout(n: int, pairs: list[tuple[int, int]], folded: list[bool]) -> list[tuple[int, int]]:
    """Positions for an overview: the shown nodes laid out alone (hidden ones leave no holes); each
    folded node then sits on a ring around its best-connected shown neighbour, where it appears when
    shown, and the folded nodes with no shown neighbour (reporters, say) in a block underneath."""
    shown = [i for i in range(n) if not folded[i]]
    local = {i: j for j, i in enumerate(shown)}
    kept = [(local[a], local[b]) for a, b in pairs if a in local and b in local]
    pos: list[tuple[int, int]] = [(0, 0)] * n
    for i, p in zip(shown, _layout(len(shown), kept), strict=True):
        pos[i] = p
    degree = Counter(x for a, b in pairs if a != b for x in (a, b))
    anchor: dict[int, int] = {}
    for a, b in sorted(pairs):
        for f, body in ((a, b), (b, a)):
            if folded[f] and not folded[body]:
                best = anchor.get(f)
                if best is None or (-degree[body], body) < (-degree[best], best):
                    anchor[f] = body
    around: dict[int, int] = Counter()
    golden = math.pi * (3 - math.sqrt(5))  # successive nodes on a sunflower spiral never line up
    for f in sorted(anchor):
        body = anchor[f]
        k = around[body]
        around[body] += 1
        radius = 60 + 12 * math.sqrt(k)
        pos[f] = (
            round(pos[body][0] + radius * math.cos(k * golden)),
            round(pos[body][1] + radius * math.sin(k * golden)),
        )
    alone = [i for i in range(n) if folded[i] and i not in anchor]
    if alone:
        step = 80
        columns = max(1, math.ceil(math.sqrt(len(alone))))
        left = min((pos[i][0] for i in shown), default=0)
        below = max((pos[i][1] for i in shown), default=0) + 2 * step
        for j, i in enumerate(alone):
            pos[i] = (left + step * (j % columns), below + step * (j // columns))
    return pos


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


Cell = tuple[int, int]


class _Field:
    """Fruchterman–Reingold's state: the nodes' positions and displacements, and the nodes by grid
    cell (2k on a side), each cell's in ascending order (the order in which their pushes are summed),
    kept up to date as nodes move."""

    def __init__(self, pos: list[list[float]], k: float) -> None:
        self.k, self.size = k, 2 * k
        self.xs, self.ys = [p[0] for p in pos], [p[1] for p in pos]
        self.fxs, self.fys = [0.0] * len(pos), [0.0] * len(pos)
        self.where: list[Cell] = [self.cell(x, y) for x, y in zip(self.xs, self.ys, strict=True)]
        self.cells: dict[Cell, list[int]] = {}
        for i, key in enumerate(self.where):
            self.cells.setdefault(key, []).append(i)

    def cell(self, x: float, y: float) -> Cell:
        return int(x // self.size), int(y // self.size)

    def near(self, cell: Cell) -> list[int]:
        """The nodes in the 3×3 cells around ``cell``, column by column, each cell's in order."""
        (cx, cy), get = cell, self.cells.get
        left, right, up, down = cx - 1, cx + 1, cy - 1, cy + 1
        return [
            *get((left, up), ()), *get((left, cy), ()), *get((left, down), ()),
            *get((cx, up), ()), *get(cell, ()), *get((cx, down), ()),
            *get((right, up), ()), *get((right, cy), ()), *get((right, down), ()),
        ]  # fmt: skip

    def repel(self, todo: set[int]) -> None:
        """Set the displacement of each node in ``todo`` to its repulsion: k²/d from every other
        node within 2k, summed in the grid's order."""
        xs, ys, fxs, fys = self.xs, self.ys, self.fxs, self.fys
        reach, kk = self.size * self.size, self.k * self.k
        by_cell: dict[Cell, list[int]] = {}
        for i in todo:
            by_cell.setdefault(self.where[i], []).append(i)
        for cell, members in by_cell.items():
            others = [(j, xs[j], ys[j]) for j in self.near(cell)]
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j, xj, yj in others:
                    dx, dy = xi - xj, yi - yj
                    d2 = dx * dx + dy * dy
                    if d2 < reach and j != i:  # most of the 3×3 cells' nodes are further than 2k
                        if d2 < 1e-6:  # coincident: push apart in a fixed direction (0.1 is within 2k)
                            dx, dy, d2 = (0.1, 0.0, 0.01) if i > j else (-0.1, 0.0, 0.01)
                        f = kk / d2  # k²/d along the unit vector
                        fx += dx * f
                        fy += dy * f
                fxs[i], fys[i] = fx, fy

    def attract(self, links: list[tuple[int, int]]) -> None:
        """Add each link's pull, d²/k, to its ends' displacements, link by link."""
        xs, ys, fxs, fys, k, hypot = self.xs, self.ys, self.fxs, self.fys, self.k, math.hypot
        for a, b in links:
            dx, dy = xs[a] - xs[b], ys[a] - ys[b]
            f = hypot(dx, dy) / k  # d²/k along the unit vector
            fxs[a] -= dx * f
            fys[a] -= dy * f
            fxs[b] += dx * f
            fys[b] += dy * f

    def move(self, todo: set[int], temperature: float) -> set[int]:
        """Move each node in ``todo`` by its displacement, at most ``temperature``; return the
        nodes the next step must visit (but for the linked ones): those with a displacement (one
        too small to change a coordinate counts) and those near where a node moved from or to."""
        xs, ys, fxs, fys, hypot = self.xs, self.ys, self.fxs, self.fys, math.hypot
        pushed, touched = set(), set()
        for i in todo:
            dx, dy = fxs[i], fys[i]
            length = hypot(dx, dy)
            if length > 0:
                pushed.add(i)
                scale = min(length, temperature) / length
                x, y = xs[i] + dx * scale, ys[i] + dy * scale
                if x != xs[i] or y != ys[i]:
                    touched.add(self.where[i])
                    touched.add(self._regrid(i, x, y))
                xs[i], ys[i] = x, y
        for cell in touched:
            pushed.update(self.near(cell))
        return pushed

    def _regrid(self, i: int, x: float, y: float) -> Cell:
        """Put node i, moving to (x, y), in that point's cell, and return the cell."""
        old, key = self.where[i], self.cell(x, y)
        if key != old:
            members = self.cells[old]
            members.remove(i)
            if not members:
                del self.cells[old]
            bisect.insort(self.cells.setdefault(key, []), i)
            self.where[i] = key
        return key


def _refine(pos: list[list[float]], links: list[tuple[int, int]], k: float, iterations: int) -> None:
    """Fruchterman–Reingold in place, with repulsion cut off at 2k via a grid of 2k cells.

    A step visits only the nodes whose displacement can be other than none: the linked ones, the
    pushed ones, and those near where a node moved. A node with no link and no other node in its
    3×3 cells is pushed by nothing, and stays put until a node comes near (most of a big overview's
    nodes, its isolated ones, are such). Each node's pushes are summed in the same order as when
    every node is visited, so the positions are the same to the bit."""
    field = _Field(pos, k)
    linked = {i for link in links for i in link}
    todo = set(range(len(pos)))
    for step in range(iterations):
        field.repel(todo)
        field.attract(links)
        todo = field.move(todo, k * (1 - step / iterations)) | linked  # cooling linearly
    for p, x, y in zip(pos, field.xs, field.ys, strict=True):
        p[0], p[1] = x, y


ASPECT = 1.6  # width / height of the canvas the packed components should fill (a 1400×900 window's)


def _pack(pos: list[list[float]], components: list[list[int]], gap: float) -> list[tuple[int, int]]:
    """Pack the components' bounding boxes (biggest first) into shelves: a shelf is as tall as its
    first box, and the smaller boxes after it stack in columns to its right. Of a few shelf widths,
    the one whose result best fills an ``ASPECT`` canvas wins. Integer positions centred on 0."""
    boxes = []
    for order in components:
        xs, ys = [pos[i][0] for i in order], [pos[i][1] for i in order]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + gap, max(ys) - min(ys) + gap))
    if not boxes:
        return []
    widest = max(w for _, _, w, _ in boxes)
    side = math.sqrt(sum(w * h for _, _, w, h in boxes) * ASPECT)
    best = None
    for f in (0.6, 0.8, 1.0, 1.25, 1.6, 2.0):
        corners, width, height = _shelves(boxes, max(widest, side * f))
        fits = max(width / ASPECT, height)  # the side the canvas must shrink to
        if best is None or fits < best[0]:
            best = (fits, corners)
    assert best is not None
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(pos)
    for order, (left, top, _, _), (x, y) in zip(components, boxes, best[1], strict=True):
        for i in order:
            out[i] = (x + pos[i][0] - left, y + pos[i][1] - top)
    cx = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
    cy = (min(p[1] for p in out) + max(p[1] for p in out)) / 2
    return [(round(px - cx), round(py - cy)) for px, py in out]


def _shelves(
    boxes: list[tuple[float, float, float, float]], width: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Top-left corners of ``boxes`` (left, top, w, h), placed tallest first on shelves at most
    ``width`` wide, and the width and height used."""
    corners: list[tuple[float, float]] = [(0.0, 0.0)] * len(boxes)
    top = shelf = left = column = below = used = (
        0.0  # the shelf's top and height; the column's left, width, filled height
    )
    for b in sorted(range(len(boxes)), key=lambda b: (-boxes[b][3], b)):
        w, h = boxes[b][2], boxes[b][3]
        if shelf and below + h <= shelf and left + max(column, w) <= width:
            corners[b] = (left, top + below)  # under the column's last box
            below += h
            column = max(column, w)
        elif shelf and left + column + w <= width:
            left += column  # a new column on this shelf
            corners[b] = (left, top)
            column, below = w, h
        else:  # a new shelf, as tall as this box (the tallest left)
            top += shelf
            corners[b] = (0.0, top)
            shelf, left, column, below = h, 0.0, w, h
        used = max(used, left + column)
    return corners, used, top + shelf


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
details.sources ul { max-height: 12em; overflow-y: auto; margin: 4px 0; font-size: 12px;
  overflow-wrap: anywhere; }
h1 { margin: 0; font-size: 20px; }
.summary { margin: 4px 0 0; color: #555; font-size: 13px; }
#main { display: flex; flex: 1; min-height: 0; }
#side { width: 240px; flex: none; overflow: auto; padding: 8px 12px; border-right: 1px solid #ddd;
  font-size: 13px; }
#side input[type=search] { width: 150px; }
#msg { color: #a00; min-height: 1em; margin: 4px 0 8px; }
.note { color: #555; font-size: 12px; margin: 0 0 8px; }
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
$note
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
  var groupOf = {}, labelOf = {};
  data.nodes.forEach(function (n) { groupOf[n.id] = n.group; labelOf[n.id] = String(n.label); });
  // for scripts and tests: the network, its data, and whether it has been drawn yet
  window.unionkg = {network: network, nodes: nodes, edges: edges, drawn: false};

  // Hidden: the nodes of unchecked classes (in an overview, the folded classes to begin with),
  // unless a search revealed them, and every edge that touches a hidden node.
  var hidden = {}, revealed = {};
  document.querySelectorAll("input[data-group]").forEach(function (box) {
    hidden[box.getAttribute("data-group")] = !box.checked;
  });
  function isHidden(id) { return !!hidden[groupOf[id]] && !revealed[id]; }
  function showHidden() {
    nodes.update(data.nodes.map(function (n) { return {id: n.id, hidden: isHidden(n.id)}; }));
    edges.update(data.edges.map(function (e) {
      return {id: e.id, hidden: isHidden(e.from) || isHidden(e.to)};
    }));
    schedule();
  }
  document.querySelectorAll("input[data-group]").forEach(function (box) {
    box.addEventListener("change", function () {
      var g = box.getAttribute("data-group");
      hidden[g] = !box.checked;
      data.nodes.forEach(function (n) { if (n.group === g) { delete revealed[n.id]; } });
      showHidden();
    });
  });

  // Overview labels: vis-network draws every label, on top of each other when the view is full.
  // After each zoom or move, a label is kept only if it has room on screen, the selected nodes' and
  // the best-connected first; the others are drawn at size 0 until there is room for them.
  var fontOf = {}, sizeOf = {}, shownSize = {}, widthAt100 = {};
  var measure = document.createElement("canvas").getContext("2d");
  data.nodes.forEach(function (n) {
    fontOf[n.id] = shownSize[n.id] = n.font ? n.font.size : data.options.nodes.font.size;
    sizeOf[n.id] = n.size;
  });
  function textWidth(id, px) {  // widths scale with the font size: measure each label once
    if (widthAt100[id] === undefined) {
      measure.font = "100px " + data.options.nodes.font.face;
      widthAt100[id] = Math.max.apply(null, labelOf[id].split("\\n").map(function (line) {
        return measure.measureText(line).width;
      }));
    }
    return widthAt100[id] * px / 100;
  }
  function declutter() {
    if (!data.overview) { return; }
    // vis-network draws a label down to drawThreshold - 1 px on screen
    var scale = network.getScale(), min = data.options.nodes.scaling.label.drawThreshold - 1, pad = 2;
    var first = network.getSelectedNodes();
    var ids = first.concat(data.rank.filter(function (id) { return first.indexOf(id) < 0; }))
      .filter(function (id) { return !isHidden(id) && labelOf[id]; });
    var positions = network.getPositions(ids), grid = {}, cell = 100, changes = [];
    var view = document.getElementById("net");
    function cells(b, add) {  // the grid cells a box covers; with add, put it there, else test them
      for (var cx = Math.floor(b.l / cell); cx <= Math.floor(b.r / cell); cx++) {
        for (var cy = Math.floor(b.t / cell); cy <= Math.floor(b.b / cell); cy++) {
          var key = cx + "," + cy, list = grid[key] || (grid[key] = []);
          if (add) { list.push(b); continue; }
          for (var k = 0; k < list.length; k++) {
            var o = list[k];
            if (b.l < o.r && o.l < b.r && b.t < o.b && o.t < b.b) { return true; }
          }
        }
      }
      return false;
    }
    ids.forEach(function (id) {
      // in canvas units, no larger than labelMax px on screen (vis-network's own cap, maxVisible,
      // only fades the text)
      var want = Math.min(fontOf[id], data.labelMax / scale), px = want * scale;
      if (px >= min) {  // vis-network draws it: it needs room
        // where vis-network 9 puts a label under its node (Label.calculateLabelSize, "hanging"):
        // the node's edge, plus half a line and 4 px, in canvas units
        var p = network.canvasToDOM({x: positions[id].x, y: positions[id].y + sizeOf[id] + want / 2 + 4});
        var w = textWidth(id, px) / 2 + pad, h = px * labelOf[id].split("\\n").length;
        var box = {l: p.x - w, r: p.x + w, t: p.y - pad, b: p.y + h + pad};
        var away = box.r < 0 || box.l > view.clientWidth || box.b < 0 || box.t > view.clientHeight;
        if (away) {  // off screen: it takes no room from those on it, and is settled when it comes into view
        } else if (cells(box, false)) { want = 0; } else { cells(box, true); }
      }
      if (shownSize[id] !== want) {
        shownSize[id] = want;
        changes.push({id: id, font: {size: want}});
      }
    });
    if (changes.length) { nodes.update(changes); }
  }
  // Whenever the view has moved (a zoom, a drag, a search's animation, a script's moveTo, a resize),
  // thin the labels again once it has been still for a moment.
  var viewKey = "", timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(declutter, 120);
  }
  network.on("afterDrawing", function () {
    if (!data.overview) { return; }
    var at = network.getViewPosition(), box = document.getElementById("net");
    var key = [network.getScale(), at.x, at.y, box.clientWidth, box.clientHeight].join();
    if (key !== viewKey) { viewKey = key; schedule(); }
  });
  network.on("select", function () { if (data.overview) { schedule(); } });  // a selected label first
  network.once("afterDrawing", function () {
    if (!data.overview) { window.unionkg.drawn = true; return; }
    declutter();  // the labels that fit the opening view, then the page counts as drawn
    network.once("afterDrawing", function () { window.unionkg.drawn = true; });
    network.redraw();
  });

  // Search: select and focus a node whose label contains the text, the shown ones first, then the
  // hidden (folded) ones, which it reveals; searching again for the same text moves to the next match.
  var lastQuery = null, lastHit = -1;
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var msg = document.getElementById("msg");
    var query = document.getElementById("q").value.trim().toLowerCase();
    msg.textContent = "";
    if (!query) { return; }
    var matches = data.nodes.filter(function (n) { return labelOf[n.id].toLowerCase().indexOf(query) >= 0; });
    var hits = matches.filter(function (n) { return !hidden[n.group]; })
      .concat(matches.filter(function (n) { return hidden[n.group]; }));
    if (!hits.length) { msg.textContent = "未找到匹配的节点"; network.unselectAll(); return; }
    lastHit = query === lastQuery ? (lastHit + 1) % hits.length : 0;
    lastQuery = query;
    var id = hits[lastHit].id;
    if (isHidden(id)) { revealed[id] = true; showHidden(); }
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
