"""Near duplicates found as articles arrive in `reprise run`, kept in the store.

Each new article is matched against everything stored when it arrives, and nothing is
recomputed for old pairs:

* its word 5-gram shingles and their MinHash band keys (the engine of `reprise dedup`:
  `shingles.py`, `minhash.py`, `lsh.py`) go into `fingerprints`;
* the stored articles that share a band key with it are candidates; the exact Jaccard
  similarity of the shingle sets is computed for each, and a pair at or above the threshold
  is a verified edge in `near_pairs`;
* the store then re-derives the groups of the components the new edges touch
  (`duplicate_groups.py`): members point at the earliest published with `duplicate_of`.

The groups depend only on the articles and their dates, never on the order they arrived in,
so a run resumed after `kill -9`, or the same input given in another order, ends the same.
"""

from __future__ import annotations

import numpy as np

from .dedup import LSH_MARGIN, LSH_WEIGHTS
from .lsh import LSHIndex, optimal_params
from .minhash import MinHasher
from .shingles import Shingler, jaccard

THRESHOLD = 0.8
NGRAM = 5
NUM_PERM = 128


class Fingerprinter:
    """Shingle sets and LSH band keys of texts: what `DuplicateLinker` and the Spark driver match on."""

    def __init__(self, threshold: float = THRESHOLD):
        self.shingler = Shingler(NGRAM)
        self.hasher = MinHasher(NUM_PERM)
        lsh_threshold = min(max(threshold - LSH_MARGIN, 0.05), 0.95)
        self.params = optimal_params(lsh_threshold, NUM_PERM, *LSH_WEIGHTS)
        self._lsh_threshold = lsh_threshold

    def empty_index(self) -> LSHIndex:
        return LSHIndex(self._lsh_threshold, NUM_PERM, params=self.params)

    def fingerprints(self, texts: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
        """The sorted distinct shingle hashes of each text, and its band keys (one row per text)."""
        shingled = self.shingler.batch(texts)
        sets = [np.unique(shingled.of(i)) for i in range(len(texts))]
        offsets = np.zeros(len(sets) + 1, dtype=np.int64)
        np.cumsum([len(x) for x in sets], out=offsets[1:])
        signatures = self.hasher.signatures(np.concatenate(sets) if sets else np.zeros(0, np.uint64), offsets)
        return sets, self.empty_index().band_keys(signatures)


class DuplicateLinker:
    """The LSH index of a store's articles, and the verified edges of new ones."""

    def __init__(self, conn, threshold: float = THRESHOLD):
        self.conn = conn
        self.threshold = threshold
        self.fingerprinter = Fingerprinter(threshold)
        self.index = self.fingerprinter.empty_index()
        self._pending: dict[str, np.ndarray] = {}  # shingles of articles not yet committed
        self.seq = 0  # every stored article up to this arrival number is in the index
        self._mine: set[str] = set()  # articles this linker indexed itself since then
        self.catch_up()

    def catch_up(self) -> None:
        """Index the fingerprints stored since the last look: all of them the first time, then
        those another writer (`reprise watch` beside a server) committed meanwhile."""
        rows = self.conn.execute(
            "SELECT f.article_id, f.band_keys, a.seq FROM fingerprints f JOIN articles a ON a.id = f.article_id"
            " WHERE a.seq > ? ORDER BY f.article_id", (self.seq,)).fetchall()
        theirs = [(article_id, blob) for article_id, blob, _ in rows if article_id not in self._mine]
        if theirs:
            keys = np.frombuffer(b"".join(blob for _, blob in theirs), dtype=np.uint64)
            self.index.insert_keys([article_id for article_id, _ in theirs], keys)
        self.seq = max((seq for _, _, seq in rows), default=self.seq)
        self._mine.clear()

    def _shingles(self, article_id: str) -> np.ndarray:
        found = self._pending.get(article_id)
        if found is not None:
            return found
        row = self.conn.execute("SELECT shingles FROM fingerprints WHERE article_id = ?", (article_id,)).fetchone()
        return np.frombuffer(row[0], dtype=np.uint64)

    def add_batch(self, batch: list[tuple[str, str]]) -> tuple[list[tuple], list[tuple[str, str, float]]]:
        """Fingerprint rows and verified edges (a, b, similarity; a < b) of new articles `(id, text)`.

        Shingles, signatures and band keys are computed for the whole batch at once; each article
        is then matched, in order, against the store and the articles before it in the batch.
        """
        if not batch:
            return [], []
        sets, all_keys = self.fingerprinter.fingerprints([text for _, text in batch])
        rows, edges = [], []
        for (article_id, _), shingles, keys in zip(batch, sets, all_keys):
            for other in sorted(self.index.query_keys(keys)):
                similarity = jaccard(shingles, self._shingles(other))
                if similarity >= self.threshold:
                    a, b = sorted((article_id, other))
                    edges.append((a, b, round(similarity, 4)))
            self.index.insert_keys([article_id], keys[None, :])
            self._pending[article_id] = shingles
            self._mine.add(article_id)
            rows.append((article_id, keys.tobytes(), shingles.tobytes()))
        return rows, edges

    def committed(self) -> None:
        """The pending fingerprints are in the store now: read them from there."""
        self._pending.clear()
