"""Read and write graph files. Every write goes to a temporary file renamed into place."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

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


def store_dir(path: Path) -> Path | None:
    """The store directory a path names: a build's output directory (out/) or the store itself."""
    if not path.is_dir():
        return None
    return path / "store" if (path / "store").is_dir() else path


def open_source(path: str | Path):
    """A graph file as an rdflib Graph, or a store directory as an ArticleStore (read-only)."""
    from .store import ArticleStore

    path = Path(path)
    found = store_dir(path)
    if found is not None:
        return ArticleStore(found, read_only=True)
    return load(path)


def load(path: str | Path) -> Graph:
    """Parse a graph file (the format taken from its suffix), or read the union of a store's graphs."""
    path = Path(path)
    found = store_dir(path)
    if found is not None:
        from .store import ArticleStore

        return bind(Graph()).parse(data=ArticleStore(found, read_only=True).turtle(), format="turtle")
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
