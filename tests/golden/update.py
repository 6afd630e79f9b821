"""Rewrite tests/golden/seed.ttl from the current build; review `git diff` before committing it."""

from __future__ import annotations

import os
from pathlib import Path

from graph.builder import build

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    os.chdir(ROOT)
    result = build(["seeds"], "tests/golden/.out", html=False)
    Path("tests/golden/.out/graph.ttl").replace("tests/golden/seed.ttl")
    Path("tests/golden/.out").rmdir()
    print(f"wrote tests/golden/seed.ttl ({len(result.graph)} triples)")
