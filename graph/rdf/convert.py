"""Analyses → RDF. The only module that knows how facts become triples; it never parses Chinese."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import quote

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ..model import Analysis
from ..resolve import clean
from .namespace import ID, bind, term

Key = tuple[str, str]


def slug(text: str) -> str:
    """IRI-safe and readable: letters and digits (Chinese included) kept, the rest percent-encoded."""
    return "".join(ch if ch.isalnum() or ch in "-_." else quote(ch, safe="") for ch in text)


def entity_iri(key: Key) -> URIRef:
    cls, name = key
    return ID[f"{cls.lower()}/{slug(name)}"]


def article_iri(doc_id: str) -> URIRef:
    return ID[f"article/{slug(doc_id)}"]


def _decimal_text(value) -> str:
    """xsd:decimal in its canonical lexical form (124.0), so the graph reads back identical."""
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


# Triples are written as lines of N-Triples, not as rdflib terms: making and converting the terms
# took half as long again as extraction itself. IRIs here are ours (slugs keep them valid);
# literals are escaped as N-Triples requires.
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _lit(text: str) -> str:
    return f'"{text.translate(_ESCAPE)}"'


def _typed(text: object, datatype: URIRef) -> str:
    return f'"{str(text).translate(_ESCAPE)}"^^<{datatype}>'


def _iri(iri: str) -> str:
    return f"<{iri}>"


A, LABEL, ALT = _iri(RDF.type), _iri(RDFS.label), _iri(SKOS.altLabel)
GENERATED = _iri(PROV.wasGeneratedBy)


class _Terms(dict):
    """``U["title"]`` is ukg:title in N-Triples; a name the ontology lacks raises, as UKG does."""

    def __missing__(self, name: str) -> str:
        self[name] = _iri(term(name))
        return self[name]


U = _Terms()


class GraphBuilder:
    """Collects analyses as N-Triples lines: entities, facts, provenance, articles."""

    def __init__(self) -> None:
        self.lines: set[str] = set()
        self.stamps: set[str] = set()  # content hashes, kept apart: the store writes them last
        self.aliases: dict[Key, set[str]] = defaultdict(set)

    def add_triple(self, s: str, p: str, o: str) -> None:
        self.lines.add(f"{s} {p} {o} .\n")

    def entity(self, key: Key, surface: str | None = None) -> str:
        iri = _iri(entity_iri(key))
        if key not in self.aliases:
            self.add_triple(iri, A, _iri(term(key[0])))
            self.add_triple(iri, LABEL, _lit(key[1]))
        if surface is not None:
            alias = clean(surface)
            if alias and alias != key[1] and alias not in self.aliases[key]:
                self.add_triple(iri, ALT, _lit(alias))
        self.aliases[key].add(clean(surface) if surface else key[1])
        return iri

    def stage(self, name: str) -> str:
        """The pipeline stage that produced a fact, as a PROV activity."""
        iri = _iri(ID[f"stage/{slug(name)}"])
        self.add_triple(iri, A, _iri(PROV.Activity))
        self.add_triple(iri, LABEL, _lit(name))
        return iri

    def add(self, a: Analysis, content_hash: str | None = None) -> None:
        t, doc = self.add_triple, a.doc
        art_iri = str(article_iri(doc.id))
        art = _iri(art_iri)
        t(art, A, U["Article"])
        if content_hash:
            self.stamps.add(f"{art} {U['contentHash']} {_lit(content_hash)} .\n")
        t(art, U["title"], _lit(doc.title))
        t(art, U["source"], _lit(doc.source))
        t(art, U["start"], _typed(doc.start, XSD.integer))
        t(art, U["end"], _typed(doc.start + len(doc.raw), XSD.integer))
        if doc.date:
            t(art, U["date"], _typed(doc.date, XSD.date))
        if doc.url:
            t(art, U["url"], _typed(doc.url, XSD.anyURI))
        for b in doc.bylines:
            person = self.entity(("Person", b.name))
            t(art, U["author"], person)
            if b.role == "photographer":
                t(art, U["photographer"], person)

        sentences = []
        for n, s in enumerate(a.sentences):
            node = _iri(f"{art_iri}/s{n}")
            start, end = doc.to_raw(s.start, s.end)
            t(node, A, U["Sentence"])
            t(node, U["article"], art)
            t(node, U["text"], _lit(doc.raw[start:end]))
            t(node, U["start"], _typed(start, XSD.integer))
            t(node, U["end"], _typed(end, XSD.integer))
            sentences.append(node)

        for m in a.mentions:
            ent = self.entity(m.key, m.text)
            start, end = doc.to_raw(m.start, m.end)
            node = _iri(f"{art_iri}/m{start}-{end}-{m.cls.lower()}")
            t(node, A, U["Mention"])
            t(node, U["refersTo"], ent)
            t(node, U["sentence"], sentences[a.sentence_of(m.start)])
            t(node, U["text"], _lit(doc.raw[start:end]))
            t(node, U["start"], _typed(start, XSD.integer))
            t(node, U["end"], _typed(end, XSD.integer))

        for f in a.facts:
            s, p, o = self.entity(f.subject), _iri(term(f.prop)), self.entity(f.object)
            t(s, p, o)
            # the same IRI as before this module wrote text: digest of the bare IRIs
            ev = _iri(f"{art_iri}/f{digest(s[1:-1], p[1:-1], o[1:-1])}")
            t(ev, A, U["Evidence"])
            t(ev, _iri(RDF.subject), s)
            t(ev, _iri(RDF.predicate), p)
            t(ev, _iri(RDF.object), o)
            t(ev, U["sentence"], sentences[f.sentence])
            t(ev, GENERATED, self.stage(f.stage))

        for ms in a.memberships:
            node = _iri(ID[f"membership/{digest(ms.person, ms.role, ms.organization)}"])
            role = _iri(ID[f"role/{slug(ms.role)}"])
            t(node, A, U["Membership"])
            t(node, U["member"], self.entity(ms.person))
            t(node, U["organization"], self.entity(ms.organization))
            t(node, U["role"], role)
            t(node, U["sentence"], sentences[ms.sentence])
            t(node, GENERATED, self.stage(ms.stage))
            t(role, A, U["Role"])
            t(role, LABEL, _lit(ms.role))

        for q in a.quantities:
            start, end = doc.to_raw(q.start, q.end)
            node = _iri(f"{art_iri}/q{start}-{end}")
            t(node, A, U["Quantity"])
            t(node, U["value"], _typed(_decimal_text(q.value), XSD.decimal))
            t(node, U["unit"], _lit(q.unit))
            if q.indicator:
                t(node, U["indicator"], _lit(q.indicator))
            t(node, U["approximate"], _typed("true" if q.approximate else "false", XSD.boolean))
            t(node, U["text"], _lit(doc.raw[start:end]))
            t(node, U["sentence"], sentences[q.sentence])
            t(node, GENERATED, self.stage(q.stage))
            if q.about:
                t(node, U["about"], self.entity(q.about))

    def ntriples(self) -> tuple[bytes, bytes]:
        """The triples as N-Triples: all but the content hashes, and those."""
        return "".join(self.lines).encode("utf-8"), "".join(self.stamps).encode("utf-8")

    def graph(self) -> Graph:
        body, stamps = self.ntriples()
        return bind(Graph()).parse(data=(body + stamps).decode("utf-8"), format="nt")


def article_ntriples(a: Analysis, content_hash: str | None = None) -> tuple[bytes, bytes]:
    """One article's graph as N-Triples (its own facts, and the type and label of every entity it
    names), the content hash apart."""
    builder = GraphBuilder()
    builder.add(a, content_hash)
    return builder.ntriples()


def article_graph(a: Analysis, content_hash: str | None = None) -> set[tuple]:
    """One article's triples as rdflib terms (for tests and notebooks)."""
    builder = GraphBuilder()
    builder.add(a, content_hash)
    return set(builder.graph())


def to_graph(analyses: Iterable[Analysis]) -> Graph:
    """Analyses as one rdflib Graph (for notebooks and tests; builds go through the store)."""
    builder = GraphBuilder()
    for a in analyses:
        builder.add(a)
    return builder.graph()
