"""People (graph/extract/people.py): names by context and shape, foreign names, surnames with titles."""

from __future__ import annotations

import pytest
from conftest import analyse, kept_from


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


# Each person rule on what it finds: (text, rule id, the surface it finds and resolve keeps).
@pytest.mark.parametrize(
    ("text", "rule", "surface"),
    [
        ("会上,工会主席王立新介绍了经验。会后,记者采访了王立新。", "person.after_title", "王立新"),
        ("会上,工会主席王立新介绍了经验。会后,记者采访了王立新。", "person.recurrence", "王立新"),
        ("记者刘晓燕报道:张海峰说,活动还将继续。", "person.before_speech", "张海峰"),
        ("记者刘晓燕报道:张海峰说,活动还将继续。", "person.reporter", "刘晓燕"),
        ("在职工之家内,会员周丽娟和同事们一起包饺子。", "person.shape", "周丽娟"),
        ("国际劳工组织总干事霍恩伯格发表讲话。", "person.foreign_run", "霍恩伯格"),
        ("公司总经理哈里斯表示欢迎。", "person.transliterated", "哈里斯"),
        ("工会领袖科恩率团来访。", "person.after_post", "科恩"),
        ("他会见了玛丽亚·冈萨雷斯。", "person.foreign_dot", "玛丽亚·冈萨雷斯"),
        ("刘师傅说,这次培训收获很大。", "person.surname_title", "刘"),
        ("工会干部深入学习邓小平理论。", "person.doctrine", "邓小平"),
    ],
)
def test_person_rules_stamp_their_id(nlp, text: str, rule: str, surface: str) -> None:
    assert surface in kept_from(nlp, text, rule)
