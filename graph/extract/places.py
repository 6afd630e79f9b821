"""Places: the gazetteer of divisions (districts, subdistricts, cities, provinces, countries),
communities and villages by pattern, and venues (…馆, …广场, …驿站)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..lexicons import alt, alternation, chars, pairs, word_set, words
from ..model import Analysis, Mention, Token
from .chunk import continues_noun, grow_left, is_generic, token_at
from .registry import define_stage, rule

GAZ_CLASS = {
    "District": "District",
    "Subdistrict": "Subdistrict",
    "Province": "Place",
    "City": "Place",
    "County": "Place",
}
LOCAL = ("District", "Subdistrict")  # short forms of these need evidence in the article
VENUE_BEFORE = re.compile(f"(?:{alt('place_venue_before')})$")
VENUE_AFTER = re.compile(alt("place_venue_after"))
COMMUNITY = re.compile(
    f"{alt('place_community_head')}|{alt('place_village_head')}(?![{chars('place_village_compounds')}])"
)
LOCALIZERS = word_set("name_localizers")  # 内 外 中
CLOCK = words("place_clock_suffix")  # 北京时间
(AREA,) = words("place_region_area")  # 中东地区


@cache  # one per pipeline
def _gazetteer_words(ctx) -> frozenset[str]:
    """Every word place.gazetteer looks up (divisions, their short forms, countries, world places)."""
    lex = ctx.lex
    return frozenset(lex.divisions).union(lex.shorts, lex.countries, lex.world_places)


@rule("place.gazetteer")
def gazetteer(a: Analysis, ctx) -> list[Mention]:
    """Divisions of China, countries and world places the lexicons list (丰台 → 丰台区 when the
    article names the district in full)."""
    lex = ctx.lex
    text = a.doc.text
    known = _gazetteer_words(ctx)
    out = []
    for toks in a.tokens:
        for t in toks:
            name, word = None, t.word
            if word not in known and not word.endswith(AREA):
                continue  # most words: no name of the gazetteer
            if text.startswith(CLOCK, t.end):
                continue  # 北京时间: a clock, not the city
            if word in lex.divisions:
                name = word
            elif word in lex.shorts:
                full = lex.shorts[word]
                d = lex.divisions[full]
                # 丰台 → 丰台区 only when the article names 丰台区 (or something in it) in full
                if (
                    d.cls not in LOCAL
                    or full in text
                    or any(c.parent == full and c.name in text for c in lex.children(full))
                ):
                    name = full
            if name:
                out.append(
                    Mention(t.start, t.end, word, GAZ_CLASS.get(lex.divisions[name].cls, "Place"), name)
                )
            elif word in lex.countries or word in lex.world_places:
                out.append(Mention(t.start, t.end, word, "Place", word))
            elif word.endswith(AREA) and (
                word[: -len(AREA)] in lex.countries or word[: -len(AREA)] in lex.world_places
            ):
                out.append(
                    Mention(t.start, t.end - len(AREA), word[: -len(AREA)], "Place", word[: -len(AREA)])
                )  # 中东|地区
    return out


def headed(
    a: Analysis,
    ctx,
    pattern: re.Pattern,
    cls: str,
    *,
    min_modifier: int,
    min_len: int,
    extra_pos: frozenset[str] = frozenset(),
) -> list[Mention]:
    out = []
    bodies = _in_a_body(tuple(ctx.lex.org_suffixes))
    for s, toks in zip(a.sentences, a.tokens, strict=True):
        for m in pattern.finditer(s.text):
            head_start, end = s.start + m.start(), s.start + m.end()
            # 某某社区|工会联合会: the community is named inside its union's name all the same
            inner = cls == "Community" and bool(bodies.match(a.doc.text, end))
            if not inner and continues_noun(toks, end):
                continue
            t = toks[token_at(toks, head_start)]
            if cls == "Community" and t.start < head_start and t.pos not in {"ns", "nr", "nt", "nz"}:
                continue  # 进社区, 农村: the head inside an ordinary word
            start = grow_left(toks, head_start, extra_pos=extra_pos)
            while (
                cls == "Place"
                and (lead := toks[token_at(toks, start)]).word in LOCALIZERS
                and lead.end < head_start
            ):
                start = lead.end  # 辖区内|职工书屋: a locative ends the words before a venue
            if inner:  # inside a body's name, its divisions are the body's: 某镇|某某社区|工会联合会
                start = _after_divisions(toks, start, head_start, ctx.lex)
            name = a.doc.text[start:end]
            if (
                head_start - start < min_modifier
                or len(name) < min_len
                or is_generic(name, m.group(), ctx.lex.generic, toks, start)
            ):
                continue
            if cls == "Place" and not (
                VENUE_BEFORE.search(a.doc.text, 0, start) or VENUE_AFTER.match(a.doc.text, end)
            ):
                continue  # a venue is a place where something happens: 在X内, 来到X, X举行
            out.append(Mention(start, end, name, cls))
    return out


@cache
def _in_a_body(heads: tuple[str, ...]) -> re.Pattern:
    """What follows a community named inside a body's name: a few characters, then a body's head."""
    return re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{alternation(heads).pattern})")


def _after_divisions(toks: list[Token], start: int, head_start: int, lex) -> int:
    """Where a community's own name starts: after the divisions it is in (某区某镇|某某社区)."""
    for t in toks[token_at(toks, start) :]:
        if t.start >= head_start or t.start != start:
            break
        d = lex.divisions.get(t.word)
        if d is None or t.end >= head_start:
            break
        start = t.end
    return start


