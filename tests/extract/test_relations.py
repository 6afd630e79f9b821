"""Relations (graph/extract/relations.py): event roles read from sentences, and what names say."""

from __future__ import annotations

import pytest
from conftest import analyse


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "近日,海淀区总工会在中关村街道举办了职工羽毛球比赛,来自联想集团、北京银行等单位的200余名职工参加。",
            {
                ("职工羽毛球比赛", "organizer", "海淀区总工会"),
                ("职工羽毛球比赛", "location", "中关村街道"),
                ("职工羽毛球比赛", "participant", "联想集团"),
                ("职工羽毛球比赛", "participant", "北京银行"),
                ("海淀区总工会", "locatedIn", "海淀区"),
                ("中关村街道", "partOf", "海淀区"),
            },
        ),
        (
            "由西城区总工会主办,德胜街道总工会承办的职工趣味运动会在德胜街道新康社区开展。",
            {
                ("职工趣味运动会", "organizer", "西城区总工会"),
                ("职工趣味运动会", "coOrganizer", "德胜街道总工会"),
                ("职工趣味运动会", "location", "德胜街道新康社区"),
                ("西城区总工会", "locatedIn", "西城区"),
                ("德胜街道总工会", "locatedIn", "德胜街道"),
                ("德胜街道", "partOf", "西城区"),
                ("德胜街道新康社区", "partOf", "德胜街道"),
            },
        ),
        (
            "首钢集团工会、团委主办的青年职工联谊活动举行。",
            {
                ("青年职工联谊活动", "organizer", "首钢集团工会"),
                ("青年职工联谊活动", "organizer", "首钢集团团委"),
                ("首钢集团工会", "unionOf", "首钢集团"),
                ("首钢集团团委", "subOrganizationOf", "首钢集团"),
            },
        ),
        (
            "近日,首届职工艺术节之合唱比赛开幕。本次比赛由顺义区总工会、区文旅局主办。",
            {
                ("首届职工艺术节之合唱比赛", "subEventOf", "首届职工艺术节"),
                ("首届职工艺术节之合唱比赛", "organizer", "顺义区总工会"),
                ("首届职工艺术节之合唱比赛", "organizer", "顺义区文旅局"),
                ("顺义区总工会", "locatedIn", "顺义区"),
                ("顺义区文旅局", "locatedIn", "顺义区"),
            },
        ),
    ],
)
def test_relations(nlp, text: str, facts: set) -> None:
    assert {(f.subject[1], f.prop, f.object[1]) for f in analyse(nlp, text).facts} == facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # 来到X: the place the sentence's event went to
        (
            "近日,德胜街道总工会组织开展剪纸体验活动,带领职工来到老字号企业荣宝斋学习。",
            {("剪纸体验活动", "organizer", "德胜街道总工会"), ("剪纸体验活动", "location", "荣宝斋")},
        ),
        # X走进Y,开展Z: the sentence's subject organises what it 开展s after a comma
        (
            "石景山区八角街道总工会走进首钢园,开展职工健步走活动。",
            {("职工健步走活动", "organizer", "石景山区八角街道总工会")},
        ),
        # A联合B…开展E after a range of dates: both organise it
        (
            "9月5日至7日,青田县总工会联合青田县人民医院,为一线女职工开展免费体检活动。",
            {("免费体检活动", "organizer", "青田县总工会"), ("免费体检活动", "organizer", "青田县人民医院")},
        ),
        # 为X组织了E: for whom, between the organiser and the verb
        (
            "温州市总工会为在温州工作的农民工组织了返乡专车活动。",
            {("返乡专车活动", "organizer", "温州市总工会")},
        ),
        # 到A、B: each place of the list after a verb of going
        (
            "9月5日,青田县总工会到鹤城街道、油竹街道,为环卫工人开展送清凉活动。",
            {("送清凉活动", "location", "鹤城街道"), ("送清凉活动", "location", "油竹街道")},
        ),
        # 已召开 E
        ("日前,青田县总工会已召开劳动竞赛动员大会。", {("劳动竞赛动员大会", "organizer", "青田县总工会")}),
        # a body's congress by its number alone is named with the body, which organises it
        (
            "昨天下午,青田县总工会召开第一次代表大会。",
            {("青田县总工会第一次代表大会", "organizer", "青田县总工会")},
        ),
        # a place, then 联合举办
        (
            "海淀区总工会、海淀区妇联在中关村广场联合举办青年职工联谊活动。",
            {
                ("青年职工联谊活动", "organizer", "海淀区总工会"),
                ("青年职工联谊活动", "organizer", "海淀区妇联"),
            },
        ),
    ],
)
def test_event_patterns(nlp, text: str, facts: set) -> None:
    got = {(f.subject[1], f.prop, f.object[1]) for f in analyse(nlp, text).facts}
    assert facts <= got


