"""The `unionkg` command: a thin layer of click commands over the library; no logic lives here."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from .collect import few_collections
from .errors import UnionKGError

# exit statuses (the README's table): 0 done, 1 an error (what was wrong, in one line), 3 a build
# that skipped some input, 4 a graph that does not conform to the shapes
ERROR, PARTIAL, NONCONFORMING = 1, 3, 4
EXPORT_FORMATS = ("turtle", "trig", "nt", "nquads", "jsonld", "graphml", "gexf")


class Command(click.Group):
    """Turn UnionKGError into `Error: …` and exit 1, without a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UnionKGError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(ERROR)
        except click.UsageError as e:  # a missing path or argument: one line too, not click's usage
            click.echo(f"Error: {usage_line(e)}", err=True)
            sys.exit(ERROR)


def usage_line(e: click.UsageError) -> str:
    """Click's message for a usage mistake, as our one line: `x.ttl: no such file or directory`."""
    message = e.format_message()
    missing = re.search(r"(File|Directory|Path) '(.*)' does not exist", message)
    if missing:
        kind = "directory" if missing.group(1) == "Directory" else "file or directory"
        return f"{missing.group(2)}: no such {kind}"
    where = f" (see `unionkg {e.ctx.info_name} --help`)" if e.ctx is not None and e.ctx.parent else ""
    return message.rstrip(".") + where


@click.group(cls=Command)
@click.version_option(package_name="unionkg")
def main() -> None:
    """UnionKG: Chinese trade-union news → an RDF knowledge graph to query, look at and hand on."""
    few_collections()


