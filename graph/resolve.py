"""Resolve mentions to canonical names within an article: overlaps, anaphora, short forms.

`区文化局` → `顺义区文化局` (the article's district), `该公司工会` → the company last named + 工会,
`篮球比赛` → the full event name it abbreviates, `丰台` → `丰台区`. Across articles, entities with the
same (class, canonical name) are one node: resolve gives each an Entity whose IRI ``graph.ids``
mints from that key, so the RDF layer only writes what it is given.
"""

from __future__ import annotations

import bisect
import re

from .extract.chunk import ORDINAL
from .extract.overlaps import settle
from .extract.registry import define_stage, rule
from .ids import entity_iri
from .lexicons import pairs, words
from .model import ORG_CLASSES, PLACE_CLASSES, Analysis, Entity, Mention

EDITION = re.compile(rf"(?:19|20)[0-9]{{2}}年|(?:{ORDINAL.pattern})")  # 2023年, 第五届, 首届
# …网讯, …网6月27日讯: a place in a site's name, before the site's dateline
_MARK = words("site_dateline_marks")[0]
SITE = re.compile(rf"[\u4e00-\u9fff]{{0,4}}{_MARK[0]}(?:[0-9]{{1,2}}月[0-9]{{1,2}}日)?{_MARK[1:]}")
QUOTE_MARKS = re.compile(r"[“”‘’\"'「」『』《》〈〉\s]")
ANAPHORS = words("anaphor_heads")  # 该公司工会: a bare head word standing for a company named before
DISTRICT_ANAPHOR = words("anaphor_district_prefix")[0]  # 区总工会: the district named before
SHORT_FORM_LEVELS = frozenset(pairs("anaphor_levels")) | {DISTRICT_ANAPHOR}  # 市, 省, 县, 区


def clean(name: str) -> str:
    return QUOTE_MARKS.sub("", name)


def _nearest(before: int, mentions: list[Mention], cls: set[str]) -> Mention | None:
    """The last mention of a class in ``cls`` before ``before`` (``mentions`` in text order), else
    the first one after it: a bisection and a walk back, not a pass over a long article."""
    j = bisect.bisect_left(mentions, before, key=lambda m: m.start) - 1
    while j >= 0:
        if mentions[j].cls in cls:
            return mentions[j]
        j -= 1
    return next((m for m in mentions if m.cls in cls), None)


def expand_anaphora(
    m: Mention, mentions: list[Mention], suffixes: dict[str, str], lex=None, context: tuple[str, ...] = ()
) -> str:
    """`区总工会` → `<district>区总工会`; `市总工会` → `<city>总工会`; `公司工会` → `<company>工会`.
    ``context`` names the divisions the article's dateline, byline or paper names."""
    name = m.name or clean(m.text)
    if (
        m.cls in {"TradeUnion", "Organization", "Company"}
        and name.startswith(DISTRICT_ANAPHOR)
        and len(name) > 2
    ):
        district = _nearest(m.start, mentions, {"District"})
        if district:
            return (district.name or district.text) + name[1:]
        if lex is not None and (found := _level_place(m.start, name[0], "District", mentions, context, lex)):
            return found + name[1:]
    level = pairs("anaphor_levels").get(name[:1])
    # 市委 (two characters) is a short form too: a level and a body the gazetteer knows
    short = len(name) > 2 or (lex is not None and name in lex.organisations)
    if level and lex is not None and m.cls in {"TradeUnion", "Organization"} and short:
        # 市总工会, 市委: the city (province, county) the article names, or is from
        found = _level_place(m.start, name[0], level, mentions, context, lex)
        if found:
            return found + name[1:]
    for word in ANAPHORS:
        if name.startswith(word) and len(name) > len(word) and m.cls != "Company":
            # 该公司工会: the nearest company whose name ends in the same word (…公司), else any
            company = _nearest(
                m.start, [c for c in mentions if (c.name or c.text).endswith(word)], {"Company"}
            ) or _nearest(m.start, mentions, {"Company"})
            if company:
                return (company.name or company.text) + name[len(word) :]
    return name


LEVELS = ("Province", "City", "District")  # the levels a short form (省/市/县/区总工会) may stand for


