"""Memberships: `东城区人大常委会党组副书记、副主任,东城区总工会主席李明` gives three."""

from __future__ import annotations

import re

from ..model import ORG_CLASSES, Analysis, Membership
from . import stage
from .people import TITLE_PREFIX


@stage("memberships", requires=("entities",), provides=("memberships",))
def memberships(a: Analysis, ctx) -> None:
    """Each title in the run before a person's name, with the organisation named before it."""
    title = rf"{TITLE_PREFIX}(?:{'|'.join(ctx.lex.titles)})"
    run = re.compile(rf"(?:{title})(?:、(?:{title}))*$")
    text = a.doc.text
    orgs = [m for m in a.mentions if m.cls in ORG_CLASSES]
    seen = set()
    for p in (m for m in a.mentions if m.cls == "Person"):
        i = a.sentence_of(p.start)
        s = a.sentences[i]
        end = p.start
        while end > s.start:
            m = run.search(text, s.start, end)
            if not m or m.end() != end:
                break
            org = max((o for o in orgs if o.end == m.start()), key=lambda o: o.end - o.start, default=None)
            if org is None:
                break
            for role in m.group().split("、"):
                key = (p.key, role, org.key)
                if key not in seen:
                    seen.add(key)
                    a.memberships.append(Membership(p.key, role, org.key, i, "memberships"))
            end = org.start - 1  # 副主任,东城区总工会主席: the run before the comma
            if end < s.start or text[end] not in ",，、;；":
                break
