"""Every IRI UnionKG mints, in one module: entities, articles and their parts, rules, graphs.

IRIs are readable and stable: letters and digits (Chinese included) are kept, everything else is
percent-encoded, and an entity's IRI depends only on its class and canonical name, so the same
entity named in two articles is one node (an event named in general terms is its article's own).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import quote

BASE = "https://w3id.org/unionkg/id/"  # the ID namespace of graph.rdf.namespace


# what slug keeps: \w is str.isalnum() and the underscore
PLAIN = re.compile(r"[\w.\-]*")


@lru_cache(maxsize=1 << 16)  # an article's id is slugged for each of its sentences and mentions
def slug(text: str) -> str:
    """IRI-safe and readable: letters and digits (Chinese included) kept, the rest percent-encoded."""
    if PLAIN.fullmatch(text):  # most names and ids: nothing to encode
        return text
    return "".join(ch if ch.isalnum() or ch in "-_." else quote(ch, safe="") for ch in text)


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def entity_iri(cls: str, name: str, scope: str = "") -> str:
    """An entity's IRI: by class and name, so two articles naming it share it; with ``scope``, an
    article's own (an event named in general terms, 职工联谊会, is that article's event) or a
    body's (a person is one person in one organisation)."""
    if scope:
        return f"{BASE}{cls.lower()}/{slug(scope)}/{slug(name)}"
    return f"{BASE}{cls.lower()}/{slug(name)}"


def article_iri(doc_id: str) -> str:
    return f"{BASE}article/{slug(doc_id)}"


def graph_iri(doc_id: str) -> str:
    """The named graph that holds one article's triples in the store."""
    return f"{BASE}graph/{slug(doc_id)}"


def sentence_iri(article: str, n: int) -> str:
    return f"{article}/s{n}"


def mention_iri(article: str, start: int, end: int, cls: str) -> str:
    return f"{article}/m{start}-{end}-{cls.lower()}"


def evidence_iri(article: str, s: str, p: str, o: str) -> str:
    return f"{article}/f{digest(s, p, o)}"


def quantity_iri(article: str, start: int, end: int) -> str:
    return f"{article}/q{start}-{end}"


def membership_iri(person: tuple[str, str], role: str, organization: tuple[str, str]) -> str:
    return f"{BASE}membership/{digest(person, role, organization)}"


def role_iri(role: str) -> str:
    return f"{BASE}role/{slug(role)}"


def rule_iri(rule: str) -> str:
    """The extraction rule that produced a mention or a fact, as a PROV activity."""
    return f"{BASE}rule/{slug(rule)}"
