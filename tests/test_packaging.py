"""A plain (non-editable) install carries ontology/, queries/ and the lexicons inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_ontology_queries_and_lexicons(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("unionkg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "graph/ontology/unionkg.ttl",
        "graph/ontology/shapes.ttl",
        "graph/queries/events.rq",
        "graph/lexicons/divisions.tsv",
        "graph/lexicons/divisions_cn.tsv",
        "graph/models/tagger.crfsuite",
        "graph/models/tagger.json",
    } <= names
    # installed into a bare directory, the package finds its own files from anywhere
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = "from graph.sparql import library; from graph.shapes import validate; print(len(library()))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target)},
        check=True,
    )
    assert int(out.stdout) >= 8
