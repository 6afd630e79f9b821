"""Real-world input: every encoding and shape, bad files skipped with their reason, the rest built."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph.builder import build
from graph.cli import PARTIAL, main
from graph.ids import graph_iri
from graph.rdf.namespace import UKG

ARTICLE = "## {title}\n\n本报讯 (记者 王明) 海淀区总工会举办了职工羽毛球比赛,来自联想集团等单位的200余名职工参加。\n"
ENCODINGS = {"utf8": "utf-8", "utf8bom": "utf-8-sig", "gb18030": "gb18030", "gbk": "gbk", "utf16": "utf-16"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for name, codec in ENCODINGS.items():
        (root / f"{name}.txt").write_bytes(ARTICLE.format(title=f"编码{name}").encode(codec))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text(" \n\n ", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (root / "undecodable.txt").write_bytes("开头".encode() + b"\xff\xfe\xfd")
    (root / "huge.txt").write_text("工" * 17_000_000, encoding="utf-8")  # one 50 MB line
    lines = [
        json.dumps({"id": "j1", "title": "行一", "text": "朝阳区总工会开展活动。"}, ensure_ascii=False),
        '{"id": "j2", "title": "断了',
        json.dumps({"id": "j3", "title": "行三", "text": "文字。"}, ensure_ascii=False),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)  # a symlink loop
    return root


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-html"])
    return result, out


def test_partial_build_exit_code_and_reasons(built, corpus: Path) -> None:
    result, _ = built
    assert result.exit_code == PARTIAL, result.output
    skipped = {
        line.split(": ", 1)[0].removeprefix("skipped ")
        for line in result.output.splitlines()
        if line.startswith("skipped ")
    }
    assert skipped == {
        f"{corpus.as_posix()}/{n}"
        for n in ("empty.txt", "blank.md", "binary.txt", "undecodable.txt", "huge.txt", "feed.jsonl:2")
    }
    assert (
        f"skipped {corpus.as_posix()}/binary.txt: {corpus}/binary.txt: a binary file, not text"
        in result.output
    )
    assert "neither UTF-8 nor GB18030 text (byte 6: b'\\xff')" in result.output
    assert "line 2 is not a valid record" in result.output


def test_every_good_article_is_in_the_graph(built) -> None:
    _, out = built
    g = Graph().parse(out / "graph.ttl")
    titles = {str(t) for t in g.objects(None, UKG.title)}
    assert titles == {f"编码{n}" for n in ENCODINGS} | {"行一", "行三"}


def test_strict_stops_at_the_first_problem(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path), "--strict", "--no-html"])
    assert result.exit_code == 1
    assert result.output == f"Error: {corpus}/binary.txt: a binary file, not text\n"


TRADITIONAL = "## 標題\n\n本報訊 (記者 王明) 海淀區總工會舉辦了職工羽毛球比賽。\n"


@pytest.mark.parametrize(
    ("text", "codec"), [(ARTICLE.format(title="标题"), "gb18030"), (TRADITIONAL, "big5")]
)
def test_named_encoding(tmp_path: Path, text: str, codec: str) -> None:
    (tmp_path / "a.txt").write_bytes(text.encode(codec))
    result = CliRunner().invoke(
        main, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "--encoding", codec, "--no-html"]
    )
    assert result.exit_code == 0, result.output
    assert "TradeUnion    1" in result.output


def test_unknown_encoding_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("标题\n\n正文。", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(tmp_path), "-o", str(tmp_path / "o"), "--encoding", "klingon"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown encoding 'klingon'")


@pytest.mark.slow
def test_ten_thousand_small_files(tmp_path: Path) -> None:
    src = tmp_path / "many"
    for i in range(10_000):
        d = src / f"d{i // 1000}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i}.txt").write_text(f"短讯{i}\n\n海淀区总工会开展第{i}期培训。", encoding="utf-8")
    result = build([src], None, html=False)  # an in-memory store: this is about reading, not disks
    assert (result.articles, result.skipped) == (10_000, [])
    assert result.store.hashes().keys() == {graph_iri(f"{i}") for i in range(10_000)}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text("标题\n\n正文。", encoding="utf-8")
    f.chmod(0)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "o"), "--no-html"])
    assert result.exit_code == PARTIAL
    assert "Permission denied" in result.output
