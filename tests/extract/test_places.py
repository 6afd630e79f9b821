"""Places (graph/extract/places.py): one-character country names, divisions, communities, venues."""

from __future__ import annotations

import pytest
from conftest import analyse, kept_from


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
    from graph.model import PLACE_CLASSES  # 龙泉乡 is a Subdistrict, 莒县 a District

    assert {m.text for m in analyse(nlp, text).resolved() if m.cls in PLACE_CLASSES} == places


# Each place rule on what it finds: (text, rule id, the surface it finds and resolve keeps).
@pytest.mark.parametrize(
    ("text", "rule", "surface"),
    [
        ("昨天,通州区总工会在永顺镇果园西社区举办职工书法展览活动。", "place.gazetteer", "永顺镇"),
        ("工会代表团访问了奥克兰市和坎大哈省。", "place.tagged", "奥克兰市"),
        ("工会代表团访问了奥克兰市和坎大哈省。", "place.headed_division", "坎大哈省"),
        ("考察团抵达东部城市布尔萨。", "place.named_by_kind", "布尔萨"),
        ("美俄双方就劳工问题交换了意见。", "place.abbreviation", "俄"),
        ("中韩劳务合作不断深化。", "place.abbreviation_token", "韩"),
        (
            "昨天,通州区总工会在永顺镇果园西社区举办职工书法展览活动。",
            "place.community",
            "永顺镇果园西社区",
        ),
        ("永顺镇总工会承办的职工厨艺大赛在运河文化广场举行。", "place.venue", "运河文化广场"),
        ("嘉兴经济技术开发区总工会成立。", "place.zone", "嘉兴经济技术开发区"),
    ],
)
def test_place_rules_stamp_their_id(nlp, text: str, rule: str, surface: str) -> None:
    assert surface in kept_from(nlp, text, rule)


def test_a_development_zone_is_a_district_its_union_is_located_in(tagged) -> None:
    a = analyse(tagged, "湖州高新区总工会成立。市总工会副主席出席。")
    keys = {m.key for m in a.resolved()}
    assert ("District", "湖州高新区") in keys and ("TradeUnion", "湖州市总工会") in keys  # 湖州 is kept
    facts = {(f.subject, f.prop, f.object) for f in a.facts}
    assert (("TradeUnion", "湖州高新区总工会"), "locatedIn", ("District", "湖州高新区")) in facts


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("6月5日,青田县总工会在青田县石门度假村举行职工疗休养活动。", "青田县石门度假村"),
        ("联谊会在平山县温泉度假村举行。", "平山县温泉度假村"),
        ("活动在临川区乡悦·云山民宿艺术村举办。", "临川区乡悦·云山民宿艺术村"),
    ],
)
def test_a_resort_or_art_village_is_a_venue_not_a_community(tagged, text: str, place: str) -> None:
    found = {(m.text, m.cls) for m in analyse(tagged, text).resolved()}
    assert (place, "Place") in found and not any(cls == "Community" for _, cls in found)


def test_a_locative_does_not_start_a_venue(tagged) -> None:
    a = analyse(tagged, "街道工会走访辖区内职工书屋。")
    assert not [m for m in a.resolved() if m.cls == "Place"]  # 辖区内|职工书屋: no name


def test_a_tagger_name_with_a_venues_head_is_a_place() -> None:
    from graph.extract.overlaps import refine
    from graph.lexicons import load
    from graph.model import Mention

    assert refine(Mention(0, 5, "翠湖山书院", "Organization", rule="tagger.crf"), load()).cls == "Place"
    assert (
        refine(Mention(0, 5, "翠湖山医院", "Organization", rule="tagger.crf"), load()).cls == "Organization"
    )