def _level_place(
    pos: int, char: str, level: str, mentions: list[Mention], context: tuple[str, ...], lex
) -> str | None:
    """The division of ``level`` whose name ends in ``char`` that a short form at ``pos`` stands for:
    the one the article names nearest before it (else after it); else the one its dateline, byline
    or paper names; else the one above a place it names (夷陵区 is in 宜昌市)."""

    def fits(name: str) -> bool:
        # 嵊州市 is a county-level city: the 市 of 市总工会 is in the name, whatever the level
        d = lex.divisions.get(name)
        return d is not None and name.endswith(char) and (d.cls == level or d.cls in LEVELS)

    def full(p: Mention) -> str:  # 昌图 (in 昌图工会) is 昌图县: a short form is evidence here
        return p.name or (p.text if p.text in lex.divisions else lex.shorts.get(p.text, p.text))

    named = [p for p in mentions if p.cls in PLACE_CLASSES]
    place = _nearest(pos, [p for p in named if fits(full(p))], PLACE_CLASSES)
    if place:
        return full(place)
    found = next((n for n in context if fits(n)), None)
    if found:
        return found
    before = [full(p) for p in named if p.start < pos][::-1]
    after = [full(p) for p in named if p.start >= pos]
    for start in (*before, *after, *context):
        d, seen = lex.divisions.get(start), set()
        while d is not None and d.parent and d.parent not in seen:
            if fits(d.parent):
                return d.parent
            seen.add(d.parent)
            d = lex.divisions.get(d.parent)
    # last, the divisions the article's bodies are named after (昌图工会, 辽宁昌图经济开发区 → 昌图县)
    inside = {
        n for m in mentions if m.cls in ORG_CLASSES | {"District"} for n in _leading(m.name or m.text, lex)
    }
    found_in = sorted(n for n in inside if fits(n))
    return found_in[0] if len(found_in) == 1 else None


def _leading(name: str, lex) -> list[str]:
    """The divisions a name starts with, by full name or unambiguous short form (辽宁|昌图|经济开发区
    → 辽宁省, 昌图县)."""
    out, rest = [], name
    while rest:
        k = next(
            (k for k in range(len(rest) - 1, 1, -1) if rest[:k] in lex.divisions or rest[:k] in lex.shorts), 0
        )
        if not k:
            return out
        out.append(rest[:k] if rest[:k] in lex.divisions else lex.shorts[rest[:k]])
        rest = rest[k:]
    return out


def context_places(doc, segmenter, lex) -> tuple[str, ...]:
    """The divisions the article's dateline, bylines and paper name (本报杭州7月20日讯 → 杭州市)."""
    out: list[str] = []
    for text in (*doc.context, doc.publisher or ""):
        for t in segmenter.tokens(text) if text else ():
            name = t.word if t.word in lex.divisions else lex.shorts.get(t.word)
            if name and name not in out:
                out.append(name)
    return tuple(out)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def abbreviates(short: str, long: str, cls: str) -> bool:
    if short == long or len(short) < 3 or len(short) >= len(long):
        return False
    if long.endswith(short):
        return True
    if cls == "Event":
        return len(short) >= 6 and short[-2:] == long[-2:] and _subsequence(short, long)
    if cls == "Community":
        return short[:2] == long[:2] and short[-2:] == long[-2:] and _subsequence(short, long)
    return False


def canonical(a: Analysis, ctx) -> list[Mention]:
    """Overlaps settled, anaphora (区…, 该公司…) expanded, abbreviations of names said in full."""
    # a place in a site's name (江南网讯, 某某家园网讯) names the site, not a place the article is about
    mentions = [
        m
        for m in settle(a.mentions, ctx.lex)
        if not (m.cls in PLACE_CLASSES and SITE.match(a.doc.text, m.end))
    ]
    context = context_places(a.doc, ctx.segmenter, ctx.lex)
    named = []
    for m in mentions:
        name = expand_anaphora(m, mentions, ctx.lex.org_suffixes, ctx.lex, context)
        named.append(m if name == m.name else m.named(name))
    # an anaphor with nothing to point at (区总工会 with no district, 公司工会 with no company) names no one
    named = [
        m
        for m in named
        if not m.name.startswith((DISTRICT_ANAPHOR, *ANAPHORS)) or m.cls in ("District", "Company")
    ]
    # a name and what it abbreviates end alike (abbreviates asks that of each kind): grouping the
    # names by class and last two characters keeps this linear in the article's length
    by_tail: dict[tuple[str, str], set[str]] = {}
    for m in named:
        by_tail.setdefault((m.cls, m.name[-2:]), set()).add(m.name)
    full: dict[tuple[str, str], str | None] = {}
    out = []
    for m in named:
        key = (m.cls, m.name)
        if key not in full:
            longer = [n for n in by_tail[(m.cls, m.name[-2:])] if abbreviates(m.name, n, m.cls)]
            full[key] = min(longer, key=lambda n: (-len(n), n)) if longer else None
        out.append(m.named(full[key]) if full[key] else m)
    return out


