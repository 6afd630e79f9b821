"""Analyses → RDF. The only module that knows how facts become triples; it never parses Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from .. import ids
from ..model import Analysis
from .namespace import bind, term

Key = tuple[str, str]


def _decimal_text(value) -> str:
    """xsd:decimal as Oxigraph gives it back (124, 0.5: no trailing zero, no exponent), so that the
    line written here is the line the store holds. (A value Oxigraph cannot hold as a decimal, of
    more than 18 places, it keeps as written: this text too.)"""
    return "0" if value.is_zero() else format(value.normalize(), "f")


# Triples are written as lines of N-Triples, not as rdflib terms: making and converting the terms
# took half as long again as extraction itself. IRIs here are ours (slugs keep them valid);
# literals are escaped as Oxigraph's serializer escapes them, so that a line written here is the
# line the store gives back for the same triple (graph.rdf.union sorts and compares them as bytes).
_ESCAPE = str.maketrans(
    {chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}
    | {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
)


_ESCAPED = re.compile(r'[\x00-\x1f"\\\x7f]')  # what _ESCAPE changes: most text has none of it


def _lit(text: str) -> str:
    return f'"{text.translate(_ESCAPE) if _ESCAPED.search(text) else text}"'


def _typed(text: object, datatype: str) -> str:
    return _lit(str(text)) + "^^" + datatype


def _int(n: int) -> str:
    return f'"{n}"^^{INTEGER}'  # digits: nothing to escape


def _iri(iri: str) -> str:
    return f"<{iri}>"


A, LABEL, ALT = _iri(RDF.type), _iri(RDFS.label), _iri(SKOS.altLabel)
GENERATED = _iri(PROV.wasGeneratedBy)
# datatypes as N-Triples, made once: rdflib checks an IRI each time a namespace makes one
INTEGER, DECIMAL, BOOLEAN = _iri(XSD.integer), _iri(XSD.decimal), _iri(XSD.boolean)
DATE, ANY_URI = _iri(XSD.date), _iri(XSD.anyURI)
SUBJECT, PREDICATE, OBJECT = _iri(RDF.subject), _iri(RDF.predicate), _iri(RDF.object)
ACTIVITY = _iri(PROV.Activity)


class _Terms(dict):
    """``U["title"]`` is ukg:title in N-Triples; a name the ontology lacks raises, as UKG does."""

    def __missing__(self, name: str) -> str:
        self[name] = _iri(term(name))
        return self[name]


U = _Terms()


SPACE = re.compile(r"\s")  # what str.isspace() says is a space


def _as_read(doc, start: int, end: int) -> str:
    """The source's own characters of text[start:end], without the hard line breaks that reading
    joined (为职工开展\n\n中医养生 is one sentence): ukg:start and ukg:end still point into the source."""
    text, raw, at = doc.text, doc.raw, doc.offsets
    if end > start and at[end - 1] - at[start] == end - start - 1 and not SPACE.search(text, start, end):
        return raw[at[start] : at[end - 1] + 1]  # one stretch of the source, no space to normalise
    return "".join(text[k] if text[k].isspace() else raw[at[k]] for k in range(start, end))


class GraphBuilder:
    """Collects analyses as N-Triples lines: entities, facts, provenance, articles."""

    def __init__(self) -> None:
        self.lines: set[str] = set()
        self.stamps: set[str] = set()  # content hashes, kept apart: the store writes them last
        self.named: set[str] = set()  # the nodes whose class and label are written

    def add_triple(self, s: str, p: str, o: str) -> None:
        self.lines.add(f"{s} {p} {o} .\n")

    def entity(self, key: Key, iri: str | None = None, aliases: Iterable[str] = ()) -> str:
        """An entity's node, with its class and label the first time it is written."""
        node = _iri(iri or ids.entity_iri(*key))
        if node not in self.named:
            self.named.add(node)
            self.add_triple(node, A, U[key[0]])
            self.add_triple(node, LABEL, _lit(key[1]))
        for alias in aliases:
            self.add_triple(node, ALT, _lit(alias))
        return node

    def rule(self, rule_id: str) -> str:
        """The rule that produced a mention or a fact, as a PROV activity."""
        node = _iri(ids.rule_iri(rule_id))
        self.add_triple(node, A, ACTIVITY)
        self.add_triple(node, LABEL, _lit(rule_id))
        return node

    def add(self, a: Analysis, content_hash: str | None = None) -> None:
        t, doc = self.add_triple, a.doc
        art_iri = ids.article_iri(doc.id)
        art = _iri(art_iri)
        t(art, A, U["Article"])
        if content_hash:
            self.stamps.add(f"{art} {U['contentHash']} {_lit(content_hash)} .\n")
        t(art, U["title"], _lit(doc.title))
        t(art, U["source"], _lit(doc.source))
        t(art, U["start"], _int(doc.start))
        t(art, U["end"], _int(doc.start + len(doc.raw)))
        if doc.date:
            t(art, U["date"], _typed(doc.date, DATE))
        if doc.url:
            t(art, U["url"], _typed(doc.url, ANY_URI))
        if doc.publisher:
            t(art, U["publisher"], _lit(doc.publisher))

        nodes = {e.key: self.entity(e.key, e.iri, e.aliases) for e in a.entities}
        for e in a.entities:  # the gazetteer's code and the divisions above (ukg:within)
            if e.code:
                t(nodes[e.key], U["divisionCode"], _lit(e.code))
            for region in e.within:
                t(nodes[e.key], U["within"], _lit(region))
        node = lambda key: nodes.get(key) or self.entity(key)  # noqa: E731  (an object named only by a fact)
        for b in doc.bylines:
            person = node(("Person", b.name))
            t(art, U["author"], person)
            if b.role == "photographer":
                t(art, U["photographer"], person)

        # A sentence is typed by ukg:article's domain and a mention by ukg:refersTo's: the
        # provenance is most of the graph, and its rdf:type triples would add a fifth to it. A
        # sentence is written when something was read from it: the rest of the text is in the
        # source, which the article's ukg:source and offsets locate.
        said: dict[int, tuple[str, int, str]] = {}  # sentence -> its node, raw start and text

        def sentence(n: int) -> tuple[str, int, str]:
            if n not in said:
                s = a.sentences[n]
                sn = _iri(ids.sentence_iri(art_iri, n))
                start, end = doc.to_raw(s.start, s.end)
                text = _as_read(doc, s.start, s.end)
                t(sn, U["article"], art)
                t(sn, U["text"], _lit(text))
                t(sn, U["start"], _int(start))
                t(sn, U["end"], _int(end))
                said[n] = (sn, start, text)
            return said[n]

        for e in a.entities:
            for m in e.mentions:
                start, end = doc.to_raw(m.start, m.end)
                mn = _iri(ids.mention_iri(art_iri, start, end, m.cls))
                sn, at, said_text = sentence(a.sentence_of(m.start))
                t(mn, U["refersTo"], nodes[e.key])
                t(mn, U["sentence"], sn)
                # the text is the sentence's from start to end, written out only where that is
                # not so (the sentence joined a hard line break before or inside the mention)
                text = _as_read(doc, m.start, m.end)
                if said_text[start - at : end - at] != text:
                    t(mn, U["text"], _lit(text))
                t(mn, U["start"], _int(start))
                t(mn, U["end"], _int(end))
                t(mn, GENERATED, self.rule(m.rule))

        for f in a.facts:
            s, p, o = node(f.subject), U[f.prop], node(f.object)
            t(s, p, o)
            ev = _iri(ids.evidence_iri(art_iri, s[1:-1], p[1:-1], o[1:-1]))
            t(ev, A, U["Evidence"])
            t(ev, SUBJECT, s)
            t(ev, PREDICATE, p)
            t(ev, OBJECT, o)
            t(ev, U["sentence"], sentence(f.sentence)[0])
            t(ev, GENERATED, self.rule(f.rule))

        for ms in a.memberships:
            mn = _iri(ids.membership_iri(ms.person, ms.role, ms.organization))
            role = _iri(ids.role_iri(ms.role))
            t(mn, A, U["Membership"])
            t(mn, U["member"], node(ms.person))
            t(mn, U["organization"], node(ms.organization))
            t(mn, U["role"], role)
            t(mn, U["sentence"], sentence(ms.sentence)[0])
            t(mn, GENERATED, self.rule(ms.rule))
            t(role, A, U["Role"])
            t(role, LABEL, _lit(ms.role))

        for q in a.quantities:
            start, end = doc.to_raw(q.start, q.end)
            qn = _iri(ids.quantity_iri(art_iri, start, end))
            t(qn, A, U["Quantity"])
            t(qn, U["value"], _typed(_decimal_text(q.value), DECIMAL))
            t(qn, U["unit"], _lit(q.unit))
            if q.indicator:
                t(qn, U["indicator"], _lit(q.indicator))
            t(qn, U["approximate"], _typed("true" if q.approximate else "false", BOOLEAN))
            t(qn, U["text"], _lit(_as_read(doc, q.start, q.end)))
            t(qn, U["sentence"], sentence(q.sentence)[0])
            t(qn, GENERATED, self.rule(q.rule))
            if q.about:
                t(qn, U["about"], node(q.about))

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
