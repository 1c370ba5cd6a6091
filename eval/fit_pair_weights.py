"""Fit the weights of reprise.similarity's same-story score on the SemEval-2022 Task 8 dev pairs.

    .venv/bin/python eval/fit_pair_weights.py [PAIRS.csv] [--folds 5] [--repeats 5] [--embeddings MODEL]

The model is a logistic regression on the square roots of the pair features (reprise.similarity
.transform), trained with soft targets y = (4 - Overall) / 3 in [0, 1] (cross-entropy, small L2
penalty, Newton steps), so its output is both a probability-like score and close to linear in the
human judgement.

Quality is reported by k-fold cross-validation only: the pairs are shuffled (fixed seed), cut into
k folds, the weights fitted on k-1 folds and the held-out fold scored; the out-of-fold scores of
all pairs give Pearson r (against 5 - Overall) and ROC-AUC (Overall <= 2), overall and per language
pair; this is repeated with `--repeats` shuffles and the mean (and range) is printed. Folds are
grouped by article: a text that appears in several pairs keeps all its pairs in one fold, so no
held-out pair shares an article with a training pair. The IDF is computed once from all the texts
(it uses no labels). The weights printed at the end are fitted on all the pairs:
paste them into reprise/similarity.py (WEIGHTS, INTERCEPT, WEIGHTS_NO_BACKGROUND, INTERCEPT_NO_BACKGROUND;
with `--embeddings MODEL`, the `embedding` feature joins the others and the sets are the _EMBEDDING ones).
Scores of those final weights on the same pairs (`reprise evaluate pairs`) are in-sample and say so.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reprise.embeddings import Embedder  # noqa: E402
from reprise.evaluate.pairs import DEFAULT_PAIRS, pair_features, read_pairs, report  # noqa: E402
from reprise.similarity import transform  # noqa: E402

L2 = 1.0  # penalty on the weights (not the intercept), in units of pairs
FEATURES = ["body", "head", "head_body", "grams", "names", "name_words", "numbers", "same_lang", "length_ratio", "body_z"]
# with an embedding model: the lemma cosines it makes redundant (body, head: negative weights beside it) and
# name_words left out, the same r (0.765 either way, docs/evaluation.md)
EMBEDDING_FEATURES = ["head_body", "grams", "names", "numbers", "same_lang", "length_ratio", "body_z"]


def design(feats: list[dict[str, float]], names: list[str]) -> np.ndarray:
    rows = [transform(f) for f in feats]
    return np.array([[1.0] + [r.get(n, 0.0) for n in names] for r in rows])


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> np.ndarray:
    """Logistic regression with soft targets by Newton's method."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def predict(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ w)))


