"""Organisations (graph/extract/orgs.py): name heads, chains of sub-units, well-known bodies, periodicals."""

from __future__ import annotations

import pytest
from conftest import analyse, kept_from


# News names as People's Daily style text writes them (invented sentences): each row gives
# mentions that must be found and mentions that must not.
@pytest.mark.parametrize(
    ("text", "found", "not_found"),
    [
        # a dateline (…日电) and a match verb the dictionary tags as a noun end a name on the left
        (
            "新华社北京3月5日电外交部发言人今天表示。",
            {("Organization", "外交部")},
            {("Organization", "日电外交部")},
        ),
        ("他们在半决赛中战胜巴西队。", {("Organization", "巴西队")}, {("Organization", "战胜巴西队")}),
        ("在决赛中战胜东道主法国队。", {("Organization", "法国队")}, set()),  # the host is a role
        ("四川全兴队主场迎战延边敖东队。", {("Organization", "四川全兴队")}, set()),  # home ground
        # after a place, a common word on the left belongs to the sentence, not the name
        (
            "开通了直达航线新西兰航空公司将于下月首航。",
            {("Company", "新西兰航空公司")},
            {("Company", "航线新西兰航空公司")},
        ),
        # a dictionary compound of a common word and a kind head is a kind, not a name
        ("农民可以向保险公司投保。", set(), {("Company", "保险公司")}),
        ("据了解，人事部和商务部联合发文。", {("Organization", "人事部")}, set()),
        # a post title after the name (团长) does not carry the name on
        ("澳大利亚代表团团长会见了记者。", {("Organization", "澳大利亚代表团")}, set()),
        # well-known bodies without a telling suffix, ending where a word or a joined title ends
        ("今天，联合国安理会常任理事国举行会议。", {("Organization", "联合国")}, set()),
        ("市委书记主持召开会议。", {("Organization", "市委")}, set()),
        ("省委常委、副省长出席。", {("Organization", "省委")}, {("Organization", "省委常委")}),
        ("辽宁省委决定召开大会。", {("Organization", "辽宁省委")}, set()),  # with its place
        ("议案在本届国会获得通过。", {("Organization", "国会")}, set()),
        ("世界卫生组织的专家认为。", {("Organization", "世界卫生组织")}, set()),
        # a head the dictionary hides in a verb (禁毒署), and new heads (议会, 理事会)
        ("联合国禁毒署发表报告。", {("Organization", "联合国禁毒署")}, set()),
        ("俄罗斯议会通过法案。", {("Organization", "俄罗斯议会")}, set()),
        ("中国女篮昨晚获胜。", {("Organization", "中国女篮")}, set()),  # a national team
        # a noun-verb compound inside a name anchored on a place, not a verb after the place
        ("仪式上，中国文化扶贫委员会主任讲话。", {("Organization", "中国文化扶贫委员会")}, set()),
        ("美国派遣代表团访华。", set(), {("Organization", "美国派遣代表团")}),
        # a bare administrative level before a body belongs to its name
        ("在简陋的乡卫生院里，她是一名护士。", {("Organization", "乡卫生院")}, set()),
        ("他担任着村党支部委员。", {("Organization", "村党支部")}, set()),
        ("企业要抓住三大机遇。", set(), {("Organization", "三大")}),  # a count, not a university
        ("认真贯彻十六大精神。", {("Organization", "十六大")}, set()),  # a party congress
        # the people of a body and a title jieba joined to the head end the name
        ("泰国国家银行领导人表示担忧。", {("Company", "泰国国家银行")}, set()),
        ("他会见了亚洲开发银行行长。", {("Company", "亚洲开发银行")}, set()),
        ("上海红十字会副会长出席。", {("Organization", "上海红十字会")}, set()),
        ("本报北京6月17日讯新华社记者报道。", {("Organization", "新华社")}, set()),
        ("教育引导工会职工积极参与。", set(), {("TradeUnion", "教育引导工会")}),  # union members
        # a dictionary organisation word ends its name whatever noun follows
        ("湘乡市公安局责令治安股整改。", {("Organization", "湘乡市公安局")}, set()),
        ("此案经海口市中级人民法院审理。", {("Organization", "海口市中级人民法院")}, set()),  # 中级
        ("马克思的整个世界观所提供的。", set(), {("Organization", "整个世界观所")}),
        ("全县建起了57所农民学校。", set(), {("Organization", "57所")}),  # a count of schools
        ("华北中南部有小雨。", set(), {("Organization", "中南部")}),  # a part of a region
        ("上海八十中学校长说。", {("Organization", "上海八十中学")}, set()),  # a numbered school
        ("吉林省高等学校工作委员会要求各校。", {("Organization", "吉林省高等学校工作委员会")}, set()),
        ("市长勉励济南交警严格执法。", {("Organization", "济南交警")}, set()),  # new heads
        ("马赛总领事馆今天开馆。", {("Organization", "马赛总领事馆")}, set()),
        ("亚洲发展基金第八次增资。", {("Organization", "亚洲发展基金")}, set()),
        ("将用这笔款项设立专项基金。", set(), {("Organization", "专项基金")}),  # a kind of fund
        # newspapers and magazines in 《》, with the place before them
        ("他的文章曾在《朝日新闻》上刊登。", {("Organization", "朝日新闻")}, set()),
        ("据美国《时代》周刊报道。", {("Organization", "美国《时代》周刊")}, set()),
        ("两报合并创组华北《人民日报》。", {("Organization", "华北《人民日报》")}, set()),
        ("栏目有《过去的新闻》。", set(), {("Organization", "过去的新闻")}),  # a programme
        # a body named straight after its parent is one name with it
        ("国务院台办副主任出席。", {("Organization", "国务院台办")}, set()),
        ("致公党中央副主席出席。", {("Organization", "致公党中央")}, set()),
        # heads of committees, troupes, delegations and squads
        ("寄赠给法国世界杯组委会。", {("Organization", "法国世界杯组委会")}, set()),
        ("展示总政歌舞团四十五年来的成就。", {("Organization", "总政歌舞团")}, set()),
        ("加拿大海军舰艇编队结束访问。", {("Organization", "加拿大海军舰艇编队")}, set()),
        ("他成为第一支被淘汰的非洲球队。", set(), {("Organization", "非洲球队")}),  # a kind
        ("美国银行界一直感到不满。", set(), {("Company", "美国银行")}),  # a trade, not a bank
        # a ministry named in its minister's title, with the country before it
        ("财政部长今天宣布降息。", {("Organization", "财政部")}, set()),
        ("他会见了瑞典农业部长。", {("Organization", "瑞典农业部")}, set()),
        ("他被任命为代理部长。", set(), {("Organization", "代理部")}),
        # a union's committee for a term is the union's; a committee with nothing but its term is no one
        (
            "大会选举产生了青田县总工会第二届委员会和第二届女职工委员会。",
            {("TradeUnion", "青田县总工会第二届委员会")},
            {("Organization", "第二届女职工委员会")},
        ),
        ("选举产生了新一届工会委员会。", set(), {("TradeUnion", "新一届工会委员会")}),
        # a verb before a name is not part of it
        ("李明山代表区总工会致辞。", set(), {("TradeUnion", "李明山代表区总工会")}),
        ("货车司机纷纷加入工会。", set(), {("TradeUnion", "货车司机纷纷加入工会")}),
        ("全县建成职工书屋38所。", set(), {("Organization", "职工书屋38所")}),  # a count
        # a joint union of workers of one trade; an office of a body
        ("瓯海区外卖员联合工会成立。", {("TradeUnion", "瓯海区外卖员联合工会")}, set()),
        ("市委办公室、市总工会联合发文。", {("Organization", "市委办公室")}, set()),
    ],
)
def test_news_names(nlp, text: str, found: set, not_found: set) -> None:
    got = {(m.cls, m.text) for m in analyse(nlp, text).resolved()}
    assert found <= got
    assert not (not_found & got)


