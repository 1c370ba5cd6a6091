"""Sentences with their offsets, and which sentences of an article are new to a story.

A sentence ends at `.`, `!`, `?` or `…` followed by a space and what opens a sentence (a letter,
a digit, a quote), at `。`, `！`, `？`, or at a line break. Initials and short abbreviations (`M.`, `Mme.`, `J.-P.`,
`U.S.`) do not end one. A sentence is *new* to a story when fewer than half of its word trigrams
(its words, for sentences under three words) were already in the story's earlier articles: a
wire paragraph that another outlet copied with a word changed is not new.
"""

from __future__ import annotations

import re
import zlib

from ..lemmas import fold, words

_END = re.compile(r"[.!?…]+[»\"”’)]*(?=\s+[«\"“(\[\d\w])|[。！？]+[」』”]?|\n+")
_ABBREVIATION = re.compile(r"(?:^|\W)(?:[A-ZÀ-Ý][a-z]?|[A-Z](?:\.[A-Z])+|Mme|Mlle|Mrs|Jr|Sr|av|apr|env|cf)\.$")
MIN_CHARS = 3
SHINGLE = 3
NEW_SHARE = 0.5  # a sentence is new when less than this share of its trigrams was seen before


def split(text: str) -> list[tuple[int, int]]:
    """[begin, end) offsets of the sentences of `text`, surrounding spaces left out."""
    out = []
    begin = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group()[0] == "." and not match.group().startswith("..") and _ABBREVIATION.search(text[begin:match.start() + 1]):
            continue
        _append(text, begin, end, out)
        begin = end
    _append(text, begin, len(text), out)
    return out


def _append(text: str, begin: int, end: int, out: list) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if end - begin >= MIN_CHARS and any(ch.isalnum() for ch in text[begin:end]):
        out.append((begin, end))


def shingles(sentence: str, lang: str = "") -> set[int]:
    """Hashes of the word trigrams of a sentence (of its words when shorter), case and accents folded."""
    tokens = [fold(w) for w in words(sentence, lang)]
    if len(tokens) < SHINGLE:
        grams = tokens
    else:
        grams = [" ".join(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)]
    return {zlib.crc32(g.encode("utf-8")) for g in grams}


def shingled(text: str, lang: str = "") -> list[tuple[tuple[int, int], set[int]]]:
    """The offsets of each sentence of `text` with its shingles."""
    return [((begin, end), shingles(text[begin:end], lang)) for begin, end in split(text)]


def novel(text: str, seen: set[int], lang: str = "") -> list[tuple[int, int]]:
    """The sentences of `text` that are new relative to `seen` (see the module's docstring); `seen` is not changed."""
    return new_among(shingled(text, lang), seen)


def new_among(spans: list[tuple[tuple[int, int], set[int]]], seen: set[int]) -> list[tuple[int, int]]:
    """`novel` of sentences already shingled."""
    return [span for span, grams in spans if grams and len(grams & seen) < NEW_SHARE * len(grams)]
