"""The tagger's CRF decoded with numpy: a CRFsuite model read straight from its file, the emission
scores from code points, Viterbi and forward-backward over many sentences at once.

CRFsuite's model (``crf1d_model.c``) is a header of little-endian uint32s, then chunks: the
features (``FEAT``: 20-byte records, uint32 type, src, dst and a float64 weight; a state feature,
type 0, ties attribute ``src`` to label ``dst``, a transition, type 1, label ``src`` to label
``dst``), the label and attribute names (two CQDB string tables, ``cqdb.c``: a backward array maps
an id to its record, int32 id, uint32 key size, key bytes ending in a NUL) and, unused here, each
label's and attribute's list of feature ids. Reading the weights from the file keeps them exact
doubles (``Tagger.info()`` prints six decimals).

Why not CRFsuite's own tagger: it wants about eleven feature strings per character, built in
Python, and that costs ten times its decoding. Here a character's features are indices into
tables built once from the model, and the loop over positions runs once for a whole batch of
sentences laid side by side in lanes, so numpy's cost per step is shared by thousands of
characters. The labels are CRFsuite's (the same sums in the same order; of equal scores the first
label), the probabilities equal to about 1e-14 (``tests/test_crf.py``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

import numpy as np

from ..atomic import write_atomic
from ..model import Token
from ..resources import cache_dir

HEADER = struct.Struct("<4sI4s9I")  # magic, size, type, version, num_features … off_attrrefs
FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
STATE, TRANSITION = 0, 1


class ModelError(ValueError):
    """The file is not a CRFsuite model this reader knows."""


@dataclass(frozen=True)
class Model:
    labels: tuple[str, ...]
    attributes: tuple[str, ...]
    state: np.ndarray  # (attributes, labels): the weight of each attribute for each label, 0 if none
    transition: np.ndarray  # (labels, labels): the weight of label i followed by label j
    num_state: int  # state features in the file (the non-zero entries of ``state``)


def _strings(data: bytes, offset: int, what: str) -> tuple[str, ...]:
    """The strings of the CQDB database at ``offset``, in id order."""
    magic, _size, _flag, byteorder, bwd_size, bwd_offset = struct.unpack_from("<4s5I", data, offset)
    if magic != b"CQDB" or byteorder != 0x62445371:
        raise ModelError(f"no CQDB table of {what} at byte {offset}")
    records = np.frombuffer(data, "<u4", bwd_size, offset + bwd_offset) + offset
    out = []
    for r in records.tolist():
        size = int.from_bytes(data[r + 4 : r + 8], "little")  # the key's size with its NUL
        out.append(data[r + 8 : r + 7 + size].decode("utf-8"))
    return tuple(out)


def read_model(path: Path) -> Model:
    """The labels, attributes and weights of the CRFsuite model at ``path``."""
    data = Path(path).read_bytes()
    if len(data) < HEADER.size:
        raise ModelError(f"{path}: {len(data)} bytes is too short for a CRFsuite model")
    magic, size, kind, _version, _nf, num_labels, num_attrs, off_features, off_labels, off_attrs, _, _ = (
        HEADER.unpack_from(data)
    )
    if magic != b"lCRF" or kind != b"FOMC" or size != len(data):
        raise ModelError(f"{path}: not a CRFsuite CRF1d model (magic {magic!r}, type {kind!r})")
    chunk, _chunk_size, num_features = struct.unpack_from("<4s2I", data, off_features)
    if chunk != b"FEAT":
        raise ModelError(f"{path}: no feature chunk at byte {off_features}")
    feats = np.frombuffer(data, FEATURE, num_features, off_features + 12)
    labels = _strings(data, off_labels, "labels")
    attributes = _strings(data, off_attrs, "attributes")
    if len(labels) != num_labels or len(attributes) != num_attrs:
        raise ModelError(
            f"{path}: {len(labels)} labels and {len(attributes)} attributes, header says otherwise"
        )
    is_state = feats["type"] == STATE
    st, tr = feats[is_state], feats[feats["type"] == TRANSITION]
    state = np.zeros((num_attrs, num_labels))
    state[st["src"], st["dst"]] = st["weight"]
    transition = np.zeros((num_labels, num_labels))
    transition[tr["src"], tr["dst"]] = tr["weight"]
    return Model(labels, attributes, state, transition, int(is_state.sum()))


# The tagger's features (``tagger.features``), in the order CRFsuite adds their weights: five
# templates of one character, three of two, the word's position with its part of speech (w), the
# position with the character (wc), the flags. They look at the sentence padded "\x02\x02" + text
# + "\x03\x03".
UNIGRAMS = {"c": 0, "l": -1, "ll": -2, "r": 1, "rr": 2}
BIGRAMS = {"lc": (-1, 0), "cr": (0, 1), "lr": (-1, 1)}
FLAGS = ("sur", "oend", "pend")
LETTERS = "SBME"  # a character's place in its word: single, begin, middle, end
PAD = 2  # characters of padding on each side of a sentence
START, END, POS = attrgetter("start"), attrgetter("end"), attrgetter("pos")


def tables(model: Model, flags: dict[str, tuple[str, ...]]) -> dict[str, np.ndarray]:
    """The arrays ``Emissions`` scores with, built from the model's attributes and the flag
    characters: a vocabulary of characters (0 is any other), for each template the row of the
    attribute each character (or pair of characters) gives, and the weights."""
    ids = {a: i for i, a in enumerate(model.attributes)}
    zero = len(model.attributes)  # the row of an attribute the model does not know: all zeros
    keyed = []  # (template, characters, row) of every attribute a character gives
    for i, attr in enumerate(model.attributes):
        name, eq, rest = attr.partition("=")
        if eq and (
            (name in UNIGRAMS and len(rest) == 1)
            or (name in BIGRAMS and len(rest) == 2)
            or (name == "wc" and len(rest) == 2 and rest[0] in LETTERS)
        ):
            keyed.append((name, rest, i))
    chars = sorted({c for name, rest, _ in keyed for c in rest[name == "wc" :]} | set(flags))
    vid = {c: k + 1 for k, c in enumerate(chars)}
    size = len(chars) + 1
    out = {
        "weights": np.vstack([model.state, np.zeros((1, len(model.labels)))]),
        "transition": model.transition,
        "labels": np.array(model.labels),
        "codes": np.array([ord(c) for c in chars], np.int64),
        "unigram": np.full((len(UNIGRAMS), size), zero, np.intp),
        "wc": np.full((len(LETTERS), size), zero, np.intp),
        "flags": np.full((len(FLAGS), size), zero, np.intp),
    }
    pairs: dict[str, tuple[list[int], list[int]]] = {t: ([], []) for t in BIGRAMS}
    for name, rest, i in keyed:
        if name in UNIGRAMS:
            out["unigram"][list(UNIGRAMS).index(name), vid[rest]] = i
        elif name == "wc":
            out["wc"][LETTERS.index(rest[0]), vid[rest[1]]] = i
        else:
            pairs[name][0].append(vid[rest[0]] * size + vid[rest[1]])
            pairs[name][1].append(i)
    for t, (keys, rows) in pairs.items():
        order = np.argsort(np.asarray(keys, np.int64), kind="stable")
        out[f"keys_{t}"] = np.asarray(keys, np.int64)[order]
        out[f"rows_{t}"] = np.asarray(rows, np.intp)[order]
    for c, names in flags.items():
        for f in names:
            out["flags"][FLAGS.index(f), vid[c]] = ids.get(f, zero)
    words = [(a, i) for a, i in ids.items() if a.startswith("w=")]
    out["word_names"] = np.array([a for a, _ in words] or [""])
    out["word_rows"] = np.array([i for _, i in words] or [zero], np.intp)
    return out


class Emissions:
    """The score of each label at each character, as CRFsuite sums the weights of the tagger's
    features, from tables indexed by characters instead of feature strings."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.weights = arrays["weights"]
        self.zero = len(self.weights) - 1
        self.codes = arrays["codes"]
        self.size = len(self.codes) + 1
        self.unigram = dict(zip(UNIGRAMS, arrays["unigram"], strict=True))
        self.bigram = {t: (arrays[f"keys_{t}"], arrays[f"rows_{t}"]) for t in BIGRAMS}
        self.wc, self.flags = arrays["wc"], arrays["flags"]
        self.words = dict(zip(arrays["word_names"].tolist(), arrays["word_rows"].tolist(), strict=True))
        self._pos: dict[str, np.ndarray] = {}
        # the vocabulary's number of each character of the Basic Multilingual Plane, by a lookup
        # (a binary search costs more than the rest of the features together)
        self.bmp = np.zeros(BMP, np.intp)
        small = self.codes < BMP
        self.bmp[self.codes[small]] = np.flatnonzero(small) + 1
        # lc and cr both look up a pair of neighbours (lc at i is the pair i-1, i; cr the pair i,
        # i+1): one search in the union of their keys serves both
        (lc_keys, lc_rows), (cr_keys, cr_rows) = self.bigram["lc"], self.bigram["cr"]
        self.pair_keys = np.union1d(lc_keys, cr_keys)
        self.pair_rows = {
            "lc": _rows_at(self.pair_keys, lc_keys, lc_rows, self.zero),
            "cr": _rows_at(self.pair_keys, cr_keys, cr_rows, self.zero),
        }

    def pos_rows(self, pos: str) -> np.ndarray:
        """The rows of ``w=S|pos``, ``w=B|pos``, ``w=M|pos`` and ``w=E|pos``."""
        if pos not in self._pos:
            # CRFsuite reads an attribute as a C string: it ends at a NUL
            names = [f"w={x}|{pos}".split("\0")[0] for x in LETTERS]
            self._pos[pos] = np.array([self.words.get(n, self.zero) for n in names], np.intp)
        return self._pos[pos]

    def scores(self, texts: Sequence[str], letters: np.ndarray, word_rows: np.ndarray) -> np.ndarray:
        """The (characters, labels) scores of the sentences ``texts`` one after the other, given
        each character's place in its word (an index into LETTERS) and the rows of its ``w=``
        feature. No text holds a NUL (CRFsuite would cut a feature there)."""
        n = np.fromiter(map(len, texts), np.intp, len(texts))
        padded = "".join(f"\x02\x02{t}\x03\x03" for t in texts)
        # surrogatepass: a lone surrogate is a code point here as in the text
        cp = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), "<u4").astype(np.intp)
        vid = self.bmp[np.minimum(cp, BMP - 1)]
        beyond = cp >= BMP
        if beyond.any():  # a character outside the plane (rare): searched for
            vid[beyond] = _find(self.codes, cp[beyond], np.arange(1, len(self.codes) + 1), 0)
        # the index of each character in ``padded``: after its sentence's padding
        centre = np.arange(int(n.sum())) + np.repeat(2 * PAD * np.arange(len(texts)) + PAD, n)
        rows = [self.unigram[t][vid[centre + k]] for t, k in UNIGRAMS.items()]
        pair = vid[:-1] * self.size + vid[1:]  # pair[j]: the characters j and j + 1
        at = _find(self.pair_keys, pair, np.arange(len(self.pair_keys)), -1)
        for t, first in (("lc", centre - 1), ("cr", centre)):
            found = at[first]
            rows.append(np.where(found >= 0, self.pair_rows[t][found], self.zero))
        keys, found_rows = self.bigram["lr"]
        rows.append(_find(keys, vid[centre - 1] * self.size + vid[centre + 1], found_rows, self.zero))
        c = vid[centre]
        rows += [word_rows, self.wc[letters, c], *(f[c] for f in self.flags)]
        out = self.weights[rows[0]]
        for r in rows[1:]:
            out += self.weights[r]  # one feature after another, as CRFsuite adds them
        return out


