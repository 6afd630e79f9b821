"""push keeps the union of the article graphs on a real Oxigraph server, as the embedded store keeps
it: the named queries answer there as on the store, before and after articles change, come or go."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import normalised

from graph.builder import build
from graph.cli import main
from graph.rdf.remote import DEFAULT, NONE, Remote, push
from graph.rdf.store import ArticleStore
from graph.sparql import library, run_store

# invented articles: two unions of one county, so some triples (青田县 and its label) are in both
MEETING = (
    "## 青田县总工会举办职工运动会\n\n本报讯 (记者 林晓) 近日,青田县总工会在鹤城街道举办第三届"
    "职工运动会,县内20家企业的300余名职工参加。鹤城街道总工会协办。\n"
)
SUMMER = (
    "## 温溪镇总工会开展送清凉活动\n\n本报讯 (记者 周萍) 7月,青田县温溪镇总工会开展“夏送清凉”"
    "活动,为一线职工送去防暑用品。\n"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # a triple counted twice would show here
QUERIES = {**{name: q.text for name, q in library().items()}, "count": COUNT}


def local(store: ArticleStore) -> dict[str, list[tuple[str, ...]]]:
    return {name: normalised(run_store(store, text).body) for name, text in QUERIES.items()}


def remote(server: Remote, default_graph: str | None = None) -> dict[str, list[tuple[str, ...]]]:
    return {name: normalised(server.select(text, default_graph)[1]) for name, text in QUERIES.items()}


def rebuild(src: Path, out: Path) -> ArticleStore:
    gc.collect()  # the caller dropped the last build's store: it closes before the store is opened again
    return build([src], out, html=False).store


@pytest.fixture
def src(tmp_path: Path) -> Path:
    path = tmp_path / "in"
    path.mkdir()
    (path / "meeting.txt").write_text(MEETING, encoding="utf-8")
    return path


def test_the_remote_answers_as_the_store_after_an_article_changes(
    src: Path, tmp_path: Path, oxigraph_server: Remote
) -> None:
    (src / "summer.txt").write_text(SUMMER, encoding="utf-8")
    store = rebuild(src, tmp_path / "out")
    report = push(store, oxigraph_server)
    assert len(report.sent) == 2 and report.union == "replaced"
    before = local(store)
    assert before["unions_by_district"] and any("第三届职工运动会" in r for r in before["events"])
    assert remote(oxigraph_server) == before

    del store
    (src / "meeting.txt").write_text(
        MEETING.replace("第三届", "第四届").replace("鹤城街道", "油竹街道"), encoding="utf-8"
    )
    store = rebuild(src, tmp_path / "out")
    report = push(store, oxigraph_server)
    assert (len(report.sent), report.unchanged, report.union) == (1, 1, "replaced")
    after = local(store)
    assert after != before
    assert remote(oxigraph_server) == after  # the old event and place left the remote's union
    stale = "ASK { ?x rdfs:label ?l FILTER(?l IN ('第三届职工运动会', '鹤城街道总工会')) }"
    assert oxigraph_server.select(stale)[1] == [["false"]]
    assert push(store, oxigraph_server).union == "unchanged"


def test_new_articles_extend_the_union_and_removed_ones_leave_it(
    src: Path, tmp_path: Path, oxigraph_server: Remote
) -> None:
    store = rebuild(src, tmp_path / "out")
    push(store, oxigraph_server)
    del store
    (src / "summer.txt").write_text(SUMMER, encoding="utf-8")
    store = rebuild(src, tmp_path / "out")
    report = push(store, oxigraph_server)
    assert (len(report.sent), report.union) == (1, "extended")  # only the new article's triples sent
    assert remote(oxigraph_server) == local(store)

    store.remove(next(g for g, f in store.sources().items() if f.endswith("summer.txt")))
    report = push(store, oxigraph_server)
    assert (len(report.deleted), report.union) == (1, "replaced")
    assert remote(oxigraph_server) == local(store)
    # the county both articles named stays; the union only the removed one named goes
    county = "ASK { ?d rdfs:label '青田县' ; a ukg:District }"
    assert oxigraph_server.select(county)[1] == [["true"]]
    assert oxigraph_server.select("ASK { ?u rdfs:label '青田县温溪镇总工会' }")[1] == [["false"]]


def test_the_union_can_live_in_a_named_graph_and_move(
    src: Path, tmp_path: Path, oxigraph_server: Remote
) -> None:
    store = rebuild(src, tmp_path / "out")
    expected = local(store)
    empty = {name: [] for name in QUERIES} | {"count": [("0",)]}
    union = "urn:unionkg:union"
    assert push(store, oxigraph_server, union).union == "replaced"
    assert remote(oxigraph_server, default_graph=union) == expected
    assert remote(oxigraph_server) == empty  # the default graph was left alone
    assert push(store, oxigraph_server, DEFAULT).union == "replaced"  # moved: the named graph goes
    assert remote(oxigraph_server) == expected
    assert remote(oxigraph_server, default_graph=union) == empty
    assert push(store, oxigraph_server, NONE).union == ""
    assert remote(oxigraph_server) == empty


def test_the_cli_says_where_the_union_went(src: Path, tmp_path: Path, oxigraph_server: Remote) -> None:
    out = tmp_path / "out"
    rebuild(src, out)
    gc.collect()
    r = CliRunner().invoke(main, ["push", str(out), "--endpoint", oxigraph_server.store_url])
    assert r.exit_code == 0, r.output
    assert r.output.endswith("; union replaced in the default graph\n")
    r = CliRunner().invoke(
        main, ["push", str(out), "--endpoint", oxigraph_server.store_url, "--union-graph", "union"]
    )
    assert (r.exit_code, r.output) == (
        1,
        "Error: --union-graph 'union': give default, none or an absolute IRI\n",
    )
