"""The one place where overlapping mentions are settled (spaCy's ``filter_spans``, with ranks).

The policy, in order:

1. **Same span, same class.** Several rules may find one span as one class: it is one mention.
   It keeps the id of the rule with the highest ``priority``; on a tie, the rule that ran later
   (later rules refine earlier ones: ``org.nested`` runs after the rules whose names it reads).
2. **Crossing spans.** Mentions are ranked by length (longer first), then by their rule's
   ``priority``, then by position and class. A mention is kept when no kept mention crosses it.
3. **Kept inside.** Two kinds of mention are kept inside a longer one on purpose: those from a
   rule registered ``inner=True`` (a name inside a name: 北京城建集团 in 北京城建集团第三分公司), and
   a District or Subdistrict wholly inside the only names that cross it (密云区 in 密云区总工会).

A learned tagger joins under its own rule id with its own priority; nothing here depends on the
order stages run in.
"""

from __future__ import annotations

from ..model import Mention
from .registry import RULES

KEEP_INSIDE = frozenset({"District", "Subdistrict"})  # a district named inside a union's name counts


def _priority(m: Mention) -> int:
    r = RULES.get(m.rule)
    return r.priority if r else 0


def _inner(m: Mention) -> bool:
    r = RULES.get(m.rule)
    return bool(r and r.inner)


def settle(mentions: list[Mention]) -> list[Mention]:
    """The mentions that survive the policy above, in text order (start, end, class)."""
    unique: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        key = (m.start, m.end, m.cls)
        old = unique.get(key)
        if old is None or _priority(m) >= _priority(old):
            unique[key] = m
    ordered = sorted(unique.values(), key=lambda m: (-(m.end - m.start), -_priority(m), m.start, m.cls))
    top: list[Mention] = []
    kept: list[Mention] = []
    for m in ordered:
        crossing = [t for t in top if t.start < m.end and m.start < t.end]
        inside = [t for t in crossing if t.start <= m.start and m.end <= t.end]
        if _inner(m) or (inside and m.cls in KEEP_INSIDE and len(inside) == len(crossing)):
            kept.append(m)
        elif not crossing:
            top.append(m)
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.cls))
