"""Rewrite tests/golden/seed.ttl from the current build; review `git diff` before committing it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from graph.builder import build

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    os.chdir(ROOT)
    out = Path(tempfile.mkdtemp())
    try:
        result = build(["seeds"], out, html=False)
        shutil.copyfile(out / "graph.ttl", "tests/golden/seed.ttl")
        triples = len(result.graph)
    finally:
        shutil.rmtree(out, ignore_errors=True)  # RocksDB may still be removing its own files
    print(f"wrote tests/golden/seed.ttl ({triples} triples)")
