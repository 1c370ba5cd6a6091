"""Lines an outlet repeats across its own articles (signatures, standing notices, menus).

Learned as articles arrive, in arrival order, so the same input gives the same cuts. The
counts live in the store and are written in the same transaction as the articles, so a run
killed half-way resumes with exactly the state a clean run would have had.
"""

from __future__ import annotations

import hashlib

# A line is a candidate when it is short: long paragraphs repeated across articles are
# reused copy (a wire paragraph in successive updates), which reuse detection needs.
MAX_CHARS = 100
MAX_WORDS = 16
# ... and it is boilerplate once this many earlier articles of the outlet carried it, and at
# least this share of its recent articles: chrome recurs in a large share of what an outlet
# publishes at a time (and may come and go with a site's redesign), while a wire archive
# repeats a short sentence ("Terms were not disclosed.") in a fraction of a per cent.
MIN_ARTICLES = 5
MIN_SHARE = 0.05
# "Recent" weighs each earlier article by DECAY ** (how many articles ago): a window of about
# 1 / (1 - DECAY) = 200 articles.
DECAY = 0.995
# The count of an outlet's articles is kept beside its lines, under this reserved key.
ARTICLES_KEY = -1

_SENTENCE_END = (".", "!", "?", ":", "»", '"', "”", ")", "…")


def line_key(line: str) -> int:
    """A stable 63-bit key of a line, case ignored."""
    digest = hashlib.blake2b(line.lower().encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def short_line_keys(lines: list[str]) -> dict[int, int]:
    """The key of each line short enough to be boilerplate, by the line's index.

    A line the outlet repeats has the length and the words of a candidate line (`candidates`), so
    no other line can match one (but for a character whose lower case is two, as `İ`: a line may then
    miss a cut by a character or two of length)."""
    return {i: line_key(line) for i, line in enumerate(lines)
            if len(line) <= MAX_CHARS and line.count(" ") < MAX_WORDS}


def candidates(lines: list[str], short_keys: dict[int, int]) -> dict[int, int]:
    """Index of each standalone short line by its key (wrapped continuations are not standalone);
    `short_keys` is `short_line_keys(lines)`."""
    found: dict[int, int] = {}
    for i, key in short_keys.items():
        previous = lines[i - 1] if i else ""
        if not previous or previous.endswith(_SENTENCE_END) or previous[-1:].isupper():
            found.setdefault(key, i)
    return found


class OutletLines:
    """What each outlet's candidate lines have done so far; `load` and `pending` connect it to the store.

    Per line: (articles that carried it, their recency-weighted count, the outlet's article
    number when it was last seen).
    """

    def __init__(self, load):
        self._load = load  # outlet -> {key: (articles, recent, seen_at)}, read from the store on first use
        self._state: dict[str, dict[int, tuple[int, float, int]]] = {}
        self.pending: dict[tuple[str, int], tuple[int, float, int]] = {}  # (outlet, key) -> state, not yet written

    def _of(self, outlet: str) -> dict[int, tuple[int, float, int]]:
        state = self._state.get(outlet)
        if state is None:
            state = self._state[outlet] = self._load(outlet)
        return state

    def boilerplate(self, outlet: str, keys) -> set[int]:
        state = self._of(outlet)
        n = state.get(ARTICLES_KEY, (0, 0.0, 0))[0]
        window = (1 - DECAY ** n) / (1 - DECAY)  # the recency-weighted number of earlier articles
        found = set()
        for k in keys:
            count, recent, seen_at = state.get(k, (0, 0.0, 0))
            if count >= MIN_ARTICLES and recent * DECAY ** (n - seen_at) >= MIN_SHARE * window:
                found.add(k)
        return found

    def learn(self, outlet: str, keys) -> None:
        """Count one more article of `outlet` and the candidate lines it carried."""
        state = self._of(outlet)
        n = state.get(ARTICLES_KEY, (0, 0.0, 0))[0] + 1
        state[ARTICLES_KEY] = (n, 0.0, n)
        self.pending[(outlet, ARTICLES_KEY)] = state[ARTICLES_KEY]
        for k in keys:
            count, recent, seen_at = state.get(k, (0, 0.0, 0))
            state[k] = (count + 1, recent * DECAY ** (n - seen_at) + 1.0, n)
            self.pending[(outlet, k)] = state[k]
