"""Calibrate the join-or-new threshold of the story clusterer on real gold clusters.

    .venv/bin/python eval/calibrate_stories.py [--thresholds 0.15,0.2,...] [--day-penalties 0,0.05]

Data (by path, ../shared/data): RPM2 French press articles (no dates; gold `topic` and `story`)
and the UCI Google News headline stream (real times; gold `story`). Every article is read and
cleaned as `reprise run` does, profiled once, then clustered with each setting in the order
`reprise run` uses (batches of 500, publication order inside a batch). The pairwise model itself
was fitted on the SemEval-2022 pairs (eval/fit_pair_weights.py); only the threshold and the time
penalty are chosen here, by the mean pairwise F1 of RPM2 topics and UCI stories (the two targets),
and every figure of the grid is printed so the choice can be checked. WikiRef220 is never used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reprise.evaluate.clusters import read_gold, scores  # noqa: E402
from reprise.paths import SHARED_DATA  # noqa: E402
from reprise.pipeline import BATCH_SIZE, prepare  # noqa: E402
from reprise.stories.cluster import StoryClusterer  # noqa: E402
from reprise.stories.state import item  # noqa: E402

SETS = {
    "rpm2": (SHARED_DATA / "rpm2-fr" / "articles.jsonl", ("topic", "story")),
    "uci": (SHARED_DATA / "uci-news-headlines-2014" / "headlines.jsonl", ("story",)),
}


def load(path: Path, fields: tuple[str, ...]):
    """Items in `reprise run` order, and the gold of each field."""
    golds = {f: {} for f in fields}
    items = []
    for raw, _ in read_gold(path, fields[0]):
        article = prepare(raw)
        if not hasattr(article, "text"):
            continue
        for f in fields:
            golds[f][article.id] = str(raw.extra[f])
        items.append(item(article.id, article.published, article.outlet, article.title, article.text, article.language))
    ordered = []
    for start in range(0, len(items), BATCH_SIZE):
        batch = items[start:start + BATCH_SIZE]
        dated = sorted((i for i in batch if i.published is not None), key=lambda i: (i.published, i.id))
        ordered += dated + [i for i in batch if i.published is None]
    return ordered, golds


def cluster(items, threshold: float, day_penalty: float) -> dict[str, str]:
    c = StoryClusterer(threshold=threshold, day_penalty=day_penalty)
    assigned = {i.id: c.add(i).story_id for i in items}
    return {aid: c.of.get(aid, sid) for aid, sid in assigned.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", default="0.14,0.16,0.18,0.2,0.22,0.24,0.26,0.28,0.3,0.35")
    parser.add_argument("--day-penalties", default="0,0.02,0.05")
    args = parser.parse_args()
    data = {}
    for name, (path, fields) in SETS.items():
        if not path.exists():
            print(f"skipped {name}: {path} absent", file=sys.stderr)
            continue
        data[name] = load(path, fields)
    best = None
    print(f"{'threshold':>9} {'day pen.':>8}  " + "  ".join(f"{n}:{f} F1 (B3)" for n, (_, fs) in SETS.items() for f in fs))
    for penalty in (float(x) for x in args.day_penalties.split(",")):
        for threshold in (float(x) for x in args.thresholds.split(",")):
            cells, targets = [], []
            for name, (items, golds) in data.items():
                predicted = cluster(items, threshold, penalty)
                for field, gold in golds.items():
                    s = scores(gold, predicted)
                    cells.append(f"{s['pairwise']['f1']:.3f} ({s['bcubed']['f1']:.3f}, {s['clusters']})")
                    if (name, field) in (("rpm2", "topic"), ("uci", "story")):
                        targets.append(s["pairwise"]["f1"])
            mean = sum(targets) / len(targets) if targets else 0.0
            print(f"{threshold:9.2f} {penalty:8.2f}  " + "  ".join(cells) + f"   mean {mean:.3f}")
            if best is None or mean > best[0]:
                best = (mean, threshold, penalty)
    if best:
        print(f"best: threshold {best[1]}, day penalty {best[2]} (mean target F1 {best[0]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
