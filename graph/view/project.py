"""The graph as a network of entities: relations and memberships as edges, evidence as tooltips."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..model import CLASSES, RELATIONS
from ..rdf.namespace import UKG
from ..resources import resource_dir

MAX_EVIDENCE = 3


@cache
def zh_labels() -> dict[str, str]:
    """Chinese labels of the ontology's classes and properties, by local name."""
    onto = Graph().parse(resource_dir("ontology") / "unionkg.ttl")
    out = {}
    for s, label in onto.subject_objects(RDFS.label):
        if getattr(label, "language", None) == "zh" and str(s).startswith(str(UKG._NS)):
            out[str(s)[len(str(UKG._NS)) :]] = str(label)
    return out


def _evidence(g: Graph, sentence: URIRef) -> str:
    article = g.value(sentence, UKG.article)
    title = g.value(article, UKG.title) if article else None
    return f"《{title}》{g.value(sentence, UKG.text)}"


def project(g: Graph) -> nx.MultiDiGraph:
    """Entities as nodes (label, cls, tooltip); relations and memberships as edges (label, tooltip)."""
    zh = zh_labels()
    net = nx.MultiDiGraph()
    cls_of = {}
    for cls in CLASSES:
        for node in g.subjects(RDF.type, UKG[cls]):
            cls_of[node] = cls
    said: dict[URIRef, list[URIRef]] = defaultdict(list)
    # mentions by the property that only they have: their rdf:type follows from it and may be left out
    for mention, entity in g.subject_objects(UKG.refersTo):
        said[entity].append(g.value(mention, UKG.sentence))
    for node, cls in cls_of.items():
        label = str(g.value(node, RDFS.label) or node)
        aliases = sorted(str(a) for a in g.objects(node, SKOS.altLabel))
        sentences = sorted(set(said.get(node, [])))[:MAX_EVIDENCE]
        lines = [f"{label}（{zh.get(cls, cls)}）"]
        if aliases:
            lines.append("别名：" + "、".join(aliases))
        lines += [_evidence(g, s) for s in sentences]
        net.add_node(str(node), label=label, cls=cls, tooltip="\n".join(lines))
    because: dict[tuple, list[URIRef]] = defaultdict(list)
    for ev in g.subjects(RDF.type, UKG.Evidence):
        key = (g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object))
        because[key].append(g.value(ev, UKG.sentence))
    for prop in RELATIONS:
        for s, o in g.subject_objects(UKG[prop]):
            if s in cls_of and o in cls_of:
                sentences = sorted(set(because.get((s, UKG[prop], o), [])))[:MAX_EVIDENCE]
                tip = "\n".join([zh.get(prop, prop)] + [_evidence(g, x) for x in sentences])
                net.add_edge(str(s), str(o), key=prop, label=zh.get(prop, prop), tooltip=tip)
    for ms in g.subjects(RDF.type, UKG.Membership):
        person, org = g.value(ms, UKG.member), g.value(ms, UKG.organization)
        role = str(g.value(g.value(ms, UKG.role), RDFS.label) or "")
        if person in cls_of and org in cls_of:
            sentences = sorted(set(g.objects(ms, UKG.sentence)))[:MAX_EVIDENCE]
            tip = "\n".join([role] + [_evidence(g, x) for x in sentences])
            net.add_edge(str(person), str(org), key=f"role:{role}", label=role, tooltip=tip)
    return net


def neighbourhood(net: nx.MultiDiGraph, names: list[str], hops: int) -> nx.MultiDiGraph:
    """The nodes within ``hops`` of any node whose label contains one of ``names``."""
    seeds = [n for n, d in net.nodes(data=True) if any(x in d["label"] for x in names)]
    keep = set(seeds)
    undirected = net.to_undirected(as_view=True)
    for s in seeds:
        keep |= set(nx.single_source_shortest_path_length(undirected, s, cutoff=hops))
    return net.subgraph(keep).copy()


def most_connected(net: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    ranked = sorted(net.degree, key=lambda x: (-x[1], x[0]))[:n]
    return net.subgraph([node for node, _ in ranked]).copy()
