"""Whole-process `unionkg extract` against jieba.lcut on the same text, with and without the tagger.

    python benchmarks/extract_process.py --bio ../shared/eval/peoples-daily/dev.bio [--runs 5]

The sentences of the BIO corpus are written as JSON Lines; `unionkg extract` runs on them as a user
runs it (a new process: start-up, the segmenter's and the model's loading and all). jieba.lcut
cuts the same text in this process, after its dictionary is loaded. The three take turns for
--runs rounds; each is reported at its best. Prints seconds, characters a second and the ratio to lcut for each variant.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def sentences(bio: Path) -> list[str]:
    out, chars = [], []
    for line in [*bio.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            chars.append(line.split()[0])
        elif chars:
            out.append("".join(chars))
            chars = []
    return out


def best(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bio", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    texts = sentences(args.bio)
    chars = sum(map(len, texts))
    unionkg = shutil.which("unionkg") or str(Path(sys.executable).parent / "unionkg")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sentences.jsonl"
        src.write_text(
            "".join(
                json.dumps({"id": f"s{i}", "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)
            ),
            encoding="utf-8",
        )
        variants = {
            "extract": [unionkg, "extract", str(src)],
            "extract --no-tagger": [unionkg, "extract", "--no-tagger", str(src)],
        }
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        text = "".join(texts)
        runs = {
            **{
                name: lambda cmd=cmd: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                for name, cmd in variants.items()
            },
            "jieba.lcut": lambda: jieba.lcut(text),
        }
        # the variants take turns, round after round: a machine whose speed drifts during the
        # run (a shared host's neighbours) slows each alike, and the best of each is compared
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.runs):
            for name, fn in runs.items():
                times[name].append(best(1, fn))
        seconds = {name: min(t) for name, t in times.items()}
        lcut = seconds.pop("jieba.lcut")
    print(f"{chars:,} characters, best of {args.runs}")
    print(f"{'':<22}{'seconds':>9}{'chars/s':>11}{'× lcut':>8}")
    for name, s in [*seconds.items(), ("jieba.lcut", lcut)]:
        print(f"{name:<22}{s:>9.2f}{chars / s:>11,.0f}{lcut / s:>8.2f}")


if __name__ == "__main__":
    main()
