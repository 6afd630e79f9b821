"""The numpy decoder of the tagger's CRF (graph/extract/crf.py) against CRFsuite itself: the
model read from its file, the emission scores, the labels and their probabilities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from graph.extract.crf import Decoder, read_model
from graph.extract.tagger import HERE, MODEL, _char_flags, features

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
    from graph.extract.crf import LETTERS, word_places

    model = read_model(HERE / MODEL)
    decoder = Decoder(HERE / MODEL, _char_flags())
    ids = {a: i for i, a in enumerate(model.attributes)}
    tags: dict[str, int] = {}
    letter, part = word_places(segmented, tags)
    rows = np.array([decoder.emissions.pos_rows(t) for t in tags]).reshape(-1, len(LETTERS))
    got = decoder.emissions.scores([s[0] for s in segmented], letter, rows[part, letter])
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
    from graph.extract.crf import decode

    scores = np.zeros((3, 2))  # every path scores 0: CRFsuite keeps label 0 throughout
    best, prob = decode(scores, [3], np.zeros((2, 2)))
    assert best.tolist() == [0, 0, 0] and np.allclose(prob, 0.5)


def test_sentences_of_any_lengths_share_lanes(nlp) -> None:
    """Many sentences of different lengths decoded together give what each gives alone."""
    texts = [t for t in SENTENCES if "\0" not in t] * 7
    sentences = [(t, nlp.ctx.segmenter.tokens(t, 0), 0) for t in texts[::3] + texts[1::2]]
    decoder = Decoder(HERE / MODEL, _char_flags())
    together = decoder.tag(sentences)
    for s, (labels, probs) in zip(sentences, together, strict=True):
        alone, alone_probs = decoder.tag([s])[0]
        assert labels == alone
        assert (probs is None) == (alone_probs is None)
        if probs is not None:
            assert np.allclose(probs, alone_probs, rtol=0, atol=1e-12)


def test_the_tables_are_cached(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("UNIONKG_CACHE", str(tmp_path))
    first = Decoder(HERE / MODEL, _char_flags())
    assert len(list(tmp_path.glob("crf-*.npz"))) == 1
    again = Decoder(HERE / MODEL, _char_flags())
    assert again.labels == first.labels
    assert np.array_equal(again.emissions.weights, first.emissions.weights)


def test_a_sentence_too_long_for_a_lane_is_tagged_by_crfsuite(nlp) -> None:
    from graph.extract.tagger import LONG, Tagger

    long = "，".join(SENTENCES[:3]) * (LONG // 40)
    assert len(long) > LONG
    sentences = [(t, nlp.ctx.segmenter.tokens(t, 0), 0) for t in (SENTENCES[0], long, SENTENCES[1])]
    got = Tagger(HERE / MODEL).tag(sentences)
    want = Decoder(HERE / MODEL, _char_flags()).tag(sentences)
    for (labels, probs), (want_labels, want_probs) in zip(got, want, strict=True):
        assert labels == want_labels
        assert np.allclose(probs, want_probs, rtol=0, atol=1e-9)


def test_a_batch_decoded_in_parts_gives_what_it_gives_whole(nlp, monkeypatch) -> None:
    from graph.extract import tagger as tagger_module

    sentences = [(t, nlp.ctx.segmenter.tokens(t, 0), 0) for t in SENTENCES * 5]
    whole = tagger_module.Tagger(HERE / MODEL).tag(sentences)
    monkeypatch.setattr(tagger_module, "PART", 30)  # a part of about 30 characters: many parts
    assert len(tagger_module._parts(list(range(len(sentences))), [len(s[0]) for s in sentences])) > 5
    assert tagger_module.Tagger(HERE / MODEL).tag(sentences) == whole
