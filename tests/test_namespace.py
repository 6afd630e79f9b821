"""The code's closed namespace and the ontology name exactly the same terms, all labelled."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from graph.rdf.namespace import UKG
from graph.resources import resource_dir


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resource_dir("ontology") / "unionkg.ttl")


def test_code_terms_equal_ontology_terms(ontology: Graph) -> None:
    ns = str(UKG._NS)
    defined = {str(s)[len(ns) :] for s in ontology.subjects() if str(s).startswith(ns) and str(s) != ns}
    assert set(UKG.__annotations__) == defined


def test_typo_raises() -> None:
    with pytest.raises(AttributeError):
        _ = UKG.organiser


def test_every_term_has_chinese_and_english_labels(ontology: Graph) -> None:
    for name in UKG.__annotations__:
        langs = {lit.language for lit in ontology.objects(UKG[name], RDFS.label)}
        assert {"zh", "en"} <= langs, name
        assert ontology.value(UKG[name], RDFS.comment) is not None, name
