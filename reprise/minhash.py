"""MinHash signatures of shingle sets, computed with numpy for many sets at once.

One-permutation hashing (Li, Owen & Zhang 2012) with optimal densification (Shrivastava 2017):
each shingle hash is mixed once, its high bits pick one of `num_perm` bins and its low 32 bits
are its value; a signature holds the smallest value of each bin. A bin no shingle fell into
borrows the value of another bin, chosen by a fixed pseudo-random sequence of bins that depends
only on the bin (not on the set), so that for two sets A and B every position of their
signatures agrees with probability Jaccard(A, B), as with `num_perm` independent permutations,
for the cost of one hash per shingle instead of `num_perm`.

API:

* `MinHasher(num_perm=128, seed=1)`;
* `.signatures(hashes, offsets) -> np.ndarray[uint32] (sets, num_perm)`: set i is
  `hashes[offsets[i]:offsets[i + 1]]` (a `shingles.Batch` layout; repeats do not matter);
* `.signature(hashes) -> np.ndarray[uint32] (num_perm,)`: one set;
* `estimate(a, b) -> float`: the estimated Jaccard similarity of two signatures (or rows);
* `EMPTY`: every position of the signature of an empty set.

Signatures depend on `num_perm` and `seed` only: the same set has the same signature on every
run, so signatures (and LSH band keys made from them) can be stored.
"""

from __future__ import annotations

import numpy as np

from .shingles import splitmix

EMPTY = np.uint32(0xFFFFFFFF)
_NONE = np.uint64(0xFFFFFFFFFFFFFFFF)
_LOW32 = np.uint64(0xFFFFFFFF)


class MinHasher:
    """MinHash signatures of `num_perm` positions (see the module's documentation)."""

    _BLOCK = 64  # densification attempts drawn at a time

    def __init__(self, num_perm: int = 128, seed: int = 1):
        if not 1 <= num_perm <= 1 << 16:
            raise ValueError("num_perm must be between 1 and 65536")
        self.num_perm = num_perm
        self.seed = seed
        self._salt = splitmix(np.array([seed], dtype=np.uint64))[0]
        self._rng = np.random.default_rng(seed)
        self._targets = np.zeros((0, num_perm), dtype=np.int64)

    def _attempt(self, t: int) -> np.ndarray:
        """Bin to borrow from, for every bin, at densification attempt `t` (a fixed sequence)."""
        while t >= len(self._targets):
            block = self._rng.integers(0, self.num_perm, size=(self._BLOCK, self.num_perm), dtype=np.int64)
            self._targets = np.concatenate((self._targets, block))
        return self._targets[t]

    def signatures(self, hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """Signatures of the sets `hashes[offsets[i]:offsets[i + 1]]`, one row each."""
        k = self.num_perm
        offsets = np.asarray(offsets, dtype=np.int64)
        counts = np.diff(offsets)
        n_sets = len(counts)
        mixed = splitmix(np.asarray(hashes, dtype=np.uint64)[offsets[0]: offsets[-1]] ^ self._salt) \
            if n_sets else np.zeros(0, dtype=np.uint64)
        bins = ((mixed >> np.uint64(32)) * np.uint64(k)) >> np.uint64(32)
        cells = np.repeat(np.arange(n_sets, dtype=np.int64) * k, counts) + bins.astype(np.int64)
        raw = np.full(n_sets * k, _NONE, dtype=np.uint64)
        np.minimum.at(raw, cells, mixed & _LOW32)
        raw = raw.reshape(n_sets, k)
        out = raw.copy()
        empty = raw == _NONE
        rows, cols = np.nonzero(empty & ~empty.all(axis=1)[:, None])
        t = 0
        while len(rows):
            borrowed = raw[rows, self._attempt(t)[cols]]
            found = borrowed != _NONE
            out[rows[found], cols[found]] = borrowed[found]
            rows, cols = rows[~found], cols[~found]
            t += 1
        out[empty.all(axis=1)] = np.uint64(EMPTY)
        return out.astype(np.uint32)

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        """The signature of one set of shingle hashes."""
        hashes = np.asarray(hashes, dtype=np.uint64)
        return self.signatures(hashes, np.array([0, len(hashes)]))[0]


def estimate(a: np.ndarray, b: np.ndarray) -> float | np.ndarray:
    """Estimated Jaccard similarity: the share of positions where the signatures agree.

    Works on two signatures, or row by row on two equally shaped arrays of them.
    """
    return np.mean(np.asarray(a) == np.asarray(b), axis=-1)
