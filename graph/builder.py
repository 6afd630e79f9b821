"""Build: files → Documents → analyses → per-article graphs in the store → graph.ttl and graph.html."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from .atomic import atomic_path
from .digest import stages_digest as extractor_digest
from .errors import BadInput
from .ids import graph_iri
from .model import CLASSES, RELATIONS
from .pipeline import DEFAULT_PIPELINE, Pipeline
from .progress import Progress
from .rdf import union
from .rdf.namespace import UKG, bind
from .rdf.store import ArticleGraph, ArticleStore, Writer
from .rdf.union import KEPT, UnionLines
from .read import Draft, ReadReport, files_under, read_drafts
from .workers import default_jobs, extract

HERE = Path(__file__).resolve().parent
# articles per store write: fewer, larger bulk loads leave RocksDB less to compact (batches of 64
# cost 15 s more CPU on 4 MB); a killed build loses at most one batch, which it redoes
BATCH = 256
# ...but a small build would then extract everything before its one write began: while the writer
# waits, a batch goes as soon as it has FIRST_BATCH articles, a number that doubles with each write
# (1 MB in one process: 9.1 s -> 6.9 s; at 4 MB the same time)
FIRST_BATCH = 32
# ...and near the end, whenever the writer waits, a batch goes with LAST_BATCH articles or more:
# the last batch, written after extraction ends, is then small (the reader runs AHEAD characters
# in front of extraction, so it knows the end is near before it comes)
LAST_BATCH = 16
AHEAD = 250_000


def content_hash(doc: Draft, pipeline: tuple[str, ...]) -> str:
    """Everything the article's graph is made from: its text as found, where it was found, and
    the extractor."""
    h = hashlib.sha256()
    for part in (
        extractor_digest(tuple(pipeline)),
        ",".join(pipeline),
        doc.id,
        doc.title,
        str(doc.head),
        doc.source,
        str(doc.start),
        doc.date or "",
        doc.url or "",
        doc.publisher or "",
        doc.raw,
    ):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


@dataclass
class BuildResult:
    store: ArticleStore
    articles: int
    files: list[str]
    skipped: list[tuple[str, str]]
    seconds: float = 0.0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    removed: int = 0
    outputs: list[Path] = field(default_factory=list)
    turtle: Path | None = None  # graph.ttl, once written
    timings: dict[str, float] = field(default_factory=dict)  # seconds per part: extract, store, turtle, page

    @cached_property
    def graph(self) -> Graph:
        """The union of the article graphs as an rdflib Graph (read from the Turtle written)."""
        if self.turtle is not None:
            return bind(Graph()).parse(self.turtle, format="turtle")
        return bind(Graph()).parse(data=self.store.turtle(), format="turtle")

    def counts(self) -> dict[str, int]:
        """Entities per class, relations, memberships, figures, triples (asked of the store: parsing
        a large graph into rdflib just to count it would take minutes)."""
        ox_store = self.store.ox  # its default graph is the union of the article graphs
        rows = ox_store.query("SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t")
        types = Counter({row["t"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in rows})
        props = " ".join(f"<{UKG[r]}>" for r in RELATIONS)
        rel = ox_store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o }}")
        out = {cls: types.get(cls, 0) for cls in CLASSES}
        out["relations"] = int(next(iter(rel))["n"].value)
        out["memberships"] = types.get("Membership", 0)
        out["figures"] = types.get("Quantity", 0)
        everything = ox_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        out["triples"] = int(next(iter(everything))["n"].value)
        return out

    def summary(self) -> str:
        rows = [("articles", self.articles), *self.counts().items()]
        rows += [
            ("added", self.added),
            ("replaced", self.replaced),
            ("unchanged", self.unchanged),
            ("removed", self.removed),
            ("seconds", f"{self.seconds:.2f}"),
        ]
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
    tagger: bool = True,
    encoding: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
    scheduler: str | None = None,
    shards: str | Path | None = None,
) -> BuildResult:
    """Read every document under ``paths`` into the store; with ``out``, the store lives in
    ``out/store`` and ``graph.ttl`` (byte-identical on a rebuild) and ``graph.html`` are written there.

    Unchanged articles are not read again; a file read again replaces its articles' graphs and drops
    the graphs of articles it no longer has. ``jobs`` worker processes extract (default: one per
    core); the graph is the same whatever their number. ``tagger=False`` leaves out the learned
    tagger stage (rules only). ``scheduler`` (``tcp://HOST:PORT`` or ``local:N``) extracts on a
    Dask cluster instead of ``jobs`` processes here; this process still writes the store. With
    ``shards`` (a directory the workers and this process share), workers write the graphs there as
    N-Quads, one file a task, and this process reads them from there.
    """
    started = time.perf_counter()
    paths = list(paths)
    if not paths:
        raise BadInput("nothing to build: give at least one file or directory")
    stages = tuple(s for s in pipeline if tagger or s != "tagger")  # tagger=False: rules only
    Pipeline(stages)  # checked before any document is read
    if scheduler is not None and jobs is not None:
        raise BadInput("give --jobs (processes here) or --scheduler (a Dask cluster), not both")
    if shards is not None and scheduler is None:
        raise BadInput("--shards is where Dask workers write their graphs: give --scheduler too")
    if scheduler is not None:
        from . import cluster

        on = cluster.check(scheduler)  # a bad address or no Dask: said before any document is read

        def extract_all(todo: Iterable[tuple[Draft, str]]) -> Iterator[ArticleGraph]:
            return cluster.extract(todo, stages, on, shards=shards)
    else:
        workers = jobs or default_jobs()

        def extract_all(todo: Iterable[tuple[Draft, str]]) -> Iterator[ArticleGraph]:
            return extract(todo, stages, workers)

    out = Path(out) if out is not None else None
    store = ArticleStore(out / "store" if out else None)
    known, sources = store.hashes(), store.sources()
    report = ReadReport()
    result = BuildResult(store, 0, report.files, report.skipped)
    seen: set[str] = set()
    written: dict[str, str] = {}  # the content hash of each article graph this build writes
    progress = Progress(sum(1 for _ in files_under(paths)))

    def changed() -> Iterator[tuple[Draft, str]]:
        """The articles to extract: not seen before in this build, and new or changed."""
        for doc in read_drafts(paths, report, encoding=encoding, strict=strict):
            progress.read(len(doc.raw), len(report.files))
            g = graph_iri(doc.id)
            if g in seen:
                why = f"article id {doc.id!r} appears twice; the second is skipped"
                report.skipped.append((doc.source, why))
                continue
            seen.add(g)
            result.articles += 1
            digest = content_hash(doc, stages)
            if known.get(g) == digest:
                result.unchanged += 1
                continue
            result.added += g not in known
            result.replaced += g in known
            written[g] = digest
            yield doc, digest

    # graph.ttl and the page are made from the triples this build extracted (a first build has
    # them all) while the store's writer finishes; a later build adds them to the union as it was
    # and takes out what left it. The union as it was is what the last build kept beside the store
    # (union.KEPT), or, when that is not the store's, read from the store on a thread while this
    # build extracts (Oxigraph reads outside Python's lock).
    bodies: list[bytes] = []
    phase = time.perf_counter()
    with contextlib.ExitStack() as outputs, ThreadPoolExecutor(1) as pool:
        # outputs go into place once the store is written
        later = out is not None and not store.empty()
        was = union.kept(out / union.KEPT, known) if later and out is not None else None
        before = pool.submit(union.read, store) if later and was is None else None
        # a batch is written while the next is extracted; when extraction runs in this process, the
        # writer yields to it (worker processes already yield to the writer)
        with Writer(store, nice=scheduler is None and (jobs or default_jobs()) <= 1) as writer:
            batch: list = []
            minimum = FIRST_BATCH
            todo = ReadAhead(changed(), AHEAD)
            for graph in extract_all(todo):
                progress.article()
                batch.append(graph)
                if out is not None:
                    bodies += (graph.body, graph.stamp)  # the union has the hashes too
                enough = LAST_BATCH if todo.done else minimum
                if len(batch) >= BATCH or (len(batch) >= enough and writer.idle.is_set()):
                    writer.put(batch)
                    batch = []
                    minimum *= 2
            writer.put(batch)
            progress.done()
            result.timings["extract"] = time.perf_counter() - phase  # reading and extraction
            if out is not None and not later:
                union_now = lambda: UnionLines.of(bodies)  # noqa: E731
                _write_outputs(union_now, out, html, report.files, result, outputs, written)
            phase = time.perf_counter()
        read_now = set(report.files)
        hashes = known | written
        for g, source in sources.items():
            if source in read_now and g not in seen:  # an article its file no longer has
                result.removed += store.remove(g)
                hashes.pop(g, None)
        store.flush()
        result.timings["store"] = time.perf_counter() - phase  # the writes extraction did not hide
        if out is not None and later:
            old = was if was is not None else before.result()  # type: ignore[union-attr]
            union_now = lambda: UnionLines.of([old, *bodies], without=store.left_union())  # noqa: E731
            _write_outputs(union_now, out, html, report.files, result, outputs, hashes)
    result.seconds = time.perf_counter() - started
    return result


class ReadAhead:
    """Articles to extract, read up to ``chars`` characters ahead: ``done`` once the reader has
    read the last (a few articles before extraction reaches it)."""

    def __init__(self, todo: Iterator[tuple[Draft, str]], chars: int) -> None:
        self.todo, self.chars = todo, chars
        self.ahead: deque[tuple[Draft, str]] = deque()
        self.held = 0
        self.done = False

    def __iter__(self) -> ReadAhead:
        return self

    def __next__(self) -> tuple[Draft, str]:
        while not self.done and self.held < self.chars:
            job = next(self.todo, None)
            if job is None:
                self.done = True
            else:
                self.ahead.append(job)
                self.held += len(job[0].raw)
        if not self.ahead:
            raise StopIteration
        job = self.ahead.popleft()
        self.held -= len(job[0].raw)
        return job


def _write_outputs(
    make_union: Callable[[], UnionLines],
    out: Path,
    html: bool,
    sources: list[str],
    result: BuildResult,
    outputs: contextlib.ExitStack,
    hashes: dict[str, str],
) -> None:
    """graph.ttl and graph.html of the union ``make_union`` gives into temporary files, renamed
    into place when ``outputs`` closes without an error, and the union's lines kept for the next
    build (the store's article graphs will have these content ``hashes``)."""
    phase = time.perf_counter()
    union = make_union()
    union.write_kept(outputs.enter_context(atomic_path(out / KEPT)), hashes)
    ttl = out / "graph.ttl"
    union.write_turtle(outputs.enter_context(atomic_path(ttl)))
    result.timings["turtle"] = time.perf_counter() - phase
    result.turtle = ttl
    result.outputs += [out / "store", ttl]
    if html:
        from .view import draw

        phase = time.perf_counter()
        page = out / "graph.html"
        draw(union, outputs.enter_context(atomic_path(page)), sources=sources)
        result.timings["page"] = time.perf_counter() - phase
        result.outputs.append(page)


def remove(path: str | Path, names: Iterable[str]) -> list[str]:
    """Drop the graphs of the named articles (ids) or of every article read from the named files
    (a path however it is spelled). Every name must match: if one matches nothing, nothing is
    dropped. When ``path`` is a build's output directory, its graph.ttl and graph.html are written
    again."""
    from .rdf.io import NOT_A_STORE, store_dir

    found = store_dir(Path(path))
    if found is None:
        raise BadInput(f"{path}: {NOT_A_STORE}" if Path(path).is_dir() else f"{path}: no such directory")
    store = ArticleStore(found)
    sources = store.sources()
    targets: dict[str, list[str]] = {}
    for name in names:
        by_file = [g for g, src in sources.items() if same_file(src, name)]
        by_id = [graph_iri(name)] if graph_iri(name) in sources else []
        targets[name] = by_file or by_id
    unmatched = [name for name, graphs in targets.items() if not graphs]
    if unmatched:
        # closed before the error is raised: a caller holding the traceback (a test runner, a
        # notebook) would otherwise hold the store open, and its lock with it
        del store
        raise BadInput(
            f"{', '.join(unmatched)}: no article has this id or was read from this file "
            f"(the store holds {len(sources)} articles; `unionkg query {path} article_authors` lists them)"
        )
    dropped = [g for graphs in targets.values() for g in graphs if store.remove(g)]
    store.flush()
    out = found.parent
    if dropped and found.name == "store" and (out / "graph.ttl").exists():
        now = UnionLines.of_store(store)
        with atomic_path(out / KEPT) as tmp:
            now.write_kept(tmp, store.hashes())
        with atomic_path(out / "graph.ttl") as tmp:
            now.write_turtle(tmp)
        if (out / "graph.html").exists():
            from .view import draw

            draw(now, out / "graph.html", sources=sorted(set(store.sources().values())))
    return dropped


def same_file(recorded: str, given: str) -> bool:
    """Whether a source the store recorded and a path the user gave name the same file: as
    written, resolved from here, or the record (relative to where the build ran) as the tail of
    the path given (seeds/a.txt and /abs/seeds/a.txt)."""
    rec, giv = os.path.normpath(recorded), os.path.normpath(given)
    if rec == giv or Path(rec).resolve() == Path(giv).resolve():
        return True
    r, g = Path(rec).parts, Path(giv).resolve().parts
    return not Path(rec).is_absolute() and len(r) <= len(g) and g[-len(r) :] == r
