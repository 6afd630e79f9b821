"""Read files into Documents: pages of `## ` articles, plain text, JSON Lines, directories."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..errors import BadInput
from ..model import Byline, Document
from . import byline
from .encoding import read_text
from .normalise import Chars, fold, fold_text, is_furniture, lines, paragraphs, without_breaks

SUFFIXES = (".txt", ".md", ".jsonl")
MAX_CHARS = 2_000_000  # one article; a longer "article" is a dump, not news, and would take minutes
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)


@dataclass
class ReadReport:
    """What was read and what was skipped (with the reason), for the build summary."""

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class Prepared(NamedTuple):
    text: str
    offsets: tuple[int, ...]
    bylines: tuple[Byline, ...]
    context: tuple[str, ...]  # what was taken out with the bylines: datelines, newsrooms


def prepare(raw: str, head: int = 0) -> Prepared:
    """Fold, join broken lines, take bylines out and drop furniture; keep offsets into raw.

    ``raw[:head]`` is the title: it stays a paragraph of its own (it ends no sentence, so the
    line-break repair would otherwise glue it to the body). The bylines' text (本报杭州7月20日讯,
    某某日报全媒体记者…) is kept apart as context: it says where the article is from.
    """
    found: list[Byline] = []
    context: list[str] = []
    folded = fold(raw)
    title = without_breaks(folded[:head])
    paras, tail = paragraphs(folded[head:], apart=byline.is_byline)
    if tail:
        paras.append(tail)  # a byline, furniture or a last paragraph without a full stop
    if paras:
        lead, paras[0], said = byline.take_lead(paras[0])
        found += lead
        if said:
            context.append(said)
    kept: list[Chars] = [title] if title else []
    for para in paras:
        names = byline.take_tail(para)
        if names:
            found += names
            context.append(para.text)
        elif para is tail and is_furniture(para):
            continue
        elif para:
            kept.append(para)
    if len(kept) > bool(title):
        end, last = byline.take_end(kept[-1])  # …。(张三 李四)
        found += end
        if end:
            context.append(kept[-1].text[len(last) :])
        kept[-1] = last
    if len(kept) == bool(title) and any(paras):
        # every line looked like a byline or furniture: a one-line document (a headline, a
        # sentence cut from a corpus) is its own text, never an empty one
        kept += [para for para in paras if para]
    offsets: list[int] = []
    for n, para in enumerate(kept):
        if n:
            offsets.append(offsets[-1] + 1)  # the newline between paragraphs
        offsets += para.at
    offsets.append(len(raw))
    return Prepared("\n".join(para.text for para in kept), tuple(offsets), tuple(found), tuple(context))


def _document(
    doc_id: str, raw: str, source: str, start: int, head: int = 0, title: str = "", **meta
) -> Document:
    """An article whose first ``head`` characters of ``raw`` are its title (0: no title in the text)."""
    text, offsets, bylines, context = prepare(raw, head)
    if head:
        title = text[: text.find("\n")] if "\n" in text else text
    title = fold_text(title.strip())
    return Document(
        id=doc_id,
        title=title,
        raw=raw,
        text=text,
        offsets=offsets,
        source=source,
        start=start,
        bylines=bylines,
        context=context,
        title_end=len(title) if head else 0,
        **meta,
    )


@dataclass(frozen=True)
class Draft:
    """An article as its file has it, before normalisation. Cheap to make and to hash, so a build
    decides from it whether to read the article at all (and workers, not the reader, normalise)."""

    id: str
    raw: str
    source: str
    start: int = 0
    head: int = 0  # raw[:head] is the title (0: none in the text)
    title: str = ""  # the title given apart from the text (JSON Lines), or the fallback
    date: str | None = None
    url: str | None = None
    publisher: str | None = None  # the paper or site (JSON Lines "source": 劳动午报)
    given_id: str | None = None  # a JSON Lines row's own id (the article's id is scoped by its file)

    def document(self) -> Document:
        fields = (
            ("date", self.date),
            ("url", self.url),
            ("publisher", self.publisher),
            ("given_id", self.given_id),
        )
        meta = {k: v for k, v in fields if v}
        return _document(self.id, self.raw, self.source, self.start, self.head, self.title, **meta)


def read_page(text: str, source: str, stem: str) -> list[Draft]:
    """A page: `## ` headings start articles; `# ` is the page's own title (furniture)."""
    heads = [m for m in HEADING.finditer(text) if len(m.group(1)) == 2]
    if not heads:
        return [read_plain(text, source, stem)]
    docs = []
    for n, m in enumerate(heads):
        nxt = HEADING.search(text, m.end())
        end = nxt.start() if nxt else len(text)
        raw = text[m.start(2) : end]  # the title and the body, so offsets reach both
        docs.append(Draft(f"{stem}-{n + 1:02d}", raw, source, m.start(2), head=m.end(2) - m.start(2)))
    return docs


