"""`reprise evaluate reuse [GOLD]`: text-reuse alignment on a PAN-style derived set.

The gold set (eval/make_reuse_gold.py) pastes passages of real articles into other real
articles after known operations, so the offsets are known by construction. All its documents
go through `reprise.reuse.align_corpus` together (candidates, frequency filter, alignment,
as `reprise align` does); the detections on the gold pairs are scored with PAN's measures
(Potthast, Stein, Barrón-Cedeño, Rosso 2010, "An Evaluation Framework for Plagiarism
Detection"), implemented here:

* a case s and a detection r are sets of characters in both texts (source and target);
  r *detects* s when they overlap in both texts; s ⊓ r is their common characters then,
  nothing otherwise;
* precision = mean over detections r of |∪_s (s ⊓ r)| / |r|;
* recall = mean over cases s of |∪_r (s ⊓ r)| / |s|;
* granularity = mean over detected cases of the number of detections that detect it (1 is best);
* plagdet = F1(precision, recall) / log2(1 + granularity).

Negative pairs (same topic, no shared text) have no cases: a detection there counts against
precision.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

from ..dates import parse_date
from ..paths import PROJECT
from ..reuse import AlignConfig, Document, ReuseIndex, align_corpus
from ..reuse.records import covered

SCRIPT = PROJECT / "eval" / "make_reuse_gold.py"
EASY = ("none", "easy")


def generator():
    """The gold-set builder (eval/make_reuse_gold.py), or None when it is not beside the package."""
    if not SCRIPT.is_file():
        return None
    spec = importlib.util.spec_from_file_location("make_reuse_gold", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_reuse_gold", module)
    spec.loader.exec_module(module)
    return module


# -- PAN measures ------------------------------------------------------------------------------


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> tuple[int, int] | None:
    b, e = max(x[0], y[0]), min(x[1], y[1])
    return (b, e) if e > b else None


class Case:
    """A span pair in one document pair: (source begin, end), (target begin, end)."""

    __slots__ = ("pair", "src", "tgt")

    def __init__(self, pair, src, tgt):
        self.pair, self.src, self.tgt = pair, src, tgt

    def __len__(self) -> int:
        return (self.src[1] - self.src[0]) + (self.tgt[1] - self.tgt[0])


def _common(s: Case, r: Case):
    """(source overlap, target overlap) when r detects s, else None."""
    if s.pair != r.pair:
        return None
    a, b = _overlap(s.src, r.src), _overlap(s.tgt, r.tgt)
    return (a, b) if a and b else None


def measures(cases: list[Case], detections: list[Case]) -> dict:
    """PAN 2010 macro precision, recall, granularity, plagdet (precision is 1 with no detections)."""
    by_pair = defaultdict(list)
    for s in cases:
        by_pair[s.pair].append(s)
    precisions = []
    detected_by: dict[int, int] = defaultdict(int)
    for r in detections:
        src, tgt = [], []
        for s in by_pair.get(r.pair, ()):
            common = _common(s, r)
            if common:
                src.append(common[0])
                tgt.append(common[1])
                detected_by[id(s)] += 1
        precisions.append((covered(src) + covered(tgt)) / len(r) if len(r) else 0.0)
    dets_by_pair = defaultdict(list)
    for r in detections:
        dets_by_pair[r.pair].append(r)
    recalls = []
    for s in cases:
        src, tgt = [], []
        for r in dets_by_pair.get(s.pair, ()):
            common = _common(s, r)
            if common:
                src.append(common[0])
                tgt.append(common[1])
        recalls.append((covered(src) + covered(tgt)) / len(s))
    precision = sum(precisions) / len(precisions) if precisions else 1.0
    recall = sum(recalls) / len(recalls) if recalls else 1.0
    granularity = sum(detected_by.values()) / len(detected_by) if detected_by else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "granularity": granularity,
            "plagdet": f1 / math.log2(1 + granularity), "cases": len(cases), "detections": len(detections)}


# -- running -----------------------------------------------------------------------------------


def evaluate(gold: dict, config: AlignConfig | None = None, incremental: bool = False) -> dict:
    """Measures overall, on the easy subset, per operation, per difficulty and per data set.

    `incremental`: the documents, in the gold set's order, go through `ReuseIndex` in batches of
    500 (the path of `reprise run`, where the frequency filter counts the documents seen so far)."""
    docs = [Document(d["id"], d["text"], parse_date(d.get("published"))) for d in gold["documents"]]
    if incremental:
        index = ReuseIndex(config)
        records = [r for start in range(0, len(docs), 500) for r in index.add_batch(docs[start:start + 500])]
    else:
        records = align_corpus(docs, config)
    found = {}
    for reuse in records:
        found[(reuse.source_id, reuse.target_id)] = reuse
    groups: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    negatives_hit = 0
    for number, pair in enumerate(gold["pairs"]):
        cases = [Case(number, (c["source_begin"], c["source_end"]), (c["target_begin"], c["target_end"]))
                 for c in pair["cases"]]
        detections = []
        s, t = pair["source_id"], pair["target_id"]
        if (s, t) in found:
            detections = [Case(number, (p.source_begin, p.source_end), (p.target_begin, p.target_end))
                          for p in found[(s, t)].passages]
        elif (t, s) in found:
            detections = [Case(number, (p.target_begin, p.target_end), (p.source_begin, p.source_end))
                          for p in found[(t, s)].passages]
        if pair["operation"] == "negative" and detections:
            negatives_hit += 1
        keys = ["all", f"operation:{pair['operation']}", f"difficulty:{pair['difficulty']}", f"dataset:{pair['dataset']}"]
        if pair["difficulty"] in EASY:
            keys.append("easy (copy, quotes, clause)")
        for key in keys:
            groups[key][0].extend(cases)
            groups[key][1].extend(detections)
    rows = {key: measures(c, d) for key, (c, d) in groups.items()}
    pairs = len(gold["pairs"])
    negatives = sum(1 for p in gold["pairs"] if p["operation"] == "negative")
    return {"pairs": pairs, "documents": len(docs), "negative_pairs": negatives, "negative_pairs_with_detections": negatives_hit,
            "measures": rows}


def load_gold(path: Path | None, regenerate: bool = False) -> tuple[dict, Path]:
    from ..cli import UserError

    module = None
    if path is None:
        module = generator()
        if module is None:
            raise UserError(f"no gold set given and no generator at {SCRIPT}")
        path = module.default_path()
    if regenerate or not path.is_file():
        module = module or generator()
        if module is None:
            raise UserError(f"no gold set at {path} and no generator at {SCRIPT}")
        if not module.DATA.is_dir():
            raise UserError(f"no gold set at {path}, and no data at {module.DATA} to build one from")
        print(f"building the gold set from {module.DATA} into {path} ...", file=sys.stderr)
        module.write(path)
    return json.loads(path.read_text(encoding="utf-8")), path


def _order(key: str) -> tuple:
    head = key.split(":")[0]
    return ({"all": 0, "easy (copy, quotes, clause)": 1, "difficulty": 2, "operation": 3, "dataset": 4}.get(head, 5), key)


def handle(args) -> int:
    gold, path = load_gold(Path(args.gold) if args.gold else None, args.regenerate)
    result = evaluate(gold, incremental=args.incremental)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['pairs']} pairs ({result['negative_pairs']} negative), {result['documents']} documents: {path}")
    print(f"{'subset':<30} {'plagdet':>7} {'prec':>6} {'rec':>6} {'gran':>6} {'cases':>6} {'dets':>5}")
    for key in sorted(result["measures"], key=_order):
        m = result["measures"][key]
        print(f"{key:<30} {m['plagdet']:7.3f} {m['precision']:6.3f} {m['recall']:6.3f} {m['granularity']:6.3f}"
              f" {m['cases']:6d} {m['detections']:5d}")
    print(f"negative pairs with a detection: {result['negative_pairs_with_detections']} of {result['negative_pairs']}")
    return 0
