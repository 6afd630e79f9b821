"""Find ontology/ and queries/: inside the installed package, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

from .errors import UnionKGError

HERE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    # a wheel carries them as graph/<name>; an editable install reads the checkout's top level
    for base in (HERE / name, HERE.parent / name):
        if base.is_dir():
            return base
    raise UnionKGError(f"the {name}/ directory is missing from this installation ({HERE})")
