"""Extraction on made-up news (never the seed's own sentences): entities, relations, posts, figures."""

from __future__ import annotations

from decimal import Decimal

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
    ],
)
def test_event_patterns(nlp, text: str, facts: set) -> None:
    got = {(f.subject[1], f.prop, f.object[1]) for f in analyse(nlp, text).facts}
    assert facts <= got


@pytest.mark.parametrize(
    ("text", "memberships"),
    [
        (
            "海淀区总工会党组书记、常务副主席王建国介绍。",
            {("王建国", "党组书记", "海淀区总工会"), ("王建国", "常务副主席", "海淀区总工会")},
        ),
        (
            "东城区人大常委会副主任,东城区总工会主席李明表示。",
            {("李明", "副主任", "东城区人大常委会"), ("李明", "主席", "东城区总工会")},
        ),
        ("一位职工说,活动很好。", set()),
    ],
)
def test_memberships(nlp, text: str, memberships: set) -> None:
    assert {(m.person[1], m.role, m.organization[1]) for m in analyse(nlp, text).memberships} == memberships


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
    ],
)
def test_news_names(nlp, text: str, found: set, not_found: set) -> None:
    got = {(m.cls, m.text) for m in analyse(nlp, text).resolved()}
    assert found <= got
    assert not (not_found & got)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("双方重申将遵守中美三项协议。", {"中", "美"}),  # a pair of one-character countries
        ("韩美两国军方举行演习。", {"韩", "美"}),
        ("日本首相下月访华并出席会议。", {"华", "日本"}),  # a verb of going and a one-character name
        ("部长今天在京召开会议。", {"京"}),  # a lone token the dictionary tags a place
        ("双方讨论了对韩投资问题。", {"韩"}),
        ("俄总统表示欢迎。", {"俄"}),  # a country and its office in one word
        ("许多华侨回国投资。", {"华"}),  # the people of a place
        ("专家讨论了东北地区的天气。", {"东北"}),  # 地区 after a region is a plain noun
        ("所以美方对其安全性要求很高。", {"美"}),  # a country's side, forces, invaders
        ("士兵们击退了美军的进攻。", {"美"}),
        ("当年日寇侵占了这座城市。", {"日"}),
        ("印尼的经济困境将影响邻国。", {"印尼"}),  # short country names
        ("声明说，挪威政府已采取措施。", {"挪威"}),  # a country before a common word
        ("他同英国首相进行磋商。", {"英国"}),
        ("探测器将飞向火星。", {"火星"}),  # celestial bodies are places
        ("村民反映：龙泉乡今年丰收。", {"龙泉乡"}),  # a name and a division's head cut apart
        ("它将根据在肯特郡的试验情况决定。", {"肯特郡"}),
        ("要保障小城镇建设。", set()),  # a kind of place, not a name
        ("我国部分大中城市出现污染。", set()),
        ("比赛于北京时间清晨4时开始。", set()),  # a clock, not the city
        ("他们游览了百花山。", {"百花山"}),
        ("西瓜虽未成熟，但莒县种植的西瓜长势良好。", {"莒县"}),  # a county with a one-character name
        ("此外，拉贾斯坦邦等地气温很高。", {"拉贾斯坦邦"}),
        ("招商团正在美国活动。", {"美国"}),  # 美国活动 is not an event that hides the country
        ("商船途经马拉若岛时遇到海潮。", {"马拉若岛"}),  # a name with an island's head
        ("这项协议为喀岛带来和平。", set()),  # 为|喀岛: a preposition glued on
        ("保加利亚南部城市哈斯科沃举办展览。", {"保加利亚", "哈斯科沃"}),  # a foreign name after its kind
        ("他们亵渎城市文明。", set()),
        ("讨论了亚洲地区的经济形势。", {"亚洲"}),
        ("要使企业新老职工都得到培训。", set()),  # 新老: not New Zealand and Laos
        ("家庭美德建设。", set()),  # 美德: a virtue, a word of its own
        ("在投票中以多数通过。", set()),  # 中以: "during", not China and Israel
    ],
)
def test_one_character_places(nlp, text: str, places: set) -> None:
    assert {m.text for m in analyse(nlp, text).resolved() if m.cls == "Place"} == places


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("会上，吴斌介绍了经验。", {"吴斌"}),  # a name jieba guessed, though a longer word starts with it
        ("渔民李友香父子今天出海。", {"李友香"}),  # 李友|香: a lone character the name takes
        ("经理赵明新经常到车间调查。", {"赵明新"}),
        ("专员王少农等人出席。", {"王少农"}),  # 王少|农等: a guessed word ending in a particle
        ("会上，郭立权教授作了发言。", {"郭立权"}),  # a three-character guess needs only a surname
        ("他安排吕老去郊区休养。", set()),  # 吕老|去: an elder, then a verb
        ("北京5月4日讯记者王明光、李长风报道：比赛开始。", {"王明光", "李长风"}),  # reporters
    ],
)
def test_people_jieba_cut_short(nlp, text: str, people: set) -> None:
    assert {m.text for m in analyse(nlp, text).resolved() if m.cls == "Person"} == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("前锋巴蒂斯托尼两次射门。", {"巴蒂斯托尼"}),  # pieces of one foreign name jieba cut apart
        ("主席斯特罗诺夫和议长会谈。", {"斯特罗诺夫"}),
        ("他会见了米·卡尔多索。", {"米·卡尔多索"}),  # an initial for the given name
        ("市长罗伯特·德兰尼表示欢迎。", {"罗伯特·德兰尼"}),  # not 长罗伯特: names start at a word
        ("南部的卡布特省遭灾。", set()),  # a place by the head after it
        ("列车在埃舍德小镇出轨。", set()),
        ("英国外交大臣库克今天发表声明。", {"库克"}),  # a name the dictionary knows, after a post
        ("美国财政部长鲁宾16日会见记者。", {"鲁宾"}),  # a date after a name and its title
        ("县长吴方军分管农业。", {"吴方军"}),
        ("再有彭真校长和夫人。", {"彭真"}),  # a dictionary name next to a post title
        ("转达了李鹏委员长的问候。", {"李鹏"}),
        ("副参谋长赵国钧少将出席。", set()),  # 赵国|钧: not cut short
    ],
)
def test_foreign_names(nlp, text: str, people: set) -> None:
    assert {m.text for m in analyse(nlp, text).resolved() if m.cls == "Person"} == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("企业应向主管部门申领许可证。", set()),  # a common noun by its last character
        ("他们检查了车辆的安全性。", set()),
        ("经历过这些的赵小姐这样说。", {"赵"}),  # the surname alone before an honorific
        ("事后，刘某被警方带走。", {"刘"}),  # a person the paper does not name
        ("孙老说，画画要有耐心。", {"孙"}),  # an elder
        ("老钱的儿子考上了研究生。", {"钱"}),  # a familiar form
        ("某些人认为这不公平。", set()),
        ("对手续不全的，应当说明须补办的项目。", set()),  # 应当|说: a word before a speech verb
        ("李总理满意地说，合作进展顺利。", {"李"}),  # 满意地|说: an adverb
        ("总编辑王晨都表示支持。", {"王晨"}),  # 都: a particle after the name
        ("陈和生说，试验很成功。", {"陈和生"}),  # 和 inside a name
        ("关于双边合作，唐外长说，前景广阔。", {"唐"}),  # a surname and a title
        ("深山老林，人迹罕至。", set()),  # 老林: a phrase, not a familiar name
        ("这将有助于韩中经济合作。", set()),  # two countries, not a person
    ],
)
def test_people_surnames_and_common_words(nlp, text: str, people: set) -> None:
    assert {m.text for m in analyse(nlp, text).resolved() if m.cls == "Person"} == people
