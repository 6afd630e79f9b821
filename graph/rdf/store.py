"""The embedded store: Oxigraph on disk, one named graph per article, keyed by a content hash.

Rebuilding an unchanged article does nothing; a changed article's graph is replaced in one SPARQL
Update (Oxigraph applies an update atomically, so a reader, or a build killed half-way, sees the
old graph or the new one); a removed article's graph can be dropped. Entities keep one IRI across
articles, so they are one node in the union of the graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..errors import BadInput
from .namespace import ID, PREFIXES, UKG

UNION = {"use_default_graph_as_union": True}


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


def graph_iri(doc_id: str) -> str:
    from .convert import slug

    return str(ID[f"graph/{slug(doc_id)}"])


class ArticleStore:
    """Per-article named graphs in an Oxigraph store (on disk when ``path`` is given)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path else None
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

    def __len__(self) -> int:
        return len(self.ox)

    def hashes(self) -> dict[str, str]:
        """Content hash of every article graph, by graph IRI."""
        rows = self.ox.query(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?a a ukg:Article ; ukg:contentHash ?h } }",
            prefixes={"ukg": str(UKG._NS)},
        )
        return {row["g"].value: row["h"].value for row in rows}

    def sources(self) -> dict[str, str]:
        """Source file of every article graph, by graph IRI."""
        rows = self.ox.query(
            "SELECT ?g ?s WHERE { GRAPH ?g { ?a a ukg:Article ; ukg:source ?s } }",
            prefixes={"ukg": str(UKG._NS)},
        )
        return {row["g"].value: row["s"].value for row in rows}

    def replace(self, graph: str, triples: Iterable[tuple]) -> None:
        """Replace one article's graph with ``triples`` (rdflib terms), atomically."""
        g = ox.NamedNode(graph)
        # the terms are written by Oxigraph's own serializer, so no text from a document is spliced raw
        body = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples)
        self.ox.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")

    def remove(self, graph: str) -> bool:
        g = ox.NamedNode(graph)
        if not self.ox.contains_named_graph(g):
            return False
        self.ox.update(f"DROP GRAPH {g}")
        return True

    def graph_triples(self, graph: str) -> set[ox.Triple]:
        return {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        }

    def union(self) -> list[ox.Triple]:
        """Every triple of every article graph, once, in a stable order."""
        seen = {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self.ox.quads_for_pattern(None, None, None, None)
        }
        return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def turtle(self) -> bytes:
        """The union as Turtle: sorted, so that the same store gives the same bytes."""
        prefixes = {k: str(v) for k, v in PREFIXES.items()}
        return ox.serialize(self.union(), format=ox.RdfFormat.TURTLE, prefixes=prefixes)

    def nquads(self) -> bytes:
        return ox.serialize(self.ox, format=ox.RdfFormat.N_QUADS)

    def flush(self) -> None:
        if self.path is not None:
            self.ox.flush()
