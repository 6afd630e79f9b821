"""Memberships (graph/extract/memberships.py): who holds which post in which organisation."""

from __future__ import annotations

import pytest
from conftest import analyse


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
        # the body's own 党委 before a post, in a run that shares the person
        (
            "平安镇党委副书记、平安镇总工会主席王建国出席会议。",
            {("王建国", "副书记", "平安镇党委"), ("王建国", "主席", "平安镇总工会")},
        ),
        ("一位职工说,活动很好。", set()),
    ],
)
def test_memberships(nlp, text: str, memberships: set) -> None:
    assert {(m.person[1], m.role, m.organization[1]) for m in analyse(nlp, text).memberships} == memberships


# The membership rule on the posts it reads: (text, rule id, (person, role, organisation)).
@pytest.mark.parametrize(
    ("text", "rule", "membership"),
    [
        (
            "通州区总工会副主席张海峰表示,今年全区共走访慰问困难职工1200余名。",
            "membership.title_run",
            ("张海峰", "副主席", "通州区总工会"),
        ),
        (
            "国际劳工组织总干事霍恩伯格发表讲话。",
            "membership.title_run",
            ("霍恩伯格", "总干事", "国际劳工组织"),
        ),
    ],
)
def test_membership_rule_stamps_its_id(nlp, text: str, rule: str, membership: tuple) -> None:
    got = {(m.person[1], m.role, m.organization[1]): m.rule for m in analyse(nlp, text).memberships}
    assert got.get(membership) == rule


def test_a_party_group_member_is_a_post(nlp) -> None:
    got = analyse(nlp, "泰安市总工会党组成员、副主席周明出席会议。").memberships
    roles = {(m.person[1], m.role, m.organization[1]) for m in got}
    assert {("周明", "党组成员", "泰安市总工会"), ("周明", "副主席", "泰安市总工会")} <= roles


def test_a_bare_body_after_a_post_shares_the_first_bodys_place(tagged) -> None:
    # 某镇党委副书记、工会主席: the second post is in the town's union
    a = analyse(tagged, "青山镇党委副书记、工会主席李小红为职工代表颁奖。")
    got = {(m.person[1], m.role, m.organization[1]) for m in a.memberships}
    assert {("李小红", "副书记", "青山镇党委"), ("李小红", "主席", "青山镇工会")} <= got
    b = analyse(tagged, "近日,青田县人大常委会副主任、总工会主席张大荣出席。")
    got = {(m.person[1], m.role, m.organization[1]) for m in b.memberships}
    assert {("张大荣", "副主任", "青田县人大常委会"), ("张大荣", "主席", "青田县总工会")} <= got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "青山工业园区总工会召开首次会员代表大会,王大明当选为园区总工会第一届委员会主席。",
            {("王大明", "主席", "青山工业园区总工会")},
        ),
        (
            "李小红担任青田县总工会副主席、党组成员。",
            {("李小红", "副主席", "青田县总工会"), ("李小红", "党组成员", "青田县总工会")},
        ),
        ("王大明任职以来,工作认真。", set()),  # 任职: no body, no post
    ],
)
def test_a_post_elected_or_appointed_to(tagged, text: str, expected: set) -> None:
    a = analyse(tagged, text)
    assert {(m.person[1], m.role, m.organization[1]) for m in a.memberships} == expected
    assert all(e.label for e in a.entities)  # 党组|成员 leaves the tagger no empty name


def test_a_departments_post_in_the_body_named_before_it(tagged) -> None:
    a = analyse(tagged, "获奖名单:青田宏达精密机械有限公司技术部长、总工程师王大明。")
    got = {(m.person[1], m.role) for m in a.memberships}
    assert {("王大明", "技术部长"), ("王大明", "总工程师")} <= got


def test_a_level_short_form_after_a_post_is_the_first_bodys_place(tagged) -> None:
    # 某市委常委、市总工会主席: the city's union, though another city is named nearer
    a = analyse(tagged, "江西省总工会在赣州市瑞金市开展活动,赣州市委常委、市总工会主席孙立出席活动。")
    got = {(m.person[1], m.role, m.organization[1]) for m in a.memberships}
    assert {("孙立", "常委", "赣州市委"), ("孙立", "主席", "赣州市总工会")} <= got