def remote_options(fn):
    """--endpoint and its companions, shared by build and push."""
    options = [
        click.option(
            "--endpoint",
            help="Graph Store Protocol URL of a SPARQL 1.1 server, e.g. http://127.0.0.1:7878/store.",
        ),
        click.option("--user", help="User name for HTTP basic authentication."),
        click.option("--password", envvar="UNIONKG_PASSWORD", help="Password (or set UNIONKG_PASSWORD)."),
        click.option("--token", envvar="UNIONKG_TOKEN", help="Bearer token (or set UNIONKG_TOKEN)."),
        click.option(
            "--retries",
            default=3,
            show_default=True,
            type=click.IntRange(0, 20),
            help="How often to try a request again when the server is busy or the network fails.",
        ),
        click.option(
            "--union-graph",
            default="default",
            show_default=True,
            help="Where the server keeps the union of the article graphs, which the named queries read: "
            "default (its default graph), a graph IRI (for Virtuoso; query it with FROM <IRI>), or none.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def do_push(store, endpoint: str, user, password, token, retries: int, union_graph: str) -> None:
    from .rdf.remote import DEFAULT, Remote, push

    remote = Remote(endpoint, user=user, password=password, token=token, retries=retries)
    report = push(store, remote, union_graph)
    line = (
        f"pushed {len(report.sent)}, unchanged {report.unchanged}, deleted {len(report.deleted)} "
        f"article graph(s) to {endpoint}"
    )
    if report.union:
        where = "the default graph" if union_graph == DEFAULT else f"<{union_graph}>"
        line += f"; union {report.union} in {where}"
    click.echo(line)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "-o",
    "--out",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory for the store, graph.ttl and graph.html.",
)
@click.option("--no-html", is_flag=True, help="Skip the HTML network.")
@click.option("--no-tagger", is_flag=True, help="Rules only: leave out the learned tagger (CRF) stage.")
@click.option(
    "--encoding", help="Read every file in this encoding (default: detect UTF-8, UTF-16 with BOM, GB18030)."
)
@click.option("--strict", is_flag=True, help="Stop at the first file or record that cannot be read.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes for extraction (default: one per core). The graph is the same for any number.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract on a Dask cluster: tcp://HOST:PORT of a running `dask scheduler`, or local:N for N "
    "worker processes here. Needs the dask extra. The graph is the same as without it.",
)
@click.option(
    "--shards",
    type=click.Path(file_okay=False),
    help="With --scheduler: workers write their graphs as N-Quads into this directory (shared by them "
    "and this machine, at the same path), one file a task, ready for bulk loading; the build reads them there.",
)
@remote_options
def build(
    paths: tuple[str, ...],
    out: str,
    no_html: bool,
    no_tagger: bool,
    encoding,
    strict,
    jobs,
    scheduler,
    shards,
    endpoint,
    user,
    password,
    token,
    retries,
    union_graph,
) -> None:
    """Build the graph from files or directories (.txt, .md, .jsonl) into OUT/store, OUT/graph.ttl
    and OUT/graph.html. Unchanged articles are not read again; --endpoint then pushes the result.

    Exit status: 0 when everything was read, 3 when some input was skipped (listed in the summary),
    1 for an error.

    Example:

    \b
        unionkg build seeds/ -o out/
        unionkg build archive/ -o out/ --scheduler tcp://HOST:8786
    """
    from .builder import build as run_build
    from .rdf.remote import check_union_graph

    if endpoint:
        check_union_graph(union_graph, {})  # a mistake is reported before the build, not after it
    result = run_build(
        paths,
        out,
        html=not no_html,
        tagger=not no_tagger,
        encoding=encoding,
        strict=strict,
        jobs=jobs,
        scheduler=scheduler,
        shards=shards,
    )
    click.echo(result.summary())
    if endpoint:
        do_push(result.store, endpoint, user, password, token, retries, union_graph)
    if result.skipped:
        sys.exit(PARTIAL)


@main.command()
@click.argument("store", type=click.Path(exists=True, file_okay=False))
@remote_options
def push(store: str, endpoint, user, password, token, retries, union_graph) -> None:
    """Send the store's article graphs, and their union, to a SPARQL 1.1 server (Graph Store Protocol).

    Only graphs that changed since the last push to that server are sent; graphs of removed
    articles are deleted there. The union goes into the server's default graph (--union-graph),
    so the named queries answer there as on the store; it is replaced when articles change or go.

    Example: unionkg push out/ --endpoint http://127.0.0.1:7878/store
    """
    from .errors import BadInput
    from .rdf.io import store_dir
    from .rdf.store import ArticleStore

    if not endpoint:
        raise BadInput("give --endpoint, the Graph Store Protocol URL of the server")
    do_push(ArticleStore(store_dir(Path(store))), endpoint, user, password, token, retries, union_graph)


@main.command()
@click.argument("store", type=click.Path(exists=True, file_okay=False))
@click.argument("names", nargs=-1, required=True)
def remove(store: str, names: tuple[str, ...]) -> None:
    """Drop articles from the store, by article id or by the file they were read from.

    Example: unionkg remove out/ seeds/000_7063dbed7b201b27.txt
    """
    from .builder import remove as run_remove

    dropped = run_remove(Path(store), names)
    click.echo(f"removed {len(dropped)} article graph(s)")


@main.command()
@click.argument("store", type=click.Path(exists=True, file_okay=False))
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default)."
)
def serve(store: str, port: int, host: str) -> None:
    """Serve the store as a SPARQL endpoint with a query page in the browser (Oxigraph server).

    Example: unionkg serve out/ --port 7878   (then open http://127.0.0.1:7878/)
    """
    from .rdf.io import store_dir
    from .rdf.server import serve as run_server

    run_server(store_dir(Path(store)), host, port)


