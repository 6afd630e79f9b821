"""Trade unions, companies and other organisations, by the head their names end in.

``北京城建集团第三分公司二车间工会`` is read as a chain: an organisation (北京城建集团) followed
by sub-units (维修分公司, 三车间) and an attached body (工会); each link is a mention too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from ..lexicons import alt, alternation, chars, pairs, word_set, words
from ..model import Analysis, Mention
from .chunk import (
    ORDINAL,
    STOP_WORDS,
    continues_noun,
    grow_left,
    in_head_compound,
    is_generic,
    modifier_words,
    token_at,
)
from .places import ABBREVIATIONS as ONE_CHAR_COUNTRIES
from .registry import define_stage, rule

SUBUNITS = words("org_subunit_heads")
ATTACHED = words("org_attached_bodies")
SUBUNIT = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{1,6}?)(" + alt("org_subunit_heads") + ")")
ATTACH = re.compile("(" + alt("org_attached_bodies") + ")")
CONTEXT_COMPANY = re.compile(alt("org_company_cues"))


def suffix_class(ctx, name: str) -> tuple[str, str] | None:
    suffixes = ctx.lex.org_suffixes
    for k in ctx.lex.org_suffix_lengths:  # longest first: one dictionary look-up per length
        if name[-k:] in suffixes:
            return name[-k:], suffixes[name[-k:]]
    return None


def _inside_word(toks, pos: int, ctx) -> bool:
    """A one-character head that ends an ordinary word: 大局, 干部 (工会干部), not 体育局 or 外交部."""
    t = toks[token_at(toks, pos)]
    if t.start >= pos or t.pos == "oov":
        return False  # the head is a token of its own, or inside a word jieba only guessed (旅局)
    pair = t.word[pos - t.start - 1 : pos - t.start + 1]
    # only a dictionary word of its own counts (大局, not the 路局 inside 铁路局)
    return ctx.segmenter.count(pair) > 0 and pair not in ctx.lex.org_suffixes


RARE = 200  # dictionary frequency below which a word is more likely part of a name (保险 2635, 首钢 27)
SPECIFIC_POS = frozenset({"ns", "nr", "nt", "nz", "nrt", "nrfg", "eng", "m", "j", "oov"})


# heads whose dictionary compounds are mostly kinds, not names: 保险公司, 食品厂, 参赛队, 监测中心
KIND_HEADS = word_set("org_kind_heads")


def specific(toks, start: int, end: int, ctx, head: str = "") -> bool:
    """A proper name has something proper in it: a place, a name, a number, a rare or unknown word."""
    lex = ctx.lex
    for t in toks:
        if not start <= t.start < end:
            continue
        if t.end > end and t.pos == "n" and head in KIND_HEADS:
            # 保险公司 is one dictionary noun: judge its modifier (保险), not the rare compound
            t = t._replace(word=t.word[: end - t.start], pos=ctx.segmenter.tag(t.word[: end - t.start], "n"))
        if t.pos in SPECIFIC_POS or ctx.segmenter.count(t.word) < RARE or t.word in lex.organisations:
            return (
                True  # a proper noun, a word too rare to be a generic one (首钢, 燕化), a body (市委|办公室)
            )
        # 北京城建 may be one dictionary noun, but it starts with a place
        if any(
            t.word[:k] in lex.divisions or t.word[:k] in lex.shorts or t.word[:k] in lex.countries
            for k in (2, 3)
        ):
            return True
    return False


def _verb_follows(toks, end: int) -> bool:
    """所做, 所需: 所 before a verb is a particle, not an institute."""
    i = token_at(toks, end)
    return i < len(toks) and toks[i].start == end and toks[i].pos.startswith("v") and toks[i].pos != "vn"


VERBS = frozenset({"v", "vn"})
RANKS = frozenset({"b", "l"})  # 中级|人民法院 (distinguishing words), 高等学校|工作委员会 (set phrases)


def bridge_verbs(toks, head_start: int, start: int) -> int:
    """中国|文化扶贫|委员会, 俄罗斯|国家统计|委员会: a name anchored on a place or a proper name
    on its left may hold a noun-verb compound (文化扶贫) that stopped the plain growth."""
    i = token_at(toks, start)
    if toks[i].pos == "ns" and toks[i].start == start:
        return start  # 辽宁大学 already starts with its place
    if i == 0 or toks[i - 1].pos not in VERBS:
        return start  # no verb stopped the growth: nothing to bridge (and no second walk)
    longer = grow_left(toks, head_start, extra_pos=VERBS, proper_after_place=True)
    if longer >= start:
        return start
    first = token_at(toks, longer)
    if toks[first].pos not in ("ns", "nt", "nz", "j"):
        return start
    for k in range(first + 1, i + 1):
        t = toks[k]
        if t.start < start and t.pos in VERBS and toks[k - 1].pos not in ("n", "vn"):
            return start  # 美国|派遣|代表团: a verb straight after the place is the sentence's
    return longer


LEVELS = frozenset(chars("org_level_chars"))


def level_before(toks, start: int) -> int:
    """乡|卫生院, 村|党支部, 县|人大常委会: a bare administrative level before a body is its name's
    first character (the body of this village, this county)."""
    i = token_at(toks, start)
    if toks[i].start != start or i == 0:
        return start
    prev = toks[i - 1]
    if prev.word in LEVELS and (i == 1 or toks[i - 2].pos not in NAME_TAGS):
        return prev.start
    return start


NAME_TAGS = frozenset({"ns", "nr", "nt", "nz", "j", "oov", "n"})


SECTOR = frozenset(chars("org_sector_chars"))  # 银行|界, 保险|业: the whole trade, not one body

# the people of a body, after its name: 足球报|记者, 国家银行|领导人, 公司|员工
PEOPLE_NOUNS = word_set("org_people_nouns") | word_set("org_team_grounds")  # and 全兴队|主场
POST_PREFIXES = word_set("org_post_prefixes")  # 工会|党组书记, 公司|副总经理
THIS_DISTRICT = words("org_this_district")  # 该区, 本区
DISTRICT = THIS_DISTRICT[0][1:]  # 区: the level they name, which a name keeps of them
PARTICLE_HEADS = chars("org_particle_heads")  # 所做, 所需: before a verb, not a head


@cache  # one per pipeline
def _name_ends(ctx) -> tuple[frozenset[str], frozenset[str]]:
    """Words after a head that end the name rather than carry it on: after a union's head, and
    after any other (people nouns too: 工会会员 are a union's members in general)."""
    ends_union = ctx.lex.title_set | POST_PREFIXES | frozenset(ATTACHED) | frozenset(SUBUNITS)
    return ends_union, ends_union | PEOPLE_NOUNS


@rule("org.suffix")
def by_suffix(a: Analysis, ctx) -> list[Mention]:
    """Names ending in an organisation head (…总工会, …公司, …局) with something proper before it."""
    pattern = alternation(tuple(ctx.lex.org_suffixes))
    ends_union, ends_other = _name_ends(ctx)
    out = []
    for s, toks in zip(a.sentences, a.tokens, strict=True):
        for m in pattern.finditer(s.text):
            head_start, end = s.start + m.start(), s.start + m.end()
            # 工会会员, 工会职工 are a union's members in general: people nouns end other names only
            ends = ends_union if ctx.lex.org_suffixes[m.group()] == "TradeUnion" else ends_other
            head_token = toks[token_at(toks, end - 1)]
            # a word the dictionary knows as an organisation (公安局, 人民法院) ends where it ends,
            # whatever noun follows (责令, 一审 are tagged nouns)
            whole = (
                head_token.pos == "nt"
                and head_token.end == end
                and s.text[m.end() : m.end() + 1] not in SECTOR
            )
            if (not whole and continues_noun(toks, end, allowed=ends)) or in_head_compound(toks, end):
                continue  # 某某工会|工作: union work
            start = bridge_verbs(
                toks, head_start, grow_left(toks, head_start, extra_pos=RANKS, proper_after_place=True)
            )
            first = toks[token_at(toks, start)]
            if first.pos in RANKS and first.start == start and first.end < head_start:
                start = first.end  # 整个|世界观所: a distinguishing word leads no name, only sits inside one
            if start == head_start and a.doc.text[start - 2 : start] in THIS_DISTRICT:
                start -= 1  # 该区总工会 → 区总工会, resolved to the article's district later
            start = level_before(toks, start)
            name = a.doc.text[start:end]
            if len(name) < 3:
                continue  # 4局, 二部: too short to be a name by its head alone
            if len(m.group()) == 1 and (name[:-1].isdigit() or name[-2:-1].isdigit()):
                continue  # 57所 (schools), 12局 (games): a count with a measure word
            if len(m.group()) == 1 and (
                _inside_word(toks, head_start, ctx)
                or (m.group() in PARTICLE_HEADS and _verb_follows(toks, end))
            ):
                continue  # 大局, 格局: a one-character head inside an ordinary word
            words = modifier_words(toks, start, head_start)
            if words[:1] != [DISTRICT] and (
                is_generic(name, m.group(), ctx.lex.generic, toks, start, terms=True)
                or not specific(toks, start, head_start, ctx, m.group())
            ):
                continue  # 基层工会, 保险公司 name no one; 区总工会 is the article's district union
            if two_places(words, ctx.lex):
                continue  # 甲市乙市工会联手: the unions of two places, not one body
            term = UNION_COMMITTEE.search(name)
            cls = "TradeUnion" if term else ctx.lex.org_suffixes[m.group()]
            if cls != "TradeUnion" and "工会" in name and a.doc.text.startswith(_union_heads(ctx), end):
                continue  # 某局工会|某中心|分会: the unit inside a union branch's name is no body
            # 某总工会第一届委员会 is 某总工会: the union, named by the committee its congress elects
            # (联合工会第一届委员会: 联合工会); 某公司第三届工会委员会 is 某公司工会
            union = name[: term.start() + len(term.group(1))] if term else ""
            body_term = BODY_UNION_COMMITTEE.search(name) if not term else None
            if body_term and body_term.start() > 0:
                cls, union = "TradeUnion", name[: body_term.start()] + "工会"
            out.append(Mention(start, end, name, cls, name=union))
    return out


def two_places(words: list[str], lex) -> bool:
    """Whether a name starts with two places of one level side by side, neither in the other
    (福州|西安|工会: two cities' unions; 浙江|杭州 is a province and its city, one name's place)."""
    if len(words) < 2:
        return False
    first, second = (lex.divisions.get(lex.shorts.get(w, w)) for w in words[:2])
    return (
        first is not None
        and second is not None
        and first.cls == second.cls
        and second.parent != first.name
        and first.name != second.name
    )


# 某总工会第一届委员会: the union's committee for a term is the union (as its congress elects it)
UNION_COMMITTEE = re.compile(
    rf"({alt('relation_union_heads')})(?:{ORDINAL.pattern}|{alt('name_edition_words')})(?:工会)?委员会$"
)
BODY_UNION_COMMITTEE = re.compile(rf"(?:{ORDINAL.pattern}|{alt('name_edition_words')})工会委员会$")


CONGRESS = re.compile(alt("org_party_congresses"))  # 十五大: the party's 15th congress
ORG_ENDINGS = chars("org_ending_chars")  # not 行: 进行, 同步进行
ABBREV_ENDINGS = chars("org_abbrev_ending_chars")  # 中共, 北大
NOT_ENDINGS = words("org_tag_not_endings")  # 市政府
COMPASS = chars("org_compass_chars")
REGION_PART = chars("org_region_part_chars")  # 中南部: a part of a region, not a ministry
FORCES = chars("org_forces_chars")  # 美军
COUNT_CHARS = chars("org_count_chars")  # 四大工程, 两大


@rule("org.tagged", guess=True)
def by_tags(a: Analysis, ctx) -> list[Mention]:
    """Organisations the dictionary knows (新华社, 外交部, 中国男队) and its abbreviations (欧盟, 北大)."""
    out = []
    lex = ctx.lex
    for toks in a.tokens:
        for t in toks:
            known = (
                t.pos == "nt"
                and t.word[-1] in ORG_ENDINGS
                and not t.word.endswith(NOT_ENDINGS)
                and not (t.word[-1] in REGION_PART and all(ch in COMPASS for ch in t.word[:-1]))  # 中南部
            )
            if len(t.word) == 2 and t.word[1] in FORCES and t.word[0] in ONE_CHAR_COUNTRIES:
                continue  # 美军, 日军: the country's forces; the country is the name (places)
            short = (
                t.pos == "j"
                and t.word[-1] in ORG_ENDINGS + ABBREV_ENDINGS
                and t.word not in lex.org_suffixes
                and t.word not in lex.shorts
                and t.word not in lex.divisions
                and not t.word.endswith(lex.titles)  # 省委常委 is a post, not a body
                # 四大工程, 五大支柱: a count; 十五大 is the party's 15th congress
                and (t.word[0] not in COUNT_CHARS or CONGRESS.fullmatch(t.word))
            )
            if len(t.word) >= 2 and (known or short):
                cls = suffix_class(ctx, t.word)
                start = level_before(toks, t.start)
                name = a.doc.text[start : t.end]
                out.append(Mention(start, t.end, name, cls[1] if cls else "Organization"))
    return out


@rule("org.extend")
def extend(a: Analysis, ctx) -> list[Mention]:
    """Grow each organisation rightwards over sub-units and attached bodies (…集团|维修分公司|工会)."""
    text, out = a.doc.text, []
    queue = a.found_by("org.")
    while queue:
        m = queue.pop()
        for rx in (SUBUNIT, ATTACH):
            nxt = rx.match(text, m.end)
            if not nxt:
                continue
            if rx is SUBUNIT:
                toks = a.tokens[a.sentence_of(m.end)]
                inner = [t for t in toks if m.end <= t.start < nxt.start(2)]
                if any(t.word in STOP_WORDS or t.pos in {"p", "c", "uj", "ul", "r", "d", "x"} for t in inner):
                    continue
            cls = suffix_class(ctx, nxt.group())
            if cls is None:
                continue
            longer = Mention(m.start, nxt.end(), text[m.start : nxt.end()], cls[1])
            out.append(longer)
            queue.append(longer)
        # a union's own unit: 某车间工会|小组, 某公司工会|第一分会
        unit = UNION_UNIT.match(text, m.end) if m.cls == "TradeUnion" else None
        if unit and not continues_noun(a.tokens[a.sentence_of(m.end)], unit.end()):
            out.append(Mention(m.start, unit.end(), text[m.start : unit.end()], "TradeUnion"))
    return out


UNION_UNIT = re.compile(rf"(?:第?[一二三四五六七八九十0-9]{{1,3}})?(?:{alt('union_unit_heads')})")


@rule("org.adjoined")
def adjoined(a: Analysis, ctx) -> list[Mention]:
    """国务院|港澳办, 科学技术部|农村科技司, 致公党|中央: a body named straight after its parent is
    one name with it (a union after its company is extend()'s)."""
    text, found = a.doc.text, a.found_by("org.")
    by_start: dict[int, list[Mention]] = {}
    for m in found:
        by_start.setdefault(m.start, []).append(m)
    out = []
    for m in found:
        if m.cls == "TradeUnion":
            continue
        centre = next((c for c in PARTY_CENTRE if text.startswith(c, m.end)), None)
        if centre and m.text.endswith(PARTY_ENDS):
            end = m.end + len(centre)
            out.append(Mention(m.start, end, text[m.start : end], m.cls))
        for n in by_start.get(m.end, []):
            if n.cls != "TradeUnion" and len(n.text) >= 2:
                out.append(Mention(m.start, n.end, text[m.start : n.end], n.cls))
    return out


PARTY_ENDS = words("org_party_ends")
PARTY_CENTRE = words("org_party_centre")  # 致公党|中央
COORDINATORS = chars("org_coordinators")  # 工会、团委


@rule("org.coordinated")
def coordinated(a: Analysis, ctx) -> list[Mention]:
    """`首钢集团工会、团委`: a bare attached body after 、 shares the first one's parent."""
    text, out = a.doc.text, []
    for m in a.found_by("org."):
        head = next((h for h in ATTACHED if m.text.endswith(h)), None)
        if not head:
            continue
        pos = m.end
        while pos < len(text) and text[pos] in COORDINATORS:
            nxt = ATTACH.match(text, pos + 1)
            if not nxt:
                break
            parent = m.text[: -len(head)]
            cls = suffix_class(ctx, nxt.group())
            if cls is None:
                break
            out.append(Mention(nxt.start(), nxt.end(), nxt.group(), cls[1], parent + nxt.group()))
            pos = nxt.end()
    return out


@rule("org.context")
def by_context(a: Analysis, ctx) -> list[Mention]:
    """`老字号企业荣宝斋`: a name that a company noun introduces."""
    out = []
    for s, toks in zip(a.sentences, a.tokens, strict=True):
        for m in CONTEXT_COMPANY.finditer(s.text):
            end = s.start + m.end()
            i = token_at(toks, end)
            if i < len(toks) and toks[i].start == end and toks[i].pos in {"nr", "nz", "nt", "nrt", "nrfg"}:
                t = toks[i]
                out.append(Mention(t.start, t.end, t.word, "Company"))
    return out


@rule("org.nested", inner=True)
def nested(a: Analysis, ctx) -> list[Mention]:
    """Organisations named inside a longer name: 北京城建集团 in 北京城建集团第三分公司."""
    found = a.found_by("org.")
    # names inside a longer candidate (分公司三车间工会 inside …维修分公司三车间工会) are not searched
    span = lambda m: (m.start, m.end, m.cls, m.name)  # noqa: E731  (the same name found by two rules is one)
    found = sorted(found, key=lambda m: m.start)
    starts = [m.start for m in found]
    longest = max((m.end - m.start for m in found), default=0)
    # only a mention starting at most `longest` before it can hold it (bisect: no pass over all)
    outer = [
        m
        for m in found
        if not any(
            o.start <= m.start and m.end <= o.end and span(o) != span(m)
            for o in found[bisect_left(starts, m.end - longest) : bisect_right(starts, m.start)]
        )
    ]
    out = []
    for m in outer:
        for k in range(2, len(m.text)):
            prefix = m.text[:k]
            cls = suffix_class(ctx, prefix)
            if cls and cls[1] != "TradeUnion" and len(prefix) > len(cls[0]) + 1:
                toks = a.tokens[a.sentence_of(m.start)]
                if not is_generic(prefix, cls[0], ctx.lex.generic, toks, m.start) and (
                    m.start + k in {t.end for t in toks}
                ):
                    out.append(Mention(m.start, m.start + k, prefix, cls[1]))
    return out


def _ends_name(toks, end: int, titles: tuple[str, ...]) -> bool:
    """A known name ends at a word's end, or before a post title jieba joined to it (市委|书记)."""
    t = toks[token_at(toks, end - 1)]
    return t.end == end or t.word[end - t.start :].startswith(titles)


@rule("org.gazetteer")
def by_gazetteer(a: Analysis, ctx) -> list[Mention]:
    """Well-known bodies whose names carry no telling suffix: 联合国, 党中央, 国会, 市委."""
    names = ctx.lex.organisations
    pattern = alternation(names)
    known = frozenset(names)
    out = []
    for s, toks in zip(a.sentences, a.tokens, strict=True):
        starts = {t.start for t in toks}
        for m in pattern.finditer(s.text):
            start = s.start + m.start()
            if start not in starts:
                continue  # 中共 inside 公共, 海军 inside 北海军港
            # the longest known name here that ends where a word ends (联合国|安理会常任理事国)
            end = next(
                (
                    start + n
                    for n in range(len(m.group()), 1, -1)
                    if s.text[m.start() : m.start() + n] in known
                    and _ends_name(toks, start + n, ctx.lex.titles)
                ),
                None,
            )
            if end:
                i = token_at(toks, start)
                full = FULL_NAMES.get(a.doc.text[start:end], "")
                if i > 0 and toks[i - 1].pos == "ns":
                    start, full = toks[i - 1].start, ""  # 吉林|省委, 加拿大|海军: the place's body
                found = suffix_class(ctx, full or a.doc.text[start:end])
                cls = "TradeUnion" if found and found[1] == "TradeUnion" else "Organization"
                out.append(Mention(start, end, a.doc.text[start:end], cls, name=full))
    return out


FULL_NAMES = pairs("organisation_full_names")  # 全总 → 中华全国总工会


NOT_MINISTRY = words("org_minister_prefixes")  # 副部长, 党组部长: a post, not a ministry
MINISTER = words("org_minister_titles")  # 外交部长 names 外交部


@cache  # one per pipeline: asked for every candidate name holding 工会
def _union_heads(ctx) -> tuple[str, ...]:
    """What ends a union's name, a branch (分会) included: after a name holding 工会 it is the union's."""
    return (*(h for h, cls in ctx.lex.org_suffixes.items() if cls == "TradeUnion"), "分会")


@cache
def _company_heads(ctx) -> tuple[str, ...]:
    return tuple(h for h, cls in ctx.lex.org_suffixes.items() if cls == "Company")


@rule("org.ministry")
def ministries(a: Analysis, ctx) -> list[Mention]:
    """外交部长, 芬兰农林|部长: a ministry named in its minister's title, with the country before it."""
    out: list[Mention] = []
    if not any(title in a.doc.text for title in MINISTER):
        return out  # no minister named: no word to look at
    for toks in a.tokens:
        for i, t in enumerate(toks):
            if len(t.word) >= 4 and t.word.endswith(MINISTER) and not t.word.startswith(NOT_MINISTRY):
                start, k = t.start, i
            elif (
                t.word in MINISTER
                and i > 0
                and toks[i - 1].pos == "n"
                and len(toks[i - 1].word) >= 2
                and not toks[i - 1].word.startswith(NOT_MINISTRY)
            ):
                start, k = toks[i - 1].start, i - 1
            else:
                continue
            if a.doc.text.endswith(_company_heads(ctx), 0, start):
                continue  # 某某有限公司|技术部长: a company's department, not a ministry
            if k > 0 and toks[k - 1].pos == "ns":
                start = toks[k - 1].start  # 埃及|石油部长
            # 外交|部长 shares the 部 (外交部); 组织部|部长 does not (组织部)
            end = toks[k].end if k < i and toks[k].word.endswith("部") else t.end - 1
            out.append(Mention(start, end, a.doc.text[start:end], "Organization"))
    return out


# a newspaper or a magazine by the head of its title: 《天津日报》, 《经济周刊》, 《朝日新闻》
_TITLE = "[^《》" + chars("org_periodical_title_stops") + "]"
PERIODICAL = re.compile(
    f"《({_TITLE}{{1,12}}?(?:{alt('org_periodical_heads')}))》"
    f"|《{_TITLE}{{1,10}}》(?:{alt('org_periodical_after_title')})"  # 《科学》杂志: the head after the title
)


@rule("org.periodical")
def periodicals(a: Analysis, ctx) -> list[Mention]:
    """Newspapers and magazines named in 《》, with the place before them (美国《时代》周刊)."""
    out = []
    text = a.doc.text
    for s, toks in zip(a.sentences, a.tokens, strict=True):
        for m in PERIODICAL.finditer(s.text):
            start, end = (m.start(1), m.end(1)) if m.group(1) else (m.start(), m.end())
            start, end = s.start + start, s.start + end
            i = token_at(toks, s.start + m.start())
            if i > 0 and toks[i - 1].end == s.start + m.start() and toks[i - 1].pos == "ns":
                start, end = toks[i - 1].start, s.start + m.end()  # 华北《人民日报》: a place's edition
            out.append(Mention(start, end, text[start:end], "Organization"))
    return out


LIST_KINDS = pairs("org_list_kinds")
LIST_OPENERS = re.compile(r"(?:及|和|与|如|包括|来自|从|,)")  # what opens a list's first item
JOINED = re.compile(r"(?:以及|及|和|与)")  # the last two items of a list: 甲、乙和丙
QUOTED = re.compile(r"“([^“”]{2,8})”")
ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]{2,8}")
KIND_GAP = 6  # characters between 等 and the kind: 地方, 37家, 外卖


