"""Memberships: `东城区人大常委会党组副书记、副主任,东城区总工会主席李明` gives three."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from ..lexicons import alt, trie
from ..model import ORG_CLASSES, Analysis, Membership, Mention
from .people import TITLE_PREFIX
from .registry import define_stage, rule


@cache
def post_run(titles: tuple[str, ...]) -> re.Pattern:
    """A run of post titles joined by 、 (党组书记、常务副主席, 技术部长、总工程师)."""
    # a department's post: 技术部长, 研发部主任 (one to four characters of the department's name)
    department = (
        rf"[\u4e00-\u9fff]{{1,4}}?(?:{alt('title_department_units')})(?:{alt('title_department_heads')})"
    )
    title = rf"(?:{TITLE_PREFIX}(?:{trie(titles)})|{department})"
    return re.compile(rf"(?:{title})(?:、(?:{title}))*")


@cache
def title_run(titles: tuple[str, ...]) -> re.Pattern:
    """A run of post titles ending where the text searched ends (before a person's name)."""
    return re.compile(post_run(titles).pattern + "$")


class Bodies(NamedTuple):
    """The organisations an article names, in text order, indexed for the posts before a name."""

    orgs: list[Mention]
    starts: list[int]
    longest: int


def bodies(orgs: list[Mention]) -> Bodies:
    return Bodies(orgs, [o.start for o in orgs], max((o.end - o.start for o in orgs), default=0))


def posts(
    text: str, start: int, person: int, known: Bodies, run: re.Pattern
) -> Iterator[tuple[str, Mention]]:
    """(role, organisation) of each title in the run before the person named at ``person``, in a
    sentence beginning at ``start``."""
    end = person
    while end > start:
        m = run.search(text, start, end)
        if not m or m.end() != end:
            return
        # the body ends where the run starts, or inside its first title's prefix: 镇党委|副书记
        # (党委 is the body's), 县政府|党组成员 (党组 is the post's: no body ends there); only a body
        # that starts at most the longest name's length before the run can (a bisection, not a pass)
        near = known.orgs[
            bisect_left(known.starts, m.start() - known.longest) : bisect_left(known.starts, m.start())
        ]
        org = max(
            (o for o in near if m.start() <= o.end < m.end() and run.fullmatch(text, o.end, m.end())),
            key=lambda o: (o.end, o.end - o.start),
            default=None,
        )
        if org is None:
            return
        for role in text[org.end : m.end()].split("、"):
            yield role, org
        end = org.start - 1  # 副主任,东城区总工会主席: the run before the comma
        if end < start or text[end] not in ",，、;；":
            return


@rule("membership.title_run")
def title_runs(a: Analysis, ctx) -> list[Membership]:
    """Each title in the run before a person's name, with the organisation named before it."""
    run = title_run(ctx.lex.titles)
    resolved = a.resolved()
    orgs = bodies([m for m in resolved if m.cls in ORG_CLASSES])
    out, seen = [], set()
    for p in (m for m in resolved if m.cls == "Person"):
        i = a.sentence_of(p.start)
        for role, org in posts(a.doc.text, a.sentences[i].start, p.start, orgs, run):
            key = (p.key, role, org.key)
            if key not in seen:
                seen.add(key)
                out.append(Membership(p.key, role, org.key, i))
    return out


ELECTED = re.compile(rf"(?:{alt('membership_elected_verbs')})")


@rule("membership.elected")
def elected(a: Analysis, ctx) -> list[Membership]:
    """张三当选为某工会主席, 李四担任某公司总经理、党委书记: the posts after a body that follows the verb."""
    text, resolved = a.doc.text, a.resolved()
    orgs = {o.start: o for o in sorted(resolved, key=lambda o: o.end - o.start) if o.cls in ORG_CLASSES}
    posts = post_run(ctx.lex.titles)
    out = []
    for p in (m for m in resolved if m.cls == "Person"):
        verb = ELECTED.match(text, p.end)
        org = orgs.get(verb.end()) if verb else None
        run = posts.match(text, org.end) if org else None
        if run is None or (
            re.match(r"[\u4e00-\u9fff]", text[run.end() : run.end() + 1] or "。")
            and not text.startswith(("。", "，", ",", "、", "；", "的", "和", "及"), run.end())
        ):
            continue
        i = a.sentence_of(p.start)
        out += [Membership(p.key, role, org.key, i) for role in text[org.end : run.end()].split("、")]
    return out


define_stage(
    "memberships",
    rules=["membership.title_run", "membership.elected"],
    requires=("entities",),
    provides=("memberships",),
    doc="Who holds which post where: each title in the run before a person's name, with its body.",
)
