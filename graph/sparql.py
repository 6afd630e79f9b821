"""Named queries (queries/*.rq), parameters passed as bindings, results as table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from .errors import BadInput, UnknownQuery, UnknownTerm, choices
from .rdf.namespace import PREFIXES
from .resources import resource_dir

OUTPUT_FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str  # the first comment line of the .rq file
    text: str


@cache
def library() -> dict[str, NamedQuery]:
    """Every query in queries/, by file name without .rq."""
    out = {}
    for path in sorted(resource_dir("queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = next((ln for ln in text.splitlines() if ln.startswith("#")), "# ")
        out[path.stem] = NamedQuery(path.stem, first.lstrip("# ").strip(), text)
    return out


def resolve_text(q: str) -> str:
    """A name from queries/, a path to a .rq file, or SPARQL text."""
    if q in library():
        return library()[q].text
    if q.endswith(".rq"):
        path = Path(q)
        if not path.exists():
            raise UnknownQuery(f"{q}: no such query file")
        return path.read_text(encoding="utf-8")
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE)\b", q, re.I):
        return q
    raise UnknownQuery(f"No query {q!r}. Named queries: {choices(library())} (or give a .rq path or SPARQL)")


def _walk(node):
    yield node
    if isinstance(node, CompValue):
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list | tuple):
        for v in node:
            yield from _walk(v)


UPDATE = re.compile(
    r"^\s*(?:#[^\n]*\n\s*)*((PREFIX|BASE)\s+\S*\s*<[^>]*>\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.I,
)


def is_update(text: str) -> bool:
    return bool(UPDATE.search(text))


@lru_cache(maxsize=256)
def prepare(text: str, *, allow_service: bool = False):
    if is_update(text):
        raise UnknownQuery(
            "SPARQL Update is not allowed here: queries are read-only (use --allow-update on a store)"
        )
    try:
        q = prepareQuery(text, initNs=PREFIXES)
    except Exception as e:  # pyparsing reports the column of the error
        raise UnknownQuery(f"the query does not parse: {e}") from None
    if not allow_service and any(getattr(n, "name", "") == "ServiceGraphPattern" for n in _walk(q.algebra)):
        raise UnknownQuery("SERVICE is refused: a query may not reach the network (use --allow-service)")
    return q


def parse_param(item: str) -> tuple[str, Literal | URIRef]:
    """`name=value` → a literal binding; `name=<iri>` or `name=ukg:organizer` binds an IRI."""
    name, sep, value = item.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise BadInput(f"--param {item!r}: write it as name=value (name is the query variable, without ?)")
    if value.startswith("<") and value.endswith(">"):
        return name, URIRef(value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and re.fullmatch(r"[A-Za-z0-9_\-./%]*", local):
        return name, URIRef(str(PREFIXES[prefix]) + local)
    return name, Literal(value)


@dataclass(frozen=True)
class Rows:
    """A SELECT or ASK result as strings, the same whichever store answered."""

    head: list[str]
    body: list[list[str]]


def shorten(iri: str) -> str:
    """An IRI in prefixed form when one of our prefixes covers it (ukg:organizer)."""
    for prefix, ns in PREFIXES.items():
        ns = str(ns)
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_\-]*", iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def run(
    g: Graph, q: str, params: dict[str, Literal | URIRef] | None = None, *, allow_service: bool = False
) -> Result:
    """Run a named query, .rq file or SPARQL text on ``g`` with ``params`` as initial bindings."""
    prepared = prepare(resolve_text(q), allow_service=allow_service)
    try:
        result = g.query(prepared, initBindings=params or {})
        if result.type == "SELECT":
            result.bindings = list(result.bindings)  # evaluate now, so errors surface here
    except Exception as e:  # rdflib's evaluation errors have no common base class
        raise UnknownQuery(f"the query failed while running: {e}") from None
    return result


def _text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    return str(term)


def rows(result: Result | Rows) -> tuple[list[str], list[list[str]]]:
    if isinstance(result, Rows):
        return result.head, result.body
    if result.type == "ASK":
        return ["ask"], [[str(result.askAnswer).lower()]]
    if result.type != "SELECT":
        raise UnknownTerm("only SELECT and ASK results print as rows; CONSTRUCT results: use `export`")
    head = [str(v) for v in result.vars]
    return head, [[_text(v) for v in row] for row in result]


def run_store(
    store, q: str, params: dict[str, Literal | URIRef] | None = None, *, allow_service: bool = False
) -> Rows:
    """The same, on the Oxigraph store: the query is checked the same way, values are substituted
    as RDF terms (SEP-0007), and the default graph is the union of the article graphs."""
    import pyoxigraph as ox

    from .rdf.store import to_ox

    text = resolve_text(q)
    prepare(text, allow_service=allow_service)  # read-only, parses, no SERVICE
    substitutions = {ox.Variable(k): to_ox(v) for k, v in (params or {}).items()}
    try:
        result = store.ox.query(
            text, prefixes={k: str(v) for k, v in PREFIXES.items()}, substitutions=substitutions
        )
        if isinstance(result, bool):
            return Rows(["ask"], [[str(result).lower()]])
        if not isinstance(result, ox.QuerySolutions):
            raise UnknownTerm("only SELECT and ASK results print as rows; CONSTRUCT results: use `export`")
        head = [v.value for v in result.variables]
        body = [[_ox_text(row[i]) for i in range(len(head))] for row in result]
    except (SyntaxError, RuntimeError, ValueError, OSError) as e:
        raise UnknownQuery(f"the query failed while running: {e}") from None
    return Rows(head, body)


def update_store(path, text: str, *, allow_service: bool = False) -> str:
    """Run SPARQL Update on a store directory (the user asked for it with --allow-update)."""
    from rdflib.plugins.sparql import prepareUpdate

    from .rdf.io import store_dir
    from .rdf.store import ArticleStore

    found = store_dir(Path(path))
    if found is None:
        raise BadInput(f"{path}: SPARQL Update needs a store directory (a build's output), not a graph file")
    try:
        parsed = prepareUpdate(text, initNs=PREFIXES)
    except Exception as e:
        raise UnknownQuery(f"the update does not parse: {e}") from None
    if not allow_service and "SERVICE" in str(parsed.algebra).upper():
        raise UnknownQuery("SERVICE is refused: a query may not reach the network (use --allow-service)")
    store = ArticleStore(found)
    before = len(store)
    try:
        store.ox.update(text, prefixes={k: str(v) for k, v in PREFIXES.items()})
    except (SyntaxError, RuntimeError, ValueError, OSError) as e:
        raise UnknownQuery(f"the update failed: {e}") from None
    store.flush()
    return f"updated {found}: {len(store) - before:+d} quads"


def with_timeout(fn, seconds: float):
    """Run ``fn`` in a child process and stop it after ``seconds`` (a query engine cannot be interrupted
    from inside: neither rdflib's evaluator nor Oxigraph's checks for a deadline)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def work() -> None:
        try:
            child.send(("ok", fn()))
        except UnknownQuery as e:
            child.send(("error", str(e)))
        except Exception as e:  # reported to the parent, which decides what the user sees
            child.send(("error", f"the query failed while running: {e}"))

    proc = ctx.Process(target=work, daemon=True)
    proc.start()
    if parent.poll(seconds):
        kind, value = parent.recv()
        proc.join()
        if kind == "error":
            raise UnknownQuery(value)
        return value
    proc.kill()
    proc.join()
    raise UnknownQuery(
        f"the query ran longer than {seconds:g} s and was stopped (narrow it, or raise --timeout)"
    )


def _ox_text(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return term.value


def render(result: Result | Rows, fmt: str = "table") -> str:
    if fmt not in OUTPUT_FORMATS:
        raise UnknownTerm(f"No output format {fmt!r}. Formats: {choices(OUTPUT_FORMATS)}")
    head, body = rows(result)
    if fmt == "json":
        return json.dumps([dict(zip(head, r, strict=True)) for r in body], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(head)
        w.writerows(body)
        return buf.getvalue().rstrip("\n")
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(head)]
    lines = [
        "  ".join(_pad(h, w) for h, w in zip(head, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} rows)")
    return "\n".join(lines)


def _width(s: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))