# Well-known bodies written short are named by their full name, a union as a TradeUnion.
@pytest.mark.parametrize(
    ("text", "cls", "name"),
    [
        ("全总发出通知,部署送清凉工作。", "TradeUnion", "中华全国总工会"),
        ("全国总工会召开新闻发布会。", "TradeUnion", "中华全国总工会"),
        ("记者从人社部获悉,今年将扩大招生。", "Organization", "人力资源和社会保障部"),
        ("教育部印发通知。", "Organization", "教育部"),
    ],
)
def test_known_bodies_by_full_name(nlp, text: str, cls: str, name: str) -> None:
    assert (cls, name) in {(m.cls, m.name or m.text) for m in analyse(nlp, text).resolved()}


# Each organisation rule on what it finds: (text, rule id, the surface it finds and resolve keeps).
@pytest.mark.parametrize(
    ("text", "rule", "surface"),
    [
        ("通州区总工会举办职工乒乓球比赛。", "org.suffix", "通州区总工会"),
        ("工会干部走进老字号企业同仁堂参观。", "org.context", "同仁堂"),
        ("新华社记者从外交部获悉。", "org.tagged", "外交部"),
        ("国际劳工组织总干事霍恩伯格发表讲话。", "org.gazetteer", "国际劳工组织"),
        ("财政部长在会上宣布提高补贴。", "org.ministry", "财政部"),
        ("据日本《每日新闻》报道,当地工会举行集会。", "org.periodical", "日本《每日新闻》"),
        ("华北能源集团第二运维分公司工会开展安全竞赛。", "org.extend", "华北能源集团第二运维分公司工会"),
        ("国务院国防科工委召开中央企业工会工作会议。", "org.adjoined", "国务院国防科工委"),
        ("京能集团工会、团委联合开展青年读书活动。", "org.coordinated", "团委"),
        ("华北能源集团第二运维分公司工会开展安全竞赛。", "org.nested", "华北能源集团"),
        ("来自区内各企业及东风水泥、北辰科技、宏达机械等地方企业的选手参赛。", "org.listed", "北辰科技"),
    ],
)
def test_org_rules_stamp_their_id(nlp, text: str, rule: str, surface: str) -> None:
    assert surface in kept_from(nlp, text, rule)


