"""Word tokens with character offsets into the clean text, and stable word ids.

Matching ignores case and every mark that is not part of a word, so `«`, `»`, `“`, `”`, `"`,
`'` and `’` never stop two copies of a passage from matching: `« Nous partons »` and
`"nous partons"` are the same two tokens. Offsets always point into the text as given.

A word's id is a 64-bit hash of its lower-cased form (two CRC-32s): the same on every run
and machine, so ids and the shingle hashes built from them can be stored and compared later.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from itertools import repeat

import numpy as np

# A word: letters, digits (and `_`, which news text hardly has). Apostrophes, hyphens and
# quote marks separate words: `l’homme` and `l'homme` are both `l` + `homme`.
WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")
_SEED = 0x9E3779B9


@dataclass
class Tokens:
    """The words of one text: stable ids of their lower-cased forms, (begin, end) offsets into the text."""

    ids: np.ndarray  # uint64
    begins: np.ndarray  # int32, character offset of each word
    ends: np.ndarray  # int32, end offset (exclusive)

    def __len__(self) -> int:
        return len(self.ids)


def words(text: str) -> list[str]:
    """The lower-cased words of `text`, in order."""
    return WORD.findall(text.lower())


def word_ids(items: list[str]) -> np.ndarray:
    """Stable 64-bit id of each word."""
    encoded = list(map(str.encode, items))
    high = np.fromiter(map(zlib.crc32, encoded), dtype=np.uint64, count=len(encoded))
    low = np.fromiter(map(zlib.crc32, encoded, repeat(_SEED)), dtype=np.uint64, count=len(encoded))
    return (high << np.uint64(32)) | low


def tokenize(text: str) -> Tokens:
    """Split `text` into words, lower-cased for matching, offsets into `text` unchanged."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased (İ)
        spans = [m.span() for m in WORD.finditer(text)]
        found = [text[b:e].lower() for b, e in spans]
        begins = np.fromiter((b for b, _ in spans), dtype=np.int32, count=len(spans))
        ends = np.fromiter((e for _, e in spans), dtype=np.int32, count=len(spans))
        return Tokens(word_ids(found), begins, ends)
    parts = _SPLIT.split(lowered)  # separator, word, separator, word, ..., separator
    bounds = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
    return Tokens(word_ids(parts[1::2]), bounds[0:-1:2].astype(np.int32), bounds[1::2].astype(np.int32))
