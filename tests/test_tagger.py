"""The learned tagger: the shipped model loads and tags, retraining writes a model and its card,
the stage can be left out, and a new model re-extracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import analyse

from graph.cli import main
from graph.extract.tagger import features, spans
from graph.pipeline import RULES_ONLY, Pipeline

# an invented corpus in the training format: a character and its tag a line, sentences apart
TINY = [
    ("王小红在北京市工作。", {(0, 3, "PER"), (4, 7, "LOC")}),
    ("李大明来到南京市总工会。", {(0, 3, "PER"), (5, 11, "ORG")}),
    ("张明在上海参加活动。", {(0, 2, "PER"), (3, 5, "LOC")}),
    ("市总工会在杭州举办比赛。", {(0, 4, "ORG"), (5, 7, "LOC")}),
]


def _bio(sentences) -> str:
    out = []
    for text, found in sentences:
        tags = ["O"] * len(text)
        for start, end, kind in found:
            tags[start] = f"B-{kind}"
            for k in range(start + 1, end):
                tags[k] = f"I-{kind}"
        out += [f"{ch} {tag}" for ch, tag in zip(text, tags, strict=True)] + [""]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(
    ("labels", "found"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_spans_from_labels(labels: list[str], found: list[tuple]) -> None:
    assert spans(labels) == found


def test_features_reuse_the_segmentation(nlp) -> None:
    text = "王小红在北京市工作"
    tokens = nlp.ctx.segmenter.tokens(text, 100)
    f = features(text, tokens, 100)
    assert len(f) == len(text)
    assert "c=王" in f[0] and "r=小" in f[0] and "ll=\x02" in f[0]
    assert any(x.startswith("w=B|") for x in f[4])  # 北京市 is one word, 北 its first character


def test_the_shipped_model_tags_an_invented_sentence() -> None:
    a = analyse(Pipeline(["segment", "tagger"]), "记者获悉，赵铁柱今天在石家庄市出席了会议。")
    found = {(m.text, m.cls) for m in a.mentions}
    assert ("赵铁柱", "Person") in found and ("石家庄市", "Place") in found
    assert all(m.rule == "tagger.crf" and 0 < m.score <= 1 for m in a.mentions)


def test_retraining_writes_a_model_and_its_card(tmp_path: Path) -> None:
    train, dev = tmp_path / "train.bio", tmp_path / "dev.bio"
    train.write_text(_bio(TINY * 5), encoding="utf-8")
    dev.write_text(_bio(TINY[:2]), encoding="utf-8")
    out = tmp_path / "m" / "tagger.crfsuite"
    args = ["train-tagger", str(train), "--dev", str(dev), "-o", str(out), "--iterations", "20"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    card = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert out.stat().st_size > 0 and card["data"][0]["sentences"] == 20
    assert card["trainer"]["max_iterations"] == 20 and set(card["dev"]["per_tag"]) <= {"PER", "LOC", "ORG"}
    assert 0 <= card["dev"]["micro"] <= 1


def test_a_bad_bio_line_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bio"
    bad.write_text("王 B-PER\n小 I-PER X\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["train-tagger", str(bad), "-o", str(tmp_path / "m.crfsuite")])
    assert result.exit_code == 1
    assert f"{bad}:2: expected 'character TAG'" in result.output


def test_no_tagger_gives_the_rules_only_graph(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("赵铁柱今天在石家庄市出席了会议。\n", encoding="utf-8")
    rules = CliRunner().invoke(main, ["extract", str(src), "--no-tagger"])
    both = CliRunner().invoke(main, ["extract", str(src)])
    assert rules.exit_code == both.exit_code == 0
    assert "tagger.crf" not in rules.output
    assert "tagger" not in RULES_ONLY and Pipeline(RULES_ONLY)


def test_a_new_model_changes_the_digest(tmp_path: Path) -> None:
    import shutil

    from graph.digest import extractor_digest

    root = tmp_path / "graph"
    shutil.copytree(Path(__file__).resolve().parent.parent / "graph", root)
    before = extractor_digest(["graph.extract.tagger"], ["models/tagger.crfsuite"], root=root)
    with (root / "models" / "tagger.crfsuite").open("ab") as f:
        f.write(b"\0")
    assert extractor_digest(["graph.extract.tagger"], ["models/tagger.crfsuite"], root=root) != before


def test_the_tagger_replaces_the_rules_that_guess() -> None:
    from graph.extract.registry import RULES
    from graph.pipeline import DEFAULT_PIPELINE, stage_table

    guesses = {r for r in RULES if RULES[r].guess}
    assert guesses >= {"person.shape", "org.tagged", "place.tagged"}
    running = {r.id for _, rules in stage_table(DEFAULT_PIPELINE) for r in rules}
    rules_only = {r.id for _, rules in stage_table(RULES_ONLY) for r in rules}
    assert not guesses & running and guesses <= rules_only
    assert "tagger.crf" in running and "tagger.crf" not in rules_only


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # no rule finds these names: the tagger does, and the lexicons give the class
        ("记者获悉，赵铁柱今天出席了会议。", ("赵铁柱", "Person")),
        ("会议在清溪镇召开。", ("清溪镇", "Subdistrict")),
        ("活动在黄花岗街道举行。", ("黄花岗街道", "Subdistrict")),
        ("志愿者走进长乐路社区开展服务。", ("长乐路社区", "Community")),
        ("会议由清河县工会小组承办。", ("清河县工会小组", "TradeUnion")),
    ],
)
def test_the_merge_classes_what_the_tagger_finds(tagged, text: str, found: tuple[str, str]) -> None:
    assert found in {(m.text, m.cls) for m in analyse(tagged, text).resolved()}


def test_a_rule_organisation_is_kept_inside_a_longer_tagger_name() -> None:
    from graph.extract.overlaps import settle
    from graph.model import Mention

    company = Mention(0, 6, "甲乙丙有限公司"[:6], "Company", rule="org.suffix")
    longer = Mention(0, 9, "甲乙丙有限公司技术部"[:9], "Organization", rule="tagger.crf", score=0.9)
    assert settle([company, longer]) == [company, longer]


def test_a_county_short_form_is_a_district_only_with_evidence(tagged) -> None:
    # 滨江 is short for 滨江区 (and a word: the riverside); without 滨江区 in the article it is no District
    alone = {(m.text, m.cls) for m in analyse(tagged, "重点工程包括滨江景观带建设等项目。").resolved()}
    assert not [k for k in alone if k[1] == "District"]
    named = analyse(tagged, "滨江区总工会开展活动。滨江景观带建设进展顺利。").resolved()
    assert ("滨江区", "District") in {(m.name or m.text, m.cls) for m in named}


def test_a_post_prefix_is_the_posts_not_the_bodys(nlp) -> None:
    # the tagger's 某市总工会党组 before 成员: 党组 begins the post 党组成员, the body ends before it
    from graph.extract.tagger import _org_end

    text = "宁安市总工会党组成员、副主席王建新出席会议。"
    toks = nlp.ctx.segmenter.tokens(text)
    assert _org_end(text, 0, text.index("成员"), toks, nlp.ctx) == text.index("党组")


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        # 和县 is a county, but here 和 joins two names and 县 begins the second
        ("活动由县人社局和县供电公司承办。", "县人社局和县供电公司", "县供电公司"),
        # a verb inside what the tagger took for one name
        ("区总工会依托区司法局设立工作站。", "区总工会依托区司法局", None),
        # a mark no name holds
        ("青田新闻|县总工会举办职工技能竞赛。", "青田新闻|县总工会", None),
    ],
)
def test_a_tagger_name_does_not_hold_a_joiner_or_a_verb(
    tagged, text: str, whole: str, parts: str | None
) -> None:
    names = {m.text for m in analyse(tagged, text).resolved()}
    assert whole not in names
    assert parts is None or parts in names


def test_a_tagger_name_up_to_an_events_head_is_the_events_own() -> None:
    from graph.extract.overlaps import settle
    from graph.lexicons import load
    from graph.model import Mention

    event = Mention(0, 12, "东部片区机电技能比武大赛", "Event", rule="event.headed")
    fragment = Mention(0, 10, "东部片区机电技能比武", "Organization", rule="tagger.crf", score=0.9)
    assert settle([event, fragment], load()) == [event]
    meeting = Mention(0, 6, "欧盟首脑会议", "Event", rule="event.headed")
    body = Mention(0, 2, "欧盟", "Organization", rule="tagger.crf", score=0.99)
    assert settle([meeting, body], load()) == [body, meeting]


def test_a_word_of_a_quoted_campaign_name_is_no_name(tagged) -> None:
    keys = {m.key for m in analyse(tagged, "工会开展“点亮星光”爱心助学活动。").resolved()}
    assert ("Event", "点亮星光爱心助学活动") in keys
    assert not [k for k in keys if k[1] == "星光"]


def test_a_companys_department_is_the_company() -> None:
    from graph.extract.overlaps import settle
    from graph.lexicons import load
    from graph.model import Mention

    text = "青田甲乙科技有限公司技术部"
    dept = Mention(0, len(text), text, "Organization", rule="tagger.crf", score=0.95)
    got = settle([dept], load())
    assert [(m.text, m.cls) for m in got] == [("青田甲乙科技有限公司", "Company")]


def test_a_tagger_place_that_runs_past_a_division_is_cut_to_it() -> None:
    from graph.extract.overlaps import settle
    from graph.lexicons import load
    from graph.model import Mention

    def kept(text: str) -> list[str]:
        return [
            m.text
            for m in settle([Mention(0, len(text), text, "Place", rule="tagger.crf", score=0.95)], load())
        ]

    assert kept("宁夏某某拉") == ["宁夏"]  # a province, then a company's name
    assert kept("杭州植物园") == ["杭州植物园"] and kept("韶山路") == ["韶山路"]  # places of their own


def test_a_city_and_its_transport_site_are_one_name() -> None:
    from graph.extract.tagger import _joined

    text = "航班降落在宁波栎社国际机场。"
    city, site = (5, 7, "LOC"), (7, 13, "LOC")
    assert _joined([city, site], text) == [(5, 13, "LOC")]
    venue = "比赛在香港伊丽莎白体育馆举行。"  # a venue is not: 香港|伊丽莎白体育馆 stays two
    assert _joined([(3, 5, "LOC"), (5, 12, "LOC")], venue) == [(3, 5, "LOC"), (5, 12, "LOC")]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("工会在翠湖职工书屋举办读书会。", "翠湖职工书屋"),
        ("航班降落在宁波栎社国际机场。", "宁波栎社国际机场"),
        ("读书会在张晓梅书吧举行。", "张晓梅书吧"),  # a person's name before a place's head is the place's
    ],
)
def test_a_name_before_a_place_head_is_the_places(tagged, text: str, place: str) -> None:
    found = {(m.text, m.cls) for m in analyse(tagged, text).resolved()}
    assert (place, "Place") in found and not any(cls == "Person" for _, cls in found)


def test_a_number_ending_a_list_does_not_start_a_name(nlp) -> None:
    from graph.extract.tagger import _org_start

    a = analyse(nlp, "援助律师每周一、三、五仲裁院开庭时到场提供服务。")
    text, toks = a.doc.text, a.tokens[0]
    five = text.index("五仲裁院")
    assert text[_org_start(five, five + 4, toks, text) :].startswith("仲裁院")  # 一、三、|五|仲裁院


def test_an_institution_the_dictionary_lacks_is_one_word(tagged) -> None:
    a = analyse(tagged, "黄石市妇联和市妇幼保健院为女职工开展免费体检。")  # not 妇幼保健|院到
    assert ("Organization", "黄石市妇幼保健院") in {(m.cls, m.name or m.text) for m in a.resolved()}


def test_common_words_joined_by_yu_begin_a_name() -> None:
    from graph.extract.tagger import _joined_words
    from graph.pipeline import Pipeline

    nlp = Pipeline()
    a = analyse(nlp, "5月8日,县文化旅游服务与市场监管中心工会委员会正式挂牌。")
    toks, text = a.tokens[0], a.doc.text
    start = text.index("市场监管")
    assert text[_joined_words(start, toks, text, nlp.ctx) :].startswith("县文化旅游服务与")
    b = analyse(nlp, "俄总统与国家杜马僵持不下。")  # a post and a name: two names
    at = b.doc.text.index("国家杜马")
    assert _joined_words(at, b.tokens[0], b.doc.text, nlp.ctx) == at
