"""Word n-gram anchors: hashing, a postings index with a document-frequency filter, candidate pairs.

This is how passim finds candidates, done with arrays: every run of `n` words (a shingle) is
hashed; a shingle found in more than `max_df` documents is a common phrase or boilerplate
and is not used; two documents become a candidate pair when they share at least `min_match`
rare shingles. Each shared shingle is an *anchor hit* `(position in A, position in B)`,
the seed the aligner grows into passages.

Two ways in, same result:

* `corpus_hits` takes a whole corpus at once (the `reprise align` path): exact document
  frequencies over the corpus, all in numpy;
* `NgramIndex` is incremental: `query` an article's shingles against what is already
  indexed, then `add` it. The frequency filter then uses the frequency seen so far. It keeps
  only integers per shingle; `reprise run` stores each article's shingles
  (`reuse_links.py`) and loads them into one at start.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_MUL = np.uint64(0x100000001B3)  # odd multiplier of the rolling combination


def _mix(ids: np.ndarray) -> np.ndarray:
    """splitmix64 of each word id: well spread 64-bit values, the same on every machine."""
    with np.errstate(over="ignore"):
        z = ids.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def shingles(ids: np.ndarray, n: int) -> np.ndarray:
    """64-bit hash of the `n` words starting at each position (len(ids) - n + 1 values)."""
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    mixed = _mix(ids)
    h = mixed[:count].copy()
    with np.errstate(over="ignore"):
        for k in range(1, n):
            h = h * _MUL + mixed[k:k + count]
    return h


class Hits:
    """Anchor hits of one candidate pair: documents `a < b` (corpus order), positions in each, sorted by (pa, pb)."""

    __slots__ = ("a", "b", "pa", "pb")

    def __init__(self, a: int, b: int, pa: np.ndarray, pb: np.ndarray):
        self.a, self.b, self.pa, self.pb = a, b, pa, pb

    def __len__(self) -> int:
        return len(self.pa)


def corpus_hits(docs: Sequence[np.ndarray], n: int = 5, max_df: int = 100, min_match: int = 3,
                max_repeat: int = 4) -> Iterator[Hits]:
    """Candidate pairs of a corpus given as word-id arrays, with their anchor hits, in (a, b) order.

    A shingle is an anchor when it occurs in 2 to `max_df` documents and at most `max_repeat`
    times in each (tables repeat their rows); a pair is a candidate with `min_match` hits or more.
    """
    lengths = np.fromiter((max(len(d) - n + 1, 0) for d in docs), dtype=np.int64, count=len(docs))
    if lengths.sum() == 0:
        return
    hashes = np.concatenate([shingles(d, n) for d in docs])
    doc = np.repeat(np.arange(len(docs), dtype=np.int32), lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int32)
    pos = np.arange(len(hashes), dtype=np.int32)
    pos -= np.repeat(starts, lengths)

    order = np.argsort(hashes, kind="stable")  # rows were in (doc, pos) order: now (hash, doc, pos)
    hashes, doc, pos = hashes[order], doc[order], pos[order]
    del order
    new_hash = np.empty(len(hashes), dtype=bool)
    new_hash[0] = True
    np.not_equal(hashes[1:], hashes[:-1], out=new_hash[1:])
    new_doc = new_hash.copy()
    new_doc[1:] |= doc[1:] != doc[:-1]
    group = np.cumsum(new_hash, dtype=np.int64) - 1
    df = np.bincount(group[new_doc])  # documents per shingle
    keep = ((df >= 2) & (df <= max_df))[group]
    del group, df
    doc_group = np.cumsum(new_doc, dtype=np.int64) - 1
    keep &= (np.bincount(doc_group) <= max_repeat)[doc_group]  # occurrences per (shingle, document)
    del doc_group, new_hash, new_doc
    hashes, doc, pos = hashes[keep], doc[keep], pos[keep]

    # Every two rows of one shingle from different documents make a hit: compare row i with
    # row i + d for d = 1, 2, ... while some shingle still has rows that far apart.
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    d = 1
    while d < len(hashes):
        same = hashes[:-d] == hashes[d:]
        if not same.any():
            break
        i = np.flatnonzero(same & (doc[:-d] != doc[d:]))
        left.append(i)
        right.append(i + d)
        d += 1
    if not left:
        return
    i = np.concatenate(left)
    j = np.concatenate(right)
    da, db, pa, pb = doc[i], doc[j], pos[i], pos[j]  # da < db: rows of a shingle are in doc order
    key = da.astype(np.int64) * len(docs) + db
    order = np.lexsort((pb, pa, key))
    key, pa, pb = key[order], pa[order], pb[order]
    bounds = np.flatnonzero(np.diff(key)) + 1
    begins = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(key)]))
    big = (ends - begins) >= min_match
    ndocs = len(docs)
    for b, e in zip(begins[big].tolist(), ends[big].tolist()):
        k = int(key[b])
        yield Hits(k // ndocs, k % ndocs, pa[b:e], pb[b:e])


class _Segment:
    """Immutable postings of some documents, sorted by shingle: the distinct shingles, where each
    one's rows start, its document frequency, and the rows' (document, position) in that order."""

    __slots__ = ("keys", "starts", "df", "doc", "pos")

    def __init__(self, hashes: np.ndarray, doc: np.ndarray, pos: np.ndarray):
        """From rows sorted by (shingle, document, position)."""
        new_key = np.empty(len(hashes), dtype=bool)
        new_key[:1] = True
        np.not_equal(hashes[1:], hashes[:-1], out=new_key[1:])
        first = np.flatnonzero(new_key).astype(np.int32)
        self.keys = hashes[first]
        del new_key
        new_doc = np.empty(len(doc), dtype=bool)  # the first row of a document within its shingle
        new_doc[:1] = True
        np.not_equal(doc[1:], doc[:-1], out=new_doc[1:])
        new_doc[first] = True
        self.df = np.add.reduceat(new_doc, first, dtype=np.int32) if len(first) else np.zeros(0, np.int32)
        self.starts = np.append(first, np.int32(len(hashes)))
        self.doc, self.pos = doc, pos

    @classmethod
    def from_parts(cls, keys: np.ndarray, starts: np.ndarray, df: np.ndarray, doc: np.ndarray,
                   pos: np.ndarray) -> _Segment:
        """A segment from its columns, already computed (see `_merge`)."""
        segment = cls.__new__(cls)
        segment.keys, segment.starts, segment.df, segment.doc, segment.pos = keys, starts, df, doc, pos
        return segment

    def __len__(self) -> int:
        return len(self.doc)

    def lookup(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each query shingle: (first row, end row, document frequency); an absent one has no rows and df 0."""
        if not len(self.keys):
            zero = np.zeros(len(queries), dtype=np.int64)
            return zero, zero, zero
        at = np.minimum(np.searchsorted(self.keys, queries), len(self.keys) - 1)
        found = self.keys[at] == queries
        lo = np.where(found, self.starts[at], 0)
        hi = np.where(found, self.starts[at + 1], 0)
        return lo, hi, np.where(found, self.df[at], 0)