def _list_items(before: str) -> list[tuple[int, int]]:
    """The items of a list that ends where ``before`` ends: quoted ones side by side (“甲”“乙”),
    or two or more apart (甲、乙、丙; the first after what opens the list)."""
    quoted = list(QUOTED.finditer(before))
    if quoted and quoted[-1].end() == len(before):
        run = [quoted[-1]]
        for m in reversed(quoted[:-1]):
            if m.end() != run[-1].start():
                break
            run.append(m)
        return [(m.start(1), m.end(1)) for m in run]
    parts = before.split("、")
    if len(parts) < 2:
        return []  # one name before 等 is not a list
    spans, end = [], len(before)
    for k, part in enumerate(reversed(parts)):
        start = end - len(part)
        if k == 0 and (joined := list(JOINED.finditer(part))):  # 乙和丙: two items
            spans.append((start + joined[-1].end(), end))
            end = start + joined[-1].start()
        if k == len(parts) - 1 and (opener := list(LIST_OPENERS.finditer(part))):
            start += opener[-1].end()
        spans.append((start, end))
        end = start - 1  # before the 、
    return spans


CLAUSE_POS = frozenset({"v", "vd", "p", "r", "d", "c", "m", "q", "uj", "ul", "f", "b"})  # 现有, 在, 该, 共


