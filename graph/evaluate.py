"""Run the shared scorers (graph-level score.py, mention-level score_ner.py) and print one table.

The scorers and their gold files live outside the project (users pass their paths); this module
only builds, extracts and calls them, so the figures are exactly what the scorers report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import BadInput


def _run(args: list[str]) -> str:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise BadInput(
            f"{args[0]} failed: {done.stderr.strip().splitlines()[-1] if done.stderr else done.returncode}"
        )
    return done.stdout


def graph_scores(scorer: Path, gold: Path, seeds: list[str]) -> dict:
    from .builder import build

    with tempfile.TemporaryDirectory() as tmp:
        build(seeds, tmp, html=False)
        return json.loads(_run([str(scorer), "--gold", str(gold), str(Path(tmp) / "graph.ttl"), "--json"]))


def ner_scores(scorer: Path, bio: Path) -> dict:
    from .extract.mentions import mention_lines

    with tempfile.TemporaryDirectory() as tmp:
        sentences = Path(tmp) / "sentences.jsonl"
        sentences.write_text(_run([str(scorer), "sentences", str(bio)]), encoding="utf-8")
        predicted = Path(tmp) / "predicted.jsonl"
        predicted.write_text("\n".join(mention_lines([str(sentences)])) + "\n", encoding="utf-8")
        return json.loads(_run([str(scorer), "score", str(bio), str(predicted), "--json"]))


def report(graph: dict | None, ner: dict | None) -> str:
    rows = [("part", "P", "R", "F1")]
    for part, r in (graph or {}).items():
        rows.append((f"seed {part}", r["precision"], r["recall"], r["f1"]))
    for tag, r in (ner or {}).get("tags", {}).items():
        rows.append((f"ner {tag}", r["precision"], r["recall"], r["f1"]))
    width = max(len(str(r[0])) for r in rows)
    return "\n".join(f"{r[0]:<{width}}  {r[1]!s:>6}  {r[2]!s:>6}  {r[3]!s:>6}" for r in rows)
