"""Relations between resolved entities: who organised, co-organised, hosted and joined an event,
and what names say by their shape (密云区总工会 locatedIn 密云区, X分公司 subOrganizationOf X)."""

from __future__ import annotations

import re

from ..lexicons import alt, chars, word_set, words
from ..model import ORG_CLASSES, PLACE_CLASSES, Analysis, Fact, Mention
from .orgs import suffix_class
from .registry import define_stage, rule

# The words are in graph/lexicons/relation_*.txt; a file's order is its alternation's order.
ADVERBS = rf"(?:{alt('relation_adverbs')})*"
HOST = re.compile(rf"^{ADVERBS}(?:{alt('relation_joint_words')})?({alt('relation_host_verbs')})")
COHOST = re.compile(rf"^{ADVERBS}({alt('relation_cohost_verbs')})")
AT = word_set("relation_locative_words")  # 在
# the union (在X)(组织)开展/举办 E; a place phrase may sit between subject and verb
SUBJECT = re.compile(
    rf"^{ADVERBS}(?:(?:{alt('relation_locative_words')}|{alt('relation_benefactive_words')})[^,，。;；]{{1,30}}?)?"
    rf"{ADVERBS}(?:{alt('relation_subject_verbs')})"
)
HELD = re.compile(
    rf"^(?:{alt('relation_place_postpositions')})?[\u4e00-\u9fff]{{0,3}}?({alt('relation_held_verbs')})"
)
# 来到X, 到A、B、C: the places of a list after a verb of going, each a place the event went to
GOING = word_set("relation_go_to_verbs")
GO_TO = re.compile(
    rf"(?:{alt('relation_go_to_verbs')})(?:[^,，。;；]{{1,12}}?[{chars('relation_coordinators')}])*"
    rf"[\u4e00-\u9fff]{{0,6}}$"
)
EVENT_REF = re.compile(rf"(?:{alt('relation_event_ref_determiners')})(?:{alt('relation_event_ref_nouns')})")
COORD = re.compile(rf"^[{chars('relation_coordinators')}]$")
JOINT = word_set("relation_joint_words")  # A联合B: the two do it together
UNION_HEADS = words("relation_union_heads")
BRANCH = "分会"  # a union's branch: 某局工会某中心分会
SUBUNIT_TAIL = re.compile(rf"[\u4e00-\u9fff0-9]{{1,6}}(?:{alt('relation_subunit_words')})$")


def top_level(a: Analysis) -> list[Mention]:
    """Mentions not nested in a longer one (the ones the sentence is written with)."""
    out: list[Mention] = []
    for m in sorted(a.resolved(), key=lambda m: (m.start, -m.end)):
        if out and out[-1].start <= m.start and m.end <= out[-1].end:
            continue
        out.append(m)
    return out


def groups(ms: list[Mention], text: str) -> list[list[Mention]]:
    """Runs of organisations joined by 、/和/与/及 or 联合 (A、B主办, A联合B开展: two organisers)."""
    out: list[list[Mention]] = []
    for m in ms:
        if m.cls not in ORG_CLASSES:
            continue
        between = text[out[-1][-1].end : m.start] if out else ""
        if out and (COORD.match(between) or between in JOINT):  # A、B主办; A联合B开展
            out[-1].append(m)
        else:
            out.append([m])
    return out


def event_facts(a: Analysis, ms_by_sentence: list[list[Mention]], count) -> list[Fact]:
    text, facts = a.doc.text, []
    last_event: Mention | None = None
    for i, (s, ms) in enumerate(zip(a.sentences, ms_by_sentence, strict=True)):
        events = [m for m in ms if m.cls == "Event"]
        refs = [m.start() + s.start for m in EVENT_REF.finditer(s.text)]
        for g in groups(ms, text):
            after = text[g[-1].end : s.end]
            role, targets = None, []
            later = [e for e in events if e.start >= g[-1].end]
            if HOST.match(after) or COHOST.match(after):
                role = "organizer" if HOST.match(after) else "coOrganizer"
                if later:
                    targets = later[:1]
                elif any(r < g[0].start for r in refs) and last_event:
                    targets = [last_event]  # 本次赛事由A主办: the event the article is about
            elif SUBJECT.match(after):
                role = "organizer"
                nxt = [h[0].start for h in groups(ms, text) if h[0].start > g[-1].end]
                stop = nxt[0] if nxt else s.end
                targets = [e for e in later if e.start < stop]
            for e in targets:
                facts += [Fact(e.key, role, o.key, i) for o in g]
        facts += sentence_subject(a, i, ms, events, facts)
        facts += places_of_events(a, i, ms, events, count)
        facts += participants(a, i, ms, events)
        if events:
            last_event = events[0] if any(e.name == events[0].name for e in events) else events[-1]
    return facts


