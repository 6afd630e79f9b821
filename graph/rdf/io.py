"""Read and write graph files. Every write goes to a temporary file renamed into place."""

from __future__ import annotations

import re
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


def is_store(path: Path) -> bool:
    """Whether ``path`` holds an Oxigraph store (RocksDB keeps its CURRENT file in every one)."""
    return (path / "CURRENT").is_file()


def store_dir(path: Path) -> Path | None:
    """The store directory a path names: a build's output directory (out/) or the store itself.
    None for anything else: a folder of articles is never taken for a store (nor written into)."""
    if not path.is_dir():
        return None
    if is_store(path / "store"):
        return path / "store"
    return path if is_store(path) else None


NOT_A_STORE = "a directory, but not a UnionKG store (give a build's output directory, with store/ in it, or the store itself)"


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
    if path.is_dir():
        raise BadInput(f"{path}: {NOT_A_STORE}")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnknownTerm(f"{path}: unknown graph format {path.suffix!r}; use one of {choices(FORMATS)}")
    g = bind(Graph())
    try:
        g.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise BadInput(parse_error(path, fmt, str(e))) from None
    return g


def serialize(g: Graph, fmt: str) -> bytes:
    return g.serialize(format=fmt, encoding="utf-8")


def parse_error(path: Path, fmt: str, message: str) -> str:
    """A parser's complaint as one line with the file and the line: `g.ttl:3: not valid turtle: …`."""
    line = re.search(r"\bline:? ?(\d+)", message)
    why = re.search(r"Bad syntax \(([^)]*)\)", message)
    reason = why.group(1) if why else message.strip().splitlines()[0] if message.strip() else "unreadable"
    return f"{path}{':' + line.group(1) if line else ''}: not valid {fmt}: {reason}"
