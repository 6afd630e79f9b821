"""Sentences and tokens: one segmentation pass with a held tokenizer, shared by every stage.

The words come from jieba-rs (the ``rjieba`` binding): jieba's algorithm, dictionary and HMM in
Rust, ten times as fast as jieba's Python (whose cut took half of an extraction's time). Their tags
and counts come from jieba's own dictionary file, which is the same dictionary.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.machinery
import importlib.util
import marshal
import re
import sys
from functools import partial
from itertools import accumulate
from pathlib import Path

from ..atomic import write_atomic
from ..lexicons import Lexicons, pairs
from ..model import Analysis, Sentence, Token
from ..resources import cache_dir
from .registry import define_stage, rule

SENTENCE_END = re.compile(r"[^。！？!?;；\n]*(?:[。！？!?;；]+[”’」』]?|\n|$)")
# words the stock dictionary lacks or tags badly; tagging them as place names keeps them whole
EXTRA_WORDS = pairs("tokenizer_extra_words")  # graph/lexicons/tokenizer_extra_words.tsv
ADDED_FREQ = 2000  # the count given to each added word: enough to keep a name whole


class Segmenter:
    """A tokenizer of our own (never a global one), loaded with the gazetteer; ``count`` and ``tag``
    give a dictionary word's count and part of speech."""

    def __init__(self, lex: Lexicons | None = None, *, words: dict[str, str] | None = None) -> None:
        """The gazetteer's names and our extra words added to jieba's dictionary (or ``words``)."""
        if words is None:
            assert lex is not None, "a Segmenter needs the lexicons or its words"
            places = (*lex.divisions, *lex.shorts, *lex.countries, *lex.world_places)
            words = {name: "ns" for name in places} | EXTRA_WORDS
            # well-known bodies of three characters or more stay whole (人社部, not 从人|社部)
            words |= {name: "nt" for name in lex.organisations if len(name) >= 3 and name not in words}
        self.tokenizer = _jieba_class()()
        for word, tag in words.items():
            self.tokenizer.add_word(word, ADDED_FREQ, tag)
        self.table, self.tag_names = tables(words, self.tokenizer)
        self._tags: dict[str, str] = {}  # the tags tokens() gave words so far

    def count(self, word: str) -> int:
        """How often the dictionary has seen ``word``: exact from ``COUNTED`` up; a rarer dictionary
        word may give 1, and a word the dictionary lacks gives 0 (the rules ask no more than that)."""
        code = self.table.get(word)
        if code is not None:
            return code >> TAG_BITS
        return 1 if self.tokenizer.has_word(word) else 0

    def tag(self, word: str, default: str | None = None) -> str | None:
        """The dictionary's part of speech of ``word``; ``default`` for a word it lacks."""
        code = self.table.get(word)
        if code is not None:
            return self.tag_names[code & TAG_MASK]
        if not self.tokenizer.has_word(word):
            return default
        # a rare word the tokenizer keeps whole (the table holds those it would split)
        return self.tokenizer.tag(word, False)[0][1]

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """Dictionary words with their dictionary tags; words jieba guessed (names, mostly) tagged ``oov``.

        jieba's part-of-speech HMM runs at a fifth of the speed of plain segmentation, so it is not
        used: segmentation (whose small BMES model joins 张|敬|涛 into one word) gives the words and
        the dictionary their tags, from our table (which has the words we added) or jieba-rs's own.
        """
        tags = self._tags
        if len(tags) > TAGS_KEPT:
            tags.clear()
        pairs = self.tokenizer.tag(text, True)
        words = [w for w, _ in pairs]
        found = list(map(tags.get, words))  # each word's tag, as the words before found it
        if None in found:
            for i, tag in enumerate(found):
                if tag is None:
                    found[i] = self._tag_of(words[i], pairs[i][1])
        bounds = list(accumulate(map(len, words), initial=offset))
        return list(map(_token, zip(bounds, bounds[1:], words, found, strict=False)))

    def _tag_of(self, word: str, guess: str) -> str:
        """The tag tokens() gives ``word``, remembered: our table's, or jieba-rs's tag of a
        dictionary word (``guess``), or the word's shape (the word's alone, whatever its context)."""
        code = self.table.get(word)
        if code is not None:
            tag = self.tag_names[code & TAG_MASK]
        else:
            tag = guess if self.tokenizer.has_word(word) else _shape_tag(word)
        self._tags[word] = tag
        return tag


# a Token made without NamedTuple's __new__ (a third of the cost; a million are made per 2 MB)
_token = partial(tuple.__new__, Token)
TAGS_KEPT = 300_000  # words whose tags tokens() remembers; beyond that, forgotten and found again