@rule("resolve.entities")
def entities(a: Analysis, ctx) -> list[Entity]:
    """One entity per (class, canonical name), with its mentions and aliases; bylines are people."""
    by_key: dict[tuple[str, str], list[Mention]] = {}
    canonical_ms = canonical(a, ctx)
    for m in canonical_ms:
        by_key.setdefault(m.key, []).append(m)
    for b in a.doc.bylines:
        by_key.setdefault(("Person", b.name), [])
    bodies = _post_bodies(a, canonical_ms, ctx)
    starts = [m.start for m in canonical_ms]  # in text order, for _one_event's bisection
    out = []
    for (cls, name), ms in by_key.items():
        aliases = dict.fromkeys(alias for m in ms if (alias := clean(m.text)) and alias != name)
        code, within = _in_the_tree(cls, name, ctx.lex)
        # an event in general terms, or a short form (市总工会) no context resolved, is this article's
        local = (cls == "Event" and not _one_event(name, ms, canonical_ms, starts)) or _unresolved(
            cls, name, ctx.lex
        )
        scope = a.doc.id if local else ""
        if cls == "Person":
            scope = bodies.get(name) or a.doc.id
        iri = entity_iri(cls, name, scope)
        out.append(Entity(iri, cls, name, tuple(aliases), tuple(ms), code=code, within=within))
    return out


def _post_bodies(a: Analysis, mentions: list[Mention], ctx) -> dict[str, str]:
    """Each person's body: the first organisation the article names them with a post in. People
    with one name are one node only in one body (two articles' 王伟 are two people, unless both
    are 某区总工会's 王伟); without a post, a person is their article's."""
    from .extract.memberships import bodies, posts, title_run

    run = title_run(ctx.lex.titles)
    orgs = bodies([m for m in mentions if m.cls in ORG_CLASSES])
    out: dict[str, str] = {}
    for p in mentions:
        if p.cls == "Person" and p.name not in out:
            start = a.sentences[a.sentence_of(p.start)].start if a.sentences else 0
            for _, org in posts(a.doc.text, start, p.start, orgs, run):
                out[p.name] = org.name or org.text
                break
    return out


def _unresolved(cls: str, name: str, lex) -> bool:
    """A body named by a short form the article's context did not resolve (市总工会, 区委): which
    city's is not known, so it is no node another article's 市总工会 can share. (市中区总工会 names
    its district.)"""
    if cls not in ORG_CLASSES or name[:1] not in SHORT_FORM_LEVELS:
        return False
    return not any(name[:k] in lex.divisions or name[:k] in lex.shorts for k in range(2, min(len(name), 8)))


def _one_event(name: str, ms: list[Mention], mentions: list[Mention], starts: list[int]) -> bool:
    """Whether an event's name makes it one event wherever it is named: a year (2023年), an edition
    (第五届, 首届), or a body or place named in it (某区总工会第一次代表大会). 职工联谊会 in two
    articles is two events."""
    if EDITION.search(name):
        return True
    for m in ms:  # only the mentions inside each of its mentions are read (``starts``: theirs)
        for o in mentions[bisect.bisect_left(starts, m.start) : bisect.bisect_left(starts, m.end)]:
            if o.cls != "Event" and o.end <= m.end:
                return True
    return False


def _in_the_tree(cls: str, name: str, lex) -> tuple[str, tuple[str, ...]]:
    """A division's code and the divisions above it, to the province (西湖区 is shared by two
    cities: it has neither)."""
    d = lex.divisions.get(name) if cls in ("Place", "District", "Subdistrict") else None
    if d is None:
        return "", ()
    above: list[str] = []
    while d.parent in lex.divisions and d.parent not in above:
        above.append(d.parent)
        d = lex.divisions[d.parent]
    return lex.divisions[name].code, tuple(above)


define_stage(
    "resolve",
    rules=["resolve.entities"],
    requires=("mentions",),
    provides=("entities",),
    doc="Canonical entities: overlaps settled, anaphora and short forms resolved, aliases gathered.",
)
