"""People: names after post titles (主席李明), before speech verbs (王建国介绍), and names an
article has already introduced, found again wherever they recur."""

from __future__ import annotations

import re
from functools import cache

from ..lexicons import alt, chars, trie, word_set, words
from ..model import Analysis, Mention
from .places import PAIRED as PAIRED_PLACES
from .registry import define_stage, rule

# what may follow a name after a title: punctuation, a date (部长鲁宾16日), the end of the text, or a
# word: a speech verb, a particle, a time word or a verb of office (县长吴方军分管)
AFTER_NAME = rf"(?=[,，、。;；:：\s)）]|[0-9０-９]|$|{alt('after_name_words')})"
SPEECH = f"(?:{alt('speech_verbs')})"
TITLE_PREFIX = f"(?:{alt('title_prefixes')})*(?:{alt('title_deputy')})?"


@cache
def patterns(titles: tuple[str, ...], surnames: frozenset[str]):
    singles = "".join(sorted(s for s in surnames if len(s) == 1))
    doubles = "|".join(sorted(s for s in surnames if len(s) == 2))
    name = rf"(?:(?:{doubles})[\u4e00-\u9fff]{{1,2}}|[{singles}][\u4e00-\u9fff]{{1,2}})"
    title = rf"{TITLE_PREFIX}(?:{trie(titles)})"
    return (
        re.compile(rf"(?P<title>{title})(?P<name>{name}){AFTER_NAME}"),
        re.compile(rf"(?:^|(?<=[,，。;；:：”\s]))(?P<name>{name}){SPEECH}"),
        # 记者王明、李红报道: the reporters a dateline names inside the text
        re.compile(rf"(?:{alt('byline_roles')})(?P<run>{name}(?:、{name})*)(?={alt('byline_endings')})"),
    )


# the hundred commonest surnames: surnames.txt lists the single-character ones commonest first
COMMON_SURNAMES = frozenset(words("surnames")[0][:100])
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "t", "m", "x"})
# last characters of places, institutions and common nouns (安全性, 许可证, 田径赛, 吉普车), never of
# a given name
NOT_LAST = frozenset(chars("not_last_name_chars"))
NOT_IN_NAMES = frozenset(chars("not_in_name_chars"))
NAME_END_ALLOWED = frozenset(chars("name_end_allowed_chars"))  # 之 (龚育之)
NOT_IN_GIVEN = frozenset(chars("not_in_given_name_chars"))  # 多 (许多人说)
COMMON_WORD_TAGS = frozenset({"n", "v", "a", "d", "vn", "ad", "an", "c", "p", "r", "m", "q", "t", "f"})


def surname_of(word: str, surnames: frozenset[str]) -> str:
    if word[:2] in surnames and len(word) >= 3:
        return word[:2]
    return word[0] if word[0] in surnames else ""


def looks_like_name(word: str, tag: str, ctx) -> bool:
    """A person's name by its shape: a surname, one or two given characters, not an ordinary word.

    jieba's dictionary tags 向心力 and 宣传周 as names; a given name that is itself a common word
    (心力) rejects them.
    """
    if not 2 <= len(word) <= 4:
        return False
    surname = surname_of(word, ctx.lex.surnames)  # first: it rules out most words, and cheaply
    given = word[len(surname) :]
    if not surname or not 1 <= len(given) <= 2 or any(ch in NOT_IN_NAMES for ch in given):
        return False
    if not all(0x4E00 <= ord(ch) <= 0x9FFF for ch in word):
        return False
    if word[-1] in NOT_LAST:
        return False  # 崔马镇, 王府井: a place or an institution by its last character
    if len(given) == 2 and (given in HONORIFICS or given in ctx.lex.titles):
        return False  # 陈小姐, 唐外长: the surname alone is the name (surname_with_title)
    if tag == "oov" and all(ch in PAIRED_PLACES for ch in word):
        return False  # 韩中: two countries (韩中关系), not a person
    if tag == "oov" and len(given) == 1 and given not in ctx.lex.given_chars:
        # 夏送, 单共: a surname-like character before a verb, not a name; jieba's three-character
        # guesses (梅方权) are names often enough to need no more than the surname
        return False
    seg = ctx.segmenter
    # jieba's own tags are noisy (卫星 nr, 令人 nrt, 周恩来 t): a two-character dictionary word
    # is too often an ordinary word; three characters tagged as anything but a content word pass
    if seg.count(word) > 0:
        dict_tag = seg.tag(word)
        if len(word) == 2:
            # 王芳, 郎平: a dictionary name of a common surname and a given-name character
            return dict_tag == "nr" and surname in COMMON_SURNAMES and given in ctx.lex.given_chars
        if dict_tag not in NAME_TAGS:
            return False
    common = seg.tag(given) in COMMON_WORD_TAGS and seg.count(given) >= 20
    return not (len(given) == 2 and common)


