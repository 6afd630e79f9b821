"""`unionkg eval` runs whatever scorers it is pointed at and reports their figures unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main

# Stand-ins that honour the scorers' command-line contract (the real ones live outside the project)
SCORE = """import json, sys
assert sys.argv[1] == "--gold" and sys.argv[3].endswith("graph.ttl") and sys.argv[4] == "--json"
open(sys.argv[3], encoding="utf-8").read()
print(json.dumps({"entities": {"precision": 0.5, "recall": 1.0, "f1": 0.667}}))
"""
SCORE_NER = """import json, sys
if sys.argv[1] == "sentences":
    print(json.dumps({"id": "s1", "text": "海淀区总工会主席王建国表示。"}, ensure_ascii=False))
else:
    lines = [json.loads(x) for x in open(sys.argv[3], encoding="utf-8") if x.strip()]
    n = len(lines[0]["mentions"])
    print(json.dumps({"tags": {"ALL": {"precision": 1.0, "recall": 1.0, "f1": float(n)}}}))
"""


def test_eval_reports_both_scorers(tmp_path: Path) -> None:
    (tmp_path / "score.py").write_text(SCORE, encoding="utf-8")
    (tmp_path / "score_ner.py").write_text(SCORE_NER, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({}), encoding="utf-8")
    bio = tmp_path / "corpus.bio"
    bio.write_text("海 B-ORG\n", encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    r = CliRunner().invoke(
        main,
        [
            "eval",
            "--scorer-dir",
            str(tmp_path),
            "--gold",
            str(gold),
            "--bio",
            str(bio),
            "--seeds",
            str(root / "seeds"),
        ],
    )
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[1].split() == ["seed", "entities", "0.5", "1.0", "0.667"]
    assert lines[2].split() == ["ner", "ALL", "1.0", "1.0", "2.0"]  # 海淀区总工会 and 王建国 (top-level only)
