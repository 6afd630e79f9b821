"""Events (graph/extract/events.py): named activities ending in an event noun, and the larger event of X之Y."""

from __future__ import annotations

import pytest
from conftest import analyse, kept_from


# Each event rule on what it finds: (text, rule id, the surface it finds and resolve keeps).
@pytest.mark.parametrize(
    ("text", "rule", "surface"),
    [
        ("通州区总工会举办职工乒乓球比赛。", "event.headed", "职工乒乓球比赛"),
        ("近日,昌平区总工会深入园区企业,开展劳动法律知识竞赛。", "event.headed", "劳动法律知识竞赛"),
        ("第三届职工厨艺大赛之面点比赛在运河文化广场举行。", "event.headed", "第三届职工厨艺大赛之面点比赛"),
        ("第三届职工厨艺大赛之面点比赛在运河文化广场举行。", "event.part_of_name", "第三届职工厨艺大赛"),
    ],
)
def test_event_rules_stamp_their_id(nlp, text: str, rule: str, surface: str) -> None:
    assert surface in kept_from(nlp, text, rule)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("区总工会副主席王晓东出席活动并讲话。", "王晓东"),
        ("镇长李国强出席仪式。", "李国强"),
    ],
)
def test_an_event_does_not_swallow_who_attends_it(nlp, text: str, person: str) -> None:
    keys = {m.key for m in analyse(nlp, text).resolved()}
    assert ("Person", person) in keys
    assert not [k for k in keys if k[0] == "Event" and person in k[1]]


# Where an event's name starts: a year, a rank, an adjective and a short aside are inside it, a
# verb that frames it is not; a long name joined by 暨 is one name.
@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("工会广泛开展“金色年华”帮扶结对活动。", "金色年华帮扶结对活动"),
        ("召开2024年度优秀园丁表彰大会。", "2024年度优秀园丁表彰大会"),
        ("1998年职工运动会在此举行。", "1998年职工运动会"),
        ("组织职工(家属)健康体检活动。", "职工(家属)健康体检活动"),
        ("区总工会开展全区职工篮球比赛。", "全区职工篮球比赛"),  # its reach is part of its name
        ("在某某村举办乡遇·青山书画展览。", "乡遇·青山书画展览"),  # a dot joins a name's parts
        ("青田县总工会成立暨第一次会员代表大会召开。", "青田县总工会成立暨第一次会员代表大会"),
        (
            "举办平安县十佳厨师技能竞赛暨东部片区职工烹饪技能比武大赛。",
            "平安县十佳厨师技能竞赛暨东部片区职工烹饪技能比武大赛",
        ),
    ],
)
def test_where_an_event_name_starts(nlp, text: str, event: str) -> None:
    assert ("Event", event) in {m.key for m in analyse(nlp, text).resolved()}


# Meetings: a union's congress is an event and the union is named in it; a verb before a meeting's
# name is not part of it; a body whose name ends in 会议 is a body.
@pytest.mark.parametrize(
    ("text", "found", "not_found"),
    [
        (
            "平安县交通局工会第一届第一次代表大会在县城召开。",
            {("Event", "平安县交通局工会第一届第一次代表大会"), ("TradeUnion", "平安县交通局工会")},
            set(),
        ),
        ("区政协主席王建国主持会议并讲话。", set(), {("Event", "区政协主席王建国主持会议")}),
        ("全国政协委员出席中国人民政治协商会议。", set(), {("Event", "中国人民政治协商会议")}),
    ],
)
def test_meetings(nlp, text: str, found: set, not_found: set) -> None:
    keys = {m.key for m in analyse(nlp, text).resolved()}
    assert found <= keys
    assert not (not_found & keys)


@pytest.mark.parametrize(
    "text",
    [
        "整场比赛精彩纷呈，观众掌声不断。",
        "让更多职工参与到竞赛中来。",
        "今年全县计划评选30个先进班组、80名优秀职工。",  # a head with its object is a verb
        "开幕式上,区委常委、宣传部部长王大明宣布比赛开幕。",  # 宣布 frames the head: no event
    ],
)
def test_a_determiner_or_a_verb_before_the_head_names_no_event(nlp, text: str) -> None:
    assert not [m for m in analyse(nlp, text).resolved() if m.cls == "Event"]


def test_ball_games_are_events(nlp) -> None:
    a = analyse(nlp, "由青田县总工会主办、青田县体育局协办的第二届职工篮球赛在县体育馆开幕。")
    assert ("Event", "第二届职工篮球赛") in {m.key for m in a.resolved()}
    facts = {(f.subject[1], f.prop, f.object[1]) for f in a.facts}
    assert ("第二届职工篮球赛", "organizer", "青田县总工会") in facts
