"""Named queries (queries/*.rq), parameters passed as bindings, results as table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from .errors import BadInput, UnknownQuery, UnknownTerm, choices
from .rdf.namespace import PREFIXES
from .resources import resource_dir

OUTPUT_FORMATS = ("table", "csv", "json")
GRAPH_FORMATS = ("turtle", "nt", "jsonld")  # for CONSTRUCT and DESCRIBE


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str  # the first comment line of the .rq file
    text: str

    @property
    def parameters(self) -> list[str]:
        return parameters(self.text)


PARAMETER_LINE = re.compile(r"^#\s*Parameters?:(.*)$", re.M)
COMMENT = re.compile(r"^\s*#[^\n]*$", re.M)  # a whole-line comment (an IRI may hold a #)
VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def parameters(text: str) -> list[str]:
    """The variables a query takes as parameters: those its `# Parameter:` line names, else every
    variable it uses."""
    declared = [v for line in PARAMETER_LINE.findall(text) for v in VARIABLE.findall(line)]
    return list(dict.fromkeys(declared or VARIABLE.findall(COMMENT.sub("", text))))


def check_parameters(text: str, params: dict) -> None:
    """A parameter the query does not have is an error that lists the ones it has."""
    known = parameters(text)
    for name in params:
        if name not in known:
            has = ", ".join(known) if known else "none"
            raise BadInput(f"--param {name}: the query has no parameter ?{name} (its parameters: {has})")


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
    """A SELECT or ASK result as strings, the same whichever store answered; ``values`` holds the
    same cells typed for JSON (numbers and booleans as such); ``graph``, a CONSTRUCT or DESCRIBE
    result's triples as N-Triples."""

    head: list[str]
    body: list[list[str]]
    values: list[list] | None = None
    graph: bytes | None = None


NUMERIC_IRIS = {
    str(t)
    for t in (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger)
}


def typed(text: str, datatype: str | None):
    """A cell for JSON: an xsd number as a number, an xsd:boolean as a boolean, else the text."""
    if datatype in NUMERIC_IRIS:
        try:
            value = Decimal(text)
        except ArithmeticError:
            return text
        return int(value) if value == value.to_integral_value() else float(value)
    if datatype == str(XSD.boolean):
        return text in ("true", "1")
    return text


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
    text = resolve_text(q)
    prepared = prepare(text, allow_service=allow_service)
    check_parameters(text, params or {})
    try:
        result = g.query(prepared, initBindings=params or {})
        if result.type == "SELECT":
            result.bindings = list(result.bindings)  # evaluate now, so errors surface here
    except Exception as e:  # rdflib's evaluation errors have no common base class
        raise UnknownQuery(f"the query failed while running: {e}") from None
    return result


def cell_text(term) -> str:
    """A result's term as a table cell, whoever answered: an IRI shortened by the project's
    prefixes, a literal's lexical form, "" when unbound. Takes rdflib terms, Oxigraph terms and
    SPARQL 1.1 JSON result cells (a remote server's)."""
    if term is None:
        return ""
    if isinstance(term, dict):  # SPARQL JSON
        if term["type"] == "uri":
            return shorten(term["value"])
        if term.get("datatype", "").endswith("#boolean"):  # Virtuoso answers booleans as 1 and 0
            return "true" if term["value"] in ("1", "true") else "false"
        return term["value"]
    if isinstance(term, URIRef):
        return shorten(str(term))
    if type(term).__module__.startswith("pyoxigraph"):  # an rdflib Literal's .value is a Python value
        return shorten(term.value) if type(term).__name__ == "NamedNode" else term.value
    return str(term)


def rows(result: Result | Rows) -> tuple[list[str], list[list[str]]]:
    got = as_rows(result)
    return got.head, got.body


def as_rows(result: Result | Rows) -> Rows:
    """Any result as Rows: rdflib's too."""
    if isinstance(result, Rows):
        return result
    if result.type == "ASK":
        return Rows(["ask"], [[str(result.askAnswer).lower()]], [[bool(result.askAnswer)]])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Rows([], [], graph=result.graph.serialize(format="nt", encoding="utf-8"))
    head = [str(v) for v in result.vars]
    body = [list(row) for row in result]
    return Rows(
        head,
        [[cell_text(v) for v in row] for row in body],
        [
            [
                typed(str(v), str(v.datatype) if isinstance(v, Literal) and v.datatype else None)
                if v is not None
                else None
                for v in row
            ]
            for row in body
        ],
    )


