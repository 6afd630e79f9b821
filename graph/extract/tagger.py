"""A learned tagger beside the rules: a character CRF (CRFsuite) proposes PER / LOC / ORG spans.

The model is trained on news annotated with people, places and organisations (``graph.train``;
its card, ``graph/models/tagger.json``, says on what and how well). It finds names by their shape
and context where no rule knows their head; the rules then give them their class and extent (the
merge is in ``extract/overlaps.py``). Each span carries the CRF's confidence: the smallest
marginal probability of its labels.

The features reuse the segmentation the pipeline already made: characters and bigrams in a ±2
window, the position of the character in its word with the word's part of speech, and flags for
surname characters and the last characters of organisation and place names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..lexicons import alt, chars, load, trie, word_set, words
from ..model import Analysis, Mention, Token
from .chunk import COORDINATORS, LEVELS, STOP_WORDS, in_head_compound, is_generic, modifier_words
from .orgs import suffix_class, two_places
from .registry import define_stage, rule

MODEL = "models/tagger.crfsuite"  # relative to graph/
HERE = Path(__file__).resolve().parent.parent
COARSE = {"PER": "Person", "LOC": "Place", "ORG": "Organization"}
SITE_HEADS = words("place_site_heads")  # 机场, 客运站: a transport site, named with its city
BREAKS = "|()[]{}【】<>,;:!?。，；：！？、"  # marks no name holds
BREAK_MARK = re.compile(f"[{re.escape(BREAKS)}]")


@cache
def _char_flags() -> dict[str, tuple[str, ...]]:
    """The flag features of each character that has any: a surname, the last character of an
    organisation's or a place's name."""
    sets = (
        ("sur", {s for s in load().surnames if len(s) == 1}),
        ("oend", set(chars("org_ending_chars"))),
        ("pend", set(chars("place_division_heads"))),
    )
    out: dict[str, tuple[str, ...]] = {}
    for flag, members in sets:
        for c in members:
            out[c] = (*out.get(c, ()), flag)
    return out


def features(text: str, tokens: Sequence[Token], offset: int = 0) -> list[list[str]]:
    """The features of each character of ``text`` (a sentence starting at ``offset``), given the
    words the segmenter cut it into (their offsets include ``offset``)."""
    n = len(text)
    word = ["S|x"] * n
    for t in tokens:
        s, e = t.start - offset, t.end - offset
        if e - s == 1:
            word[s] = "S|" + t.pos
        else:
            word[s] = "B|" + t.pos
            for k in range(s + 1, e - 1):
                word[k] = "M|" + t.pos
            word[e - 1] = "E|" + t.pos
    flags = _char_flags()
    p = "\x02\x02" + text + "\x03\x03"
    # one comprehension per feature over the whole sentence: far cheaper than a loop per character
    bigrams = [p[i : i + 2] for i in range(n + 3)]  # bigrams[i] = p[i] + p[i + 1]
    columns = zip(
        ["c=" + c for c in text],
        ["l=" + c for c in p[1 : n + 1]],
        ["ll=" + c for c in p[:n]],
        ["r=" + c for c in p[3 : n + 3]],
        ["rr=" + c for c in p[4 : n + 4]],
        ["lc=" + b for b in bigrams[1 : n + 1]],
        ["cr=" + b for b in bigrams[2 : n + 2]],
        ["lr=" + a + b for a, b in zip(p[1 : n + 1], p[3 : n + 3], strict=True)],
        ["w=" + w for w in word],
        ["wc=" + w[0] + c for w, c in zip(word, text, strict=True)],
        strict=True,
    )
    return [[*f, *flags.get(c, ())] for f, c in zip(columns, text, strict=True)]


def spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """BIO labels → (start, end, type) spans; an I- without its B- starts a span."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, lab in enumerate(labels):
        if lab == "O":
            if start >= 0:
                out.append((start, i, kind))
                start = -1
        elif start < 0 or lab[0] == "B" or lab[2:] != kind:
            if start >= 0:
                out.append((start, i, kind))
            start, kind = i, lab[2:]
    if start >= 0:
        out.append((start, len(labels), kind))
    return out


QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("《", "》"))


QUOTE_MARK = re.compile('["' + "".join(o + c for o, c in QUOTES) + "]")


def _balanced(text: str, start: int, end: int) -> bool:
    """Whether every quotation mark in text[start:end] has its pair there."""
    if not QUOTE_MARK.search(text, start, end):
        return True  # most names: no mark at all
    span = text[start:end]
    return span.count('"') % 2 == 0 and all(span.count(o) == span.count(c) for o, c in QUOTES)


