"""Extraction in worker processes gives the same graph, byte for byte, as one process."""

from __future__ import annotations

import json
from pathlib import Path

from graph.builder import build
from graph.workers import SMALL

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "seeds" / "000_7063dbed7b201b27.txt").read_text(encoding="utf-8")


def test_jobs_give_the_same_graph(tmp_path: Path) -> None:
    bodies = [part.split("\n", 1)[1] for part in PAGE.split("\n## ")[1:]]
    n = SMALL + 20  # enough documents for the workers to start
    with (tmp_path / "news.jsonl").open("w", encoding="utf-8") as f:
        for i in range(n):  # each record a little different, so that no two graphs are the same
            text = bodies[i % len(bodies)].replace("近日", f"{i % 28 + 1}日")
            f.write(json.dumps({"id": f"r{i}", "title": f"第{i}篇", "text": text}, ensure_ascii=False) + "\n")
    one = build([tmp_path / "news.jsonl"], tmp_path / "one", html=False, jobs=1)
    two = build([tmp_path / "news.jsonl"], tmp_path / "two", html=False, jobs=2)
    assert one.added == two.added == n
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()
    assert one.counts() == two.counts()
    del one, two  # each holds its store open
    again = build([tmp_path / "news.jsonl"], tmp_path / "two", html=False, jobs=2)
    assert (again.added, again.unchanged) == (0, n)


def test_a_worker_that_dies_fails_the_build_instead_of_hanging() -> None:
    import multiprocessing
    import os
    import signal
    from concurrent.futures.process import BrokenProcessPool

    import pytest

    from graph.builder import content_hash
    from graph.pipeline import DEFAULT_PIPELINE
    from graph.read import Draft
    from graph.workers import CHUNK, IN_FLIGHT, extract

    drafts = [
        Draft(f"d{i}", f"第{i}天，某区总工会举办职工运动会。", "mem")
        for i in range(SMALL + 4 * IN_FLIGHT * CHUNK)
    ]
    jobs = [(d, content_hash(d, DEFAULT_PIPELINE)) for d in drafts]
    results = extract(jobs, DEFAULT_PIPELINE, 2)
    next(results)  # the workers are up
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the build hung after a worker died"))
    signal.alarm(120)
    try:
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            for _ in results:
                pass
    finally:
        signal.alarm(0)


def test_workers_yield_the_processor_to_the_store_writer() -> None:
    """Workers run at a lower priority than the process that writes the store."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from graph.workers import NICE, _start

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_start, initargs=(("segment",),)) as pool:
        assert pool.submit(os.nice, 0).result() == min(19, os.nice(0) + NICE)
