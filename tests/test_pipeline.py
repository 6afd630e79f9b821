"""The pipeline's contract: rules registered with ids, checked stages, one overlap policy, word lists
as data, no import cycle, and an extractor digest that follows the code that extracts."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.digest import extractor_digest, imports
from graph.errors import UnknownTerm
from graph.extract.overlaps import settle
from graph.extract.registry import RULES, STAGES, define_stage, rule
from graph.model import Mention
from graph.pipeline import DEFAULT_PIPELINE, Pipeline

PACKAGE = Path(__file__).resolve().parent.parent / "graph"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _literal_chinese(path: Path) -> int:
    """Chinese characters in a module's string literals, docstrings excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return sum(
        len(CJK.findall(node.value))
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    )


def test_word_lists_live_in_lexicons() -> None:
    files = [*(PACKAGE / "extract").glob("*.py"), *PACKAGE.glob("resolve*.py")]
    counts = {p.name: _literal_chinese(p) for p in files}
    assert sum(counts.values()) <= 400, counts


def test_every_lexicon_says_what_it_is() -> None:
    for path in (PACKAGE / "lexicons").iterdir():
        if path.suffix in (".txt", ".tsv"):
            assert path.read_text(encoding="utf-8").startswith("#"), f"{path.name} has no header comment"


def test_no_import_cycle() -> None:
    g = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        g.add_node(path)
        g.add_edges_from((path, other) for other in imports(path, PACKAGE))
    cycles = [[p.relative_to(PACKAGE).as_posix() for p in c] for c in nx.simple_cycles(g)]
    assert cycles == []


def test_every_rule_belongs_to_one_stage_and_says_what_it_finds() -> None:
    Pipeline()
    listed = [r for name in DEFAULT_PIPELINE for r in STAGES[name].rules]
    assert sorted(listed) == sorted(r for r in RULES if not r.startswith("test."))
    assert all(RULES[r].doc for r in listed)


def test_a_stage_needs_what_an_earlier_one_gives() -> None:
    with pytest.raises(UnknownTerm, match="Stage 'relations' needs entities, which no earlier stage gives"):
        Pipeline(["segment", "relations"])
    with pytest.raises(UnknownTerm, match=r"No stage 'orgz'. Available stages: .*orgs"):
        Pipeline(["segment", "orgz"])


def test_a_stage_names_real_fields() -> None:
    with pytest.raises(UnknownTerm, match=r"gives places, which the Analysis does not have. Fields"):
        define_stage("test.bad", rules=[], provides=("places",))


def _stage(name: str, fn) -> Pipeline:
    rule(f"test.{name}")(fn)
    define_stage(f"test-{name}", rules=[f"test.{name}"], requires=("tokens",), provides=("mentions",))
    return Pipeline(["segment", f"test-{name}"])


def test_the_pipeline_stamps_and_checks_what_rules_return() -> None:
    from graph.read import _document

    doc = _document("t", "甲乙丙。", "test", 0)
    found = _stage("ok", lambda a, ctx: [Mention(0, 3, "甲乙丙", "Place")])(doc)
    assert [m.rule for m in found.mentions] == ["test.ok"]
    with pytest.raises(UnknownTerm, match=r"gave class 'Planet'. Classes: .*TradeUnion"):
        _stage("badclass", lambda a, ctx: [Mention(0, 3, "甲乙丙", "Planet")])(doc)
    with pytest.raises(UnknownTerm, match=r"stamped 'org.suffix'; it may stamp test.foreign"):
        _stage("foreign", lambda a, ctx: [Mention(0, 3, "甲乙丙", "Place", rule="org.suffix")])(doc)
    with pytest.raises(UnknownTerm, match="returned a str; stage 'test-str' gives mentions"):
        _stage("str", lambda a, ctx: ["甲乙丙"])(doc)


def test_a_factory_loads_once_per_process(nlp) -> None:
    assert nlp.ctx.state("segment") is nlp.ctx.state("segment") is nlp.ctx.segmenter


