"""A build on a Dask cluster against the one-process build: wall time, CPU time and the client's share.

    python benchmarks/scale_out.py [--mb 2] [--runs jobs:1,local:1,local:2] [--bio ../shared/eval/peoples-daily/dev.bio]

The corpus is made as benchmarks/throughput.py makes it (the seed's articles, and the BIO corpus's
sentences when given, shuffled into JSON Lines of about 2,000 characters an article). Each run
builds it from scratch, without the page, in a fresh process: `jobs:N` with N local worker processes
(graph.workers), `local:N` on a Dask LocalCluster of N single-thread worker processes (started
inside the run and counted in its wall time). The client is the process that reads, hashes,
receives the graphs and writes the store and graph.ttl; on a LocalCluster the scheduler runs in it
and is counted with it. Workers' CPU is that of the run's finished child processes. Prints wall
seconds, CPU seconds (client, workers, all), the client's share of the CPU, the client's CPU
seconds per million triples, the wall seconds of writing graph.ttl (the client's alone), and
whether graph.ttl is the same as the first run's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def child(path: Path, run: str) -> None:
    """In a fresh process: one build of the corpus; print a JSON line of figures."""
    from graph.builder import build

    kind, n = run.split(":")
    options = {"jobs": int(n)} if kind == "jobs" else {"scheduler": run}
    out = Path(tempfile.mkdtemp()) / "out"
    me, kids = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = build([path], out, html=False, **options)
    seconds = time.perf_counter() - start
    triples = result.counts()["triples"]
    figures = {
        "wall_s": seconds,
        "client_cpu_s": _cpu(resource.RUSAGE_SELF) - me,
        "worker_cpu_s": _cpu(resource.RUSAGE_CHILDREN) - kids,
        "articles": result.articles,
        "triples": triples,
        "parts": result.timings,
        "graph": hashlib.sha256((out / "graph.ttl").read_bytes()).hexdigest()[:12],
    }
    print(json.dumps(figures))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB of UTF-8 text")
    ap.add_argument("--runs", default="jobs:1,local:1,local:2", help="jobs:N or local:N, comma-separated")
    ap.add_argument("--bio")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child), args.runs)
        return
    from extract_speed import real_texts
    from throughput import corpus

    path = Path(tempfile.mkdtemp()) / "corpus.jsonl"
    chars = corpus(path, args.mb, real_texts(args.bio))
    print(f"{args.mb:g} MB, {chars:,} characters")
    print(
        f"{'run':<9}{'articles':>9}{'triples':>9}{'wall s':>8}{'speed-up':>9}{'client CPU':>11}"
        f"{'worker CPU':>11}{'all CPU':>8}{'client %':>9}{'client s/M triples':>19}{'turtle s':>9}{'same':>6}"
    )
    first = None
    for run in args.runs.split(","):
        cmd = [sys.executable, __file__, "--child", str(path), "--runs", run]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        first = first or r
        everything = r["client_cpu_s"] + r["worker_cpu_s"]
        print(
            f"{run:<9}{r['articles']:>9}{r['triples']:>9}{r['wall_s']:>8.1f}"
            f"{first['wall_s'] / r['wall_s']:>9.2f}{r['client_cpu_s']:>11.1f}{r['worker_cpu_s']:>11.1f}"
            f"{everything:>8.1f}{100 * r['client_cpu_s'] / everything:>9.0f}"
            f"{r['client_cpu_s'] / r['triples'] * 1e6:>19.0f}{r['parts'].get('turtle', 0):>9.1f}"
            f"{'yes' if r['graph'] == first['graph'] else 'NO':>6}"
        )


if __name__ == "__main__":
    main()
