"""Every named query, unparameterised, gives on the seed the answers recorded in
tests/golden/answers.json, on rdflib and on the store alike: a change to the graph's shape (the
leaner mentions) must leave every question answered as before. After a deliberate change of the
answers, rewrite the record with ``python tests/golden/update.py`` and review the diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.rdf.namespace import UKG
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


def test_a_mention_text_is_its_sentences_or_written_out(tmp_path: Path) -> None:
    """The evidence query gives each mention's text as written, whether it is taken from the
    sentence by offsets or, after a joined line break, written on the mention itself."""
    from graph.builder import build

    page = tmp_path / "a.txt"
    # the first sentence has a hard line break before 青田县总工会, the second one inside 王小\n\n明
    page.write_text(
        "标题\n\n近日,\n\n青田县总工会为职工开展讲座。青田县总工会主席王小\n\n明出席。\n", encoding="utf-8"
    )
    result = build([page], tmp_path / "out", html=False)
    got = [(r[0], r[2]) for r in rows(run(result.graph, "evidence"))[1]]
    assert got.count(("青田县总工会", "青田县总工会")) == 2 and ("王小明", "王小明") in got
    assert rows(run(result.graph, "evidence"))[1] == [
        list(r) for r in run_store(result.store, "evidence").body
    ]
    g = result.graph
    written = sorted(str(o) for s, o in g.subject_objects(UKG.text) if (s, UKG.refersTo, None) in g)
    # written out: the names after the joined break; the second sentence's union, before it, is not
    assert written.count("青田县总工会") == 1 and "王小明" in written
    assert set(written) <= {"青田县", "青田县总工会", "王小明"}