# one-character country names as Chinese news abbreviates them in pairs (中美, 中日关系) and 访华
ABBREVIATIONS = frozenset(chars("place_one_char_countries"))
# 访华, 来京, 抵沪: one-character names of China and of its big cities after a verb of going
ONE_CHAR = pairs("place_one_char_china")
CHINA_AFTER = re.compile(f"(?:{alt('place_china_after_verbs')})([{''.join(ONE_CHAR)}])")


@cache
def _country_prefixes(countries: frozenset[str]) -> frozenset[str]:
    return frozenset(c for c in countries if 2 <= len(c) <= 3) | word_set("place_country_prefix_extra")


def _region_area(word: str, lex) -> bool:
    """中东地区, 亚太地区: 地区 after a region's name is a plain noun; the gazetteer takes the name."""
    return word.endswith(AREA) and (
        word[: -len(AREA)] in lex.countries or word[: -len(AREA)] in lex.world_places
    )


def _country_then_word(t: Token, prefix: str, lex) -> bool:
    """美国人, 印度政府, 德国总理: a country before a common word, not a name that starts with one
    (农业银行, 中国队, 美国密执安州)."""
    if t.pos not in ("nt", "nr", "nz"):
        return t.pos != "ns"
    rest = t.word[len(prefix) :]
    return not any(rest.endswith(suffix) for suffix in lex.org_suffixes) and rest not in NAME_RESTS


NAME_RESTS = word_set("place_country_name_rests")  # 中国队, 中国人民


PLACE_ENDINGS = chars("place_name_endings")
(COUNTY,) = words("place_county_head")


# heads of kinds of place: 大城市, 沿海地区, 老城区, 五大洲 are kinds, not names
KIND_HEADS = words("place_kind_heads")
COUNTS = frozenset(chars("place_count_numerals"))


def placelike(word: str) -> bool:
    """jieba tags many common words as places (深度, 福利, 城市); trust it for names that look like one."""
    # foreign names are left to the world_places lexicon: jieba also tags 英特尔 as a place
    return (
        (len(word) >= 3 or word[-1] == COUNTY)  # 莒县, 绛县: counties have one-character names too
        and word[-1] in PLACE_ENDINGS
        and not word.endswith(KIND_HEADS)
        and word[0] not in COUNTS  # 两大洲, 五大洲 (百花山, 十堰 are names)
    )


PAIR = re.compile(
    f"([{''.join(sorted(ABBREVIATIONS))}])([{''.join(sorted(ABBREVIATIONS))}])"
    f"(?={alt('place_pair_followers')})"
)
SIDE_NOUNS = "|".join(f"{re.escape(n)}(?![{rest}])" for n, rest in pairs("place_side_nouns").items())
SIDE = re.compile(f"([{''.join(sorted(ABBREVIATIONS))}])(?={SIDE_NOUNS})")
SIDE_BEFORE = chars("place_side_preceders")  # 对韩方, 与美方
CHINA_AFTER_NEXT = chars("place_china_after_followers")  # 访华后, 访华期间


