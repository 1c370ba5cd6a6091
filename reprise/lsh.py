"""Banded locality-sensitive hashing over MinHash signatures: candidates for near duplicates.

A signature of `num_perm` positions is cut into `bands` bands of `rows` positions; each band is
hashed to one 64-bit key. Two sets whose signatures agree on a whole band (same key) are
candidates. With Jaccard similarity s the chance of that is 1 - (1 - s**rows)**bands, an S-curve
whose steepest part sits near the threshold; `optimal_params` chooses (bands, rows) like
datasketch does, minimising the weighted areas of false positives (below the threshold) and
false negatives (above it).

Candidates are only candidates: callers verify them (see `reprise.dedup`). The index's state is
deliberately plain, the ids and one row of band keys each, so that it can be stored as rows
(band, key, id) and reloaded for incremental runs.

API:

* `optimal_params(threshold, num_perm, false_positive_weight=0.5, false_negative_weight=0.5)`;
* `collision_probability(similarity, bands, rows)`;
* `LSHIndex(threshold=0.8, num_perm=128, weights=(0.5, 0.5), params=None)`;
* `.band_keys(signatures) -> np.ndarray[uint64] (sets, bands)` (vectorised, stable);
* `.insert(id, signature)`, `.query(signature) -> set`, `.insert_keys(ids, keys)`,
  `.candidate_pairs() -> set of (id, id)` (every pair sharing a bucket), `len(index)`;
* state: `.ids` and `.keys()` (one row of band keys per id).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from functools import lru_cache

import numpy as np

from .shingles import splitmix

_GRID = 1001


def collision_probability(similarity, bands: int, rows: int):
    """Chance that two sets of this Jaccard similarity share at least one band key."""
    s = np.asarray(similarity, dtype=float)
    return 1.0 - (1.0 - s**rows) ** bands


def _area(y: np.ndarray, x: np.ndarray) -> float:
    if len(x) < 2:
        return 0.0
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2.0)


@lru_cache(maxsize=64)
def optimal_params(threshold: float, num_perm: int, false_positive_weight: float = 0.5,
                   false_negative_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm minimising the weighted error areas."""
    if not 0.0 < threshold < 1.0:
        raise ValueError("threshold must be between 0 and 1 (exclusive)")
    below = np.linspace(0.0, threshold, _GRID)
    above = np.linspace(threshold, 1.0, _GRID)
    best, best_error = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = _area(collision_probability(below, bands, rows), below)
            fn = _area(1.0 - collision_probability(above, bands, rows), above)
            error = false_positive_weight * fp + false_negative_weight * fn
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


class _Postings:
    """Band keys sorted for lookup: each row is one (id position, band) of an indexed signature,
    encoded as `position * bands + band`, in the order of its key."""

    __slots__ = ("keys", "rows")

    def __init__(self, keys: np.ndarray, rows: np.ndarray):
        order = np.argsort(keys, kind="stable")  # on two sorted runs (a merge) this is a linear pass
        self.keys, self.rows = keys[order], rows[order]

    def __len__(self) -> int:
        return len(self.keys)

    def matching(self, queries: np.ndarray, bands: int) -> np.ndarray:
        """Positions whose key in band b equals `queries[b]`, for any b (with repeats)."""
        lo = np.searchsorted(self.keys, queries, side="left")
        hi = np.searchsorted(self.keys, queries, side="right")
        hit = np.flatnonzero(hi > lo)
        if not len(hit):
            return _NO_POSITIONS
        found = [self.rows[a:b] for a, b in zip(lo[hit].tolist(), hi[hit].tolist())]
        rows = np.concatenate(found)
        wanted = np.repeat(hit, hi[hit] - lo[hit])  # the band each row's key was asked for
        return rows[rows % bands == wanted] // bands


_NO_POSITIONS = np.zeros(0, dtype=np.int64)


