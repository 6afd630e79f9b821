"""The small typed objects that flow through the pipeline (read → extract → resolve → RDF).

Offsets inside a Document (sentences, mentions, facts) index its normalised ``text``;
``Document.to_raw`` maps them back to the text exactly as written, which is what the graph stores.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

CLASSES = (
    "TradeUnion",
    "Company",
    "Organization",
    "Person",
    "Event",
    "Place",
    "District",
    "Subdistrict",
    "Community",
)
# the relations between entities (the scorer's contract names them too)
RELATIONS = (
    "locatedIn",
    "partOf",
    "subOrganizationOf",
    "unionOf",
    "organizer",
    "coOrganizer",
    "location",
    "participant",
    "subEventOf",
)
ORG_CLASSES = frozenset({"TradeUnion", "Company", "Organization"})
PLACE_CLASSES = frozenset({"Place", "District", "Subdistrict", "Community"})


@dataclass(frozen=True)
class Byline:
    """A reporter (记者) or photographer (通讯员 … 摄影) named in an article."""

    name: str
    role: str  # "reporter" or "photographer"


@dataclass(frozen=True)
class Document:
    """One article: its normalised text plus the map back to the source."""

    id: str
    title: str
    raw: str  # the body exactly as in the source
    text: str  # normalised: half-width, simplified, broken lines joined, furniture dropped
    offsets: tuple[int, ...]  # offsets[i] = index in raw of text[i]; one extra entry for the end
    source: str  # the file it came from
    start: int = 0  # where raw begins in the source file
    bylines: tuple[Byline, ...] = ()
    context: tuple[str, ...] = ()  # text about the article, not of it: datelines, newsrooms, its paper
    title_end: int = 0  # text[:title_end] is the title when the source put it before the body
    date: str | None = None
    url: str | None = None
    publisher: str | None = None  # the paper or site it appeared in
    given_id: str | None = None  # the id its JSON Lines row gave (``id`` is scoped by the file)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``text`` to the same span of ``raw``."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


class Token(NamedTuple):
    """A word of a sentence (a tuple: a hundred thousand are made per megabyte of text)."""

    start: int
    end: int
    word: str
    pos: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...] = ()  # its words, once segmented


@dataclass(frozen=True)
class Mention:
    """A span of a document's text that names an entity of one class."""

    start: int
    end: int
    text: str
    cls: str
    name: str = ""  # canonical name once resolved (may differ from text: 区文化局 → 顺义区文化局)
    rule: str = ""  # the id of the rule that found it, stamped by the pipeline
    score: float = 1.0  # how sure the rule is (a learned tagger's probability; rules are sure)

    @property
    def key(self) -> tuple[str, str]:
        return (self.cls, self.name or self.text)

    def named(self, name: str) -> Mention:
        """The same mention resolved to ``name`` (dataclasses.replace, five times as fast: resolve
        names most mentions of a batch)."""
        return Mention(self.start, self.end, self.text, self.cls, name, self.rule, self.score)


@dataclass(frozen=True)
class Entity:
    """One thing an article names, with every mention of it: what resolve gives the RDF layer."""

    iri: str
    cls: str
    label: str
    aliases: tuple[str, ...]  # other names it goes by in the article (cleaned surface forms)
    mentions: tuple[Mention, ...]
    rule: str = ""
    code: str = ""  # a division's statistical code, from the gazetteer
    within: tuple[str, ...] = ()  # the divisions above it, to the province, from the gazetteer

    @property
    def key(self) -> tuple[str, str]:
        return (self.cls, self.label)


@dataclass(frozen=True)
class Fact:
    """A relation between two resolved entities, with the sentence it was read from."""

    subject: tuple[str, str]  # entity key (class, canonical name)
    prop: str
    object: tuple[str, str]
    sentence: int  # index into the document's sentences
    rule: str = ""


@dataclass(frozen=True)
class Membership:
    """A person holding a role in an organisation (W3C ORG style)."""

    person: tuple[str, str]
    role: str
    organization: tuple[str, str]
    sentence: int
    rule: str = ""


@dataclass(frozen=True)
class Quantity:
    """A reported figure: 8.8万人 → value 88000, unit 人."""

    value: Decimal
    unit: str
    indicator: str
    approximate: bool
    start: int
    end: int
    text: str
    sentence: int
    about: tuple[str, str] | None = None
    rule: str = ""


@dataclass
class Analysis:
    """Everything the stages know about one document; stages read it and return new items."""

    doc: Document
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[list[Token]] = field(default_factory=list)  # per sentence
    mentions: list[Mention] = field(default_factory=list)  # candidates, as rules found them
    entities: list[Entity] = field(default_factory=list)  # what resolve made of them
    facts: list[Fact] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)  # sentence_of's

    def resolved(self) -> list[Mention]:
        """The mentions resolve kept, with their canonical names, in text order."""
        out = [m for e in self.entities for m in e.mentions]
        out.sort(key=lambda m: (m.start, m.end, m.cls))
        return out

    def found_by(self, prefix: str) -> list[Mention]:
        """The mentions found so far by rules whose id starts with ``prefix`` (``org.``)."""
        return [m for m in self.mentions if m.rule.startswith(prefix)]

    def sentence_of(self, pos: int) -> int:
        """The sentence holding ``pos`` (sentences are in order and apart); the last one otherwise."""
        if len(self._starts) != len(self.sentences):  # sentences are added by one stage, first
            self._starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return i
        return len(self.sentences) - 1