MONTH, DAY = map(re.escape, words("relation_date_marks"))  # 月, 日
OPENER = re.compile(
    rf"^(?:{alt('relation_openers')}|[0-9]+{MONTH}[0-9]+{DAY}(?:(?:{alt('relation_range_marks')})[0-9]+{DAY})?)?[,，]?$"
)
FRAMING = re.compile(rf"(?:{alt('relation_framing_verbs')})(?:{alt('relation_perfective_particles')})?$")


def sentence_subject(
    a: Analysis, i: int, ms: list[Mention], events: list[Mention], known: list[Fact]
) -> list[Fact]:
    """`X走进Y,开展E`: the organisation a sentence opens with organises what the sentence 开展s."""
    text, s = a.doc.text, a.sentences[i]
    orgs = [m for m in ms if m.cls in ORG_CLASSES]
    if not orgs or not OPENER.match(text[s.start : orgs[0].start]):
        return []
    subjects = groups(ms, text)[0]  # 某总工会联合某医院…开展E: both organise it
    organised = {f.subject for f in known if f.prop in ("organizer", "coOrganizer")}
    out = []
    for e in events:
        if (
            e.start > subjects[-1].end
            and e.key not in organised
            and FRAMING.search(text[s.start : e.start])
            and not [o for o in orgs[len(subjects) :] if o.end <= e.start]
        ):
            out += [Fact(e.key, "organizer", o.key, i, "relation.opener") for o in subjects]
    return out


def places_of_events(a: Analysis, i: int, ms: list[Mention], events: list[Mention], count) -> list[Fact]:
    text, s, out = a.doc.text, a.sentences[i], []
    # 在某市|某县|开展: places side by side after 在 are one place, the last the most precise
    places = {m.start: m for m in ms if m.cls in PLACE_CLASSES}
    led = {m.start for m in ms if text[m.start - 1 : m.start] in AT}
    for m in sorted(places.values(), key=lambda m: m.start):
        if m.start in led and m.end in places:
            led.add(m.end)
    for p in ms:
        if p.cls not in PLACE_CLASSES | ORG_CLASSES:
            continue
        if p.cls in PLACE_CLASSES and p.start in led and p.end in places:
            continue  # 在|某市|某县: the county is where it happens
        before = [e for e in events if e.end <= p.start]
        after = [e for e in events if e.start >= p.end]
        held = p.start in led and HELD.match(text[p.end : s.end])
        verb = GO_TO.search(text, s.start, p.start)
        went = (
            verb is not None
            and _goes(text, verb.start(), count)  # 到, not the end of 得到
            and all(_listed(m, ms, text) for m in ms if verb.start() <= m.start < p.start)
        )
        if held or went:
            target = before[-1] if before else (after[0] if after else None)
            if target:
                out.append(Fact(target.key, "location", p.key, i, "relation.venue"))
    return out


def _goes(text: str, pos: int, count) -> bool:
    """The verb of going at ``pos`` is one (到), not the end of a word the dictionary knows (得到)."""
    return pos == 0 or count(text[pos - 1 : pos + 1]) == 0 or text[pos - 1 : pos + 1] in GOING


def _listed(m: Mention, ms: list[Mention], text: str) -> bool:
    """A place of a list (到A、B、C): a place followed by a coordinator."""
    return m.cls in PLACE_CLASSES and bool(COORD.match(text[m.end : m.end + 1]))


# 来自A、B等单位的 (a list of organisations), read only when 参与/参加… follows
FROM_LIST = re.compile(
    rf"(?:{alt('relation_source_words')})(.+?)(?:{alt('relation_list_enders')})?"
    rf"(?:{alt('relation_attributive_particles')}|(?=(?:{alt('relation_count_openers')})?[0-9一二三四五六七八九十两百千]))"
)
TOOK_PART = re.compile(alt("relation_participation_verbs"))
EACH = word_set("relation_each_words")  # 各