class LSHIndex:
    """Ids with their band keys (see the module's documentation).

    The state is the list of ids and, row for row, their band keys (`keys()`): exactly the rows
    (band, key, id) a store keeps. What `query` needs is built from them on first use and kept up
    to date afterwards: the keys of all bands sorted, in segments merged as they grow (each merge
    at least doubles a segment, so a key is merged O(log n) times). Numpy rows rather than dicts
    of Python ints: about 16 bytes per (id, band) instead of about 80. Batch work
    (`candidate_positions`) sorts the keys instead.
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, weights: tuple[float, float] = (0.5, 0.5),
                 params: tuple[int, int] | None = None):
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = params or optimal_params(threshold, num_perm, *weights)
        if self.bands * self.rows > num_perm:
            raise ValueError(f"{self.bands} bands of {self.rows} rows need more than {num_perm} positions")
        self.ids: list = []
        self._keys = np.zeros((0, self.bands), dtype=np.uint64)  # capacity grows by doubling
        self._postings: list[_Postings] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def band_keys(self, signatures: np.ndarray) -> np.ndarray:
        """One 64-bit key per band for each signature (a row, or an array of rows)."""
        sig = np.atleast_2d(np.asarray(signatures)).astype(np.uint64)
        keys = np.empty((sig.shape[0], self.bands), dtype=np.uint64)
        for band in range(self.bands):
            h = np.full(sig.shape[0], np.uint64(band + 1), dtype=np.uint64)
            for col in range(band * self.rows, (band + 1) * self.rows):
                h = splitmix(h ^ sig[:, col])
            keys[:, band] = h
        return keys

    def keys(self) -> np.ndarray:
        """The band keys of every id, in insertion order: shape (len(self), bands)."""
        return self._keys[: len(self.ids)]

    def insert_keys(self, ids: Iterable[Hashable], keys: np.ndarray) -> None:
        """Add ids with their precomputed band keys (rows of `band_keys`)."""
        ids = list(ids)
        keys = np.asarray(keys, dtype=np.uint64).reshape(len(ids), self.bands)
        first, end = len(self.ids), len(self.ids) + len(ids)
        if end > len(self._keys):
            grown = np.zeros((max(end, 2 * len(self._keys), 64), self.bands), dtype=np.uint64)
            grown[:first] = self._keys[:first]
            self._keys = grown
        self._keys[first:end] = keys
        self.ids += ids
        if self._postings is not None and ids:
            self._add_postings(first, keys)

    def insert(self, ident: Hashable, signature: np.ndarray) -> None:
        self.insert_keys([ident], self.band_keys(signature))

    def _add_postings(self, first: int, keys: np.ndarray) -> None:
        rows = (np.arange(first, first + len(keys), dtype=np.int64)[:, None] * self.bands
                + np.arange(self.bands, dtype=np.int64)).ravel()
        self._postings.append(_Postings(keys.ravel(), rows))
        while len(self._postings) > 1 and 2 * len(self._postings[-1]) >= len(self._postings[-2]):
            newer, older = self._postings.pop(), self._postings.pop()
            self._postings.append(_Postings(np.concatenate((older.keys, newer.keys)),
                                            np.concatenate((older.rows, newer.rows))))

    def query_keys(self, keys: np.ndarray) -> set:
        """Ids sharing at least one band key with `keys` (one row of `band_keys`)."""
        if self._postings is None:
            self._postings = []
            if self.ids:
                self._add_postings(0, self.keys())
        queries = np.asarray(keys, dtype=np.uint64).ravel()
        found: set = set()
        for postings in self._postings:
            for position in postings.matching(queries, self.bands).tolist():
                found.add(self.ids[position])
        return found

    def query(self, signature: np.ndarray) -> set:
        """Ids of the indexed signatures that share a band with `signature` (candidates)."""
        return self.query_keys(self.band_keys(signature)[0])

    def candidate_positions(self) -> np.ndarray:
        """Every pair of insertion positions (i < j) sharing a key in some band, once: shape (pairs, 2)."""
        keys = self.keys()
        n = len(keys)
        found = []
        for band in range(self.bands):
            order = np.argsort(keys[:, band], kind="stable")
            column = keys[order, band]
            same = np.concatenate(([False], column[1:] == column[:-1], [False]))
            edges = np.flatnonzero(np.diff(same.view(np.int8)))
            first, last = edges[0::2], edges[1::2]  # each run of equal keys: order[first..last]
            two = last - first == 1
            found.append(np.stack((order[first[two]], order[last[two]]), axis=1))
            for begin, end in zip(first[~two].tolist(), last[~two].tolist()):
                members = order[begin: end + 1]
                i, j = np.triu_indices(len(members), 1)
                found.append(np.stack((members[i], members[j]), axis=1))
        if not found:
            return np.zeros((0, 2), dtype=np.int64)
        pairs = np.sort(np.concatenate(found), axis=1).astype(np.int64)
        codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
        return np.stack((codes // n, codes % n), axis=1) if n else pairs

    def candidate_pairs(self) -> set[tuple]:
        """Every pair of ids sharing a key in some band (each pair once, in insertion order)."""
        return {(self.ids[i], self.ids[j]) for i, j in self.candidate_positions().tolist()}
