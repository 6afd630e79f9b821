"""Build: files → Documents → analyses → one RDF graph, written as Turtle and an HTML network."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .errors import BadInput
from .extract import DEFAULT_PIPELINE, Pipeline
from .model import CLASSES
from .rdf.convert import GraphBuilder
from .rdf.io import serialize, write_atomic
from .rdf.namespace import UKG
from .read import ReadReport, read_paths

RELATIONS = (
    "locatedIn",
    "partOf",
    "subOrganizationOf",
    "unionOf",
    "organizer",
    "coOrganizer",
    "location",
    "participant",
    "subEventOf",
)


@dataclass
class BuildResult:
    graph: Graph
    articles: int
    files: list[str]
    skipped: list[tuple[str, str]]
    seconds: float
    outputs: list[Path] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Entities per class, relations, memberships, figures, triples."""
        g = self.graph
        types = Counter(str(o).rsplit("#", 1)[-1] for o in g.objects(None, RDF.type))
        out = {cls: types.get(cls, 0) for cls in CLASSES}
        out["relations"] = sum(1 for r in RELATIONS for _ in g.triples((None, UKG[r], None)))
        out["memberships"] = types.get("Membership", 0)
        out["figures"] = types.get("Quantity", 0)
        out["triples"] = len(g)
        return out

    def summary(self) -> str:
        rows = [("articles", self.articles), *self.counts().items(), ("seconds", f"{self.seconds:.2f}")]
        width = max(len(k) for k, _ in rows)
        lines = [f"{k:<{width}}  {v}" for k, v in rows]
        lines += [f"skipped {src}: {why}" for src, why in self.skipped]
        lines += [f"wrote {p}" for p in self.outputs]
        return "\n".join(lines)


def build(
    paths: Iterable[str | Path],
    out: str | Path | None = None,
    *,
    html: bool = True,
    pipeline: Iterable[str] = DEFAULT_PIPELINE,
) -> BuildResult:
    """Read every document under ``paths`` and build the graph; with ``out``, write
    ``graph.ttl`` (byte-identical on a rebuild) and ``graph.html`` there."""
    started = time.perf_counter()
    paths = list(paths)
    if not paths:
        raise BadInput("nothing to build: give at least one file or directory")
    nlp = Pipeline(pipeline)  # checked before any document is read
    report = ReadReport()
    builder = GraphBuilder()
    articles = 0
    for doc in read_paths(paths, report):
        builder.add(nlp(doc))
        articles += 1
    result = BuildResult(builder.g, articles, report.files, report.skipped, 0.0)
    if out is not None:
        out = Path(out)
        ttl = out / "graph.ttl"
        write_atomic(ttl, serialize(builder.g, "turtle"))
        result.outputs.append(ttl)
        if html:
            from .view import draw

            page = out / "graph.html"
            draw(builder.g, page, sources=report.files)
            result.outputs.append(page)
    result.seconds = time.perf_counter() - started
    return result
