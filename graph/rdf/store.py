"""The embedded store: Oxigraph on disk, one named graph per article, keyed by a content hash.

Rebuilding an unchanged article does nothing; a changed article's graph is replaced in one SPARQL
Update (Oxigraph applies an update atomically, so a reader, or a build killed half-way, sees the
old graph or the new one); a removed article's graph can be dropped. A new article's graph is
written with Oxigraph's bulk loader (three to four times faster than a transaction, but not
atomic) and its content hash last, in a transaction: a graph without its hash was cut short, and
is dropped when the store is next opened for writing. Entities keep one IRI across
articles, so they are one node in the union of the graphs.

The same update keeps the default graph current as the union of the article graphs: every triple
of every article graph, once. A triple leaves it when the last article graph holding it does. Queries
(and `unionkg serve`) read the default graph. Oxigraph's own "default graph as union" would repeat a
triple once per graph holding it: an entity named in 5,000 articles would multiply every join it
takes part in by 5,000. (Stores written before kept the union in a named graph; see _migrate.)
The default graph also costs half: Oxigraph indexes its triples three ways, a named graph's six.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..atomic import atomic_path
from ..errors import BadInput
from .namespace import ID, UKG

# a nice writer yields the processor to extraction in this process, the slower end of the pipe: the
# bulk loader runs threads of its own, and with extraction's that is more threads than cores (2 MB
# in one process, ten interleaved runs: 0.3 s less, 7 of 10 faster)
NICE = 10
OLD_UNION = ox.NamedNode(str(ID["graph/union"]))  # where earlier stores kept the union


def to_ox(term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as the Oxigraph term of the same value."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


@dataclass(frozen=True)
class ArticleGraph:
    """One article's graph as N-Triples (bytes cross between processes cheaply, and Oxigraph reads
    them without a Python object per triple): every triple but the content hash, then that one."""

    iri: str
    body: bytes
    stamp: bytes

    @classmethod
    def of(cls, iri: str, triples: Iterable[tuple]) -> ArticleGraph:
        """From rdflib triples."""
        body, stamp = [], []
        for s, p, o in triples:
            (stamp if p == UKG.contentHash else body).append(ox.Triple(to_ox(s), to_ox(p), to_ox(o)))
        nt = ox.RdfFormat.N_TRIPLES
        return cls(iri, ox.serialize(body, format=nt), ox.serialize(stamp, format=nt) if stamp else b"")

    def triples(self) -> set[ox.Triple]:
        return {q.triple for q in ox.parse(self.body + self.stamp, format=ox.RdfFormat.N_TRIPLES)}

    def quads(self, graph: str, data: bytes | None = None) -> bytes:
        """N-Quads in ``graph``. (A line of N-Triples ends in " .\n"; no term holds a raw newline.
        N-Triples as they are are N-Quads in the default graph.)"""
        return (self.body if data is None else data).replace(b" .\n", f" <{graph}> .\n".encode())


def _with_union_copies(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    for q in quads:
        yield q
        yield ox.Quad(q.subject, q.predicate, q.object)


class ArticleStore:
    """Per-article named graphs in an Oxigraph store (on disk when ``path`` is given)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path else None
        self.dropped: set[ox.Triple] = set()  # triples of graphs replaced or removed since opened
        try:
            if self.path is None:
                self.ox = ox.Store()
            elif read_only:
                self.ox = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(self.path))
        except OSError as e:
            raise BadInput(f"{self.path}: cannot open the store: {e}") from None
        if self.ox.contains_named_graph(OLD_UNION):
            if read_only:
                raise BadInput(
                    f"{self.path}: an earlier UnionKG wrote this store; open it once for writing "
                    "(unionkg build ... -o DIR, or unionkg remove) to bring it up to date"
                )
            self._migrate()
        if self.path is not None and not read_only:
            self.repair()

    def _migrate(self) -> None:
        """Move the union from the named graph where earlier stores kept it to the default graph."""
        self.ox.update(f"MOVE {OLD_UNION} TO DEFAULT")

    def repair(self) -> list[str]:
        """Drop the article graphs a killed build left without their content hash (see above)."""
        hashed = self.hashes()
        cut = [g.value for g in self.ox.named_graphs() if g.value not in hashed]
        for g in cut:
            self.remove(g)
        return cut

    def __len__(self) -> int:
        return len(self.ox)

    def empty(self) -> bool:
        """Whether the store holds no quad at all (without counting them)."""
        return next(iter(self.ox), None) is None

    def _per_graph(self, prop: str) -> dict[str, str]:
        rows = self.ox.query(
            f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ ?a a ukg:Article ; ukg:{prop} ?v }} }}",
            prefixes={"ukg": str(UKG._NS)},
        )
        return {row["g"].value: row["v"].value for row in rows}

    def hashes(self) -> dict[str, str]:
        """Content hash of every article graph, by graph IRI."""
        return self._per_graph("contentHash")

    def sources(self) -> dict[str, str]:
        """Source file of every article graph, by graph IRI."""
        return self._per_graph("source")

    def replace(self, graph: str, triples: Iterable[tuple]) -> None:
        """Replace one article's graph with ``triples`` (rdflib terms)."""
        self.replace_many([ArticleGraph.of(graph, triples)])

    def replace_many(self, items: list[ArticleGraph]) -> None:
        """Replace several articles' graphs: new ones with the bulk loader (their hashes last),
        changed ones in one atomic update that also takes stale triples out of the union."""
        parts, gone = [], set()
        fresh, fresh_union, stamps = [], [], []
        for item in items:
            graph, g = item.iri, ox.NamedNode(item.iri)
            if not self.ox.contains_named_graph(g):
                fresh.append(item.quads(graph))
                fresh_union.append(item.body)
                stamps += [item.quads(graph, item.stamp), item.stamp]
                continue
            new = item.triples()
            gone |= self.graph_triples(graph) - new
            # the terms are written by Oxigraph's own serializer: no document text is spliced raw
            body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in new)
            parts.append(
                f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }} ;\n"
                f"INSERT DATA {{\n{body}\n}}"
            )
        if fresh:  # the article graphs, then the union, then the hashes that mark both whole
            self.ox.bulk_load(b"".join(fresh), format=ox.RdfFormat.N_QUADS)
            self.ox.bulk_load(b"".join(fresh_union), format=ox.RdfFormat.N_QUADS)
            self.ox.load(b"".join(stamps), format=ox.RdfFormat.N_QUADS)
        if parts:
            self.ox.update(" ;\n".join(parts) + self._forget(gone))

    def _forget(self, triples: set[ox.Triple]) -> str:
        """Update text that takes these triples out of the union unless another article has them."""
        if not triples:
            return ""
        self.dropped |= triples
        values = "\n".join(f"({t.subject} {t.predicate} {t.object})" for t in triples)
        return (
            f" ;\nDELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{\n{values}\n}}"
            f" FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
        )

    def remove(self, graph: str) -> bool:
        g = ox.NamedNode(graph)
        if not self.ox.contains_named_graph(g):
            return False
        self.ox.update(f"DROP GRAPH {g}" + self._forget(self.graph_triples(graph)))
        return True

    def load_nquads(self, data: bytes | str | Path) -> None:
        """Load article graphs written as N-Quads (a file path or the bytes) and their union."""
        if isinstance(data, bytes):
            quads = ox.parse(data, format=ox.RdfFormat.N_QUADS)
        else:
            quads = ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS)
        # one pass: each quad and its union copy (the store keeps a repeated quad once)
        self.ox.bulk_extend(_with_union_copies(quads))

    def graph_triples(self, graph: str) -> set[ox.Triple]:
        return {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        }

    def left_union(self) -> list[bytes]:
        """The triples that left the union since the store was opened (their graphs replaced or
        removed, and no other graph holding them), as lines of N-Triples."""
        union = ox.DefaultGraph()
        return [
            f"{t.subject} {t.predicate} {t.object} .".encode()
            for t in self.dropped
            if ox.Quad(t.subject, t.predicate, t.object, union) not in self.ox
        ]

    def union_triples(self) -> set[ox.Triple]:
        """The default graph: every triple of every article graph, once."""
        return {q.triple for q in self.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())}

    def union(self) -> list[ox.Triple]:
        """The same, in a stable order."""
        return sorted(self.union_triples(), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def turtle(self, path: Path | None = None) -> bytes:
        """The union as Turtle, in the order of its sorted N-Triples (graph.rdf.union): the same
        triples give the same bytes, however and in whatever order they were written. With
        ``path``, written there atomically, and b"" returned."""
        from .union import UnionLines

        union = UnionLines.of_store(self)
        if path is None:
            return union.turtle()
        with atomic_path(path) as tmp:
            union.write_turtle(tmp)
        return b""

    def nquads(self) -> bytes:
        """The article graphs (not the union, which any store can make again) as N-Quads."""
        quads = (q for q in self.ox if q.graph_name != ox.DefaultGraph())
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)

    def flush(self) -> None:
        if self.path is not None:
            self.ox.flush()


