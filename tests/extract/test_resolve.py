"""Resolve (graph/resolve.py): what survives overlaps, anaphora and short forms, as entities."""

from __future__ import annotations

import pytest
from conftest import analyse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "近日,海淀区总工会举办了职工羽毛球比赛。",
            {("TradeUnion", "海淀区总工会"), ("District", "海淀区"), ("Event", "职工羽毛球比赛")},
        ),
        (
            "北京城建集团第三分公司工会组织开展“安全生产月”知识竞赛。",
            {
                ("Company", "北京城建集团"),
                ("Company", "北京城建集团第三分公司"),
                ("TradeUnion", "北京城建集团第三分公司工会"),
                ("Event", "安全生产月知识竞赛"),
            },
        ),
        (
            "石景山区八角街道总工会开展职工健步走活动。",
            {
                ("District", "石景山区"),
                ("Subdistrict", "八角街道"),
                ("TradeUnion", "石景山区八角街道总工会"),
                ("Event", "职工健步走活动"),
            },
        ),
        ("第五届职工运动会在首钢体育馆内举行。", {("Event", "第五届职工运动会"), ("Place", "首钢体育馆")}),
        (
            "东城区人大常委会副主任李明出席。",
            {("District", "东城区"), ("Organization", "东城区人大常委会"), ("Person", "李明")},
        ),
        ("来自工商银行、联想集团等单位的职工参加。", {("Company", "工商银行"), ("Company", "联想集团")}),
    ],
)
def test_entities(nlp, text: str, expected: set) -> None:
    assert {m.key for m in analyse(nlp, text).resolved()} == expected


@pytest.mark.parametrize(
    "text",
    [
        "各级工会和基层工会要加强工会组织建设,不断扩大工会组织覆盖面。",  # kinds of union, not unions
        "围绕中心任务,服务发展大局。",  # 中心, 局 inside ordinary words
        "该公司工会相关负责人表示,将继续努力。",  # an anaphor with nothing to point at
        "提升职工群体的向心力和凝聚力。",  # no person hides in 向心力
        "开展专题培训会和分组比赛。",  # generic activities
    ],
)
def test_no_entities_in_ordinary_words(nlp, text: str) -> None:
    assert analyse(nlp, text).resolved() == []


def test_short_forms_need_evidence(nlp) -> None:
    with_full = analyse(nlp, "丰台区总工会表示,丰台职工积极参与。")
    assert ("District", "丰台区") in {m.key for m in with_full.resolved() if m.text == "丰台"}
    alone = analyse(nlp, "丰台职工积极参与。")
    assert [m for m in alone.resolved() if m.text == "丰台"] == []


def test_anaphora_resolves_to_the_article_entities(nlp) -> None:
    a = analyse(nlp, "海淀区总工会举办比赛。该区总工会负责人表示,区体育局给予支持。")
    names = {m.text: m.name for m in a.resolved()}
    assert names["区总工会"] == "海淀区总工会"
    assert names["区体育局"] == "海淀区体育局"


# The resolve rule on the entities it makes: (text, rule id, a surface, the entity it resolves to).
@pytest.mark.parametrize(
    ("text", "rule", "surface", "label"),
    [
        ("延庆区总工会举办职工摄影大赛。", "resolve.entities", "延庆区总工会", "延庆区总工会"),
        (
            "石景山区总工会举办职工运动会。该区总工会负责人说,区体育局给予了大力支持。",
            "resolve.entities",
            "区体育局",
            "石景山区体育局",
        ),
        ("会议由丰台区总工会主持,丰台各街道工会代表参加。", "resolve.entities", "丰台", "丰台区"),
    ],
)
def test_resolve_rule_stamps_its_id(nlp, text: str, rule: str, surface: str, label: str) -> None:
    entities = analyse(nlp, text).entities
    assert [(e.label, e.rule) for e in entities if surface in {m.text for m in e.mentions}] == [(label, rule)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("泰安市召开职工代表大会。市总工会主席刘强出席会议。", "泰安市总工会"),
        ("山西省开展劳动竞赛。省总工会组织职工参赛。", "山西省总工会"),
        ("会议在昌图县召开，县总工会负责人参加。", "昌图县总工会"),
        # no place named in full: the county a body is named after (昌图 in 昌图经济开发区)
        ("近日,昌图经济开发区总工会成立。县总工会主席出席会议。", "昌图县总工会"),
    ],
)
def test_a_level_short_form_is_the_body_of_the_place_the_article_names(tagged, text: str, name: str) -> None:
    # the rules leave a bare 市总工会 to the tagger, so the whole pipeline
    assert name in {m.name for m in analyse(tagged, text).resolved()}


