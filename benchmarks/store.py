"""The embedded Oxigraph store against rdflib's in-memory store on synthetic graphs of our shape.

    python benchmarks/store.py [--sizes 100000,1000000] [--runs 3] [--rdflib-max 1000000]

For each size: a generated dataset (one named graph per article, the ontology's classes and
properties, entities shared across articles) is loaded into each store in its own process; then
Turtle export, and every named query in queries/ (median of --runs). Prints seconds, peak memory
and the ratio rdflib / Oxigraph per query.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NS = "https://w3id.org/unionkg/ns#"
ID = "https://w3id.org/unionkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CHARS = "平谷朝阳丰台海淀东城西城通州顺义大兴昌平怀柔密云延庆门头沟房山石景山街道社区公司集团工会活动比赛中心"


def lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def generate(triples: int, path: Path, seed: int = 1) -> None:
    """Write N-Quads with about ``triples`` triples, shaped like a build's output."""
    rnd = random.Random(seed)
    n_articles = max(1, triples // 119)  # about 119 triples an article
    pool = {
        cls: [f"{''.join(rnd.choices(CHARS, k=4))}{cls}{i}" for i in range(max(10, n_articles // 4))]
        for cls in ("District", "Subdistrict", "TradeUnion", "Company", "Organization", "Event", "Person")
    }
    with path.open("w", encoding="utf-8") as out:
        for a in range(n_articles):
            g = f"<{ID}graph/a{a}>"
            art = f"<{ID}article/a{a}>"

            def q(s: str, p: str, o: str, g: str = g) -> None:
                out.write(f"{s} <{p}> {o} {g} .\n")

            q(art, RDF_TYPE, f"<{NS}Article>")
            q(art, NS + "title", lit(f"标题{a}"))
            q(art, NS + "source", lit(f"news/{a // 50}.txt"))
            q(art, NS + "contentHash", lit(f"{a:032x}"))
            q(f"<{ID}stage/relations>", LABEL, lit("relations"))
            ents = {cls: rnd.choice(names) for cls, names in pool.items()}
            iri = {cls: f"<{ID}{cls.lower()}/{name}>" for cls, name in ents.items()}
            for cls, name in ents.items():
                q(iri[cls], RDF_TYPE, f"<{NS}{cls}>")
                q(iri[cls], LABEL, lit(name))
            facts = [  # every relation has its evidence, as in a build
                ("Subdistrict", "partOf", "District"),
                ("TradeUnion", "locatedIn", "Subdistrict"),
                ("TradeUnion", "unionOf", "Company"),
                ("Event", "organizer", "TradeUnion"),
                ("Event", "participant", "Company"),
                ("Event", "location", "Subdistrict"),
            ]
            for subj, prop, obj in facts:
                q(iri[subj], NS + prop, iri[obj])
            for s in range(5):
                sent = f"<{ID}article/a{a}/s{s}>"
                q(sent, RDF_TYPE, f"<{NS}Sentence>")
                q(sent, NS + "article", art)
                q(sent, NS + "text", lit(f"第{s}句,{ents['TradeUnion']}举办{ents['Event']}。"))
                q(sent, NS + "start", f'"{s * 40}"^^<http://www.w3.org/2001/XMLSchema#integer>')
                q(sent, NS + "end", f'"{s * 40 + 39}"^^<http://www.w3.org/2001/XMLSchema#integer>')
                cls = list(ents)[s]
                m = f"<{ID}article/a{a}/m{s}>"
                for p, o in (
                    (RDF_TYPE, f"<{NS}Mention>"),
                    (NS + "refersTo", iri[cls]),
                    (NS + "sentence", sent),
                    (NS + "text", lit(ents[cls])),
                    (NS + "start", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
                    (NS + "end", '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'),
                ):
                    q(m, p, o)
            for k, (subj, prop, obj) in enumerate(facts):
                ev = f"<{ID}article/a{a}/f{k}>"
                for p, o in (
                    (RDF_TYPE, f"<{NS}Evidence>"),
                    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject", iri[subj]),
                    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate", f"<{NS}{prop}>"),
                    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#object", iri[obj]),
                    (NS + "sentence", f"<{ID}article/a{a}/s0>"),
                    ("http://www.w3.org/ns/prov#wasGeneratedBy", f"<{ID}stage/relations>"),
                ):
                    q(ev, p, o)
            qty = f"<{ID}article/a{a}/q0>"
            for p, o in (
                (RDF_TYPE, f"<{NS}Quantity>"),
                (NS + "value", f'"{rnd.randint(1, 9999)}"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
                (NS + "unit", lit("家")),
                (NS + "indicator", lit("工会组织")),
                (NS + "about", iri["District"]),
                (NS + "text", lit("4003家")),
                (NS + "sentence", f"<{ID}article/a{a}/s1>"),
            ):
                q(qty, p, o)
            if a % 3 == 0:
                ms, role = f"<{ID}membership/a{a}>", f"<{ID}role/主席>"
                for p, o in (
                    (RDF_TYPE, f"<{NS}Membership>"),
                    (NS + "member", iri["Person"]),
                    (NS + "organization", iri["TradeUnion"]),
                    (NS + "role", role),
                    (NS + "sentence", f"<{ID}article/a{a}/s2>"),
                ):
                    q(ms, p, o)
                q(role, RDF_TYPE, f"<{NS}Role>")
                q(role, LABEL, lit("主席"))
                person_art = f"<{ID}person/{ents['Person']}>"
                q(art, NS + "author", person_art)


# a value for each query parameter, found in the data: queries are timed as they are used, for one
# district, one person, one event … (a parameter-free query lists everything)
PARAM_VALUES = {
    "district": "SELECT ?v WHERE { ?x a ukg:District ; rdfs:label ?v } LIMIT 1",
    "person": "SELECT ?v WHERE { ?x a ukg:Person ; rdfs:label ?v } LIMIT 1",
    "author": "SELECT ?v WHERE { ?a ukg:author/rdfs:label ?v } LIMIT 1",
    "event": "SELECT ?v WHERE { ?x a ukg:Event ; rdfs:label ?v } LIMIT 1",
    "subject": "SELECT ?v WHERE { ?q ukg:about/rdfs:label ?v } LIMIT 1",
    "name": "SELECT ?v WHERE { ?x a ukg:TradeUnion ; rdfs:label ?v } LIMIT 1",
    "title": "SELECT ?v WHERE { ?a a ukg:Article ; ukg:title ?v } LIMIT 1",
}


def parameters(text: str) -> list[str]:
    first = next((ln for ln in text.splitlines() if ln.startswith("# Parameter")), "")
    return [p for p in (w.strip("?,.;()") for w in first.split()) if p in PARAM_VALUES and f"?{p}" in first]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(engine: str, data: Path, runs: int, budget: float = 120.0) -> dict:
    """In this process: load, export and query with one engine; a dict of seconds and peak memory."""
    from graph.sparql import library, run, run_store

    out: dict = {"queries": {}}
    start = time.perf_counter()
    if engine == "oxigraph":
        from graph.rdf.store import ArticleStore

        store = ArticleStore(Path(tempfile.mkdtemp()) / "store")
        store.load_nquads(data)  # the article graphs, then the de-duplicated union the queries read
        out["load"] = time.perf_counter() - start
        start = time.perf_counter()
        store.turtle()
        out["export"] = time.perf_counter() - start
        from rdflib import Literal

        for name, q in library().items():
            params = {
                p: Literal(run_store(store, PARAM_VALUES[p]).body[0][0]) for p in parameters(q.text)[:1]
            }
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                run_store(store, name, params)
                times.append(time.perf_counter() - t)
            out["queries"][name] = statistics.median(times)
            out.setdefault("params", {})[name] = {k: str(v) for k, v in params.items()}
    else:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(str(data), format="nquads")
        out["load"] = time.perf_counter() - start
        start = time.perf_counter()
        from rdflib import Graph

        union = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        union.serialize(format="turtle")
        out["export"] = time.perf_counter() - start
        import signal

        from rdflib import Literal

        def give_up(*_):
            raise TimeoutError

        signal.signal(signal.SIGALRM, give_up)
        for name, q in library().items():
            params = {
                p: Literal(run(union, PARAM_VALUES[p]).bindings[0]["v"]) for p in parameters(q.text)[:1]
            }
            t = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, budget)  # rdflib is pure Python: an alarm stops it
            try:
                run(union, name, params)
                out["queries"][name] = time.perf_counter() - t  # one run: rdflib takes long enough
            except Exception:  # the budget ran out (rdflib wraps errors raised inside a query)
                out["queries"][name] = None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    out["peak_mb"] = peak_mb()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rdflib-max", type=int, default=1_000_000, help="skip rdflib above this size")
    ap.add_argument("--budget", type=float, default=120.0, help="seconds an rdflib query may take")
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.engine:  # the child process
        print(json.dumps(run_engine(args.engine, Path(args.data), args.runs, args.budget)))
        return
    for size in map(int, args.sizes.split(",")):
        data = Path(tempfile.mkdtemp()) / "data.nq"
        generate(size, data)
        results = {}
        for engine in ("oxigraph", "rdflib"):
            if engine == "rdflib" and size > args.rdflib_max:
                continue
            done = subprocess.run(
                [sys.executable, __file__, "--engine", engine, "--data", str(data), "--runs", str(args.runs)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[engine] = json.loads(done.stdout)
        ox_r, rd_r = results["oxigraph"], results.get("rdflib")
        lines = sum(1 for _ in data.open(encoding="utf-8"))
        print(f"\n== {lines:,} quads")
        print(f"{'step':<28}{'oxigraph s':>10}{'rdflib s':>12}{'ratio':>8}")
        rows = [
            ("load", ox_r["load"], rd_r and rd_r["load"]),
            ("turtle export", ox_r["export"], rd_r and rd_r["export"]),
        ]
        rows += [(f"query {n}", t, rd_r and rd_r["queries"][n]) for n, t in ox_r["queries"].items()]
        for name, a, b in rows:
            if rd_r is None:
                print(f"{name:<28}{a:>10.3f}")
            elif b is None:  # rdflib ran out of budget: the ratio is at least budget / oxigraph
                print(
                    f"{name:<28}{a:>10.3f}{'>' + format(args.budget, '.0f'):>12}{'>' + format(args.budget / a, '.0f'):>8}"
                )
            else:
                print(f"{name:<28}{a:>10.3f}{b:>12.3f}{b / a:>8.0f}")
        print(f"{'peak memory MB':<28}{ox_r['peak_mb']:>10.0f}{(rd_r or {}).get('peak_mb', 0):>12.0f}")


if __name__ == "__main__":
    main()
