"""Figures (graph/extract/quantities.py): a number and its measure word, normalised."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import analyse


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("全年共发放慰问金1.2万元。", [("12000", "元", False)]),
        ("慰问困难职工三百二十名,覆盖率达95%。", [("320", "名", False), ("95", "%", False)]),
        ("服务职工5000余人次,涉及金额100余万元。", [("5000", "人次", True), ("1000000", "元", True)]),
        ("近300人参加,工会会员总数达8.8万人。", [("300", "人", True), ("88000", "人", False)]),
        ("三千五百名职工参加,三四千人观看。", [("3500", "名", False)]),
        ("两千零五十户签约,惠及一万二千人。", [("2050", "户", False), ("12000", "人", False)]),
        ("第五届比赛拨打12345热线,731医院一位医生和两个科室,百人以上企业。", []),
        # a bound (以上, 左右) is still a figure, marked approximate, unless it classifies a noun
        ("覆盖率要达到90%以上,工种细分为12种以上。", [("90", "%", True), ("12", "种", True)]),
        ("约有200人左右参加,五十人以上的单位均已建会。", [("200", "人", True)]),
        ("经过七轮角逐,分3批次组织疗休养。", [("7", "轮", False), ("3", "批次", False)]),
        # a rank (前6名) and a duration (24小时, 52天) are not figures
        ("决出前6名,24小时开放,历时52天,共有40名选手参赛。", [("40", "名", False)]),
    ],
)
def test_figures(nlp, text: str, figures: list) -> None:
    got = [(str(q.value), q.unit, q.approximate) for q in analyse(nlp, text).quantities]
    assert got == figures
    assert all(isinstance(q.value, Decimal) for q in analyse(nlp, text).quantities)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十五", 15),
        ("一十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("一百五", 150),  # a last digit straight after 百 counts in tens
        ("三千五", 3500),
        ("两千零五十", 2050),
        ("三百零", 300),
        ("九千九百九十九", 9999),
        ("二零二零", 2020),  # digits read one by one
        ("两", 2),
        ("八九千二", None),  # two digits in a row: a range or a slip, not a number
        ("三四千", None),
        ("十十", None),
        ("百", None),
        ("", None),
        ("零", 0),
        ("一万", 10_000),
        ("一万二千", 12_000),
        ("一万二", 12_000),  # a last digit straight after 万 counts in thousands
        ("一万零二", 10_002),
        ("十二万三千四百", 123_400),
        ("三亿五千万", 350_000_000),
        ("一亿零五百万", 105_000_000),
        ("万", None),
    ],
)
def test_chinese_numerals(text: str, value: int | None) -> None:
    from graph.extract.quantities import chinese_number

    assert chinese_number(text) == value


def test_headline_figures_are_not_counted_twice(nlp) -> None:
    a = analyse(nlp, "近日,160余名职工参加比赛。", title="160余名职工挥拍竞技")
    assert [q.text for q in a.quantities] == ["160余名"]


# The figure rule on what it finds: (text, rule id, the figure's surface).
@pytest.mark.parametrize(
    ("text", "rule", "surface"),
    [
        (
            "通州区总工会副主席张海峰表示,今年全区共走访慰问困难职工1200余名。",
            "figure.measure_word",
            "1200余名",
        ),
        ("据统计,全区建成职工之家312个,服务职工8.6万人次。", "figure.measure_word", "8.6万人次"),
        ("今年以来,全市新发展会员3.6万人,发放助学金约200万元。", "figure.measure_word", "约200万元"),
    ],
)
def test_figure_rule_stamps_its_id(nlp, text: str, rule: str, surface: str) -> None:
    assert (surface, rule) in {(q.text, q.rule) for q in analyse(nlp, text).quantities}


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("青田县已建立工会组织403家,工会会员总数达8.8万人。", ("District", "青田县")),
        # a list of bodies, or 等 before the counted noun: no one body is counted
        ("来自某某银行、某某集团等单位的50名青年职工参与。", None),
        ("招募了某某医院的专家,辖区理发师、按摩技师等职工志愿者50余人。", None),
    ],
)
def test_a_figure_is_about_the_body_the_sentence_counts(nlp, text: str, about) -> None:
    assert [q.about for q in analyse(nlp, text).quantities][-1] == about


def test_a_news_agency_in_a_dateline_is_not_what_a_figure_counts(tagged) -> None:
    a = analyse(tagged, "新华社杭州4月28日电 28日,温州市召开表彰大会,授予100名职工“温州工匠”称号。")
    assert [(str(q.value), q.about) for q in a.quantities] == [("100", None)]