def read_plain(text: str, source: str, stem: str) -> Draft:
    """One article: the title is a leading `# ` heading or a short first line without punctuation."""
    m = HEADING.search(text)
    if m and not text[: m.start()].strip("\ufeff\r\n \t"):
        return Draft(stem, text[m.start(2) :], source, m.start(2), head=m.end(2) - m.start(2))
    first = lines(fold(text[: _first_line_end(text)]))
    line = first[0].text if first else ""
    if first and len(line) <= 40 and not re.search(r"[,，。；;！？!?]", line):
        a, b = first[0].at[0], first[0].at[-1] + 1
        return Draft(stem, text[a:], source, a, head=b - a)
    return Draft(stem, text, source, 0, title=stem)


def _first_line_end(text: str) -> int:
    """Where the first line with more than blanks ends (the title test folds no further)."""
    pos = 0
    while (nl := text.find("\n", pos)) >= 0:
        if text[pos:nl].strip():
            return nl
        pos = nl + 1
    return len(text)


def read_jsonl(text: str, source: str, report: ReadReport, *, strict: bool = False) -> Iterator[Draft]:
    """One Draft a line, made as they are asked for (a large file is not held as Documents)."""
    # lines end at \n only: U+2028 and other breaks str.splitlines knows may sit inside a string
    for n, line in enumerate(io.StringIO(text), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError('each line must be an object with a "text" string')
            _check_text(row)
        except ValueError as e:
            if strict:
                raise BadInput(f"{source}: line {n} is not a valid record: {e}") from None
            report.skipped.append((f"{source}:{n}", f"line {n} is not a valid record: {e}"))
            continue
        given = str(row.get("id") or n)
        # an id is the file's: {"id": "1"} in two files is two articles (news/1, more/1)
        doc_id = f"{Path(source).stem}/{given}"
        yield Draft(
            doc_id,
            row["text"],
            source,
            title=str(row.get("title") or given),
            given_id=given,
            date=row.get("date"),
            url=row.get("url"),
            publisher=str(row["source"]) if row.get("source") else None,
        )


# JSON may escape half of a UTF-16 pair on its own ("\ud800"): no Unicode text holds one, and
# nothing downstream (the segmenter, hashes, the store) can encode it
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(row: dict) -> None:
    """ValueError naming the field and the character if a string of the record is no text."""
    for key, value in row.items():
        found = LONE_SURROGATE.search(value) if isinstance(value, str) else None
        if found:
            raise ValueError(
                f"{key!r} holds a lone surrogate (\\u{ord(found.group()):04x} at {found.start()}),"
                " half of a character: write the character whole"
            )


def files_under(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to read, in a stable order; directories are walked without following symbolic links
    (a link loop cannot trap the walk)."""
    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                found += [Path(root) / f for f in files if Path(f).suffix.lower() in SUFFIXES]
            yield from sorted(found)
        elif p.exists():
            yield p
        else:
            raise BadInput(f"{p}: no such file or directory")


def read_paths(
    paths: Iterable[str | Path],
    report: ReadReport | None = None,
    *,
    encoding: str | None = None,
    strict: bool = False,
) -> Iterator[Document]:
    """Yield the Documents in the given files and directories (recursively), in a stable order.

    A file that cannot be read is recorded in ``report.skipped`` and the others go on; with
    ``strict``, the first problem raises BadInput instead.
    """
    for draft in read_drafts(paths, report, encoding=encoding, strict=strict):
        yield draft.document()


def recorded(path: Path) -> str:
    """How a build records where an article was read: relative to the working directory when the
    file is under it (seeds/a.txt, however the command spelled it), else the absolute path."""
    full = path.resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def read_drafts(
    paths: Iterable[str | Path],
    report: ReadReport | None = None,
    *,
    encoding: str | None = None,
    strict: bool = False,
) -> Iterator[Draft]:
    """The articles of read_paths, before normalisation."""
    report = report if report is not None else ReadReport()
    for path in files_under(paths):
        source = recorded(path)
        try:
            text = read_text(path, encoding)
        except (BadInput, OSError) as e:
            if strict or (isinstance(e, BadInput) and str(e).startswith("unknown encoding")):
                raise BadInput(str(e)) from None
            report.skipped.append((source, str(e) if isinstance(e, BadInput) else f"{path}: {e.strerror}"))
            continue
        if len(text) > MAX_CHARS and path.suffix.lower() != ".jsonl" and "\n## " not in text[:MAX_CHARS]:
            problem = f"{path}: {len(text):,} characters in one article, over the {MAX_CHARS:,} limit"
            if strict:
                raise BadInput(problem)
            report.skipped.append((source, problem))
            continue
        report.files.append(source)
        if path.suffix.lower() == ".jsonl":
            yield from read_jsonl(text, source, report, strict=strict)
        else:
            yield from read_page(text, source, path.stem)
