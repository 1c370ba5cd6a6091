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
  only integers per shingle, so it can later live in a table of the store.
"""

from __future__ import annotations

from collections import defaultdict
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


class NgramIndex:
    """Incremental postings: shingle hash -> [(document, position)], with document frequencies.

    For each new article: `query` its shingles (hits against every indexed document, shingles
    already in more than `max_df` documents left out), then `add` it.
    """

    def __init__(self, max_df: int = 100, max_repeat: int = 4):
        self.max_df = max_df
        self.max_repeat = max_repeat
        self.postings: dict[int, list[tuple[int, int]]] = {}
        self.df: dict[int, int] = defaultdict(int)

    def query(self, hashes: np.ndarray, min_match: int = 3) -> dict[int, list[tuple[int, int]]]:
        """{document: [(position in the query, position in the document)]} for documents with `min_match` hits."""
        found: dict[int, list[tuple[int, int]]] = defaultdict(list)
        repeats = _repeat_counts(hashes)
        for p, h in enumerate(hashes.tolist()):
            rows = self.postings.get(h)
            if rows is None or self.df[h] + 1 > self.max_df or repeats[h] > self.max_repeat:
                continue
            for other, q in rows:
                found[other].append((p, q))
        return {d: sorted(v) for d, v in sorted(found.items()) if len(v) >= min_match}

    def add(self, doc: int, hashes: np.ndarray) -> None:
        repeats = _repeat_counts(hashes)
        for p, h in enumerate(hashes.tolist()):
            if repeats[h] > self.max_repeat:
                continue
            rows = self.postings.setdefault(h, [])
            if not rows or rows[-1][0] != doc:
                self.df[h] += 1
            rows.append((doc, p))


def _repeat_counts(hashes: np.ndarray) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for h in hashes.tolist():
        counts[h] += 1
    return counts
