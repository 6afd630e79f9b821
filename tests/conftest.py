"""Shared fixtures: the seed built once per session, from the repository's own seeds/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The rules alone (their tables test what each rule finds); `tagged` adds the learned tagger."""
    from graph.pipeline import RULES_ONLY, Pipeline

    return Pipeline(RULES_ONLY)


@pytest.fixture(scope="session")
def tagged():
    from graph.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built into a temporary out/ (paths recorded relative to the repository)."""
    from graph.builder import build

    out = tmp_path_factory.mktemp("out")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return build(["seeds"], out)
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    return seed_build.graph


def analyse(nlp, text: str, title: str = ""):
    """Run the pipeline on one made-up article."""
    from graph.read import _document

    raw = f"{title}\n\n{text}" if title else text
    return nlp(_document("t", raw, "test", 0, head=len(title), title=title or "t"))


def kept_from(nlp, text: str, rule: str) -> set[str]:
    """What rule ``rule`` found in ``text`` (its id on the mention) that resolve kept: same span and class."""
    a = analyse(nlp, text)
    kept = {(m.start, m.end, m.cls) for m in a.resolved()}
    return {m.text for m in a.mentions if m.rule == rule and (m.start, m.end, m.cls) in kept}
