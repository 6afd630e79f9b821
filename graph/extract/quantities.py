"""Reported figures: a number with a measure word (4003家, 8.8万人, 100余万元, 85%), normalised."""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal, InvalidOperation
from functools import cache

from ..lexicons import alt, chars, pairs, words
from ..model import ORG_CLASSES, Analysis, Quantity, Token
from .chunk import token_at
from .registry import define_stage, rule

# The words are in graph/lexicons/numeral_*.tsv and figure_*.txt; a file's order is its alternation's order.
CN_DIGIT = {d: int(v) for d, v in pairs("numeral_digits").items()}  # 零 0 … 九 9
CN_UNIT = {u: int(v) for u, v in pairs("numeral_units").items()}  # 十 百 千
CN_DIGITS = "".join([*CN_DIGIT, *CN_UNIT])
ZERO = next(d for d, v in CN_DIGIT.items() if v == 0)  # 零
MAGNITUDE = {m: Decimal(int(v)) for m, v in pairs("numeral_magnitudes").items()}  # 万 亿
SCALES = tuple(sorted(((m, int(v)) for m, v in MAGNITUDE.items()), key=lambda mv: -mv[1]))  # 亿, then 万
LEAD_VERBS = words("figure_lead_verbs")
NP_POS = frozenset({"n", "nz", "vn", "ng", "nt", "ns", "j", "an", "l", "b"})
APPROX_BEFORE = words("figure_approx_words")
DETERMINERS = words("figure_determiner_numerals")  # 一位, 两个: a determiner, not a figure
# between a body and a figure, 等 or 各 (or the body one of a list A、B): the figure counts the list's
# members, not the body
LISTED = re.compile(alt("figure_list_words"))


@cache
def pattern(units: tuple[str, ...]) -> re.Pattern:
    unit = "|".join(map(re.escape, units))
    mag, more = "|".join(map(re.escape, MAGNITUDE)), alt("figure_more_words")
    return re.compile(
        rf"(?<![0-9A-Za-z.{chars('figure_ordinal_marks')}])(?P<approx>{alt('figure_approx_words')})?"
        rf"(?P<num>[0-9]+(?:\.[0-9]+)?|[{CN_DIGITS}]+(?:[{''.join(MAGNITUDE)}][{CN_DIGITS}]+)*)"
        rf"(?P<more>{more})?(?P<mag>{mag})?(?P<more2>{more})?"
        rf"(?P<unit>%|％|{unit})(?!{alt('figure_bound_words')})(?P<bound>{alt('figure_bound_marks')})?"
    )


def number(num: str) -> Decimal | None:
    if num[0].isdigit():
        try:
            return Decimal(num)
        except InvalidOperation:
            return None
    value = chinese_number(num)
    return None if value is None else Decimal(value)


def chinese_number(text: str) -> int | None:
    """A Chinese numeral: 十五, 一百零五, 两千零五十, 一万二千, 三亿五千万. A last digit straight
    after a unit counts in the unit below (三千五 is 3,500, 一万二 is 12,000). None for anything
    else (八九千二, 百十, 三四千): no figure beats a wrong one."""
    if not text:
        return None
    total = 0
    for mark, scale in SCALES:
        if mark not in text:
            continue
        head, _, text = text.partition(mark)
        value = chinese_number(head) if head else None  # 三亿五千万: 五千 is read with 万's scale
        if value is None:
            return None
        if len(text) == 1 and text != ZERO and text in CN_DIGIT:  # 一万二
            return total + value * scale + CN_DIGIT[text] * scale // 10
        total += value * scale
    if not text:
        return total
    rest = _below_ten_thousand(text.removeprefix(ZERO) if total else text)  # 一万零二
    return None if rest is None else total + rest


