"""The union of the article graphs as sorted lines of N-Triples: graph.ttl and the page in one order,
whatever order the articles were written in, and made without reading the store back.

A first build holds every article's N-Triples already (they went to the store's writer): sorted
and deduplicated, they are the union. Each build keeps the union's lines beside the store (KEPT),
under a fingerprint of the store's article graphs; a later build adds what it extracted to them and
takes out what left the union, or reads the union from the store when the kept lines are not the
store's (as `unionkg remove` does). Either way the lines are the same bytes (the article graphs are
written with the escapes Oxigraph's serializer uses: graph.rdf.convert), so the same triples give
the same graph.ttl and page: a rebuild after a killed build matches a fresh one byte for byte.
Turtle is written from them by Oxigraph's serializer, a stream: reading an on-disk store back in its
index order cost four times as long (each term's text is a lookup of its own).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from itertools import pairwise
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
        self._nt: bytes | None = None

    @classmethod
    def of(cls, documents: Iterable[bytes], without: Iterable[bytes] = ()) -> UnionLines:
        """The union of N-Triples documents (each line one triple, as Oxigraph writes them), but
        for the lines ``without``."""
        # each document sorted on its own, then all together: the sort merges the runs (an
        # article's lines are mostly one stretch of the union's order), and a repeated line is
        # dropped beside its twin: a third faster than a set of every line, sorted
        lines: list[bytes] = []
        for doc in documents:
            part = doc.splitlines()
            part.sort()
            lines += part
        lines.sort()
        kept = [line for line, after in pairwise(lines) if line != after] + lines[-1:]
        if kept[:1] == [b""]:  # a blank line sorts first
            del kept[0]
        gone = set(without)
        return cls([line for line in kept if line not in gone] if gone else kept)

    @classmethod
    def of_store(cls, store) -> UnionLines:
        """The union of an ArticleStore: its default graph, read whole."""
        return cls.of([read(store)])

    def __len__(self) -> int:
        return len(self.lines)

    def ntriples(self) -> bytes:
        if self._nt is None:
            self._nt = b"\n".join(self.lines) + b"\n" if self.lines else b""
        return self._nt

    def write_kept(self, path: Path, hashes: dict[str, str]) -> None:
        """The lines into ``path`` for the next build (see ``kept``), under the fingerprint of
        the store they are the union of: its article graphs' content hashes."""
        lines = self.ntriples()
        with path.open("wb") as f:
            f.write(b"# %s %s\n" % (fingerprint(hashes), hashlib.sha256(lines).hexdigest().encode()))
            f.write(lines)

    def turtle(self) -> bytes:
        """As Turtle, each subject's triples together (the lines are sorted)."""
        return ox.serialize(self._triples(), format=ox.RdfFormat.TURTLE, prefixes=_prefixes()) or b""

    def write_turtle(self, path: Path) -> None:
        """The same, streamed into ``path`` (not atomically: see graph.atomic.atomic_path)."""
        ox.serialize(self._triples(), str(path), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())

    def _triples(self) -> Iterator[ox.Triple]:
        return ox.parse(self.ntriples(), format=NT)

    def _of(self, predicate: str) -> list[bytes]:
        """The lines of ``predicate``."""
        if self._by_predicate is None:
            by: dict[bytes, list[bytes]] = {}
            for line in self.lines:
                # a subject and a predicate hold no space (an IRI or a blank node), an object may
                by.setdefault(line.split(b" ", 2)[1], []).append(line)
            self._by_predicate = by
        return self._by_predicate.get(f"<{predicate}>".encode(), [])

    def pairs(self, predicate: str) -> list[tuple[str, str]]:
        """Every (subject, object) of ``predicate`` as text, in the lines' order."""
        return [_pair(line) for line in self._of(predicate)]

    def subjects(self, predicate: str, obj: str) -> list[str]:
        """The subjects with the IRI ``obj`` as a value of ``predicate``, as text, in the lines' order."""
        tail = f" {ox.NamedNode(obj)} .".encode()
        return [_pair(line)[0] for line in self._of(predicate) if line.endswith(tail)]


def _pair(line: bytes) -> tuple[str, str]:
    """The text of the subject and the object of a line of N-Triples."""
    s, _, o = line.split(b" ", 2)
    s_text, o_text = _text(s), _text(o[:-2])  # o ends in " ."
    if s_text is None or o_text is None:  # an escape or a blank node: Oxigraph reads the line
        (t,) = ox.parse(line, format=NT)
        return t.subject.value, t.object.value
    return s_text, o_text


def _text(term: bytes) -> str | None:
    """An IRI's or a literal's text, read from its N-Triples without an escape in it; else None."""
    if b"\\" in term:
        return None
    if term[:1] == b"<":
        return term[1:-1].decode()
    if term[:1] == b'"':
        return term[1 : term.rindex(b'"')].decode()  # before ^^<datatype> or @language
    return None


def read(store) -> bytes:
    """An ArticleStore's union as N-Triples (Oxigraph reads it outside Python's lock)."""
    return store.ox.dump(format=NT, from_graph=ox.DefaultGraph())


KEPT = ".union.nt"  # in a build's output folder: the union's sorted lines, for the next build


def fingerprint(hashes: dict[str, str]) -> bytes:
    """What a store's union is made of: each article graph and its content hash."""
    h = hashlib.sha256()
    for graph, digest in sorted(hashes.items()):
        h.update(f"{graph} {digest}\n".encode())
    return h.hexdigest().encode()


def kept(path: Path, hashes: dict[str, str]) -> bytes | None:
    """The union's lines a build kept in ``path`` (UnionLines.write_kept), if it kept them for a
    store whose article graphs have these ``hashes``; else None (a build killed after it wrote
    the store, a file cut short or edited by hand: the store is read instead)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, _, lines = data.partition(b"\n")
    if head != b"# %s %s" % (fingerprint(hashes), hashlib.sha256(lines).hexdigest().encode()):
        return None
    return lines
