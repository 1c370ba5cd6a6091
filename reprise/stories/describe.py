"""What a reader sees of a story: its most central article, a 3-sentence summary, entities, label.

The most central article is the one of its latest CENTRAL_POOL articles whose lemmas are closest
(TF-IDF cosine) to the story's centroid, ties by id (a bounded cost per batch, however big the story).
Its summary is the three sentences of that article closest to the centroid, in the order of the text.
The label is the story's main names (those its key phrase does not say already), then the central
article's title (its first sentence when untitled) as the key phrase.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from ..entities import entity_key
from ..lemmas import lemmas
from ..text import shortened
from . import sentences
from .index import WindowIdf
from .state import Story

SUMMARY_SENTENCES = 3
LABEL_NAMES = 3
LABEL_CHARS = 120
ENTITIES_KEPT = 20
CENTRAL_POOL = 30
_WORD = re.compile(r"\w+")


def central(story: Story, idf: WindowIdf) -> str:
    """Id of the member closest to the story's centroid, among its latest CENTRAL_POOL."""
    centroid = _Centroid(story.body, idf)
    return min(story.members[-CENTRAL_POOL:], key=lambda m: (-_closeness(idf.vector(m.profile.body), centroid), m.id)).id


def summary(text: str, story: Story, idf: WindowIdf, lang: str = "") -> list[str]:
    """The SUMMARY_SENTENCES sentences of `text` closest to the story's centroid, in text order."""
    spans = sentences.split(text)
    if len(spans) <= SUMMARY_SENTENCES:
        return [text[b:e] for b, e in spans]
    centroid = _Centroid(story.body, idf)
    scored = [(-_closeness(idf.vector(counts), centroid), i) for i, counts in enumerate(_sentence_lemmas(text, lang))]
    chosen = sorted(i for _, i in sorted(scored)[:SUMMARY_SENTENCES])
    return [text[spans[i][0]:spans[i][1]] for i in chosen]


class _Centroid(dict):
    """TF-IDF weights of a story's lemmas, each weighed when first asked for (a story has many, few are asked)."""

    def __init__(self, counts: Counter, idf: WindowIdf):
        super().__init__()
        self.counts, self.idf = counts, idf

    def __missing__(self, term: str) -> float:
        count = self.counts.get(term)
        weight = self[term] = (1.0 + math.log(count)) * self.idf.weight(term) if count else 0.0  # as `vector` weighs
        return weight


def _closeness(vec: dict[str, float], centroid: _Centroid) -> float:
    """Cosine with the centroid up to the centroid's norm (the same for every vector ranked against it)."""
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return sum(w * centroid[t] for t, w in vec.items()) / norm if norm else 0.0


@lru_cache(maxsize=256)
def _sentence_lemmas(text: str, lang: str) -> tuple[Counter, ...]:
    """Lemma counts of each sentence of a text (a story's central article is summarised again at each batch)."""
    return tuple(Counter(lemmas(text[b:e], lang)) for b, e in sentences.split(text))


def entity_list(story: Story) -> list[dict]:
    """[{text, label, count}], most mentioned first: each name in its most frequent form and kind."""
    counts = {key: sum(forms.values()) for key, forms in story.forms.items()}
    floor = sorted(counts.values(), reverse=True)[ENTITIES_KEPT - 1] if len(counts) > ENTITIES_KEPT else 0
    out = []
    for key, forms in story.forms.items():  # only names that may be kept: none below the ENTITIES_KEPT-th count
        if counts[key] >= floor:
            (text, kind), _ = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))
            out.append({"text": text, "label": kind, "count": counts[key]})
    out.sort(key=lambda e: (-e["count"], e["text"]))
    return out[:ENTITIES_KEPT]


def label(entities: list[dict], title: str, first_sentence: str) -> str:
    """The story's main names (mentioned more than once, else its first), then its key phrase. A name already said
    by the phrase or by a longer name among them is left out (`Ghosn` beside `Carlos Ghosn`, `Gilets` before
    `Gilets jaunes : ...`)."""
    phrase = shortened(title or first_sentence, LABEL_CHARS)
    candidates = [e["text"] for e in entities if e["count"] > 1] or [e["text"] for e in entities][:1]
    words = [_words(name) for name in candidates]
    said = _words(phrase)
    names = [name for i, name in enumerate(candidates) if not _within(words[i], said) and not any(
        _within(words[i], other) and (len(other) > len(words[i]) or j < i) for j, other in enumerate(words) if j != i)]
    if names[:LABEL_NAMES]:
        return ", ".join(names[:LABEL_NAMES]) + (f" — {phrase}" if phrase else "")
    return phrase or ", ".join(candidates[:1]) or "(untitled)"


def _words(text: str) -> list[str]:
    return _WORD.findall(entity_key(text))


def _within(words: list[str], other: list[str]) -> bool:
    """Whether `words` run, whole and in order, inside `other`."""
    n = len(words)
    return n > 0 and any(other[at: at + n] == words for at in range(len(other) - n + 1))
