"""`reprise evaluate cleaning`: extraction + cleaning on trafilatura's own benchmark.

Each page goes through the same reader and cleaning as `reprise run`; the clean text is
scored with the benchmark's snippet metric, overall and per language, beside two references
on the same pages: trafilatura alone (its text with the benchmark's own settings, as in
trafilatura's published figures) and reprise's extraction before cleaning.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

from ..ingest.html import item_from_html
from ..model import RawItem, Source
from ..pipeline import prepare
from ..text import normalise
from .snippets import Counts


def trafilatura_alone(html: bytes) -> str:
    """trafilatura's text with the benchmark's settings (comments out, tables in)."""
    import trafilatura

    try:
        return trafilatura.extract(html, deduplicate=False, include_comments=False, include_tables=True) or ""
    except Exception:  # a crash counts as an empty output, as in the benchmark
        return ""


def evaluate(gold_path: Path, language: str | None = None, progress=None) -> dict:
    """Counts for trafilatura alone, reprise's extraction and reprise (+ cleaning), overall and per language."""
    base = gold_path.parent
    alone: dict[str, Counts] = defaultdict(Counts)
    extracted: dict[str, Counts] = defaultdict(Counts)
    ours: dict[str, Counts] = defaultdict(Counts)
    pages = 0
    with open(gold_path, encoding="utf-8") as lines:
        for line in lines:
            gold = json.loads(line)
            lang = gold.get("language_guess") or "other"
            if language and lang != language:
                continue
            html = gzip.decompress((base / gold["page"]).read_bytes())
            item = item_from_html(html, Source(gold["page"]), key=gold["page"])
            raw = normalise(item.text) if isinstance(item, RawItem) else ""
            article = prepare(item) if isinstance(item, RawItem) else None
            text = getattr(article, "text", "")
            reference = trafilatura_alone(html)
            for key in ("all", lang):
                alone[key].add(reference, gold["with"], gold["without"])
                extracted[key].add(raw, gold["with"], gold["without"])
                ours[key].add(text, gold["with"], gold["without"])
            pages += 1
            if progress:
                progress(pages)
    return {"pages": pages, "trafilatura": {k: v.row() for k, v in alone.items()},
            "extraction": {k: v.row() for k, v in extracted.items()},
            "reprise": {k: v.row() for k, v in ours.items()}}


def handle(args) -> int:
    from ..cli import UserError

    gold = Path(args.gold)
    if not gold.is_file():
        raise UserError(f"no gold file at {gold}")
    result = evaluate(gold, args.language)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['pages']} pages of {gold.parent.name}: snippet precision / recall / F1")
    print(f"{'subset':<8} {'extractor':<22} {'P':>6} {'R':>6} {'F1':>6}   {'TP':>5} {'FP':>5} {'FN':>5}")
    for key in sorted(result["reprise"], key=lambda k: (k != "all", k)):
        for name, label in (("trafilatura", "trafilatura alone"), ("extraction", "reprise extraction"),
                            ("reprise", "reprise (+ cleaning)")):
            r = result[name][key]
            print(f"{key:<8} {label:<22} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"
                  f"   {r['tp']:5d} {r['fp']:5d} {r['fn']:5d}")
    sys.stdout.flush()
    return 0