TAG_BITS = 6  # a word's entry in the table is its count shifted left, with its tag's number below
TAG_MASK = (1 << TAG_BITS) - 1
COUNTED = 20  # words seen this often are in our table; rarer ones are asked of jieba-rs (a third of the load)


def tables(words: dict[str, str], tokenizer) -> tuple[dict[str, int], tuple[str, ...]]:
    """The words of jieba's dictionary seen ``COUNTED`` times or more, with ``words`` added and the
    rare words ``tokenizer`` would split, as ``count << TAG_BITS | tag``, and the tags' names: read
    from our cache when it is there (a dictionary of small integers loads in a twentieth of the time
    it takes to read the dictionary's text)."""
    spec = importlib.util.find_spec("jieba")  # where the package is, without importing it
    assert spec is not None and spec.origin is not None, "jieba is a dependency"
    dictionary = Path(spec.origin).parent / "dict.txt"
    ordered = sorted(words)  # in no set order: the countries are a frozenset
    listed = "\x1f".join(ordered) + "\x1e" + "\x1f".join(map(words.__getitem__, ordered))
    key = hashlib.sha256(f"{dictionary.stat().st_size} {ADDED_FREQ}\x1e{listed}".encode())
    cached = cache_dir() / f"table{COUNTED}-{key.hexdigest()[:16]}.marshal"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    found: dict[str, tuple[int, str]] = {}
    with dictionary.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                found[parts[0]] = int(parts[1]), parts[2]
    for word, tag in words.items():
        found[word] = ADDED_FREQ, tag
    found = {w: v for w, v in found.items() if v[0] >= COUNTED or len(tokenizer.tag(w, False)) > 1}
    names = tuple(sorted({tag for _, tag in found.values()}))
    assert len(names) <= TAG_MASK, "more tags than TAG_BITS can number"
    number = {tag: i for i, tag in enumerate(names)}
    table = {word: count << TAG_BITS | number[tag] for word, (count, tag) in found.items()}
    with contextlib.suppress(OSError):  # a read-only home: the table is built each time
        write_atomic(cached, marshal.dumps((table, names)))
    return table, names


def _jieba_class():
    """jieba-rs's tokenizer class, without the default tokenizer ``import rjieba`` builds (a tenth
    of a second at every start, for a tokenizer we never use)."""
    if "rjieba.rjieba" in sys.modules:
        return sys.modules["rjieba.rjieba"].Jieba
    spec = importlib.util.find_spec("rjieba")
    assert spec is not None and spec.submodule_search_locations, "rjieba is a dependency"
    for folder in spec.submodule_search_locations:
        for path in Path(folder).glob("rjieba*"):
            if path.suffix in (".so", ".pyd"):
                loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(path))
                ext = importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader)
                if ext is not None:
                    module = importlib.util.module_from_spec(ext)
                    loader.exec_module(module)
                    # registered: a later `import rjieba` reuses it (PyO3 initialises a module once)
                    sys.modules["rjieba.rjieba"] = module
                    return module.Jieba
    import rjieba  # an unusual layout: the package's own import

    return rjieba.Jieba


def _shape_tag(word: str) -> str:
    if "\u4e00" <= word[0] <= "\u9fff":
        return "oov"
    if word.isdigit() or NUMBER.fullmatch(word):
        return "m"
    if word.isascii() and word.isalnum():
        return "eng"
    return "x"


NUMBER = re.compile(r"[0-9][0-9.．,，%]*")


def split_sentences(text: str) -> list[Sentence]:
    out = []
    for m in SENTENCE_END.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in "\n ":
            e -= 1
        while s < e and text[s] == " ":
            s += 1
        if e > s:
            out.append(Sentence(s, e, text[s:e]))
    return out


@rule("segment.sentences")
def sentences(a: Analysis, ctx) -> list[Sentence]:
    """Sentences (the headline first), each segmented once into tagged words."""
    text, head = a.doc.text, a.doc.title_end
    title = [Sentence(0, head, text[:head])] if head else []
    spans = title + [Sentence(s.start + head, s.end + head, s.text) for s in split_sentences(text[head:])]
    seg = ctx.segmenter
    return [Sentence(s.start, s.end, s.text, tuple(seg.tokens(s.text, s.start))) for s in spans]


define_stage(
    "segment",
    rules=["segment.sentences"],
    provides=("sentences", "tokens"),
    doc="Sentences, and the words of each from one pass of a held tokenizer.",
    factory=lambda ctx: Segmenter(ctx.lex),
)
