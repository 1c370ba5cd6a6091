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
# ... and it is boilerplate once this many earlier articles of the outlet carried it, and
# at least this share of them: a wire archive repeats short sentences ("Terms were not
# disclosed.") in a fraction of a per cent of its articles; chrome recurs far more often.
MIN_ARTICLES = 5
MIN_SHARE = 0.02
# The count of an outlet's articles is kept beside its lines, under this reserved key.
ARTICLES_KEY = -1

_SENTENCE_END = (".", "!", "?", ":", "»", '"', "”", ")", "…")


def line_key(line: str) -> int:
    """A stable 63-bit key of a line, case ignored."""
    digest = hashlib.blake2b(line.lower().encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def candidates(lines: list[str]) -> dict[int, int]:
    """Index of each standalone short line by its key (wrapped continuations are not standalone)."""
    found: dict[int, int] = {}
    previous = ""
    for i, line in enumerate(lines):
        standalone = not previous or previous.endswith(_SENTENCE_END) or previous[-1:].isupper()
        if standalone and len(line) <= MAX_CHARS and line.count(" ") < MAX_WORDS:
            found.setdefault(line_key(line), i)
        previous = line
    return found


class OutletLines:
    """Counts of candidate lines per outlet; `load` and `pending` connect it to the store."""

    def __init__(self, load):
        self._load = load  # outlet -> {key: count}, read from the store on first use
        self._counts: dict[str, dict[int, int]] = {}
        self.pending: dict[tuple[str, int], int] = {}  # (outlet, key) -> count, not yet written

    def _of(self, outlet: str) -> dict[int, int]:
        counts = self._counts.get(outlet)
        if counts is None:
            counts = self._counts[outlet] = self._load(outlet)
        return counts

    def boilerplate(self, outlet: str, keys) -> set[int]:
        counts = self._of(outlet)
        needed = max(MIN_ARTICLES, MIN_SHARE * counts.get(ARTICLES_KEY, 0))
        return {k for k in keys if counts.get(k, 0) >= needed}

    def learn(self, outlet: str, keys) -> None:
        """Count one more article of `outlet` and the candidate lines it carried."""
        counts = self._of(outlet)
        for k in (ARTICLES_KEY, *keys):
            n = counts.get(k, 0) + 1
            counts[k] = n
            self.pending[(outlet, k)] = n

    def forget_pending(self) -> None:
        """After a rollback: drop what was learned since the last commit."""
        self._counts.clear()
        self.pending.clear()
