"""Find the left edge of a name that ends in a known head (…总工会, …公司, …活动).

The head is found by string match; the name then grows leftwards over tokens that can sit
inside a name (nouns, place and organisation names, numbers, quoted spans) and stops at verbs,
prepositions, particles, pronouns and punctuation.
"""

from __future__ import annotations

import bisect
import re

from ..lexicons import alt, chars, pairs, word_set
from ..model import Token

NAME_POS = frozenset(
    {"n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "j", "vn", "an", "eng", "m", "s", "oov"}
)
# words that end a name on their left even when tagged as nouns: prepositions, time words, framing
# verbs, dateline words (…日电), and match verbs the dictionary tags as nouns (战胜|巴西队)
STOP_WORDS = word_set("name_stop_words")
# proper-noun tags: once a name reaches a place on its left, only these carry it further
# (国务院|台湾事务办公室), never a common word the dictionary mis-tags (战胜|中国队, 航线|阿根廷…)
PROPER_POS = frozenset({"ns", "nt", "nz", "j", "oov"})
# verbs that frame a name rather than belong to it (the union *organised* …, *held* …)
FRAME_VERBS = word_set("frame_verbs")
QUOTES = {"“": "”", "‘": "’", "「": "」", "《": "》", '"': '"', "(": ")"}
ASIDE = 4  # a bracketed aside inside a name is short: 职工(家属)健康体检活动
# a word that ends in a framing verb frames the name too (广泛开展, 积极组织), the dictionary's tag aside
LONG_FRAMES = tuple(v for v in FRAME_VERBS if len(v) >= 2)
DOT = "·"  # the middle dot that joins the parts of a name
RANKS = word_set("name_rank_words")  # 十佳厨师技能竞赛
YEAR = re.compile(r"(?:19|20)[0-9]{2}")  # 2021|年度安徽工匠…: a year opens an event's name
MAX_TOKENS = 10
NUMERALS = chars("name_numeral_chars")
NUMBER_NAME = re.compile(f"[0-9]+|[{NUMERALS}{chars('name_numeral_zeros')}]{{2,}}")
# an ordinal or a numbered edition (第十届, 首届, 三季) may sit inside a name
EDITIONS = chars("name_edition_measures")
ORDINAL = re.compile(
    f"(?:{alt('name_ordinal_prefixes')})[0-9{NUMERALS}]*[{EDITIONS}]?|[0-9{NUMERALS}]+[{EDITIONS}]"
)
EDITION_WORDS = word_set("name_edition_words")  # 新一届, 本届
FUNCTION_CHARS = frozenset(chars("name_function_chars"))
GLUED = FUNCTION_CHARS | word_set("name_glued_prepositions")  # jieba's guesses glue to a head (队以, 社于)
COORDINATORS = frozenset(chars("org_coordinators"))  # 和, 与, 及
LEVELS = frozenset(pairs("anaphor_levels")) | {"区"}  # 市, 省, 县, 区: a short form's first character
HEAD_COMPOUNDS = word_set("org_head_compounds")  # 工会工作: union work, not a union
LOCALIZERS = word_set("name_localizers")  # 内, 外, 中: tagged nouns, but they carry no name on


def token_at(tokens: list[Token], pos: int, index: list[int] | None = None) -> int:
    """Index of the token that contains character ``pos``."""
    if index is not None:
        return max(bisect.bisect_right(index, pos) - 1, 0)
    # a key, not a list of starts built on every call: this is asked for every candidate name
    return max(bisect.bisect_right(tokens, pos, key=_start) - 1, 0)


def _start(t: Token) -> int:
    return t.start


def _quoted_start(tokens: list[Token], i: int) -> int | None:
    """If tokens[i] closes a quotation, the index of the token that opens it."""
    close = tokens[i].word
    opening = [o for o, c in QUOTES.items() if c == close]
    for j in range(i - 1, max(i - 30, -1), -1):
        if tokens[j].word in opening:
            return j
        if tokens[j].word in "。,;!?":
            return None
    return None


def grow_left(
    tokens: list[Token],
    head_start: int,
    *,
    extra_pos: frozenset[str] = frozenset(),
    allow_quotes: bool = False,
    allow_words: frozenset[str] = frozenset(),
    proper_after_place: bool = False,
    max_tokens: int = MAX_TOKENS,
    years: bool = False,
) -> int:
    """Return the start of the name whose head starts at ``head_start``."""
    if not tokens:
        return head_start
    i = token_at(tokens, head_start)
    start = head_start
    if tokens[i].start < head_start:  # the head sits inside a longer token (农业银行, 服务中心)
        t = tokens[i]
        # a word that ends in the head is a name even when the dictionary tags it a verb (禁毒署)
        ends_in_head = (
            len(t.word) >= 3 and t.pos.startswith("v") and t.end - head_start <= 3
        )  # heads ≤ 3 chars
        if t.word in STOP_WORDS or not (t.pos in NAME_POS | extra_pos or ends_in_head):
            return head_start
        if t.word.startswith(LONG_FRAMES):
            return head_start  # 召开大会: the verb frames the head, it is not part of a name
        start = t.start
    j, taken = i - 1, 0
    while j >= 0 and taken < max_tokens:
        t = tokens[j]
        if proper_after_place and tokens[j + 1].pos == "ns" and t.pos not in PROPER_POS:
            break
        if allow_quotes and t.word in QUOTES.values():
            k = _quoted_start(tokens, j)
            if k is None or (t.word == ")" and t.start - tokens[k].end > ASIDE):
                break
            start, j, taken = tokens[k].start, k - 1, taken + 1
            continue
        if t.word in RANKS:
            start, j, taken = t.start, j - 1, taken + 1
            continue
        if t.word == DOT and j > 0 and tokens[j - 1].pos in NAME_POS and tokens[j - 1].word not in STOP_WORDS:
            start, j, taken = t.start, j - 1, taken + 1  # 乡遇·某某民宿: a dot joins a name's parts
            continue
        if years and YEAR.fullmatch(t.word) and tokens[j + 1].word.startswith("年"):
            start = t.start  # 2021|年度 (年度 taken as a noun)
            break
        if years and t.word.startswith("年") and j > 0 and YEAR.fullmatch(tokens[j - 1].word):
            start = tokens[j - 1].start  # 2022|年
            break
        if len(t.word) == 2 and t.word[0] in COORDINATORS and t.word[1] in LEVELS:
            start = t.start + 1  # 税务局|和县|自来水公司: 和 joins two names, 县 begins the second
            break
        if (t.word in STOP_WORDS and t.word not in allow_words) or not (
            t.pos in NAME_POS | extra_pos or t.word in allow_words
        ):
            break
        if (
            t.word in FRAME_VERBS
            or (len(t.word) > 2 and t.word.endswith(LONG_FRAMES))
            or (t.pos == "oov" and any(ch in FUNCTION_CHARS for ch in t.word))
        ):
            break  # 正由, 利落地为: jieba's guessed words that swallowed a preposition
        if t.pos == "m" and not (
            ORDINAL.fullmatch(t.word)
            # 306医院, 九十中学 (a number right before the head), not 1逼平…队
            or (taken == 0 and start == head_start and NUMBER_NAME.fullmatch(t.word))
        ):
            break
        start, j, taken = t.start, j - 1, taken + 1
    return start


def continues_noun(tokens: list[Token], end: int, *, allowed: frozenset[str] = frozenset()) -> bool:
    """True when the word at ``end`` carries the noun phrase on (工会|组织, 中心|任务)."""
    if not tokens or end >= tokens[-1].end:
        return False
    i = token_at(tokens, end)
    t = tokens[i]
    if t.start < end:  # the head ends inside a token (jieba's 工会组织)
        rest = t.word[end - t.start :]
        if t.pos == "oov" and rest[0] in GLUED:
            return False  # 哥伦比亚队|以: jieba's guess glued a preposition to the head
        if rest in allowed or rest.startswith(tuple(allowed)):
            return False  # 银行|行长: a post title jieba joined to the head
        if rest not in FRAME_VERBS:
            return True
        # 工会|组织开展: 组织 is the verb; 扩大工会组织|覆盖面: 工会组织 is one noun
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return nxt is None or not (nxt.pos.startswith("v") or nxt.word in FRAME_VERBS)
    if t.word in allowed or t.word.startswith(tuple(allowed)):
        return False
    return t.pos in {"n", "nz", "ng", "an"} and t.word not in LOCALIZERS


def modifier_words(tokens: list[Token], start: int, end: int) -> list[str]:
    """The words of text[start:end], clipping tokens that stick out of the range."""
    out = []
    for t in tokens[token_at(tokens, start) if tokens else 0 :]:
        if t.start >= end:
            break
        a, b = max(t.start, start), min(t.end, end)
        if a < b:
            word = t.word[a - t.start : b - t.start]
            if word.strip('“”‘’"《》 '):
                out.append(word)
    return out


def is_generic(
    name: str, head: str, generic: frozenset[str], tokens: list[Token], start: int, *, terms: bool = False
) -> bool:
    """A name whose modifiers are all generic words (基层工会, 各级工会, 专题培训会) names no one.
    With ``terms``, a body's term (第一届, 新一届) is generic too: 第一届女职工委员会 is any union's
    committee (an event's edition is not: 第五届职工运动会 is one event)."""
    words = modifier_words(tokens, start, start + len(name) - len(head))
    return not words or all(
        w in generic or (terms and (ORDINAL.fullmatch(w) or w in EDITION_WORDS)) for w in words
    )


def in_head_compound(toks: list[Token], end: int) -> bool:
    """Whether a name ending at ``end`` ends inside a word like 工会工作 (a body's work, not a body)."""
    t = toks[token_at(toks, max(end - 1, 0))]
    return t.start < end < t.end and t.word in HEAD_COMPOUNDS