BMP = 0x10000


def _find(keys: np.ndarray, query: np.ndarray, values: np.ndarray, missing: int) -> np.ndarray:
    """``values[i]`` where ``query`` equals ``keys[i]`` (``keys`` sorted), ``missing`` elsewhere."""
    if not len(keys):
        return np.full(len(query), missing, np.intp)
    at = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return np.where(keys[at] == query, values[at], missing)


def _rows_at(union: np.ndarray, keys: np.ndarray, rows: np.ndarray, missing: int) -> np.ndarray:
    """For each key of ``union``, its row in (``keys``, ``rows``), ``missing`` if it has none."""
    return _find(keys, union, rows, missing) if len(union) else np.zeros(0, np.intp)


def word_places(
    sentences: Sequence[tuple[str, Sequence[Token], int]], tags: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Each character's place in its word (an index into LETTERS) and its word's part of speech
    (an index into ``tags``, which grows), for the sentences one after the other, as
    ``tagger.features`` writes them (``S|x`` between words)."""
    words = [t for _, tokens, _ in sentences for t in tokens]
    count = np.fromiter((len(tokens) for _, tokens, _ in sentences), np.intp, len(sentences))
    lengths = np.fromiter((len(text) for text, _, _ in sentences), np.intp, len(sentences))
    # each word's start in the sentences laid one after the other
    shift = np.cumsum(lengths) - lengths - np.fromiter((o for _, _, o in sentences), np.intp, len(sentences))
    starts = np.fromiter(map(START, words), np.intp, len(words))
    sizes = np.fromiter(map(END, words), np.intp, len(words)) - starts
    starts += np.repeat(shift, count)
    names = list(map(POS, words))
    for t in set(names):
        tags.setdefault(t, len(tags))
    pos = list(map(tags.__getitem__, names))
    base = int(lengths.sum())
    letter = np.zeros(base, np.intp)
    part = np.full(base, tags.setdefault("x", len(tags)), np.intp)
    if words:
        size = sizes
        first = np.cumsum(size) - size
        k = np.arange(int(size.sum())) - np.repeat(first, size)  # the place inside the word
        m = np.repeat(size, size)
        at = np.repeat(starts, size) + k
        letter[at] = np.where(m == 1, 0, np.where(k == 0, 1, np.where(k == m - 1, 3, 2)))
        part[at] = np.repeat(np.array(pos, np.intp), size)
    return letter, part


def _lanes(lengths: Sequence[int]) -> tuple[int, np.ndarray, np.ndarray]:
    """Sentences laid one after another in lanes as wide as the longest: the width, and each
    sentence's lane and column."""
    width = max(lengths)
    lane = np.empty(len(lengths), np.intp)
    col = np.empty(len(lengths), np.intp)
    k, used = 0, 0
    for i, m in enumerate(lengths):
        if used + m > width:
            k, used = k + 1, 0
        lane[i], col[i] = k, used
        used += m
    return width, lane, col


def decode(
    scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The best label of each character of the sentences (``lengths`` characters each, their
    scores one after the other) and its probability: CRFsuite's ``crf1dc_viterbi`` (the same sums
    in the same order; of equal scores the first label, as ``argmax`` keeps the first maximum) and
    its scaled forward-backward (``crf1dc_alpha_score``, ``crf1dc_beta_score``)."""
    best = best_labels(scores, lengths, transition)
    return best, probabilities(scores, lengths, transition)[np.arange(len(best)), best]


class _Lanes:
    """Sentences laid side by side in lanes, time first: the scores as (width, labels, lanes),
    where each sentence starts and ends, and where each character is in the lanes."""

    def __init__(self, scores: np.ndarray, lengths: Sequence[int]) -> None:
        width, lane, col = _lanes(lengths)
        lanes, labels = int(lane[-1]) + 1, scores.shape[1]
        n = np.asarray(lengths, np.intp)
        flat = np.repeat(lane * width + col - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
        state = np.zeros((lanes * width, labels))
        state[flat] = scores
        # each sentence starts afresh, and so does the padding after a lane's last sentence
        start = np.zeros(lanes * width, bool)
        start[lane * width + col] = True
        end = np.zeros(lanes * width, bool)
        end[lane * width + col + n - 1] = True
        pad = np.ones(lanes * width, bool)
        pad[flat] = False
        start[1:] |= pad[1:] & ~pad[:-1]
        end[:-1] |= pad[:-1] & ~pad[1:]
        start, end = start.reshape(lanes, width), end.reshape(lanes, width)
        start[:, 0] = end[:, -1] = True
        # time first, lanes last: each step works on contiguous rows of lanes
        self.state = np.ascontiguousarray(state.reshape(lanes, width, labels).transpose(1, 2, 0))
        self.start, self.end = np.ascontiguousarray(start.T), np.ascontiguousarray(end.T)
        self.flat, self.labels = flat, labels


def best_labels(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray) -> np.ndarray:
    """The best label of each character (Viterbi)."""
    lay = _Lanes(scores, lengths)
    return _viterbi(lay.state, lay.start, lay.end, transition).T.reshape(-1)[lay.flat]


def probabilities(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray) -> np.ndarray:
    """The probability of each label at each character, (characters, labels) (forward-backward)."""
    lay = _Lanes(scores, lengths)
    prob = _marginals(lay.state, lay.start, lay.end, transition)
    return prob.transpose(2, 0, 1).reshape(-1, lay.labels)[lay.flat]


def _viterbi(state: np.ndarray, start: np.ndarray, end: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """The best labels, (width, lanes), of the scores ``state`` (width, labels, lanes). Each step
    writes into arrays made once: at a few hundred lanes, making arrays costs more than the sums."""
    width, labels, lanes = state.shape
    score = np.empty_like(state)
    back = np.zeros(state.shape, np.intp)
    score[0] = state[0]
    tr = trans[:, :, None]
    step = np.empty((labels, labels, lanes))  # [i, j, lane]: from label i at t - 1 to j at t
    for t in range(1, width):
        np.add(score[t - 1, :, None, :], tr, out=step)
        np.argmax(step, axis=0, out=back[t])
        row = score[t]
        np.max(step, axis=0, out=row)
        row += state[t]
        np.copyto(row, state[t], where=start[t])  # a sentence starts afresh
    best = np.empty((width, lanes), np.intp)
    rows = np.arange(lanes)
    cur = np.zeros(lanes, np.intp)
    last = score.argmax(axis=1)  # the best label where a sentence ends
    for t in range(width - 1, -1, -1):
        np.copyto(cur, last[t], where=end[t])
        best[t] = cur
        cur = back[t, cur, rows]
    return best


def _marginals(state: np.ndarray, start: np.ndarray, end: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """The probability of each label at each position, (width, labels, lanes)."""
    width, labels, lanes = state.shape
    exp, tr = np.exp(state), np.exp(trans)
    # sums of products written out, not matmul: BLAS would start threads for 7 x 7 matrices
    # (and CRFsuite adds the products in this order)
    into = tr.T.copy()[:, :, None]  # into[j, i]: label i followed by j
    out_of = tr[:, :, None]  # out_of[i, j]
    products = np.empty((labels, labels, lanes))
    alpha = np.empty_like(exp)
    scale = np.empty((width, lanes))
    cur = np.empty((labels, lanes))
    total = np.empty(lanes)
    for t in range(width):
        if t:
            np.multiply(into, alpha[t - 1], out=products)
            products.sum(axis=1, out=cur)
            cur *= exp[t]
            np.copyto(cur, exp[t], where=start[t])
        else:
            cur[...] = exp[0]
        cur.sum(axis=0, out=total)
        np.copyto(total, 1.0, where=total == 0)  # nothing to scale: CRFsuite's scale is then 1
        np.divide(1.0, total, out=scale[t])
        np.multiply(cur, scale[t], out=alpha[t])
    beta = np.empty_like(exp)
    beta[width - 1] = scale[width - 1]
    ahead = np.empty((labels, lanes))
    for t in range(width - 2, -1, -1):
        np.multiply(beta[t + 1], exp[t + 1], out=ahead)
        np.multiply(out_of, ahead, out=products)
        products.sum(axis=1, out=beta[t])
        beta[t] *= scale[t]
        np.copyto(beta[t], scale[t], where=end[t])
    return alpha * beta / scale[:, None, :]


def _cached_tables(path: Path, flags: dict[str, tuple[str, ...]]) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    key = hashlib.sha256(data + repr(sorted(flags.items())).encode()).hexdigest()[:16]
    cached = cache_dir() / f"crf-{key}.npz"
    try:
        with np.load(cached, allow_pickle=False) as f:
            return dict(f)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        pass
    arrays = tables(read_model(path), flags)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    with contextlib.suppress(OSError):  # a read-only home: the tables are built each time
        write_atomic(cached, buffer.getvalue())
    return arrays


Tagged = tuple[list[str], list[float] | None]  # labels, and each one's probability (None: all O)


class Decoder:
    """The tagger's CRF decoded with arrays, for many sentences at once. Its tables are built
    from the model on first use and kept in the cache folder (``resources.cache_dir``) under the
    model's and the flags' hash: later processes load them in a hundredth of the time."""

    def __init__(self, path: Path, flags: dict[str, tuple[str, ...]]) -> None:
        arrays = _cached_tables(Path(path), flags)
        self.emissions = Emissions(arrays)
        self.transition = arrays["transition"]
        self.labels = tuple(arrays["labels"].tolist())
        self.outside = self.labels.index("O") if "O" in self.labels else -1

    def tag(self, sentences: Sequence[tuple[str, Sequence[Token], int]]) -> list[Tagged]:
        """For each (text, words, offset) with text: its labels and the probability of each (None
        when all are O: no span asks for one)."""
        if not sentences:
            return []
        tags: dict[str, int] = {}
        letter, part = word_places(sentences, tags)
        rows = np.array([self.emissions.pos_rows(t) for t in tags], np.intp).reshape(-1, len(LETTERS))
        texts = [text for text, _, _ in sentences]
        scores = self.emissions.scores(texts, letter, rows[part, letter])
        lengths = np.array([len(t) for t in texts], np.intp)
        best = best_labels(scores, lengths, self.transition)
        # the probabilities only of sentences with a name in them: the others ask for none
        sentence = np.repeat(np.arange(len(texts)), lengths)
        named = np.zeros(len(texts), bool)
        named[sentence[best != self.outside]] = True
        chosen = named[sentence]
        prob = np.zeros(len(best))
        if chosen.any():
            kept = probabilities(scores[chosen], lengths[named], self.transition)
            prob[chosen] = kept[np.arange(len(kept)), best[chosen]]
        names = self.labels
        out: list[Tagged] = []
        at = 0
        for m, has in zip(lengths.tolist(), named.tolist(), strict=True):
            if has:
                out.append(([names[i] for i in best[at : at + m].tolist()], prob[at : at + m].tolist()))
            else:
                out.append(([names[self.outside]] * m, None))  # all O
            at += m
        return out