def run_store(
    store, q: str, params: dict[str, Literal | URIRef] | None = None, *, allow_service: bool = False
) -> Rows:
    """The same, on the Oxigraph store: the query is checked the same way, values are substituted
    as RDF terms (SEP-0007), and the default graph is the union of the article graphs."""
    import pyoxigraph as ox

    text = resolve_text(q)
    prepare(text, allow_service=allow_service)  # read-only, parses, no SERVICE
    check_parameters(text, params or {})
    try:
        result = store.ox.query(
            with_values(text, params or {}), prefixes={k: str(v) for k, v in PREFIXES.items()}
        )
        if isinstance(result, ox.QueryBoolean):
            return Rows(["ask"], [[str(bool(result)).lower()]], [[bool(result)]])
        if isinstance(result, ox.QueryTriples):
            return Rows([], [], graph=ox.serialize(result, format=ox.RdfFormat.N_TRIPLES))
        head = [v.value for v in result.variables]
        solutions = [[row[i] for i in range(len(head))] for row in result]
    except (SyntaxError, RuntimeError, ValueError, OSError) as e:
        raise UnknownQuery(f"the query failed while running: {e}") from None
    return Rows(
        head,
        [[cell_text(t) for t in row] for row in solutions],
        [
            [
                None if t is None else typed(t.value, getattr(getattr(t, "datatype", None), "value", None))
                for t in row
            ]
            for row in solutions
        ],
    )


def with_values(text: str, params: dict) -> str:
    """The query with its parameters bound by a VALUES block at the head of its WHERE clause: a
    variable bound before the pattern is matched, as rdflib's initial bindings are (Oxigraph's own
    substitutions take only projected variables). The values are RDF terms that Oxigraph itself
    writes out (quotes and all escaped): no document text is spliced raw."""
    if not params:
        return text
    from .rdf.store import to_ox

    code = COMMENT.sub(lambda m: " " * len(m.group()), text)  # offsets kept, comments blanked
    where = re.search(r"\bWHERE\s*\{", code, re.I) or re.search(r"\{", code)
    if where is None:
        return text
    block = " ".join(f"VALUES ?{k} {{ {to_ox(v)} }}" for k, v in params.items())
    return f"{text[: where.end()]} {block} {text[where.end() :]}"


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


def render(result: Result | Rows, fmt: str = "table", *, bom: bool = False) -> str:
    if fmt not in OUTPUT_FORMATS + GRAPH_FORMATS:
        raise UnknownTerm(f"No output format {fmt!r}. Formats: {choices(OUTPUT_FORMATS + GRAPH_FORMATS)}")
    got = as_rows(result)
    if got.graph is not None:  # CONSTRUCT, DESCRIBE: a graph, printed as RDF
        if fmt not in GRAPH_FORMATS and fmt != "table":
            raise UnknownTerm(
                f"a CONSTRUCT or DESCRIBE result is a graph: use --format {' | '.join(GRAPH_FORMATS)}"
            )
        return as_graph_text(got.graph, "turtle" if fmt == "table" else fmt)
    if fmt in GRAPH_FORMATS:
        raise UnknownTerm(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE; rows print as {' | '.join(OUTPUT_FORMATS)}"
        )
    head, body = got.head, got.body
    if fmt == "json":
        values = got.values if got.values is not None else body
        return json.dumps([dict(zip(head, r, strict=True)) for r in values], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(head)
        w.writerows(body)
        # a byte-order mark tells spreadsheet programs the file is UTF-8 (else Chinese is garbled)
        return ("\ufeff" if bom else "") + buf.getvalue().rstrip("\n")
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(head)]
    lines = [
        "  ".join(_pad(h, w) for h, w in zip(head, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} rows)")
    return "\n".join(lines)


def as_graph_text(ntriples: bytes, fmt: str) -> str:
    """N-Triples as Turtle (with our prefixes), N-Triples or JSON-LD."""
    from .rdf.namespace import bind

    g = bind(Graph()).parse(data=ntriples, format="nt")
    return g.serialize(format={"jsonld": "json-ld"}.get(fmt, fmt)).rstrip("\n")


def _width(s: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))
