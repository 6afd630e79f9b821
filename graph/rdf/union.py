"""The union of the article graphs as sorted lines of N-Triples: graph.ttl and the page in one order,
whatever order the articles were written in, and made without reading the store back.

A first build holds every article's N-Triples already (they went to the store's writer): sorted
and deduplicated, they are the union. A later build, or `unionkg remove`, reads the union from the
store as N-Triples. Either way the lines are the same bytes (the article graphs are written with
the escapes Oxigraph's serializer uses: graph.rdf.convert), so the same triples give the same
graph.ttl and page: a rebuild after a killed build matches a fresh one byte for byte. Turtle is
written from them by Oxigraph's serializer, a stream: reading an on-disk store back in its index
order cost four times as long (each term's text is a lookup of its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .namespace import PREFIXES

NT = ox.RdfFormat.N_TRIPLES


def _prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


class UnionLines:
    """Sorted, distinct lines of N-Triples (without their newlines); ``pairs`` and ``subjects``
    read them as the page's projection does (graph.view.project.Texts)."""

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines
        self._by_predicate: dict[bytes, list[bytes]] | None = None

    @classmethod
    def of(cls, documents: Iterable[bytes]) -> UnionLines:
        """The union of N-Triples documents (each line one triple, as Oxigraph writes them)."""
        seen: set[bytes] = set()
        for doc in documents:
            seen.update(doc.splitlines())
        seen.discard(b"")
        return cls(sorted(seen))

    @classmethod
    def of_store(cls, store) -> UnionLines:
        """The union of an ArticleStore: its default graph, read whole."""
        return cls.of([store.ox.dump(format=NT, from_graph=ox.DefaultGraph())])

    def __len__(self) -> int:
        return len(self.lines)

    def ntriples(self) -> bytes:
        return b"\n".join(self.lines) + b"\n" if self.lines else b""

    def turtle(self) -> bytes:
        """As Turtle, each subject's triples together (the lines are sorted)."""
        return ox.serialize(self._triples(), format=ox.RdfFormat.TURTLE, prefixes=_prefixes()) or b""

    def write_turtle(self, path: Path) -> None:
        """The same, streamed into ``path`` (not atomically: see graph.atomic.atomic_path)."""
        ox.serialize(self._triples(), str(path), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())

    def _triples(self) -> Iterator[ox.Triple]:
        return ox.parse(self.ntriples(), format=NT)

    def _lines_of(self, predicate: str) -> list[bytes]:
        if self._by_predicate is None:
            by: dict[bytes, list[bytes]] = {}
            for line in self.lines:
                # a subject and a predicate hold no space (an IRI or a blank node), an object may
                by.setdefault(line.split(b" ", 2)[1], []).append(line)
            self._by_predicate = by
        return self._by_predicate.get(f"<{predicate}>".encode(), [])

    def pairs(self, predicate: str) -> list[tuple[str, str]]:
        """Every (subject, object) of ``predicate`` as text, in the lines' order."""
        lines = self._lines_of(predicate)
        if not lines:
            return []
        return [(t.subject.value, t.object.value) for t in ox.parse(b"\n".join(lines), format=NT)]

    def subjects(self, predicate: str, obj: str) -> list[str]:
        """The subjects with the IRI ``obj`` as a value of ``predicate``, as text, in the lines' order."""
        tail = f" {ox.NamedNode(obj)} .".encode()
        lines = [line for line in self._lines_of(predicate) if line.endswith(tail)]
        if not lines:
            return []
        return [t.subject.value for t in ox.parse(b"\n".join(lines), format=NT)]
