"""Sentences and tokens: one segmentation pass with a held jieba tokenizer, shared by every stage."""

from __future__ import annotations

import logging
import re

import jieba
import jieba.posseg
from jieba import finalseg

from ..lexicons import Lexicons
from ..model import Analysis, Sentence, Token
from . import stage

SENTENCE_END = re.compile(r"[^。！？!?;；\n]*(?:[。！？!?;；]+[”’」』]?|\n|$)")
# words the stock dictionary lacks or tags badly; tagging them as place names keeps them whole
EXTRA_WORDS = {"首都": "ns"}


class Segmenter:
    """A jieba tokenizer of our own (never jieba's global one), loaded with the gazetteer."""

    def __init__(self, lex: Lexicons) -> None:
        jieba.setLogLevel(logging.WARNING)  # its INFO lines about the dictionary cache are noise
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for name in (*lex.divisions, *lex.shorts, *lex.countries):
            self.tokenizer.add_word(name, freq=2000, tag="ns")
        for word, tag in EXTRA_WORDS.items():
            self.tokenizer.add_word(word, freq=2000, tag=tag)
        self.pos = jieba.posseg.POSTokenizer(self.tokenizer)

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """Dictionary words with their tags; unknown words (names, mostly) tagged ``oov``.

        jieba's part-of-speech HMM runs at a fifth of the speed of plain segmentation, so it is off;
        runs of single characters the dictionary left over go through jieba's small BMES model
        (finalseg), as plain segmentation does, which joins 张|敬|涛 into one unknown word.
        """
        out: list[Token] = []
        run: list[tuple[str, str]] = []
        pos = offset

        def flush() -> None:
            nonlocal pos
            chars = "".join(w for w, _ in run)
            if len(run) > 1 and chars not in self.tokenizer.FREQ:
                words = list(finalseg.cut(chars))
            else:
                words = [w for w, _ in run]
            i = 0
            for w in words:
                out.append(Token(pos, pos + len(w), w, "oov" if len(w) > 1 else run[i][1]))
                pos += len(w)
                i += len(w)
            run.clear()

        for pair in self.pos.lcut(text, HMM=False):
            if len(pair.word) == 1 and "\u4e00" <= pair.word <= "\u9fff":
                run.append((pair.word, pair.flag))
                continue
            if run:
                flush()
            out.append(Token(pos, pos + len(pair.word), pair.word, pair.flag))
            pos += len(pair.word)
        if run:
            flush()
        return out


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
