"""Sentences and tokens: one segmentation pass with a held jieba tokenizer, shared by every stage."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import re
from pathlib import Path

from ..atomic import write_atomic
from ..lexicons import Lexicons
from ..model import Analysis, Sentence, Token
from ..resources import cache_dir
from . import stage

SENTENCE_END = re.compile(r"[^。！？!?;；\n]*(?:[。！？!?;；]+[”’」』]?|\n|$)")
# words the stock dictionary lacks or tags badly; tagging them as place names keeps them whole
EXTRA_WORDS = {"首都": "ns"}


class Segmenter:
    """A jieba tokenizer of our own (never jieba's global one), loaded with the gazetteer."""

    def __init__(self, lex: Lexicons) -> None:
        import jieba  # imported here: a rebuild where nothing changed never needs it

        jieba.setLogLevel(logging.WARNING)  # its INFO lines about the dictionary cache are noise
        self.tokenizer = jieba.Tokenizer()
        words = {name: "ns" for name in (*lex.divisions, *lex.shorts, *lex.countries, *lex.world_places)}
        words.update(EXTRA_WORDS)
        freq, total, self.tags = tables(words)
        self.tokenizer.FREQ, self.tokenizer.total = freq, total
        self.tokenizer.initialized = True

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """Dictionary words with their dictionary tags; words jieba guessed (names, mostly) tagged ``oov``.

        jieba's part-of-speech HMM runs at a fifth of the speed of plain segmentation, so it is not
        used: plain segmentation (whose small BMES model joins 张|敬|涛 into one word) gives the words,
        and the dictionary gives their tags.
        """
        tags = self.tags
        out, pos = [], offset
        for word in self.tokenizer.cut(text, HMM=True):
            tag = tags.get(word)
            if tag is None:
                tag = _shape_tag(word)
            out.append(Token(pos, pos + len(word), word, tag))
            pos += len(word)
        return out


def tables(words: dict[str, str]) -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's prefix dictionary and total with ``words`` added, and every word's tag: read from
    our cache when it is there. (jieba's own start-up reads its cache a few bytes at a time, and
    jieba.posseg reads the dictionary again for the tags: two seconds; one read here is a quarter.)"""
    import jieba

    dictionary = Path(jieba.__file__).parent / "dict.txt"
    key = hashlib.sha256(repr((jieba.__version__, dictionary.stat().st_size, sorted(words.items()))).encode())
    cached = cache_dir() / f"segmenter-{key.hexdigest()[:16]}.marshal"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tok = jieba.Tokenizer()
    tok.initialize()
    tags: dict[str, str] = {}
    with dictionary.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    for word, tag in words.items():
        tok.add_word(word, freq=2000, tag=tag)
    tags.update(tok.user_word_tag_tab)
    found = (tok.FREQ, tok.total, tags)
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


@stage("segment", provides=("sentences", "tokens"))
def segment(a: Analysis, ctx) -> None:
    """Split into sentences and segment each once."""
    text, head = a.doc.text, a.doc.title_end
    title = [Sentence(0, head, text[:head])] if head else []
    a.sentences = title + [
        Sentence(s.start + head, s.end + head, s.text) for s in split_sentences(text[head:])
    ]
    a.tokens = [ctx.segmenter.tokens(s.text, s.start) for s in a.sentences]