class Writer:
    """Writes batches of article graphs into a store from a thread of its own: Oxigraph's bulk
    loader runs outside the GIL, so extraction goes on while a batch is written. Batches are
    written in the order given; a failed write is raised at the next ``put`` or at ``close``.
    ``idle`` is set while the thread waits for a batch. With ``nice``, the thread (and the
    loader's threads it starts) yields the processor to the others of this process: to extraction,
    when it runs here."""

    def __init__(self, store: ArticleStore, *, nice: bool = False) -> None:
        self.store = store
        self.nice = nice
        self.queue: queue.Queue[list[ArticleGraph] | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.idle = threading.Event()  # set while the thread waits for a batch
        self.thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        if self.nice and sys.platform == "linux":  # a thread's own niceness, which its threads inherit
            me = threading.get_native_id()
            with contextlib.suppress(OSError):  # never above the process's own priority
                os.setpriority(os.PRIO_PROCESS, me, max(os.getpriority(os.PRIO_PROCESS, me), NICE))
        while True:
            self.idle.set()
            batch = self.queue.get()
            self.idle.clear()
            if batch is None:
                break
            if self.error is None:  # after a failure, batches are taken and dropped: put never blocks
                try:
                    self.store.replace_many(batch)
                except BaseException as e:  # handed to the thread that called put or close
                    self.error = e

    def put(self, batch: list[ArticleGraph]) -> None:
        self._raise()
        self.queue.put(batch)  # waits while a batch is being written: at most two in memory

    def close(self) -> None:
        """Wait for every batch to be written (or dropped, after a failure)."""
        self.queue.put(None)
        self.thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind, value, trace) -> None:
        if kind is None:
            self.close()
        else:  # the build failed (or Ctrl-C): finish the batch being written, drop the one queued
            with contextlib.suppress(queue.Empty):
                self.queue.get_nowait()
            self.queue.put(None)
            self.thread.join()
