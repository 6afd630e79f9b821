"""The embedded store: incremental, idempotent builds; removal; a real Oxigraph server on loopback."""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import free_port, normalised, stop, wait_for
from rdflib.namespace import RDFS

from graph.builder import build, remove
from graph.cli import main
from graph.errors import BadInput
from graph.ids import graph_iri
from graph.rdf.remote import Remote, RemoteError, push
from graph.rdf.server import command
from graph.rdf.store import OLD_UNION, ArticleGraph, ArticleStore, Writer
from graph.sparql import library, rows, run_store

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "seeds" / "000_7063dbed7b201b27.txt").read_text(encoding="utf-8")


def graphs(store: ArticleStore) -> dict[str, set]:
    return {g: store.graph_triples(g) for g in store.hashes()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.txt").write_text(PAGE, encoding="utf-8")
    return src


def test_rebuild_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    first = build([corpus], tmp_path / "out", html=False)
    count, before = len(first.store), graphs(first.store)
    first.store.flush()
    del first
    again = build([corpus], tmp_path / "out", html=False)
    assert (again.added, again.replaced, again.unchanged, again.removed) == (0, 0, 6, 0)
    assert len(again.store) == count
    assert graphs(again.store) == before


def test_editing_one_article_replaces_only_its_graph(corpus: Path, tmp_path: Path) -> None:
    first = build([corpus], tmp_path / "out", html=False)
    before = graphs(first.store)
    del first
    (corpus / "page.txt").write_text(PAGE.replace("内联升", "瑞蚨祥"), encoding="utf-8")
    again = build([corpus], tmp_path / "out", html=False)
    after = graphs(again.store)
    changed = {g for g in before if before[g] != after[g]}
    assert changed == {graph_iri("page-05")}
    assert (again.replaced, again.unchanged) == (1, 5)
    labels = {str(o) for s, p, o in (t for ts in after.values() for t in ts) if "label" in str(p)}
    assert "瑞蚨祥" in {x.strip('"') for x in labels} and not any("内联升" in x for x in labels)


def test_a_graph_written_without_its_hash_is_dropped_on_open(corpus: Path, tmp_path: Path) -> None:
    """A build killed inside the bulk loader leaves part of a new article's graph and no hash."""
    first = build([corpus], tmp_path / "out", html=False)
    count, before = len(first.store), graphs(first.store)
    union_before = first.store.union_triples()
    g = ox.NamedNode(graph_iri("cut-short"))
    shared = next(iter(union_before))  # a triple other articles hold too: it must stay in the union
    part = [
        ox.Triple(
            ox.NamedNode(graph_iri("cut-short") + "/x"), ox.NamedNode(str(RDFS.label)), ox.Literal("半")
        )
    ]
    first.store.ox.bulk_extend([ox.Quad(*t, g) for t in (*part, shared)] + [ox.Quad(*t) for t in part])
    first.store.flush()
    del first
    store = ArticleStore(tmp_path / "out" / "store")
    assert len(store) == count and graphs(store) == before
    assert store.union_triples() == union_before


def test_a_store_with_its_union_in_a_named_graph_is_brought_up_to_date(corpus: Path, tmp_path: Path) -> None:
    """Earlier stores kept the union in a named graph: opened for writing, it moves to the default
    graph; opened read-only, the error says what to do."""
    first = build([corpus], tmp_path / "out", html=False)
    before, union = graphs(first.store), first.store.union_triples()
    answer = run_store(first.store, "unions_by_district").body
    first.store.ox.update(f"MOVE DEFAULT TO {OLD_UNION}")  # as an earlier UnionKG left it
    first.store.flush()
    del first
    gc.collect()  # the store closes when its last reference goes
    path = tmp_path / "out" / "store"
    with pytest.raises(BadInput, match="open it once for writing"):
        ArticleStore(path, read_only=True)
    store = ArticleStore(path)
    assert graphs(store) == before and store.union_triples() == union
    assert not store.ox.contains_named_graph(OLD_UNION)
    assert run_store(store, "unions_by_district").body == answer


def test_an_article_dropped_from_its_file_is_dropped_from_the_store(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "out", html=False)
    cut = PAGE[: PAGE.index("## 朝阳160余名职工")]
    (corpus / "page.txt").write_text(cut, encoding="utf-8")
    again = build([corpus], tmp_path / "out", html=False)
    assert again.removed == 1 and len(again.store.hashes()) == 5


def test_remove_by_file_rewrites_graph_ttl(corpus: Path, tmp_path: Path) -> None:
    result = build([corpus], tmp_path / "out", html=False)
    source = result.store.sources()[graph_iri("page-01")]
    del result
    dropped = remove(tmp_path / "out", [source])
    assert len(dropped) == 6
    assert "Article" not in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_remove_refuses_what_is_not_a_store(corpus: Path) -> None:
    before = sorted(p.name for p in corpus.iterdir())
    r = CliRunner().invoke(main, ["remove", str(corpus), "foo"])
    assert (r.exit_code, r.output) == (
        1,
        f"Error: {corpus}: a directory, but not a UnionKG store (give a build's output directory, "
        "with store/ in it, or the store itself)\n",
    )
    assert sorted(p.name for p in corpus.iterdir()) == before  # nothing written into it


def test_remove_reports_names_that_match_nothing_and_drops_nothing(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "out", html=False).store.flush()
    r = CliRunner().invoke(main, ["remove", str(tmp_path / "out"), "page-01", "no-such-article"])
    assert r.exit_code == 1
    assert r.output.startswith("Error: no-such-article: no article has this id or was read from this file")
    assert len(ArticleStore(tmp_path / "out" / "store", read_only=True).hashes()) == 6


@pytest.mark.parametrize("spelling", ["relative", "absolute", "dotted"])
def test_remove_by_file_however_it_is_spelled(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.chdir(tmp_path)
    build(["in"], tmp_path / "out").store.flush()  # recorded as in/page.txt
    page = tmp_path / "out" / "graph.html"
    before = page.read_text(encoding="utf-8")
    given = {"relative": "in/page.txt", "absolute": str(corpus / "page.txt"), "dotted": "./in/../in/page.txt"}
    r = CliRunner().invoke(main, ["remove", "out", given[spelling]])
    assert (r.exit_code, r.output) == (0, "removed 6 article graph(s)\n")
    assert "Article" not in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert page.read_text(encoding="utf-8") != before  # the page is drawn again too


def test_remote_server_answers_like_the_embedded_store(seed_build, oxigraph_server: Remote) -> None:
    store = ArticleStore()  # an in-memory copy, so the push state of the shared build is untouched
    store.load_nquads(seed_build.store.nquads())
    report = push(store, oxigraph_server)
    assert len(report.sent) == 6
    for name, q in library().items():
        head, body = oxigraph_server.select(q.text)
        embedded = rows(run_store(store, name))
        assert head == embedded[0], name
        assert normalised(body) == normalised(embedded[1]), name


def test_push_sends_only_what_changed(corpus: Path, tmp_path: Path, oxigraph_server: Remote) -> None:
    result = build([corpus], tmp_path / "out", html=False)
    assert len(push(result.store, oxigraph_server).sent) == 6
    assert push(result.store, oxigraph_server).unchanged == 6
    result.store.remove(graph_iri("page-03"))
    report = push(result.store, oxigraph_server)
    assert report.deleted == [graph_iri("page-03")]
    _, body = oxigraph_server.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ukg:Article }")
    assert body == [["5"]]


def test_a_refusing_server_gives_a_clear_error(oxigraph_server: Remote) -> None:
    bad = Remote(oxigraph_server.store_url.replace("/store", "/nowhere"), retries=0)
    with pytest.raises(RemoteError, match="the server answered 404"):
        bad.put_graph("urn:x", b"<urn:a> <urn:b> <urn:c> .\n")


def test_serve_is_read_only_on_loopback() -> None:
    assert command(Path("s"), "127.0.0.1", 7878)[1:] == [
        "serve-read-only",
        "--location",
        "s",
        "--bind",
        "127.0.0.1:7878",
    ]


def test_served_store_answers_like_the_embedded_store(corpus: Path, tmp_path: Path) -> None:
    """`unionkg serve` reads the store itself: its default graph is the union, each triple once
    (a triple that three article graphs hold must not count three times)."""
    result = build([corpus], tmp_path / "out", html=False)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = {name: rows(run_store(result.store, name)) for name in library()}
    assert rows(run_store(result.store, count))[1] == [[str(len(result.store.union_triples()))]]
    expected[count] = rows(run_store(result.store, count))
    del result  # the server opens the store itself
    port = free_port()
    proc = subprocess.Popen(
        command(tmp_path / "out" / "store", "127.0.0.1", port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", 10)
        server = Remote(f"{base}/store", query_url=f"{base}/query", retries=1)
        for text, (head, body) in expected.items():
            answer = server.select(library()[text].text if text in library() else text)
            assert answer[0] == head and normalised(answer[1]) == normalised(body), text
    finally:
        stop(proc)


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@pytest.fixture
def virtuoso(tmp_path: Path):
    """A real Virtuoso on 127.0.0.1 in a scratch database, stopped when the test ends."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.exists():
        pytest.skip("Virtuoso is not installed (Debian package virtuoso-opensource)")
    sql, http = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    ini = re.sub(r"/var/lib/virtuoso-opensource-7/db", str(tmp_path), ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*1111$", rf"ServerPort\g<1>= {sql}", ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*8890$", rf"ServerPort\g<1>= {http}", ini)
    (tmp_path / "virtuoso.ini").write_text(ini, encoding="utf-8")
    proc = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(tmp_path / "virtuoso.ini")],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http}"
    try:
        wait_for(base + "/sparql?query=ASK%7B%7D", 60)
        # the anonymous SPARQL user may write graphs, as a local test database allows
        subprocess.run(
            ["isql-vt", str(sql), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield Remote(f"{base}/sparql-graph-crud", query_url=f"{base}/sparql", retries=1)
    finally:
        stop(proc, 30)


def test_virtuoso_answers_like_the_embedded_store(seed_build, virtuoso: Remote) -> None:
    """Virtuoso as installed has no default graph to write, and its queries read every graph (a
    triple that two graphs hold counts twice): the union goes into a named graph, which the queries
    read as their default graph."""
    store = ArticleStore()
    store.load_nquads(seed_build.store.nquads())
    union = "urn:unionkg:union"
    with pytest.raises(RemoteError, match="--union-graph IRI") as refused:
        push(store, Remote(virtuoso.store_url, retries=0))
    assert "\n" not in str(refused.value) and "<" not in str(refused.value)  # its HTML page, as one line
    report = push(store, virtuoso, union)
    assert len(report.sent) == 6 and report.union == "replaced"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for name, text in [*((n, q.text) for n, q in library().items()), (count, count)]:
        head, body = virtuoso.select(text, default_graph=union)
        embedded = rows(run_store(store, text))
        assert head == embedded[0], name
        assert normalised(body) == normalised(embedded[1]), name


def test_a_failed_write_is_raised_in_the_building_thread(tmp_path: Path) -> None:
    """The writer thread hands its failure to the build, which stops; nothing waits forever."""
    store = ArticleStore(tmp_path / "store")
    good = [ArticleGraph(graph_iri(f"a{i}"), f'<urn:a{i}> <urn:p> "x" .\n'.encode(), b"") for i in range(5)]
    bad = ArticleGraph(graph_iri("bad"), b"<urn:a> this is not N-Triples\n", b"")
    writer = Writer(store)
    with pytest.raises(SyntaxError), writer:
        writer.put(good[:1])
        writer.put([bad])
        for item in good[1:]:  # a later put raises the failure, or close does
            writer.put([item])
    assert not writer.thread.is_alive()
    assert store.graph_triples(graph_iri("a0")) == {
        ox.Triple(ox.NamedNode("urn:a0"), ox.NamedNode("urn:p"), ox.Literal("x"))
    }


def test_jsonl_ids_are_scoped_by_their_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, paper in (("news", "某某日报"), ("more", "某某晚报")):
        row = {
            "id": "1",
            "text": f"{name}:青田县总工会举办职工运动会。",
            "source": paper,
            "date": "2024-05-01",
        }
        (src / f"{name}.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    result = build([src], tmp_path / "out", html=False)
    assert (result.articles, result.skipped) == (2, [])
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert (
        "article\\/news\\%2F1" in ttl and "article\\/more\\%2F1" in ttl
    )  # the file is in each article's IRI
    for paper in ("某某日报", "某某晚报"):
        assert f'ukg:publisher "{paper}"' in ttl
    assert '"2024-05-01"^^xsd:date' in ttl


def test_the_graph_does_not_depend_on_how_the_input_is_spelled(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    build(["in"], "out", html=False).store.flush()
    first = (tmp_path / "out" / "graph.ttl").read_bytes()
    again = build([str(corpus)], "out", html=False)  # the same folder, by its absolute path
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 6)
    again.store.flush()
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == first


def test_the_page_from_the_store_is_the_page_from_graph_ttl(corpus: Path, tmp_path: Path) -> None:
    from graph.rdf.io import load
    from graph.rdf.union import UnionLines
    from graph.view import draw

    result = build([corpus], tmp_path / "out", html=False)
    draw(UnionLines.of_store(result.store), tmp_path / "from-store.html", sources=["in/page.txt"])
    draw(load(tmp_path / "out" / "graph.ttl"), tmp_path / "from-ttl.html", sources=["in/page.txt"])
    assert (tmp_path / "from-store.html").read_bytes() == (tmp_path / "from-ttl.html").read_bytes()


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own niceness is Linux's")
@pytest.mark.parametrize("nice", [True, False])
def test_a_nice_writer_yields_to_extraction(nice: bool) -> None:
    from graph.rdf.store import NICE

    writer = Writer(ArticleStore(), nice=nice)
    try:
        assert writer.idle.wait(10)  # the thread has started and set its niceness
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, writer.thread.native_id) == (max(mine, NICE) if nice else mine)
    finally:
        writer.close()
