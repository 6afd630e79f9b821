"""The closed UnionKG namespace and the one place where prefixes are bound.

A typo such as ``UKG.organiser`` raises instead of minting a new IRI; a test checks that these
terms are exactly the ones ``ontology/unionkg.ttl`` defines.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from ..ids import BASE

ID = Namespace(BASE)
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")


class UKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/unionkg/ns#")
    _fail = True

    # classes
    TradeUnion: URIRef
    Company: URIRef
    Organization: URIRef
    Person: URIRef
    Event: URIRef
    Place: URIRef
    District: URIRef
    Subdistrict: URIRef
    Community: URIRef
    Article: URIRef
    Membership: URIRef
    Role: URIRef
    Quantity: URIRef
    Sentence: URIRef
    Mention: URIRef
    Evidence: URIRef
    # relations between entities
    locatedIn: URIRef
    partOf: URIRef
    subOrganizationOf: URIRef
    unionOf: URIRef
    organizer: URIRef
    coOrganizer: URIRef
    location: URIRef
    participant: URIRef
    subEventOf: URIRef
    # memberships, articles, figures, provenance
    member: URIRef
    organization: URIRef
    role: URIRef
    author: URIRef
    photographer: URIRef
    about: URIRef
    sentence: URIRef
    article: URIRef
    refersTo: URIRef
    value: URIRef
    unit: URIRef
    indicator: URIRef
    approximate: URIRef
    title: URIRef
    source: URIRef
    publisher: URIRef
    contentHash: URIRef
    url: URIRef
    date: URIRef
    # the national tree of divisions, from the gazetteer
    divisionCode: URIRef
    within: URIRef
    text: URIRef
    start: URIRef
    end: URIRef


PREFIXES = {
    "ukg": UKG._NS,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
    "owl": OWL,
    "prov": PROV,
    "org": ORG,
    "schema": SCHEMA,
}


def bind(g: Graph) -> Graph:
    """Bind our prefixes explicitly (rdflib would otherwise rename a taken prefix to ns1:)."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def term(name: str) -> URIRef:
    """The ontology term for a class or property name (raises for a name the ontology lacks)."""
    return UKG[name]