@rule("place.abbreviation")
def abbreviations(a: Analysis, ctx=None) -> list[Mention]:
    """中美关系, 日俄首脑, 韩方, 访华: one-character country names as news abbreviates them."""
    text, out = a.doc.text, []
    for m in PAIR.finditer(text):
        out += [Mention(m.start(i), m.end(i), m.group(i), "Place") for i in (1, 2)]
    for m in SIDE.finditer(text):
        if (
            m.start() == 0
            or not "\u4e00" <= text[m.start() - 1] <= "\u9fff"
            or text[m.start() - 1] in SIDE_BEFORE
        ):
            out.append(Mention(m.start(), m.end(), m.group(), "Place"))
    for m in CHINA_AFTER.finditer(text):
        if (
            m.end() == len(text)
            or not "\u4e00" <= text[m.end()] <= "\u9fff"
            or text[m.end()] in CHINA_AFTER_NEXT
        ):
            out.append(Mention(m.start(1), m.end(1), m.group(1), "Place", ONE_CHAR[m.group(1)]))
    return out


# one-character names that stand alone as a token the dictionary tags a place or an abbreviation
# (在|京|召开, 对|韩|投资, 俄|与); 法 (law), 朝 (towards), 以 (by), 新 (new) are ordinary words too often
LONE = frozenset(chars("place_lone_one_char"))
# one-character names paired in a word the dictionary lacks or tags a place (韩美, 布中, 亚欧, 中非)
PAIRED = ABBREVIATIONS | frozenset(chars("place_paired_one_char_extra"))
# verbs of going and relating before a one-character name: 访华, 驻华, 对美, 抵京, 赴法
GOING = frozenset(chars("place_going_verbs"))
# a one-character country and the office or side it heads: 俄总统, 美政府, 日当局
OFFICE = word_set("place_country_offices")
# people of a place: 华人, 华侨, 港人, 台胞 (美人 is a beauty, so only these places)
PEOPLE_PLACES = chars("place_people_places")
PEOPLE = re.compile(f"([{PEOPLE_PLACES}])(?:{alt('place_people_nouns')})")


def _char(t: Token, k: int, full: str | None = None) -> Mention:
    ch = t.word[k]
    return Mention(t.start + k, t.start + k + 1, ch, "Place", full or ONE_CHAR.get(ch))


GO_TO = ABBREVIATIONS | ONE_CHAR.keys()
# one-character names that are also common words: in a word jieba only guessed, 新老 and 表决|中以
# are not pairs of countries
AMBIGUOUS = frozenset(chars("place_ambiguous_one_char"))
(DURING,) = words("place_during_char")  # 表决|中以: 中 is "during"
COMMON = 200  # a dictionary pair this frequent is a word of its own: 美德, 中西, 欧亚, 加以


(STATIONED,) = words("place_stationed_verb")  # 驻华使馆
FIRST_CHARS = LONE | PAIRED | GOING | ABBREVIATIONS | {STATIONED} | frozenset(PEOPLE_PLACES)


def _pair(toks: list[Token], i: int, count: Callable[[str], int]) -> bool:
    """Whether token i, made of one-character names, is a pair of places (韩美) and not a word."""
    t = toks[i]
    if t.pos == "oov":
        after_word = i > 0 and toks[i - 1].pos in ("n", "v", "vn")  # 表决|中以: 中 is "during"
        return not any(ch in AMBIGUOUS for ch in t.word) and not (t.word[0] == DURING and after_word)
    # the dictionary tags some pairs as time words (中日) or organisations (中法), never verbs
    return t.pos in ("ns", "nz", "nt", "nr", "j", "t") and count(t.word) < COMMON


