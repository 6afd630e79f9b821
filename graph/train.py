"""Train the tagger stage's CRF from BIO files and write the model with its card.

    unionkg train-tagger TRAIN.bio [MORE.bio ...] --dev DEV.bio -o graph/models/tagger.crfsuite

A BIO file has one ``字 TAG`` a line (tags ``B-PER``, ``I-LOC``, ``O`` …) and a blank line between
sentences. Characters are folded as the reader folds them (full width → half width, traditional →
simplified) and segmented by the pipeline's own segmenter, so training sees what the tagger sees.
CRFsuite's L-BFGS is deterministic: the same files and parameters give the same model.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BadInput
from .extract.tagger import features, spans
from .read.normalise import fold_char

PARAMS = {
    "c1": 0.05,  # L1: prunes rare features, which keeps the model small
    "c2": 0.01,  # L2
    "max_iterations": 150,
    "feature.possible_transitions": True,
}
TAGS = ("PER", "LOC", "ORG")


@dataclass
class Tagged:
    text: str
    labels: list[str]


@dataclass
class Scores:
    per_tag: dict[str, dict[str, float]] = field(default_factory=dict)
    micro: float = 0.0


def read_bio(path: Path) -> Iterator[Tagged]:
    """Sentences of a BIO file; a line that is not ``char TAG`` is an error naming the line."""
    chars: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield Tagged("".join(chars), labels)
                chars, labels = [], []
                continue
            parts = line.split()
            if len(parts) != 2 or not (parts[1] == "O" or parts[1][:2] in ("B-", "I-")):
                raise BadInput(f"{path}:{n}: expected 'character TAG' (TAG O, B-X or I-X), got {line!r}")
            chars.append(fold_char(parts[0][0]) if len(parts[0]) == 1 else parts[0][0])
            labels.append(parts[1])
    if chars:
        yield Tagged("".join(chars), labels)


def scores(gold: list[list[str]], pred: list[list[str]]) -> Scores:
    """Exact-span precision, recall and F1 per tag and micro-averaged."""
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(spans(g)), set(spans(p))
        for s in gs:
            n_gold[s[2]] += 1
        for s in ps:
            n_pred[s[2]] += 1
        for s in gs & ps:
            tp[s[2]] += 1
    out = Scores()
    for tag in sorted(n_gold.keys() | n_pred.keys()):
        p = tp[tag] / n_pred[tag] if n_pred[tag] else 0.0
        r = tp[tag] / n_gold[tag] if n_gold[tag] else 0.0
        out.per_tag[tag] = {
            "P": round(p, 4),
            "R": round(r, 4),
            "F1": round(2 * p * r / (p + r) if p + r else 0, 4),
        }
    p = sum(tp.values()) / max(sum(n_pred.values()), 1)
    r = sum(tp.values()) / max(sum(n_gold.values()), 1)
    out.micro = round(2 * p * r / (p + r) if p + r else 0.0, 4)
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def train(
    train_files: list[Path],
    out: Path,
    *,
    dev: Path | None = None,
    params: dict | None = None,
    sources: list[str] | None = None,
    command: str | None = None,
    log=print,
) -> dict:
    """Train a CRF on ``train_files``, write it to ``out`` and its card beside it (``.json``);
    score it on ``dev`` when given. Returns the card."""
    import pycrfsuite

    from .extract.segment import Segmenter
    from .lexicons import load

    params = {**PARAMS, **(params or {})}
    segmenter = Segmenter(load())
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(params)
    counts: dict[str, int] = {}
    started = time.perf_counter()
    for path in train_files:
        n = 0
        for s in read_bio(path):
            trainer.append(features(s.text, segmenter.tokens(s.text)), s.labels)
            n += 1
        if not n:
            raise BadInput(f"{path}: no sentences")
        counts[path.name] = n
        log(f"{path}: {n} sentences")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    trainer.train(str(tmp))
    tmp.replace(out)
    seconds = time.perf_counter() - started
    log(f"trained in {seconds:.0f} s: {out} ({out.stat().st_size / 1e6:.1f} MB)")
    card = {
        "model": out.name,
        "sha256": _digest(out),
        "task": "character-level BIO tagging of PER, LOC, ORG",
        "data": [{"file": str(p), "sentences": counts[p.name], "sha256": _digest(p)} for p in train_files],
        "features": (
            "characters at -2..+2, bigrams (-1,0), (0,+1), (-1,+1); the word position (B/M/E/S) "
            "and part of speech of the segmenter's word; surname, organisation-ending and "
            "place-ending character flags (graph/extract/tagger.py: features)"
        ),
        "trainer": {
            "library": f"python-crfsuite {pycrfsuite.__version__ if hasattr(pycrfsuite, '__version__') else ''}".strip(),
            "algorithm": "lbfgs",
            **params,
        },
        "seconds": round(seconds),
        "machine": platform.machine(),
        "command": command or "",
    }
    if dev is not None:
        card["dev"] = {"file": str(dev), **evaluate(out, dev, segmenter).__dict__}
        log(f"dev {dev}: micro F1 {card['dev']['micro']} {card['dev']['per_tag']}")
    out.with_suffix(".json").write_text(
        json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return card


def evaluate(model: Path, bio: Path, segmenter=None) -> Scores:
    """The CRF alone on a BIO file: exact-span scores."""
    import pycrfsuite

    if segmenter is None:
        from .extract.segment import Segmenter
        from .lexicons import load

        segmenter = Segmenter(load())
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    gold, pred = [], []
    for s in read_bio(bio):
        gold.append(s.labels)
        pred.append(tagger.tag(features(s.text, segmenter.tokens(s.text))))
    return scores(gold, pred)
