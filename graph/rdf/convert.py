"""Analyses → RDF. The only module that knows how facts become triples; it never parses Chinese."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ..model import Analysis
from ..resolve import clean
from .namespace import ID, UKG, bind, term

Key = tuple[str, str]


def slug(text: str) -> str:
    """IRI-safe and readable: letters and digits (Chinese included) kept, the rest percent-encoded."""
    return "".join(ch if ch.isalnum() or ch in "-_." else quote(ch, safe="") for ch in text)


def entity_iri(key: Key) -> URIRef:
    cls, name = key
    return ID[f"{cls.lower()}/{slug(name)}"]


def article_iri(doc_id: str) -> URIRef:
    return ID[f"article/{slug(doc_id)}"]


def decimal(value) -> Literal:
    """xsd:decimal in its canonical lexical form (124.0), so the graph reads back identical."""
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


class GraphBuilder:
    """Collects analyses and writes one RDF graph: entities, facts, provenance, articles."""

    def __init__(self) -> None:
        # a plain set of (s, p, o): an rdflib Graph per article cost a third of the build's time
        self.g: set[tuple] = set()
        self.aliases: dict[Key, set[str]] = defaultdict(set)

    def entity(self, key: Key, surface: str | None = None) -> URIRef:
        iri = entity_iri(key)
        if key not in self.aliases:
            self.g.add((iri, RDF.type, term(key[0])))
            self.g.add((iri, RDFS.label, Literal(key[1])))
        if surface is not None:
            alias = clean(surface)
            if alias and alias != key[1] and alias not in self.aliases[key]:
                self.g.add((iri, SKOS.altLabel, Literal(alias)))
        self.aliases[key].add(clean(surface) if surface else key[1])
        return iri

    def stage(self, name: str) -> URIRef:
        """The pipeline stage that produced a fact, as a PROV activity."""
        iri = ID[f"stage/{slug(name)}"]
        self.g.add((iri, RDF.type, PROV.Activity))
        self.g.add((iri, RDFS.label, Literal(name)))
        return iri

    def add(self, a: Analysis, content_hash: str | None = None) -> None:
        g, doc = self.g, a.doc
        art = article_iri(doc.id)
        g.add((art, RDF.type, UKG.Article))
        if content_hash:
            g.add((art, UKG.contentHash, Literal(content_hash)))
        g.add((art, UKG.title, Literal(doc.title)))
        g.add((art, UKG.source, Literal(doc.source)))
        g.add((art, UKG.start, Literal(doc.start, datatype=XSD.integer)))
        g.add((art, UKG.end, Literal(doc.start + len(doc.raw), datatype=XSD.integer)))
        if doc.date:
            g.add((art, UKG.date, Literal(doc.date, datatype=XSD.date)))
        if doc.url:
            g.add((art, UKG.url, Literal(doc.url, datatype=XSD.anyURI)))
        for b in doc.bylines:
            person = self.entity(("Person", b.name))
            g.add((art, UKG.author, person))
            if b.role == "photographer":
                g.add((art, UKG.photographer, person))

        sentences = []
        for n, s in enumerate(a.sentences):
            node = URIRef(f"{art}/s{n}")
            start, end = doc.to_raw(s.start, s.end)
            g.add((node, RDF.type, UKG.Sentence))
            g.add((node, UKG.article, art))
            g.add((node, UKG.text, Literal(doc.raw[start:end])))
            g.add((node, UKG.start, Literal(start, datatype=XSD.integer)))
            g.add((node, UKG.end, Literal(end, datatype=XSD.integer)))
            sentences.append(node)

        for m in a.mentions:
            ent = self.entity(m.key, m.text)
            start, end = doc.to_raw(m.start, m.end)
            node = URIRef(f"{art}/m{start}-{end}-{m.cls.lower()}")
            g.add((node, RDF.type, UKG.Mention))
            g.add((node, UKG.refersTo, ent))
            g.add((node, UKG.sentence, sentences[a.sentence_of(m.start)]))
            g.add((node, UKG.text, Literal(doc.raw[start:end])))
            g.add((node, UKG.start, Literal(start, datatype=XSD.integer)))
            g.add((node, UKG.end, Literal(end, datatype=XSD.integer)))

        for f in a.facts:
            s, p, o = self.entity(f.subject), term(f.prop), self.entity(f.object)
            g.add((s, p, o))
            ev = URIRef(f"{art}/f{digest(s, p, o)}")
            g.add((ev, RDF.type, UKG.Evidence))
            g.add((ev, RDF.subject, s))
            g.add((ev, RDF.predicate, p))
            g.add((ev, RDF.object, o))
            g.add((ev, UKG.sentence, sentences[f.sentence]))
            g.add((ev, PROV.wasGeneratedBy, self.stage(f.stage)))

        for ms in a.memberships:
            node = ID[f"membership/{digest(ms.person, ms.role, ms.organization)}"]
            role = ID[f"role/{slug(ms.role)}"]
            g.add((node, RDF.type, UKG.Membership))
            g.add((node, UKG.member, self.entity(ms.person)))
            g.add((node, UKG.organization, self.entity(ms.organization)))
            g.add((node, UKG.role, role))
            g.add((node, UKG.sentence, sentences[ms.sentence]))
            g.add((node, PROV.wasGeneratedBy, self.stage(ms.stage)))
            g.add((role, RDF.type, UKG.Role))
            g.add((role, RDFS.label, Literal(ms.role)))

        for q in a.quantities:
            start, end = doc.to_raw(q.start, q.end)
            node = URIRef(f"{art}/q{start}-{end}")
            g.add((node, RDF.type, UKG.Quantity))
            g.add((node, UKG.value, decimal(q.value)))
            g.add((node, UKG.unit, Literal(q.unit)))
            if q.indicator:
                g.add((node, UKG.indicator, Literal(q.indicator)))
            g.add((node, UKG.approximate, Literal(q.approximate)))
            g.add((node, UKG.text, Literal(doc.raw[start:end])))
            g.add((node, UKG.sentence, sentences[q.sentence]))
            g.add((node, PROV.wasGeneratedBy, self.stage(q.stage)))
            if q.about:
                g.add((node, UKG.about, self.entity(q.about)))


def article_graph(a: Analysis, content_hash: str | None = None) -> set[tuple]:
    """One article's triples: its own facts, and the type and label of every entity it names."""
    builder = GraphBuilder()
    builder.add(a, content_hash)
    return builder.g


def to_graph(analyses: Iterable[Analysis]) -> Graph:
    """Analyses as one rdflib Graph (for notebooks and tests; builds go through the store)."""
    builder = GraphBuilder()
    for a in analyses:
        builder.add(a)
    g = bind(Graph())
    for t in builder.g:
        g.add(t)
    return g
