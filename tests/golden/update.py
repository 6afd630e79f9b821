"""Rewrite tests/golden/seed.ttl and tests/golden/answers.json from the current build; review
`git diff` before committing them."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from graph.builder import build
from graph.sparql import library, rows, run

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    os.chdir(ROOT)
    out = Path(tempfile.mkdtemp())
    try:
        result = build(["seeds"], out, html=False)
        shutil.copyfile(out / "graph.ttl", "tests/golden/seed.ttl")
        triples = len(result.graph)
        answers = {name: sorted(rows(run(result.graph, name))[1]) for name in sorted(library())}
    finally:
        shutil.rmtree(out, ignore_errors=True)  # RocksDB may still be removing its own files
    text = json.dumps(answers, ensure_ascii=False, indent=0, sort_keys=True)
    Path("tests/golden/answers.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote tests/golden/seed.ttl ({triples} triples) and tests/golden/answers.json")