def participants(a: Analysis, i: int, ms: list[Mention], events: list[Mention]) -> list[Fact]:
    """来自A、B、C等单位的…参与: A, B, C took part (A各单位 is A's own units: skipped)."""
    text, s, out = a.doc.text, a.sentences[i], []
    for m in FROM_LIST.finditer(s.text):
        if not TOOK_PART.search(s.text[m.end() :]):
            continue
        lo, hi = s.start + m.start(1), s.start + m.end(1)
        event = [e for e in events if e.end <= lo] or events
        if not event:
            continue
        for o in ms:
            if o.cls in ORG_CLASSES and lo <= o.start and o.end <= hi and text[o.end : o.end + 1] not in EACH:
                out.append(Fact(event[-1].key, "participant", o.key, i, "relation.participant"))
    return out


SUB_EVENT = words("relation_subevent_marks")[0]  # 之: X之Y is a part of X


@rule("relation.names", also=("relation.gazetteer",))
def name_facts(a: Analysis, ctx) -> list[Fact]:
    """What names say: a district union is located in its district, a branch belongs to its parent."""
    first: dict[tuple[str, str], int] = {}
    for m in a.resolved():
        first.setdefault(m.key, a.sentence_of(m.start))
    orgs = {k[1]: k for k in first if k[0] in ORG_CLASSES}
    places = {k[1] for k in first if k[0] in PLACE_CLASSES}
    # an event whose name opens with an organisation's (某工会第一次代表大会, 某公司职工运动会): the
    # organisation's mention is inside the event's, so it is read from what the rules found
    by_name = {n: e.key for e in a.entities if e.cls in ORG_CLASSES for n in (e.label, *e.aliases)}
    named_by = {}
    orgs_at: dict[int, list[Mention]] = {}
    for o in a.mentions:
        # a name only the tagger saw inside an event's (主席团|会议) is the event's own word unless
        # the article names that body elsewhere
        if o.cls in ORG_CLASSES and (o.rule != "tagger.crf" or (o.name or o.text) in by_name):
            orgs_at.setdefault(o.start, []).append(o)
    for e in a.resolved():
        if e.cls == "Event":
            inner = [o for o in orgs_at.get(e.start, ()) if o.end < e.end]
            if inner:
                o = max(inner, key=lambda o: o.end)
                named_by[e.key] = by_name.get(o.name or o.text, (o.cls, o.name or o.text))
    zones = {k[1] for k in first if k[0] == "District" and k[1] not in ctx.lex.divisions}  # 某某高新区
    communities = sorted((k[1] for k in first if k[0] == "Community"), key=len, reverse=True)
    facts = []
    for key, i in first.items():
        cls, name = key
        if cls == "Subdistrict":
            d = ctx.lex.divisions.get(name)
            above = d.parent if d else ""
            if d and not above:  # 城关镇 names 88 towns: the one whose county the article names
                named = [c for c in ctx.lex.candidates.get(name, ()) if c in places]
                above = named[0] if len(named) == 1 else ""
            parent = ctx.lex.divisions.get(above)
            if parent:  # a town under a city without counties (东莞) is part of a Place
                pcls = parent.cls if parent.cls in ("District", "Subdistrict") else "Place"
                facts.append(Fact(key, "partOf", (pcls, above), i, "relation.gazetteer"))
        if cls in ORG_CLASSES | {"Community"}:
            place = seat(name, ctx.lex.divisions, zones)
            inner = _community(name, communities) if cls in ORG_CLASSES else None
            if inner:  # 某某社区工联会 is located in its community
                facts.append(Fact(key, "locatedIn", ("Community", inner), i, "relation.names"))
            elif place:
                prop = "partOf" if cls == "Community" else "locatedIn"
                pcls = ctx.lex.divisions[place].cls if place in ctx.lex.divisions else "District"
                facts.append(Fact(key, prop, (pcls, place), i, "relation.names"))
            elif cls == "TradeUnion" and (city := region(name, ctx.lex.divisions)):
                # 泰安市总工会, 山西省总工会: a city's or province's union is located in it
                facts.append(Fact(key, "locatedIn", ("Place", city), i, "relation.names"))
        if cls == "TradeUnion":
            head = next((h for h in UNION_HEADS if name.endswith(h)), "")
            if not head and name.endswith(BRANCH) and "工会" in name:
                head = BRANCH  # 某局工会某中心|分会
            body = name[: len(name) - len(head)]
            if head and "工会" in body:  # 某局工会|某中心分会: a branch of the bureau's union
                body = body[: body.index("工会")]
            if SUBUNIT_TAIL.search(body):  # a workshop union organises its company's workers
                parents = [n for n in orgs if body.startswith(n) and n != body and orgs[n][0] == "Company"]
                body = max(parents, key=len) if parents else body
            named = suffix_class(ctx, body) if body not in orgs and head else None
            if body in orgs and orgs[body][0] != "TradeUnion":
                facts.append(Fact(key, "unionOf", orgs[body], i, "relation.names"))
            elif named and named[1] != "TradeUnion" and len(body) > len(named[0]) + 1:
                # 某中心工会委员会: the body its name holds, though the article names it only there
                facts.append(Fact(key, "unionOf", (named[1], body), i, "relation.names"))
        elif cls in ORG_CLASSES:
            # 某公司技术部 belongs to 某公司, 某区总工会职工服务中心 to 某区总工会
            parents = [n for n in orgs if name.startswith(n) and n != name]
            if parents:
                facts.append(Fact(key, "subOrganizationOf", orgs[max(parents, key=len)], i, "relation.names"))
        if cls == "Event" and key in named_by:  # 某某工会第一次代表大会: the union's own congress
            facts.append(Fact(key, "organizer", named_by[key], i, "relation.names"))
        if cls == "Event" and SUB_EVENT in name:
            parent = name[: name.index(SUB_EVENT)]
            if ("Event", parent) in first:
                facts.append(Fact(key, "subEventOf", ("Event", parent), i, "relation.names"))
    facts += _chained(a, ctx)
    return facts


