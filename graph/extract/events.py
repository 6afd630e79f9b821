"""Events: named activities ending in an event noun (…活动, …竞赛, …嘉年华), quoted names included."""

from __future__ import annotations

from ..lexicons import alternation, word_set, words
from ..model import Analysis, Mention
from . import stage
from .chunk import continues_noun, grow_left, is_generic, modifier_words

(PART_OF,) = words("event_part_of")  # X之Y: Y is a part of the event X
JOIN = word_set("event_name_joiners") | {PART_OF}
VERBS = frozenset({"v", "vd", "t"})  # 青年 is tagged as a time word


def only_places(words: list[str], lex) -> bool:
    places = (lex.countries, lex.world_places, lex.divisions, lex.shorts)
    return bool(words) and all(any(w in p for p in places) for w in words)


@stage("events", requires=("tokens",), provides=("events",))
def events(a: Analysis, ctx) -> None:
    """Phrases headed by an event noun, with their full name (首届职工艺术节之合唱比赛)."""
    heads = ctx.lex.event_nouns
    pattern = alternation(heads)
    for s, toks in zip(a.sentences, a.tokens, strict=True):
        for m in pattern.finditer(s.text):
            head_start, end = s.start + m.start(), s.start + m.end()
            if end < s.end and s.text[m.end() : m.end() + 1] not in "”’" and continues_noun(toks, end):
                continue
            # event names hold verbs (健步走, 知识竞赛 is tagged v); frame verbs still end them
            start = grow_left(toks, head_start, allow_quotes=True, allow_words=JOIN, extra_pos=VERBS)
            name = a.doc.text[start:end]
            if "+" in name or is_generic(name, m.group(), ctx.lex.generic, toks, start):
                continue  # 党建+劳动竞赛 is a programme label (X+Y), not an activity
            if only_places(modifier_words(toks, start, head_start), ctx.lex):
                continue  # 在|美国|活动: activities somewhere, not a named event
            if start > s.start and a.doc.text[start - 1] in "“‘" and a.doc.text[end : end + 1] in "”’":
                start, end = start - 1, end + 1  # a fully quoted name keeps its quotes
                name = a.doc.text[start:end]
            a.mentions.append(Mention(start, end, name, "Event", "events"))
            # X之Y: the larger event X is an event too
            if PART_OF in name:
                left = name[: name.index(PART_OF)]
                if any(left.endswith(h) for h in heads):
                    a.mentions.append(Mention(start, start + len(left), left, "Event", "nested"))
