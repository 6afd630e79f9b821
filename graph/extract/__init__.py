"""The extraction pipeline: a table of registered stages, checked when the pipeline is built.

A stage is a plain function ``fn(a: Analysis, ctx: Context) -> None`` that reads what earlier
stages put on the Analysis and appends what it provides. Stages never read files or write RDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import UnknownTerm, choices
from ..model import Analysis, Document

StageFn = Callable[[Analysis, "Context"], None]


@dataclass(frozen=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    doc: str


STAGES: dict[str, Stage] = {}


def stage(name: str, *, requires: Iterable[str] = (), provides: Iterable[str] = ()):
    """Register a stage under ``name`` with what it needs and what it gives."""

    def register(fn: StageFn) -> StageFn:
        STAGES[name] = Stage(name, fn, tuple(requires), tuple(provides), (fn.__doc__ or "").strip())
        return fn

    return register


DEFAULT_PIPELINE = (
    "segment",
    "places",
    "orgs",
    "events",
    "people",
    "resolve",
    "relations",
    "memberships",
    "quantities",
)


class Context:
    """Held state shared by stages: the lexicons and the held tokenizer."""

    def __init__(self) -> None:
        from ..lexicons import load
        from .segment import Segmenter

        self.lex = load()
        self.segmenter = Segmenter(self.lex)


def _register_all() -> None:
    # importing the modules registers their stages, in one place (no scattered side effects)
    from .. import resolve  # noqa: F401
    from . import events, memberships, orgs, people, places, quantities, relations, segment  # noqa: F401


class Pipeline:
    """An ordered list of stages whose requirements are checked before any document is read."""

    def __init__(self, names: Iterable[str] = DEFAULT_PIPELINE) -> None:
        _register_all()
        self.stages: list[Stage] = []
        have: set[str] = set()
        for name in names:
            if name not in STAGES:
                raise UnknownTerm(f"No stage {name!r}. Available stages: {choices(STAGES)}")
            st = STAGES[name]
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise UnknownTerm(
                    f"Stage {name!r} needs {', '.join(missing)}, which no earlier stage provides"
                )
            have.update(st.provides)
            self.stages.append(st)
        self._ctx: Context | None = None

    @property
    def ctx(self) -> Context:
        """Loaded on first use: a rebuild where every article is unchanged never loads the segmenter."""
        if self._ctx is None:
            self._ctx = Context()
        return self._ctx

    def __call__(self, doc: Document) -> Analysis:
        a = Analysis(doc)
        for st in self.stages:
            st.fn(a, self.ctx)
        return a
