"""Every named query, run on the seed, returns the rows a reader of the seed expects."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef

from graph.rdf.namespace import UKG
from graph.sparql import library, rows, run, run_store


def table(g, query: str, **params) -> list[tuple[str, ...]]:
    bindings = {k: v if isinstance(v, URIRef) else Literal(v) for k, v in params.items()}
    return [tuple(r) for r in rows(run(g, query, bindings))[1]]


def test_every_query_states_its_question() -> None:
    assert len(library()) >= 8
    for q in library().values():
        assert q.question.endswith("?"), q.name


def test_unions_by_district(seed_graph) -> None:
    assert table(seed_graph, "unions_by_district") == [
        ("丰台区", "丰台区总工会"),
        ("丰台区", "云岗街道总工会"),
        ("平谷区", "平谷区总工会"),
        ("朝阳区", "朝阳区总工会"),
        ("西城区", "大栅栏街道总工会"),
    ]
    assert table(seed_graph, "unions_by_district", district="丰台区") == [
        ("丰台区", "丰台区总工会"),
        ("丰台区", "云岗街道总工会"),
    ]


def test_events_with_organisers_and_places(seed_graph) -> None:
    got = {
        r[0]: (set(filter(None, r[1].split("; "))), set(filter(None, r[2].split("; "))), r[3])
        for r in table(seed_graph, "events")
    }
    assert got["首都职工志愿服务大篷车进社区活动"] == (
        {"丰台区总工会"},
        {"云岗街道总工会"},
        "云岗街道北里社区",
    )
    assert got["第五季朝阳职工文体嘉年华之网球比赛"] == (
        {"朝阳区总工会", "朝阳区体育局"},
        set(),
        "郡王府网球馆",
    )
    assert got["彩绘布鞋主题活动"] == ({"大栅栏街道总工会"}, set(), "内联升")
    assert got["安康杯竞赛"] == ({"平谷区总工会"}, set(), "")


def test_people_roles(seed_graph) -> None:
    assert table(seed_graph, "people_roles") == [
        ("张克斌", "党组副书记", "朝阳区人大常委会"),
        ("张克斌", "副主任", "朝阳区人大常委会"),
        ("张克斌", "主席", "朝阳区总工会"),
        ("张艳革", "党组书记", "平谷区总工会"),
        ("张艳革", "常务副主席", "平谷区总工会"),
    ]
    assert len(table(seed_graph, "people_roles", person="张艳革")) == 2


def test_event_participants(seed_graph) -> None:
    assert {r[1] for r in table(seed_graph, "event_participants")} == {
        "苏州太仓临港投资集团",
        "中国银行",
        "中国建设银行",
        "中国工商银行",
        "中国农业银行",
    }


def test_figures(seed_graph) -> None:
    rows_ = table(seed_graph, "figures")
    assert len(rows_) == 37
    assert ("平谷区", "工会会员总数", "88000", "人", "false", "8.8万人") in {r[:6] for r in rows_}
    assert ("1000000", "元", "true", "100余万元") in {r[2:6] for r in rows_}


def test_evidence_by_alias(seed_graph) -> None:
    got = table(seed_graph, "evidence", name="区体育局")
    assert [(r[0], r[2]) for r in got] == [("朝阳区体育局", "区体育局")]  # entity, mention
    assert got[0][5].startswith("本次赛事由朝阳区总工会、区体育局主办")


def test_article_entities(seed_graph) -> None:
    got = table(seed_graph, "article_entities", title="筑牢网络安全防线")
    assert {(r[1], r[2]) for r in got} == {
        ("Company", "北京公交集团"),
        ("Company", "北京公交集团保修分公司"),
        ("Organization", "北京公交集团保修分公司十五车间"),
        ("TradeUnion", "北京公交集团保修分公司十五车间工会"),
        ("Event", "网络安全宣传周活动"),
    }


def test_place_hierarchy(seed_graph) -> None:
    assert ("丰台区", "云岗街道", "云岗街道北里社区") in table(seed_graph, "place_hierarchy")
    assert ("西城区", "大栅栏街道", "") in table(seed_graph, "place_hierarchy")


def test_article_authors(seed_graph) -> None:
    got = {(r[0], r[1], r[2]) for r in table(seed_graph, "article_authors")}
    assert ("筑牢网络安全防线", "张海伦", "photographer") in got
    assert len(got) == 6


def test_union_of(seed_graph) -> None:
    assert ("中国化学重机公司工会", "unionOf", "中国化学重机公司") in table(seed_graph, "union_of")


@pytest.mark.parametrize("value", ['平谷区" } UNION { ?s ?p ?o', "'; DROP ALL; #", "<script>"])
def test_parameters_are_bindings_not_text(seed_graph, value: str) -> None:
    assert table(seed_graph, "unions_by_district", district=value) == []


@pytest.mark.parametrize("name", [n for n, q in library().items() if "# Parameter" in q.text])
def test_a_parameter_narrows_never_relabels(seed_graph, seed_build, name: str) -> None:
    """Each parameter a query names filters its rows: a value found nowhere gives no rows (on
    rdflib and on the store alike), whatever OPTIONAL the variable sits in."""
    line = next(ln for ln in library()[name].text.splitlines() if ln.startswith("# Parameter"))
    for param in re.findall(r"\?(\w+)", line):
        assert table(seed_graph, name, **{param: "不存在的名字"}) == [], (name, param)
        assert run_store(seed_build.store, name, {param: Literal("不存在的名字")}).body == [], (name, param)


def test_every_fact_has_evidence(seed_graph) -> None:
    assert table(seed_graph, "unsupported_facts") == []


def test_a_fact_without_evidence_is_listed(seed_graph) -> None:
    from rdflib import RDF, Graph

    from graph.rdf.namespace import ID

    g = Graph()
    for t in seed_graph:
        g.add(t)
    a, b, m = ID["company/甲"], ID["company/乙"], ID["membership/x"]
    g.add((a, UKG.subOrganizationOf, b))
    g.add((m, RDF.type, UKG.Membership))
    found = set(table(g, "unsupported_facts"))
    assert found == {("membership", str(m)), ("relation", f"{a} subOrganizationOf {b}")}


def test_fact_evidence(seed_graph) -> None:
    got = table(seed_graph, "fact_evidence", subject="彩绘布鞋主题活动", predicate=URIRef(UKG.location))
    assert [(r[2], r[5]) for r in got] == [("内联升", "relation.venue")]
    assert got[0][4].startswith("近日,大栅栏街道总工会组织开展彩绘布鞋主题活动")


@pytest.fixture(scope="module")
def regions(tmp_path_factory):
    """Invented articles from Zhejiang and elsewhere, built without the page."""
    from graph.builder import build

    src = tmp_path_factory.mktemp("regions")
    articles = {
        "a": "余杭区总工会举办职工运动会。",
        "b": "良渚街道总工会开展送清凉活动。",
        "c": "温溪镇总工会慰问一线职工。",
        "d": "宁安市总工会召开全委会议。",
        "e": "鼓楼区总工会举办职工书画展。",  # four cities have a 鼓楼区: it is in no region
    }
    for name, text in articles.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    return build([src], html=False).graph


@pytest.mark.parametrize(
    ("region", "unions"),
    [
        ("浙江省", {"余杭区总工会", "良渚街道总工会", "温溪镇总工会"}),  # a province
        ("杭州市", {"余杭区总工会", "良渚街道总工会"}),  # a city the articles never name
        ("余杭区", {"余杭区总工会", "良渚街道总工会"}),  # a county, named
        ("青田县", {"温溪镇总工会"}),  # a county, not named
        ("黑龙江省", {"宁安市总工会"}),
    ],
)
def test_unions_in_region(regions, region: str, unions: set[str]) -> None:
    assert {r[1] for r in table(regions, "unions_in_region", region=region)} == unions


def test_a_division_carries_its_code(regions) -> None:
    got = {(str(s).rsplit("/", 1)[-1], str(o)) for s, o in regions.subject_objects(UKG.divisionCode)}
    assert ("余杭区", "330110") in got and ("温溪镇", "331121101") in got
    assert not [s for s, _ in got if s == "鼓楼区"]  # shared by four districts: no code
