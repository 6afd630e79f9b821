"""Every named query, unparameterised, gives on the seed the answers recorded in
tests/golden/answers.json, on rdflib and on the store alike: a change to the graph's shape (the
leaner mentions) must leave every question answered as before. After a deliberate change of the
answers, rewrite the record with ``python tests/golden/update.py`` and review the diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.sparql import library, rows, run, run_store

ANSWERS = Path(__file__).resolve().parent / "golden" / "answers.json"


def answers(table) -> dict[str, list[list[str]]]:
    """Each named query's rows, sorted (their order is the query's, not the graph's business)."""
    return {name: sorted(table(name)) for name in sorted(library())}


@pytest.mark.parametrize("engine", ["rdflib", "store"])
def test_named_queries_keep_their_answers(seed_build, seed_graph, engine: str) -> None:
    recorded = json.loads(ANSWERS.read_text(encoding="utf-8"))
    if engine == "rdflib":
        got = answers(lambda q: rows(run(seed_graph, q))[1])
    else:
        got = answers(lambda q: run_store(seed_build.store, q).body)
    assert sorted(got) == sorted(recorded)  # no query lost or added unseen
    for name in recorded:
        assert got[name] == recorded[name], name
