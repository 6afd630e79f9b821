"""Extraction on a Dask cluster: the same graphs as graph.workers.extract, in the same order.

The client reads and hashes the articles (so unchanged ones are never sent) and sends them in
chunks, one Dask task a chunk, with at most IN_FLIGHT chunks per worker thread outstanding: a
corpus of any size streams through the client in bounded memory. Each task returns its articles'
graphs as N-Triples (ArticleGraph), or, with a shards directory, writes them there as N-Quads and
returns where (Shard); the client writes the store, as a local build does. A worker that dies has
its tasks run again elsewhere by Dask; an article that fails to extract is reported by its file
and id.

Dask is an optional extra and is imported only here, only when a build asks for a scheduler.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .digest import stages_digest
from .errors import BadInput, UnionKGError
from .pipeline import Pipeline
from .rdf.store import ArticleGraph
from .workers import CHUNK, NICE, Job, _chunks, extract_many

# a task is CHUNK characters of articles (graph.workers): a round trip through the scheduler
# costs a few milliseconds, a task about a second
IN_FLIGHT = 16  # tasks outstanding per worker thread, as in graph.workers
# a task that raises (not one on a worker that died: Dask reschedules those by itself, up to
# distributed.scheduler.allowed-failures times) is tried again this often; an article that cannot
# be extracted is not an exception here (see Failed), so only passing trouble is retried
RETRIES = 2
CONNECT = "10s"  # how long to wait for a scheduler that does not answer
INSTALL = "pip install 'unionkg[dask]'"
FORMS = "tcp://HOST:PORT (a running `dask scheduler`) or local:N (N worker processes on this machine)"
ADDRESS = re.compile(r"tcp://(\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+):(\d{1,5})")


@dataclass(frozen=True)
class Scheduler:
    """Where extraction runs: a scheduler's address, or a LocalCluster of ``workers`` processes."""

    address: str | None = None
    workers: int = 0


@dataclass(frozen=True)
class Failed:
    """An article that could not be extracted: returned, not raised, so that Dask does not retry
    what would fail on every worker."""

    message: str


def parse_scheduler(value: str) -> Scheduler:
    """``tcp://HOST:PORT`` or ``local:N``; BadInput saying which forms are valid for anything else."""
    local = re.fullmatch(r"local:(\d+)", value)
    if local and int(local.group(1)) >= 1:
        return Scheduler(workers=int(local.group(1)))
    address = ADDRESS.fullmatch(value)
    if address and 0 < int(address.group(2)) < 65536:
        return Scheduler(address=value)
    raise BadInput(f"--scheduler {value!r}: give {FORMS}")


def check(value: str) -> Scheduler:
    """The scheduler, checked before any document is read: a valid value, and Dask installed."""
    scheduler = parse_scheduler(value)
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UnionKGError(f"--scheduler needs Dask, an optional extra: {INSTALL}") from None
    return scheduler


