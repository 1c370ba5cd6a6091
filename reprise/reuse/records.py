"""Documents in, reuse records out: character offsets, shares, direction, common source."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from ..credits import AGENCIES
from .align import AlignConfig, passages
from .index import NgramIndex, corpus_hits, shingles
from .tokens import tokenize

DIRECTED = "source_first"  # the source was published before the target
UNKNOWN = "unknown"

# Marks that belong to a passage when they touch its first or last word.
_OPENING = frozenset("«“‘\"'([<¿¡")


@dataclass
class Document:
    """An article as the aligner sees it: id, clean text, publication time, agency credits."""

    id: str
    text: str
    published: datetime | None = None
    credits: list[str] = field(default_factory=list)


@dataclass
class Passage:
    """One shared passage: [begin, end) character offsets in the source's and the target's clean text.

    `score` is the share of the passage's words that match word for word (mean of both texts):
    1.0 for a verbatim copy, lower as words are changed, inserted or cut.
    """

    source_begin: int
    source_end: int
    target_begin: int
    target_end: int
    score: float

    def as_dict(self) -> dict:
        return {"source_begin": self.source_begin, "source_end": self.source_end,
                "target_begin": self.target_begin, "target_end": self.target_end, "score": self.score}


@dataclass
class Reuse:
    """One pair of articles that share text (the `reprise align` record).

    `direction` is "source_first" when the source was published before the target, "unknown"
    when either date is missing or both are equal (the source is then the smaller id);
    `common_source` names the agencies both articles credit (`afp`, `ats/afp`), or is None;
    the shares are the fraction of each clean text inside a passage.
    """

    source_id: str
    target_id: str
    direction: str
    common_source: str | None
    passages: list[Passage]
    source_share: float
    target_share: float

    def as_dict(self) -> dict:
        return {"source_id": self.source_id, "target_id": self.target_id, "direction": self.direction,
                "common_source": self.common_source, "passages": [p.as_dict() for p in self.passages],
                "source_share": self.source_share, "target_share": self.target_share}


# Where a paragraph starts: a blank line, or a line break after a finished sentence.
_BOUNDARY = re.compile(r"\n[^\S\n]*\n|[.!?…][^\w\s]*\n")


class _Prepared:
    __slots__ = ("doc", "ids", "begins", "ends", "_breaks")

    def __init__(self, doc: Document):
        tokens = tokenize(doc.text)
        self.doc = doc
        self.ids = tokens.ids
        self.begins = tokens.begins
        self.ends = tokens.ends
        self._breaks: frozenset | None = None

    @property
    def breaks(self) -> frozenset:
        """Positions of the words that open a paragraph (computed when first needed)."""
        if self._breaks is None:
            ends = [m.end() for m in _BOUNDARY.finditer(self.doc.text)]
            self._breaks = frozenset(np.searchsorted(self.begins, ends).tolist()) if ends else frozenset()
        return self._breaks


def align_corpus(docs: Iterable[Document], config: AlignConfig | None = None) -> Iterator[Reuse]:
    """Every pair of documents that shares at least one passage, in order of (source id, target id)."""
    config = config or AlignConfig()
    prepared = [_Prepared(d) for d in sorted(docs, key=lambda d: d.id)]
    found = []
    for hits in corpus_hits([p.ids for p in prepared], config.n, config.max_df, config.min_match, config.max_repeat):
        reuse = _reuse(prepared[hits.a], prepared[hits.b], hits.pa, hits.pb, config)
        if reuse is not None:
            found.append(reuse)
    found.sort(key=lambda r: (r.source_id, r.target_id))
    yield from found


def align_pair(a: Document, b: Document, config: AlignConfig | None = None) -> Reuse | None:
    """The passages two documents share (no frequency filter: there is no corpus to count in)."""
    config = config or AlignConfig()
    single = AlignConfig(**{**config.__dict__, "max_df": 2, "min_match": 1})
    for reuse in align_corpus([a, b], single):
        return reuse
    return None


class ReuseIndex:
    """Incremental alignment: add articles, get their reuse with the articles added before.

    Each batch queries the shingle postings (`NgramIndex`) then is indexed, so the frequency
    filter counts the documents seen so far; the passages are those `align_corpus` finds.

    Kept in memory by default. `reuse_links.ReuseLinker` runs it over a store instead: it
    `preload`s the stored shingles and gives `load_document`, which reads an earlier document
    back when a new one shares text with it, so only the documents last added or used are held,
    up to `RECENT_WORDS` words in all (about 25 bytes a word with its text).
    """

    RECENT_WORDS = 250_000

    def __init__(self, config: AlignConfig | None = None, load_document: Callable[[int], Document] | None = None):
        self.config = config or AlignConfig()
        self.index = NgramIndex(self.config.max_df, self.config.max_repeat)
        self.count = 0  # documents indexed; the next one is numbered `count`
        self._load = load_document
        self._kept: OrderedDict[int, _Prepared] = OrderedDict()
        self._kept_words = 0

    def preload(self, shingle_arrays: list[np.ndarray]) -> None:
        """Index documents 0, 1, ... by their stored shingles, without aligning them."""
        self.index.add_batch(self.count, shingle_arrays)
        self.count += len(shingle_arrays)

    def add(self, doc: Document) -> list[Reuse]:
        return self.add_batch([doc])

    def add_batch(self, docs: list[Document]) -> list[Reuse]:
        """The reuse of each new document with those before it (in the index or earlier in `docs`)."""
        return self.index_batch(docs)[0]

    def index_batch(self, docs: list[Document]) -> tuple[list[Reuse], list[np.ndarray]]:
        """`add_batch`, and the shingle hashes of each document (what `preload` takes back)."""
        first = self.count
        new = [_Prepared(d) for d in docs]
        hashes = [shingles(p.ids, self.config.n) for p in new]
        batch = dict(enumerate(new, start=first))
        found = []
        for number, hits in enumerate(self.index.query_batch(first, hashes, self.config.min_match), start=first):
            for other, (p_new, p_old) in hits.items():
                old = batch.get(other) or self._document(other)
                reuse = _reuse_of_hits(old, batch[number], p_old, p_new, self.config)
                if reuse is not None:
                    found.append(reuse)
        self.index.add_batch(first, hashes)
        self.count += len(docs)
        for number, prepared in batch.items():
            self._keep(number, prepared)
        return sorted(found, key=lambda r: (r.source_id, r.target_id)), hashes

    def _document(self, number: int) -> _Prepared:
        """An earlier document: kept in memory, or read back and kept among the recently used."""
        found = self._kept.get(number)
        if found is not None:
            if self._load is not None:
                self._kept.move_to_end(number)
            return found
        found = _Prepared(self._load(number))
        self._keep(number, found)
        return found

    def _keep(self, number: int, prepared: _Prepared) -> None:
        self._kept[number] = prepared
        self._kept_words += len(prepared.ids)
        while self._load is not None and self._kept_words > self.RECENT_WORDS and len(self._kept) > 1:
            _, dropped = self._kept.popitem(last=False)
            self._kept_words -= len(dropped.ids)


def _reuse_of_hits(old: _Prepared, new: _Prepared, p_old: np.ndarray, p_new: np.ndarray,
                   config: AlignConfig) -> Reuse | None:
    """Align an indexed document and a new one from their anchor hits, the smaller id first as
    `align_corpus` takes them, so both paths give the same passages."""
    if old.doc.id > new.doc.id:
        return _reuse(new, old, p_new, p_old, config)  # hits come sorted by position in the new document
    order = np.lexsort((p_new, p_old))
    return _reuse(old, new, p_old[order], p_new[order], config)


def _reuse(x: _Prepared, y: _Prepared, px: np.ndarray, py: np.ndarray, config: AlignConfig) -> Reuse | None:
    found = passages(x.ids, y.ids, px, py, config, x.breaks, y.breaks)
    if not found:
        return None
    direction, source_is_x = _direction(x.doc, y.doc)
    src, tgt = (x, y) if source_is_x else (y, x)
    out = []
    for p in found:
        xs = _chars(x, p.a0, p.a1)
        ys = _chars(y, p.b0, p.b1)
        (sb, se), (tb, te) = (xs, ys) if source_is_x else (ys, xs)
        out.append(Passage(sb, se, tb, te, p.score))
    out.sort(key=lambda p: (p.source_begin, p.target_begin))
    return Reuse(
        source_id=src.doc.id,
        target_id=tgt.doc.id,
        direction=direction,
        common_source=common_source(src.doc.credits, tgt.doc.credits),
        passages=out,
        source_share=share(src.doc.text, [(p.source_begin, p.source_end) for p in out]),
        target_share=share(tgt.doc.text, [(p.target_begin, p.target_end) for p in out]),
    )


def _direction(a: Document, b: Document) -> tuple[str, bool]:
    """(direction, whether `a` is the source)."""
    if a.published is not None and b.published is not None and a.published != b.published:
        return DIRECTED, a.published < b.published
    return UNKNOWN, a.id <= b.id


def _chars(p: _Prepared, w0: int, w1: int) -> tuple[int, int]:
    """Character span of words [w0, w1), widened over the marks touching it.

    At the start: opening quotes and brackets (`« `, `"`, `(`). At the end: the signs and
    punctuation that follow the last word, also after one space as French sets them
    (`2,7 %.`, `4 000 €.`, `(Zoulous ).`, `chemin »`), up to the next word or line break.
    """
    text = p.doc.text
    begin, end = int(p.begins[w0]), int(p.ends[w1 - 1])
    while begin > 0 and (text[begin - 1] in _OPENING or (text[begin - 1] == " " and begin > 1 and text[begin - 2] == "«")):
        begin -= 1
    size = len(text)
    while end < size:
        ch = text[end]
        if ch == " " and end + 1 < size and _closes(text[end + 1]) and not _opens_word(text, end + 1):
            end += 1
        elif _closes(ch) and not (ch in "\"'" and _opens_word(text, end)):
            end += 1
        else:
            break
    return begin, end


def _opens_word(text: str, i: int) -> bool:
    """Whether the mark at i sticks to the word after it (`"The`): it opens what follows."""
    return i + 1 < len(text) and text[i + 1].isalnum()


def _closes(ch: str) -> bool:
    """A character that can end a passage after its last word: punctuation or a sign, not a word or an opening mark."""
    return not (ch.isspace() or ch.isalnum() or ch == "_" or ch in "«“‘([-–—")


def common_source(a: list[str], b: list[str]) -> str | None:
    """The agencies both articles credit (`afp`, `ats/afp`), or None."""
    shared = [c for c in a if c in AGENCIES and c in b]
    return "/".join(dict.fromkeys(shared)) or None


def covered(spans) -> int:
    """Characters inside the union of `spans` ([begin, end) pairs, in any order, overlaps counted once)."""
    total = 0
    at = 0
    for b, e in sorted(spans):
        b = max(b, at)
        if e > b:
            total += e - b
            at = e
    return total


def share(text: str, spans: list[tuple[int, int]]) -> float:
    """Fraction of `text` covered by the union of `spans`."""
    if not text:
        return 0.0
    return round(covered(spans) / len(text), 4)
