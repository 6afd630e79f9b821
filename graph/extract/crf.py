"""A CRFsuite model read straight from its file, for decoding with numpy.

CRFsuite's model (``crf1d_model.c``) is a header of little-endian uint32s, then chunks: the
features (``FEAT``: 20-byte records, uint32 type, src, dst and a float64 weight; a state feature,
type 0, ties attribute ``src`` to label ``dst``, a transition, type 1, label ``src`` to label
``dst``), the label and attribute names (two CQDB string tables, ``cqdb.c``: a backward array maps
an id to its record, int32 id, uint32 key size, key bytes ending in a NUL) and, unused here, each
label's and attribute's list of feature ids. Reading the weights from the file keeps them exact
doubles (``Tagger.info()`` prints six decimals).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..model import Token

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


# The tagger's features (``tagger.features``), in the order CRFsuite adds their weights: the
# templates keyed by characters (one or two code points), the word's position with its part of
# speech, the flags. Unigrams look at the sentence padded "\x02\x02" + text + "\x03\x03".
CHAR_TEMPLATES = {"c": (0,), "l": (-1,), "ll": (-2,), "r": (1,), "rr": (2,), "lc": (-1, 0), "cr": (0, 1)}
CHAR_TEMPLATES |= {"lr": (-1, 1)}
FLAGS = ("sur", "oend", "pend")
LETTERS = "SBME"  # a character's place in its word: single, begin, middle, end
BITS = 21  # a code point fits in 21 bits


def _key(template: int, cps: list[int]) -> int:
    """One int64 for a template and its one or two code points."""
    a, b = (*cps, 0, 0)[:2]
    return (template << 2 * BITS) | (a << BITS) | b


class Emissions:
    """The score of each label at each character, as CRFsuite sums the weights of the tagger's
    features, computed with arrays instead of feature strings."""

    def __init__(self, model: Model, flags: dict[str, tuple[str, ...]]) -> None:
        self.model = model
        self.ids = {a: i for i, a in enumerate(model.attributes)}
        self.zero = len(model.attributes)  # the row of an attribute the model does not know
        self.weights = np.vstack([model.state, np.zeros((1, len(model.labels)))])
        names = [*CHAR_TEMPLATES, "wc"]
        keys, rows = [], []
        for i, attr in enumerate(model.attributes):
            name, eq, rest = attr.partition("=")
            if not eq or name not in names:
                continue
            cps = [ord(c) for c in rest]
            if name == "wc":
                if not rest or rest[0] not in LETTERS:
                    continue
                cps[0] = LETTERS.index(rest[0]) + 1
            if len(cps) > (1 if len(CHAR_TEMPLATES.get(name, (0, 0))) == 1 else 2):
                continue  # no character of a sentence gives it
            keys.append(_key(names.index(name), cps))
            rows.append(i)
        order = np.argsort(keys, kind="stable")
        self.keys = np.asarray(keys, np.int64)[order]
        self.rows = np.asarray(rows, np.intp)[order]
        self.flag_cps = [
            np.array(sorted(ord(c) for c, fl in flags.items() if f in fl), np.int64) for f in FLAGS
        ]
        self.flag_rows = [self.ids.get(f, self.zero) for f in FLAGS]
        self._pos: dict[str, np.ndarray] = {}

    def _pos_rows(self, pos: str) -> np.ndarray:
        """The rows of ``w=S|pos``, ``w=B|pos``, ``w=M|pos`` and ``w=E|pos``."""
        if pos not in self._pos:
            # CRFsuite reads an attribute as a C string: it ends at a NUL
            names = [f"w={x}|{pos}".split("\0")[0] for x in LETTERS]
            self._pos[pos] = np.array([self.ids.get(n, self.zero) for n in names], np.intp)
        return self._pos[pos]

    def scores(
        self, texts: Sequence[str], letters: np.ndarray, tags: Sequence[str], pos: np.ndarray
    ) -> np.ndarray:
        """The (characters, labels) scores of the sentences ``texts`` one after the other, given
        each character's place in its word (an index into LETTERS) and its word's part of speech
        (an index into ``tags``)."""
        n = np.array([len(t) for t in texts])
        padded = "".join(f"\x02\x02{t}\x03\x03" for t in texts)
        # surrogatepass: a lone surrogate is a code point here as in the text
        cp = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), "<u4").astype(np.int64)
        # the index of each character in ``padded``: after its sentence's padding
        centre = np.arange(n.sum()) + np.repeat(4 * np.arange(len(texts)) + 2, n)
        keys = []
        for k, offsets in enumerate(CHAR_TEMPLATES.values()):
            a = cp[centre + offsets[0]]
            b = cp[centre + offsets[1]] if len(offsets) == 2 else 0
            if len(offsets) == 2:
                b = np.where(a == 0, 0, b)  # CRFsuite's key ends at a NUL: lc=\0x is lc=
            keys.append((k << 2 * BITS) | (a << BITS) | b)
        keys.append((len(CHAR_TEMPLATES) << 2 * BITS) | ((letters + 1) << BITS) | cp[centre])
        found = np.searchsorted(self.keys, np.stack(keys, axis=1))
        found = np.minimum(found, len(self.keys) - 1)
        rows = np.where(self.keys[found] == np.stack(keys, axis=1), self.rows[found], self.zero)
        word = np.array([self._pos_rows(t) for t in tags], np.intp).reshape(-1, 4)[pos, letters]
        c = cp[centre]
        flags = []
        for members, row in zip(self.flag_cps, self.flag_rows, strict=True):
            at = np.minimum(np.searchsorted(members, c), max(len(members) - 1, 0))
            flags.append(
                np.where(members[at] == c, row, self.zero) if len(members) else np.full_like(c, self.zero)
            )
        order = [*rows.T[:-1], word, rows.T[-1], *flags]  # c … lr, w, wc, sur, oend, pend
        out = self.weights[order[0]].copy()
        for r in order[1:]:
            out += self.weights[r]  # one feature after another, as CRFsuite adds them
        return out


def word_places(
    text: str, tokens: Sequence[Token], offset: int, tags: dict[str, int]
) -> tuple[list[int], list[int]]:
    """Each character's place in its word (an index into LETTERS) and its word's part of speech
    (an index into ``tags``, which grows), as ``tagger.features`` writes them (``S|x`` between
    words)."""
    n = len(text)
    letter, pos = [0] * n, [tags.setdefault("x", len(tags))] * n
    for t in tokens:
        s, e = t.start - offset, t.end - offset
        p = tags.setdefault(t.pos, len(tags))
        if e - s == 1:
            letter[s], pos[s] = 0, p
        else:
            letter[s], pos[s] = 1, p
            for k in range(s + 1, e - 1):
                letter[k], pos[k] = 2, p
            letter[e - 1], pos[e - 1] = 3, p
    return letter, pos


def _padded(scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The (sentences, longest, labels) array of the sentences' scores, zeros after each end."""
    out = np.zeros((len(lengths), int(lengths.max()), scores.shape[1]))
    out[np.arange(lengths.max()) < lengths[:, None]] = scores
    return out


