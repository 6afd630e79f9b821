"""Normalise article text for extraction while keeping a map back to the text as written.

Every output character remembers the index of the source character it came from, so a mention
found in the normalised text can be shown exactly as the source wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from importlib import resources

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
    """Full-width → half-width, compatibility forms → plain, traditional → simplified."""
    if ch in _BLANKS:
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:  # e.g. ㍿ → 株式会社: keep the original so offsets stay 1:1
        folded = ch
    return _t2s().get(folded, folded)


Chars = list[tuple[str, int]]  # (normalised character, index in raw)


class _Folded(dict):
    """fold_char, remembered: a text repeats the same few thousand characters."""

    def __missing__(self, ch: str) -> str:
        self[ch] = fold_char(ch)
        return self[ch]


_FOLDED = _Folded()


def fold(raw: str) -> Chars:
    folded = _FOLDED
    return [(folded[ch], i) for i, ch in enumerate(raw)]


def lines(chars: Chars) -> list[Chars]:
    """Split on newlines, dropping the newline characters and blank lines."""
    out: list[Chars] = []
    cur: Chars = []
    for ch, i in [*chars, ("\n", -1)]:
        if ch in "\r\n":
            stripped = _strip(cur)
            if stripped:
                out.append(stripped)
            cur = []
        else:
            cur.append((ch, i))
    return out


def _strip(line: Chars) -> Chars:
    a, b = 0, len(line)
    while a < b and line[a][0].isspace():
        a += 1
    while b > a and line[b - 1][0].isspace():
        b -= 1
    return line[a:b]


def text_of(chars: Chars) -> str:
    return "".join(ch for ch, _ in chars)


def ends_sentence(line: Chars) -> bool:
    return bool(line) and line[-1][0] in TERMINATORS


_FURNITURE = re.compile(r"^[^,，。；;：:!！?？]{1,40}$")


def paragraphs(chars: Chars, apart: Callable[[Chars], bool] | None = None) -> tuple[list[Chars], Chars]:
    """Join lines that a hard line break cut in two; return the paragraphs and the unended tail.

    A line that does not end a sentence continues on the next line (``推出\\n\\n“劳模风采”``,
    ``厂务\\n\\n公开``). What is left unended at the end is a byline, page furniture (slogans,
    column headings) or a last paragraph without a full stop: the caller decides which. A line
    ``apart`` accepts (a byline line above the text) is a paragraph of its own.
    """
    out: list[Chars] = []
    cur: Chars = []
    for line in lines(chars):
        if apart is not None and apart(line):
            if cur:
                out.append(cur)
            out.append(line)
            cur = []
            continue
        cur = cur + line
        if ends_sentence(line):
            out.append(cur)
            cur = []
    return out, cur


def is_furniture(line: Chars) -> bool:
    """Short and without sentence punctuation: 学思想 强党性…, 基层工会服务月专题巡礼."""
    return bool(_FURNITURE.match(text_of(line)))
