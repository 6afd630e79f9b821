"""The extractor digest: what an article's graph is made from besides the article itself.

It covers the code that reads, extracts and converts (the modules of the pipeline's stages and
everything they import from this package, found by reading their ``import`` statements), every
lexicon, and each stage's own data files (a model's weights). A change to one rule, lexicon or
model re-extracts every article; a change to the CLI, the queries or the HTML page does not.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import marshal
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .atomic import write_atomic
from .resources import cache_dir

HERE = Path(__file__).resolve().parent
# where reading and converting start: the stages' own modules are added by the pipeline
ENTRY = ("read/__init__.py", "pipeline.py", "rdf/convert.py")


def _module_file(root: Path, dotted: str) -> Path | None:
    """``graph.extract.orgs`` → root/extract/orgs.py (or a package's __init__.py)."""
    parts = dotted.split(".")[1:]
    base = root.joinpath(*parts) if parts else root
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imports(path: Path, root: Path) -> set[Path]:
    """The modules of this package that ``path`` imports, wherever the import statement is:
    remembered in the cache folder by the file's path and bytes (parsing every module took a
    fifth of a second of each build)."""
    data = path.read_bytes()
    key = f"{path.relative_to(root).as_posix()}\0{hashlib.sha256(data).hexdigest()}"
    known = _known_imports()
    if key not in known:
        if len(known) > KEPT:
            known.clear()
        known[key] = sorted(p.relative_to(root).as_posix() for p in _parsed_imports(path, root, data))
        _UNSAVED.add(key)
    return {root / p for p in known[key]}


_UNSAVED: set[str] = set()  # files whose imports were parsed since the cache was last written


def _save_imports() -> None:
    """Write the remembered imports, once per closure, if any were parsed."""
    if _UNSAVED:
        with contextlib.suppress(OSError):  # a read-only home: parsed again next time
            write_atomic(_imports_file(), marshal.dumps(_known_imports()))
        _UNSAVED.clear()


def _imports_file() -> Path:
    return cache_dir() / "imports-v1.marshal"


KEPT = 2_000  # files' versions remembered; beyond that the cache starts again


@cache
def _known_imports() -> dict[str, list[str]]:
    try:
        found = marshal.loads(_imports_file().read_bytes())
        return found if isinstance(found, dict) else {}
    except (OSError, EOFError, ValueError, TypeError):
        return {}


def _parsed_imports(path: Path, root: Path, data: bytes) -> set[Path]:
    rel = path.relative_to(root).with_suffix("")
    package = ["graph", *rel.parts[:-1]]  # the package a relative import starts from
    out: set[Path] = set()
    for node in ast.walk(ast.parse(data, str(path))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # `from . import ids` imports the module ids; `from .model import Mention` the module model
            subs = [f"{mod}.{a.name}" for a in node.names if _module_file(root, f"{mod}.{a.name}")]
            names = subs or [mod]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name == "graph" or name.startswith("graph."):
                found = _module_file(root, name)
                if found is not None and found != path:
                    out.add(found)
    return out


def closure(starts: Iterable[Path], root: Path) -> list[Path]:
    """``starts`` and every module of this package they import, directly or not, sorted."""
    seen: set[Path] = set()
    todo = list(starts)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(imports(path, root) - seen)
    _save_imports()
    return sorted(seen)


def extractor_digest(stage_modules: Iterable[str], data: Iterable[str] = (), *, root: Path = HERE) -> str:
    """A digest of the code and data that turn an article into its graph.

    ``stage_modules`` are dotted module names (``graph.extract.orgs``); ``data`` are files relative
    to ``root`` (a model's weights); every file of ``lexicons/`` is always included.
    """
    starts = [root / e for e in ENTRY]
    starts += [p for m in stage_modules if (p := _module_file(root, m)) is not None]
    files = closure(starts, root)
    files += sorted(p for p in (root / "lexicons").iterdir() if p.is_file() and p.suffix != ".py")
    files += [root / d for d in data]
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@cache
def stages_digest(stages: tuple[str, ...]) -> str:
    """What turns text into facts for these pipeline stages: a change re-reads every article (and a
    Dask worker whose digest differs from the client's refuses to extract)."""
    from .extract.registry import RULES, STAGES
    from .pipeline import Pipeline

    chosen = [STAGES[name] for name in Pipeline(stages).names]
    modules = sorted({RULES[r].module for st in chosen for r in st.rules})
    modules += sorted({st.factory.__module__ for st in chosen if st.factory is not None})
    return extractor_digest(modules, [d for st in chosen for d in st.data])
