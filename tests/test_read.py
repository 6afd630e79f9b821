"""Reading: pages, bylines, line-break repair, furniture, normalisation with offsets kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.model import Byline
from graph.read import ReadReport, prepare, read_paths
from graph.read.normalise import fold_char, fold_text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("在区电视台推出\n\n“劳模风采”系列报道。", "在区电视台推出“劳模风采”系列报道。"),
        ("全面推进厂务\n\n公开制度建设。\n\n第二段。", "全面推进厂务公开制度建设。\n第二段。"),
        ("发放互助\n\n金27万元。", "发放互助金27万元。"),
        ("正文一句。\n\n学思想 强党性 重实践  \n某某专项工作巡礼\n", "正文一句。"),  # furniture at the end
        ("打下坚实的組織基础。", "打下坚实的组织基础。"),  # traditional → simplified
        ("劳模王乾坤和甯小明获奖。", "劳模王乾坤和甯小明获奖。"),  # simplified characters are kept
        ("全角ＡＢＣ１２３，逗号。", "全角ABC123,逗号。"),  # full width → half width
        # a document of one line is its own text, though it looks like a headline or a byline
        ("某某协会推动事业健康发展", "某某协会推动事业健康发展"),
        ("某研究所副所长王小明", "某研究所副所长王小明"),
    ],
)
def test_prepare_repairs_and_normalises(raw: str, text: str) -> None:
    assert prepare(raw)[0] == text


def test_offsets_point_into_the_original() -> None:
    raw = "本报讯 （记者 王小明） 某区總工會\n\n举办活动。"
    text, offsets, bylines, _ = prepare(raw)
    assert bylines == (Byline("王小明", "reporter"),)
    start = text.index("总工会")
    assert raw[offsets[start] : offsets[start + 2] + 1] == "總工會"


def test_offsets_with_crlf_a_title_and_a_kept_dateline() -> None:
    raw = "标题\r\n新华社南京5月6日电（记者 孙二）\r\n某区總工會\r\n\r\n举办活动。\r\n"
    text, offsets, bylines, context = prepare(raw, head=2)
    assert text == "标题\n新华社南京5月6日电 \n某区总工会举办活动。"
    assert bylines == (Byline("孙二", "reporter"),)
    assert context == ("新华社南京5月6日电(记者 孙二)",)
    # a newline between paragraphs points after the last character before it; the space left
    # where the byline was taken out points at the byline's first character
    assert offsets == (0, 1, 2, *range(4, 16), 23, *range(24, 28), *range(32, 37), 39)
    assert [text[i] for i, at in enumerate(offsets[:-1]) if fold_char(raw[at]) != text[i]] == [
        "\n",
        " ",
        "\n",
    ]


def test_folding_keeps_one_character_for_one() -> None:
    """Offsets index raw and its folded text alike: a character never folds into more or none
    (the Basic Multilingual Plane, mathematical letters, CJK compatibility ideographs)."""
    chars = "".join(map(chr, [*range(0x10000), *range(0x1D400, 0x1D800), *range(0x2F800, 0x2FA20)]))
    folded = fold_text(chars)
    assert len(folded) == len(chars)
    assert folded == "".join(map(fold_char, chars))


@pytest.mark.parametrize(
    ("raw", "bylines"),
    [
        ("本报讯 (记者 李四) 正文。", [("李四", "reporter")]),
        (
            "本报讯（记者 李四 王五 通讯员 赵六）正文。",
            [("李四", "reporter"), ("王五", "reporter"), ("赵六", "correspondent")],
        ),
        ("正文。\n\n通讯员 孙七 摄影报道\n", [("孙七", "photographer")]),
        ("正文。\n\n记者 周八 摄\n", [("周八", "photographer")]),
        ("没有署名的正文。", []),
        # datelines of other papers and sites, a newsroom before the role
        ("本报3月2日讯(记者 钱一) 正文。", [("钱一", "reporter")]),
        ("新华社南京5月6日电 (记者 孙二) 正文。", [("孙二", "reporter")]),
        ("某某网讯(某报融媒记者吴三)正文。", [("吴三", "reporter")]),
        (
            "(某区融媒体中心记者郑四 冯五 通讯员陈六)正文。",
            [("郑四", "reporter"), ("冯五", "reporter"), ("陈六", "correspondent")],
        ),
        # a byline written into the first sentence, names listed with 、
        ("本报讯 通讯员褚七、卫八报道 正文。", [("褚七", "correspondent"), ("卫八", "correspondent")]),
        # a byline line of its own, with a colon, with a newsroom, in brackets
        ("正文。\n\n通讯员:蒋九\n", [("蒋九", "correspondent")]),
        ("全媒体记者沈十 通讯员韩一\n\n正文。", [("沈十", "reporter"), ("韩一", "correspondent")]),
        ("正文。\n\n(记者 杨二)\n", [("杨二", "reporter")]),
        # names alone in brackets closing the article, spaced or listed with 、
        (
            "第一段。\n\n最后一段的正文。(王甲 李乙 赵丙)",
            [("王甲", "reporter"), ("李乙", "reporter"), ("赵丙", "reporter")],
        ),
        ("正文。(孙丁、周戊)\n", [("孙丁", "reporter"), ("周戊", "reporter")]),
        ("正文。\n\n(吴己)\n", [("吴己", "reporter")]),
        ("条例自公布之日起施行。(试行)", []),  # not a name
        # editors close a byline but are not authors
        (
            "正文。\n\n(某区融媒体中心记者郑甲 冯乙 通讯员陈丙 编辑褚丁 责编卫戊)\n",
            [("郑甲", "reporter"), ("冯乙", "reporter"), ("陈丙", "correspondent")],
        ),
        ("正文。\n\n(某某日报全媒体记者蒋庚 责任编辑沈辛)\n", [("蒋庚", "reporter")]),
        # 据 before a dateline; names alone before 报道
        ("据新华社北京7月2日电 (记者 韩壬)“正文”。", [("韩壬", "reporter")]),
        ("本报讯 杨癸报道  近日,正文。", [("杨癸", "reporter")]),
        # a credit (文/图, 图/文, 文) before a byline line above the text, with roles or names alone
        ("文/图 记者 冯甲 通讯员 朱乙\n\n6月18日,正文。", [("冯甲", "reporter"), ("朱乙", "correspondent")]),
        ("图/文 王丙 李丁\n\n近日,正文。", [("王丙", "reporter"), ("李丁", "reporter")]),
        ("文 化工厂车间\n\n近日,正文。", []),  # not names
        # a bracketed byline with roles closing the last paragraph
        ("第一段。\n\n最后一段。(记者 陈甲 通讯员 王乙)", [("陈甲", "reporter"), ("王乙", "correspondent")]),
    ],
)
def test_bylines(raw: str, bylines: list[tuple[str, str]]) -> None:
    assert [(b.name, b.role) for b in prepare(raw)[2]] == bylines


@pytest.mark.parametrize(
    ("raw", "text", "context"),
    [
        # a dateline stays in the text (it names an agency and a place); the byline goes to context
        (
            "新华社南京5月6日电 (记者 孙二) 正文。",
            "新华社南京5月6日电 正文。",
            "新华社南京5月6日电 (记者 孙二)",
        ),
        ("某某网讯:岁末年初,正文。", "某某网讯:岁末年初,正文。", "某某网讯"),
        (
            "正文。\n\n(某某日报全媒体记者蒋庚 责任编辑沈辛)\n",
            "正文。",
            "(某某日报全媒体记者蒋庚 责任编辑沈辛)",
        ),
    ],
)
def test_what_a_byline_leaves_and_tells(raw: str, text: str, context: str) -> None:
    got = prepare(raw)
    assert got.text == text
    assert [c.strip() for c in got.context] == [context]


def test_page_splits_articles_and_keeps_titles(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "# 版面口号\n\n## 第一篇标题\n\n本报讯 (记者 甲乙) 第一篇正文。\n\n## 第二篇\n\n第二篇正文。\n",
        encoding="utf-8",
    )
    docs = list(read_paths([page]))
    assert [d.title for d in docs] == ["第一篇标题", "第二篇"]
    assert docs[0].text == "第一篇标题\n第一篇正文。"
    source = page.read_text(encoding="utf-8")
    assert source[docs[1].start :].startswith("第二篇")


def test_plain_text_and_jsonl_and_directories(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text("短标题\n\n正文在这里。", encoding="utf-8")
    rows = [
        {"id": "a1", "title": "标题甲", "text": "正文甲。", "date": "2023-06-01"},
        "not json",
        {"id": "a2", "text": "正文乙。"},
    ]
    (tmp_path / "news.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
        encoding="utf-8",
    )
    report = ReadReport()
    docs = list(read_paths([tmp_path], report))
    assert sorted(d.title for d in docs) == ["a2", "标题甲", "短标题"]
    assert [(d.id, d.date) for d in docs if d.given_id == "a1"] == [("news/a1", "2023-06-01")]
    assert report.skipped == [
        (
            f"{(tmp_path / 'news.jsonl').as_posix()}:2",
            "line 2 is not a valid record: Expecting value: line 1 column 1 (char 0)",
        )
    ]


def test_undecodable_file_is_skipped_with_its_byte_offset(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("好".encode() + b"\xff\xfe")
    (tmp_path / "good.txt").write_text("标题\n\n正文。", encoding="utf-8")
    report = ReadReport()
    docs = list(read_paths([tmp_path], report))
    assert [d.title for d in docs] == ["标题"]
    assert report.skipped == [
        (
            bad.as_posix(),
            f"{bad}: neither UTF-8 nor GB18030 text (byte 3: b'\\xff'); name the encoding with --encoding",
        )
    ]


def test_a_record_holding_half_a_character_is_skipped_and_named(tmp_path: Path) -> None:
    """JSON may escape a lone surrogate ("\\ud800"): no text holds one, so the record is skipped
    with its line and field named, and the others go through (strict: the build stops)."""
    lines = [
        json.dumps({"id": "ok", "text": "正文甲。"}),
        '{"id": "bad", "text": "\\ud800正文乙。"}',
        '{"id": "title", "title": "标题\\udc00", "text": "正文丙。"}',
        json.dumps({"id": "ok2", "text": "正文丁😀。"}),  # a whole pair is a character
    ]
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(lines), encoding="utf-8")
    report = ReadReport()
    assert [d.given_id for d in read_paths([src], report)] == ["ok", "ok2"]
    assert [(where.rsplit(":", 1)[1], why) for where, why in report.skipped] == [
        (
            "2",
            "line 2 is not a valid record: 'text' holds a lone surrogate (\\ud800 at 0), half of a character: write the character whole",
        ),
        (
            "3",
            "line 3 is not a valid record: 'title' holds a lone surrogate (\\udc00 at 2), half of a character: write the character whole",
        ),
    ]
    with pytest.raises(
        BadInput, match=r"news.jsonl: line 2 is not a valid record: 'text' holds a lone surrogate"
    ):
        list(read_paths([src], ReadReport(), strict=True))
