"""Word shingles: the overlapping runs of `n` words of a text, hashed to 64-bit integers.

Words are what the regular expression `\\w+` matches in the lower-cased text (a text is split
on non-word characters). A text of fewer than `n` words (but at least one) has one shingle, all
its words; a text without words has none. Hashes are stable: the same words give the same
integers in every process and on every run, so they can be stored.

API:

* `words(text) -> list[str]`: the words, for reading and for tests;
* `shingle_set(text, n=5) -> np.ndarray`: the sorted, distinct shingle hashes of one text;
* `Shingler(n=5).batch(texts) -> Batch`: the shingle hashes of many texts at once, in one
  flat array with offsets (`batch.of(i)` is text i's, repeats included); this is the fast path:
  words are found and hashed, and shingles combined, by numpy over the whole batch, with no
  per-word or per-shingle work in Python;
* `jaccard(a, b) -> float`: exact Jaccard similarity of two sorted, distinct hash arrays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

WORD = re.compile(r"\w+")
_SEPARATOR = b"\x00"  # a pseudo-word between texts in a batch (never in a word)
# ASCII texts take a fast path: every non-word byte becomes a space.
_ASCII_WORDS = bytes((c if (chr(c).isalnum() or c == 0x5F) else 0x20) for c in range(128)) + bytes(range(128, 256))
_MASK64 = (1 << 64) - 1
_MIX = np.uint64(0x9E3779B97F4A7C15)


def words(text: str) -> list[str]:
    """The lower-case words of `text` (split on non-word characters)."""
    return WORD.findall(text.lower())


def word_bytes(text: str) -> bytes:
    """The words of `text`, lower-case, UTF-8, separated by spaces (fast for ASCII)."""
    if text.isascii():
        return text.encode("ascii").lower().translate(_ASCII_WORDS)
    return " ".join(WORD.findall(text.lower())).encode("utf-8")


def splitmix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, element-wise on uint64 (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _word_hashes(buffer: bytes) -> np.ndarray:
    """Stable 64-bit hashes of the space-separated words of `buffer`, vectorised.

    Each word is read 8 bytes at a time straight from the buffer (zero-padded past its end) and
    the chunks are folded with the splitmix64 finaliser, seeded with the word's length: a word of
    at most 8 bytes gets a hash no other word of at most 8 bytes has.
    """
    data = np.frombuffer(buffer + b" " + bytes(16), dtype=np.uint8)
    n = len(buffer)
    is_word = data[: n + 1] != 0x20
    edges = np.flatnonzero(np.diff(is_word.view(np.int8), prepend=np.int8(0)))
    starts, ends = edges[0::2], edges[1::2]
    lengths = ends - starts
    # 8 bytes from every offset: an unaligned, overlapping uint64 view of the buffer
    windows = np.ndarray(shape=(n + 1,), dtype="<u8", buffer=data, offset=0, strides=(1,))
    h = lengths.astype(np.uint64) * _MIX
    active = np.arange(len(starts))
    offset = 0
    while len(active):
        remaining = lengths[active] - offset
        chunk = windows[starts[active] + offset]
        short = remaining < 8
        if short.any():
            bits = (np.minimum(remaining, 8) * 8).astype(np.uint64)
            mask = np.where(short, (np.uint64(1) << (bits & np.uint64(63))) - np.uint64(1), np.uint64(_MASK64))
            chunk = chunk & mask
        h[active] = splitmix(h[active] ^ chunk)
        offset += 8
        active = active[remaining > 8]
    return h


_SEPARATOR_HASH = _word_hashes(_SEPARATOR)[0]


@dataclass
class Batch:
    """The shingle hashes of several texts: text i's are `hashes[offsets[i]:offsets[i + 1]]`."""

    hashes: np.ndarray  # uint64, unsorted, may repeat within a text
    offsets: np.ndarray  # int64, len(texts) + 1

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def of(self, i: int) -> np.ndarray:
        return self.hashes[self.offsets[i]: self.offsets[i + 1]]

    def counts(self) -> np.ndarray:
        return np.diff(self.offsets)


class Shingler:
    """Word `n`-gram shingles hashed to uint64, for one text or a batch of them."""

    def __init__(self, n: int = 5):
        if n < 1:
            raise ValueError("shingles need at least one word")
        self.n = n

    def batch(self, texts: list[str]) -> Batch:
        """Shingle hashes of every text in `texts` (see `Batch`)."""
        return self.batch_words([word_bytes(t) for t in texts])

    def batch_words(self, word_lists: list[bytes]) -> Batch:
        """Like `batch`, from `word_bytes` outputs (so that tokenising can happen elsewhere)."""
        n = self.n
        # n - 1 separator pseudo-words after each text pad its last windows, so that a window
        # never spans two texts, and mark where each text ends.
        pad = max(n - 1, 1)
        glue = b" " + b" ".join([_SEPARATOR] * pad) + b" "
        buffer = glue.join(word_lists) + glue
        th = _word_hashes(buffer)
        is_sep = th == _SEPARATOR_HASH
        if len(word_lists):
            sep_pos = np.flatnonzero(is_sep)[pad - 1:: pad]  # the last separator after each text
            ends = sep_pos - (pad - 1)  # index after the text's last word
            starts = np.concatenate(([0], sep_pos[:-1] + 1))
            nwords = ends - starts
        else:
            starts = nwords = np.zeros(0, dtype=np.int64)
        # window hash at every position i: combine th[i..i+n-1] (past a text: its separators)
        total = len(th)
        ext = np.concatenate((th, np.zeros(n, dtype=np.uint64)))
        h = splitmix(ext[:total] + _MIX)
        for j in range(1, n):
            h = splitmix(h ^ (ext[j: j + total] * np.uint64(2 * j + 1)))
        # windows that belong to a text: starts .. starts + max(nwords - n, 0), if it has words
        counts = np.where(nwords > 0, np.maximum(nwords - n + 1, 1), 0).astype(np.int64)
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        index = np.arange(offsets[-1], dtype=np.int64) - np.repeat(offsets[:-1] - starts, counts)
        return Batch(h[index], offsets)

    def shingle_set(self, text: str) -> np.ndarray:
        """The sorted, distinct shingle hashes of one text."""
        return np.unique(self.batch([text]).hashes)


_DEFAULT: dict[int, Shingler] = {}


def shingle_set(text: str, n: int = 5) -> np.ndarray:
    """The sorted, distinct word-`n`-gram shingle hashes of `text`."""
    if n not in _DEFAULT:
        _DEFAULT[n] = Shingler(n)
    return _DEFAULT[n].shingle_set(text)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted arrays of distinct hashes (1.0 when both are empty)."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (len(a) + len(b) - common)
