"""The CLI: what it prints, the exact error text for user mistakes, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from graph.cli import main


@pytest.fixture(scope="module")
def ttl(seed_build) -> str:
    return str(next(p for p in seed_build.outputs if p.name == "graph.ttl"))


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_prints_a_summary(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("## 标题\n\n本报讯 (记者 王明) 海淀区总工会举办职工羽毛球比赛。\n", encoding="utf-8")
    r = run("build", str(page), "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "articles      1" in r.output and "TradeUnion    1" in r.output
    assert (tmp_path / "out" / "graph.ttl").exists() and (tmp_path / "out" / "graph.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "missing.ttl", "events"], "Error: missing.ttl: no such graph file\n"),
        (
            ["query", "{ttl}", "no_such_query"],
            "Error: No query 'no_such_query'. Named queries: article_authors, article_entities, event_participants, "
            "events, evidence, fact_evidence, figures, people_roles, place_hierarchy, union_of, unions_by_district, "
            "unions_in_region, unsupported_facts (or give a .rq path or SPARQL)\n",
        ),
        (
            ["query", "{ttl}", "SELECT ?x WHERE {"],
            "Error: the query does not parse: Expected SelectQuery, found end of text  (at char 17), (line:1, col:18)\n",
        ),
        (
            ["query", "{ttl}", "INSERT DATA { <a:b> <a:c> <a:d> }"],
            "Error: SPARQL Update is not allowed here: queries are read-only (use --allow-update on a store)\n",
        ),
        (
            ["query", "{ttl}", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"],
            "Error: SERVICE is refused: a query may not reach the network (use --allow-service)\n",
        ),
        (
            ["query", "{ttl}", "events", "--param", "no-equals"],
            "Error: --param 'no-equals': write it as name=value (name is the query variable, without ?)\n",
        ),
        (["query", "{ttl}", "missing.rq"], "Error: missing.rq: no such query file\n"),
        (
            ["draw", "{ttl}", "--classes", "Persons"],
            "Error: No class Persons. Classes: Community, Company, District, Event, Organization, Person, Place, "
            "Subdistrict, TradeUnion\n",
        ),
        (["validate", "graph.xyz"], "Error: graph.xyz: no such graph file\n"),
    ],
)
def test_user_errors_are_one_line(ttl: str, args: list[str], message: str) -> None:
    r = run(*[a.replace("{ttl}", ttl) for a in args])
    assert r.exit_code == 1
    assert r.output == message


def test_query_list_names_each_question() -> None:
    r = run("query", "--list")
    assert r.exit_code == 0
    assert "unions_by_district       Which trade unions are there in each district" in r.output


def test_query_formats(ttl: str) -> None:
    as_json = json.loads(run("query", ttl, "people_roles", "--format", "json").output)
    assert {"person": "张艳革", "role": "党组书记", "organization": "平谷区总工会"} in as_json
    as_csv = run("query", ttl, "people_roles", "--format", "csv", "--param", "person=张克斌").output
    assert as_csv.splitlines()[0] == "person,role,organization"
    assert len(as_csv.splitlines()) == 4
    table = run("query", ttl, "unions_by_district").output
    assert table.splitlines()[-1] == "(5 rows)"


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads", "jsonld", "graphml", "gexf"])
def test_export(ttl: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    r = run("export", ttl, "--format", fmt, "-o", str(out))
    assert r.exit_code == 0, r.output
    if fmt in ("graphml", "gexf"):
        net = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
        assert net.number_of_nodes() > 40 and net.number_of_edges() > 30
    else:
        parsed = Dataset(default_union=True) if fmt in ("trig", "nquads") else Graph()
        parsed.parse(out, format={"jsonld": "json-ld"}.get(fmt, fmt))
        assert len(parsed) == len(Graph().parse(ttl))


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_from_a_build_has_a_graph_per_article_and_the_union(out: str, ttl: str, fmt: str) -> None:
    r = run("export", out, "--format", fmt)
    assert r.exit_code == 0
    ds = Dataset()
    ds.parse(data=r.output, format=fmt)
    named = [c for c in ds.contexts() if c.identifier != ds.default_context.identifier]
    assert len(named) == 6  # the seed page's six articles
    assert len(ds.default_context) == len(Graph().parse(ttl))  # the union, as graph.ttl has it


def test_turtle_export_keeps_the_literals_of_graph_ttl(ttl: str) -> None:
    r = run("export", ttl, "--format", "turtle")
    assert '"88000"^^xsd:decimal' in r.output and "88000.0" not in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "nope", "-o", "{tmp}/out"], "Error: nope: no such file or directory\n"),
        (["extract", "nope.txt"], "Error: nope.txt: no such file or directory\n"),
        (["remove", "nope", "x"], "Error: nope: no such directory\n"),
        (["push", "nope", "--endpoint", "http://127.0.0.1:9/store"], "Error: nope: no such directory\n"),
        (["serve", "nope"], "Error: nope: no such directory\n"),
        (["eval", "--scorer-dir", "nope"], "Error: nope: no such directory\n"),
        (["draw", "nope.ttl"], "Error: nope.ttl: no such graph file\n"),
        (["export", "nope.ttl"], "Error: nope.ttl: no such graph file\n"),
        (["validate", "nope.ttl"], "Error: nope.ttl: no such graph file\n"),
        (["query", "nope.ttl", "events"], "Error: nope.ttl: no such graph file\n"),
        (["build"], "Error: Missing argument 'PATHS...' (see `unionkg build --help`)\n"),
        (
            ["query", "{tmp}", "events"],
            "Error: {tmp}: a directory, but not a UnionKG store (give a build's output directory, with "
            "store/ in it, or the store itself)\n",
        ),
        (
            ["validate", "{tmp}/bad.ttl"],
            "Error: {tmp}/bad.ttl:3: not valid turtle: newline found in string literal\n",
        ),
    ],
)
def test_every_command_says_what_is_wrong_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "bad.ttl").write_text(
        '@prefix x: <http://x/> .\nx:a x:b x:c .\nx:a x:b "unclosed .\n', encoding="utf-8"
    )
    r = run(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert (r.exit_code, r.output) == (1, message.replace("{tmp}", str(tmp_path)))


def test_validate_has_its_own_status_for_violations(tmp_path: Path) -> None:
    bad = tmp_path / "two-labels.ttl"
    bad.write_text(
        "@prefix ukg: <https://w3id.org/unionkg/ns#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/unionkg/id/person/x> a ukg:Person ; rdfs:label "甲" , "乙" .\n',
        encoding="utf-8",
    )
    r = run("validate", str(bad))
    assert r.exit_code == 4 and r.output.endswith("1 violation(s)\n")


def test_draw_focus_on_nothing_suggests_names(ttl: str, tmp_path: Path) -> None:
    r = run("draw", ttl, "-o", str(tmp_path / "p.html"), "--focus", "平谷总工会")
    assert r.exit_code == 1
    assert r.output.startswith(
        "Error: --focus 平谷总工会: no node's name holds it; the nearest names: 平谷区总工会"
    )
    assert not (tmp_path / "p.html").exists()


def test_the_page_and_gexf_carry_no_clock_and_list_sources_in_a_fold(ttl: str, tmp_path: Path) -> None:
    from datetime import date

    from graph.rdf.io import load
    from graph.view import draw

    files = [f"in/{n:03d}.txt" for n in range(200)]
    draw(load(ttl), tmp_path / "p.html", sources=files)
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "<summary>来源：200 个文件</summary>" in page and "<li>in/199.txt</li>" in page
    assert date.today().isoformat() not in page
    gexf = run("export", ttl, "--format", "gexf").output
    assert "lastmodifieddate" not in gexf and date.today().isoformat() not in gexf


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_have_every_edge_the_page_counts(ttl: str, tmp_path: Path, fmt: str) -> None:
    run("export", ttl, "--format", fmt, "-o", str(tmp_path / f"g.{fmt}"))
    run("draw", ttl, "-o", str(tmp_path / "p.html"))
    net = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(tmp_path / f"g.{fmt}")
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert f"{net.number_of_edges()} 条关系" in page
    assert {d.get("class") for _, d in net.nodes(data=True)} >= {"TradeUnion", "Person", "Event"}
    predicates = {d["predicate"] for _, _, d in net.edges(data=True)}
    assert (
        "https://w3id.org/unionkg/ns#organizer" in predicates
        and "http://www.w3.org/ns/org#member" in predicates
    )


def test_validate_ok(ttl: str) -> None:
    r = run("validate", ttl)
    assert r.exit_code == 0
    assert r.output == f"{ttl}: conforms to the UnionKG shapes\n"


def test_draw_focus(ttl: str, tmp_path: Path) -> None:
    r = run("draw", ttl, "-o", str(tmp_path / "p.html"), "--focus", "平谷区总工会", "--hops", "1")
    assert r.exit_code == 0, r.output
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "平谷区总工会" in page and "内联升" not in page


def test_extract_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "s.jsonl"
    src.write_text(
        json.dumps({"id": "1", "text": "海淀区总工会主席王建国表示。"}, ensure_ascii=False), encoding="utf-8"
    )
    line = json.loads(run("extract", str(src)).output)
    assert line["id"] == "1"
    assert {(m["class"], m["text"]) for m in line["mentions"]} == {
        ("TradeUnion", "海淀区总工会"),
        ("Person", "王建国"),
    }


def test_runaway_query_is_stopped(ttl: str) -> None:
    r = run(
        "query", ttl, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "0.5"
    )
    assert r.exit_code == 1
    assert (
        r.output == "Error: the query ran longer than 0.5 s and was stopped (narrow it, or raise --timeout)\n"
    )


def test_update_only_when_asked_and_only_on_a_store(seed_build, tmp_path: Path) -> None:
    from graph.builder import build

    out = tmp_path / "out"
    build([Path(__file__).resolve().parent.parent / "seeds"], out, html=False)
    update = "INSERT DATA { GRAPH <urn:notes> { <urn:a> <urn:b> 'c' } }"
    assert run("query", str(out), update).exit_code == 1
    r = run("query", str(out), update, "--allow-update")
    assert (r.exit_code, r.output) == (0, f"updated {out / 'store'}: +1 quads\n")
    r = run("query", str(out / "graph.ttl"), update, "--allow-update")
    assert (
        r.output
        == f"Error: {out / 'graph.ttl'}: SPARQL Update needs a store directory (a build's output), not a graph file\n"
    )


@pytest.fixture(scope="module")
def out(ttl: str) -> str:
    return str(Path(ttl).parent)  # the seed's build directory: its store and graph.ttl


@pytest.mark.parametrize("where", ["store", "file"])
def test_ask_answers_on_a_store_and_on_a_file(out: str, ttl: str, where: str) -> None:
    r = run("query", out if where == "store" else ttl, "ASK { ?e a ukg:Event }")
    assert (r.exit_code, r.output) == (0, "ask\n----\ntrue\n(1 rows)\n")


def test_a_parameter_gives_the_same_rows_on_a_store_and_on_a_file(out: str, ttl: str) -> None:
    q = "SELECT ?l WHERE { ?e rdfs:label ?l ; a ?c } ORDER BY ?l"  # ?c is not projected
    on_store = run("query", out, q, "--param", "c=ukg:District", "--format", "csv")
    on_file = run("query", ttl, q, "--param", "c=ukg:District", "--format", "csv")
    assert on_store.exit_code == on_file.exit_code == 0
    assert on_store.output == on_file.output == "l\n丰台区\n平谷区\n朝阳区\n西城区\n"


@pytest.mark.parametrize("where", ["store", "file"])
def test_a_parameter_the_query_lacks_is_an_error(out: str, ttl: str, where: str) -> None:
    r = run("query", out if where == "store" else ttl, "events", "--param", "district=平谷区")
    assert (r.exit_code, r.output) == (
        1,
        "Error: --param district: the query has no parameter ?district (its parameters: event)\n",
    )
    twice = run("query", ttl, "events", "--param", "event=a", "--param", "event=b")
    assert (twice.exit_code, twice.output) == (
        1,
        "Error: --param event is given twice: give each parameter once\n",
    )


def test_query_list_shows_parameters() -> None:
    assert "--param district=…" in run("query", "--list").output


@pytest.mark.parametrize("where", ["store", "file"])
def test_construct_and_describe_print_rdf(out: str, ttl: str, where: str) -> None:
    source = out if where == "store" else ttl
    r = run(
        "query", source, "CONSTRUCT { ?d a ukg:District } WHERE { ?d a ukg:District ; rdfs:label '平谷区' }"
    )
    assert r.exit_code == 0 and "<https://w3id.org/unionkg/id/district/平谷区> a ukg:District" in r.output
    nt = run("query", source, "DESCRIBE <https://w3id.org/unionkg/id/district/平谷区>", "--format", "nt")
    assert nt.exit_code == 0 and '<http://www.w3.org/2000/01/rdf-schema#label> "平谷区"' in nt.output
    wrong = run("query", source, "events", "--format", "turtle")
    assert (wrong.exit_code, wrong.output) == (
        1,
        "Error: --format turtle is for CONSTRUCT and DESCRIBE; rows print as table | csv | json\n",
    )


def test_evidence_lists_each_mention_once(ttl: str) -> None:
    r = run("query", ttl, "evidence", "--format", "json")
    rows = json.loads(r.output)
    spans = [(x["article"], x["start"], x["end"]) for x in rows]
    assert len(spans) == len(set(spans))


@pytest.mark.parametrize("where", ["store", "file"])
def test_json_has_numbers_and_booleans_and_csv_a_bom(out: str, ttl: str, where: str) -> None:
    source = out if where == "store" else ttl
    figures = json.loads(run("query", source, "figures", "--format", "json").output)
    assert all(isinstance(f["value"], int | float) and isinstance(f["approximate"], bool) for f in figures)
    assert run("query", source, "figures", "--format", "csv", "--bom").output.startswith("\ufeffsubject,")


def test_a_sentence_broken_across_lines_is_one_line_in_the_graph(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("标题\n\n近日,青田县总工会为职工开展\n\n中医养生讲座。\n", encoding="utf-8")
    assert run("build", str(page), "-o", str(tmp_path / "out"), "--no-html").exit_code == 0
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    texts = {str(o) for o in g.objects(None, URIRef("https://w3id.org/unionkg/ns#text")) if "讲座" in str(o)}
    assert "近日,青田县总工会为职工开展中医养生讲座。" in texts
    assert not [t for t in texts if "\n" in t]


@pytest.mark.parametrize("command", ["stages", "eval", "query", "build", "export", "push", "serve", "remove"])
def test_help_has_a_clean_example(command: str) -> None:
    text = run(command, "--help").output
    example = text[text.index("Example") : text.index("Options:")].removeprefix("Example:").splitlines()
    lines = [line.strip() for line in example if line.strip()]
    # each line of the example is a whole command: none was wrapped in the middle
    assert lines and all(line.startswith(f"unionkg {command}") for line in lines), lines


def test_stages_lists_every_stage_and_rule() -> None:
    from graph.extract.registry import STAGES
    from graph.pipeline import DEFAULT_PIPELINE

    out = run("stages").output
    for name in DEFAULT_PIPELINE:
        assert any(line.startswith(name) for line in out.splitlines()), name
        for rule_id in STAGES[name].rules:
            assert f"  {rule_id} " in out, rule_id


def test_progress_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from graph import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(progress, "AFTER", 0.0)
    monkeypatch.setattr(progress, "EVERY", 0.0)
    term, pipe = Terminal(), io.StringIO()
    for stream in (term, pipe):
        p = progress.Progress(3, stream)
        p.read(1000, 1)
        p.article()
        p.read(2000, 2)
        p.article()
        p.done()
    assert "2 articles" in term.getvalue() and "1 files left" in term.getvalue()
    assert term.getvalue().endswith("\r\033[K")  # the line is cleared for the summary
    assert pipe.getvalue() == ""  # not a terminal: silent
