"""One long article against the same text in shorter ones: is a build linear in article length?

    python benchmarks/long_article.py [--sizes 100000,300000,900000]

The seed page's text is repeated into one article of each size (characters) and built from scratch,
each in its own process (`unionkg build ... --no-html`). Prints seconds, characters a second, and the
time per 100k characters: flat when the build is linear in the article's length.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def article(size: int) -> str:
    body = re.sub(
        r"^#+ .*$", "", (ROOT / "seeds" / "000_7063dbed7b201b27.txt").read_text(encoding="utf-8"), flags=re.M
    )
    text = ""
    while len(text) < size:
        text += body
    return "一篇长文章\n\n" + text[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,300000,900000")
    args = ap.parse_args()
    unionkg = shutil.which("unionkg") or str(Path(sys.executable).parent / "unionkg")
    print(f"{'characters':>10} {'seconds':>8} {'chars/s':>9} {'s per 100k':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in map(int, args.sizes.split(",")):
            src = Path(tmp) / f"a{size}.txt"
            src.write_text(article(size), encoding="utf-8")
            started = time.perf_counter()
            subprocess.run(
                [unionkg, "build", str(src), "-o", str(Path(tmp) / f"out{size}"), "--no-html"],
                check=True,
                capture_output=True,
            )
            seconds = time.perf_counter() - started
            print(f"{size:>10,} {seconds:>8.2f} {size / seconds:>9,.0f} {seconds / size * 100_000:>10.2f}")


if __name__ == "__main__":
    main()
