"""One open story in memory, and the article features it is made of.

A story keeps the sum of its articles' profiles (its centroid: lemmas of heads and bodies, names,
numbers), the entities with their forms and kinds, the outlets, the word trigrams of every sentence
it has carried (to tell what a new article adds), and its time span. All of it can be rebuilt
from the stored articles, in any order: sums and unions only.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from ..embeddings import head
from ..entities import Entity, entities
from ..language import UNDETERMINED
from ..similarity import Profile, profile
from . import sentences

ENTITY_MODE = "plain"  # how stories find an article's names (see reprise.entities): every driver assigns with it
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
    shingled: list | None = None  # `sentences.shingled` of the text, once asked for (`sentence_shingles`)

    def sentence_shingles(self) -> list[tuple[tuple[int, int], set[int]]]:
        """The offsets and word-trigram hashes of each sentence of the text (computed once)."""
        if self.shingled is None:
            self.shingled = sentences.shingled(self.text, self.lang)
        return self.shingled

    @property
    def headline(self) -> bool:
        """A bare headline: no text beyond the title (headline feeds; a brief, however short, has text)."""
        text = " ".join(self.text.split())
        return not text or text == " ".join(self.title.split())


def item(article_id: str, published: datetime | None, outlet: str, title: str, text: str, lang: str,
         entity_mode: str = ENTITY_MODE, kept: tuple | None = None) -> Item:
    """Lemmas and entities of an article, once (text of any language or script; never raises on content).
    `kept`: its profile, entities and sentence shingles as the store kept them (`kept.decode`), made before."""
    lang = "" if lang in (UNDETERMINED, None) else lang
    if kept is None:
        full = f"{title}\n{text}" if title else text
        found = entities(full, lang, entity_mode) if entity_mode != "none" else []
        kept = (profile(text, title, lang or "und", found=found, grams=False), found, None)
    return Item(article_id, published, outlet or "", title or "", text or "", lang, *kept)


def article_item(article, entity_mode: str = ENTITY_MODE) -> Item:
    """`item` of an `Article`."""
    return item(article.id, article.published, article.outlet, article.title, article.text, article.language,
                entity_mode)


def embed(items: list[Item], embedder) -> None:
    """Give the items that have none their head's embedding (`reprise.embeddings`), in one call of the model."""
    todo = [(it, head(it.title, it.text)) for it in items if it.profile.embedding is None]
    todo = [(it, text) for it, text in todo if text]
    if todo:
        for (it, _), vector in zip(todo, embedder.embed([text for _, text in todo])):
            it.profile.embedding = vector


def filed_terms(body, names) -> set[str]:
    """What the inverted index files lemmas and names under."""
    return set(body) | {"\x00n:" + k for k in names}


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
    embedding: np.ndarray | None = None  # sum of its articles' embeddings (reprise.embeddings), when they have one
    _view: Profile | None = None
    _bags: tuple[Bag, Bag, Bag] | None = None
    _tops: dict[str, _Top] = field(default_factory=dict)  # kind -> its most frequent terms, kept up to date

    def add(self, it: Item) -> list[tuple[int, int]]:
        """Take an article in; returns the offsets of its sentences that were new to the story."""
        spans = it.sentence_shingles()
        new = sentences.new_among(spans, self.seen) if self.members else [span for span, _ in spans]
        for _, grams in spans:
            self.seen |= grams
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
        self._embed(p.embedding)
        for ent in it.entities:
            self.forms.setdefault(ent.key, Counter())[(ent.text, ent.kind)] += 1
        self.outlets[it.outlet] += 1
        self._extend(it.published)
        self._changed(p.head, p.body, p.names, p.numbers)
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
        self._embed(other.embedding)
        self.seen |= other.seen
        self._extend(other.first_seen)
        self._extend(other.last_seen)
        self.activity = max(self.activity, other.activity)
        self._changed(other.head, other.body, other.names, other.numbers)

    def _changed(self, head, body, names, numbers) -> None:
        """Terms whose counts grew: the view is out of date, and they may enter the top terms."""
        self._view = self._bags = None
        for kind, terms in (("head", head), ("body", body), ("names", names), ("numbers", numbers)):
            top = self._tops.get(kind)
            if top is not None:
                top.touched.update(terms)

    def _embed(self, vector: np.ndarray | None) -> None:
        if vector is not None:
            self.embedding = vector.astype(np.float64) if self.embedding is None else self.embedding + vector

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
            self._view = Profile(lang=lang, head=self._top("head", self.head), body=self._top("body", self.body),
                                 names=self._top("names", self.names), name_kinds=self.name_kinds,
                                 numbers=self._top("numbers", self.numbers), words=self.words // n,
                                 embedding=_unit(self.embedding))
        return self._view

    def bags(self) -> tuple[Bag, Bag, Bag]:
        """Heads, bodies and names of the view, as `WindowIdf.weigh` reads them."""
        if self._bags is None:
            view = self.view()
            self._bags = (Bag(view.head), Bag(view.body), Bag(view.names, "\x00n:"))
        return self._bags

    def _top(self, kind: str, counts: Counter) -> Counter:
        """The CENTROID_TERMS most frequent terms (ties by term), most frequent first; all of them when fewer.

        Counts only grow, so the new top terms are among the old ones and those counted since."""
        if len(counts) <= CENTROID_TERMS:
            return counts
        top = self._tops.get(kind)
        pool = counts if top is None else top.terms | top.touched
        best = sorted([(-counts[t], t) for t in pool])[:CENTROID_TERMS]
        self._tops[kind] = _Top({t for _, t in best})
        return Counter({t: -negative for negative, t in best})

    def terms(self) -> set[str]:
        """What the inverted index files this story under."""
        return filed_terms(self.body, self.names)


def _unit(vector: np.ndarray | None) -> np.ndarray | None:
    norm = float(np.linalg.norm(vector)) if vector is not None else 0.0
    return vector / norm if norm else None


class Bag:
    """A bag of terms as `WindowIdf.weigh` weighs it again under each new IDF: its terms, their keys in the
    document frequencies (with `prefix`), their log term frequencies (1 + log tf), and the log(1 + df)
    of each term as of IDF `version`."""

    def __init__(self, counts: Counter, prefix: str = ""):
        self.terms = list(counts)
        self.keys = [prefix + t for t in self.terms] if prefix else self.terms
        self.position = {t: i for i, t in enumerate(self.terms)}
        self.slot = {k: i for i, k in enumerate(self.keys)} if prefix else self.position
        self.tfs = np.array([1.0 + math.log(c) for c in counts.values()], dtype=np.float64)
        self.logs: np.ndarray | None = None
        self.version = -1


@dataclass
class _Top:
    """A story's most frequent terms of one kind when last viewed, and the terms counted since."""

    terms: set[str]
    touched: set[str] = field(default_factory=set)
