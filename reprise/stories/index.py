"""What is open: document frequencies of the articles of the open stories, and an inverted index
from lemmas and names to those stories, which gives the candidate stories of a new article.

Both only count the open stories (the time window): evicting a story takes its articles out, so
memory follows the window, not the archive, and a store reloaded after a crash holds the same
counts as a run that never stopped.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from itertools import islice

import numpy as np

from ..similarity import Profile
from .state import Bag, Story

QUERY_TERMS = 30  # an article looks stories up by its most weighted lemmas, and all its names
CANDIDATES = 12  # stories scored in full per article
COMMON = 0.2  # terms in more than this share of open articles are not looked up
COMMON_MIN_DOCS = 20  # ... once the window holds this many articles
CHANGES = 64  # the terms of the latest articles counted in or out, to bring a story's bags up to date


def common_limit(idf: WindowIdf) -> float:
    """The document frequency above which a term is too common to look stories up or tie articles by."""
    return COMMON * idf.docs if idf.docs >= COMMON_MIN_DOCS else math.inf


def _terms(p: Profile) -> set[str]:
    return set(p.body) | {"\x00n:" + k for k in p.names} | {"\x00d:" + k for k in p.numbers}


class WindowIdf:
    """Document frequencies over the articles of the open stories; the `Idf` interface of
    reprise.similarity (`weight`, `background_of`), with no background articles of its own
    (`background_of` is neutral).

    Weights are exact at every call, but cheap: log(1 + N) + 1 is kept up to date as articles come and
    go, and log(1 + df) is read from a table indexed by df.

    It also gives how close an article is to the window as a whole (`background`): the cosine of its
    lemmas with the sum of the open articles' lemma sets, each term weighted by its IDF. How many lemmas
    have each df is counted (integers), so that sum's norm is exact too, whatever the order articles
    came and went in."""

    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.docs = 0
        self.version = 0  # articles counted in or out so far
        self._changes: deque[set[str]] = deque(maxlen=CHANGES)  # their terms, latest last
        self._logs: list[float] = [0.0]  # log(1 + n) for n = 0 .. docs
        self._base = 1.0  # log(1 + docs) + 1
        self._lemmas_with_df = np.zeros(64, dtype=np.int64)  # df -> how many lemmas have it
        self._background_norm: tuple[int, float] = (-1, 0.0)  # (version, norm)
        self._log_table = np.zeros(0)  # log(1 + n) again, as an array

    def add(self, p: Profile) -> None:
        self.docs += 1
        terms = _terms(p)
        self._shift(p.body, 1)
        self.df.update(terms)
        self._rebase(terms)

    def remove(self, p: Profile) -> None:
        self.docs -= 1
        terms = _terms(p)
        self._shift(p.body, -1)
        self.df.subtract(terms)
        for term in [t for t in terms if self.df[t] <= 0]:
            del self.df[term]
        self._rebase(terms)

    def _shift(self, lemmas, step: int) -> None:
        """Move the lemmas of an article coming in (+1) or going out (-1) to their new df."""
        counts, df = self._lemmas_with_df, self.df
        if len(counts) <= self.docs + 1:
            counts = self._lemmas_with_df = np.concatenate([counts, np.zeros(len(counts), dtype=np.int64)])
        for term in lemmas:
            d = df.get(term, 0)
            counts[d] -= 1
            counts[d + step] += 1
        counts[0] = 0

    def background(self, vec: dict[str, float], vec_norm: float) -> float:
        """Cosine of an article's lemma weights (`vector`) with the window's IDF-weighted lemma counts."""
        if not vec_norm:
            return 0.0
        version, norm = self._background_norm
        logs, base = self._logs, self._base
        if version != self.version:
            n = self.docs + 1
            if len(self._log_table) < n:
                self._log_table = np.log1p(np.arange(2 * n, dtype=np.float64))
            weights = np.arange(n, dtype=np.float64) * (base - self._log_table[:n])
            norm = math.sqrt(float(np.dot(self._lemmas_with_df[:n], weights * weights)))
            self._background_norm = (self.version, norm)
        if not norm:
            return 0.0
        df = self.df
        dot = 0.0
        for term, w in vec.items():
            d = df.get(term, 0)
            dot += w * d * (base - logs[d])
        return dot / (vec_norm * norm)

    def _rebase(self, changed: set[str]) -> None:
        self.version += 1
        self._changes.append(changed)
        while len(self._logs) <= self.docs + 1:
            self._logs.append(math.log(1 + len(self._logs)))
        self._base = self._logs[self.docs] + 1.0

    def weight(self, term: str) -> float:
        """Smoothed IDF, log((1 + N) / (1 + df)) + 1, as in reprise.similarity."""
        return self._base - self._logs[self.df.get(term, 0)]

    def vector(self, counts: Counter, prefix: str = "") -> dict[str, float]:
        """TF-IDF weights of a bag of terms: (1 + log tf) * idf."""
        df, logs, base, log = self.df, self._logs, self._base, math.log
        if prefix:
            return {t: (1.0 + log(c)) * (base - logs[df.get(prefix + t, 0)]) for t, c in counts.items()}
        return {t: (1.0 + log(c)) * (base - logs[df.get(t, 0)]) for t, c in counts.items()}

    def weigh(self, bag: Bag) -> tuple[list[float], float]:
        """The `vector` weights of the counts a `Bag` was made of, in its order, and their norm: the same
        floats, but log(1 + df) is only looked up again for the terms counted in or out since the last call."""
        behind, logs = self.version - bag.version, self._logs
        if bag.logs is None or behind > len(self._changes):
            bag.logs = np.array([logs[self.df.get(k, 0)] for k in bag.keys], dtype=np.float64)
        elif behind:
            slot, df = bag.slot, self.df
            changed = set().union(*islice(self._changes, len(self._changes) - behind, None))
            keys = [k for k in changed if k in slot] if len(changed) < len(slot) else [k for k in slot if k in changed]
            if keys:  # each term once, however many of the changes counted it, in one numpy assignment
                bag.logs[[slot[k] for k in keys]] = [logs[df.get(k, 0)] for k in keys]
        bag.version = self.version
        weights = bag.tfs * (self._base - bag.logs)
        norm = math.sqrt(np.cumsum(weights * weights)[-1]) if len(weights) else 0.0  # summed in order, as sum() does
        return weights.tolist(), norm

    def background_of(self, p: Profile) -> tuple[float, float]:
        return 0.0, 0.0


class StoryIndex:
    """Inverted index: term -> ids of the open stories that carry it."""

    def __init__(self) -> None:
        self.postings: dict[str, set[str]] = {}
        self.filed: dict[str, set[str]] = {}  # story id -> terms it is filed under

    def file(self, story: Story) -> None:
        self.extend(story.id, story.terms())

    def extend(self, story_id: str, terms: set[str]) -> None:
        """File a story under more terms (those of an article it took in)."""
        filed = self.filed.setdefault(story_id, set())
        for term in terms - filed:
            self.postings.setdefault(term, set()).add(story_id)
        filed |= terms

    def drop(self, story_id: str) -> None:
        for term in self.filed.pop(story_id, ()):
            ids = self.postings.get(term)
            if ids is not None:
                ids.discard(story_id)
                if not ids:
                    del self.postings[term]

    def candidates(self, p: Profile, idf: WindowIdf) -> list[str]:
        """Ids of the stories sharing the most weight of the article's terms, best first (ties by id)."""
        limit = common_limit(idf)
        lemmas = sorted(((1 + math.log(c)) * idf.weight(t), t) for t, c in p.body.items() if idf.df.get(t, 0) <= limit)
        query = [(w, t) for w, t in lemmas[-QUERY_TERMS:]]
        query += [(idf.weight("\x00n:" + k), "\x00n:" + k) for k in p.names]
        hits: Counter = Counter()
        for weight, term in query:
            for sid in self.postings.get(term, ()):
                hits[sid] += weight
        return [sid for sid, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]]
