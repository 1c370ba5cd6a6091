"""How likely two articles are to report the same story: features of a pair and a score in [0, 1].

An article is first reduced to a `Profile` (lemmas of its head and of its whole text, character
4-grams of its words, the names it mentions, its numbers, its length). Two profiles give
`features()`: TF-IDF cosines of lemmas (whole text, head, head against the other's whole text) and
of 4-grams, overlap of names (all kinds, and per kind when spaCy typed them) and of numbers, the
length ratio, and `body_z`: how far the lemma cosine stands above what each article scores with the
background articles of its language. `score()` combines them with a logistic model whose weights
(`WEIGHTS`, or `WEIGHTS_NO_BACKGROUND` when there is no `body_z`) were fitted on the SemEval-2022
Task 8 pairs by eval/fit_pair_weights.py, which also reports their k-fold cross-validated quality.

IDF and background come from the texts at hand: `Idf.from_profiles()` over the articles being
compared (or a running `Idf` fed with `add()` as articles arrive). No table from any corpus is shipped.

These are the pairwise features of story assignment (Miranda et al. 2018): an article against a
story uses the same ones against the story's articles or centroid.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .embeddings import closeness
from .entities import entities
from .language import UNDETERMINED, identify
from .lemmas import fold, lemmas, numbers, words

HEAD_WORDS = 40  # the head of an article: its title and the first words of its text


@dataclass(eq=False)  # compared and hashed by identity
class Profile:
    lang: str
    head: Counter  # lemmas of the title and of the first HEAD_WORDS words of the text
    body: Counter  # lemmas of title and text
    names: Counter  # entity keys
    name_kinds: dict[str, str] = field(default_factory=dict)  # entity key -> kind (PER, LOC, ORG, MISC, NAME)
    numbers: Counter = field(default_factory=Counter)
    words: int = 0  # word tokens in title and text
    grams: Counter = field(default_factory=Counter)  # character 4-grams of the folded words (compounds, cognates)
    embedding: object = None  # unit vector of the head (reprise.embeddings), when a model was given


GRAM = 4


def char_grams(text: str, lang: str = "") -> Counter:
    """Character 4-grams of the folded words of four letters or more, word boundaries marked."""
    out: Counter = Counter()
    for word in words(text, lang):
        word = fold(word)
        if len(word) < GRAM:
            continue
        word = f" {word} "
        out.update(word[i:i + GRAM] for i in range(len(word) - GRAM + 1))
    return out


def profile(text: str, title: str = "", lang: str | None = None, entity_mode: str = "plain",
            found: list | None = None, grams: bool = True) -> Profile:
    """The profile of one article. `lang` is identified when not given; `entity_mode` as in reprise.entities,
    or `found`: the entities of title and text already extracted. `grams=False` leaves the 4-grams out."""
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
    if found is None:
        found = entities(full, lang, entity_mode)
    kinds: dict[str, str] = {}
    for ent in found:
        kinds.setdefault(ent.key, ent.kind)
    nums = Counter(n for n in numbers(full) if len(n) >= 2)  # single digits say little
    return Profile(lang=lang, head=Counter(head), body=Counter(body), names=Counter(e.key for e in found),
                   name_kinds=kinds, numbers=nums, words=len(full.split()), grams=char_grams(full, lang) if grams else Counter())


class Idf:
    """Document frequencies of lemmas, names, numbers and character 4-grams over a background
    of articles, and that background itself: how similar an article is to the articles of its language in
    general (`background_of()`) tells a close pair from an article that resembles everything (cookie walls,
    captcha pages, agency boilerplate)."""

    BACKGROUND_MAX = 3000  # the background is the latest articles added, at most this many

    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.docs = 0
        self._profiles: list[Profile] = []
        self._members: set[Profile] = set()
        self._index: dict[str, tuple] | None = None  # per language: postings of unit vectors, built when needed
        self._stats: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # profile -> background_of()

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
        self.df.update({"\x00g:" + k for k in p.grams})
        self._profiles.append(p)
        self._members.add(p)
        if len(self._profiles) > self.BACKGROUND_MAX:
            self._members.discard(self._profiles.pop(0))
        self._index = None
        self._stats.clear()

    def weight(self, term: str) -> float:
        """Smoothed IDF: log((1 + N) / (1 + df)) + 1, so an unseen term weighs most and none weighs 0."""
        return math.log((1 + self.docs) / (1 + self.df.get(term, 0))) + 1.0

    def _build(self) -> dict[str, tuple]:
        import numpy as np

        by_lang: dict[str, list[Profile]] = {}
        for p in self._profiles:
            by_lang.setdefault(p.lang, []).append(p)
        index = {}
        for lang, profiles in by_lang.items():
            postings: dict[str, tuple[list[int], list[float]]] = {}
            for i, p in enumerate(profiles):
                vec = _unit(_vector(p.body, self))
                for term, w in vec.items():
                    docs, weights = postings.setdefault(term, ([], []))
                    docs.append(i)
                    weights.append(w)
            index[lang] = (len(profiles), {t: (np.array(d), np.array(w)) for t, (d, w) in postings.items()})
        return index

    def background_of(self, p: Profile) -> tuple[float, float]:
        """Mean and standard deviation of the body cosine of `p` to the background articles of its language
        (itself left out); (0, 0) when there are fewer than BACKGROUND_MIN of them."""
        if p in self._stats:
            return self._stats[p]
        import numpy as np

        if self._index is None:
            self._index = self._build()
        n, postings = self._index.get(p.lang, (0, {}))
        sims = np.zeros(n)
        for term, w in _unit(_vector(p.body, self)).items():
            if term in postings:
                docs, weights = postings[term]
                sims[docs] += w * weights
        if n and p in self._members:
            sims = np.delete(sims, int(np.argmax(sims)))  # itself (cosine 1)
        result = (float(sims.mean()), float(sims.std())) if len(sims) >= BACKGROUND_MIN else (0.0, 0.0)
        self._stats[p] = result
        return result


BACKGROUND_MIN = 20  # background articles of the language needed for the background feature


def _vector(counts: Counter, idf: Idf, prefix: str = "") -> dict[str, float]:
    return {t: (1.0 + math.log(c)) * idf.weight(prefix + t) for t, c in counts.items()}


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


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
    """Features of a pair (see the module's docstring); all in [0, 1] but `body_z`, a z-score, only there
    for two articles of the same language when the background has enough articles of it."""
    body_a, body_b = _vector(a.body, idf), _vector(b.body, idf)
    head_a, head_b = _vector(a.head, idf), _vector(b.head, idf)
    names_a, names_b = _vector(a.names, idf, "\x00n:"), _vector(b.names, idf, "\x00n:")
    words_a, words_b = _name_words(a.names), _name_words(b.names)
    body = cosine(body_a, body_b)
    out = {
        "body": body,
        "head": cosine(head_a, head_b),
        "head_body": (cosine(head_a, body_b) + cosine(head_b, body_a)) / 2,
        "grams": cosine(_vector(a.grams, idf, "\x00g:"), _vector(b.grams, idf, "\x00g:")),
        "names": cosine(names_a, names_b),
        "name_words": cosine(dict(words_a), dict(words_b)) if words_a and words_b else 0.0,
        "name_overlap": _overlap(a.names, b.names, idf, "\x00n:"),
        "numbers": _overlap(a.numbers, b.numbers, idf, "\x00d:"),
        "same_lang": 1.0 if a.lang and a.lang == b.lang else 0.0,
        "length_ratio": min(a.words, b.words) / max(a.words, b.words) if max(a.words, b.words) else 0.0,
    }
    if a.embedding is not None and b.embedding is not None:
        out["embedding"] = closeness(float(a.embedding @ b.embedding))
    if out["same_lang"]:  # how far above what each article scores with any article of its language
        (mean_a, sd_a), (mean_b, sd_b) = idf.background_of(a), idf.background_of(b)
        if sd_a and sd_b:
            out["body_z"] = (body - (mean_a + mean_b) / 2) / ((sd_a + sd_b) / 2)
    for kind in ("PER", "LOC", "ORG"):
        ka = Counter({k: n for k, n in a.names.items() if a.name_kinds.get(k) == kind})
        kb = Counter({k: n for k, n in b.names.items() if b.name_kinds.get(k) == kind})
        if ka and kb:
            out[f"names_{kind}"] = _overlap(ka, kb, idf, "\x00n:")
    return out


# Fitted by eval/fit_pair_weights.py on the 917 SemEval-2022 Task 8 dev pairs (plain entities); its k-fold
# cross-validated figures are in docs/evaluation.md. WEIGHTS when the background gives `body_z`,
# WEIGHTS_NO_BACKGROUND otherwise (two languages, or fewer than BACKGROUND_MIN articles of the language);
# the _EMBEDDING sets when both articles have an embedding (`--embeddings`, multilingual-e5-small).
WEIGHTS = {
    "body": 0.0769,
    "head": 0.8579,
    "head_body": 1.5588,
    "grams": 0.9801,
    "names": 0.3352,
    "name_words": 0.0285,
    "numbers": 0.1741,
    "length_ratio": -1.0613,
    "body_z": 1.8278,
}
INTERCEPT = -1.9492
WEIGHTS_NO_BACKGROUND = {
    "body": 1.2286,
    "head": 1.0233,
    "head_body": 2.1190,
    "grams": 2.1525,
    "names": 0.4877,
    "name_words": 0.4143,
    "numbers": 0.2795,
    "same_lang": -0.5818,
    "length_ratio": -0.8896,
}
INTERCEPT_NO_BACKGROUND = -2.0899
WEIGHTS_EMBEDDING = {
    "head_body": 0.2974,
    "grams": 0.1301,
    "names": 0.2740,
    "numbers": 0.1251,
    "length_ratio": -1.0265,
    "body_z": 1.3930,
    "embedding": 3.2138,
}
INTERCEPT_EMBEDDING = -2.0437
WEIGHTS_EMBEDDING_NO_BACKGROUND = {
    "head_body": 1.0394,
    "grams": 1.1634,
    "names": 0.6659,
    "numbers": 0.2106,
    "same_lang": -0.5983,
    "length_ratio": -0.9727,
    "embedding": 3.6793,
}
INTERCEPT_EMBEDDING_NO_BACKGROUND = -1.8807
Z_SCALE = 10.0  # body_z enters as z / Z_SCALE, clipped to [-1, 1]


def transform(feats: dict[str, float]) -> dict[str, float]:
    """What the model sees: square roots of the [0, 1] features (cosines of related texts spread out),
    the z-score scaled and clipped."""
    out = {k: math.sqrt(max(v, 0.0)) for k, v in feats.items()}
    if "body_z" in feats:
        out["body_z"] = max(-1.0, min(1.0, feats["body_z"] / Z_SCALE))
    return out


# (has body_z, has embedding) -> (weights, intercept)
MODELS = {(True, False): (WEIGHTS, INTERCEPT), (False, False): (WEIGHTS_NO_BACKGROUND, INTERCEPT_NO_BACKGROUND),
          (True, True): (WEIGHTS_EMBEDDING, INTERCEPT_EMBEDDING),
          (False, True): (WEIGHTS_EMBEDDING_NO_BACKGROUND, INTERCEPT_EMBEDDING_NO_BACKGROUND)}


def combine(feats: dict[str, float], weights: dict[str, float] | None = None, intercept: float | None = None) -> float:
    """The logistic combination of features: a score in [0, 1], 1 = same story."""
    if weights is None:
        weights, fitted = MODELS["body_z" in feats, "embedding" in feats]
        intercept = fitted if intercept is None else intercept
    intercept = 0.0 if intercept is None else intercept
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
    """Scores of pairs of raw texts, IDF and background taken from all the texts given."""
    profiles = {}
    for pair in pairs:
        for text in pair:
            if text not in profiles:
                profiles[text] = profile(text, entity_mode=entity_mode)
    idf = Idf.from_profiles(profiles.values())
    return [score(profiles[a], profiles[b], idf) for a, b in pairs]