@main.command()
@click.argument("graph", required=False, type=click.Path())
@click.argument("q", required=False)
@click.option("--list", "list_", is_flag=True, help="List the named queries and the question each answers.")
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "json", "turtle", "nt", "jsonld"]),
    help="Rows: table, csv, json. A CONSTRUCT or DESCRIBE result: turtle (the default for them), nt, jsonld.",
)
@click.option(
    "--bom", is_flag=True, help="Begin CSV with a byte-order mark, so spreadsheets read it as UTF-8."
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (a string; <iri> for an IRI). Never spliced into the query text.",
)
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses that reach other endpoints.")
@click.option("--allow-update", is_flag=True, help="Allow SPARQL Update (on a store directory only).")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Stop the query after this many seconds.")
def query(
    graph: str | None,
    q: str | None,
    list_: bool,
    fmt: str,
    params: tuple[str, ...],
    allow_service: bool,
    allow_update: bool,
    timeout: float | None,
    bom: bool,
) -> None:
    """Run a named query, a .rq file or inline SPARQL on a build's output, a store or a graph file.

    Queries are read-only unless --allow-update; SERVICE is refused unless --allow-service.

    Example: unionkg query out/ unions_by_district --param district=平谷区
    """
    from rdflib import Graph

    from . import sparql as query_mod
    from .errors import BadInput
    from .rdf.io import open_source

    if list_:
        for nq in query_mod.library().values():
            takes = " ".join(f"--param {p}=…" for p in nq.parameters)
            click.echo(f"{nq.name:<24} {nq.question}" + (f"\n{'':<24} {takes}" if takes else ""))
        return
    if not graph or not q:
        raise BadInput(
            "give a graph file and a query (a name from `unionkg query --list`, a .rq file or SPARQL)"
        )
    pairs = [query_mod.parse_param(p) for p in params]
    twice = sorted({k for k, _ in pairs if [n for n, _ in pairs].count(k) > 1})
    if twice:
        raise BadInput(f"--param {twice[0]} is given twice: give each parameter once")
    bindings = dict(pairs)
    text = query_mod.resolve_text(q)  # a bad query name fails before the graph is read
    if allow_update and query_mod.is_update(text):
        click.echo(query_mod.update_store(graph, text, allow_service=allow_service))
        return

    def answer() -> str:
        source = open_source(graph)
        if isinstance(source, Graph):
            result = query_mod.run(source, text, bindings, allow_service=allow_service)
        else:
            result = query_mod.run_store(source, text, bindings, allow_service=allow_service)
        return query_mod.render(result, fmt, bom=bom)

    click.echo(query_mod.with_timeout(answer, timeout) if timeout else answer())


@main.command()
@click.argument("graph", type=click.Path())
@click.option("--format", "fmt", default="turtle", show_default=True, type=click.Choice(EXPORT_FORMATS))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of standard output."
)
def export(graph: str, fmt: str, output: str | None) -> None:
    """Export a graph as RDF (turtle, trig, nt, nquads, jsonld) or for Gephi (graphml, gexf).

    From a build directory, TriG and N-Quads carry one named graph per article and the union as the
    default graph.

    Example: unionkg export out/graph.ttl --format gexf -o out/graph.gexf
    """
    from .export import export_path

    data = export_path(Path(graph), fmt)
    if output:
        from .atomic import write_atomic

        write_atomic(Path(output), data)
    else:
        click.echo(data.decode("utf-8"), nl=False)