# tags of a one-character token that cannot end a name: particles, prepositions, adverbs, numbers
NOT_NAME_END_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "d", "r", "m", "q", "f", "x", "zg"})


def plausible(name: str, ctx) -> bool:
    """A name a context pattern found is not an ordinary word: 应当|说, 满意地|说, 文章|说."""
    # 和, 之 may sit inside a name (陈和生, 龚育之 ends in one); a particle at the end is the sentence's
    if (
        name[-1] in NOT_LAST
        or (name[-1] in NOT_IN_NAMES and name[-1] not in NAME_END_ALLOWED)
        or any(ch in NOT_IN_GIVEN for ch in name[1:])
    ):
        return False
    if name[1:] in ctx.lex.titles or name[1:] in HONORIFICS:
        return False  # 唐外长|说: a surname and a title (surname_with_title takes the surname)
    seg = ctx.segmenter
    # two characters only: the dictionary tags some full names as nouns too (a three-character n)
    common = seg.tag(name) in COMMON_WORD_TAGS and seg.count(name) >= 20
    return not (len(name) == 2 and common)


def third_character(toks, j: int, ctx) -> int:
    """Where a name jieba cut after two characters ends: 张友|香, 汪明|新 (a lone character
    the name takes), 张少|农等 (a guessed word whose second character is a particle)."""
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is None or not 0x4E00 <= ord(nxt.word[0]) <= 0x9FFF or nxt.word[0] in NOT_IN_NAMES:
        return toks[j].end
    lone = (
        len(nxt.word) == 1
        and nxt.pos not in NOT_NAME_END_TAGS
        and not nxt.pos.startswith("v")  # 任君|猜: the name's verb
        and nxt.word not in NOT_LAST
    )
    glued = len(nxt.word) == 2 and nxt.pos == "oov" and nxt.word[1] in NOT_IN_NAMES
    return nxt.start + 1 if lone or glued else toks[j].end


AFTER_SHORT_NAME = word_set("after_short_name_words")


def name_slot(toks, j: int, titles: tuple[str, ...] = ()) -> bool:
    """A two-character dictionary name (王芳) only where a name fits: 金秋助学 is not 金秋 the person;
    彭真|校长, 部长|李鹏: a post title next to it is such a place."""
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    prev = toks[j - 1] if j > 0 else None
    return (
        nxt is None
        or nxt.pos == "x"
        or nxt.word in AFTER_SHORT_NAME
        or nxt.word in titles
        or nxt.word in HONORIFICS
        # after a title, unless a lone character follows that may end a longer name (赵国|钧)
        or (prev is not None and len(prev.word) >= 2 and prev.word.endswith(titles) and len(nxt.word) > 1)
    )


def transliterated(word: str, ctx) -> bool:
    """克林顿, 哈比比: a foreign name the dictionary knows (jieba also tags 二十大, 勾勒 as names)."""
    lex = ctx.lex
    return (
        len(word) >= 3
        and all(ch in TRANSLIT_CHARS for ch in word)
        and word not in lex.countries
        and word not in lex.world_places
        and word not in lex.divisions
        and word not in lex.shorts
    )


JOIN_TAGS = frozenset({"nr", "nrt", "nrfg", "oov", "nz"})
PLACE_HEADS = frozenset(chars("place_head_chars"))


