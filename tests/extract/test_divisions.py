"""All of China's divisions from the national lexicon: class, parent, and no parent where a name is
shared (sentences invented; the division names are real)."""

from __future__ import annotations

import pytest
from conftest import analyse


@pytest.mark.parametrize(
    ("text", "name", "cls"),
    [
        ("武侯区总工会组织职工开展健步走活动。", "武侯区", "District"),
        ("昌图县太平镇总工会慰问一线职工。", "太平镇", "Subdistrict"),
        ("瑞金市总工会举办职工运动会。", "瑞金市", "District"),
        ("城关镇总工会组织职工参观学习。", "城关镇", "Subdistrict"),  # a name 88 towns share
        ("杭州市西湖区总工会开展送清凉活动。", "西湖区", "District"),  # two districts share it
    ],
)
def test_divisions_of_all_china(nlp, text: str, name: str, cls: str) -> None:
    assert (cls, name) in {m.key for m in analyse(nlp, text).resolved()}


def test_a_township_keeps_its_county() -> None:
    from graph.lexicons import load

    lex = load()
    assert lex.divisions["虎门镇"].parent == "东莞市" and lex.divisions["鄞州区"].parent == "宁波市"
    assert lex.divisions["玉林街道"].parent == "武侯区"


def test_a_township_shared_by_several_counties_gets_no_parent(nlp) -> None:
    facts = analyse(nlp, "城关镇总工会组织职工参观学习。").facts
    assert not [f for f in facts if f.subject == ("Subdistrict", "城关镇") and f.prop == "partOf"]
    facts = analyse(nlp, "昌图县太平镇总工会慰问一线职工。").facts
    assert (("Subdistrict", "太平镇"), "partOf", ("District", "昌图县")) in {
        (f.subject, f.prop, f.object) for f in facts
    }


@pytest.mark.parametrize("word", ["街道", "小城镇", "经济开发区"])
def test_common_words_are_not_divisions(word: str) -> None:
    from graph.lexicons import load

    assert word not in load().divisions


@pytest.mark.parametrize(
    ("text", "name", "now"),
    [
        ("吴江市总工会组织职工开展健步走活动。", "吴江市", "吴江区"),  # 撤县设区
        ("萧山市总工会举办职工运动会。", "萧山市", "萧山区"),  # a county-level city, now a district
    ],
)
def test_a_former_name_is_the_division_it_became(nlp, text: str, name: str, now: str) -> None:
    from graph.lexicons import load

    lex = load()
    assert ("District", name) in {m.key for m in analyse(nlp, text).resolved()}
    assert lex.divisions[name].code == lex.divisions[now].code and lex.divisions[name].parent


def test_a_former_name_that_is_a_common_word_is_not_a_division(nlp) -> None:
    # 大城县 would give 大城市 ("a big city"); 鼓楼 is four districts' short name, so 鼓楼县 is none
    from graph.lexicons import load

    assert "大城市" not in load().divisions and "鼓楼县" not in load().divisions
    assert not analyse(nlp, "我国大城市普遍采用这种办法。").resolved()
