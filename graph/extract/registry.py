"""The table of stages and the rules inside them (spaCy's ``Language.component``, textacy's plain
extractor functions).

A **rule** is a plain function ``fn(a: Analysis, ctx) -> list[item]`` registered with ``@rule`` under
an id such as ``org.suffix``: it reads what earlier rules put on the Analysis and returns new items (Sentence,
Mention, Entity, Fact, Membership, Quantity); it never appends them itself. A batched rule
(``@rule(..., batched=True)``, the learned tagger) is ``fn(analyses, ctx) -> list[list[item]]``. The pipeline appends
them, stamps each with the rule's id and checks its class against the ontology. A **stage**, declared with
``define_stage`` after its rules, is a named, ordered list of rules with what it needs and gives (fields of the Analysis), an optional
factory that loads its resources once per process, and data files that join the extractor digest.

This module registers; it imports no stage (``graph.pipeline`` does), so there is no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from ..errors import UnknownTerm, choices

RuleFn = Callable[..., list]


@dataclass(frozen=True)
class Rule:
    id: str  # family.name: org.suffix, place.gazetteer, person.after_title
    fn: RuleFn
    doc: str  # one line: what it finds
    priority: int = 0  # ranks spans of equal length that overlap (see extract/overlaps.py)
    inner: bool = False  # finds names inside longer names on purpose; they are kept beside them
    also: tuple[str, ...] = ()  # further ids the rule may stamp on its items itself
    guess: bool = False  # finds names by the shape of words alone: a learned tagger replaces it
    batched: bool = False  # fn(analyses, ctx) -> one list of items per analysis (see Pipeline.pipe)
    module: str = ""
    stage: str = ""  # set when a stage claims it


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]  # fields of the Analysis an earlier stage must fill
    provides: tuple[str, ...]  # fields of the Analysis this stage fills
    doc: str
    factory: Callable[[Any], Any] | None = None  # ctx -> the stage's state, loaded once per process
    data: tuple[str, ...] = ()  # files (relative to graph/) whose bytes join the extractor digest
    rules: tuple[str, ...] = ()  # rule ids in the order they run
    replaces_guesses: bool = False  # a learned tagger: with it, rules registered guess=True do not run


STAGES: dict[str, Stage] = {}
RULES: dict[str, Rule] = {}


def _fields() -> frozenset[str]:
    from ..model import Analysis

    return frozenset(f.name for f in fields(Analysis) if not f.name.startswith("_")) - {"doc"}


def rule(
    id: str,
    *,
    priority: int = 0,
    inner: bool = False,
    also: Iterable[str] = (),
    guess: bool = False,
    batched: bool = False,
) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as rule ``id``; a stage then lists it. The docstring's first line says what
    it finds (``unionkg stages`` prints it). A ``batched`` rule takes the analyses of a batch of
    documents and returns a list of items for each: a model that decodes many sentences at once
    is far cheaper per character than one called per document."""

    def register(fn: RuleFn) -> RuleFn:
        old = RULES.get(id)
        if old is not None and (old.module, old.fn.__qualname__) != (fn.__module__, fn.__qualname__):
            raise UnknownTerm(f"Rule id {id!r} is taken by {old.module}.{old.fn.__qualname__}")
        summary = " ".join(ln.strip() for ln in (fn.__doc__ or "").strip().split("\n\n")[0].splitlines())
        RULES[id] = Rule(id, fn, summary, priority, inner, tuple(also), guess, batched, fn.__module__)
        return fn

    return register


def define_stage(
    name: str,
    *,
    rules: Iterable[str],
    requires: Iterable[str] = (),
    provides: Iterable[str] = (),
    doc: str = "",
    factory: Callable[[Any], Any] | None = None,
    data: Iterable[str] = (),
    replaces_guesses: bool = False,
) -> Stage:
    """Declare a stage: the rules it runs, in order, what it needs and gives (fields of the
    Analysis), a factory for its state and the data files it reads beyond the lexicons."""
    valid = _fields()
    for what, names in (("needs", requires), ("gives", provides)):
        bad = [n for n in names if n not in valid]
        if bad:
            raise UnknownTerm(
                f"Stage {name!r} {what} {', '.join(bad)}, which the Analysis does not have. "
                f"Fields of the Analysis: {choices(valid)}"
            )
    rules = tuple(rules)
    for r in rules:
        if r not in RULES:
            raise UnknownTerm(
                f"Stage {name!r} lists rule {r!r}, which is not registered. Rules: {choices(RULES)}"
            )
        if RULES[r].stage not in ("", name):
            raise UnknownTerm(f"Rule {r!r} is in stage {RULES[r].stage!r} already")
        RULES[r] = replace(RULES[r], stage=name)
    st = Stage(name, tuple(requires), tuple(provides), doc, factory, tuple(data), rules, replaces_guesses)
    STAGES[name] = st
    return st