@rule("place.abbreviation_token")
def abbreviation_tokens(a: Analysis, ctx) -> list[Mention]:
    """One-character place names as jieba cuts them: 中美, 访华, 俄|总统, 在|京, 华侨."""
    out = []
    count = ctx.segmenter.count
    for toks in a.tokens:
        for i, t in enumerate(toks):
            w = t.word
            if w[0] not in FIRST_CHARS:
                continue  # most words start with none of these: one set look-up for them
            if len(w) == 1 and w in LONE and t.pos in ("ns", "j"):
                out.append(_char(t, 0))  # 在|京|召开
            elif 2 <= len(w) <= 3 and all(ch in PAIRED for ch in w) and _pair(toks, i, count):
                out += [_char(t, k) for k in range(len(w))]  # 韩美, 中美日
            elif len(w) == 2 and w[0] in GOING and w[1] in GO_TO and t.pos[0] in "vnjo":
                out.append(_char(t, 1))  # 访华, 赴法
            elif len(w) > 2 and w[0] == STATIONED and w[1] in ONE_CHAR:
                out.append(_char(t, 1))  # 驻华使馆
            elif w[0] in ABBREVIATIONS and w[1:] in OFFICE and w[0] not in AMBIGUOUS:
                out.append(_char(t, 0))  # 俄总统
            elif len(w) == 2 and PEOPLE.fullmatch(w):
                out.append(_char(t, 0))  # 华侨
            # 中|美: two one-character tokens the dictionary split
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if (
                len(w) == 1
                and nxt is not None
                and len(nxt.word) == 1
                and w in PAIRED
                and nxt.word in PAIRED
                and t.pos in ("ns", "j", "f")
                and nxt.pos in ("ns", "j")
            ):
                out += [_char(t, 0), _char(nxt, 0)]
    return out


@rule("place.tagged", guess=True)
def by_tags(a: Analysis, ctx) -> list[Mention]:
    """Words the dictionary knows as places and that look like one (日内瓦, 井陉县)."""
    out = []
    lex = ctx.lex
    prefixes = _country_prefixes(lex.countries)
    for toks in a.tokens:
        for t in toks:
            # 中国式, 中华民族, 美国人: a country at the start of an ordinary word
            prefix = None
            if len(t.word) > 3 and t.word[:3] in prefixes:
                prefix = t.word[:3]
            elif len(t.word) > 2 and t.word[:2] in prefixes:
                prefix = t.word[:2]
            if prefix and _country_then_word(t, prefix, lex):
                out.append(Mention(t.start, t.start + len(prefix), prefix, "Place"))
                continue
            if (
                t.pos in GUESSED
                and len(t.word) >= 3
                and t.word[-1] in ADMIN | GEO
                and _proper_stem(t.word, ctx)
                and not (t.pos == "oov" and t.word[0] in GLUED_VERBS)  # 为|喀岛, 受|玉峰: jieba's glue
            ):
                # 崔马镇 (jieba's guess), 公明镇 (tagged a person), 肯特郡: a name with a division's head
                out.append(Mention(t.start, t.end, t.word, "Place"))
            elif (
                t.pos == "ns"
                and len(t.word) >= 2
                and t.word not in ctx.lex.divisions
                and t.word not in ctx.lex.shorts
                and placelike(t.word)
                and not _region_area(t.word, lex)
            ):
                out.append(Mention(t.start, t.end, t.word, "Place"))
    return out


# heads of divisions at home and abroad, and the tags of words that can name one
ADMIN = frozenset(chars("place_division_heads"))
NAMED = frozenset({"ns", "nr", "nrt", "nz", "oov"})
GEO = frozenset(chars("place_landform_heads"))
GLUED_VERBS = frozenset(chars("place_glued_function_words"))  # 马拉若岛, 清凉寺: heads no given name ends in


GUESSED = frozenset({"nr", "nrt", "nz", "oov"})  # ns words are judged by placelike()
# one-character words that, before a name, show jieba cut a longer name (丘|布特|省, 下|莱茵|省)
PIECE_TAGS = frozenset({"n", "nr", "ns", "nz", "j", "zg", "f", "a", "ng", "b"})
NUMERALS = frozenset(chars("place_numerals"))


def _proper_stem(word: str, ctx) -> bool:
    """高新|区, 小城|镇: a common word before the head makes a kind of place, not a name."""
    stem = word[:-1]
    return ctx.segmenter.count(stem) < RARE_STEM or ctx.segmenter.tag(stem) in NAMED


RARE_STEM = 200


