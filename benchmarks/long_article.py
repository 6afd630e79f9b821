"""One long article against the same text as ten articles: is a build linear in article length?

    python benchmarks/long_article.py [--sizes 100000,300000,1700000]

The seed page's text is repeated into one article of each size (characters; 1.7 million is about
5 MB of UTF-8, under the reader's cap of 2 million) and built from scratch, each in its own process
(`unionkg build ... --no-html`); the same text cut into ten articles (at paragraph breaks) is built
the same way. Prints seconds, characters a second and the time per 100k characters for both (flat
when the build is linear in the article's length), their ratio (the issue asks at most 1.5), and the
peak memory of each build's process.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the build in a child process that reports its own peak memory (ru_maxrss is in KiB on Linux)
CHILD = (
    "import resource, sys\n"
    "from graph.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as e:\n"
    "    if e.code: raise\n"
    "finally:\n"
    "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)\n"
)


def text_of(size: int) -> str:
    body = re.sub(
        r"^#+ .*$", "", (ROOT / "seeds" / "000_7063dbed7b201b27.txt").read_text(encoding="utf-8"), flags=re.M
    )
    text = ""
    while len(text) < size:
        text += body
    return text[:size]


def tenths(text: str) -> list[str]:
    """The text in ten pieces of about the same size, cut after a paragraph break."""
    pieces, start = [], 0
    for k in range(1, 10):
        cut = text.find("\n\n", max(start, len(text) * k // 10))
        if cut < 0:
            break
        pieces.append(text[start:cut])
        start = cut + 2
    return [*pieces, text[start:]]


def run(src: Path, out: Path) -> tuple[float, int]:
    """Seconds and peak MB of one build in a process of its own."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "build", str(src), "-o", str(out), "--no-html"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started, int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,300000,1700000")
    args = ap.parse_args()
    head = f"{'characters':>10} {'one s':>7} {'s/100k':>6} {'peak MB':>7}  {'ten s':>7} {'s/100k':>6} {'peak MB':>7}"
    print(head + f" {'one/ten':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in map(int, args.sizes.split(",")):
            text = text_of(size)
            one = Path(tmp) / f"a{size}.txt"
            one.write_text("一篇长文章\n\n" + text, encoding="utf-8")
            ten = Path(tmp) / f"ten{size}.jsonl"
            with ten.open("w", encoding="utf-8") as f:
                for i, piece in enumerate(tenths(text)):
                    f.write(
                        json.dumps({"id": f"p{i}", "title": f"第{i}篇", "text": piece}, ensure_ascii=False)
                        + "\n"
                    )
            s1, m1 = run(one, Path(tmp) / f"one{size}")
            s10, m10 = run(ten, Path(tmp) / f"ten{size}")
            k = 100_000 / size  # seconds per 100k characters
            print(
                f"{size:>10,} {s1:>7.2f} {s1 * k:>6.2f} {m1:>7}  {s10:>7.2f} {s10 * k:>6.2f} {m10:>7} {s1 / s10:>7.2f}"
            )


if __name__ == "__main__":
    main()
