"""Exact and near duplicates among clean texts: groups with a canonical member, similarities verified.

How a group forms:

1. texts that are equal (same clean text) are one *unit*: exact copies, similarity 1.0;
2. each unit's word shingles (`reprise.shingles`) get a MinHash signature (`reprise.minhash`)
   and go into a banded LSH index (`reprise.lsh`) tuned below the threshold, so that pairs at
   the threshold are nearly always candidates;
3. candidates whose signatures disagree far too much to reach the threshold are dropped (a
   cheap filter with a wide margin); the others are **verified**: the exact Jaccard similarity
   of their shingle sets is computed, and only pairs at or above the threshold count;
4. units are taken in order of publication (earliest first; undated last; ties by id): a unit
   not yet in a group is the canonical of a new group, which every not-yet-grouped unit whose
   verified similarity to it reaches the threshold joins.

So every member's similarity is its true Jaccard similarity to the canonical member (the
earliest published), never only an estimate, and the result does not depend on the order in
which texts were added. Nothing is ever thrown away here: a group always keeps its canonical
member, and each other member says why it is a duplicate.

API:

* `Deduplicator(threshold=0.8, ngram=5, num_perm=128)`;
* `.add(id, text, published=None) -> int` (batched; returns the text's index);
* `.add_words(...)`, `.add_signed(...)`: the same, with the costly steps (words, or shingles,
  signatures and LSH band keys) done elsewhere, e.g. in worker processes (`when_key`: how a
  publication date sorts, to compute there too);
* `.insert(id, text, published=None) -> list[Match]`: add one text and return its verified
  matches among the texts added before it (for incremental use);
* `.groups() -> list[Group]`, every group of two or more texts, sorted by canonical;
* sketch only: `.add_signed(...)` without a batch keeps signatures, not shingles; the caller then
  verifies `.estimated_pairs()` on texts of its own (`reprise dedup` sketches the texts as read and
  verifies on their clean texts) and passes what it found to `.groups(edges, same)`;
* `Group.as_dict()`: `{group_id, canonical_id, members: [{id, similarity, reason}]}`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from .duplicate_groups import group_id
from .lsh import LSHIndex, optimal_params
from .minhash import MinHasher
from .shingles import Batch, Shingler, jaccard, word_bytes

# The LSH index is tuned at the threshold minus this, weighing misses four times false alarms:
# at threshold 0.8 that is 23 bands of 5 rows, which finds a pair at exactly 0.8 with
# probability 0.9999 (on Reuters-21578, 756 candidate pairs for 493 true ones); false alarms
# cost little, they are filtered on their estimate and then verified.
LSH_MARGIN = 0.2
LSH_WEIGHTS = (0.2, 0.8)
# Candidates whose estimated similarity is this far below the point the LSH index is tuned at (the
# threshold minus the margin) are not verified. With 128 positions the estimate's standard deviation
# is at most 0.045, so at the default margin a pair at the threshold is over 5 of them above the bar.
ESTIMATE_SLACK = 0.05
BATCH = 4096


@dataclass
class Member:
    id: object
    similarity: float
    reason: str
    index: int  # the order in which it was added


@dataclass
class Group:
    group_id: str
    canonical_id: object
    members: list[Member] = field(default_factory=list)  # the canonical first, then by publication

    def as_dict(self) -> dict:
        return {
            "group_id": self.group_id,
            "canonical_id": self.canonical_id,
            "members": [{"id": m.id, "similarity": m.similarity, "reason": m.reason} for m in self.members],
        }


@dataclass
class Match:
    id: object
    similarity: float
    index: int


def text_digest(text: str) -> bytes:
    """The 16-byte digest that makes equal texts one unit (a lone surrogate, from a JSON escape, hashes too)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def when_key(published: datetime | None) -> tuple:
    """How a text's publication sorts: the earliest first, undated last."""
    return (0, published.timestamp()) if published is not None else (1, 0.0)


_when = when_key