def _below_ten_thousand(text: str) -> int | None:
    """十五, 一百零五, 三千五; digits alone read one by one (二零二零)."""
    if not text or any(ch not in CN_DIGITS for ch in text):
        return None
    if all(ch in CN_DIGIT for ch in text):
        return int("".join(str(CN_DIGIT[ch]) for ch in text))
    total, digit, unit, after_unit = 0, None, 10_000, False
    for ch in text:
        if ch in CN_UNIT:
            if CN_UNIT[ch] >= unit:  # units only fall: 十十, 百千
                return None
            unit = CN_UNIT[ch]
            if digit is None:  # 十五: a bare 十 is one ten; a bare 百 or 千 is not a number
                if unit != 10:
                    return None
                digit = 1
            total, digit, after_unit = total + digit * unit, None, True
        elif CN_DIGIT[ch] == 0:  # 一百零五: a zero holds a place
            if digit is not None:
                return None
            after_unit = False
        elif digit is not None:  # 三四千: two digits in a row
            return None
        else:
            digit = CN_DIGIT[ch]
    if digit is not None:
        total += digit * (unit // 10 if after_unit and unit >= 100 else 1)
    return total


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


def _classifies(tokens: list[Token], end: int, text: str) -> bool:
    """Whether a bound (以上) ending at ``end`` classifies the noun after it (以上企业, 以上的单位)."""
    if text[end : end + 1] == ATTRIBUTIVE:
        return True
    i = token_at(tokens, end)
    return i < len(tokens) and tokens[i].start == end and tokens[i].pos in NP_POS


ATTRIBUTIVE = "的"


MEDIA = words("org_media_heads")


@rule("figure.measure_word")
def measured(a: Analysis, ctx) -> list[Quantity]:
    """Number + measure word; ordinals (第五), dates, phone numbers and names with digits are not figures."""
    rx = pattern(ctx.lex.measure_words)
    out = []
    subjects = [
        m
        for m in a.resolved()
        if m.cls in ORG_CLASSES | {"District", "Subdistrict"} and not (m.name or m.text).endswith(MEDIA)
    ]  # a news agency in a dateline (新华社某地某日电) reports the figures, it is not counted
    starts = [m.start for m in subjects]  # resolved() is in text order: bisect, not a pass a figure
    for i, (s, toks) in enumerate(zip(a.sentences, a.tokens, strict=True)):
        if s.end <= a.doc.title_end:
            continue  # a headline repeats a figure of the body
        for m in rx.finditer(s.text):
            num = m.group("num")
            if num in DETERMINERS and not m.group("more"):
                continue  # 一位, 一起, 两个: a determiner, not a figure
            value = number(num)
            if value is None:
                continue
            if m.group("mag"):
                value *= MAGNITUDE[m.group("mag")]
            start, end = s.start + m.start(), s.start + m.end()
            if m.group("bound") and _classifies(toks, end, a.doc.text):
                continue  # 百人以上企业: a size class, not a figure
            if m.group("bound"):
                end -= len(m.group("bound"))  # the figure is 80%; 以上 marks it a bound
            lo, hi = bisect_left(starts, s.start), bisect_left(starts, start)
            about = [x for x in subjects[lo:hi] if x.end <= start]
            if about and (
                LISTED.search(a.doc.text, about[-1].end, start)
                or a.doc.text[about[-1].end : about[-1].end + 1] == "、"
                or a.doc.text[about[-1].start - 1 : about[-1].start] == "、"
            ):
                about = []  # 某医院…专家,理发师等…50余人; A、B等单位的50名: no one body is counted
            out.append(
                Quantity(
                    value=value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize(),
                    unit="%" if m.group("unit") in "%％" else m.group("unit"),
                    indicator=indicator(toks, start, end),
                    approximate=bool(
                        m.group("approx") or m.group("more") or m.group("more2") or m.group("bound")
                    ),
                    start=start,
                    end=end,
                    text=a.doc.text[start:end],
                    sentence=i,
                    about=about[-1].key if about else None,
                )
            )
    return out


define_stage(
    "quantities",
    rules=["figure.measure_word"],
    requires=("entities",),
    provides=("quantities",),
    doc="Reported figures: a number and its measure word (4003家, 8.8万人, 100余万元, 85%), normalised.",
)
