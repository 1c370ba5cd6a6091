"""Fit the weights of reprise.similarity's same-story score on the SemEval-2022 Task 8 dev pairs.

    .venv/bin/python eval/fit_pair_weights.py [PAIRS.csv] [--folds 5] [--repeats 5]

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
(it uses no labels). The weights printed at the end are fitted on all the pairs: paste them into
reprise/similarity.py (WEIGHTS, INTERCEPT). Scores of those final weights on the same pairs
(`reprise evaluate pairs`) are in-sample and say so.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reprise.evaluate.pairs import DEFAULT_PAIRS, pair_features, read_pairs, report  # noqa: E402
from reprise.similarity import WEIGHTS, transform  # noqa: E402

L2 = 1.0  # penalty on the weights (not the intercept), in units of pairs


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


def cross_validate(pairs, x, y, k: int, repeats: int, l2: float):
    runs = []
    for seed in range(repeats):
        fold = np.array(grouped_folds(pairs, k, seed))
        out = np.zeros(len(pairs))
        for f in range(k):
            train, test = fold != f, fold == f
            out[test] = predict(x[test], fit(x[train], y[train], l2))
        runs.append(report(pairs, out.tolist()))
    return runs


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
    parser.add_argument("--features", default=",".join(WEIGHTS), help="comma-separated feature names")
    args = parser.parse_args()
    path = Path(args.pairs)
    if not path.is_file():
        print(f"no pairs file at {path}", file=sys.stderr)
        return 2
    pairs = [p for p in read_pairs(path) if p.overall is not None]
    feats = pair_features(pairs)
    names = args.features.split(",")
    x = design(feats, names)
    y = np.array([(4.0 - p.overall) / 3.0 for p in pairs])

    runs = cross_validate(pairs, x, y, args.folds, args.repeats, args.l2)
    base = report(pairs, [f["body"] for f in feats])
    print(f"{args.folds}-fold cross-validation, grouped by article, {args.repeats} shuffles; "
          "r against 5 - Overall, AUC of Overall <= 2; baseline = lemma TF-IDF cosine (no fitting)")
    print(f"{'languages':<10} {'pairs':>5}   {'r':>6} {'(min':>6} {'max)':>6} {'AUC':>6}   {'base r':>6} {'AUC':>6}")
    for key in [None, *runs[0]["by_language"]]:
        r, lo, hi, auc, n = summary(runs, key)
        b = base["overall"] if key is None else base["by_language"][key]
        print(f"{key or 'all':<10} {n:5d}   {r:6.3f} {lo:6.3f} {hi:6.3f} {auc:6.3f}   {b['pearson']:6.3f} {b['auc']:6.3f}")

    w = fit(x, y, args.l2)
    print("\n# fitted on all pairs: paste into reprise/similarity.py")
    print("WEIGHTS = {")
    for name, value in zip(names, w[1:]):
        print(f'    "{name}": {value:.4f},')
    print("}")
    print(f"INTERCEPT = {w[0]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
