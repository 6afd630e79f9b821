"""Decode a file's bytes: BOMs first, then strict UTF-8, then strict GB18030 (which covers GBK and
GB2312), or the encoding the user names. Undecodable text is an error that names the byte."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import BadInput

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
MAX_BYTES = 64 * 1024 * 1024  # one input file; larger ones are skipped, not loaded whole


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB: not text (a BOM'd UTF-16 file has NULs)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return b"\x00" in head or controls > len(head) // 10


def decode_bytes(data: bytes, path: Path, encoding: str | None = None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise BadInput(
                f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, gb18030, utf-16"
            ) from None
        except UnicodeDecodeError as e:
            raise BadInput(
                f"{path}: not {encoding} text (byte {e.start}: {data[e.start : e.start + 1]!r})"
            ) from None
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise BadInput(
                    f"{path}: not {codec} text (byte {e.start}: {data[e.start : e.start + 1]!r})"
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            at = utf8_error.start
            raise BadInput(
                f"{path}: neither UTF-8 nor GB18030 text (byte {at}: {data[at : at + 1]!r}); "
                "name the encoding with --encoding"
            ) from None


def read_text(path: Path, encoding: str | None = None) -> str:
    """The text of ``path``; BadInput for an empty, binary, oversized or undecodable file."""
    size = path.stat().st_size
    if size == 0:
        raise BadInput(f"{path}: empty file")
    if size > MAX_BYTES:
        raise BadInput(f"{path}: {size:,} bytes, over the {MAX_BYTES:,}-byte limit for one file; split it")
    data = path.read_bytes()
    if looks_binary(data):
        raise BadInput(f"{path}: a binary file, not text")
    text = decode_bytes(data, path, encoding)
    if not text.strip():
        raise BadInput(f"{path}: only white space")
    return text
