"""Sentences and tokens: one segmentation pass with a held tokenizer, shared by every stage.

The words come from jieba-rs (the ``rjieba`` binding): jieba's algorithm, dictionary and HMM in
Rust, ten times as fast as jieba's Python (whose cut took half of an extraction's time). Their tags
and frequencies come from jieba's own dictionary file, which is the same dictionary.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import re
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
    """A tokenizer of our own (never a global one), loaded with the gazetteer; ``freq`` and ``tags``
    give every dictionary word's count and part of speech."""

    def __init__(self, lex: Lexicons) -> None:
        import rjieba  # imported here: a rebuild where nothing changed never needs it

        self.tokenizer = rjieba.Jieba()
        words = {name: "ns" for name in (*lex.divisions, *lex.shorts, *lex.countries, *lex.world_places)}
        words.update(EXTRA_WORDS)
        for word, tag in words.items():
            self.tokenizer.add_word(word, ADDED_FREQ, tag)
        self.freq, self.tags = tables(words)

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """Dictionary words with their dictionary tags; words jieba guessed (names, mostly) tagged ``oov``.

        jieba's part-of-speech HMM runs at a fifth of the speed of plain segmentation, so it is not
        used: plain segmentation (whose small BMES model joins 张|敬|涛 into one word) gives the words,
        and the dictionary gives their tags.
        """
        tags = self.tags
        out, pos = [], offset
        for word in self.tokenizer.cut(text, True):
            tag = tags.get(word)
            if tag is None:
                tag = _shape_tag(word)
            out.append(Token(pos, pos + len(word), word, tag))
            pos += len(word)
        return out


def tables(words: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """Every word's count and tag in jieba's dictionary, with ``words`` added: read from our cache
    when it is there (a quarter of the time it takes to read the dictionary's text)."""
    spec = importlib.util.find_spec("jieba")  # where the package is, without importing it
    assert spec is not None and spec.origin is not None, "jieba is a dependency"
    dictionary = Path(spec.origin).parent / "dict.txt"
    key = hashlib.sha256(repr((dictionary.stat().st_size, ADDED_FREQ, sorted(words.items()))).encode())
    cached = cache_dir() / f"words-{key.hexdigest()[:16]}.marshal"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    with dictionary.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                freq[parts[0]], tags[parts[0]] = int(parts[1]), parts[2]
    for word, tag in words.items():
        freq[word], tags[word] = ADDED_FREQ, tag
    found = (freq, tags)
    with contextlib.suppress(OSError):  # a read-only home: the tables are built each time
        write_atomic(cached, marshal.dumps(found))
    return found


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