def _after_clause(toks, start: int, end: int) -> int:
    """Where a list's first item starts: after the last verb, pronoun or function word before it
    (该镇现有|甲快递、乙快递等企业)."""
    for t in reversed(toks):
        if start <= t.start < end and (t.pos in CLAUSE_POS or t.word in STOP_WORDS):
            return t.end
    return start


@rule("org.listed")
def listed(a: Analysis, ctx) -> list[Mention]:
    """来自甲水泥、乙科技、丙机械等地方企业, “甲外卖”“乙么”等平台: the items of a list that a kind
    of body closes are bodies of that kind."""
    out = []
    for s, toks in zip(a.sentences, a.tokens, strict=True):
        for i, t in enumerate(toks):
            if t.word != "等" or i == 0:
                continue
            kind = next((k for k in toks[i + 1 : i + 4] if k.word in LIST_KINDS), None)
            gap = s.text[t.end - s.start : kind.start - s.start] if kind else ""
            if kind is None or len(gap) > KIND_GAP or not ITEM.fullmatch(gap or "xx"):
                continue  # 等|地方|企业 and 等|平台, not 等, 企业 or 等活动。企业
            k = toks.index(kind)
            # 甲、乙等企业负责人: the items may be the people, so a name shaped like a person's is not taken
            people = k + 1 < len(toks) and toks[k + 1].word in PEOPLE_NOUNS
            items = _list_items(s.text[: t.start - s.start])
            if items and s.text[items[-1][0] - 1 : items[-1][0]] != "“":
                # the first item (the last found) starts after the words of the clause before it
                first = items[-1]
                items[-1] = (_after_clause(toks, s.start + first[0], s.start + first[1]) - s.start, first[1])
            for start, end in items:
                name = s.text[start:end]
                if ITEM.fullmatch(name) and not (people and len(name) <= 3 and name[0] in ctx.lex.surnames):
                    out.append(Mention(s.start + start, s.start + end, name, LIST_KINDS[kind.word]))
    return out