class NgramIndex:
    """Incremental postings: shingle hash -> (document, position) rows, with document frequencies.

    Documents come in batches, numbered in order of arrival: `query_batch` gives each one its
    hits against every document before it (indexed ones and those earlier in the batch), a
    shingle counting as an anchor while it has been seen in fewer than `max_df` documents;
    `add_batch` then indexes them. The result is the same as one document at a time. Rows live
    in sorted numpy segments, merged as they grow (each merge at least doubles a segment, so a
    row is merged O(log n) times).
    """

    def __init__(self, max_df: int = 100, max_repeat: int = 4):
        self.max_df = max_df
        self.max_repeat = max_repeat
        self.segments: list[_Segment] = []

    def __len__(self) -> int:
        return sum(map(len, self.segments))

    def query(self, doc: int, hashes: np.ndarray, min_match: int = 3) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """The hits of one document: {earlier document: (positions in this one, positions in it)}."""
        return self.query_batch(doc, [hashes], min_match)[0]

    def add(self, doc: int, hashes: np.ndarray) -> None:
        self.add_batch(doc, [hashes])

    def add_batch(self, first: int, batch: Sequence[np.ndarray]) -> None:
        """Index documents numbered `first`, `first + 1`, ... (after every document indexed so far)."""
        self.segments.append(_segment(first, batch, self.max_repeat))
        while len(self.segments) > 1 and 2 * len(self.segments[-1]) >= len(self.segments[-2]):
            newer, older = self.segments.pop(), self.segments.pop()
            self.segments.append(_merge(older, newer))

    def query_batch(self, first: int, batch: Sequence[np.ndarray], min_match: int = 3) -> list[dict]:
        """For each document of the batch (numbered from `first`), {earlier document: (positions in
        it, positions in the earlier one)}, sorted by both, for documents with `min_match` hits or more."""
        new = _segment(first, batch, self.max_repeat)
        if not len(new):
            return [{} for _ in batch]
        key_of = np.repeat(np.arange(len(new.keys)), np.diff(new.starts))
        found = [seg.lookup(new.keys) for seg in self.segments]
        indexed_df = sum((f[2] for f in found), np.zeros(len(new.keys), dtype=np.int64))
        # documents seen before each row's: the indexed ones, and those before it in the batch
        new_run = np.ones(len(new), dtype=bool)
        new_run[1:] = (key_of[1:] != key_of[:-1]) | (new.doc[1:] != new.doc[:-1])
        run = np.cumsum(new_run) - 1
        seen = indexed_df[key_of] + run - run[new.starts[:-1]][key_of]
        open_row = seen + 1 <= self.max_df  # the shingle is still rare when this row's document comes
        anchor = open_row & (seen >= 1)
        parts = [_hits_in(seg, lo, hi, new, key_of, anchor) for seg, (lo, hi, _) in zip(self.segments, found)]
        parts.append(_hits_within(new, key_of, open_row, anchor))
        return _by_document(parts, first, len(batch), min_match)


