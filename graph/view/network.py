"""The network a page draws, as plain dicts: what the page needs of a networkx MultiDiGraph, without
importing networkx (a tenth of a second of a build's page) when no graph algorithm is asked for."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class Network:
    """Nodes by id and edges by (from, to, key), each with its attributes, in the order first added.
    Adding a node or an edge again updates its attributes, as in a MultiDiGraph."""

    nodes: dict[Hashable, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[Hashable, Hashable, Hashable], dict[str, Any]] = field(default_factory=dict)

    def add_node(self, node: Hashable, **attrs: Any) -> None:
        self.nodes.setdefault(node, {}).update(attrs)

    def add_edge(self, u: Hashable, v: Hashable, key: Hashable, **attrs: Any) -> None:
        self.nodes.setdefault(u, {})
        self.nodes.setdefault(v, {})
        self.edges.setdefault((u, v, key), {}).update(attrs)

    def degrees(self) -> Counter[Hashable]:
        """Each node's number of edge ends (a loop has two), as networkx counts a node's degree."""
        out: Counter[Hashable] = Counter()
        for u, v, _ in self.edges:
            out[u] += 1
            out[v] += 1
        return out

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same nodes and edges, in the same order, as a networkx MultiDiGraph."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for node, attrs in self.nodes.items():
            g.add_node(node, **attrs)
        for (u, v, key), attrs in self.edges.items():
            g.add_edge(u, v, key=key, **attrs)
        return g

    @classmethod
    def of(cls, g: nx.MultiDiGraph) -> Network:
        """A networkx MultiDiGraph's nodes and edges (its edges in the graph's adjacency order)."""
        net = cls()
        for node, attrs in g.nodes(data=True):
            net.nodes[node] = dict(attrs)
        for u, v, key, attrs in g.edges(keys=True, data=True):
            net.edges[u, v, key] = dict(attrs)
        return net
