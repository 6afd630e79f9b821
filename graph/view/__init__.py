"""The HTML network: project the RDF graph onto entities and write an offline vis-network page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from ..errors import UnknownTerm, choices
from ..model import CLASSES

if TYPE_CHECKING:  # networkx is imported only when a page is drawn
    from .network import Network
    from .project import Texts

# colour and vis.js shape per class: organisations are boxes (light, so the label inside reads),
# places triangles and hexagons, people dots, events diamonds
LEGEND_STYLE = {
    "TradeUnion": ("#f4a3a3", "box"),
    "Company": ("#a9cbf0", "box"),
    "Organization": ("#d3bfee", "box"),
    "Person": ("#2ca02c", "dot"),
    "Event": ("#ff7f0e", "diamond"),
    "Place": ("#8c564b", "triangle"),
    "District": ("#17becf", "hexagon"),
    "Subdistrict": ("#7fb8c4", "hexagon"),
    "Community": ("#bcbd22", "triangleDown"),
}
# Hidden when a big graph's page opens on its overview: people (reporters among them) outnumber the
# bodies they belong to and would ring them; each body's tooltip names its people instead.
FOLDED = ("Person",)


def draw(
    g: Graph | Texts,
    path: str | Path,
    *,
    sources: Iterable[str] = (),
    focus: list[str] | None = None,
    hops: int = 1,
    classes: list[str] | None = None,
    max_nodes: int | None = None,
    title: str = "UnionKG 工会知识图谱",
) -> Path:
    """Write an offline HTML network of ``g`` (an rdflib Graph, or the store's union as
    graph.rdf.union.UnionLines, read from the store or made by a build) to ``path`` and return the path."""
    from .html import write_html
    from .project import network, zh_labels

    net = network(g)
    if classes or focus or max_nodes is not None:
        net = _narrow(net, focus=focus, hops=hops, classes=classes, max_nodes=max_nodes)
    zh = zh_labels()
    legend = {cls: (zh.get(cls, cls), *LEGEND_STYLE[cls]) for cls in CLASSES}
    counts = Counter(d["cls"] for d in net.nodes.values())
    # no clock in the page: the same inputs give the same bytes, today and tomorrow
    summary = f"{len(net.nodes)} 个实体 · {len(net.edges)} 条关系 · " + " · ".join(
        f"{zh.get(c, c)} {counts[c]}" for c in CLASSES if counts[c]
    )
    path = Path(path)
    write_html(
        net, path, title=title, summary=summary, legend=legend, sources=sorted(set(sources)), fold=FOLDED
    )
    return path


def _narrow(
    net: Network, *, focus: list[str] | None, hops: int, classes: list[str] | None, max_nodes: int | None
) -> Network:
    """Only the nodes of ``classes``, then those within ``hops`` of a ``focus``, then the
    ``max_nodes`` best connected (with networkx, which the whole graph's page does without)."""
    from .network import Network
    from .project import most_connected, neighbourhood

    g = net.to_networkx()
    if classes:
        unknown = set(classes) - set(CLASSES)
        if unknown:
            raise UnknownTerm(f"No class {', '.join(sorted(unknown))}. Classes: {choices(CLASSES)}")
        g = g.subgraph([n for n, d in g.nodes(data=True) if d["cls"] in classes]).copy()
    if focus:
        labels = sorted({d["label"] for _, d in g.nodes(data=True)})
        for name in focus:
            if not any(name in label for label in labels):
                near = get_close_matches(name, labels, n=5, cutoff=0.3)
                raise UnknownTerm(
                    f"--focus {name}: no node's name holds it"
                    + (f"; the nearest names: {', '.join(near)}" if near else "")
                )
        g = neighbourhood(g, focus, hops)
    if max_nodes is not None:
        g = most_connected(g, max_nodes)
    return Network.of(g)