SHARED_BODIES = tuple(sorted(words("org_shared_prefix_bodies"), key=len, reverse=True))
JOINERS = "、和及与"


@cache  # one per pipeline
def _post_ends(ctx) -> frozenset[str]:
    return ctx.lex.title_set | PEOPLE_NOUNS


@rule("org.shared_prefix")
def shared_prefix(a: Analysis, ctx) -> list[Mention]:
    """某镇党委、政府: a bare body right after a named one shares the place its name starts with
    (the second is 某镇政府)."""
    text, out = a.doc.text, []
    ends = _post_ends(ctx)  # 某县人大、政协|领导
    from .memberships import post_run  # the posts the memberships stage reads

    posts = post_run(tuple(ctx.lex.titles))
    for m in a.found_by("org."):
        after = posts.match(text, m.end)  # 某镇党委|副书记|、工会主席: the posts held in the first body
        at = (after.end() if after else m.end) + 1
        place = next(
            (m.text[:k] for k in range(len(m.text) - 1, 1, -1) if m.text[:k] in ctx.lex.divisions), ""
        )
        if not place or text[at - 1 : at] not in JOINERS:
            continue
        # 某市委常委、|市|总工会主席: the place's level written before the body is the same place
        level = 1 if text.startswith(place[-1], at) and place[-1] in LEVELS else 0
        word = next((w for w in SHARED_BODIES if text.startswith(w, at + level)), "")
        if not word or m.text.startswith(place + word):
            continue
        end = at + level + len(word)
        if continues_noun(a.tokens[a.sentence_of(at)], end, allowed=ends):
            continue  # 政府|办公室: a longer name, the rules' to find
        if level and not posts.match(text, end):
            # 某市委常委、市总工会主席: after a post, the level is the first body's place; a bare
            # 县委、县政府 is left to the rules (People's Daily leaves that 县政府 unmarked)
            continue
        cls = suffix_class(ctx, word)
        out.append(Mention(at, end, text[at:end], cls[1] if cls else "Organization", name=place + word))
    return out


define_stage(
    "orgs",
    rules=[
        "org.suffix",
        "org.context",
        "org.tagged",
        "org.gazetteer",
        "org.ministry",
        "org.periodical",
        "org.extend",
        "org.adjoined",
        "org.coordinated",
        "org.listed",
        "org.shared_prefix",
        "org.nested",
    ],
    requires=("sentences", "tokens"),
    provides=("mentions",),
    doc="Unions, companies, organisations by name head, chains of sub-units, coordination, context.",
)
