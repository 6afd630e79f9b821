"""UnionKG: turn Chinese trade-union news into an RDF knowledge graph.

import graph
result = graph.build(["seeds/"], "out/")      # graph.ttl + graph.html
g = graph.load("out/graph.ttl")
for row in graph.query(g, "events", {"district": "平谷区"}): ...
graph.draw(g, "page.html", focus=["平谷区总工会"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["build", "draw", "load", "query", "validate"]

if TYPE_CHECKING:
    from rdflib import Graph


def build(paths, out=None, **options):
    """Build a graph from files and directories; see graph.build.build."""
    from .builder import build as _build

    return _build(paths, out, **options)


def load(path) -> Graph:
    """Read a graph file (.ttl, .trig, .nt, .jsonld)."""
    from .rdf.io import load as _load

    return _load(path)


def query(g, q: str, params: dict | None = None, **options):
    """Run a named query, .rq file or SPARQL text; ``params`` values are bound, never spliced."""
    from rdflib import Literal, URIRef

    from .sparql import run

    bindings = {k: v if isinstance(v, Literal | URIRef) else Literal(v) for k, v in (params or {}).items()}
    return run(g, q, bindings, **options)


def draw(g, path, **options):
    """Write the offline HTML network; see graph.view.draw."""
    from .view import draw as _draw

    return _draw(g, path, **options)


def validate(g):
    """SHACL violations of ``g`` (empty when it conforms)."""
    from .shapes import validate as _validate

    return _validate(g)