def _chained(a: Analysis, ctx) -> list[Fact]:
    """某镇某某社区, 某区某某街道: a community or township named straight after the division it is
    in is part of it (when the gazetteer does not already say where it is)."""
    out = []
    by_end = {m.end: m for m in a.resolved() if m.cls in ("District", "Subdistrict")}
    for m in a.resolved():
        d = by_end.get(m.start)
        if d is None or m.cls not in ("Subdistrict", "Community") or m.cls == d.cls:
            continue
        known = ctx.lex.divisions.get(m.name or m.text)
        if known is not None and known.parent:
            continue  # the gazetteer's parent stands
        out.append(Fact(m.key, "partOf", d.key, a.sentence_of(m.start), "relation.names"))
    return out


def seat(name: str, divisions, zones: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The most specific district or subdistrict a name starts with (石景山区八角街道总工会 → 八角街道;
    衢州市衢江区某工会 → 衢江区: a city or province before it is passed over); ``zones`` are the
    article's development zones (湖州高新区总工会 → 湖州高新区)."""
    place, rest = None, name
    while True:
        prefix = next(
            (rest[:k] for k in range(len(rest) - 1, 1, -1) if rest[:k] in divisions or rest[:k] in zones),
            None,
        )
        if prefix is None:
            return place
        if prefix in zones or divisions[prefix].cls in ("District", "Subdistrict"):
            place = prefix
        rest = rest[len(prefix) :]


def _community(name: str, communities: list[str]) -> str | None:
    """The community a body's name places it in (某区某某社区工会联合会 → 某某社区), longest first."""
    return next((c for c in communities if c in name and not name.endswith(c)), None)


def region(name: str, divisions) -> str | None:
    """The city or province a name starts with (泰安市总工会 → 泰安市), the longest one."""
    return next(
        (
            name[:k]
            for k in range(len(name) - 1, 1, -1)
            if name[:k] in divisions and divisions[name[:k]].cls in ("City", "Province")
        ),
        None,
    )


@rule("relation.event_role", also=("relation.opener", "relation.venue", "relation.participant"))
def event_roles(a: Analysis, ctx) -> list[Fact]:
    """Who organised (主办, 举办), co-organised (承办) and joined an event, and where it was held,
    read from the sentences that name them."""
    by_sentence: list[list[Mention]] = [[] for _ in a.sentences]
    for m in top_level(a):
        by_sentence[a.sentence_of(m.start)].append(m)
    return event_facts(a, by_sentence, ctx.segmenter.count)


define_stage(
    "relations",
    rules=["relation.event_role", "relation.names"],
    requires=("entities",),
    provides=("facts",),
    doc="organizer, coOrganizer, location, participant from sentences; locatedIn, partOf, unionOf, "
    "subOrganizationOf, subEventOf from names and the gazetteer.",
)