def _translit_part(t, ctx) -> bool:
    """A piece of a foreign name as jieba cuts it: 拉特纳|亚克, 库|尼科娃, 萨莫拉|诺."""
    lex = ctx.lex
    # the tag first: it is the cheaper test and rules out most words
    if len(t.word) == 1:
        if t.pos in NOT_NAME_END_TAGS or t.pos.startswith("v"):
            return False
    elif t.pos not in JOIN_TAGS:
        return False
    return (
        all(ch in TRANSLIT_CHARS for ch in t.word)
        and t.word not in lex.countries
        and t.word not in lex.world_places
    )


def foreign_runs(toks, ctx) -> list[tuple[int, int]]:
    """Runs of tokens (first, last) that together spell one foreign name, anchored on a piece the
    dictionary tags a name: 斯特罗|耶夫, 巴蒂|斯图塔."""
    runs, j = [], 0
    while j < len(toks):
        if toks[j].word[0] not in TRANSLIT_CHARS:
            j += 1  # most words: one set look-up
            continue
        k = j
        while k < len(toks) and _translit_part(toks[k], ctx):
            k += 1
        if (
            k - j >= 2
            and len(toks[j].word) == 1
            and toks[j].pos == "n"
            and toks[j + 1].word[0] in COMMON_SURNAMES
        ):
            j += 1  # 山|高林密: a noun before a Chinese name, not 库|尼科娃
        run = toks[j:k]
        nxt = toks[k].word[0] if k < len(toks) else ""
        if (
            len(run) >= 2
            and any(t.pos in ("nr", "nrt", "nrfg") and len(t.word) >= 2 for t in run)
            # 库|尼科娃, 哈|比比 (both tagged names), not 山|高林密: longer pieces carry the name
            and (
                sum(len(t.word) for t in run if len(t.word) > 1) >= 3
                or all(t.pos in ("nr", "nrt", "nrfg") for t in run)
            )
            and nxt not in PLACE_HEADS  # 苏扎克|区, 库卡尔特|河: a place, not a person
        ):
            runs.append((j, k - 1))
        j = max(k, j + 1)
    return runs


NAME_TAGGED = frozenset({"nr", "nrt", "nrfg"})
END_TAGS = frozenset({"x", "p", "d", "t", "m", "c", "uj", "ul", "f", "r"})


def name_ends(toks, j: int) -> bool:
    """The name is whole: what follows is punctuation, a particle, a verb or a time, and not a
    lone character that may be its last (亚罗|约, 赵国|钧)."""
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is None or nxt.word in AFTER_SHORT_NAME:
        return True
    if len(nxt.word) == 1 and nxt.pos != "x":
        return False
    return nxt.pos in END_TAGS or nxt.pos.startswith("v")


# words around a foreign name that make it a place: 南部城市|哈斯科沃, 埃舍德|小镇, 弗拉诺瓦茨|等4个村庄
PLACE_BEFORE = words("place_before_words")
PLACE_AFTER = word_set("place_after_words")


def place_context(toks, first: int, last: int) -> bool:
    prev = toks[first - 1].word if first > 0 else ""
    nxt = toks[last + 1].word if last + 1 < len(toks) else ""
    return prev.endswith(PLACE_BEFORE) or nxt in PLACE_AFTER


def after_post(prev, t, ctx) -> bool:
    """外交大臣|库克, 总理|若斯潘: a word the dictionary tags a name, straight after a post title."""
    lex = ctx.lex
    return (
        t.pos in ("nr", "nrt", "nrfg")
        and 2 <= len(t.word) <= 4
        and prev.word.endswith(lex.titles)
        and t.word not in lex.titles
        and t.word[-1] not in NOT_LAST
        and (
            all(ch in TRANSLIT_CHARS for ch in t.word)
            or bool(surname_of(t.word, lex.surnames))
            or len(t.word) > 2
        )
    )


HONORIFICS = words("honorifics")


