"""Events: named activities ending in an event noun (…活动, …竞赛, …嘉年华), quoted names included."""

from __future__ import annotations

import re

from ..lexicons import alt, alternation, word_set, words
from ..model import Analysis, Mention
from .chunk import continues_noun, grow_left, is_generic, modifier_words, token_at
from .registry import define_stage, rule

(PART_OF,) = words("event_part_of")  # X之Y: Y is a part of the event X
JOIN = word_set("event_name_joiners") | {PART_OF} | word_set("event_scope_words")
JOIN_CHARS = frozenset(w for w in word_set("event_name_joiners") if len(w) == 1)  # 暨
IN_NAMES = frozenset({"v", "vd", "t", "a", "f"})  # 青年 is a time word; 优秀, 健康, 东部 sit in names too
MEETINGS = word_set("event_meeting_heads")
CONVENE = re.compile(f"(?:{alt('event_convene_verbs')})$")
MEETING_NAMES = IN_NAMES - {"v", "vd"}
MAX_TOKENS = 16  # event names run long: 某县焊工技能竞赛暨某某片区职工电工技能比武大赛


def only_places(words: list[str], lex) -> bool:
    places = (lex.countries, lex.world_places, lex.divisions, lex.shorts)
    return bool(words) and all(any(w in p for p in places) for w in words)


# a count right after an event's head makes the head a verb with its object (评选50个, 培训300人次)
COUNTED = re.compile(rf"[0-9一二三四五六七八九十百千两]+(?:余|多)?(?:{alt('measure_words')})")


@rule("event.headed")
def headed(a: Analysis, ctx) -> list[Mention]:
    """Phrases headed by an event noun, with their full name (首届职工艺术节之合唱比赛)."""
    heads = ctx.lex.event_nouns
    known = ctx.lex.organisation_set
    out = []
    pattern = alternation(heads)
    for s, toks in zip(a.sentences, a.tokens, strict=True):
        for m in pattern.finditer(s.text):
            head_start, end = s.start + m.start(), s.start + m.end()
            if end < s.end and s.text[m.end() : m.end() + 1] not in "”’" and continues_noun(toks, end):
                continue
            if COUNTED.match(s.text, m.end()):
                continue  # 推荐评选|50个先进集体: a verb with its object, not an event
            # event names hold verbs (健步走, 知识竞赛 is tagged v); frame verbs still end them
            extra = MEETING_NAMES if m.group() in MEETINGS else IN_NAMES
            start = grow_left(
                toks,
                head_start,
                allow_quotes=True,
                allow_words=JOIN,
                extra_pos=extra,
                max_tokens=MAX_TOKENS,
                years=True,
            )
            i = token_at(toks, start) - 1
            if a.doc.text[start : start + 1] in JOIN_CHARS and i >= 0 and toks[i].pos.startswith("v"):
                # 某工会成立|暨|第一次代表大会: one name, its verb included
                start = grow_left(toks, toks[i].start, allow_quotes=True, allow_words=JOIN, extra_pos=extra)
            name = a.doc.text[start:end]
            if name in known:
                continue  # 中国人民政治协商会议 is a body
            if "+" in name or is_generic(name, m.group(), ctx.lex.generic, toks, start):
                continue  # 党建+劳动竞赛 is a programme label (X+Y), not an activity
            if only_places(modifier_words(toks, start, head_start), ctx.lex):
                continue  # 在|美国|活动: activities somewhere, not a named event
            if start > s.start and a.doc.text[start - 1] in "“‘" and a.doc.text[end : end + 1] in "”’":
                start, end = start - 1, end + 1  # a fully quoted name keeps its quotes
                name = a.doc.text[start:end]
            if m.group() in MEETINGS and is_generic(
                name, m.group(), ctx.lex.generic, toks, start, terms=True
            ):
                # 某工会召开|第一次代表大会: a body's congress by its number alone is named with the body
                host = _host(a, start)
                if host is None:
                    continue
                out.append(Mention(start, end, name, "Event", name=host.text + name))
                continue
            out.append(Mention(start, end, name, "Event"))
    return out


def _host(a: Analysis, start: int) -> Mention | None:
    """The body that holds the meeting named at ``start``: 某工会|召开|第一次代表大会."""
    verb = CONVENE.search(a.doc.text, max(0, start - 4), start)
    if verb is None or verb.end() != start:
        return None
    return next((o for o in a.found_by("org.") if o.end == verb.start()), None)


@rule("event.part_of_name", inner=True)
def part_of_name(a: Analysis, ctx) -> list[Mention]:
    """X之Y: the larger event X named at the start of a headed event is an event too."""
    out = []
    for m in a.found_by("event.headed"):
        if PART_OF in m.text:
            left = m.text[: m.text.index(PART_OF)]
            if left.endswith(ctx.lex.event_nouns):
                out.append(Mention(m.start, m.start + len(left), left, "Event"))
    return out


define_stage(
    "events",
    rules=["event.headed", "event.part_of_name"],
    requires=("sentences", "tokens"),
    provides=("mentions",),
    doc="Named activities ending in an event noun (…活动, …竞赛, …嘉年华), quoted names included.",
)
