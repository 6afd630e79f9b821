"""Normalise article text for extraction while keeping a map back to the text as written.

Every output character remembers the index of the source character it came from, so a mention
found in the normalised text can be shown exactly as the source wrote it. Text is carried as
``Chars``: a string and, alongside it, those indices (sliced and joined together).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from itertools import chain

TERMINATORS = "。！？!?；;…”」』)）"
_BLANKS = "\u3000\u00a0\u2002\u2003\u2009"


@cache
def _t2s() -> dict[str, str]:
    """Traditional → simplified, one character for one (OpenCC's table) so offsets stay 1:1."""
    table: dict[str, str] = {}
    path = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0]
        if len(trad) == 1 and len(first) == 1 and not _simplified(trad):
            table[trad] = first
    return table


def _simplified(ch: str) -> bool:
    """A character of the simplified standard (GB 2312) is left as written, though OpenCC folds it
    too: 乾 in 乾坤 and in a name like 王乾坤 is not 干, nor is the surname 甯 宁 or 於 于."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def fold_char(ch: str) -> str:
    """Full-width → half-width, compatibility forms → plain, traditional → simplified.

    Always exactly one character, so a folded text is as long as its source and index-aligned."""
    if ch in _BLANKS:
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:  # e.g. ㍿ → 株式会社: keep the original so offsets stay 1:1
        folded = ch
    return _t2s().get(folded, folded)


class _Folded(dict[int, str]):
    """fold_char by code point, remembered, as a str.translate table: a text repeats the same few
    thousand characters."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLDED = _Folded()


def fold_text(raw: str) -> str:
    """``raw`` with every character folded; as long as ``raw`` (fold_char gives one for one)."""
    return raw.translate(_FOLDED)


class Chars:
    """Normalised characters, each with the index in raw of the character it came from.

    ``text[i]`` came from ``raw[at[i]]``. A string and a parallel sequence of indices (a range
    while the text is one stretch of raw) are sliced and joined far faster than a tuple per
    character. A character put in (the space where a byline was taken out) has the index of the
    raw character it stands before, so ``text[i]`` need not be ``raw[at[i]]`` folded.
    """

    __slots__ = ("at", "text")

    def __init__(self, text: str, at: Sequence[int]) -> None:
        self.text = text
        self.at = at

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, part: slice) -> Chars:
        return Chars(self.text[part], self.at[part])

    def __repr__(self) -> str:
        return f"Chars({self.text!r}, {list(self.at)!r})"


def join(parts: Sequence[Chars]) -> Chars:
    """The parts one after the other (a single part is returned as it is, not copied)."""
    if len(parts) == 1:
        return parts[0]
    return Chars("".join(p.text for p in parts), list(chain.from_iterable(p.at for p in parts)))


def fold(raw: str) -> Chars:
    return Chars(fold_text(raw), range(len(raw)))


_LINE = re.compile(r"[^\r\n]+")


def lines(chars: Chars) -> list[Chars]:
    """Split on newlines, dropping the newline characters and blank lines."""
    out: list[Chars] = []
    for m in _LINE.finditer(chars.text):
        line = m.group()
        stripped = line.strip()  # str.strip drops exactly the characters str.isspace accepts
        if stripped:
            a = m.start() + len(line) - len(line.lstrip())
            out.append(chars[a : a + len(stripped)])
    return out


def without_breaks(chars: Chars) -> Chars:
    """The characters without the newlines (``\\r``, ``\\n``) among them."""
    return join([chars[m.start() : m.end()] for m in _LINE.finditer(chars.text)])


def ends_sentence(line: Chars) -> bool:
    return bool(line.text) and line.text[-1] in TERMINATORS


_FURNITURE = re.compile(r"^[^,，。；;：:!！?？]{1,40}$")


def paragraphs(chars: Chars, apart: Callable[[Chars], bool] | None = None) -> tuple[list[Chars], Chars]:
    """Join lines that a hard line break cut in two; return the paragraphs and the unended tail.

    A line that does not end a sentence continues on the next line (``推出\\n\\n“劳模风采”``,
    ``厂务\\n\\n公开``). What is left unended at the end is a byline, page furniture (slogans,
    column headings) or a last paragraph without a full stop: the caller decides which. A line
    ``apart`` accepts (a byline line above the text) is a paragraph of its own.
    """
    out: list[Chars] = []
    cur: list[Chars] = []  # the lines of the paragraph so far, joined once it ends
    for line in lines(chars):
        if apart is not None and apart(line):
            if cur:
                out.append(join(cur))
            out.append(line)
            cur = []
            continue
        cur.append(line)
        if ends_sentence(line):
            out.append(join(cur))
            cur = []
    return out, join(cur)


def is_furniture(line: Chars) -> bool:
    """Short and without sentence punctuation: 学思想 强党性…, 基层工会服务月专题巡礼."""
    return bool(_FURNITURE.match(line.text))
