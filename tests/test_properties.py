"""Property tests: any text builds, writes Turtle that reads back the same, and never becomes markup."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.ids import graph_iri
from graph.pipeline import Pipeline
from graph.rdf.convert import article_graph
from graph.rdf.store import ArticleStore
from graph.read import _document
from graph.view.html import write_html
from graph.view.project import project

NLP = Pipeline()
NASTY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"""',
    "\\",
    "\\u0000",
    "'",
    "\u202e",
    "\u200f",
    "😀",
    "\r\n",
    "\x00",
    "\x1b[31m",
    "}}{{",
    "@prefix x: <y> .",
    "工" * 300,
    "海淀区总工会",
    "主席王建国",
    "8.8万人",
]
text = st.lists(
    st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), st.sampled_from(NASTY)),
    max_size=8,
).map("".join)


def build_one(title: str, body: str) -> ArticleStore:
    doc = _document(
        "p", f"{title}\n\n{body}" if title else body, "prop.txt", 0, head=len(title), title=title or "p"
    )
    store = ArticleStore()
    store.replace(graph_iri(doc.id), article_graph(NLP(doc), "h"))
    return store


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, body=text)
def test_any_text_builds_and_reads_back(title: str, body: str) -> None:
    store = build_one(title.replace("\n", " "), body)
    turtle = store.turtle()
    written = Graph().parse(
        data=ox.serialize(store.union(), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt"
    )
    assert isomorphic(Graph().parse(data=turtle.decode("utf-8"), format="turtle"), written)
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == len(written)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=text)
def test_text_never_becomes_markup(tmp_path_factory, body: str) -> None:
    store = build_one("标题", body + "海淀区总工会主席王建国表示,<b id=ukg>x</b>。")
    g = Graph().parse(data=store.turtle().decode("utf-8"), format="turtle")
    page = tmp_path_factory.mktemp("p") / "p.html"
    write_html(project(g), page, title=body[:30], summary=body[:60], legend={})
    html = page.read_text(encoding="utf-8")
    plain = page.with_name("plain.html")
    write_html(project(Graph()), plain, title="t", summary="s", legend={})
    assert html.count("<script") == plain.read_text(encoding="utf-8").count("<script")  # only the page's own
    assert "<b id=ukg>" not in html
    for fragment in ("<script>alert(1)", "<img src=x onerror"):
        assert fragment not in html  # text is escaped or JSON-encoded, never raw markup


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text(alphabet="主任席副委员会a.*", min_size=0, max_size=4), max_size=8),
    text=st.text(alphabet="主任席副委员会a.*xb", max_size=20),
    after=st.sampled_from(["", "b", "会?x", "(?=委)"]),
)
def test_a_trie_matches_as_the_words_longest_first(words: list[str], text: str, after: str) -> None:
    """lexicons.trie is the alternation of the words longest first, in what it matches, where and
    with what after it (backtracking into a shorter word included)."""
    import re

    from graph.lexicons import trie

    longest_first = "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))
    plain = re.compile(f"(?:{longest_first}){after}")
    tried = re.compile(f"(?:{trie(words)}){after}")
    assert [m.span() for m in tried.finditer(text)] == [m.span() for m in plain.finditer(text)]