@rule("place.headed_division")
def headed_divisions(a: Analysis, ctx) -> list[Mention]:
    """龙泉|乡, 塔科马|市, 贾拉拉巴德|州: a name and a division's head that jieba cut apart."""
    lex = ctx.lex
    out = []
    for toks in a.tokens:
        for i in range(len(toks) - 1):
            t, head = toks[i], toks[i + 1]
            prev = toks[i - 1] if i else None
            if (
                head.word in ADMIN
                and t.pos in NAMED
                and len(t.word) >= 2
                and t.word not in lex.countries
                and t.word[-1] not in ADMIN
                and not any(ch in NUMERALS for ch in t.word)  # 新一轮|乡局级
                and not (prev and len(prev.word) == 1 and prev.pos in PIECE_TAGS)
            ):
                cls = pairs("division_heads").get(head.word, "Place")  # 龙泉|乡 Subdistrict, 塔科马|市 Place
                out.append(Mention(t.start, head.end, t.word + head.word, cls))
    return out


KIND_BEFORE = words("place_kind_before")  # 南部城市|哈斯科沃, 旅游胜地|帕塔亚
FOREIGN_TAGS = frozenset({"nr", "nrt", "nz", "oov"})


@rule("place.named_by_kind", guess=True)
def named_by_kind(a: Analysis, ctx) -> list[Mention]:
    """A name (tagged a person, or unknown) straight after the kind of place it is: 城市|哈斯科|沃."""
    out = []
    count = ctx.segmenter.count
    for toks in a.tokens:
        for i in range(1, len(toks)):
            if toks[i].pos not in FOREIGN_TAGS or not toks[i - 1].word.endswith(KIND_BEFORE):
                continue  # the tag first: a set look-up rules out most words
            if count(toks[i].word) >= RARE_STEM:
                continue  # 城市|文明: a common word the dictionary also lists as a name
            k = i
            while k + 1 < len(toks) and toks[k + 1].pos in FOREIGN_TAGS:
                k += 1  # 哈斯科|沃: pieces of one name
            start, end = toks[i].start, toks[k].end
            if end - start >= 2:
                out.append(Mention(start, end, a.doc.text[start:end], "Place"))
    return out


@rule("place.community")
def communities(a: Analysis, ctx) -> list[Mention]:
    """Communities and villages by their head (…社区, …村), with a name before it."""
    found = headed(
        a,
        ctx,
        COMMUNITY,
        "Community",
        min_modifier=2,
        min_len=3,
        extra_pos=frozenset({"f", "a"}),  # 北|里社区, 新|康社区
    )
    # a resort or an art village (…度假村, …艺术村) is a venue, which place.venue finds
    return [m for m in found if not m.text.endswith(ctx.lex.venues)]


@rule("place.venue")
def venues(a: Analysis, ctx) -> list[Mention]:
    """Venues by their head (…馆, …广场, …驿站) where something happens there (在X内, X举行)."""
    return headed(a, ctx, alternation(ctx.lex.venues), "Place", min_modifier=2, min_len=4)


ZONE_HEADS = tuple(sorted(words("place_zone_heads"), key=len, reverse=True))
ZONE_FIRST = frozenset(h[0] for h in ZONE_HEADS)


@rule("place.zone")
def zones(a: Analysis, ctx) -> list[Mention]:
    """Development zones named after their division (湖州|高新区, 某某|经济开发区): Districts."""
    lex, text, out = ctx.lex, a.doc.text, []
    if not any(head in text for head in ZONE_HEADS):
        return out  # most articles name no zone: no word to look at
    for toks in a.tokens:
        for i, t in enumerate(toks):
            if text[t.end : t.end + 1] not in ZONE_FIRST or not _a_division(t.word, lex):
                continue  # most words are followed by no zone's head: one set look-up for them
            head = next((h for h in ZONE_HEADS if text.startswith(h, t.end)), None)
            if head is None:
                continue
            start = t.start
            while i > 0 and toks[i - 1].end == start and _a_division(toks[i - 1].word, lex):
                i -= 1
                start = toks[i].start  # 辽宁|昌图|经济开发区: the province and county before it
            out.append(Mention(start, t.end + len(head), text[start : t.end + len(head)], "District"))
    return out


def _a_division(word: str, lex) -> bool:
    return len(word) >= 2 and (word in lex.divisions or word in lex.shorts)


define_stage(
    "places",
    rules=[
        "place.gazetteer",
        "place.zone",
        "place.tagged",
        "place.headed_division",
        "place.named_by_kind",
        "place.abbreviation",
        "place.abbreviation_token",
        "place.community",
        "place.venue",
    ],
    requires=("sentences", "tokens"),
    provides=("mentions",),
    doc="Districts, subdistricts, cities and countries from the gazetteer; communities; venues.",
)
