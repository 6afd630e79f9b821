"""Read and write graph files. Every write goes to a temporary file renamed into place."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..atomic import write_atomic  # noqa: F401 (callers import it from here)
from ..errors import BadInput, UnknownTerm, choices
from .namespace import bind

FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}


def load(path: str | Path) -> Graph:
    """Parse a graph file, the format taken from its suffix."""
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{path}: no such graph file")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnknownTerm(f"{path}: unknown graph format {path.suffix!r}; use one of {choices(FORMATS)}")
    g = bind(Graph())
    try:
        g.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise BadInput(f"{path}: not valid {fmt}: {e}") from None
    return g


def serialize(g: Graph, fmt: str) -> bytes:
    return g.serialize(format=fmt, encoding="utf-8")
