"""What is open: document frequencies of the articles of the open stories, and an inverted index
from lemmas and names to those stories, which gives the candidate stories of a new article.

Both only count the open stories (the time window): evicting a story takes its articles out, so
memory follows the window, not the archive, and a store reloaded after a crash holds the same
counts as a run that never stopped.
"""

from __future__ import annotations

import math
from collections import Counter

from ..similarity import Profile
from .state import Story

QUERY_TERMS = 30  # an article looks stories up by its most weighted lemmas, and all its names
CANDIDATES = 12  # stories scored in full per article
COMMON = 0.2  # terms in more than this share of open articles are not looked up


def _terms(p: Profile) -> set[str]:
    return set(p.body) | {"\x00n:" + k for k in p.names} | {"\x00d:" + k for k in p.numbers}


class WindowIdf:
    """Document frequencies over the articles of the open stories; the `Idf` interface of
    reprise.similarity (`weight`, `background_of`), without a background.

    Weights are exact at every call, but cheap: log(1 + N) + 1 is kept up to date as articles come and
    go, and log(1 + df) is read from a table indexed by df."""

    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.docs = 0
        self._logs: list[float] = [0.0]  # log(1 + n) for n = 0 .. docs
        self._base = 1.0  # log(1 + docs) + 1

    def add(self, p: Profile) -> None:
        self.docs += 1
        self.df.update(_terms(p))
        self._rebase()

    def remove(self, p: Profile) -> None:
        self.docs -= 1
        self.df.subtract(_terms(p))
        for term in [t for t in _terms(p) if self.df[t] <= 0]:
            del self.df[term]
        self._rebase()

    def _rebase(self) -> None:
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

    def background_of(self, p: Profile) -> tuple[float, float]:
        return 0.0, 0.0


class StoryIndex:
    """Inverted index: term -> ids of the open stories that carry it."""

    def __init__(self) -> None:
        self.postings: dict[str, set[str]] = {}
        self.filed: dict[str, set[str]] = {}  # story id -> terms it is filed under

    def file(self, story: Story) -> None:
        terms = story.terms()
        old = self.filed.get(story.id, set())
        for term in terms - old:
            self.postings.setdefault(term, set()).add(story.id)
        self.filed[story.id] = terms

    def drop(self, story_id: str) -> None:
        for term in self.filed.pop(story_id, ()):
            ids = self.postings.get(term)
            if ids is not None:
                ids.discard(story_id)
                if not ids:
                    del self.postings[term]

    def candidates(self, p: Profile, idf: WindowIdf) -> list[str]:
        """Ids of the stories sharing the most weight of the article's terms, best first (ties by id)."""
        limit = COMMON * max(idf.docs, 1)
        lemmas = sorted(((1 + math.log(c)) * idf.weight(t), t) for t, c in p.body.items()
                        if idf.df.get(t, 0) <= limit or idf.docs < 20)
        query = [(w, t) for w, t in lemmas[-QUERY_TERMS:]]
        query += [(idf.weight("\x00n:" + k), "\x00n:" + k) for k in p.names]
        hits: Counter = Counter()
        for weight, term in query:
            for sid in self.postings.get(term, ()):
                hits[sid] += weight
        return [sid for sid, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]]
