"""The one place where overlapping mentions are settled (spaCy's ``filter_spans``, with ranks).

The policy, in order:

1. **Same span, same class.** Several rules may find one span as one class: it is one mention.
   It keeps the id of the rule with the highest ``priority``; on a tie, the rule that ran later
   (later rules refine earlier ones: ``org.nested`` runs after the rules whose names it reads).
2. **Crossing spans.** Mentions are ranked by length (longer first), then by their rule's
   ``priority``, then by position and class. A mention is kept when no kept mention crosses it.
3. **Kept inside.** Some mentions are kept inside a longer one on purpose: those from a rule
   registered ``inner=True`` (a name inside a name: 北京城建集团 in 北京城建集团第三分公司), a
   District, Subdistrict or Community wholly inside the only names that cross it (密云区 in
   密云区总工会), and
   any name inside an event's name only (欧盟 in 欧盟首脑会议).

Before that, spans of a learned tagger (rules whose id starts ``tagger.``) are **merged** with the
rules' (``merge``): the rules refine them, the tagger adds what no rule found.

- a tagger span that a rule found too (same extent), or that lies inside a longer name a rule
  found, is the rule's: the rule gives the class and the extent;
- any other tagger span gets its class from the lexicons (an organisation ending in 总工会 is a
  TradeUnion, in 公司 a Company; a place the division lexicon knows is a District or Subdistrict,
  a 社区 or 村 a Community; otherwise Person, Place or Organization) and is kept when the tagger's
  confidence clears ``THRESHOLD`` (chosen on People's Daily dev; see the README);
- it then takes part in the ranking like any rule's span, with the tagger's (lower) priority.

Nothing here depends on the order stages run in.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from itertools import accumulate

from ..lexicons import alt, chars, pairs, words
from ..model import ORG_CLASSES, Mention
from .registry import RULES

# a district, township or community named inside a body's name counts (东门社区 in 东门社区工会联合会)
KEEP_INSIDE = frozenset({"District", "Subdistrict", "Community"})


def _priority(m: Mention) -> int:
    r = RULES.get(m.rule)
    return r.priority if r else 0


def _inner(m: Mention) -> bool:
    r = RULES.get(m.rule)
    return bool(r and r.inner)


THRESHOLD = 0.6  # a tagger span no rule found is kept when its confidence reaches this
UNION_HEADS = tuple(words("relation_union_heads"))
DEPARTMENTS = tuple(words("org_department_heads"))
PLACE_END_CHARS = frozenset(chars("place_final_chars"))  # 市 区 路 寺 楼 园 口 …
PLACE_ENDS = tuple(words("venues")) + tuple(pairs("division_heads"))  # 广场, 体育馆, 街道, 社区 …
DEPARTMENT = re.compile(rf"(?:{alt('org_company_ends')})([\u4e00-\u9fff]{{1,3}}(?:{'|'.join(DEPARTMENTS)}))$")


def refine(m: Mention, lex) -> Mention:
    """A tagger span's class from the lexicons: the rules' knowledge of heads and divisions."""
    text = m.text
    if m.cls == "Organization":
        if text.endswith(words("union_unit_heads")) and any(h in text for h in UNION_HEADS):
            return replace(m, cls="TradeUnion")  # …工会小组, …工会…分会: the union's own units
        # a venue's head longer than the body's (某某|书院 over 院) makes a place
        venue = max((len(v) for v in lex.venues if text.endswith(v)), default=0)
        for k in lex.org_suffix_lengths:
            cls = lex.org_suffixes.get(text[-k:])
            if cls and len(text) > k:
                return replace(m, cls="Place" if venue > k else cls)
        if venue >= 2 and len(text) > venue:
            return replace(m, cls="Place")  # 某某书院, 某某广场: no body's head, a venue's
    elif m.cls == "Place":
        name = text if text in lex.divisions else lex.shorts.get(text)
        if name:
            cls = lex.divisions[name].cls
            return replace(m, cls=cls if cls in ("District", "Subdistrict") else "Place", name=name)
        head = next((h for h in pairs("division_heads") if text.endswith(h)), None)
        if head and len(text) > len(head) + 1:
            return replace(m, cls=pairs("division_heads")[head])  # 某某区, 某某镇, 某某社区
    return m


def merge(mentions: list[Mention], lex, threshold: float | None = None) -> list[Mention]:
    """The rules' mentions, and the tagger's spans that the rules neither found nor hold."""
    threshold = THRESHOLD if threshold is None else threshold
    tagged = [m for m in mentions if m.rule.startswith("tagger.")]
    if not tagged:
        return mentions
    rules = [m for m in mentions if not m.rule.startswith("tagger.")]
    spans = {(m.start, m.end) for m in rules}
    # a tagger span inside an event's name is a name of its own (欧盟 in 欧盟首脑会议), not the event's
    ordered = sorted((m for m in rules if m.cls != "Event"), key=lambda m: m.start)
    starts = [m.start for m in ordered]
    reach = list(accumulate((m.end for m in ordered), max))  # the furthest end of a span begun so far
    out = list(rules)
    named = {m.name or m.text for m in rules}
    companies = {m.start: m for m in sorted(rules, key=lambda m: m.end) if m.cls == "Company"}
    for t in tagged:
        if (t.start, t.end) in spans or t.score < threshold:
            continue
        c = companies.get(t.start)
        if c is not None and c.end < t.end <= c.end + 4 and t.text.endswith(DEPARTMENTS):
            continue  # 某公司|技术部, 某公司|总部: a company's department, the company the entity
        dept = DEPARTMENT.search(t.text)
        if t.cls == "Organization" and dept:  # a name the rules missed: the company, without its department
            t = replace(t, end=t.start + dept.start(1), text=t.text[: dept.start(1)])
        i = bisect_right(starts, t.start) - 1
        if i >= 0 and reach[i] >= t.end:
            continue  # inside a longer name a rule found: that rule gives class and extent
        if t.cls == "Place":
            t = _division_only(t, lex)  # 宁夏|某某快运: the place is the division, not the company after it
        found = refine(t, lex)
        short = found.name and found.name != t.text and found.cls in ("District", "Subdistrict")
        if short and found.name not in named:
            # 滨江 (绿化带) is 滨江区 only where the article names 滨江区 too: else a place by that name
            found = replace(t, cls="Place")
        out.append(found)
    return out


def _division_only(t: Mention, lex) -> Mention:
    """A tagger place that starts with a division's name and goes on with no place's head after it
    (宁夏某某快运) is that division (宁夏); one that ends in a head (栎社国际机场, 某某路) stays whole."""
    text = t.text
    k = next(
        (k for k in range(len(text) - 1, 1, -1) if text[:k] in lex.divisions or text[:k] in lex.shorts), 0
    )
    if not k or text.endswith(PLACE_ENDS) or text[-1] in PLACE_END_CHARS:
        return t
    return replace(t, end=t.start + k, text=text[:k])


def _heads(m: Mention, inside: list[Mention]) -> bool:
    """An organisation a rule found at the start of a longer name only the tagger found (某公司 in
    某公司技术部): the rule knows where that body's name ends, the tagger what it belongs to."""
    return (
        m.cls in ORG_CLASSES
        and not m.rule.startswith("tagger.")
        and all(t.rule.startswith("tagger.") and t.start == m.start for t in inside)
    )