@cache
def surname_title_pattern(titles: tuple[str, ...]) -> re.Pattern:
    after = "|".join(sorted({*HONORIFICS, *(t for t in titles if len(t) <= 3)}, key=len, reverse=True))
    # 王某 (a person the paper does not name), 胡老说 (an elder)
    after += f"|{chars('anonymous_mark')}(?![{chars('anonymous_mark_not_next_chars')}])"
    after += f"|{chars('elder_mark')}(?=[{chars('elder_mark_next_chars')},，。])"
    before = rf"(?:^|(?<=[^\u4e00-\u9fff]|[{chars('surname_title_before_chars')}]))"
    surname = f"[{''.join(sorted(COMMON_SURNAMES))}]"
    # 老于, 小王: a familiar form before a pause, a particle or a speech verb
    # (深山老林 is a phrase: 老/小 must start a word)
    familiar = (
        rf"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[{chars('familiar_before_chars')}]))[{chars('familiar_prefixes')}]"
        rf"({surname})(?=[,，。、{chars('familiar_after_chars')}]|$)"
    )
    return re.compile(f"{before}({surname})(?={after})|{familiar}")


@rule("person.surname_title")
def surname_with_title(a: Analysis, ctx) -> list[Mention]:
    """江主席, 唐外长, 李老师, 王某, 老于: a bare surname with a title, an honorific or 老/小."""
    rx = surname_title_pattern(ctx.lex.titles)
    out = []
    for m in rx.finditer(a.doc.text):
        k = 1 if m.group(1) else 2
        out.append(Mention(m.start(k), m.end(k), m.group(k), "Person"))
    return out


DOCTRINES = words("doctrine_suffixes")


@rule("person.doctrine")
def names_in_doctrines(a: Analysis, ctx) -> list[Mention]:
    """邓小平理论, 马克思主义: the person a doctrine is named after."""
    out: list[Mention] = []
    if not any(tail in a.doc.text for tail in DOCTRINES):
        return out  # most articles name no doctrine: no word to look at
    for toks in a.tokens:
        for t in toks:
            if not t.word.endswith(DOCTRINES):
                continue
            for tail in DOCTRINES:
                head = t.word[: -len(tail)]
                if (
                    t.word.endswith(tail)
                    and 2 <= len(head) <= 4
                    and (
                        looks_like_name(head, "nr", ctx)
                        or (len(head) >= 3 and all(ch in TRANSLIT_CHARS for ch in head))
                    )
                ):
                    out.append(Mention(t.start, t.start + len(head), head, "Person"))
    return out


@rule("person.foreign_dot")
def foreign_names(a: Analysis, ctx=None) -> list[Mention]:
    """芭芭拉·弗兰克林: transliterated parts joined by a middle dot, ending where a word ends
    (科菲·安南|希望, not 科菲·安南希)."""
    if "·" not in a.doc.text:
        return []  # most articles name no one so: no word boundaries to gather
    ends = {t.end for toks in a.tokens for t in toks}
    starts = {t.start for toks in a.tokens for t in toks}
    out = []
    pos = 0
    while m := FOREIGN.search(a.doc.text, pos):
        if m.start() not in starts:
            pos = m.start() + 1  # 芭芭|拉·…, 总|理罗伯特·…: a name starts where a word starts
            continue
        pos = m.end()
        end = m.end()
        while end not in ends and end > m.start():
            end -= 1
        if a.doc.text[end - 1] != "·" and "·" in a.doc.text[m.start() : end]:
            out.append(Mention(m.start(), end, a.doc.text[m.start() : end], "Person"))
    return out


# characters of transliterated names (马克思·卢布里克, 比尔·盖茨): a closed, well-known set
TRANSLIT = chars("transliteration_chars")
# an initial may stand for the given name (塞·威廉姆斯)
FOREIGN = re.compile(f"[{TRANSLIT}]{{1,6}}(?:·[{TRANSLIT}]{{2,8}})+")
TRANSLIT_CHARS = frozenset(TRANSLIT)  # set membership: this is asked of every token


def _named(a: Analysis, ctx, rx: re.Pattern) -> list[Mention]:
    out = []
    for m in rx.finditer(a.doc.text):
        name = m.group("name")
        if name in ctx.lex.generic or name in ctx.lex.divisions or not plausible(name, ctx):
            continue
        out.append(Mention(m.start("name"), m.end("name"), name, "Person"))
    return out


