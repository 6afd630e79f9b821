"""Export a graph as RDF, or as a network file for Gephi (GraphML, GEXF) via networkx."""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from .errors import BadInput, UnknownTerm, choices
from .rdf.io import serialize
from .rdf.namespace import ORG, term
from .rdf.namespace import bind as bind_dataset

RDF_FORMATS = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads", "jsonld": "json-ld"}
NETWORK_FORMATS = ("graphml", "gexf")
DATASET_FORMATS = ("trig", "nquads")  # one named graph per article, the union as the default graph
OX_INPUT = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".nq": "N_QUADS",
    ".trig": "TRIG",
    ".rdf": "RDF_XML",
    ".xml": "RDF_XML",
    ".owl": "RDF_XML",
}


def export_path(path: Path, fmt: str) -> bytes:
    """The bytes of the graph at ``path`` (a build directory, a store, or a graph file) in ``fmt``.

    RDF is written by Oxigraph, so literals keep the form graph.ttl has ("124"^^xsd:decimal). From a
    store, TriG and N-Quads carry each article's named graph and the union as the default graph;
    from a file, its triples are the default graph."""
    import pyoxigraph as ox

    from .rdf.io import load, store_dir
    from .rdf.namespace import PREFIXES
    from .rdf.store import ArticleStore

    if fmt not in RDF_FORMATS or fmt == "jsonld":
        return export(load(path), fmt)
    found = store_dir(Path(path))
    if found is not None:
        store = ArticleStore(found, read_only=True).ox
    elif Path(path).suffix.lower() in OX_INPUT and Path(path).is_file():
        store = ox.Store()
        try:
            store.load(path=str(path), format=getattr(ox.RdfFormat, OX_INPUT[Path(path).suffix.lower()]))
        except (SyntaxError, ValueError, OSError) as e:
            raise BadInput(f"{path}: not valid RDF: {e}") from None
    else:
        return export(load(path), fmt)  # raises the reader's own error, or converts through rdflib
    kind = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
    }[fmt]
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if fmt in DATASET_FORMATS:
        return store.dump(format=kind, prefixes=prefixes) if fmt == "trig" else store.dump(format=kind)
    if fmt == "turtle":
        return store.dump(format=kind, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    return store.dump(format=kind, from_graph=ox.DefaultGraph())


def export(g: Graph, fmt: str) -> bytes:
    """The bytes of ``g`` in ``fmt``."""
    if fmt in DATASET_FORMATS:
        # a plain graph is the dataset's default graph (no article graphs to name)
        ds = bind_dataset(Dataset(default_union=False))
        for triple in g:
            ds.default_context.add(triple)
        return serialize(ds, RDF_FORMATS[fmt])
    if fmt in RDF_FORMATS:
        return serialize(g, RDF_FORMATS[fmt])
    if fmt in NETWORK_FORMATS:
        from .view.project import project

        # every relation and post an edge of its own (as the page counts them), with its predicate's
        # IRI; a post (member of) carries the role as its label
        net = nx.MultiDiGraph()
        full = project(g)
        for n, d in sorted(full.nodes(data=True)):
            net.add_node(n, label=d["label"], **{"class": d["cls"]})
        for s, o, key, d in sorted(full.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
            post = str(key).startswith("role:")
            predicate = str(ORG.member) if post else str(term(str(key)))
            net.add_edge(s, o, key=str(key), label=d["label"], predicate=predicate)
        buf = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(net, buf)
        # networkx stamps GEXF with today's date: the same graph should give the same bytes
        return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue())
    raise UnknownTerm(f"No export format {fmt!r}. Formats: {choices([*RDF_FORMATS, *NETWORK_FORMATS])}")
