"""Fit the join-or-new model of the story clusterer (reprise.stories.decide) on labelled streams and pairs.

    .venv/bin/python eval/fit_story_decision.py [--folds 5] [--embeddings MODEL]

As Miranda et al. 2018 train their decision: the online clusterer is run over gold streams,
following the gold (each article joins the story of its gold cluster when it is a candidate), and
every (article, candidate story) it scores gives the decision's features with the label "same gold
cluster". A logistic regression (numpy, Newton steps, small L2, each data set weighing the same)
is fitted on them. The join thresholds are then the ones that give the best pairwise F1 when the
clusterer runs with the model on the fitting streams: for bare headlines on the UCI fitting half,
for full articles on the RPM2 fitting themes. Deterministic: no sampling anywhere.

Data (by path, ../shared/data), read and cleaned as `reprise run` does, in its order:
  * UCI Google News headlines (real times; gold `story`): fitted on the first half of the stream
    in time, reported on the second half, never fitted on.
  * RPM2 French articles (no dates; gold `topic`, the target level): cross-validated by theme
    (each fold's themes are held out of the fit; the clusterer runs on the whole stream and the
    held-out themes' articles are scored), then fitted on all of it for the shipped model.
  * SemEval-2022 Task 8 dev pairs whose two articles share a language (same story: Overall <= 2):
    the second article against a story made of the first, undated; the hard negatives (same
    subject, another event) that the two streams lack.
WikiRef220 is never used. Prints the held-out figures and the `MODEL = ...` to paste into
reprise/stories/model.py. With `--embeddings MODEL` every article is embedded (reprise.embeddings) and
the closeness of its embedding to the story's is a feature too: that fit is `MODEL_EMBEDDING`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reprise.evaluate.clusters import read_gold, scores  # noqa: E402
from reprise.paths import SHARED_DATA  # noqa: E402
from reprise.pipeline import BATCH_SIZE, prepare  # noqa: E402
from reprise.stories.cluster import StoryClusterer  # noqa: E402
from reprise.stories.decide import Model  # noqa: E402
from reprise.stories.state import embed, item  # noqa: E402

UCI = SHARED_DATA / "uci-news-headlines-2014" / "headlines.jsonl"
RPM2 = SHARED_DATA / "rpm2-fr" / "articles.jsonl"
SEMEVAL = SHARED_DATA / "semeval2022-task8" / "pairs_dev.csv"
SAME_STORY = 2.0  # a SemEval pair is one story when its mean Overall rating is at most this (1 = same ... 4 = unrelated)
FEATURES = ("body", "head", "head_body", "names", "name_share", "number_share", "headline",
            "headline_body", "headline_head", "headline_names", "headline_name_share", "story_size", "background")
EMBEDDING_FEATURES = ("embedding", "headline_embedding")
THRESHOLDS = (0.02, 0.03, 0.04, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)
L2 = 1e-4


def load(path: Path, field: str, embedder=None):
    """Items in `reprise run` order (batches, publication order inside each), and article id -> gold."""
    gold, items = {}, []
    for raw, label in read_gold(path, field):
        article = prepare(raw)
        if not hasattr(article, "text"):
            continue
        gold[article.id] = label
        items.append(item(article.id, article.published, article.outlet, article.title, article.text, article.language))
    ordered = []
    for start in range(0, len(items), BATCH_SIZE):
        batch = items[start:start + BATCH_SIZE]
        dated = sorted((i for i in batch if i.published is not None), key=lambda i: (i.published, i.id))
        ordered += dated + [i for i in batch if i.published is None]
    if embedder is not None:
        embed(ordered, embedder)
    return ordered, gold


class Teacher(StoryClusterer):
    """Follows the gold, recording (features, same gold) for every candidate it is shown."""

    def __init__(self, gold: dict[str, str]):
        super().__init__()
        self.gold = gold
        self.rows: list[tuple[str, dict[str, float], bool]] = []  # (article id, features, label)

    def choose(self, it, scored):
        match = None
        for story, feats in scored:
            same = self.gold[story.members[0].id] == self.gold[it.id]
            self.rows.append((it.id, feats, same))
            if same and match is None:
                match = story
        return match, 1.0


def run(clusterer: StoryClusterer, items) -> dict[str, str]:
    """Article id -> story id, batches and eviction as `reprise run` does them."""
    out, watermark = {}, None
    for start in range(0, len(items), BATCH_SIZE):
        for it in items[start:start + BATCH_SIZE]:
            out[it.id] = clusterer.add(it).story_id
            if it.published is not None and (watermark is None or it.published > watermark):
                watermark = it.published
        clusterer.evict(watermark)
    return out


def fit(rows, weights, features) -> tuple[dict[str, float], float]:
    """Weighted L2 logistic regression by Newton steps over the named features; ({feature: weight}, intercept)."""
    x = np.array([[f.get(k, 0.0) for k in features] for f, _ in rows])
    x = np.hstack([x, np.ones((len(x), 1))])
    y = np.array([1.0 if same else 0.0 for _, same in rows])
    w = np.asarray(weights, dtype=float)
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2 * w.sum())
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ beta))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return dict(zip(features, map(float, beta[:-1]))), float(beta[-1])


def model_of(coef: dict[str, float], intercept, threshold, headline_threshold) -> Model:
    return Model({k: round(c, 4) for k, c in coef.items()}, round(intercept, 4), threshold, headline_threshold)


def balanced(parts: dict[str, list]) -> tuple[list, list]:
    """All rows, each part weighing the same in total."""
    rows, weights = [], []
    for part in parts.values():
        rows += part
        weights += [1.0 / len(part)] * len(part)
    return rows, weights


def f1(items, gold, model, keep=None) -> float:
    predicted = run(StoryClusterer(model), items)
    ids = keep if keep is not None else gold.keys()
    return scores({i: gold[i] for i in ids}, predicted)["pairwise"]["f1"]


def best_threshold(make, items, gold, keep=None) -> float:
    """The threshold of THRESHOLDS whose model (`make(t)`) gives the best pairwise F1 on one fitting stream."""
    best = None
    for t in THRESHOLDS:
        score = f1(items, gold, make(t), keep)
        print(f"    threshold {t:.2f}: fitting F1 {score:.3f}", file=sys.stderr)
        if best is None or score > best[0]:
            best = (score, t)
    return best[1]


def pair_rows(path: Path, embedder=None) -> list[tuple[dict[str, float], bool]]:
    """(features, same story) of the SemEval pairs whose two articles share a language: the second article
    against a story made of the first, IDF over the pairs' texts of that language, no dates.

    Human-rated pairs of the same subject but different events are the hard negatives the streams lack."""
    from reprise.evaluate.pairs import read_pairs, split_title
    from reprise.stories.decide import Article, features
    from reprise.stories.index import WindowIdf
    from reprise.stories.state import Story

    pairs = [p for p in read_pairs(path) if p.lang1 == p.lang2 and p.overall is not None]
    items: dict[tuple[str, str], object] = {}
    for p in pairs:
        for text in (p.text1, p.text2):
            if (text, p.lang1) not in items:
                title, body = split_title(text)
                items[text, p.lang1] = item(f"semeval-{len(items)}", None, "", title, body, p.lang1)
    if embedder is not None:
        embed(list(items.values()), embedder)
    idf_of: dict[str, WindowIdf] = {}
    for (_, lang), it in items.items():
        idf_of.setdefault(lang, WindowIdf()).add(it.profile)
    rows = []
    for p in pairs:
        idf = idf_of[p.lang1]
        story = Story("pair", 0)
        story.add(items[p.text1, p.lang1])
        rows.append((features(Article(items[p.text2, p.lang1].profile, idf), story, idf), p.overall <= SAME_STORY))
    return rows


def rows_of(teacher_rows, ids) -> list:
    return [(f, same) for aid, f, same in teacher_rows if aid in ids]


def report(name, gold, predicted) -> str:
    s = scores(gold, predicted)
    pw, b3 = s["pairwise"], s["bcubed"]
    return (f"{name}: pairwise P {pw['p']:.3f} R {pw['r']:.3f} F1 {pw['f1']:.3f}  B-cubed F1 {b3['f1']:.3f}  "
            f"clusters {s['clusters']} (gold {s['gold_clusters']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="RPM2 theme folds (default: %(default)s)")
    parser.add_argument("--embeddings", metavar="MODEL", help="a sentence-embedding model file: fit MODEL_EMBEDDING")
    args = parser.parse_args()
    embedder, features = None, FEATURES
    if args.embeddings:
        from reprise.embeddings import Embedder

        embedder, features = Embedder(args.embeddings), FEATURES + EMBEDDING_FEATURES
    for path in (UCI, RPM2, SEMEVAL):
        if not path.exists():
            print(f"absent: {path}", file=sys.stderr)
            return 1
    uci, uci_gold = load(UCI, "story", embedder)
    times = sorted(i.published for i in uci)
    cut = times[len(times) // 2]
    uci_fit = [i for i in uci if i.published < cut]
    uci_test = [i for i in uci if i.published >= cut]
    rpm2, rpm2_topic = load(RPM2, "topic", embedder)
    _, rpm2_story = load(RPM2, "story")

    teacher = Teacher(uci_gold)
    run(teacher, uci_fit)
    uci_rows = rows_of(teacher.rows, {i.id for i in uci_fit})
    teacher = Teacher(rpm2_topic)
    run(teacher, rpm2)
    rpm2_all = teacher.rows
    semeval = pair_rows(SEMEVAL, embedder)
    print(f"examples: UCI fit half {len(uci_rows)} ({sum(s for _, s in uci_rows)} same), "
          f"RPM2 {len(rpm2_all)} ({sum(s for _, _, s in rpm2_all)} same), "
          f"SemEval same-language pairs {len(semeval)} ({sum(s for _, s in semeval)} same)")

    themes = sorted(set(rpm2_topic.values()))
    predicted_cv = {}
    for k in range(args.folds):
        held = {t for n, t in enumerate(themes) if n % args.folds == k}
        test_ids = {a for a, t in rpm2_topic.items() if t in held}
        train_ids = set(rpm2_topic) - test_ids
        coef, intercept = fit(*balanced({"uci": uci_rows, "rpm2": rows_of(rpm2_all, train_ids), "semeval": semeval}), features)
        print(f"  fold {k + 1}: held-out themes {sorted(held)}", file=sys.stderr)
        full = best_threshold(lambda t, c=coef, i=intercept: model_of(c, i, t, t), rpm2, rpm2_topic, train_ids)
        predicted = run(StoryClusterer(model_of(coef, intercept, full, full)), rpm2)
        predicted_cv.update({a: f"{k}:{predicted[a]}" for a in test_ids})

    coef, intercept = fit(*balanced({"uci": uci_rows, "rpm2": [(f, s) for _, f, s in rpm2_all], "semeval": semeval}),
                          features)
    print("  shipped model, headlines:", file=sys.stderr)
    headline = best_threshold(lambda t: model_of(coef, intercept, t, t), uci_fit, uci_gold)
    print("  shipped model, full articles:", file=sys.stderr)
    full = best_threshold(lambda t: model_of(coef, intercept, t, headline), rpm2, rpm2_topic)
    model = model_of(coef, intercept, full, headline)
    print(f"\nRPM2, {args.folds}-fold cross-validation by theme (held-out themes scored, the stream run whole):")
    print("  " + report("topic", rpm2_topic, predicted_cv))
    print("  " + report("story", rpm2_story, predicted_cv))
    print("UCI, fitted on the first half in time, reported on the second half:")
    print("  " + report("held-out half", {i.id: uci_gold[i.id] for i in uci_test}, run(StoryClusterer(model), uci_test)))
    print("  " + report("fitting half", {i.id: uci_gold[i.id] for i in uci_fit}, run(StoryClusterer(model), uci_fit)))
    print("shipped model, in-sample on RPM2:")
    shipped = run(StoryClusterer(model), rpm2)
    print("  " + report("topic", rpm2_topic, shipped))
    print("  " + report("story", rpm2_story, shipped))
    print(f"\nMODEL{'_EMBEDDING' if embedder else ''} = {model!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