# What is not a body, with the tagger in the pipeline (invented sentences).
@pytest.mark.parametrize(
    ("text", "not_found"),
    [
        ("青田宏达精密机械有限公司技术部长王大明出席。", ("Organization", "技术部")),  # a department
        ("县属国企工会组织要发挥好桥梁作用。", ("Organization", "国企工会组织")),  # a kind
        # the unit inside a union branch's name
        (
            "青田县交通运输局工会行政服务中心分会获评模范职工小家。",
            ("Organization", "青田县交通运输局工会行政服务中心"),
        ),
        ("奋力开创园区工会工作新局面。", ("TradeUnion", "园区工会")),  # 工会工作: union work
        # a piece of a quoted slogan
        (
            "志愿者举办翰墨飘香写春联,金龙献瑞迎新春”纳福活动。",
            ("Organization", "金龙献瑞迎新春”纳福"),
        ),
    ],
)
def test_not_a_body(tagged, text: str, not_found: tuple[str, str]) -> None:
    assert not_found not in {(m.cls, m.text) for m in analyse(tagged, text).resolved()}


def test_a_word_the_tagger_alone_sees_in_a_meeting_name_does_not_organise_it(tagged) -> None:
    a = analyse(tagged, "大会审议了工作报告,随后召开主席团会议,进行分组讨论。")
    assert not [f for f in a.facts if f.prop == "organizer"]  # 主席团 is the meeting's own word