class Deduplicator:
    """Groups of exact and near-duplicate texts (see the module's documentation)."""

    def __init__(self, threshold: float = 0.8, ngram: int = 5, num_perm: int = 128, seed: int = 1,
                 lsh_params: tuple[int, int] | None = None, margin: float = LSH_MARGIN):
        """`margin`: how far below the threshold candidates are sought (wider when the texts signed are not
        quite the texts verified, as in `reprise dedup`)."""
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be above 0 and at most 1")
        self.threshold = threshold
        self.shingler = Shingler(ngram)
        self.hasher = MinHasher(num_perm, seed)
        lsh_threshold = min(max(threshold - margin, 0.05), 0.95)
        self.estimate_floor = lsh_threshold - ESTIMATE_SLACK
        params = lsh_params or optimal_params(lsh_threshold, num_perm, *LSH_WEIGHTS)
        self.lsh = LSHIndex(lsh_threshold, num_perm, params=params)
        # per text
        self.ids: list = []
        self.keys: list[tuple] = []  # (when, id) sort key
        self.unit_of: list[int] = []
        # per unit (distinct clean text)
        self._unit_by_digest: dict[bytes, int] = {}
        self.unit_texts: list[int] = []  # first text of each unit
        self._pending: list[bytes] = []  # words of the units not yet shingled
        self._shingles: list[tuple[np.ndarray, int, int] | None] = []  # per unit: (batch hashes, begin, end)
        self._sig_store = np.zeros((1024, num_perm), dtype=np.uint32)  # per unit, grown by doubling
        self._sig_count = 0
        self._sets: dict[int, np.ndarray] = {}  # unit -> sorted distinct shingles (cache)

    def __len__(self) -> int:
        return len(self.ids)

    # -- adding texts -------------------------------------------------------------------

    def add(self, ident, text: str, published: datetime | None = None) -> int:
        """Add one clean text; returns its index. Shingling happens in batches (`flush`)."""
        return self.add_words(ident, word_bytes(text), text_digest(text), published)

    def add_words(self, ident, words: bytes, digest: bytes, published: datetime | None = None) -> int:
        """Like `add`, from the text's `shingles.word_bytes` and a 16-byte digest of the text
        (so that the costly part can run in other processes)."""
        index = len(self.ids)
        self.ids.append(ident)
        self.keys.append((_when(published), str(ident)))
        unit = self._unit_by_digest.get(digest)
        if unit is None:
            unit = len(self.unit_texts)
            self._unit_by_digest[digest] = unit
            self.unit_texts.append(index)
            self._pending.append(words)
            if len(self._pending) >= BATCH:
                self.flush()
        self.unit_of.append(unit)
        return index

    def flush(self) -> None:
        """Shingle, sign and index the distinct texts added since the last flush."""
        if not self._pending:
            return
        batch = self.shingler.batch_words(self._pending)
        self._pending = []
        self._store(batch, self.hasher.signatures(batch.hashes, batch.offsets))

    def add_signed(self, idents: list, digests: list[bytes], published: list, batch: Batch | None,
                   signatures: np.ndarray, band_keys: np.ndarray | None = None, *, whens: list | None = None) -> list[int]:
        """Add texts already shingled and signed elsewhere (with this object's `shingler` and
        `hasher` settings): text i has `batch.of(i)` and `signatures[i]`. Returns their indices.

        Optionally with their LSH band keys (`self.lsh.band_keys(signatures)`) and, instead of `published`,
        `whens`: `when_key(published)` of each, all computed elsewhere too. Without a batch (`None`), the
        texts are sketched only (each must have words): their pairs are the caller's to verify."""
        self.flush()
        new: list[int] = []
        indices = []
        if whens is None:
            whens = [_when(when) for when in published]
        for i, (ident, digest, when) in enumerate(zip(idents, digests, whens)):
            index = len(self.ids)
            self.ids.append(ident)
            self.keys.append((when, str(ident)))
            unit = self._unit_by_digest.get(digest)
            if unit is None:
                unit = len(self.unit_texts)
                self._unit_by_digest[digest] = unit
                self.unit_texts.append(index)
                new.append(i)
            self.unit_of.append(unit)
            indices.append(index)
        if new:
            if len(new) < len(idents):
                rows = np.array(new, dtype=np.int64)
                if batch is not None:
                    counts = batch.counts()[rows]
                    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
                    take = np.repeat(batch.offsets[rows] - offsets[:-1], counts) + np.arange(offsets[-1], dtype=np.int64)
                    batch = Batch(batch.hashes[take], offsets)
                signatures = signatures[rows]
                band_keys = band_keys[rows] if band_keys is not None else None
            self._store(batch, signatures, band_keys)
        return indices

    def _store(self, batch: Batch | None, signatures: np.ndarray, band_keys: np.ndarray | None = None) -> None:
        """Keep the shingles (unless sketched only) and signatures of new units (in unit order) and index them."""
        first = len(self._shingles)
        end = self._sig_count + len(signatures)
        if end > len(self._sig_store):
            grown = np.zeros((max(end, 2 * len(self._sig_store)), self.hasher.num_perm), dtype=np.uint32)
            grown[: self._sig_count] = self._sig_store[: self._sig_count]
            self._sig_store = grown
        self._sig_store[self._sig_count: end] = signatures
        self._sig_count = end
        if batch is None:
            self._shingles += [None] * len(signatures)
            has_shingles = np.ones(len(signatures), dtype=bool)
        else:
            offsets = batch.offsets.tolist()
            self._shingles += [(batch.hashes, offsets[i], offsets[i + 1]) for i in range(len(batch))]
            has_shingles = batch.counts() > 0
        units = np.flatnonzero(has_shingles) + first
        keys = self.lsh.band_keys(signatures[has_shingles]) if band_keys is None else band_keys[has_shingles]
        self.lsh.insert_keys(units.tolist(), keys)

    def insert(self, ident, text: str, published: datetime | None = None) -> list[Match]:
        """Add one text now; return the earlier texts it duplicates, with verified similarities.

        Exact copies come with similarity 1.0; near duplicates with their exact Jaccard
        similarity, at or above the threshold.
        """
        before = len(self.ids)
        index = self.add(ident, text, published)
        self.flush()
        unit = self.unit_of[index]
        similar = {unit: 1.0}  # exact copies
        _, begin, end = self._shingles[unit]
        if end > begin:  # a text without words has no near duplicates
            for other in sorted(self.lsh.query_keys(self.lsh.band_keys(self.signature(unit))[0]) - {unit}):
                similarity = jaccard(self.shingle_set(unit), self.shingle_set(other))
                if similarity >= self.threshold:
                    similar[other] = similarity
        return [Match(self.ids[i], similar[u], i) for i, u in enumerate(self.unit_of[:before]) if u in similar]

    # -- reading back -------------------------------------------------------------------

    def shingle_set(self, unit: int) -> np.ndarray:
        """Sorted distinct shingle hashes of a unit (cached)."""
        found = self._sets.get(unit)
        if found is None:
            if self._shingles[unit] is None:
                raise ValueError(f"unit {unit} was sketched only: its shingles are not kept")
            hashes, begin, end = self._shingles[unit]
            found = self._sets[unit] = np.unique(hashes[begin:end])
        return found

    def signature(self, unit: int) -> np.ndarray:
        """The MinHash signature of a unit."""
        self.flush()
        return self._sig_store[: self._sig_count][unit]

    def candidate_pairs(self) -> np.ndarray:
        """Distinct (unit, unit) pairs, smaller first, sharing an LSH bucket: shape (pairs, 2)."""
        self.flush()
        positions = self.lsh.candidate_positions()
        return np.sort(np.asarray(self.lsh.ids, dtype=np.int64)[positions], axis=1) if len(positions) else positions

    def estimated_pairs(self) -> np.ndarray:
        """The candidate pairs (`candidate_pairs`) whose estimated similarity is not far below the point the
        index is tuned at (see ESTIMATE_SLACK): the pairs to verify."""
        pairs = self.candidate_pairs()
        if len(pairs) == 0:
            return pairs
        signatures = self._sig_store[: self._sig_count]
        agree = np.mean(signatures[pairs[:, 0]] == signatures[pairs[:, 1]], axis=1)
        return pairs[agree >= self.estimate_floor]

    def verified_pairs(self) -> list[tuple[int, int, float]]:
        """(unit, unit, exact Jaccard) for every candidate pair at or above the threshold."""
        edges = []
        for a, b in self.estimated_pairs().tolist():
            similarity = jaccard(self.shingle_set(a), self.shingle_set(b))
            if similarity >= self.threshold:
                edges.append((a, b, similarity))
        return edges

    def _why_canonical(self, group: Group) -> str:
        when = self.keys[group.members[0].index][0]
        if when[0]:
            return "canonical: first by id (no publication date)"
        if any(self.keys[m.index][0] == when for m in group.members[1:]):
            return "canonical: earliest published, first by id among those published at the same time"
        return "canonical: earliest published"

    def groups(self, edges: list[tuple[int, int, float]] | None = None,
               same: list[tuple[int, int]] = ()) -> list[Group]:
        """Every group of two or more texts, canonical first, groups in order of their canonical.

        By default the pairs are this object's `verified_pairs()`. A caller that verified the pairs on texts of its
        own gives its `edges` (unit, unit, similarity at or above the threshold) and the pairs of units it found to
        be the same text (`same`: exact copies, as if one unit)."""
        if edges is None:
            edges = self.verified_pairs()
        root = list(range(len(self.unit_texts)))  # units that are the same text: one of them stands for all

        def find(unit: int) -> int:
            while root[unit] != unit:
                root[unit] = root[root[unit]]
                unit = root[unit]
            return unit

        for a, b in same:
            a, b = find(a), find(b)
            root[max(a, b)] = min(a, b)
        best: dict[tuple[int, int], float] = {}
        for a, b, similarity in edges:
            a, b = sorted((find(a), find(b)))
            if a != b:
                best[a, b] = max(similarity, best.get((a, b), 0.0))
        edges = [(a, b, similarity) for (a, b), similarity in best.items()]
        members_of: dict[int, list[int]] = {}
        for index, unit in enumerate(self.unit_of):
            members_of.setdefault(find(unit), []).append(index)
        for texts in members_of.values():
            texts.sort(key=self.keys.__getitem__)
        unit_key = {unit: self.keys[texts[0]] for unit, texts in members_of.items()}
        neighbours: dict[int, list[tuple[int, float]]] = {}
        for a, b, similarity in edges:
            neighbours.setdefault(a, []).append((b, similarity))
            neighbours.setdefault(b, []).append((a, similarity))
        taken: set[int] = set()
        groups = []
        for unit in sorted(members_of, key=unit_key.__getitem__):
            if unit in taken:
                continue
            taken.add(unit)
            near = sorted(((unit_key[v], v, s) for v, s in neighbours.get(unit, ()) if v not in taken))
            if len(members_of[unit]) == 1 and not near:
                continue
            canonical, *copies = members_of[unit]
            canonical_id = self.ids[canonical]
            group = Group(group_id(canonical_id), canonical_id, [Member(canonical_id, 1.0, "", canonical)])
            rest = [Member(self.ids[i], 1.0, f"exact copy of {canonical_id}", i) for i in copies]
            for _, v, similarity in near:
                taken.add(v)
                rest += [Member(self.ids[i], similarity, f"near duplicate of {canonical_id} "
                                f"(Jaccard {similarity:.3f} >= {self.threshold:g})", i) for i in members_of[v]]
            group.members += sorted(rest, key=lambda m: self.keys[m.index])
            group.members[0].reason = self._why_canonical(group)
            groups.append(group)
        return groups