@contextmanager
def connect(scheduler: Scheduler) -> Iterator[Any]:
    """A Dask Client on the scheduler (a LocalCluster started and stopped here for ``local:N``)."""
    from distributed import Client, LocalCluster

    if scheduler.address is None:
        # one thread a worker: extraction is pure Python and holds the GIL. No dashboard: its port
        # could be taken, and it needs bokeh
        cluster = LocalCluster(
            n_workers=scheduler.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(scheduler.address, timeout=CONNECT)
    except OSError as e:
        raise UnionKGError(
            f"--scheduler {scheduler.address}: no Dask scheduler answers there ({e}); "
            "start one with `dask scheduler` and workers with `dask worker ADDRESS`"
        ) from None
    with client:
        yield client


@dataclass(frozen=True)
class Setup:
    """What every task of a build is given besides its articles."""

    stages: tuple[str, ...]
    extractor: str  # the client's extractor digest: a worker with another refuses
    nice: bool  # lower the worker's priority (a local cluster shares the machine with the client)
    shards: str | None = None  # a directory every worker and the client share, or None


@dataclass(frozen=True)
class Shard:
    """Where a task wrote its articles' graphs as N-Quads: each article's triples in its named
    graph, then its hash, one article after another."""

    path: str
    pieces: tuple[tuple[str, int, int, int], ...]  # graph IRI; where its quads start, its hash's start, end


def extract(
    jobs: Iterable[Job], stages: tuple[str, ...], scheduler: Scheduler, *, shards: str | Path | None = None
) -> Iterator[ArticleGraph]:
    """The graph of each job's document, in the order of ``jobs``, extracted on the cluster. With
    ``shards``, workers write the graphs there and tasks return only where (see Shard)."""
    jobs = iter(jobs)
    first = list(itertools.islice(jobs, 1))
    if not first:  # nothing changed: no cluster is started or asked
        return
    from distributed import KilledWorker

    if shards is not None:
        Path(shards).mkdir(parents=True, exist_ok=True)
    setup = Setup(
        stages,
        stages_digest(stages),
        nice=scheduler.address is None,
        shards=str(Path(shards).resolve()) if shards is not None else None,
    )
    with connect(scheduler) as client:
        pending: deque = deque()
        try:
            for chunk in _chunks(itertools.chain(first, jobs), CHUNK):
                pending.append(client.submit(_run, chunk, setup, pure=False, retries=RETRIES))
                if len(pending) >= _limit(client):
                    yield from _result(pending.popleft(), KilledWorker)
            while pending:
                yield from _result(pending.popleft(), KilledWorker)
        finally:  # stopped early (an error, Ctrl-C): tasks not yet run are dropped
            client.cancel(list(pending))


def _limit(client: Any) -> int:
    """Tasks to keep outstanding: IN_FLIGHT per worker thread (workers may come and go)."""
    return max(1, sum(client.nthreads().values())) * IN_FLIGHT


def _result(future: Any, killed: type[Exception]) -> list[ArticleGraph]:
    try:
        graphs = future.result()
    except killed as e:  # the task's workers kept dying: out of memory, most likely
        raise UnionKGError(f"Dask gave up on a task after its workers died: {e}") from None
    if isinstance(graphs, Failed):
        raise BadInput(graphs.message)
    if isinstance(graphs, Shard):
        return read_shard(graphs)
    return graphs


def write_shard(graphs: list[ArticleGraph], folder: str) -> Shard:
    """The graphs as one N-Quads file in ``folder``, named by its content (a task run twice writes
    the same file twice), written whole or not at all."""
    parts, pieces, at = [], [], 0
    for g in graphs:
        body, stamp = g.quads(g.iri), g.quads(g.iri, g.stamp)
        pieces.append((g.iri, at, at + len(body), at + len(body) + len(stamp)))
        parts += [body, stamp]
        at += len(body) + len(stamp)
    data = b"".join(parts)
    path = Path(folder) / f"{hashlib.sha256(data).hexdigest()[:24]}.nq"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return Shard(str(path), tuple(pieces))


def read_shard(shard: Shard) -> list[ArticleGraph]:
    """The graphs a worker wrote (N-Quads in the article's graph are its N-Triples, the graph
    name taken out: no term holds a raw newline, so the graph name and the dot end a line only)."""
    try:
        data = Path(shard.path).read_bytes()
    except OSError as e:
        raise BadInput(
            f"--shards: {shard.path}, written by a worker, cannot be read here ({e.strerror}); "
            "the directory must be shared, at the same path, by every worker and this machine"
        ) from None
    graphs = []
    for iri, start, middle, end in shard.pieces:
        tail = f" <{iri}> .\n".encode()
        graphs.append(
            ArticleGraph(
                iri, data[start:middle].replace(tail, b" .\n"), data[middle:end].replace(tail, b" .\n")
            )
        )
    return graphs


_PIPELINES: dict[tuple[str, ...], Pipeline] = {}  # one per stages, per worker process


def _pipeline(stages: tuple[str, ...], nice: bool) -> Pipeline:
    if stages not in _PIPELINES:
        if nice and not _PIPELINES and hasattr(os, "nice"):  # once a process; not on Windows
            os.nice(NICE)
        nlp = Pipeline(stages)
        _ = nlp.ctx  # the lexicons and the segmenter, loaded once for every task to come
        _PIPELINES[stages] = nlp
    return _PIPELINES[stages]


def _run(chunk: list[Job], setup: Setup) -> list[ArticleGraph] | Shard | Failed:
    """A task: the graphs of a chunk's articles (on a worker), made by the client's extractor."""
    here = stages_digest(setup.stages)
    if here != setup.extractor:  # another version would give another graph
        return Failed(
            f"a Dask worker runs another UnionKG extractor than this one (digest {here[:12]}, "
            f"here {setup.extractor[:12]}): install the same version on every worker"
        )
    nlp = _pipeline(setup.stages, setup.nice)
    try:
        graphs = extract_many(nlp, chunk)
    except BadInput as e:  # names the file and the article
        return Failed(str(e))
    if setup.shards is None:
        return graphs
    try:
        return write_shard(graphs, setup.shards)
    except OSError as e:  # a directory the worker cannot write: trying again will not help
        return Failed(
            f"--shards {setup.shards}: a worker cannot write there ({e.strerror}); "
            "give a directory every worker and this machine share, at the same path"
        )
