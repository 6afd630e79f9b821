"""The union as sorted N-Triples lines: the lines a build writes are the lines the store gives back,
so a first build, a later one and a removal write graph.ttl and the page byte for byte alike."""

from __future__ import annotations

import gc
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from corpus import write_corpus
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from graph.builder import build, remove
from graph.rdf.convert import _ESCAPE, _ESCAPED, DECIMAL, INTEGER, _decimal_text, _int, _lit, _typed
from graph.rdf.union import UnionLines
from graph.view.project import GraphTexts

S, P = "<https://example.org/s>", "<https://example.org/p>"


def round_trip(lines: list[str]) -> list[bytes]:
    """The lines as a store gives them back."""
    store = ox.Store()
    store.load("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    return UnionLines.of([store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())]).lines


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_a_literal_is_written_as_the_store_gives_it_back(text: str) -> None:
    lines = [f"{S} {P} {_lit(text)} .\n"]
    assert UnionLines.of([lines[0].encode()]).lines == round_trip(lines)


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(allow_nan=False, allow_infinity=False)
    | st.one_of([st.decimals(allow_nan=False, allow_infinity=False, places=k) for k in (0, 1, 2, 18, 19)])
    | st.integers()
)
def test_a_number_is_written_as_the_store_gives_it_back(value: Decimal | int) -> None:
    if isinstance(value, int):
        line = f"{S} {P} {_int(value)} .\n"
        assert line == f"{S} {P} {_typed(value, INTEGER)} .\n"
    else:
        line = f"{S} {P} {_typed(_decimal_text(value), DECIMAL)} .\n"
    assert UnionLines.of([line.encode()]).lines == round_trip([line])


@pytest.mark.parametrize(
    "value, text",
    [
        ("30.0", "30"),
        ("1.50", "1.5"),
        ("0.0", "0"),
        ("-0.5", "-0.5"),
        ("5.9E+4", "59000"),
        ("0.0001", "0.0001"),
    ],
)
def test_decimals_as_oxigraph_writes_them(value: str, text: str) -> None:
    assert _decimal_text(Decimal(value)) == text


def test_pairs_and_subjects_read_what_rdflib_reads() -> None:
    g = Graph()
    ex = "https://example.org/"
    for i in range(30):
        g.add((URIRef(f"{ex}s{i}"), RDFS.label, Literal(f'值"{i % 4}\n')))
        g.add((URIRef(f"{ex}s{i}"), RDFS.seeAlso, URIRef(f"{ex}o{i % 5}")))
        g.add((URIRef(f"{ex}o{i % 5}"), RDFS.seeAlso, Literal(f"{ex}o{i % 5}")))  # text, not the IRI
    union = UnionLines.of([g.serialize(format="nt", encoding="utf-8")])
    texts = GraphTexts(g)
    for prop in (RDFS.label, RDFS.seeAlso, RDFS.comment):
        assert sorted(union.pairs(prop)) == sorted(texts.pairs(prop))
        assert union.pairs(prop) == sorted(union.pairs(prop), key=lambda p: (f"<{p[0]}>", p[1]))
    target = f"{ex}o3"
    assert sorted(union.subjects(RDFS.seeAlso, target)) == sorted(texts.subjects(RDFS.seeAlso, target))
    assert len(union.subjects(RDFS.seeAlso, target)) == 6


def half_a_corpus(tmp_path: Path, n: int, first: int) -> tuple[Path, list[Path]]:
    """A folder holding the first ``first`` of ``n`` invented articles, and all ``n`` files, to
    grow it with."""
    files = sorted(write_corpus(tmp_path / "all", n=n).iterdir())
    corpus = tmp_path / "in"
    corpus.mkdir()
    for f in files[:first]:
        shutil.copy(f, corpus / f.name)
    return corpus, files


