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


def _first(g: Graph, prop: URIRef) -> dict:
    """Each subject's first value of ``prop``: one pass over the property instead of a lookup per
    node (on the store, each lookup is a query of its own)."""
    out: dict = {}
    for s, o in g.subject_objects(prop):
        out.setdefault(s, o)
    return out


def _all(g: Graph, prop: URIRef) -> dict[URIRef, list]:
    out: dict[URIRef, list] = defaultdict(list)
    for s, o in g.subject_objects(prop):
        out[s].append(o)
    return out


def project(g: Graph) -> nx.MultiDiGraph:
    """Entities as nodes (label, cls, tooltip); relations and memberships as edges (label, tooltip)."""
    zh = zh_labels()
    net = nx.MultiDiGraph()
    cls_of = {}
    for cls in CLASSES:
        for node in g.subjects(RDF.type, UKG[cls]):
            cls_of[node] = cls
    labels, aliases_of, sentence_of = _first(g, RDFS.label), _all(g, SKOS.altLabel), _all(g, UKG.sentence)
    article_of, title_of, text_of = _first(g, UKG.article), _first(g, UKG.title), _first(g, UKG.text)

    def evidence(sentence: URIRef) -> str:
        article = article_of.get(sentence)
        return f"《{title_of.get(article) if article else None}》{text_of.get(sentence)}"

    said: dict[URIRef, list[URIRef]] = defaultdict(list)
    # mentions by the property that only they have: their rdf:type follows from it and may be left out
    for mention, entity in g.subject_objects(UKG.refersTo):
        said[entity].append((sentence_of.get(mention) or [None])[0])
    for node, cls in cls_of.items():
        label = str(labels.get(node) or node)
        aliases = sorted(str(a) for a in aliases_of.get(node, ()))
        sentences = sorted(set(said.get(node, [])))[:MAX_EVIDENCE]
        lines = [f"{label}（{zh.get(cls, cls)}）"]
        if aliases:
            lines.append("别名：" + "、".join(aliases))
        lines += [evidence(s) for s in sentences]
        net.add_node(str(node), label=label, cls=cls, tooltip="\n".join(lines))
    because: dict[tuple, list[URIRef]] = defaultdict(list)
    subject_of, predicate_of, object_of = (
        _first(g, RDF.subject),
        _first(g, RDF.predicate),
        _first(g, RDF.object),
    )
    for ev in g.subjects(RDF.type, UKG.Evidence):
        key = (subject_of.get(ev), predicate_of.get(ev), object_of.get(ev))
        because[key].append((sentence_of.get(ev) or [None])[0])
    for prop in RELATIONS:
        for s, o in g.subject_objects(UKG[prop]):
            if s in cls_of and o in cls_of:
                sentences = sorted(set(because.get((s, UKG[prop], o), [])))[:MAX_EVIDENCE]
                tip = "\n".join([zh.get(prop, prop)] + [evidence(x) for x in sentences])
                net.add_edge(str(s), str(o), key=prop, label=zh.get(prop, prop), tooltip=tip)
    member_of, organization_of, role_of = (
        _first(g, UKG.member),
        _first(g, UKG.organization),
        _first(g, UKG.role),
    )
    for ms in g.subjects(RDF.type, UKG.Membership):
        person, org = member_of.get(ms), organization_of.get(ms)
        role = str(labels.get(role_of.get(ms)) or "")
        if person in cls_of and org in cls_of:
            sentences = sorted(set(sentence_of.get(ms, ())))[:MAX_EVIDENCE]
            tip = "\n".join([role] + [evidence(x) for x in sentences])
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
