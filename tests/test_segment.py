"""The segmenter's tables come from a cache after the first run, and the cache changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract.segment import tables


def test_cached_tables_equal_fresh_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba.posseg

    monkeypatch.setenv("UNIONKG_CACHE", str(tmp_path))
    words = {"甲乙丙区": "ns"}
    fresh = tables(words)
    assert len(list(tmp_path.glob("segmenter-*.marshal"))) == 1
    assert tables(words) == fresh  # read back from the cache
    freq, total, tags = fresh
    assert total > sum(2000 for _ in words)
    assert tags["甲乙丙区"] == "ns" and freq["甲乙丙区"] == 2000 and freq["甲乙"] >= 0
    stock = jieba.posseg.dt.word_tag_tab  # jieba's own tagger reads the same dictionary
    assert all(tags[w] == t for w, t in stock.items())
    assert tables({"丁戊区": "ns"}) != fresh  # other words, another cache entry
    assert len(list(tmp_path.glob("segmenter-*.marshal"))) == 2


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("UNIONKG_CACHE", str(blocked / "cache"))
    assert tables({"甲乙丙区": "ns"})[2]["甲乙丙区"] == "ns"


def test_a_damaged_cache_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONKG_CACHE", str(tmp_path))
    good = tables({"甲乙丙区": "ns"})
    (entry,) = tmp_path.glob("segmenter-*.marshal")
    entry.write_bytes(entry.read_bytes()[:1000])
    assert tables({"甲乙丙区": "ns"}) == good