def _hits_in(seg: _Segment, lo: np.ndarray, hi: np.ndarray, new: _Segment, key_of: np.ndarray, anchor: np.ndarray):
    """(new doc, its position, indexed doc, its position) for every anchor row against an indexed segment."""
    rows = np.flatnonzero(anchor)
    lo, hi = lo[key_of[rows]], hi[key_of[rows]]
    sizes = hi - lo
    total = int(sizes.sum())
    ends = np.cumsum(sizes)
    old = np.arange(total) - np.repeat(ends - sizes, sizes) + np.repeat(lo, sizes)
    mine = np.repeat(rows, sizes)
    return new.doc[mine], new.pos[mine], seg.doc[old], seg.pos[old]


def _hits_within(new: _Segment, key_of: np.ndarray, open_row: np.ndarray, anchor: np.ndarray):
    """The same between documents of the batch: each anchor row against the earlier rows of its
    shingle that belong to earlier documents (rows of a shingle are in document order)."""
    rows = np.flatnonzero(open_row)  # a row past the frequency limit is never hit: every later one is past it too
    keys, docs = key_of[rows], new.doc[rows]
    mine, theirs = [], []
    d = 1
    while d < len(rows):
        same = keys[d:] == keys[:-d]
        if not same.any():
            break
        i = np.flatnonzero(same & (docs[d:] != docs[:-d]) & anchor[rows[d:]])
        mine.append(rows[i + d])
        theirs.append(rows[i])
        d += 1
    mine = np.concatenate(mine) if mine else np.zeros(0, np.int64)
    theirs = np.concatenate(theirs) if theirs else np.zeros(0, np.int64)
    return new.doc[mine], new.pos[mine], new.doc[theirs], new.pos[theirs]


def _by_document(parts, first: int, size: int, min_match: int) -> list[dict]:
    doc, pos, other, other_pos = (np.concatenate([p[k] for p in parts]) for k in range(4))
    out: list[dict] = [{} for _ in range(size)]
    if not len(doc):
        return out
    order = np.lexsort((other_pos, pos, other, doc))
    doc, pos, other, other_pos = doc[order], pos[order], other[order], other_pos[order]
    change = np.flatnonzero((np.diff(doc) != 0) | (np.diff(other) != 0)) + 1
    begins = np.concatenate(([0], change))
    ends = np.concatenate((change, [len(doc)]))
    for b, e in zip(begins.tolist(), ends.tolist()):
        if e - b >= min_match:
            out[int(doc[b]) - first][int(other[b])] = (pos[b:e], other_pos[b:e])
    return out