def viterbi(scores: np.ndarray, lengths: np.ndarray, transition: np.ndarray) -> list[np.ndarray]:
    """The best labels of each sentence (``lengths`` characters each, their scores one after the
    other), as CRFsuite's ``crf1dc_viterbi`` finds them: the same sums in the same order, and of
    equal scores the first label (``argmax`` keeps the first maximum, as ``max < score`` does)."""
    state = _padded(scores, lengths)
    n, longest, _ = state.shape
    back = np.zeros((n, longest, state.shape[2]), np.intp)
    score = state[:, 0].copy()
    last = score.copy()  # the scores at each sentence's last character
    for t in range(1, longest):
        step = score[:, :, None] + transition  # [s, i, j]: from label i at t - 1 to j at t
        back[:, t] = step.argmax(axis=1)
        score = step.max(axis=1) + state[:, t]
        ends = lengths == t + 1
        last[ends] = score[ends]
    labels = np.zeros((n, longest), np.intp)
    rows = np.arange(n)
    labels[rows, lengths - 1] = last.argmax(axis=1)
    for t in range(longest - 1, 0, -1):
        inside = t < lengths
        labels[inside, t - 1] = back[rows[inside], t, labels[inside, t]]
    return [labels[k, :m] for k, m in enumerate(lengths.tolist())]