def _joined(found: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Two places side by side, the second a transport site (宁波|栎社国际机场, 某市|城南客运站), are
    one name: the city is part of the site's own name."""
    out: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if (
            out
            and kind == "LOC"
            and out[-1][2] == "LOC"
            and out[-1][1] == start
            and text.endswith(SITE_HEADS, 0, end)
        ):
            start = out.pop()[0]
        out.append((start, end, kind))
    return out


@cache
def _name_heads(ctx) -> tuple[str, ...]:
    """What ends a place's or a body's name (书吧, 广场, 公司): a person's name is not followed by one."""
    return (*ctx.lex.venues, *(h for h in ctx.lex.org_suffixes if len(h) >= 2))


Labelled = tuple[list[str], list[float] | None]  # a sentence's labels, each one's probability


class Tagger:
    """The tagger's CRF: decoded with numpy (``crf.Decoder``) for a batch of sentences at once,
    by CRFsuite for a sentence too long to share a lane. Both give the same labels."""

    def __init__(self, path: Path) -> None:
        from .crf import Decoder  # imported here: `unionkg --help` and rules-only pipelines never load numpy

        self.path = path
        self.decoder = Decoder(path, _char_flags())
        self._crfsuite = None

    def tag(self, sentences: Sequence[tuple[str, Sequence[Token], int]]) -> list[Labelled]:
        """For each (text, words, offset): its labels and the probability of each label (None
        when all are O)."""
        alone = [k for k, (text, _, _) in enumerate(sentences) if len(text) > LONG]
        lone = set(alone)
        rest = [k for k in range(len(sentences)) if k not in lone]
        out = {}
        for part in _parts(rest, [len(sentences[k][0]) for k in rest]):
            out.update(zip(part, self.decoder.tag([sentences[k] for k in part]), strict=True))
        for k in alone:
            out[k] = self._one(*sentences[k])
        return [out[k] for k in range(len(sentences))]

    def _one(self, text: str, tokens: Sequence[Token], offset: int) -> Labelled:
        """One sentence, by CRFsuite (opened on first use)."""
        if self._crfsuite is None:
            import pycrfsuite

            self._crfsuite = pycrfsuite.Tagger()
            self._crfsuite.open(str(self.path))
        tagger = self._crfsuite
        tagger.set(features(text, tokens, offset))
        labels = tagger.tag()
        if all(y == "O" for y in labels):
            return labels, None
        return labels, [tagger.marginal(y, k) for k, y in enumerate(labels)]


# a sentence longer than this is tagged on its own: the batch's loop runs as many steps as its
# longest sentence has characters
LONG = 1_000
# characters decoded at once: the cost a character is about the same from 10,000 to 200,000, and
# two or three times as high at 600,000 (the arrays no longer fit in the processor's caches)
PART = 100_000


def _parts(items: list[int], sizes: list[int]) -> list[list[int]]:
    """``items`` in runs of about PART characters."""
    out: list[list[int]] = [[]]
    total = 0
    for item, size in zip(items, sizes, strict=True):
        if total >= PART:
            out.append([])
            total = 0
        out[-1].append(item)
        total += size
    return [part for part in out if part]


def load_tagger(ctx=None, path: Path | None = None) -> Tagger:
    """The tagger, its model read once per process (the stage's factory)."""
    return Tagger(path or HERE / MODEL)


@cache
def _heads() -> tuple[str, ...]:
    """Heads of organisation names of two characters or more (工会, 公司, 委员会)."""
    return tuple(h for h in load().org_suffixes if len(h) >= 2)


@cache
def _post(titles: tuple[str, ...]) -> re.Pattern:
    """A post title as it follows a body's name: 副书记, 党组成员, 主席."""
    return re.compile(rf"(?:{alt('title_prefixes')})*(?:{alt('title_deputy')})?(?:{trie(titles)})")


def _org_start(start: int, end: int, toks: Sequence[Token], text: str) -> int:
    """Where an organisation the CRF found starts: after the last word inside it that a name does
    not hold (某区总工会|依托|区司法局, 税务局|和县|供电公司: 和 joins two names)."""
    first = next((t for t in toks if t.start == start), None)
    if first and first.pos == "m" and len(first.word) == 1 and text[start - 1 : start] == "、":
        start = first.end  # 每周二、三、|四|仲裁院: the last of a list of numbers
    for t in toks:
        if t.start <= start or t.end >= end:
            continue
        if len(t.word) == 2 and t.word[0] in COORDINATORS and t.word[1] in LEVELS:
            start = t.start + 1
        elif t.word in STOP_WORDS:
            start = t.end
    return start


COMMON_NOUNS = frozenset({"n", "vn"})


def _joined_words(start: int, toks: Sequence[Token], text: str, ctx) -> int:
    """Where an organisation the CRF found starts when 与 just before it joins common words to it,
    back to the level or division the body is at (县|社会事务服务|与|行政执法中心): those words are
    no name of their own (no head, no proper noun, no post), so they are the name's first words."""
    i = next((k for k, t in enumerate(toks) if t.end == start), None)
    if i is None or toks[i].word != "与":
        return start
    k = i
    while k > 0 and toks[k - 1].pos in COMMON_NOUNS and toks[k - 1].word not in ctx.lex.titles:
        k -= 1
    anchored = k > 0 and (toks[k - 1].word in LEVELS or toks[k - 1].word in ctx.lex.divisions)
    if i - k < 2 or not anchored or suffix_class(ctx, text[toks[k].start : toks[i].start]) is not None:
        return start  # 中国|与|东盟, 某局|与|某中心: two names
    return toks[k - 1].start


def _org_end(text: str, start: int, end: int, toks: Sequence[Token], ctx) -> int | None:
    """Where an organisation the CRF found ends, by the rules' knowledge of names: a post's group
    after it (县总工会|党组|副书记) is the post's, not the body's; a name that starts with a head
    (工会组织) or has nothing proper before its head (基层工会委员会) names no one."""
    for prefix in words("title_prefixes"):
        # 县总工会党组|副书记, 市总工会党组成员: the prefix begins the post
        if not text.endswith(prefix, start, end):
            continue
        post = _post(ctx.lex.titles).match(text, end - len(prefix))
        if post and post.end() > end:
            end -= len(prefix)
            break
    if (
        text.startswith(_heads(), start)
        or text.endswith(words("org_kind_endings"), start, end)
        or in_head_compound(list(toks), end)
    ):
        return None  # 工会组织 names no one, nor does 县属国企工会组织
    found = suffix_class(ctx, text[start:end])
    if found is None:
        return end
    head_start = end - len(found[0])
    if head_start <= start:
        return None  # the head alone: 工会
    if is_generic(text[start:end], found[0], ctx.lex.generic, toks, start, terms=True):
        return None
    if two_places(modifier_words(list(toks), start, head_start), ctx.lex):
        return None  # 甲市乙市工会: two places' unions
    return end


@rule("tagger.crf", priority=-1, batched=True)
def crf(analyses: Sequence[Analysis], ctx) -> list[list[Mention]]:
    """People, places and organisations a character CRF finds, with its confidence in each."""
    sentences = [
        (a, s.text, toks, s.start)
        for a in analyses
        for s, toks in zip(a.sentences, a.tokens, strict=True)
        if s.text.strip()
    ]
    tagged = ctx.state("tagger").tag([s[1:] for s in sentences])
    found: dict[int, list[Mention]] = {id(a): [] for a in analyses}
    for (a, text, toks, start), (labels, probs) in zip(sentences, tagged, strict=True):
        if probs is not None:
            found[id(a)] += _mentions(a.doc.text, text, toks, start, labels, probs, ctx)
    return [found[id(a)] for a in analyses]


def _mentions(
    text: str, sentence: str, toks: Sequence[Token], offset: int, labels, probs, ctx
) -> list[Mention]:
    """The mentions of the spans the CRF labelled in one sentence, cut and checked by the rules'
    knowledge of names."""
    out = []
    for start, end, kind in _joined(spans(labels), sentence):
        score = min(probs[start:end])
        a_, b_ = offset + start, offset + end
        if kind == "PER" and (b_ - a_ < 2 or text.startswith(_name_heads(ctx), b_)):
            # a lone character is a surname or a word; 某某|书吧 names a venue, a place
            venue = next((v for v in ctx.lex.venues if len(v) >= 2 and text.startswith(v, b_)), "")
            if b_ - a_ >= 2 and venue:
                out.append(
                    Mention(a_, b_ + len(venue), text[a_ : b_ + len(venue)], "Place", score=round(score, 4))
                )
            continue
        if kind == "LOC" and text[a_:b_] in word_set("place_epithets"):
            continue  # 中华优秀传统文化: an epithet of the country, not a place
        if not _balanced(text, a_, b_):
            continue  # 某某迎新春”纳福: a piece of a quoted slogan, not a name
        cut = max((m.start() for m in BREAK_MARK.finditer(text, a_, b_)), default=None)
        if cut is not None:
            a_ = cut + 1  # 某某新闻|区总工会, 基地)总工会: a name holds no such mark
            if b_ - a_ < 2:
                continue
        if kind == "ORG":
            a_ = _joined_words(_org_start(a_, b_, toks, text), toks, text, ctx)
            b_ = _org_end(text, a_, b_, toks, ctx)
            if b_ is None or b_ - a_ < 2:
                continue  # nothing left but a post's prefix (党组|成员): no name
        out.append(Mention(a_, b_, text[a_:b_], COARSE[kind], score=round(score, 4)))
    return out


define_stage(
    "tagger",
    rules=["tagger.crf"],
    requires=("sentences", "tokens"),
    provides=("mentions",),
    doc="Names a character CRF finds; the rules give them class and extent. It replaces the rules that guess.",
    replaces_guesses=True,
    factory=load_tagger,
    data=(MODEL,),
)