def grouped_folds(pairs, k: int, seed: int) -> list[int]:
    """A fold per pair, pairs that share a text always in the same fold (connected components)."""
    parent = list(range(len(pairs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, p in enumerate(pairs):
        for text in (p.text1, p.text2):
            if text in first:
                parent[find(i)] = find(first[text])
            else:
                first[text] = i
    groups = defaultdict(list)
    for i in range(len(pairs)):
        groups[find(i)].append(i)
    order = list(groups.values())
    random.Random(seed).shuffle(order)
    order.sort(key=len, reverse=True)  # big groups first, each to the emptiest fold
    sizes = [0] * k
    fold = [0] * len(pairs)
    for members in order:
        f = sizes.index(min(sizes))
        for i in members:
            fold[i] = f
        sizes[f] += len(members)
    return fold


def fit_both(x_full, x_plain, y, has_z, l2):
    """The model with the background feature (fitted on the pairs that have it) and the one without (all pairs)."""
    return fit(x_full[has_z], y[has_z], l2), fit(x_plain, y, l2)


def predict_both(x_full, x_plain, has_z, models):
    """What reprise.similarity.combine does: the background model where `body_z` exists, else the other one."""
    with_z, without = models
    return np.where(has_z, predict(x_full, with_z), predict(x_plain, without))


def cross_validate(pairs, x_full, x_plain, y, has_z, k: int, repeats: int, l2: float):
    runs, runs_plain = [], []
    for seed in range(repeats):
        fold = np.array(grouped_folds(pairs, k, seed))
        out, out_plain = np.zeros(len(pairs)), np.zeros(len(pairs))
        for f in range(k):
            train, test = fold != f, fold == f
            models = fit_both(x_full[train], x_plain[train], y[train], has_z[train], l2)
            out[test] = predict_both(x_full[test], x_plain[test], has_z[test], models)
            out_plain[test] = predict(x_plain[test], models[1])
        runs.append(report(pairs, out.tolist()))
        runs_plain.append(report(pairs, out_plain.tolist()))
    return runs, runs_plain


def summary(runs, key: str | None):
    pick = (lambda r: r["overall"]) if key is None else (lambda r: r["by_language"][key])
    rs = [pick(r)["pearson"] for r in runs]
    aucs = [pick(r)["auc"] for r in runs]
    return np.mean(rs), min(rs), max(rs), np.mean(aucs), pick(runs[0])["pairs"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", nargs="?", default=str(DEFAULT_PAIRS))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--features", help="comma-separated feature names (default: FEATURES, or EMBEDDING_FEATURES "
                        "with --embeddings)")
    parser.add_argument("--embeddings", metavar="MODEL", help="a sentence-embedding model file: fit the _EMBEDDING sets")
    args = parser.parse_args()
    path = Path(args.pairs)
    if not path.is_file():
        print(f"no pairs file at {path}", file=sys.stderr)
        return 2
    pairs = [p for p in read_pairs(path) if p.overall is not None]
    embedder = Embedder(args.embeddings) if args.embeddings else None
    feats = pair_features(pairs, embedder=embedder)
    y = np.array([(4.0 - p.overall) / 3.0 for p in pairs])
    names = (args.features.split(",") if args.features else EMBEDDING_FEATURES if embedder else FEATURES) \
        + (["embedding"] if embedder else [])
    if "body_z" not in names:
        parser.error("--features must include body_z")
    base = report(pairs, [f["body"] for f in feats])
    print(f"{args.folds}-fold cross-validation, grouped by article, {args.repeats} shuffles; "
          "r against 5 - Overall, AUC of Overall <= 2; baseline = lemma TF-IDF cosine (no fitting)")
    plain = [n for n in names if n != "body_z"]
    names = [n for n in names if n != "same_lang"]  # body_z exists for same-language pairs only
    x_full, x_plain = design(feats, names), design(feats, plain)
    has_z = np.array(["body_z" in f for f in feats])
    runs, runs_plain = cross_validate(pairs, x_full, x_plain, y, has_z, args.folds, args.repeats, args.l2)
    for label, model_runs in ((f"as reprise scores ({has_z.sum()} pairs with the background feature, "
                               f"{(~has_z).sum()} without)", runs),
                              ("never the background feature (what a background too small for it gives)", runs_plain)):
        print(f"\n{label}")
        print(f"{'languages':<10} {'pairs':>5}   {'r':>6} {'(min':>6} {'max)':>6} {'AUC':>6}   {'base r':>6} {'AUC':>6}")
        for key in [None, *model_runs[0]["by_language"]]:
            r, lo, hi, auc, n = summary(model_runs, key)
            b = base["overall"] if key is None else base["by_language"][key]
            print(f"{key or 'all':<10} {n:5d}   {r:6.3f} {lo:6.3f} {hi:6.3f} {auc:6.3f}   {b['pearson']:6.3f} {b['auc']:6.3f}")

    with_z, without = fit_both(x_full, x_plain, y, has_z, args.l2)
    print("\n# fitted on all pairs: paste into reprise/similarity.py")
    kind = "_EMBEDDING" if embedder else ""
    for model, constant, w in ((names, kind, with_z), (plain, kind + "_NO_BACKGROUND", without)):
        print(f"WEIGHTS{constant} = {{")
        for name, value in zip(model, w[1:]):
            print(f'    "{name}": {value:.4f},')
        print("}")
        print(f"INTERCEPT{constant} = {w[0]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