def _m(start: int, end: int, cls: str, rule_id: str) -> Mention:
    return Mention(start, end, "x" * (end - start), cls, rule=rule_id)


OVERLAPS = [
    # longest wins over what crosses it
    (
        [_m(0, 4, "Organization", "org.suffix"), _m(2, 7, "Event", "event.headed")],
        [(2, 7, "Event", "event.headed")],
    ),
    # a name inside a name is kept when its rule finds names inside names...
    (
        [_m(0, 6, "TradeUnion", "org.suffix"), _m(0, 4, "Company", "org.nested")],
        [(0, 4, "Company", "org.nested"), (0, 6, "TradeUnion", "org.suffix")],
    ),
    # ...and dropped otherwise
    (
        [_m(0, 6, "TradeUnion", "org.suffix"), _m(0, 4, "Company", "org.suffix")],
        [(0, 6, "TradeUnion", "org.suffix")],
    ),
    # a district inside a longer name is kept beside it
    (
        [_m(0, 6, "TradeUnion", "org.suffix"), _m(0, 3, "District", "place.gazetteer")],
        [(0, 3, "District", "place.gazetteer"), (0, 6, "TradeUnion", "org.suffix")],
    ),
    # the same span found twice is one mention, from the rule that ran later
    (
        [_m(0, 4, "Company", "org.suffix"), _m(0, 4, "Company", "org.nested")],
        [(0, 4, "Company", "org.nested")],
    ),
]


@pytest.mark.parametrize(("mentions", "kept"), OVERLAPS)
def test_one_overlap_policy(mentions: list[Mention], kept: list[tuple]) -> None:
    assert [(m.start, m.end, m.cls, m.rule) for m in settle(mentions)] == kept


def test_priority_breaks_ties_between_equal_lengths() -> None:
    rule("test.strong", priority=5)(lambda a, ctx: [])
    weak, strong = _m(0, 4, "Place", "place.tagged"), _m(2, 6, "Person", "test.strong")
    assert settle([weak, strong]) == [strong]


