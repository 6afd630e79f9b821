"""Bylines: `本报讯 (记者 王明)` at the start of an article, `通讯员 孙七 摄影报道` at its end."""

from __future__ import annotations

import re

from ..model import Byline
from .normalise import Chars, text_of

_ROLE = r"(?:摄影记者|实习记者|记者|通讯员|实习生|摄影)"
_NAME = r"(?!摄影|报道|供图|记者|通讯员|实习)[\u4e00-\u9fff·]{2,4}"
# The lead: an optional dateline, then the bracketed byline (brackets are half-width after folding).
LEAD = re.compile(
    rf"^\s*(?:本报讯|本报[\u4e00-\u9fff]{{0,4}}电|新华社[\u4e00-\u9fff]{{0,6}}电)?\s*\(\s*({_ROLE}[^()]{{1,60}})\)\s*"
)
TAIL = re.compile(
    rf"^\s*({_ROLE}\s*{_NAME}(?:\s+{_NAME})*(?:\s*{_ROLE}\s*{_NAME}(?:\s+{_NAME})*)*)\s*"
    r"(摄影报道|摄影|摄|报道|文/图|图/文)?\s*$"
)
_PART = re.compile(rf"({_ROLE})\s*((?:{_NAME}\s*)+)")


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
        out += [Byline(name, role) for name in names.split()]
    return out


def take_lead(para: Chars) -> tuple[list[Byline], Chars]:
    m = LEAD.match(text_of(para))
    if not m:
        return [], para
    return parse(m.group(1)), para[m.end() :]


def take_tail(para: Chars) -> list[Byline] | None:
    m = TAIL.match(text_of(para))
    if not m:
        return None
    return parse(m.group(1), photo=bool(m.group(2) and "摄" in m.group(2)))