@main.command()
@click.argument("graph", type=click.Path())
def validate(graph: str) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl.

    Example: unionkg validate out/graph.ttl
    """
    from .rdf.io import load
    from .shapes import validate as run_validation

    problems = run_validation(load(graph))
    for p in problems:
        click.echo(str(p))
    if problems:
        click.echo(f"{len(problems)} violation(s)", err=True)
        sys.exit(NONCONFORMING)
    click.echo(f"{graph}: conforms to the UnionKG shapes")


@main.command()
@click.argument("graph", type=click.Path())
@click.option("-o", "--output", default="graph.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--focus", multiple=True, help="Show only the neighbourhood of nodes whose name contains this.")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(0, 10))
@click.option("--classes", help="Comma-separated classes to keep, e.g. Person,TradeUnion.")
@click.option("--max-nodes", type=click.IntRange(1), help="Keep the N most connected nodes.")
def draw(
    graph: str, output: str, focus: tuple[str, ...], hops: int, classes: str | None, max_nodes: int | None
) -> None:
    """Draw the graph as an interactive HTML network that works offline.

    Example: unionkg draw out/graph.ttl -o union.html --focus 平谷区总工会 --hops 2
    """
    from .rdf.io import load
    from .view import draw as draw_page

    path = draw_page(
        load(graph),
        output,
        focus=list(focus) or None,
        hops=hops,
        classes=classes.split(",") if classes else None,
        max_nodes=max_nodes,
    )
    click.echo(f"wrote {path}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", default="jsonl", show_default=True, type=click.Choice(["jsonl", "table"]))
@click.option("--no-tagger", is_flag=True, help="Rules only: leave out the learned tagger (CRF) stage.")
def extract(paths: tuple[str, ...], fmt: str, no_tagger: bool) -> None:
    """Print the entity mentions found in each document (for NER scoring), one JSON line each.

    Example: unionkg extract sentences.jsonl --format jsonl > predicted.jsonl
    """
    from .extract.mentions import mention_lines

    for line in mention_lines(paths, fmt, tagger=not no_tagger):
        click.echo(line)


@main.command(name="train-tagger")
@click.argument("train", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--dev", type=click.Path(exists=True, dir_okay=False), help="A BIO file to score the model on.")
@click.option(
    "-o",
    "--out",
    default="tagger.crfsuite",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where to write the model; its card goes beside it (.json).",
)
@click.option(
    "--iterations", default=150, show_default=True, type=click.IntRange(1), help="L-BFGS iterations."
)
@click.option("--c1", default=0.05, show_default=True, type=float, help="L1 regularisation.")
@click.option("--c2", default=0.01, show_default=True, type=float, help="L2 regularisation.")
def train_tagger(train: tuple[str, ...], dev, out: str, iterations: int, c1: float, c2: float) -> None:
    """Train the tagger stage's CRF on BIO files (`字 TAG` a line, B-/I-PER, LOC, ORG; a blank line
    between sentences) and write the model and its card. To use it, copy both over
    graph/models/tagger.crfsuite and tagger.json (or train straight there).

    Example: unionkg train-tagger msra.bio --dev dev.bio -o graph/models/tagger.crfsuite
    """
    from .train import train as run_train

    params = {"max_iterations": iterations, "c1": c1, "c2": c2}
    run_train(
        [Path(p) for p in train], Path(out), dev=Path(dev) if dev else None, params=params, log=click.echo
    )


@main.command(name="eval")
@click.option(
    "--scorer-dir",
    type=click.Path(exists=True, file_okay=False),
    required=True,
    help="The directory holding score.py and score_ner.py (e.g. ../shared/eval).",
)
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False),
    help="Graph-level gold (default: seed-gold.json in the scorer directory, when there).",
)
@click.option(
    "--bio",
    type=click.Path(exists=True, dir_okay=False),
    help="A BIO corpus for mention-level NER (default: peoples-daily/dev.bio there, when there).",
)
@click.option(
    "--seeds",
    default="seeds",
    show_default=True,
    type=click.Path(exists=True),
    help="What to build for the graph-level score.",
)
def evaluate(scorer_dir: str, gold: str | None, bio: str | None, seeds: str) -> None:
    """Score a build of the seeds and the mention-level NER with the shared scorers, in one table.

    Example:

    \b
        unionkg eval --scorer-dir ../shared/eval
        unionkg eval --scorer-dir ../shared/eval --gold ../shared/eval/real-dev-gold.json --seeds ../shared/eval/real-dev
    """
    from .errors import BadInput
    from .evaluate import graph_scores, ner_scores, report

    base = Path(scorer_dir)
    if gold is None and bio is None:  # what the scorer directory ships, when it does
        gold_file, bio_file = base / "seed-gold.json", base / "peoples-daily" / "dev.bio"
        if not gold_file.is_file() and not bio_file.is_file():
            raise BadInput(f"{base}: no seed-gold.json or peoples-daily/dev.bio there; give --gold or --bio")
        gold = str(gold_file) if gold_file.is_file() else None
        bio = str(bio_file) if bio_file.is_file() else None
    graph = graph_scores(base / "score.py", Path(gold), [seeds]) if gold else None
    ner = ner_scores(base / "score_ner.py", Path(bio)) if bio else None
    click.echo(report(graph, ner))


@main.command()
def stages() -> None:
    """List the extraction stages in pipeline order, what each needs and gives, and its rules.

    Example:

        unionkg stages
    """
    from .extract.registry import RULES, STAGES
    from .pipeline import DEFAULT_PIPELINE

    for name in DEFAULT_PIPELINE:
        st = STAGES[name]
        click.echo(f"{st.name:<12} needs {', '.join(st.requires) or '-':<20} gives {', '.join(st.provides)}")
        click.echo(f"{'':<12} {st.doc}")
        for rule_id in st.rules:
            r = RULES[rule_id]
            note = " (runs only without the tagger: --no-tagger)" if r.guess else ""
            click.echo(f"  {r.id:<26} {r.doc}{note}")
            for extra in r.also:
                click.echo(f"  {extra:<26} (stamped by {r.id})")
