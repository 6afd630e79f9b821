"""People: names after post titles (主席张克斌), before speech verbs (张艳革介绍), and names an
article has already introduced, found again wherever they recur."""

from __future__ import annotations

import re
from functools import cache

from ..model import Analysis, Mention
from . import stage

AFTER_NAME = (
    r"(?=[,，、。;；:：\s)）]|在|介绍|表示|说|指出|强调|认为|同志|等|的|一行|出席|参加|带领|讲话|"
    r"致辞|宣布|主持|提出|对|为|向|和|与|及|获|被|是|$)"
)
SPEECH = r"(?:介绍|表示|说|指出|强调|认为|坦言|告诉)"
TITLE_PREFIX = r"(?:党组|党委|党支部|党总支|常务|执行|专职|兼职|名誉|代理)*副?"


@cache
def patterns(titles: tuple[str, ...], surnames: frozenset[str]):
    singles = "".join(sorted(s for s in surnames if len(s) == 1))
    doubles = "|".join(sorted(s for s in surnames if len(s) == 2))
    name = rf"(?:(?:{doubles})[\u4e00-\u9fff]{{1,2}}|[{singles}][\u4e00-\u9fff]{{1,2}})"
    title = rf"{TITLE_PREFIX}(?:{'|'.join(titles)})"
    return (
        re.compile(rf"(?P<title>{title})(?P<name>{name}){AFTER_NAME}"),
        re.compile(rf"(?:^|(?<=[,，。;；:：”\s]))(?P<name>{name}){SPEECH}"),
    )


@stage("people", requires=("tokens",), provides=("people",))
def people(a: Analysis, ctx) -> None:
    """Person names confirmed by context; bylines are read with the article (Document.bylines)."""
    after_title, before_speech = patterns(ctx.lex.titles, ctx.lex.surnames)
    text = a.doc.text
    names = {b.name for b in a.doc.bylines}
    for rx in (after_title, before_speech):
        for m in rx.finditer(text):
            name = m.group("name")
            if name in ctx.lex.generic or name in ctx.lex.divisions:
                continue
            names.add(name)
            a.mentions.append(Mention(m.start("name"), m.end("name"), name, "Person", "people"))
    taken = {(m.start, m.end) for m in a.mentions if m.cls == "Person"}
    for name in names:  # the same name elsewhere in the article
        for m in re.finditer(re.escape(name), text):
            if (m.start(), m.end()) not in taken:
                a.mentions.append(Mention(m.start(), m.end(), name, "Person", "people"))
