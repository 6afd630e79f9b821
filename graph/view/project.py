"""The graph as a network of entities: relations and memberships as edges, evidence as tooltips."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..model import CLASSES, RELATIONS
from ..rdf.namespace import UKG
from ..resources import resource_dir
from .network import Network

if TYPE_CHECKING:  # imported where a graph algorithm is asked for: a build's page needs none
    import networkx as nx

MAX_EVIDENCE = 3


@cache
def zh_labels() -> dict[str, str]:
    """Chinese labels of the ontology's classes and properties, by local name. (Oxigraph parses the
    ontology in a tenth of the time rdflib takes, which a build's page would wait for.)"""
    ns, label = str(UKG._NS), ox.NamedNode(str(RDFS.label))
    out = {}
    for quad in ox.parse(path=str(resource_dir("ontology") / "unionkg.ttl"), format=ox.RdfFormat.TURTLE):
        s, o = quad.subject, quad.object
        chinese = isinstance(o, ox.Literal) and o.language == "zh"
        if quad.predicate == label and chinese and s.value.startswith(ns):
            out[s.value[len(ns) :]] = o.value
    return out


class Texts(Protocol):
    """What the projection reads of a graph, every term as its text (an IRI, a literal's lexical
    form, a blank node's id): the page shows nothing else of a term. The store's union reads so
    (graph.rdf.union.UnionLines) without making an rdflib term; an rdflib Graph through GraphTexts."""

    def pairs(self, predicate: str) -> Sequence[tuple[str, str]]:
        """Every (subject, object) of ``predicate``, in the graph's order."""
        ...

    def subjects(self, predicate: str, obj: str) -> Sequence[str]:
        """The subjects with ``obj`` (an IRI) as a value of ``predicate``, in the graph's order."""
        ...


class GraphTexts:
    """An rdflib Graph read as Texts."""

    def __init__(self, g: Graph) -> None:
        self.g = g

    def pairs(self, predicate: str) -> list[tuple[str, str]]:
        return [(str(s), str(o)) for s, o in self.g.subject_objects(URIRef(predicate))]

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return [str(s) for s in self.g.subjects(URIRef(predicate), URIRef(obj))]


def _first(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Each subject's first value of a property read whole: one pass instead of a lookup per node
    (on the store, each lookup is a query of its own)."""
    return dict(reversed(pairs))  # a subject's first value comes last, so it is the one kept


def _all(pairs: Iterable[tuple[str, str]], subjects: Collection[str] | None = None) -> dict[str, list[str]]:
    """Each subject's values in order (of ``subjects`` only, when given)."""
    out: dict[str, list[str]] = defaultdict(list)
    for s, o in pairs:
        if subjects is None or s in subjects:
            out[s].append(o)
    return out


def _in_order(sentences: Iterable[str | None]) -> list[str | None]:
    """Distinct sentence IRIs sorted, None (a mention without one) first, as rdflib orders its terms."""
    distinct = set(sentences)
    if None not in distinct:  # as a rule: strings sort without a key, which is twice as fast
        return sorted(distinct)
    return sorted(distinct, key=lambda s: (s is not None, s or ""))


def project(g: Graph | Texts) -> nx.MultiDiGraph:
    """network(g) as a networkx MultiDiGraph."""
    return network(g).to_networkx()


def network(g: Graph | Texts) -> Network:
    """Entities as nodes (label, cls, tooltip); relations and memberships as edges (label, tooltip)."""
    t = GraphTexts(g) if isinstance(g, Graph) else g
    zh = zh_labels()
    net = Network()
    cls_of: dict[str, str] = {}
    for cls in CLASSES:
        for node in t.subjects(RDF.type, UKG[cls]):
            cls_of[node] = cls
    labels, aliases_of = _first(t.pairs(RDFS.label)), _all(t.pairs(SKOS.altLabel))
    memberships = t.subjects(RDF.type, UKG.Membership)
    sentences = t.pairs(UKG.sentence)
    # the evidence of a mention or a fact is its first sentence, of a post every one
    sentence_of, sentences_of = _first(sentences), _all(sentences, set(memberships))
    article_of, title_of, text_of = (
        _first(t.pairs(UKG.article)),
        _first(t.pairs(UKG.title)),
        _first(t.pairs(UKG.text)),
    )

    def evidence(sentence: str | None) -> str:
        article = article_of.get(sentence)
        return f"《{title_of.get(article) if article else None}》{text_of.get(sentence)}"

    said: dict[str, list[str | None]] = defaultdict(list)
    # mentions by the property that only they have: their rdf:type follows from it and may be left out
    for mention, entity in t.pairs(UKG.refersTo):
        said[entity].append(sentence_of.get(mention))
    for node, cls in cls_of.items():
        label = labels.get(node) or node
        aliases = sorted(aliases_of.get(node, ()))
        lines = [f"{label}（{zh.get(cls, cls)}）"]
        if aliases:
            lines.append("别名：" + "、".join(aliases))
        lines += [evidence(s) for s in _in_order(said.get(node, ()))[:MAX_EVIDENCE]]
        net.add_node(node, label=label, cls=cls, tooltip="\n".join(lines))
    because: dict[tuple, list[str | None]] = defaultdict(list)
    subject_of, predicate_of, object_of = (
        _first(t.pairs(RDF.subject)),
        _first(t.pairs(RDF.predicate)),
        _first(t.pairs(RDF.object)),
    )
    for ev in t.subjects(RDF.type, UKG.Evidence):
        because[subject_of.get(ev), predicate_of.get(ev), object_of.get(ev)].append(sentence_of.get(ev))
    for prop in RELATIONS:
        iri = str(UKG[prop])
        for s, o in t.pairs(UKG[prop]):
            if s in cls_of and o in cls_of:
                sentences = _in_order(because.get((s, iri, o), ()))[:MAX_EVIDENCE]
                tip = "\n".join([zh.get(prop, prop)] + [evidence(x) for x in sentences])
                net.add_edge(s, o, key=prop, label=zh.get(prop, prop), tooltip=tip)
    member_of, organization_of, role_of = (
        _first(t.pairs(UKG.member)),
        _first(t.pairs(UKG.organization)),
        _first(t.pairs(UKG.role)),
    )
    for ms in memberships:
        person, org = member_of.get(ms), organization_of.get(ms)
        role = labels.get(role_of.get(ms)) or ""
        if person in cls_of and org in cls_of:
            sentences = _in_order(sentences_of.get(ms, ()))[:MAX_EVIDENCE]
            tip = "\n".join([role] + [evidence(x) for x in sentences])
            net.add_edge(person, org, key=f"role:{role}", label=role, tooltip=tip)
    return net


def neighbourhood(net: nx.MultiDiGraph, names: list[str], hops: int) -> nx.MultiDiGraph:
    """The nodes within ``hops`` of any node whose label contains one of ``names``."""
    import networkx as nx

    seeds = [n for n, d in net.nodes(data=True) if any(x in d["label"] for x in names)]
    keep = set(seeds)
    undirected = net.to_undirected(as_view=True)
    for s in seeds:
        keep |= set(nx.single_source_shortest_path_length(undirected, s, cutoff=hops))
    return net.subgraph(keep).copy()


def most_connected(net: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    ranked = sorted(net.degree, key=lambda x: (-x[1], x[0]))[:n]
    return net.subgraph([node for node, _ in ranked]).copy()
