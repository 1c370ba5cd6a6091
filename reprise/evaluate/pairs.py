"""`reprise evaluate pairs`: the same-story score of article pairs against human judgements.

The gold is SemEval-2022 Task 8 (multilingual news article similarity): pairs of real articles with
`Overall` = 1 (same story) ... 4 (unrelated), the mean of several annotators. The file has
`pair_id, lang1, lang2, text1, text2, Overall` (other label columns are ignored). Reported:
Pearson r of the score against 5 - Overall, and ROC-AUC of "same story" (Overall <= 2), overall
and per language pair. IDF is computed from the texts of the file itself.

With `--embeddings PATH` (reprise.embeddings), the closeness of the two texts' sentence embeddings is
a feature too, and the weights fitted with it score the pairs.

The texts carry no separate title: the first line is taken as the title when it is short, else
the text up to the first double space (how these texts were put together), else none.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..embeddings import head
from ..paths import SHARED_DATA
from ..progress import progress_bar
from ..similarity import Idf, combine, features, profile

DEFAULT_PAIRS = SHARED_DATA / "semeval2022-task8" / "pairs_dev.csv"
SAME_STORY = 2.0  # Overall at or below this: the same story
TITLE_CHARS = 300  # a title is shorter than this


@dataclass
class Pair:
    pair_id: str
    lang1: str
    lang2: str
    text1: str
    text2: str
    overall: float | None  # None when the file has no gold

    @property
    def langs(self) -> str:
        return f"{self.lang1}-{self.lang2}" if self.lang1 != self.lang2 else self.lang1


def read_pairs(path: Path) -> list[Pair]:
    csv.field_size_limit(1 << 28)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = {"pair_id", "text1", "text2"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: no column {', '.join(sorted(missing))}")
        out = []
        for row in reader:
            overall = row.get("Overall")
            out.append(Pair(row["pair_id"], row.get("lang1") or "", row.get("lang2") or "", row["text1"] or "",
                            row["text2"] or "", float(overall) if overall not in (None, "") else None))
    return out


def split_title(text: str) -> tuple[str, str]:
    """(title, body) of a text whose title was pasted in front of it (see the module's docstring)."""
    text = text.strip()
    for sep in ("\n", "  "):
        at = text.find(sep)
        if 0 < at < TITLE_CHARS and text[at:].strip():
            return text[:at].strip(), text[at:].strip()
    return "", text


def pair_features(pairs: list[Pair], entity_mode: str = "plain", embedder=None,
                  progress: bool = False) -> list[dict[str, float]]:
    """Features of every pair, IDF from all the texts of the pairs; with an `embeddings.Embedder`, the
    embedding closeness too (`progress`: a bar on the terminal while texts are embedded)."""
    profiles, heads = {}, {}
    for p in pairs:
        for text, lang in ((p.text1, p.lang1), (p.text2, p.lang2)):
            if (text, lang) not in profiles:
                title, body = split_title(text)
                profiles[text, lang] = profile(body, title, lang or None, entity_mode)
                heads[text, lang] = head(title, body)
    if embedder is not None:
        _embed(embedder, heads, profiles, progress)
    idf = Idf.from_profiles(profiles.values())
    return [features(profiles[p.text1, p.lang1], profiles[p.text2, p.lang2], idf) for p in pairs]


EMBED_CHUNK = 64  # texts embedded at a time, between two moves of the progress bar


def _embed(embedder, heads: dict, profiles: dict, progress: bool) -> None:
    keys = list(heads)
    bar = progress_bar(progress, " texts embedded")
    for start in range(0, len(keys), EMBED_CHUNK):
        chunk = keys[start:start + EMBED_CHUNK]
        for key, vector in zip(chunk, embedder.embed([heads[k] for k in chunk])):
            profiles[key].embedding = vector
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else float("nan")


def roc_auc(scores: list[float], positive: list[bool]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    ranked = sorted(zip(scores, positive))
    n_pos = sum(positive)
    n_neg = len(positive) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid_rank = (i + 1 + j) / 2  # ranks i+1 .. j share their mean
        rank_sum += mid_rank * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def metrics(scores: list[float], overall: list[float]) -> dict:
    return {"pairs": len(scores), "same_story": sum(o <= SAME_STORY for o in overall),
            "pearson": pearson(scores, [5 - o for o in overall]),
            "auc": roc_auc(scores, [o <= SAME_STORY for o in overall])}


def report(pairs: list[Pair], scores: list[float]) -> dict:
    """Figures overall and per language pair (pairs without gold are left out)."""
    gold = [(p, s) for p, s in zip(pairs, scores) if p.overall is not None]
    out = {"overall": metrics([s for _, s in gold], [p.overall for p, _ in gold]), "by_language": {}}
    groups: dict[str, list] = defaultdict(list)
    for p, s in gold:
        groups[p.langs].append((p, s))
    for langs, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        out["by_language"][langs] = metrics([s for _, s in items], [p.overall for p, _ in items])
    return out


def baseline(pairs: list[Pair], feats: list[dict[str, float]]) -> dict:
    """The same figures for the plain lemma TF-IDF cosine of the whole texts."""
    return report(pairs, [f["body"] for f in feats])


def evaluate(path: Path, entity_mode: str = "plain", embedder=None,
             progress: bool = False) -> tuple[list[Pair], list[float], list[dict[str, float]]]:
    pairs = read_pairs(path)
    feats = pair_features(pairs, entity_mode, embedder, progress)
    return pairs, [combine(f) for f in feats], feats


def _line(name: str, m: dict, base: dict) -> str:
    return (f"{name:<10} {m['pairs']:5d} {m['same_story']:5d}   {m['pearson']:6.3f} {m['auc']:6.3f}"
            f"   {base['pearson']:6.3f} {base['auc']:6.3f}")


def handle(args) -> int:
    from ..cli import UserError, load_embedder
    from ..entities import EntitiesUnavailable

    path = Path(args.pairs)
    if not path.is_file():
        raise UserError(f"no pairs file at {path}")
    embedder = load_embedder(args.embeddings)
    try:
        pairs, scores, feats = evaluate(path, args.entities, embedder, progress=True)
    except EntitiesUnavailable as err:
        raise UserError(str(err)) from err
    except (OSError, ValueError, csv.Error) as err:
        raise UserError(str(err)) from err
    if args.output:
        with open(args.output, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["pair_id", "score"])
            for p, s in zip(pairs, scores):
                writer.writerow([p.pair_id, f"{s:.4f}"])
    if not any(p.overall is not None for p in pairs):
        print(f"{len(pairs)} pairs scored; no Overall column to evaluate against", file=sys.stderr)
        return 0
    result = report(pairs, scores)
    base = baseline(pairs, feats)
    if args.json:
        print(json.dumps({"score": result, "baseline": base}, indent=2))
        return 0
    print(f"same-story score on {path.name} (r against 5 - Overall; AUC of Overall <= {SAME_STORY:g})")
    print(f"{'languages':<10} {'pairs':>5} {'same':>5}   {'r':>6} {'AUC':>6}   {'base r':>6} {'AUC':>6}")
    print(_line("all", result["overall"], base["overall"]))
    for langs, m in result["by_language"].items():
        print(_line(langs, m, base["by_language"][langs]))
    if path.resolve() == DEFAULT_PAIRS.resolve():
        print("note: the weights were fitted on these very pairs; the cross-validated figures are in "
              "docs/evaluation.md (eval/fit_pair_weights.py)")
    return 0
