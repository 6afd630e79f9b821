"""Reported figures: a number with a measure word (4003家, 8.8万人, 100余万元, 85%), normalised."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from ..model import ORG_CLASSES, Analysis, Quantity, Token
from . import stage
from .chunk import token_at

CN_DIGITS = "零一二两三四五六七八九十百千"
MAGNITUDE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
LEAD_VERBS = ("共计", "累计", "总计", "超过", "达到", "共", "达", "为", "近", "约", "逾", "超", "有")
NP_POS = frozenset({"n", "nz", "vn", "ng", "nt", "ns", "j", "an", "l", "b"})
APPROX_BEFORE = ("近", "约", "逾", "超过", "超")


@cache
def pattern(units: tuple[str, ...]) -> re.Pattern:
    unit = "|".join(map(re.escape, units))
    return re.compile(
        rf"(?<![0-9A-Za-z.第])(?P<approx>近|约|逾|超过|超)?"
        rf"(?P<num>[0-9]+(?:\.[0-9]+)?|[{CN_DIGITS}]+)(?P<more>余|多)?(?P<mag>万|亿)?(?P<more2>余|多)?"
        rf"(?P<unit>%|％|{unit})(?!以上|以下|左右|之)"
    )


def number(num: str) -> Decimal | None:
    try:
        if num[0].isdigit():
            return Decimal(num)
        import cn2an  # imported on the first Chinese numeral: it takes a third of a second

        return Decimal(str(cn2an.cn2an(num, "smart")))
    except (InvalidOperation, ValueError):
        return None


def noun_phrase(tokens: list[Token], i: int, step: int) -> str:
    """Nouns from token i onward (step -1: leftwards), stopping at anything else."""
    words = []
    while 0 <= i < len(tokens) and tokens[i].pos in NP_POS and len(words) < 5:
        words.append(tokens[i].word)
        i += step
    return "".join(reversed(words) if step < 0 else words)


def indicator(tokens: list[Token], start: int, end: int) -> str:
    """The noun phrase a figure counts: after it (50名单身青年职工) or before it (工会组织4003家)."""
    after = token_at(tokens, end)
    if after < len(tokens) and tokens[after].start == end:
        phrase = noun_phrase(tokens, after, +1)
        if phrase:
            return phrase
    j = token_at(tokens, start) - 1
    while j >= 0 and tokens[j].word in LEAD_VERBS:
        j -= 1
    return noun_phrase(tokens, j, -1)


@stage("quantities", requires=("entities",), provides=("quantities",))
def quantities(a: Analysis, ctx) -> None:
    """Number + measure word; ordinals (第五), dates, phone numbers and names with digits are not figures."""
    rx = pattern(ctx.lex.measure_words)
    subjects = [m for m in a.mentions if m.cls in ORG_CLASSES | {"District", "Subdistrict"}]
    for i, (s, toks) in enumerate(zip(a.sentences, a.tokens, strict=True)):
        if s.end <= a.doc.title_end:
            continue  # a headline repeats a figure of the body
        for m in rx.finditer(s.text):
            num = m.group("num")
            if num in ("一", "两") and not m.group("more"):
                continue  # 一位, 一起, 两个: a determiner, not a figure
            value = number(num)
            if value is None:
                continue
            if m.group("mag"):
                value *= MAGNITUDE[m.group("mag")]
            start, end = s.start + m.start(), s.start + m.end()
            about = [x for x in subjects if x.end <= start and a.sentence_of(x.start) <= i]
            a.quantities.append(
                Quantity(
                    value=value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize(),
                    unit="%" if m.group("unit") in "%％" else m.group("unit"),
                    indicator=indicator(toks, start, end),
                    approximate=bool(m.group("approx") or m.group("more") or m.group("more2")),
                    start=start,
                    end=end,
                    text=m.group(),
                    sentence=i,
                    about=about[-1].key if about else None,
                )
            )