# Each relation rule (and the ids relation.event_role stamps) on the facts it states:
# (text, rule id, the fact as (subject, relation, object)).
@pytest.mark.parametrize(
    ("text", "rule", "fact"),
    [
        (
            "由通州区总工会主办、永顺镇总工会承办的职工厨艺大赛在运河文化广场举行。",
            "relation.event_role",
            ("职工厨艺大赛", "organizer", "通州区总工会"),
        ),
        (
            "由通州区总工会主办、永顺镇总工会承办的职工厨艺大赛在运河文化广场举行。",
            "relation.event_role",
            ("职工厨艺大赛", "coOrganizer", "永顺镇总工会"),
        ),
        (
            "近日,昌平区总工会深入园区企业,开展劳动法律知识竞赛。",
            "relation.opener",
            ("劳动法律知识竞赛", "organizer", "昌平区总工会"),
        ),
        (
            "由通州区总工会主办、永顺镇总工会承办的职工厨艺大赛在运河文化广场举行。",
            "relation.venue",
            ("职工厨艺大赛", "location", "运河文化广场"),
        ),
        (
            "延庆区总工会举办了职工摄影大赛,来自北京银行、燕山石化公司等单位的80余名职工参与。",
            "relation.participant",
            ("职工摄影大赛", "participant", "燕山石化公司"),
        ),
        (  # the list ends at a count (共37名) as it does at 的
            "青田县职工技能比武大赛举行,来自东风水泥、北辰科技、宏达机械等地方企业共37名选手参加了比赛。",
            "relation.participant",
            ("青田县职工技能比武大赛", "participant", "北辰科技"),
        ),
        (
            "由通州区总工会主办、永顺镇总工会承办的职工厨艺大赛在运河文化广场举行。",
            "relation.names",
            ("通州区总工会", "locatedIn", "通州区"),
        ),
        (
            "华北能源集团第二运维分公司工会开展安全竞赛。",
            "relation.names",
            ("华北能源集团第二运维分公司", "subOrganizationOf", "华北能源集团"),
        ),
        (
            "由通州区总工会主办、永顺镇总工会承办的职工厨艺大赛在运河文化广场举行。",
            "relation.gazetteer",
            ("永顺镇", "partOf", "通州区"),
        ),
    ],
)
def test_relation_rules_stamp_their_id(nlp, text: str, rule: str, fact: tuple) -> None:
    facts = {(f.subject[1], f.prop, f.object[1]): f.rule for f in analyse(nlp, text).facts}
    assert facts.get(fact) == rule


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "泰安市总工会开展送温暖慰问活动。",
            (("TradeUnion", "泰安市总工会"), "locatedIn", ("Place", "泰安市")),
        ),
        ("山西省总工会召开全委会议。", (("TradeUnion", "山西省总工会"), "locatedIn", ("Place", "山西省"))),
        (
            "武侯区总工会举办职工运动会。",
            (("TradeUnion", "武侯区总工会"), "locatedIn", ("District", "武侯区")),
        ),
    ],
)
def test_a_union_is_located_in_the_place_it_is_named_after(nlp, text: str, fact: tuple) -> None:
    assert fact in {(f.subject, f.prop, f.object) for f in analyse(nlp, text).facts}


# A community named inside a union's name is a community, the union is located in it, and it is part of
# the township or district named just before it.
@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "青田县鹤城街道东门社区工会联合会成立。",
            {
                (("TradeUnion", "青田县鹤城街道东门社区工会联合会"), "locatedIn", ("Community", "东门社区")),
                (("Community", "东门社区"), "partOf", ("Subdistrict", "鹤城街道")),
            },
        ),
        (
            "黄浦区外滩社区餐饮行业工会联合会召开会员大会。",
            {(("Community", "外滩社区"), "partOf", ("District", "黄浦区"))},
        ),
    ],
)
def test_a_community_inside_a_name(tagged, text: str, facts: set) -> None:
    assert facts <= {(f.subject, f.prop, f.object) for f in analyse(tagged, text).facts}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a branch of a bureau's union organises the bureau's workers
        (
            "新增5个模范职工小家,青田县交通运输局工会行政服务中心分会获评。青田县交通运输局开展活动。",
            ("青田县交通运输局工会行政服务中心分会", "unionOf", "青田县交通运输局"),
        ),
        # a union names the body whose workers it organises, though the article names it only there
        (
            "青田县文化服务中心工会委员会近日挂牌。",
            ("青田县文化服务中心工会委员会", "unionOf", "青田县文化服务中心"),
        ),
    ],
)
def test_a_union_is_the_union_of_the_body_its_name_holds(tagged, text: str, fact: tuple) -> None:
    assert fact in {(f.subject[1], f.prop, f.object[1]) for f in analyse(tagged, text).facts}


def test_places_side_by_side_after_zai_are_one_the_last_most_precise(tagged) -> None:
    a = analyse(tagged, "江西省总工会在赣州市瑞金市开展“送万福 进万家”书法公益活动。")
    facts = {(f.prop, f.object[1]) for f in a.facts if f.prop == "location"}
    assert facts == {("location", "瑞金市")}
