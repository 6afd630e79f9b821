"""Extraction speed against jieba.lcut on the same text, in the same run (one core).

    python benchmarks/extract_speed.py [--bio ../shared/eval/peoples-daily/dev.bio] [--chars 1000000]

The text is the seed's articles plus, when given, the sentences of a BIO corpus, repeated until it
has --chars characters. Prints characters per second for the full extraction pipeline and for
jieba.lcut, and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.pipeline import Pipeline  # noqa: E402
from graph.read import _document, read_paths  # noqa: E402


def real_texts(bio: str | None) -> list[str]:
    """The seed's articles, and the sentences of a BIO corpus (one `字 TAG` a line) when given."""
    texts = [d.raw for d in read_paths([ROOT / "seeds"])]
    if bio:
        sentence: list[str] = []
        for line in [*Path(bio).read_text(encoding="utf-8").splitlines(), ""]:
            if line.strip():
                sentence.append(line.rsplit(" ", 1)[0] or " ")
            elif sentence:
                texts.append("".join(sentence))
                sentence = []
    return texts


def corpus(bio: str | None, size: int) -> list[str]:
    texts = real_texts(bio)
    out, n = [], 0
    while n < size:
        for t in texts:
            out.append(t)
            n += len(t)
            if n >= size:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bio")
    ap.add_argument("--chars", type=int, default=500_000)
    args = ap.parse_args()
    texts = corpus(args.bio, args.chars)
    chars = sum(map(len, texts))
    nlp = Pipeline()
    docs = [_document(str(i), t, "bench", 0, title=str(i)) for i, t in enumerate(texts)]
    start = time.perf_counter()
    for d in docs:
        nlp(d)
    extract = chars / (time.perf_counter() - start)
    import jieba  # the reference: jieba's own Python cut, as the issue measures it

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    start = time.perf_counter()
    for t in texts:
        tokenizer.lcut(t)
    lcut = chars / (time.perf_counter() - start)
    print(f"{'characters':<24}{chars:>12,}")
    print(f"{'extraction chars/s':<24}{extract:>12,.0f}")
    print(f"{'jieba.lcut chars/s':<24}{lcut:>12,.0f}")
    print(f"{'ratio':<24}{extract / lcut:>12.2f}")


if __name__ == "__main__":
    main()
