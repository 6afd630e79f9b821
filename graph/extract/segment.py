"""Sentences and tokens: one segmentation pass with a held jieba tokenizer, shared by every stage."""

from __future__ import annotations

import logging
import re

from ..lexicons import Lexicons
from ..model import Analysis, Sentence, Token
from . import stage

SENTENCE_END = re.compile(r"[^。！？!?;；\n]*(?:[。！？!?;；]+[”’」』]?|\n|$)")
# words the stock dictionary lacks or tags badly; tagging them as place names keeps them whole
EXTRA_WORDS = {"首都": "ns"}


class Segmenter:
    """A jieba tokenizer of our own (never jieba's global one), loaded with the gazetteer."""

    def __init__(self, lex: Lexicons) -> None:
        # imported here: importing jieba.posseg builds jieba's global tagger, a second of start-up
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)  # its INFO lines about the dictionary cache are noise
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for name in (*lex.divisions, *lex.shorts, *lex.countries, *lex.world_places):
            self.tokenizer.add_word(name, freq=2000, tag="ns")
        for word, tag in EXTRA_WORDS.items():
            self.tokenizer.add_word(word, freq=2000, tag=tag)
        # the dictionary's tags, copied from the tagger jieba.posseg builds on import (reading them
        # again for a POSTokenizer of our own costs most of a second), plus the tags of our words
        self.tags: dict[str, str] = {**jieba.posseg.dt.word_tag_tab, **self.tokenizer.user_word_tag_tab}

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
