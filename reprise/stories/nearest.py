"""The open stories nearest to an article by sentence embedding: candidates that share no word with it.

An article in another language than its story (a German report of a French story) shares no lemma
and few names with it, so the inverted index of `index.StoryIndex` cannot offer that story. When
articles are embedded (`--embeddings`), each open story also has the direction of the sum of its
articles' embeddings, kept here as one row of a matrix; an article's nearest stories are those of
highest cosine (ties by id), and the clusterer offers those with no article in the article's language,
for articles with a text (within a language the inverted index finds the candidates: offered there
too, the nearest stories cost UCI's held-out half 0.73 -> 0.66; offered to bare headlines, whose
language is a guess from a few words, 0.73 -> 0.71: docs/evaluation.md). Like the inverted index, it
holds the open stories only.
"""

from __future__ import annotations

import numpy as np

NEAREST = 6  # stories offered per article, besides those of the inverted index


class NearestStories:
    def __init__(self) -> None:
        self.rows = np.zeros((0, 0), dtype=np.float32)
        self.ids: list[str | None] = []  # story id of each row; None for a free row
        self.row_of: dict[str, int] = {}
        self.free: list[int] = []

    def set(self, story_id: str, vector: np.ndarray | None) -> None:
        """File (or refile) a story under the direction of `vector`; a story without one is dropped."""
        norm = float(np.linalg.norm(vector)) if vector is not None else 0.0
        if not norm:
            self.drop(story_id)
            return
        row = self.row_of.get(story_id)
        if row is None:
            row = self._row(len(vector))
            self.row_of[story_id] = row
            self.ids[row] = story_id
        self.rows[row] = vector / norm

    def drop(self, story_id: str) -> None:
        row = self.row_of.pop(story_id, None)
        if row is not None:
            self.ids[row] = None
            self.rows[row] = 0.0
            self.free.append(row)

    def nearest(self, vector: np.ndarray, k: int = NEAREST) -> list[str]:
        """Ids of the `k` stories of highest cosine with `vector`, best first (ties by id, whatever the rows)."""
        if not self.row_of or vector is None or k <= 0:
            return []
        sims = self.rows[:len(self.ids)] @ vector.astype(np.float32)
        sims[self.free] = -np.inf
        if len(self.row_of) > k:  # every row as close as the k-th closest, so that ties are broken by id
            kth = np.partition(sims, len(sims) - k)[len(sims) - k]
            rows = np.flatnonzero(sims >= kth)
        else:
            rows = np.flatnonzero(sims > -np.inf)
        return [self.ids[r] for r in sorted(rows, key=lambda r: (-float(sims[r]), self.ids[r]))[:k]]

    def _row(self, dim: int) -> int:
        if self.free:
            return self.free.pop()
        if not self.ids:
            self.rows = np.zeros((0, dim), dtype=np.float32)
        if len(self.ids) == len(self.rows):
            grown = np.zeros((max(16, 2 * len(self.rows)), dim), dtype=np.float32)
            grown[:len(self.rows)] = self.rows
            self.rows = grown
        self.ids.append(None)
        return len(self.ids) - 1
