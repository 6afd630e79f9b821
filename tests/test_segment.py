"""The segmenter: jieba's words, from jieba-rs; its tables come from a cache after the first run,
and the cache changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract.segment import ADDED_FREQ, COUNTED, Segmenter


def test_cached_tables_equal_fresh_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba.posseg

    monkeypatch.setenv("UNIONKG_CACHE", str(tmp_path))
    fresh = Segmenter(words={"甲乙丙区": "ns"})
    assert len(list(tmp_path.glob("table*.marshal"))) == 1
    again = Segmenter(words={"甲乙丙区": "ns"})
    assert (again.table, again.tag_names) == (fresh.table, fresh.tag_names)  # read from the cache
    assert fresh.tag("甲乙丙区") == "ns" and fresh.count("甲乙丙区") == ADDED_FREQ
    assert fresh.count("甲乙丙") == 0 and fresh.tag("甲乙丙") is None  # no prefixes
    stock = jieba.Tokenizer()
    stock.initialize()  # jieba's own tables, from the same dictionary
    # counts exact from COUNTED up (a rarer word may give 1); every word's tag
    assert all(
        fresh.count(w) == n or (n < COUNTED and fresh.count(w) == 1) for w, n in stock.FREQ.items() if n > 0
    )
    assert all(fresh.tag(w) == t for w, t in jieba.posseg.dt.word_tag_tab.items())
    Segmenter(words={"丁戊区": "ns"})
    assert len(list(tmp_path.glob("table*.marshal"))) == 2  # other words, another cache entry


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("UNIONKG_CACHE", str(blocked / "cache"))
    assert Segmenter(words={"甲乙丙区": "ns"}).tag("甲乙丙区") == "ns"


def test_a_damaged_cache_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONKG_CACHE", str(tmp_path))
    good = Segmenter(words={"甲乙丙区": "ns"}).table
    (entry,) = tmp_path.glob("table*.marshal")
    entry.write_bytes(entry.read_bytes()[:1000])
    assert Segmenter(words={"甲乙丙区": "ns"}).table == good


SENTENCES = [
    "昨天上午，东城区某街道工会组织辖区内的三十多家企业职工参加了技能比赛。",
    "会上，市总工会副主席李明华宣读了表彰决定，共有1.2万名职工受到表彰。",
    "据统计，今年以来全区新建工会组织356家，新发展会员8.8万人，建会率达到85%。",
    "这个项目由一家位于朝阳区的科技有限公司承办，活动持续到下月底。",
    "他说：“我们要把服务职工的工作做细做实。”",
]


@pytest.fixture(scope="module")
def both(nlp):
    """Our segmenter and jieba's own tokenizer with the same added words, loaded once (a second each)."""
    import jieba

    segmenter = nlp.ctx.segmenter
    stock = jieba.Tokenizer()
    stock.initialize()
    for word in segmenter.table:
        tag = segmenter.tag(word)
        if segmenter.count(word) == ADDED_FREQ and tag == "ns":
            stock.add_word(word, freq=ADDED_FREQ, tag=tag)
    return segmenter, stock


@pytest.mark.parametrize("sentence", SENTENCES)
def test_words_are_jiebas(both, sentence: str) -> None:
    """jieba-rs is jieba's algorithm on jieba's dictionary: the same words as jieba's own cut."""
    segmenter, stock = both
    assert [t.word for t in segmenter.tokens(sentence)] == list(stock.cut(sentence, HMM=True))