def _segment(first: int, batch: Sequence[np.ndarray], max_repeat: int) -> _Segment:
    """The postings of documents numbered from `first`; a shingle repeated more than `max_repeat`
    times in one document is left out for that document (tables repeat their rows)."""
    sizes = [len(h) for h in batch]
    if not sum(sizes):
        return _Segment(np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(0, np.int32))
    hashes = np.concatenate(batch).astype(np.uint64, copy=False)
    doc = np.repeat(np.arange(first, first + len(batch), dtype=np.int32), sizes)
    pos = np.concatenate([np.arange(n, dtype=np.int32) for n in sizes])
    order = np.argsort(hashes, kind="stable")  # rows come in (doc, pos) order and keep it per shingle
    hashes, doc, pos = hashes[order], doc[order], pos[order]
    new_run = np.empty(len(hashes), dtype=bool)  # a new (shingle, document) run
    new_run[0] = True
    new_run[1:] = (hashes[1:] != hashes[:-1]) | (doc[1:] != doc[:-1])
    run = np.cumsum(new_run) - 1
    keep = (np.bincount(run) <= max_repeat)[run]
    return _Segment(hashes[keep], doc[keep], pos[keep])


def _merge(older: _Segment, newer: _Segment) -> _Segment:
    """One segment of the rows of both, built from their keys without expanding a hash per row. Every document
    of `older` came before those of `newer` (no document is in both), so within a shingle the older rows go
    first, then the newer ones: a linear merge with no sort, and document frequencies add up.

    Consumes both: each of their columns is released once copied, so that the merge of the two largest
    segments, the memory peak of a long run, holds little more than the index once."""
    at = np.searchsorted(older.keys, newer.keys)  # older keys below each newer key
    shared = at < len(older.keys)
    shared[shared] = older.keys[at[shared]] == newer.keys[shared]
    fresh = ~shared  # newer keys that older lacks
    # a newer key lands after the older keys below it and the fresh keys before it; an older key after
    # the fresh keys below it (a fresh key is below older key i when i >= its insertion point)
    new_at = (at + np.cumsum(fresh) - fresh).astype(np.int32)
    shift = np.bincount(at[fresh], minlength=len(older.keys) + 1)
    del at
    old_at = (np.arange(len(older.keys)) + np.cumsum(shift)[:-1]).astype(np.int32)
    del shift
    size_keys = len(older.keys) + int(fresh.sum())
    keys = np.empty(size_keys, dtype=np.uint64)
    keys[old_at] = older.keys
    keys[new_at[fresh]] = newer.keys[fresh]
    older.keys = newer.keys = None
    del fresh, shared
    df = np.zeros(size_keys, dtype=np.int32)
    df[old_at] = older.df
    df[new_at] += newer.df
    older.df = newer.df = None
    older_before = np.zeros(size_keys, dtype=np.int32)  # older rows of each shingle (0 where it is new)
    older_before[old_at] = np.diff(older.starts)
    del old_at
    new_sizes = np.diff(newer.starts)
    counts = older_before.astype(np.int64)
    counts[new_at] += new_sizes
    starts = np.zeros(size_keys + 1, dtype=np.int32)
    np.cumsum(counts, out=starts[1:])
    del counts
    size = int(starts[-1])
    # a newer row goes after the older rows of its shingle: its shingle's start in the merge, plus the older
    # rows there, plus its own rank among the newer rows of the shingle
    first_row = starts[new_at] + older_before[new_at]
    del older_before, new_at
    rows_at = np.repeat(first_row - newer.starts[:-1], new_sizes) + np.arange(len(newer.doc), dtype=np.int32)
    del first_row, new_sizes
    from_older = np.ones(size, dtype=bool)
    from_older[rows_at] = False
    columns = []
    for name in ("doc", "pos"):
        out = np.empty(size, dtype=np.int32)
        out[rows_at] = getattr(newer, name)
        out[from_older] = getattr(older, name)
        setattr(older, name, None)
        setattr(newer, name, None)
        columns.append(out)
    older.starts = newer.starts = None
    return _Segment.from_parts(keys, starts, df, *columns)