# A short form (市总工会, 区总工会, 县委) stands for the body of the place the article is from: the one it
# names, else the one its dateline, byline or paper names, else the one above a place it names.
@pytest.mark.parametrize(
    ("text", "publisher", "union"),
    [
        ("本报杭州7月20日讯 (记者 王小明) 市总工会举办职工运动会。", None, "杭州市总工会"),
        ("余杭区某街道举办活动。市总工会副主席出席。", None, "杭州市总工会"),  # 余杭区 is in 杭州市
        ("市总工会为一线职工送清凉。\n\n(某某日报全媒体记者王小明 责任编辑李四)", None, None),
        ("市总工会为一线职工送清凉。", "温州日报", "温州市总工会"),
        ("据市总工会介绍,今年将扩大覆盖。", "温州日报", "温州市总工会"),  # 据 is not part of the name
        (
            "近日,义乌市总工会慰问困难职工。市总工会还将开展回访。",
            None,
            "义乌市总工会",
        ),  # a county-level city
        ("某某网讯 嘉兴市某街道开展活动,市总工会副主席出席。", None, "嘉兴市总工会"),
    ],
)
def test_short_forms_resolve_from_context(
    tagged, text: str, publisher: str | None, union: str | None
) -> None:
    from dataclasses import replace

    from graph.read import _document

    doc = _document("t", text, "test", 0, title="t")
    a = tagged(replace(doc, publisher=publisher))
    unions = {e.label for e in a.entities if e.cls == "TradeUnion"}
    if union:
        assert union in unions
    assert not [u for u in unions if u.startswith(("市", "据"))] or union is None


def test_a_party_committee_short_form_resolves_too(tagged) -> None:
    from dataclasses import replace

    from graph.read import _document

    a = tagged(
        replace(_document("t", "市委书记出席会议并讲话。", "test", 0, title="t"), publisher="温州日报")
    )
    assert ("Organization", "温州市委") in {(e.cls, e.label) for e in a.entities}


def test_an_event_in_general_terms_is_its_articles_own(tagged) -> None:
    from graph.read import _document

    def events(doc_id: str, text: str) -> dict[str, str]:
        a = tagged(_document(doc_id, text, "test", 0, title="t"))
        return {e.label: e.iri for e in a.entities if e.cls == "Event"}

    one, two = events("a1", "工会举办青年职工联谊会。"), events("a2", "工会举办青年职工联谊会。")
    assert one["青年职工联谊会"] != two["青年职工联谊会"]  # two articles, two gatherings
    # an edition, a year or a body in the name makes it one event wherever it is named
    for text, name in [
        ("第五届职工运动会开幕。", "第五届职工运动会"),
        ("2024年职工运动会开幕。", "2024年职工运动会"),
        ("青田县总工会职工运动会开幕。", "青田县总工会职工运动会"),
    ]:
        assert events("a1", text)[name] == events("a2", text)[name]


def test_an_unresolved_short_form_is_its_articles_own(tagged) -> None:
    from graph.read import _document

    def unions(doc_id: str, text: str) -> dict[str, str]:
        a = tagged(_document(doc_id, text, "test", 0, title="t"))
        return {e.label: e.iri for e in a.entities if e.cls == "TradeUnion"}

    # no city anywhere: 市总工会 is some city's union, not one node for every article
    one, two = unions("a1", "市总工会为一线职工送清凉。"), unions("a2", "市总工会为一线职工送清凉。")
    assert one["市总工会"] != two["市总工会"]
    # a district whose name starts like a short form is a name all the same
    assert unions("a1", "市中区总工会举办活动。")["市中区总工会"].endswith("/tradeunion/市中区总工会")


def test_a_person_is_one_node_only_in_one_body(tagged) -> None:
    from graph.read import _document

    def person(doc_id: str, text: str) -> str:
        a = tagged(_document(doc_id, text, "test", 0, title="t"))
        return next(e.iri for e in a.entities if e.cls == "Person" and e.label == "王建新")

    # the same name with the same post in the same body, in two articles: one person
    said = "青田县总工会主席王建新出席会议。"
    assert person("a1", said) == person("a2", said)
    # the same name without a post, in two articles: two people
    assert person("a1", "职工王建新说,活动很好。") != person("a2", "职工王建新说,活动很好。")


def test_a_sites_dateline_names_no_place_and_ends_a_name(tagged) -> None:
    keys = {m.key for m in analyse(tagged, "江南网讯 温州市总工会举办职工运动会。").resolved()}
    assert ("TradeUnion", "温州市总工会") in keys
    assert not [k for k in keys if k[1] in ("江南", "江南网讯温州市总工会")]


def test_a_sites_dateline_with_a_date_names_no_place(tagged) -> None:
    keys = {m.key for m in analyse(tagged, "中国浙江网5月12日讯 湖州市总工会举办职工运动会。").resolved()}
    assert ("TradeUnion", "湖州市总工会") in keys
    assert not [k for k in keys if k[1] in ("中国", "浙江省", "浙江")]
