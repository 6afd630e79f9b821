"""The numpy decoder of the tagger's CRF (graph/extract/crf.py) against CRFsuite itself: the
model read from its file, the emission scores, the labels and their probabilities."""

from __future__ import annotations

from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pycrfsuite = pytest.importorskip("pycrfsuite")

from graph.extract.crf import Decoder, read_model  # noqa: E402
from graph.extract.tagger import HERE, MODEL, _char_flags, features  # noqa: E402

SENTENCES = [
    "记者获悉，赵铁柱今天在石家庄市出席了会议。",
    "王小红在北京市总工会工作。",
    "会议由清河县工会小组承办，李大明主持。",
    "，",
    "Ａ市和B县的职工",
    "他说：“张三丰来了”",
    "\x00字\x02符\x03",
]


def _crfsuite(path: Path, sentences: list[tuple[str, list, int]]) -> list[tuple[list[str], list[float]]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    out = []
    for text, tokens, offset in sentences:
        tagger.set(features(text, tokens, offset))
        labels = tagger.tag()
        out.append((labels, [tagger.marginal(y, k) for k, y in enumerate(labels)]))
    return out


def _check(path: Path, sentences: list[tuple[str, list, int]]) -> None:
    got = Decoder(path, _char_flags()).tag(sentences)
    for (labels, probs), (want, want_probs) in zip(got, _crfsuite(path, sentences), strict=True):
        assert labels == want
        if probs is not None:
            assert np.allclose(probs, want_probs, rtol=0, atol=1e-9)
        else:
            assert set(want) == {"O"}


@pytest.fixture(scope="module")
def segmented(nlp) -> list[tuple[str, list, int]]:
    return [(t, nlp.ctx.segmenter.tokens(t, 100), 100) for t in SENTENCES]


def test_the_model_is_read_as_crfsuite_reads_it() -> None:
    path = HERE / MODEL
    info = pycrfsuite.Tagger()
    info.open(str(path))
    info = info.info()
    model = read_model(path)
    assert model.labels == tuple(info.labels) and len(model.attributes) == len(info.attributes)
    assert model.num_state == len(info.state_features) == np.count_nonzero(model.state)
    ids = {a: i for i, a in enumerate(model.attributes)}
    labels = {y: i for i, y in enumerate(model.labels)}
    for (attr, label), weight in info.state_features.items():
        assert abs(model.state[ids[attr], labels[label]] - weight) <= 1e-6
    for (a, b), weight in info.transitions.items():
        assert abs(model.transition[labels[a], labels[b]] - weight) <= 1e-6


def test_the_emission_scores_are_crfsuites_sums(segmented) -> None:
    decoder = Decoder(HERE / MODEL, _char_flags())
    model, ids = decoder.model, decoder.emissions.ids
    from graph.extract.crf import word_places

    tags: dict[str, int] = {}
    letters, pos = [], []
    for text, tokens, offset in segmented:
        a, b = word_places(text, tokens, offset, tags)
        letters += a
        pos += b
    got = decoder.emissions.scores([s[0] for s in segmented], np.array(letters), list(tags), np.array(pos))
    want = []
    for text, tokens, offset in segmented:
        for item in features(text, tokens, offset):
            row = np.zeros(len(model.labels))
            for attr in item:  # CRFsuite adds the weights in the item's order; a key ends at a NUL
                if attr.split("\0")[0] in ids:
                    row = row + model.state[ids[attr.split("\0")[0]]]
            want.append(row)
    assert np.array_equal(got, np.array(want))  # the same doubles, not just close


def test_the_shipped_model_decodes_as_crfsuite(segmented) -> None:
    _check(HERE / MODEL, segmented)


def test_a_tiny_model_decodes_as_crfsuite(tmp_path: Path, nlp) -> None:
    from test_tagger import TINY, _bio

    from graph.train import read_bio, train

    bio = tmp_path / "tiny.bio"
    bio.write_text(_bio(TINY * 3), encoding="utf-8")
    out = tmp_path / "tiny.crfsuite"
    train([bio], out, params={"max_iterations": 30}, log=lambda _: None)
    sentences = [
        (t, nlp.ctx.segmenter.tokens(t, 0), 0) for t in [*SENTENCES, *(s.text for s in read_bio(bio))]
    ]
    _check(out, sentences)


def test_ties_keep_the_first_label() -> None:
    from graph.extract.crf import viterbi

    scores = np.zeros((3, 2))  # every path scores 0: CRFsuite keeps label 0 throughout
    assert viterbi(scores, np.array([3]), np.zeros((2, 2)))[0].tolist() == [0, 0, 0]
