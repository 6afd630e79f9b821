"""Bylines: `本报讯 (记者 王明)` at the start of an article, `通讯员 孙七 摄影报道` at its end."""

from __future__ import annotations

import re

from ..lexicons import load
from ..model import Byline
from .normalise import Chars, join

_ROLE = r"(?:摄影记者|实习记者|记者|通讯员|实习生|摄影)"
_NAME = r"(?!摄影|报道|供图|记者|通讯员|实习|编辑|责编|责任|校对)[\u4e00-\u9fff·]{2,4}"
_SEP = r"[\s、]+"  # names in a byline are spaced or listed with 、
_NAMES = rf"{_NAME}(?:{_SEP}{_NAME})*"
# a dateline: 本报讯, 本报3月2日讯, 本报北京5月6日电, (据)新华社南京5月6日电, 某某网讯
_DATELINE = r"(?:本报[\u4e00-\u9fff0-9]{0,10}?[讯电]|据?新华社[\u4e00-\u9fff0-9]{0,12}?电|[\u4e00-\u9fff0-9A-Za-z]{1,6}网讯)"
# editors close a byline but are not its authors: 编辑彭某 责编朱某, 责任编辑徐某
_EDITORS = rf"(?:\s*(?:责任编辑|编辑|责编|校对|审核)\s*[:：]?\s*{_NAMES})*"
# the newsroom before a role: 某报融媒记者, 某区融媒体中心记者, 全媒体记者
_DESK = r"[\u4e00-\u9fff]{0,12}?"
# The lead: an optional dateline, then the bracketed byline (brackets are half-width after folding),
# or a dateline and a byline that ends in 报道 (本报讯 通讯员甲、乙报道).
LEAD = re.compile(
    rf"^\s*(?P<dl>{_DATELINE})?\s*\(\s*{_DESK}(?P<inner>{_ROLE}[^()]{{1,60}})\)\s*"
    rf"|^\s*(?P<dl2>{_DATELINE})\s*(?P<said>{_ROLE}\s*[:：]?\s*{_NAMES})\s*报道\s*"
    rf"|^\s*(?P<dl3>{_DATELINE})\s*(?P<names>{_NAMES})\s*报道\s+"  # 本报讯 张三报道 正文: names alone
    rf"|^\s*(?P<dl4>{_DATELINE})"  # 某某网讯:正文: a dateline alone
)
# a credit before a byline line: 文/图 记者 某某, 图/文 某某, 文 某某
_CREDIT = r"(?:文\s*/\s*图|图\s*/\s*文|文字|文|图)\s*[:：|丨]?\s*"
# a paragraph that is a byline only: at the end, or a line above the text
TAIL = re.compile(
    rf"^\s*\(?\s*(?:{_CREDIT})?{_DESK}({_ROLE}\s*[:：]?\s*{_NAMES}(?:\s*{_DESK}{_ROLE}\s*[:：]?\s*{_NAMES})*)"
    rf"{_EDITORS}\s*(摄影报道|摄影|摄|报道|文/图|图/文)?\s*\)?\s*$"
)
# a credit and names alone: 文/图 张三 李四 (reporters, when each is a person's name)
CREDITED = re.compile(rf"^\s*{_CREDIT}({_NAMES}){_EDITORS}\s*$")
# names alone in brackets, closing the article's last paragraph or as a line of their own:
# 。(张三 李四), (张三、李四); each must be a person's name (a surname, then one to three characters)
END = re.compile(rf"(?:^|(?<=[。!?”」]))\s*\(\s*({_NAMES})\s*\)\s*$")
# a bracketed byline with roles closing the last paragraph: …12万人次。(记者 张三 通讯员 李四)
END_ROLES = re.compile(
    rf"(?<=[。!?”」])\s*\(\s*{_DESK}({_ROLE}\s*[:：]?\s*{_NAMES}(?:\s*{_DESK}{_ROLE}\s*[:：]?\s*{_NAMES})*)"
    rf"{_EDITORS}\s*\)\s*$"
)
_PART = re.compile(rf"({_ROLE})\s*[:：]?\s*((?:{_NAME}(?:{_SEP})?)+)")


