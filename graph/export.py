"""Export a graph as RDF, or as a network file for Gephi (GraphML, GEXF) via networkx."""

from __future__ import annotations

import io

import networkx as nx
from rdflib import Dataset, Graph

from .errors import UnknownTerm, choices
from .rdf.io import serialize
from .rdf.namespace import ID
from .rdf.namespace import bind as bind_dataset

RDF_FORMATS = {"turtle": "turtle", "trig": "trig", "nt": "nt", "jsonld": "json-ld"}
NETWORK_FORMATS = ("graphml", "gexf")


def export(g: Graph, fmt: str) -> bytes:
    """The bytes of ``g`` in ``fmt``."""
    if fmt == "trig":
        # TriG needs a named graph; a plain Graph would be written under a random blank-node name
        ds = bind_dataset(Dataset())
        named = ds.graph(ID["graph"])
        for triple in g:
            named.add(triple)
        return serialize(ds, "trig")
    if fmt in RDF_FORMATS:
        return serialize(g, RDF_FORMATS[fmt])
    if fmt in NETWORK_FORMATS:
        from .view.project import project

        net = nx.DiGraph()  # GEXF and GraphML readers in Gephi want simple graphs with string keys
        full = project(g)
        for n, d in sorted(full.nodes(data=True)):
            net.add_node(n, label=d["label"], cls=d["cls"])
        for s, o, d in sorted(full.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"])):
            if net.has_edge(s, o):
                net[s][o]["label"] += "、" + d["label"]
            else:
                net.add_edge(s, o, label=d["label"])
        buf = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(net, buf)
        return buf.getvalue()
    raise UnknownTerm(f"No export format {fmt!r}. Formats: {choices([*RDF_FORMATS, *NETWORK_FORMATS])}")
