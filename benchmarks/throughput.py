"""End-to-end build throughput against jieba.lcut, at 1, 4 and 16 MB of real text: what `unionkg build` does by default, the page included.

    python benchmarks/throughput.py [--bio ../shared/eval/peoples-daily/dev.bio] [--sizes 1,4,16] [--jobs 1,2]

The corpus is the seed's articles (and the BIO corpus's sentences, when given), repeated and
shuffled into JSON Lines of about 2,000 characters an article. Each size is built from scratch into
an on-disk store in its own process, once for each number of worker processes; jieba.lcut runs on
the same text in the same process. Prints characters per second for both, their ratio, the speed-up
over one process, whether graph.ttl is the same, peak memory (this process and its workers),
seconds per MB, and the marginal seconds per MB: what each MB beyond the size before cost (to see
growth without the fixed start-up). With --repeat N each size is built N times, each time with
its own lcut: the row is the fastest build's, beside the fastest lcut.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus(path: Path, megabytes: float, pieces: list[str], seed: int = 1) -> int:
    """Write JSON Lines of about ``megabytes`` MB of UTF-8 text; return the number of characters."""
    rnd = random.Random(seed)
    target, size, chars, n = int(megabytes * 1_000_000), 0, 0, 0
    with path.open("w", encoding="utf-8") as f:
        while size < target:
            body, length = [], 0
            while length < 2000:
                piece = rnd.choice(pieces)
                body.append(piece)
                length += len(piece)
            text = "\n\n".join(body)
            f.write(json.dumps({"id": f"a{n}", "title": f"第{n}篇", "text": text}, ensure_ascii=False) + "\n")
            size += len(text.encode("utf-8"))
            chars += len(text)
            n += 1
    return chars


MORE = (
    "近日,青田县总工会举办职工运动会,来自全县各单位的300余名职工参加。" * 20
)  # one more article, ~1,000 characters


def _cpu() -> float:
    """CPU seconds of this process and its finished children (worker processes)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def child(path: Path, jobs: int) -> None:
    """In a fresh process: build the corpus, then jieba.lcut it; print a JSON line of figures."""
    from graph.builder import build
    from graph.collect import few_collections

    few_collections()  # as the command line does

    # a copy of the corpus, which this child grows by one article (the run with the next number of
    # workers builds the corpus as it was), built from its own folder: the source recorded in the
    # graph is the same relative name in every run
    data = path.read_bytes()
    os.chdir(tempfile.mkdtemp())
    own = Path(path.name)
    own.write_bytes(data)
    path, out = own, Path("out")
    cpu = _cpu()
    start = time.perf_counter()
    result = build([path], out, jobs=jobs)  # as `unionkg build` does: the page included
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    digest = hashlib.sha256((out / "graph.ttl").read_bytes()).hexdigest()[:12]
    parts, articles = dict(result.timings), result.articles
    docs = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    del result  # the store closes: the next build opens it again
    gc.collect()
    # one more article into the built store (the same file, one line more): what the next day's
    # article costs at this size, the Turtle and the page written again included
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"id": "more", "text": MORE}, ensure_ascii=False) + "\n")
    start = time.perf_counter()
    build([path], out, jobs=jobs)
    one_more = time.perf_counter() - start
    import jieba

    gc.set_threshold(700, 10, 10)  # lcut at Python's default
    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    tok.initialize()
    start = time.perf_counter()
    for d in docs:
        tok.lcut(d)
    lcut = time.perf_counter() - start
    chars = sum(map(len, docs))
    print(
        json.dumps(
            {
                "chars": chars,
                "build_s": seconds,
                "lcut_s": lcut,
                "peak_mb": peak,
                "worker_peak_mb": workers,
                "articles": articles,
                "graph": digest,
                "cpu_s": cpu,
                "parts": parts,
                "one_more_s": one_more,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bio")
    ap.add_argument("--sizes", default="1,4,16", help="megabytes, comma-separated")
    ap.add_argument("--jobs", default="1,2", help="worker processes, comma-separated")
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs of each size and jobs: the fastest build and lcut"
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child), int(args.jobs))
        return
    from extract_speed import real_texts  # the same real text, read one way

    pieces = real_texts(args.bio)
    print(
        f"{'MB':>4}{'jobs':>5}{'articles':>9}{'build c/s':>11}{'lcut c/s':>10}{'ratio':>7}{'speed-up':>9}"
        f"{'same':>6}{'s per MB':>9}{'CPU s/MB':>9}{'marginal':>9}{'extract':>8}{'store':>6}{'turtle':>7}{'page':>6}"
        f"{'+1 art':>7}{'peak MB':>8}{'worker MB':>10}"
    )
    last: dict[int, tuple[float, float]] = {}  # jobs -> (MB, seconds) of the size before
    for mb in map(float, args.sizes.split(",")):
        path = Path(tempfile.mkdtemp()) / "corpus.jsonl"
        corpus(path, mb, pieces)
        first = None
        for jobs in map(int, args.jobs.split(",")):
            cmd = [sys.executable, __file__, "--child", str(path), "--jobs", str(jobs)]
            runs = []
            for _ in range(args.repeat):  # on a shared host, speed drifts: each run has both
                done = subprocess.run(cmd, capture_output=True, text=True, check=True)
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            r = min(runs, key=lambda run: run["build_s"])
            r["lcut_s"] = min(run["lcut_s"] for run in runs)
            first = first or r
            # seconds per MB between this size and the one before: linear growth keeps it flat
            # (s per MB also carries the fixed start-up, which weighs most at 1 MB)
            before_mb, before_s = last.get(jobs, (0.0, 0.0))
            marginal = (r["build_s"] - before_s) / (mb - before_mb)
            last[jobs] = (mb, r["build_s"])
            build_cps, lcut_cps = r["chars"] / r["build_s"], r["chars"] / r["lcut_s"]
            print(
                f"{mb:>4g}{jobs:>5}{r['articles']:>9}{build_cps:>11,.0f}{lcut_cps:>10,.0f}"
                f"{build_cps / lcut_cps:>7.2f}{first['build_s'] / r['build_s']:>9.2f}"
                f"{'yes' if r['graph'] == first['graph'] else 'NO':>6}{r['build_s'] / mb:>9.1f}"
                f"{r['cpu_s'] / mb:>9.1f}{marginal:>9.1f}{r['parts'].get('extract', 0):>8.1f}"
                f"{r['parts'].get('store', 0):>6.1f}{r['parts'].get('turtle', 0):>7.1f}{r['parts'].get('page', 0):>6.1f}{r['one_more_s']:>7.1f}"
                f"{r['peak_mb']:>8.0f}{r['worker_peak_mb']:>10.0f}"
            )


if __name__ == "__main__":
    main()
