"""Lexicons: facts about the world (places, naming suffixes, titles, measure words), loaded once.

Each file is plain text with `#` comment lines; see the comment at the top of each file.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import marshal
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib import resources

from ..atomic import write_atomic
from ..resources import cache_dir


@cache
def alternation(words: tuple[str, ...]) -> re.Pattern:
    """One compiled pattern matching any of ``words``, longest first (compiled once per word list)."""
    return re.compile(trie(words))


def trie(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, longest first, with the words sharing their
    beginnings (主席|主任 → 主(?:任|席)): the regex tries one character where a list of
    alternatives tries every word. The same as the words joined by | longest first: the words that
    match at one place are prefixes of one another, and a trie tries them longest first too."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def render(node: dict) -> str:
        parts = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(parts) == 1 else f"{body}?"  # the longer words first

    return render(root)


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
    code: str = ""  # the statistical division code (Wikidata P442) when the name is one division's


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
    kids: dict[str, list[Division]]  # parent name → the divisions directly under it
    candidates: dict[str, tuple[str, ...]]  # a name several divisions share → their parents' names

    def children(self, name: str) -> list[Division]:
        return self.kids.get(name, [])

    # the lists as sets, made once (rules ask them of every document)
    @cached_property
    def title_set(self) -> frozenset[str]:
        return frozenset(self.titles)

    @cached_property
    def organisation_set(self) -> frozenset[str]:
        return frozenset(self.organisations)

    @cached_property
    def event_noun_set(self) -> frozenset[str]:
        return frozenset(self.event_nouns)


@cache
def load() -> Lexicons:
    divisions: dict[str, Division] = {}
    short_count: dict[str, list[str]] = {}
    for row in _table("divisions.tsv"):
        d = Division(row["name"], row["class"], row["parent"], row.get("short") or "")
        divisions.setdefault(d.name, d)
        if d.short and d.short != d.name:
            short_count.setdefault(d.short, []).append(d.name)
    candidates: dict[str, tuple[str, ...]] = {}
    _national(divisions, short_count, candidates)
    shorts = {s: names[0] for s, names in short_count.items() if len(set(names)) == 1}
    kids: dict[str, list[Division]] = {}
    for d in divisions.values():
        kids.setdefault(d.parent, []).append(d)
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
        organisations=by_length(w for ln in _lines("organisations.txt") for w in ln.split()),
        kids=kids,
        candidates=candidates,
    )


LOCAL = ("District", "Subdistrict")
HEADS = ("街道", "区", "县", "市", "旗", "镇", "乡")


def _national(
    divisions: dict[str, Division], short_count: dict[str, list[str]], candidates: dict[str, tuple[str, ...]]
) -> None:
    """Add the county- and township-level divisions of all of China (divisions_cn.tsv). A name that
    several divisions share (城关镇 names 88 towns, 西湖区 two districts) is still a District or
    Subdistrict, but with no parent: which one is meant is left to context. A division keeps its
    parent when that parent's name is unambiguous too. Short forms of unambiguous county-level
    names (武侯 for 武侯区) resolve with evidence, as the gazetteer's short forms do; township short
    forms are not added (too many are ordinary words)."""
    data = (resources.files(__package__) / "divisions_cn.tsv").read_bytes()
    curated = (resources.files(__package__) / "divisions.tsv").read_bytes()  # what it defers to
    curated += (resources.files(__package__) / "division_common_names.txt").read_bytes()
    key = hashlib.sha256(b"rows v5\0" + data + curated).hexdigest()[:16]  # v5: former names
    cached = cache_dir() / f"divisions-{key}.marshal"
    try:
        found = marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        local = {n for n, d in divisions.items() if d.cls in LOCAL}
        found = _national_rows(data.decode("utf-8"), set(divisions), local)
        with contextlib.suppress(
            OSError
        ):  # an unwritable cache only costs the next start a tenth of a second
            write_atomic(cached, marshal.dumps(found))
    rows, codes = found
    for name, code in codes.items():  # the curated divisions' codes (北京市 110000, 平谷区 110117)
        if name in divisions:
            divisions[name] = replace(divisions[name], code=code)
    for name, cls, parent, short, among, code in rows:
        divisions[name] = Division(name, cls, parent, short, code)
        if among:
            candidates[name] = among
        if short and short != name:
            short_count.setdefault(short, []).append(name)


Row = tuple[
    str, str, str, str, tuple[str, ...], str
]  # name, class, parent, short, its possible parents, code


def code_of(code: str) -> str:
    """A statistical code as Wikidata's P442 writes it: 6 digits down to counties (33 → 330000),
    9 for townships."""
    return code.ljust(6, "0") if len(code) < 6 else code


def _national_rows(text: str, known: set[str], known_local: set[str]) -> tuple[list[Row], dict[str, str]]:
    """(name, class, parent, short, parents, code) of the divisions ``_national`` adds, read from
    the TSV, and the codes of the names only one division has (for the curated divisions too)."""
    # 44,690 rows: split by hand (csv.DictReader takes three times as long)
    keys = ("code", "name", "class", "parent", "short")
    rows = [
        dict(zip(keys, line.split("\t"), strict=False))
        for line in text.splitlines()
        if line and not line.startswith(("#", "code\t"))
    ]
    by_code = {r["code"]: r for r in rows}
    count: dict[str, int] = {}
    classes: dict[str, set[str]] = {}
    for r in rows:
        count[r["name"]] = count.get(r["name"], 0) + 1
        classes.setdefault(r["name"], set()).add(r["class"])
    out: list[Row] = []
    added: set[str] = set()
    parents: dict[str, list[str]] = {}
    for r in rows:
        if count[r["name"]] > 1 and r["parent"] in by_code:
            parents.setdefault(r["name"], []).append(by_code[r["parent"]]["name"])
    common = set(words("division_common_names"))
    for r in rows:
        name, cls = r["name"], r["class"]
        if cls not in LOCAL or name in known or name in added or len(classes[name]) > 1:
            continue
        if cls == "Subdistrict" and "400" <= r["code"][6:] < "600":
            continue  # farms, forestry centres, development areas: not townships (NBS 类似乡级单位)
        if cls == "District" and r["code"][4:5] == "7":
            continue  # the NBS's functional areas (经济开发区, 工业园区): named so in many cities
        if name in common:
            continue
        head = next((h for h in HEADS if name.endswith(h)), "")
        if len(name) - len(head) < 2:
            continue  # 街道, 城区, 郊区: a bare head is a common word, not a name
        shared = count[name] > 1
        parent = "" if shared else by_code.get(r["parent"], {}).get("name", "")
        beijing = r["code"].startswith("11")  # the curated list names Beijing's divisions the same way
        among = tuple(sorted(set(parents.get(name, ())))) if shared else ()
        if count.get(parent, 0) > 1 or (parent in known_local and not beijing):
            # 鼓楼区 names four districts: which one is not known, unless the article names it
            parent, among = "", (parent,)
        short = (r.get("short") or "") if cls == "District" and not shared else ""
        out.append((name, cls, parent, short, among, "" if shared else code_of(r["code"])))
        added.add(name)
    codes = {r["name"]: code_of(r["code"]) for r in rows if count[r["name"]] == 1}
    return out + _former_names(out, count, known | common), codes


FORMER_HEADS = ("县", "区", "市")


def _former_names(rows: list[Row], count: dict[str, int], known: set[str]) -> list[Row]:
    """A county that became a district, or a city (撤县设区, 撤市设区: 吴江市 → 吴江区, 萧山市 →
    萧山区) is still written by its former name in reports and archives: the short form with another
    county-level head names the same division, where no division has that name and the short form
    names one division only."""
    out: list[Row] = []
    for name, cls, parent, short, _among, code in rows:
        if cls != "District" or len(short) < 2 or not name.startswith(short):
            continue
        for head in FORMER_HEADS:
            former = short + head
            if former != name and former not in count and former not in known:
                out.append((former, cls, parent, "", (), code))
    names = Counter(r[0] for r in out)
    return [r for r in out if names[r[0]] == 1]  # two divisions' former name: neither