def test_extract_names_the_rule_of_every_mention(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("记者 王小明\n\n东城区总工会主席李明出席了职工篮球比赛。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(src), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    mentions = [m for line in result.output.splitlines() for m in json.loads(line)["mentions"]]
    assert mentions and all(m["rule"] in RULES for m in mentions)


def test_the_graph_names_the_rule_of_every_mention(seed_graph) -> None:
    from rdflib.namespace import PROV, RDFS

    from graph.rdf.namespace import UKG

    mentions = set(seed_graph.subjects(UKG.refersTo))
    rules = {str(seed_graph.value(seed_graph.value(m, PROV.wasGeneratedBy), RDFS.label)) for m in mentions}
    assert rules <= set(RULES) and len(rules) >= 10


# --- the extractor digest follows the code and data that extract, and nothing else ---


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "graph"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


STAGE_MODULES = sorted({RULES[r].module for name in DEFAULT_PIPELINE for r in STAGES[name].rules})


def _digest(root: Path, data: tuple[str, ...] = ()) -> str:
    return extractor_digest(STAGE_MODULES, data, root=root)


@pytest.mark.parametrize(
    ("path", "changes"),
    [
        ("cli.py", False),
        ("view/html.py", False),
        ("sparql.py", False),
        ("extract/orgs.py", True),
        ("lexicons/titles.txt", True),
        ("model.py", True),
        ("read/normalise.py", True),
        ("rdf/convert.py", True),
    ],
)
def test_what_the_digest_follows(package_copy: Path, path: str, changes: bool) -> None:
    before = _digest(package_copy)
    with (package_copy / path).open("a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    assert (_digest(package_copy) != before) is changes


def test_a_stage_data_file_joins_the_digest(package_copy: Path) -> None:
    (package_copy / "model.bin").write_bytes(b"weights v1")
    before = _digest(package_copy, ("model.bin",))
    (package_copy / "model.bin").write_bytes(b"weights v2")
    assert _digest(package_copy, ("model.bin",)) != before


def _build(src: Path, out: Path) -> tuple[int, int, int, int]:
    import gc

    from graph.builder import build

    result = build([str(src)], out, html=False)
    counts = (result.articles, result.added, result.replaced, result.unchanged)
    del result
    gc.collect()  # the store closes when its last reference goes
    return counts


def test_editing_the_cli_rebuilds_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request) -> None:
    """End to end: a build; a comment added to cli.py, and a rebuild finds every article unchanged;
    a line added to a lexicon, and every article is extracted again."""
    import graph.builder as builder
    import graph.digest as digest

    src, out = PACKAGE.parent / "seeds", tmp_path / "out"
    copy = tmp_path / "graph"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    original = digest.extractor_digest
    monkeypatch.setattr(digest, "extractor_digest", lambda m, d=(), *, root=copy: original(m, d, root=root))
    builder.extractor_digest.cache_clear()
    request.addfinalizer(builder.extractor_digest.cache_clear)  # no digest of the copy outlives the test
    articles, added, _, _ = _build(src, out)
    assert added == articles > 0
    with (copy / "cli.py").open("a", encoding="utf-8") as f:
        f.write("\n# a comment\n")
    builder.extractor_digest.cache_clear()
    assert _build(src, out) == (articles, 0, 0, articles)
    with (copy / "lexicons" / "titles.txt").open("a", encoding="utf-8") as f:
        f.write("\n# a comment\n")
    builder.extractor_digest.cache_clear()
    assert _build(src, out) == (articles, 0, articles, 0)


def test_pipe_gives_what_one_document_at_a_time_gives(tagged, tmp_path: Path) -> None:
    """Batches (each rule over the batch, the tagger over all its sentences) change nothing."""
    from corpus import write_corpus

    from graph.read import read_paths

    docs = list(read_paths([str(write_corpus(tmp_path / "c", n=30))]))
    one = [tagged(d) for d in docs]
    for batch_chars in (1, 500, 10**9):
        piped = list(tagged.pipe(docs, batch_chars=batch_chars))
        assert [a.doc.id for a in piped] == [d.id for d in docs]
        assert [(a.mentions, a.entities, a.facts, a.memberships) for a in piped] == [
            (a.mentions, a.entities, a.facts, a.memberships) for a in one
        ]
    assert any(m.rule == "tagger.crf" for a in one for m in a.mentions)


def test_a_new_import_joins_the_digest_though_the_imports_are_remembered(package_copy: Path) -> None:
    """The digest remembers each file's imports by its bytes: a file that comes to import a module
    brings that module into the digest (and the remembered imports equal a fresh parse)."""
    from graph.digest import _parsed_imports, imports

    for path in sorted(package_copy.rglob("*.py")):
        assert imports(path, package_copy) == _parsed_imports(path, package_copy, path.read_bytes())
    _digest(package_copy)  # the imports are remembered now
    unused = package_copy / "view" / "network.py"  # no stage imports the page's module
    before = _digest(package_copy)
    unused.write_text(unused.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert _digest(package_copy) == before
    convert = package_copy / "rdf" / "convert.py"
    convert.write_text(
        "from ..view import network  # noqa\n" + convert.read_text(encoding="utf-8"), encoding="utf-8"
    )
    now = _digest(package_copy)
    unused.write_text(unused.read_text(encoding="utf-8") + "\n# another edit\n", encoding="utf-8")
    assert _digest(package_copy) != now


def test_a_mention_named_is_the_mention_replaced() -> None:
    """Mention.named copies every field (a field added later must be copied too)."""
    import dataclasses

    from graph.model import Mention

    m = Mention(3, 7, "区总工会", "TradeUnion", "", "org.suffix", 0.75)
    assert m.named("某区总工会") == dataclasses.replace(m, name="某区总工会")
    assert [f.name for f in dataclasses.fields(Mention)] == [
        "start",
        "end",
        "text",
        "cls",
        "name",
        "rule",
        "score",
    ]