def _crossing(top: list[Mention], starts: list[int], m: Mention) -> list[Mention]:
    """The mentions of ``top`` (apart, sorted by start) that overlap ``m``."""
    i = max(bisect_right(starts, m.start) - 1, 0)
    out = []
    while i < len(top) and top[i].start < m.end:
        if m.start < top[i].end:
            out.append(top[i])
        i += 1
    return out


def _named_in_event(m: Mention, inside: list[Mention], heads: frozenset[str] = frozenset()) -> bool:
    """A body, place or person named inside an event's name (欧盟 in 欧盟首脑会议, 某工会 in
    某工会第一次代表大会) is named all the same; but not a tagger's name that runs up to the
    event's head (某某技能比武|大赛): that is the event's own name."""
    if m.cls == "Event" or not all(t.cls == "Event" for t in inside):
        return False
    if not m.rule.startswith("tagger."):
        return True
    for t in inside:
        before = t.text[: m.start - t.start]
        if t.text[m.end - t.start :] in heads or before.count("“") > before.count("”"):
            return False  # …比武|大赛, or a word of a quoted campaign name (“点亮微心愿”助学活动)
    return True


def settle(mentions: list[Mention], lex=None) -> list[Mention]:
    """The mentions that survive the policy above, in text order (start, end, class)."""
    if lex is not None:
        mentions = merge(mentions, lex)
    heads = lex.event_noun_set if lex is not None else frozenset()
    unique: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        key = (m.start, m.end, m.cls)
        old = unique.get(key)
        if old is None or _priority(m) >= _priority(old):
            unique[key] = m
    ordered = sorted(unique.values(), key=lambda m: (-(m.end - m.start), -_priority(m), m.start, m.cls))
    top: list[Mention] = []  # kept at the top level: they never overlap, so sorted by start
    starts: list[int] = []  # their starts, for bisection (a long article has thousands of names)
    districts: list[Mention] = []  # Districts kept, for the city named inside one (湖州 in 湖州高新区)
    kept: list[Mention] = []
    for m in ordered:
        crossing = _crossing(top, starts, m)
        inside = [t for t in crossing if t.start <= m.start and m.end <= t.end]
        if _inner(m) or (
            inside
            and len(inside) == len(crossing)
            and (
                m.cls in KEEP_INSIDE
                or _heads(m, inside)
                or _named_in_event(m, inside, heads)
                # 湖州 in 湖州高新区(总工会): the city a development zone is named after
                or (m.cls == "Place" and any(k.start <= m.start and m.end <= k.end for k in districts))
            )
        ):
            kept.append(m)
            if m.cls == "District":
                districts.append(m)
        elif not crossing:
            i = bisect_right(starts, m.start)
            starts.insert(i, m.start)
            top.insert(i, m)
            kept.append(m)
            if m.cls == "District":
                districts.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.cls))
