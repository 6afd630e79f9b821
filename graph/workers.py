"""Extraction on every core: worker processes that each load the lexicons once.

Documents go out in small chunks and their graphs come back as N-Triples (see ArticleGraph), in
input order: the store receives the same triples in the same order whatever the number of workers.
At most IN_FLIGHT chunks per worker are in flight, so a corpus of any size streams through in
bounded memory.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from .collect import few_collections
from .errors import BadInput
from .ids import graph_iri
from .pipeline import Pipeline
from .rdf.convert import article_ntriples
from .rdf.store import ArticleGraph
from .read import Draft

# characters per task: the documents of a task are analysed in one batch (Pipeline.pipe), so the
# tagger's loop over positions is shared by a dozen articles; and a round trip between processes
# is hidden
CHUNK = 24_000
IN_FLIGHT = 16  # tasks queued per worker: enough to keep workers busy while the store writes a batch
SMALL = 48  # fewer documents than this are extracted in this process
# Workers yield the processor to the process that writes the store: it is the slower end of the
# pipe, and whatever time it waits for a core is added to the build (4 MB on 2 cores: 27-29 s at
# the same priority, 26 s with the workers at 10)
NICE = 10

Job = tuple[Draft, str]  # an article as read, and its content hash


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_one(nlp: Pipeline, draft: Draft, digest: str) -> ArticleGraph:
    """Normalise, extract, convert: all the work on one article (in a worker, when there are).
    An article that makes this fail is named, with its file, in a BadInput."""
    try:
        return ArticleGraph(graph_iri(draft.id), *article_ntriples(nlp(draft.document()), digest))
    except MemoryError:  # the machine's trouble, not the article's
        raise
    except Exception as e:
        raise BadInput(
            f"{draft.source}: article {draft.id!r} could not be extracted: {type(e).__name__}: {e}"
        ) from e


def extract_many(nlp: Pipeline, jobs: list[Job]) -> list[ArticleGraph]:
    """``extract_one`` for each job, the documents analysed in one batch (``Pipeline.pipe``). If
    that fails, each is tried alone, so the error names the article that made it fail."""
    try:
        docs = [draft.document() for draft, _ in jobs]
        analyses = list(nlp.pipe(docs, batch_chars=sum(len(d.text) for d in docs) + 1))
        return [
            ArticleGraph(graph_iri(draft.id), *article_ntriples(a, digest))
            for (draft, digest), a in zip(jobs, analyses, strict=True)
        ]
    except MemoryError:
        raise
    except Exception:
        return [extract_one(nlp, draft, digest) for draft, digest in jobs]


def extract(jobs: Iterable[Job], stages: tuple[str, ...], workers: int) -> Iterator[ArticleGraph]:
    """The graph of each job's document, in the order of ``jobs``."""
    jobs = iter(jobs)
    # a small input is done here: starting a worker costs about as much as extracting 30 articles
    first = list(itertools.islice(jobs, SMALL))
    if workers <= 1 or len(first) < SMALL:
        nlp = Pipeline(stages)
        for chunk in _chunks(itertools.chain(first, jobs)):
            yield from extract_many(nlp, chunk)
        return
    # spawned, not forked: the parent holds an open store and its threads, which a fork would copy.
    # An executor, not a Pool: a worker that dies (killed, out of memory) fails the build with
    # BrokenProcessPool, where a Pool would wait for its task forever.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(stages,)) as pool:
        pending: deque = deque()
        try:
            for chunk in _chunks(itertools.chain(first, jobs)):
                pending.append(pool.submit(_run, chunk))
                if len(pending) >= workers * IN_FLIGHT:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:  # stopped early (an error, Ctrl-C): queued tasks are dropped, not run
            for task in pending:
                task.cancel()


def _chunks(jobs: Iterable[Job], size: int = CHUNK) -> Iterator[list[Job]]:
    """Jobs in chunks of about ``size`` characters of raw text."""
    chunk: list[Job] = []
    chars = 0
    for job in jobs:
        chunk.append(job)
        chars += len(job[0].raw)
        if chars >= size:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


_NLP: Pipeline | None = None  # one per worker process, made by _start


def _start(stages: tuple[str, ...]) -> None:
    global _NLP
    if hasattr(os, "nice"):  # not on Windows: there they run at the same priority
        os.nice(NICE)
    few_collections()
    _NLP = Pipeline(stages)
    _ = _NLP.ctx.lex, _NLP.ctx.segmenter  # loaded now, not inside the first task
    gc.freeze()  # what the worker loaded lives as long as it does: no collection need look at it


def _run(chunk: list[Job]) -> list[ArticleGraph]:
    assert _NLP is not None
    return extract_many(_NLP, chunk)