def parse(inner: str, *, photo: bool = False) -> list[Byline]:
    """`记者 张三 李四 通讯员 王五` → reporters 张三 and 李四, correspondent 王五."""
    out = []
    for role_word, names in _PART.findall(inner):
        if role_word.startswith("摄影") or photo:  # 通讯员 X 摄影报道, 记者 X 摄
            role = "photographer"
        elif role_word == "通讯员":
            role = "correspondent"
        else:
            role = "reporter"
        out += [Byline(name, role) for name in re.split(_SEP, names.strip()) if name]
    return out


def _people(names: str) -> list[Byline]:
    """Names without a role (张三 李四): reporters, when every one is a person's name."""
    found = [n for n in re.split(_SEP, names.strip()) if n]
    surnames = load().surnames
    if found and all(n[:1] in surnames or n[:2] in surnames for n in found):
        return [Byline(n, "reporter") for n in found]
    return []


def _names(dateline: str | None) -> bool:
    """Whether a dateline names someone or somewhere (新华社北京…电, 某某网讯), not only 本报讯."""
    return bool(dateline) and bool(re.sub(r"[本报讯电据月日\s0-9]", "", dateline))


def _strip(para: Chars) -> Chars:
    """A paragraph without the spaces and colon left where its dateline was."""
    return para[len(para) - len(para.text.lstrip(" :：\u3000")) :]


def take_lead(para: Chars) -> tuple[list[Byline], Chars, str]:
    """The byline that opens an article: its people, the paragraph without it, and its text (the
    article's context). A dateline that names an agency or a place stays in the text (新华社北京
    7月28日电, 某某网讯); 本报讯, a bracketed byline (记者 X) and a credit (X报道) do not."""
    m = LEAD.match(para.text)
    if not m:
        return [], para, ""
    context = para.text[: m.end()]
    if m.group("inner") is not None:
        kept = _dateline(para, m.start("dl"), m.end("dl")) if _names(m.group("dl")) else []
        return parse(m.group("inner")), join([*kept, para[m.end() :]]), context
    if m.group("said") is not None:
        # 本报巴黎5月6日电记者甲报道: written into the sentence, so it stays in the text (its
        # dateline names the place, the people are mentioned there)
        return parse(m.group("said")), para, context
    if m.group("dl4") is not None and not _names(m.group("dl4")):
        return [], _strip(para[m.end() :]), context  # 本报讯: no one and nowhere
    if m.group("names") is not None:
        names = _people(m.group("names"))
        if names:
            kept = _dateline(para, 0, m.end("dl3")) if _names(m.group("dl3")) else []
            return names, join([*kept, para[m.end() :]]), context
    return [], para, context


def _dateline(para: Chars, start: int, end: int) -> list[Chars]:
    """The dateline kept in the text, and a space standing (at the next character's index) for the
    byline taken out after it."""
    return [para[start:end], Chars(" ", (para.at[end],))]


def is_byline(line: Chars) -> bool:
    """A line that is a byline and nothing else (全媒体记者 X 通讯员 Y, 通讯员:X, (记者 X), (张三))."""
    text = line.text
    if TAIL.match(text):
        return True
    credited = CREDITED.match(text)
    if credited and _people(credited.group(1)):
        return True
    m = END.match(text)
    return bool(m and _people(m.group(1)))


def take_tail(para: Chars) -> list[Byline] | None:
    m = TAIL.match(para.text)
    if not m:
        m = END.match(para.text) or CREDITED.match(para.text)
        return (_people(m.group(1)) or None) if m else None
    return parse(m.group(1), photo=bool(m.group(2) and "摄" in m.group(2)))


def take_end(para: Chars) -> tuple[list[Byline], Chars]:
    """The byline in brackets that closes the article's last paragraph: 。(张三 李四), 。(记者 张三
    通讯员 李四)."""
    text = para.text
    roles = END_ROLES.search(text)
    if roles and roles.start() > 0 and (found := parse(roles.group(1))):
        return found, para[: roles.start()]
    m = END.search(text)
    if not m or m.start() == 0:
        return [], para
    names = _people(m.group(1))
    return (names, para[: m.start()]) if names else ([], para)
