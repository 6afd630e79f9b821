"""Lexicons: facts about the world (places, naming suffixes, titles, measure words), loaded once.

Each file is plain text with `#` comment lines; see the comment at the top of each file.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@cache
def alternation(words: tuple[str, ...]) -> re.Pattern:
    """One compiled pattern matching any of ``words``, longest first (compiled once per word list)."""
    return re.compile("|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))))


def _lines(name: str) -> list[str]:
    text = (resources.files(__package__) / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _table(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_lines(name), delimiter="\t"))


# Small word lists that rules read (one concept a file: `graph/lexicons/<name>.txt`). Words are
# separated by spaces or lines; a file of characters (`chars`) may write them run together.
@cache
def words(name: str) -> tuple[str, ...]:
    """The words of ``<name>.txt`` in file order (duplicates dropped)."""
    return tuple(dict.fromkeys(w for line in _lines(f"{name}.txt") for w in line.split()))


@cache
def word_set(name: str) -> frozenset[str]:
    """The words of ``<name>.txt`` as a set (for membership tests in hot loops)."""
    return frozenset(words(name))


@cache
def chars(name: str) -> str:
    """The characters of ``<name>.txt`` (a character class), in file order, whitespace removed."""
    return "".join(dict.fromkeys("".join("".join(line.split()) for line in _lines(f"{name}.txt"))))


@cache
def pairs(name: str) -> dict[str, str]:
    """``key<TAB>value`` lines of ``<name>.tsv`` as a dict, in file order."""
    return dict(line.split("\t", 1) for line in _lines(f"{name}.tsv"))


@cache
def alt(name: str) -> str:
    """The words of ``<name>.txt`` as a regex alternation source (``a|b|c``), escaped, in file
    order: the file decides which alternative is tried first."""
    return "|".join(map(re.escape, words(name)))


@dataclass(frozen=True)
class Division:
    name: str
    cls: str  # District, Subdistrict, Province, City, County
    parent: str
    short: str


@dataclass(frozen=True)
class Lexicons:
    divisions: dict[str, Division]  # by full name
    shorts: dict[str, str]  # short form → full name (only unambiguous ones)
    countries: frozenset[str]
    world_places: dict[str, str]  # name → kind (city, region, water, mountain, china, landmark)
    org_suffixes: dict[str, str]  # suffix → class, longest suffix first
    org_suffix_lengths: tuple[int, ...]  # the lengths of the suffixes, longest first
    venues: tuple[str, ...]
    titles: tuple[str, ...]
    event_nouns: tuple[str, ...]
    measure_words: tuple[str, ...]
    generic: frozenset[str]
    surnames: frozenset[str]
    given_chars: frozenset[str]
    organisations: tuple[str, ...]  # well-known bodies without a telling suffix, longest first

    def children(self, name: str) -> list[Division]:
        return [d for d in self.divisions.values() if d.parent == name]


@cache
def load() -> Lexicons:
    divisions: dict[str, Division] = {}
    short_count: dict[str, list[str]] = {}
    for row in _table("divisions.tsv"):
        d = Division(row["name"], row["class"], row["parent"], row.get("short") or "")
        divisions.setdefault(d.name, d)
        if d.short and d.short != d.name:
            short_count.setdefault(d.short, []).append(d.name)
    shorts = {s: names[0] for s, names in short_count.items() if len(set(names)) == 1}
    surnames: set[str] = set()
    for line in _lines("surnames.txt"):
        for token in line.split():
            # single-character surnames are written together on one line, compound ones spaced
            surnames.update(token if len(token) > 2 else [token])
    org_suffixes = {
        r["suffix"]: r["class"]
        for r in sorted(_table("org_suffixes.tsv"), key=lambda r: (-len(r["suffix"]), r["suffix"]))
    }
    by_length = lambda words: tuple(sorted(set(words), key=lambda w: (-len(w), w)))  # noqa: E731
    return Lexicons(
        divisions=divisions,
        shorts=shorts,
        countries=frozenset(_lines("countries.txt")),
        world_places=dict(ln.split("\t", 1) for ln in _lines("world_places.txt")),
        org_suffixes=org_suffixes,
        org_suffix_lengths=tuple(sorted({len(s) for s in org_suffixes}, reverse=True)),
        venues=by_length(_lines("venues.txt")),
        titles=by_length(_lines("titles.txt")),
        event_nouns=by_length(_lines("event_nouns.txt")),
        measure_words=by_length(_lines("measure_words.txt")),
        generic=frozenset(_lines("generic_words.txt")),
        surnames=frozenset(surnames),
        given_chars=frozenset("".join(_lines("given_name_chars.txt"))),
        organisations=by_length(_lines("organisations.txt")),
    )
