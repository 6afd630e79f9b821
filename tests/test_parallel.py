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