@rule("person.after_title")
def after_title(a: Analysis, ctx) -> list[Mention]:
    """A name straight after a post title (主席李明出席, 县长吴方军分管)."""
    return _named(a, ctx, patterns(ctx.lex.titles, ctx.lex.surnames)[0])


@rule("person.before_speech")
def before_speech(a: Analysis, ctx) -> list[Mention]:
    """A name that opens a clause before a verb of speech (王建国介绍, 李红表示)."""
    return _named(a, ctx, patterns(ctx.lex.titles, ctx.lex.surnames)[1])


@rule("person.reporter")
def reporters(a: Analysis, ctx) -> list[Mention]:
    """Reporters a dateline names inside the text (记者王明、李红报道)."""
    out = []
    for m in patterns(ctx.lex.titles, ctx.lex.surnames)[2].finditer(a.doc.text):
        pos = m.start("run")
        for name in m.group("run").split("、"):
            out.append(Mention(pos, pos + len(name), name, "Person"))
            pos += len(name) + 1
    return out


@rule("person.shape", guess=True, also=("person.foreign_run", "person.transliterated", "person.after_post"))
def by_shape(a: Analysis, ctx) -> list[Mention]:
    """Words shaped like a name (a surname and one or two given characters) where a name may stand;
    runs of transliterated pieces (person.foreign_run, person.transliterated); a dictionary name
    after a post (person.after_post)."""
    text, out = a.doc.text, []
    for toks in a.tokens:
        joined: set[int] = set()
        for first, last in foreign_runs(toks, ctx):
            joined.update(range(first, last + 1))
            if not place_context(toks, first, last):
                start, end = toks[first].start, toks[last].end
                out.append(Mention(start, end, text[start:end], "Person", rule="person.foreign_run"))
        for j, t in enumerate(toks):
            if j in joined:
                continue
            if (
                2 <= len(t.word) <= 4
                and looks_like_name(t.word, t.pos, ctx)
                and (t.pos == "oov" or len(t.word) > 2 or name_slot(toks, j, ctx.lex.titles))
            ):
                end = third_character(toks, j, ctx) if t.pos == "oov" and len(t.word) == 2 else t.end
                out.append(Mention(t.start, end, text[t.start : end], "Person"))
            elif (
                t.pos in ("nr", "nrt", "nrfg", "oov")
                and transliterated(t.word, ctx)
                and not place_context(toks, j, j)
            ):
                out.append(Mention(t.start, t.end, t.word, "Person", rule="person.transliterated"))
            elif t.pos in NAME_TAGGED and j > 0 and after_post(toks[j - 1], t, ctx) and name_ends(toks, j):
                out.append(Mention(t.start, t.end, t.word, "Person", rule="person.after_post"))
    return out


# the rules whose names are sure enough to be looked for again wherever they recur
INTRODUCING = (
    "person.after_title",
    "person.before_speech",
    "person.reporter",
    "person.shape",
    "person.after_post",
)


@rule("person.recurrence")
def recurrence(a: Analysis, ctx) -> list[Mention]:
    """A name the article has introduced (or its byline gives), found again wherever it recurs."""
    text = a.doc.text
    names = dict.fromkeys(b.name for b in a.doc.bylines)
    names.update(dict.fromkeys(m.text for m in a.mentions if m.rule in INTRODUCING))
    taken = {(m.start, m.end) for m in a.mentions if m.cls == "Person"}
    out = []
    for name in names:  # str.find: no regex per name
        pos = text.find(name)
        while pos != -1:
            if (pos, pos + len(name)) not in taken:
                out.append(Mention(pos, pos + len(name), name, "Person"))
            pos = text.find(name, pos + len(name))
    return out


define_stage(
    "people",
    rules=[
        "person.after_title",
        "person.before_speech",
        "person.reporter",
        "person.shape",
        "person.foreign_dot",
        "person.surname_title",
        "person.doctrine",
        "person.recurrence",
    ],
    requires=("sentences", "tokens"),
    provides=("mentions",),
    doc="Person names confirmed by context; names an article introduced, found again where they recur.",
)
