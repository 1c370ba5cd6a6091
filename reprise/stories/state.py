"""One open story in memory, and the article features it is made of.

A story keeps the sum of its articles' profiles (its centroid: lemmas of heads and bodies, names,
numbers), the entities with their forms and kinds, the outlets, the word trigrams of every sentence
it has carried (to tell what a new article adds), and its time span. All of it can be rebuilt
from the stored articles, in any order: sums and unions only.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..entities import Entity, entities
from ..language import UNDETERMINED
from ..similarity import Profile, profile
from . import sentences

CENTROID_TERMS = 400  # terms of each kind a story is compared on (its most frequent ones)


def story_id(first_article_id: str) -> str:
    """The id of a story started by an article: derived from that article's id only."""
    return "story-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:12]


@dataclass
class Item:
    """An article as stories see it."""

    id: str
    published: datetime | None
    outlet: str
    title: str
    text: str
    lang: str
    profile: Profile
    entities: list[Entity]


def item(article_id: str, published: datetime | None, outlet: str, title: str, text: str, lang: str,
         entity_mode: str = "plain") -> Item:
    """Lemmas and entities of an article, once (text of any language or script; never raises on content)."""
    lang = "" if lang in (UNDETERMINED, None) else lang
    full = f"{title}\n{text}" if title else text
    found = entities(full, lang, entity_mode) if entity_mode != "none" else []
    return Item(article_id, published, outlet or "", title or "", text or "", lang,
                profile(text, title, lang or "und", found=found, grams=False), found)


@dataclass
class Member:
    id: str
    published: datetime | None
    outlet: str
    profile: Profile


@dataclass(eq=False)
class Story:
    id: str
    created: int  # order of creation: the older of two merging stories absorbs the younger
    langs: Counter = field(default_factory=Counter)
    members: list[Member] = field(default_factory=list)
    head: Counter = field(default_factory=Counter)
    body: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)
    name_kinds: dict[str, str] = field(default_factory=dict)
    numbers: Counter = field(default_factory=Counter)
    words: int = 0
    forms: dict[str, Counter] = field(default_factory=dict)  # entity key -> Counter of (text, kind)
    outlets: Counter = field(default_factory=Counter)
    seen: set[int] = field(default_factory=set)  # sentence trigram hashes
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    activity: int = 0
    _view: Profile | None = None

    def add(self, it: Item) -> list[tuple[int, int]]:
        """Take an article in; returns the offsets of its sentences that were new to the story."""
        new = sentences.novel(it.text, self.seen, it.lang) if self.members else sentences.split(it.text)
        for begin, end in sentences.split(it.text):
            self.seen |= sentences.shingles(it.text[begin:end], it.lang)
        p = it.profile
        self.members.append(Member(it.id, it.published, it.outlet, p))
        self.langs[p.lang] += 1
        self.head.update(p.head)
        self.body.update(p.body)
        self.names.update(p.names)
        for key, kind in p.name_kinds.items():
            self.name_kinds.setdefault(key, kind)
        self.numbers.update(p.numbers)
        self.words += p.words
        for ent in it.entities:
            self.forms.setdefault(ent.key, Counter())[(ent.text, ent.kind)] += 1
        self.outlets[it.outlet] += 1
        self._extend(it.published)
        self._view = None
        return new

    def absorb(self, other: Story) -> None:
        """Take in every article of a story merged into this one."""
        self.members.extend(other.members)
        for mine, theirs in ((self.head, other.head), (self.body, other.body), (self.names, other.names),
                             (self.numbers, other.numbers), (self.outlets, other.outlets), (self.langs, other.langs)):
            mine.update(theirs)
        for key, kind in other.name_kinds.items():
            self.name_kinds.setdefault(key, kind)
        for key, forms in other.forms.items():
            self.forms.setdefault(key, Counter()).update(forms)
        self.words += other.words
        self.seen |= other.seen
        self._extend(other.first_seen)
        self._extend(other.last_seen)
        self.activity = max(self.activity, other.activity)
        self._view = None

    def _extend(self, when: datetime | None) -> None:
        if when is None:
            return
        if self.first_seen is None or when < self.first_seen:
            self.first_seen = when
        if self.last_seen is None or when > self.last_seen:
            self.last_seen = when

    def view(self) -> Profile:
        """The story as one profile to compare an article with: its most frequent terms of each kind."""
        if self._view is None:
            n = max(1, len(self.members))
            lang = min(self.langs.items(), key=lambda kv: (-kv[1], kv[0]))[0] if self.langs else ""
            self._view = Profile(lang=lang, head=_top(self.head), body=_top(self.body), names=_top(self.names),
                                 name_kinds=self.name_kinds, numbers=_top(self.numbers), words=self.words // n)
        return self._view

    def terms(self) -> set[str]:
        """What the inverted index files this story under."""
        return set(self.body) | {"\x00n:" + k for k in self.names}


def _top(counts: Counter) -> Counter:
    if len(counts) <= CENTROID_TERMS:
        return counts
    return Counter(dict(heapq.nsmallest(CENTROID_TERMS, counts.items(), key=lambda kv: (-kv[1], kv[0]))))
