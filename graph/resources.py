"""Find ontology/ and queries/: inside the installed package, or at the top of a source checkout."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UnionKGError

HERE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    # a wheel carries them as graph/<name>; an editable install reads the checkout's top level
    for base in (HERE / name, HERE.parent / name):
        if base.is_dir():
            return base
    raise UnionKGError(f"the {name}/ directory is missing from this installation ({HERE})")


def cache_dir() -> Path:
    """Where tables derived from the dictionaries are kept between runs (safe to delete):
    $UNIONKG_CACHE, else $XDG_CACHE_HOME/unionkg, else ~/.cache/unionkg."""
    if os.environ.get("UNIONKG_CACHE"):
        return Path(os.environ["UNIONKG_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "unionkg"
