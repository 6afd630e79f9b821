"""Check a graph against ontology/shapes.ttl with pyshacl and say what is wrong in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .rdf.namespace import PREFIXES
from .resources import resource_dir


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


def short(g: Graph, node) -> str:
    if isinstance(node, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(node).startswith(str(ns)):
                return f"{prefix}:{str(node)[len(str(ns)) :]}"
    return str(node)


def validate(g: Graph) -> list[Violation]:
    """Every SHACL violation in ``g``; an empty list means the graph conforms."""
    import pyshacl

    shapes = Graph().parse(resource_dir("ontology") / "shapes.ttl")
    ontology = Graph().parse(resource_dir("ontology") / "unionkg.ttl")
    _, report, _ = pyshacl.validate(
        g, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
    )
    out = []
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(r, SH.focusNode)
        path = report.value(r, SH.resultPath)
        message = report.value(r, SH.resultMessage)
        out.append(Violation(short(g, focus), short(g, path) if path else "", str(message or "violation")))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
