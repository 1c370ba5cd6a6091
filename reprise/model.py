"""The nouns every stage shares (see DESIGN.md): what a reader yields, and what is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Source:
    """Where an item came from: the input (file path or URL) and the record inside it."""

    input: str
    record: str = ""

    def as_dict(self) -> dict:
        return {"file": self.input, "record": self.record}


@dataclass
class RawItem:
    """One article as a reader found it, before cleaning.

    `key` identifies the item in its source (a URL, or file + record); the article id is
    derived from it, so re-reading the same input maps to the same id.
    """

    key: str
    source: Source
    text: str
    outlet: str = ""
    url: str = ""
    title: str = ""
    published: datetime | None = None
    language: str = ""
    extra: dict = field(default_factory=dict)
    own_id: str = ""  # the id the input itself gives the record, if any (kept in the store as extra.input_id)


@dataclass
class Removed:
    """A span cleaning cut out of an article, in the offsets of the normalised raw text."""

    begin: int
    end: int
    text: str
    rule: str


@dataclass
class Article:
    id: str
    outlet: str
    url: str
    title: str
    published: datetime | None
    language: str
    text: str
    raw_text: str
    credits: list[str]
    source: Source
    content_hash: str
    removed: list[Removed] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


@dataclass
class Reject:
    """An input (or a record inside one) that could not be used, with a reason a person can act on."""

    input: str
    record: str
    reason: str