@pytest.mark.slow
def test_first_later_and_removing_builds_write_the_same_bytes(tmp_path: Path) -> None:
    corpus, files = half_a_corpus(tmp_path, 24, 12)
    build([corpus], tmp_path / "grown")
    for f in files[12:]:  # the same folder, grown: a later build reads the union from the store
        shutil.copy(f, corpus / f.name)
    grown = build([corpus], tmp_path / "grown")
    assert (grown.added, grown.unchanged) == (12, 12)
    del grown  # its store closes: remove opens it
    gc.collect()
    build([corpus], tmp_path / "fresh")  # a first build: graph.ttl and the page from what it extracted
    for name in ("graph.ttl", "graph.html", ".union.nt"):
        assert (tmp_path / "grown" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    # and without one article: removing it writes what a first build without it writes
    remove(tmp_path / "grown", [str(corpus / files[0].name)])
    (corpus / files[0].name).unlink()
    build([corpus], tmp_path / "less")
    for name in ("graph.ttl", "graph.html", ".union.nt"):
        assert (tmp_path / "grown" / name).read_bytes() == (tmp_path / "less" / name).read_bytes(), name


@pytest.mark.slow
def test_a_later_build_that_replaces_and_drops_articles_writes_what_a_first_build_writes(
    tmp_path: Path,
) -> None:
    """Triples leave the union (a changed article's old facts, a dropped article's): the later
    build takes them out of the union it read, as the store does."""
    src = write_corpus(tmp_path / "all", n=12)
    rows = [{"id": f.stem, "text": f.read_text(encoding="utf-8")} for f in sorted(src.iterdir())]
    corpus = tmp_path / "news.jsonl"

    def write(records: list[dict]) -> None:
        corpus.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )

    write(rows)
    build([corpus], tmp_path / "later")
    rows[3]["text"] = rows[3]["text"].replace("总工会", "工会", 1) + "\n青田县总工会召开职工代表大会。"
    del rows[5]
    write(rows)
    later = build([corpus], tmp_path / "later")
    assert (later.replaced, later.removed, later.unchanged) == (1, 1, 10)
    build([corpus], tmp_path / "first")
    for name in ("graph.ttl", "graph.html", ".union.nt"):
        assert (tmp_path / "later" / name).read_bytes() == (tmp_path / "first" / name).read_bytes(), name


def test_the_escape_check_finds_every_character_that_is_escaped() -> None:
    assert [c for c in range(0x3000) if bool(_ESCAPED.search(chr(c))) != (c in _ESCAPE)] == []


@pytest.mark.parametrize(
    "documents, without, lines",
    [
        ([b"b\na\n", b"a\n\nc\n", b""], [], [b"a", b"b", b"c"]),  # sorted, once each, no blank line
        ([b"b\na\n"], [b"a"], [b"b"]),
        ([b"a\n", b"a\n"], [b"a"], []),
        ([], [], []),
    ],
)
def test_the_union_of_documents(documents: list[bytes], without: list[bytes], lines: list[bytes]) -> None:
    assert UnionLines.of(documents, without=without).lines == lines


@pytest.mark.slow
@pytest.mark.parametrize("spoil", ["none", "edited", "cut", "gone"])
def test_a_later_build_reads_the_union_kept_beside_the_store_only_when_it_is_the_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: str
) -> None:
    """The union's lines kept by the last build (``.union.nt``) stand for the store's union only
    under the fingerprint of the store's article graphs and a checksum of the lines: a file edited,
    cut short or gone makes the build read the store instead, and the outputs are the same."""
    from graph.rdf import union

    corpus, files = half_a_corpus(tmp_path, 8, 6)
    build([corpus], tmp_path / "out")
    kept = tmp_path / "out" / union.KEPT
    data = kept.read_bytes()
    assert data.startswith(b"# ") and data.count(b"\n") > 100
    if spoil == "edited":
        kept.write_bytes(
            data.replace(b"ukg", b"ukx", 1)
            + b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
        )
    elif spoil == "cut":
        kept.write_bytes(data[: len(data) // 2])
    elif spoil == "gone":
        kept.unlink()
    read = []
    original = union.read
    monkeypatch.setattr(union, "read", lambda store: read.append(1) or original(store))
    for f in files[6:]:
        shutil.copy(f, corpus / f.name)
    build([corpus], tmp_path / "out")
    assert read == ([] if spoil == "none" else [1])  # the store is read only when it must be
    build([corpus], tmp_path / "fresh")
    for name in ("graph.ttl", "graph.html", union.KEPT):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
