"""Join or new: how likely an article belongs to a candidate story, learned from labelled streams.

As in Miranda et al. 2018, the decision is a model over features of the article against one
candidate story (its centroid, `Story.view()`): TF-IDF cosines of lemmas (whole text, head, head
against whole text), the share of the article's names and numbers the story carries, how close the
article is to the whole window (an article like every other is weak evidence), whether the article
is a bare headline (and the cosines and the names again for headlines, so one model serves
headlines and full articles), and the story's size; when articles are embedded (`--embeddings`), the
closeness of the article's embedding to the story's, for full articles and again for headlines (that
model is `model.MODEL_EMBEDDING`). The best candidate is joined when its
probability reaches the model's threshold (a bare headline, a record with no text beyond its title,
says less, so it is given a lower bar); otherwise the article starts a story.

Time is not a feature: only stories seen within the window (`cluster.WINDOW`, three days) are
candidates, and within it the gap counts for nothing. The one dated gold stream here (UCI) has
each story's headlines stamped within seconds of each other, a crawl's burst, so a gap learned from
it broke every story that lasts more than a few hours (docs/evaluation.md, Stories); Priberam's
clusterer, too, reads the gap on a scale of days (a Gaussian of three days), not of hours.

The weights were fitted by eval/fit_story_decision.py (logistic regression, numpy) on simulated
online runs over gold streams; docs/evaluation.md gives the data and the held-out figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..embeddings import closeness
from ..similarity import Profile
from .index import WindowIdf
from .state import Bag, Story


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    intercept: float
    threshold: float  # join the best candidate of a full article when its probability reaches this
    headline_threshold: float  # the same for a bare headline (a record with no text beyond its title)

    def probability(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(w * feats.get(k, 0.0) for k, w in self.weights.items())
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def bar(self, feats: dict[str, float]) -> float:
        return self.headline_threshold if feats.get("headline") else self.threshold


class Article:
    """An article's TF-IDF vectors, computed once per decision and compared with every candidate."""

    def __init__(self, p: Profile, idf: WindowIdf, headline: bool = False):
        self.profile = p
        self.body = idf.vector(p.body)
        self.head = idf.vector(p.head)
        self.names = {k: idf.weight("\x00n:" + k) for k in p.names}
        self.numbers = {k: idf.weight("\x00d:" + k) for k in p.numbers}
        self.body_norm = _norm(self.body)
        self.head_norm = _norm(self.head)
        self.names_norm = _norm(self.names)
        self.headline = 1.0 if headline else 0.0
        self.background = math.sqrt(max(0.0, idf.background(self.body, self.body_norm)))
        self.embedding = p.embedding


def features(a: Article, story: Story, idf: WindowIdf) -> dict[str, float]:
    """What the model sees of an article against a story (square roots of cosines: related texts spread out)."""
    view = story.view()
    head_bag, body_bag, names_bag = story.bags()
    body, body_norm = idf.weigh(body_bag)
    head, head_norm = idf.weigh(head_bag)
    names, names_norm = idf.weigh(names_bag)
    cos_body = math.sqrt(_cosine(a.body, a.body_norm, body_bag, body, body_norm))
    cos_head = math.sqrt(_cosine(a.head, a.head_norm, head_bag, head, head_norm))
    cross = math.sqrt((_cosine(a.head, a.head_norm, body_bag, body, body_norm)
                       + _cosine(a.body, a.body_norm, head_bag, head, head_norm)) / 2)
    names_cos = math.sqrt(_cosine(a.names, a.names_norm, names_bag, names, names_norm))
    name_share = _share(a.names, view.names)
    out = {
        "body": cos_body,
        "head": cos_head,
        "head_body": cross,
        "names": names_cos,
        "name_share": name_share,
        "number_share": _share(a.numbers, view.numbers),
        "headline": a.headline,
        "headline_body": a.headline * cos_body,
        "headline_head": a.headline * cos_head,
        "headline_names": a.headline * names_cos,
        "headline_name_share": a.headline * name_share,
        "story_size": math.log1p(len(story.members)),
        "background": a.background,
    }
    if a.embedding is not None and view.embedding is not None:
        out["embedding"] = closeness(float(a.embedding @ view.embedding))
        out["headline_embedding"] = a.headline * out["embedding"]
    return out


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values()))


def _cosine(vec: dict[str, float], vec_norm: float, bag: Bag, weights: list[float], bag_norm: float) -> float:
    """Cosine of an article's vector with a story's bag of the given weights, summed over the smaller of the two."""
    if not vec_norm or not bag_norm:
        return 0.0
    if len(vec) > len(weights):
        return sum(w * vec[t] for t, w in zip(bag.terms, weights) if t in vec) / (bag_norm * vec_norm)
    position = bag.position
    return sum(w * weights[position[t]] for t, w in vec.items() if t in position) / (vec_norm * bag_norm)


def _share(mine: dict[str, float], theirs) -> float:
    """IDF-weighted share of the article's names (or numbers) that the story carries; 0 when it has none."""
    total = sum(mine.values())
    return sum(w for k, w in mine.items() if k in theirs) / total if total else 0.0
