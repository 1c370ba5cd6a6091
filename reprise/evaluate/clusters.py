"""`reprise evaluate clusters`: the story clusterer of `reprise run` against gold clusters.

GOLD is a JSONL file of articles with a gold field (default `story`), read like `reprise run`
reads JSONL, or a folder of `.txt` files whose gold is the file name's prefix (WikiRef220:
`ParisAttacks2015 (12).txt` -> `ParisAttacks2015`). Items without text keep their title as text
(headline sets). Every item is cleaned as `reprise run` cleans it and goes into a temporary
store through the same pipeline, so duplicates, reuse and stories are found exactly as in a run.

Reported, as Priberam's news-clustering evaluation does: pairwise precision / recall / F1 (over
pairs of articles), B-cubed precision / recall / F1, adjusted Rand index, normalised mutual
information, and the number of clusters found and in the gold.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path


def _comb2(n: int) -> int:
    return n * (n - 1) // 2


def scores(gold: dict[str, str], predicted: dict[str, str]) -> dict:
    """Pairwise and B-cubed P/R/F1, ARI, NMI of `predicted` against `gold` (item id -> cluster), on their shared ids."""
    ids = sorted(gold.keys() & predicted.keys())
    n = len(ids)
    cells = Counter((gold[i], predicted[i]) for i in ids)
    g_sizes = Counter(gold[i] for i in ids)
    p_sizes = Counter(predicted[i] for i in ids)
    tp = sum(_comb2(c) for c in cells.values())
    pred_pairs = sum(_comb2(c) for c in p_sizes.values())
    gold_pairs = sum(_comb2(c) for c in g_sizes.values())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / gold_pairs if gold_pairs else 1.0
    b_p = sum(c * c / p_sizes[p] for (_, p), c in cells.items()) / n if n else 0.0
    b_r = sum(c * c / g_sizes[g] for (g, _), c in cells.items()) / n if n else 0.0
    expected = pred_pairs * gold_pairs / _comb2(n) if n > 1 else 0.0
    top = (pred_pairs + gold_pairs) / 2 - expected
    ari = (tp - expected) / top if top else 1.0
    mutual = sum(c / n * math.log(c * n / (g_sizes[g] * p_sizes[p])) for (g, p), c in cells.items()) if n else 0.0
    h_g = -sum(c / n * math.log(c / n) for c in g_sizes.values()) if n else 0.0
    h_p = -sum(c / n * math.log(c / n) for c in p_sizes.values()) if n else 0.0
    nmi = mutual / math.sqrt(h_g * h_p) if h_g and h_p else float(h_g == h_p)
    return {"articles": n, "clusters": len(p_sizes), "gold_clusters": len(g_sizes),
            "pairwise": {"p": precision, "r": recall, "f1": _f1(precision, recall)},
            "bcubed": {"p": b_p, "r": b_r, "f1": _f1(b_p, b_r)}, "ari": ari, "nmi": nmi}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


_PREFIX = re.compile(r"^(.*?)[\s._(]*\(?\d*\)?$")


def file_topic(name: str) -> str:
    """The gold of a file in a labelled folder: its name without extension and trailing number."""
    stem = Path(name).stem
    return _PREFIX.match(stem).group(1).rstrip(". ") or stem


def read_gold(path: Path, field: str) -> list[tuple[object, str]]:
    """(RawItem, gold label) of every usable item of a JSONL file or a labelled folder."""
    from ..ingest import read_input
    from ..model import RawItem

    out = []
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"):
            for raw in read_input(file, None):
                if isinstance(raw, RawItem):
                    out.append((raw, file_topic(file.name)))
        return out
    with tempfile.TemporaryDirectory(prefix="reprise-gold-") as tmp:
        for raw in read_input(_headlines_as_text(path, Path(tmp)), None):
            if isinstance(raw, RawItem) and raw.extra.get(field) not in (None, ""):
                out.append((raw, str(raw.extra[field])))
    return out


def _headlines_as_text(path: Path, tmp: Path) -> Path:
    """A copy of a JSONL file in which a record without text has its title as text (headline sets)."""
    copy = tmp / path.name.removesuffix(".gz")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f, open(copy, "w", encoding="utf-8") as out:
        for line in f:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                out.write(line)
                continue
            if isinstance(record, dict) and not str(record.get("text") or "").strip() and record.get("title"):
                record["text"] = record["title"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return copy


def cluster(items, db: Path, embedder=None) -> dict[str, str]:
    """Article id -> story id, from `reprise run`'s pipeline on the items (`embedder`: as `reprise run --embeddings`)."""
    from ..pipeline import Ingestor
    from ..store import Store

    store = Store.open(db)
    try:
        Ingestor(store, embedder=embedder).ingest([[raw for raw, _ in items]])
        return dict(store.conn.execute("SELECT id, story_id FROM articles WHERE story_id IS NOT NULL"))
    finally:
        store.close()


def evaluate(path: Path, field: str = "story", embedder=None) -> dict:
    from ..ids import article_id

    items = read_gold(path, field)
    if not items:
        raise ValueError(f"no article with a {field!r} field in {path}")
    gold = {article_id(raw.key): label for raw, label in items}
    with tempfile.TemporaryDirectory(prefix="reprise-clusters-") as tmp:
        predicted = cluster(items, Path(tmp) / "eval.db", embedder)
    result = scores(gold, predicted)
    result["unassigned"] = len(gold) - len(gold.keys() & predicted.keys())
    return result


def handle(args) -> int:
    from ..cli import UserError, load_embedder

    path = Path(args.gold)
    if not path.exists():
        raise UserError(f"no gold file or folder at {path}")
    embedder = load_embedder(args.embeddings)
    try:
        result = evaluate(path, args.label, embedder)
    except (OSError, ValueError) as err:
        raise UserError(str(err)) from err
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    pw, b3 = result["pairwise"], result["bcubed"]
    print(f"story clusters on {path.name} (gold field {args.label!r}): {result['articles']} articles, "
          f"{result['clusters']} clusters found, {result['gold_clusters']} in the gold")
    print(f"pairwise  P {pw['p']:.3f}  R {pw['r']:.3f}  F1 {pw['f1']:.3f}")
    print(f"B-cubed   P {b3['p']:.3f}  R {b3['r']:.3f}  F1 {b3['f1']:.3f}")
    print(f"ARI {result['ari']:.3f}  NMI {result['nmi']:.3f}")
    if result["unassigned"]:
        print(f"{result['unassigned']} gold articles were rejected or not assigned", file=sys.stderr)
    return 0