@pytest.mark.parametrize(
    ("text", "found", "cls"),
    [
        (
            "来自区内各企业及东风水泥、北辰科技、宏达机械等地方企业的选手参赛。",
            {"东风水泥", "北辰科技", "宏达机械"},
            "Company",
        ),
        ("来自“快送外卖”“跑得快”等平台的送餐员参加活动。", {"快送外卖", "跑得快"}, "Company"),
        ("东风水泥、北辰科技和宏达机械等企业负责人出席。", {"东风水泥", "北辰科技", "宏达机械"}, "Company"),
        ("王大明、李小红等企业负责人出席。", set(), "Company"),  # the people the list names
        (
            "据了解,该镇现有快达、迅通、远航等快递企业12家。",
            {"快达", "迅通", "远航"},
            "Company",
        ),  # 现有: the clause's
        ("北京、上海等城市的职工参加。", set(), "Company"),  # not a kind of body
    ],
)
def test_the_items_of_a_list_a_kind_of_body_closes(nlp, text: str, found: set, cls: str) -> None:
    got = {m.text for m in analyse(nlp, text).resolved() if m.rule == "org.listed" and m.cls == cls}
    assert got == found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("青田县工人文化宫举办职工书画展。", "青田县工人文化宫"),
        ("浙江省工人疗养院为劳模开展健康体检。", "浙江省工人疗养院"),
        ("南昌机务段九江检修车间开展技能比武。", "南昌机务段"),
    ],
)
def test_institutions_by_their_head(nlp, text: str, name: str) -> None:
    assert ("Organization", name) in {(m.cls, m.text) for m in analyse(nlp, text).resolved()}


def test_a_bare_body_after_a_named_one_shares_its_place(tagged) -> None:
    a = analyse(tagged, "由青山镇党委、政府主办,镇总工会协办的职工拔河比赛近日举行。")
    names = {m.key for m in a.resolved()}
    assert {("Organization", "青山镇政府"), ("TradeUnion", "青山镇总工会")} <= names  # 镇总工会: the town's
    facts = {(f.subject[1], f.prop, f.object[1]) for f in a.facts}
    assert ("职工拔河比赛", "organizer", "青山镇政府") in facts
    b = analyse(tagged, "青山镇党委和政府办公室联合发文。")  # 政府办公室: a longer name, not 青山镇政府
    assert ("Organization", "青山镇政府") not in {m.key for m in b.resolved()}


def test_a_unions_committee_for_a_term_is_the_union(nlp) -> None:
    a = analyse(nlp, "大会选举产生了青田县总工会第二届委员会。")
    assert ("TradeUnion", "青田县总工会") in {m.key for m in a.resolved()}


def test_a_unions_own_unit_is_part_of_its_name(nlp) -> None:
    a = analyse(nlp, "青田宏达食品有限公司包装车间工会小组获评先进。")
    assert ("TradeUnion", "青田宏达食品有限公司包装车间工会小组") in {m.key for m in a.resolved()}


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("温州台州工会携手开展劳模交流。", "温州台州工会", None),  # two cities' unions
        ("杭州西湖区总工会开展活动。", None, "杭州西湖区总工会"),  # a city and its district: one place
    ],
)
def test_two_places_side_by_side_are_two_bodies(tagged, text: str, absent, present) -> None:
    names = {m.name or m.text for m in analyse(tagged, text).resolved()}
    assert absent not in names and (present is None or present in names)


def test_a_ministry_named_in_its_heads_title(nlp) -> None:
    a = analyse(nlp, "县委常委、组织部部长陈大海出席。")  # 组织部|部长: the department is 组织部
    assert "组织部部" not in {m.text for m in a.resolved()}


def test_a_term_committee_written_short_is_the_union(nlp) -> None:
    a = analyse(nlp, "大会选举产生了联合工会第一届委员会。青田县快递员联合工会成立。")
    assert {m.key for m in a.resolved() if m.cls == "TradeUnion"} == {("TradeUnion", "青田县快递员联合工会")}


def test_a_bodys_term_committee_is_the_bodys_union(nlp) -> None:
    a = analyse(nlp, "大会选举产生了青田宏达机械有限公司第三届工会委员会。")
    assert ("TradeUnion", "青田宏达机械有限公司工会") in {m.key for m in a.resolved()}


def test_a_union_of_new_forms_of_employment(nlp) -> None:
    a = analyse(nlp, "青田县新就业形态劳动者工会联合会正式成立。")  # 新就业形态 is one term
    assert ("TradeUnion", "青田县新就业形态劳动者工会联合会") in {m.key for m in a.resolved()}


def test_a_human_resources_bureau_is_named_whole(nlp) -> None:
    a = analyse(nlp, "青田县总工会联合县司法局、县人力资源和社会保障局开展活动。")
    assert ("Organization", "青田县人力资源和社会保障局") in {m.key for m in a.resolved()}