def marginals(scores: np.ndarray, lengths: np.ndarray, transition: np.ndarray) -> list[np.ndarray]:
    """The probability of each label at each character of each sentence: CRFsuite's scaled
    forward-backward (``crf1dc_alpha_score``, ``crf1dc_beta_score``, ``crf1dc_marginal_point``)."""
    state = np.exp(_padded(scores, lengths))
    trans = np.exp(transition)
    n, longest, _ = state.shape
    alpha = np.empty_like(state)
    scale = np.empty((n, longest))
    cur = state[:, 0]
    for t in range(longest):
        if t:
            cur = (alpha[:, t - 1] @ trans) * state[:, t]
        total = cur.sum(axis=1)
        scale[:, t] = np.where(total != 0, 1 / np.where(total != 0, total, 1), 1)
        alpha[:, t] = cur * scale[:, t, None]
    beta = np.empty_like(state)
    beta[:, longest - 1] = scale[:, longest - 1, None]
    for t in range(longest - 2, -1, -1):
        ends = (lengths == t + 1)[:, None]
        inner = ((beta[:, t + 1] * state[:, t + 1]) @ trans.T) * scale[:, t, None]
        beta[:, t] = np.where(ends, scale[:, t, None], inner)
    prob = alpha * beta / scale[:, :, None]
    return [prob[k, :m] for k, m in enumerate(lengths.tolist())]


class Decoder:
    """The tagger's CRF decoded with arrays: each sentence's best labels and, for the sentences
    that have a name, the probability of each of their labels."""

    def __init__(self, path: Path, flags: dict[str, tuple[str, ...]]) -> None:
        self.model = read_model(path)
        self.emissions = Emissions(self.model, flags)
        self.outside = self.model.labels.index("O") if "O" in self.model.labels else -1

    def tag(
        self, sentences: Sequence[tuple[str, Sequence[Token], int]]
    ) -> list[tuple[list[str], np.ndarray | None]]:
        """For each (text, words, offset): its labels and the probability of each (None when all
        are O: no span asks for one)."""
        if not sentences:
            return []
        tags: dict[str, int] = {}
        letters: list[int] = []
        pos: list[int] = []
        for text, tokens, offset in sentences:
            letter, p = word_places(text, tokens, offset, tags)
            letters += letter
            pos += p
        texts = [text for text, _, _ in sentences]
        scores = self.emissions.scores(texts, np.array(letters, np.intp), list(tags), np.array(pos, np.intp))
        lengths = np.array([len(t) for t in texts])
        labels = viterbi(scores, lengths, self.model.transition)
        named = [k for k, lab in enumerate(labels) if (lab != self.outside).any()]
        probs: list[np.ndarray | None] = [None] * len(labels)
        if named:
            bounds = np.cumsum(lengths) - lengths
            pick = np.concatenate([np.arange(bounds[k], bounds[k] + lengths[k]) for k in named])
            for k, prob in zip(
                named, marginals(scores[pick], lengths[named], self.model.transition), strict=True
            ):
                probs[k] = prob[np.arange(len(prob)), labels[k]]
        names = self.model.labels
        return [([names[i] for i in lab.tolist()], prob) for lab, prob in zip(labels, probs, strict=True)]
