"""The extraction pipeline: stages of registered rules, checked when it is built, run over documents.

``Pipeline()`` runs the default stages; ``Pipeline(["segment", "places"])`` a prefix of them. Each
rule returns items; the pipeline appends them to the Analysis field their type belongs to, stamps
the rule's id on them and checks their class against the closed ontology namespace.
``nlp(doc)`` analyses one document; ``nlp.pipe(docs)`` many, in batches (spaCy's ``Language.pipe``):
each rule runs over the batch before the next, so a batched rule (the tagger) sees all its
sentences at once. Both give the same analyses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from . import resolve as _resolve  # noqa: F401  (registers the resolve stage)
from .errors import UnknownTerm, choices
from .extract import (  # noqa: F401  (importing a stage's module registers it)
    events,
    memberships,
    orgs,
    people,
    places,
    quantities,
    relations,
    segment,
    tagger,
)
from .extract.registry import RULES, STAGES, Rule, Stage
from .lexicons import load as load_lexicons
from .model import (
    CLASSES,
    RELATIONS,
    Analysis,
    Document,
    Entity,
    Fact,
    Membership,
    Mention,
    Quantity,
    Sentence,
)

DEFAULT_PIPELINE = (
    "segment",
    "places",
    "orgs",
    "events",
    "people",
    "tagger",
    "resolve",
    "relations",
    "memberships",
    "quantities",
)
RULES_ONLY = tuple(name for name in DEFAULT_PIPELINE if name != "tagger")  # --no-tagger
# which field of the Analysis each kind of item goes to
FIELD = {
    Sentence: "sentences",
    Mention: "mentions",
    Entity: "entities",
    Fact: "facts",
    Membership: "memberships",
    Quantity: "quantities",
}


# characters per batch of Pipeline.pipe: enough that the tagger's loop over positions (as many
# steps as the batch's longest sentence has characters) is shared by many sentences, few enough
# that a batch's analyses take little memory
BATCH_CHARS = 50_000
LOADED: dict[tuple[str, Any], Any] = {}  # (stage, factory) → its state, for the whole process


class Context:
    """Held state shared by rules: the lexicons, and each stage's resources from its factory,
    loaded on first use once per process (a rebuild where nothing changed loads nothing)."""

    def __init__(self) -> None:
        self._state: dict[str, Any] = {}
        self._lex = None

    @property
    def lex(self):
        if self._lex is None:
            self._lex = load_lexicons()
        return self._lex

    def state(self, stage: str) -> Any:
        """What ``stage``'s factory loaded (a tokenizer, a model's weights), once per process:
        every pipeline of the process shares it (building twice does not load the model twice)."""
        if stage not in self._state:
            factory = STAGES[stage].factory
            if factory is None:
                raise UnknownTerm(f"Stage {stage!r} has no factory, so it holds no state")
            key = (stage, factory)
            if key not in LOADED:
                LOADED[key] = factory(self)
            self._state[stage] = LOADED[key]
        return self._state[stage]

    @property
    def segmenter(self):
        return self.state("segment")


def _check_class(item: object, rule: Rule) -> None:
    cls = getattr(item, "cls", None)
    if cls is not None and cls not in CLASSES:
        raise UnknownTerm(f"Rule {rule.id!r} gave class {cls!r}. Classes: {choices(CLASSES)}")
    prop = getattr(item, "prop", None)
    if prop is not None and prop not in RELATIONS:
        raise UnknownTerm(f"Rule {rule.id!r} gave relation {prop!r}. Relations: {choices(RELATIONS)}")


class Pipeline:
    """An ordered list of stages whose requirements are checked before any document is read."""

    def __init__(self, names: Iterable[str] = DEFAULT_PIPELINE) -> None:
        self.stages: list[Stage] = []
        have: set[str] = set()
        for name in names:
            if name not in STAGES:
                raise UnknownTerm(f"No stage {name!r}. Available stages: {choices(STAGES)}")
            st = STAGES[name]
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise UnknownTerm(
                    f"Stage {name!r} needs {', '.join(missing)}, which no earlier stage gives"
                    f" (stages so far: {', '.join(s.name for s in self.stages) or 'none'})"
                )
            have.update(st.provides)
            self.stages.append(st)
        self.names = tuple(st.name for st in self.stages)
        # a learned tagger finds what the rules that guess from the shape of words would, better:
        # with one in the pipeline those rules do not run (measured on People's Daily and real-dev)
        learned = any(st.replaces_guesses for st in self.stages)
        self.plan = [
            (st, [RULES[r] for r in st.rules if not (learned and RULES[r].guess)]) for st in self.stages
        ]
        self.ctx = Context()

    def __call__(self, doc: Document) -> Analysis:
        return self._run([doc])[0]

    def pipe(self, docs: Iterable[Document], batch_chars: int = BATCH_CHARS) -> Iterator[Analysis]:
        """The analysis of each document, in order, made in batches of about ``batch_chars``
        characters."""
        docs = iter(docs)
        while True:
            batch, size = [], 0
            for doc in docs:
                batch.append(doc)
                size += len(doc.text)
                if size >= batch_chars:
                    break
            if not batch:
                return
            yield from self._run(batch)

    def _run(self, docs: list[Document]) -> list[Analysis]:
        analyses = [Analysis(doc) for doc in docs]
        for st, rules in self.plan:
            for rule in rules:
                if rule.batched:
                    found = rule.fn(analyses, self.ctx)
                    for a, items in zip(analyses, found, strict=True):
                        self._append(a, st, rule, items)
                else:
                    for a in analyses:
                        self._append(a, st, rule, rule.fn(a, self.ctx))
        return analyses

    def _append(self, a: Analysis, st: Stage, rule: Rule, items: list) -> None:
        if items == []:  # most rules find nothing in most documents (None is no list: checked below)
            return
        allowed = (rule.id, *rule.also)
        seen_facts = {(f.subject, f.prop, f.object) for f in a.facts} if a.facts else set()
        for item in items:
            kind = FIELD.get(type(item))
            if kind is None or kind not in st.provides:
                raise UnknownTerm(
                    f"Rule {rule.id!r} returned a {type(item).__name__}; stage {st.name!r} gives "
                    f"{', '.join(st.provides)}"
                )
            if kind == "sentences":
                a.sentences.append(item)
                a.tokens.append(list(item.tokens))
                continue
            if not item.rule:
                # the item is new (a rule returns what it made): stamped in place, as a frozen
                # dataclass's __post_init__ would, since replace() costs a copy of every field
                object.__setattr__(item, "rule", rule.id)
            elif item.rule not in allowed:
                raise UnknownTerm(
                    f"Rule {rule.id!r} stamped {item.rule!r}; it may stamp {', '.join(allowed)}"
                )
            _check_class(item, rule)
            if kind == "facts":
                # a fact already stated (by this rule or an earlier one) is not stated twice
                key = (item.subject, item.prop, item.object)
                if key in seen_facts or item.subject == item.object:
                    continue
                seen_facts.add(key)
            getattr(a, kind).append(item)


def stage_table(names: Iterable[str] = DEFAULT_PIPELINE) -> list[tuple[Stage, list[Rule]]]:
    """The stages of a pipeline with the rules that run in it, in order."""
    return Pipeline(names).plan
