"""`reprise evaluate lines`: precision and recall of the lines cleaning removes, on labelled pages.

The labels (eval/boilerplate-lines.jsonl) say, for every non-empty line of some real pages,
whether it is in-text boilerplate and of which kind. Each page is read by path from the data
folder and goes through the same reader, extraction and `prepare()` as `reprise run`; a line
counts as removed when the Removed spans cover it. Labels are matched to the current lines by
their text (spaces ignored), so they stay valid when extraction changes; labels whose line
is no longer extracted are reported as not covered.

Per kind, recall is over the lines labelled with that kind, and precision over the lines cut
by the rules of that kind (`RULE_KIND`): of those, how many are boilerplate.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest.html import item_from_html, read_html
from ..model import Article, RawItem, Source
from ..outlet_lines import OutletLines
from ..pipeline import prepare
from ..text import line_spans, normalise

KINDS = ("gallery", "counter", "photo-credit", "interface", "read-also", "credit", "outlet-repeat", "other-chrome")
# The kind of boilerplate each cleaning rule is meant for; rules not listed count as other-chrome.
RULE_KIND = {
    "gallery-caption": "gallery",
    "repeated-paragraph": "gallery",
    "gallery-counter": "counter",
    "photo-credit": "photo-credit",
    "interface": "interface",
    "read-also": "read-also",
    "credit": "credit",
    "outlet-repeat": "outlet-repeat",
}
COVERED = 0.9  # share of a line's characters the cuts must cover for the line to count as removed


def key(line: str) -> str:
    """What a label and a line are matched on: the normalised text without its spaces (extractors differ
    on the spaces around inline markup: `BEIJING , March` and `BEIJING, March` are the same line)."""
    return "".join(normalise(line).split())


@dataclass
class Tally:
    tp: int = 0  # boilerplate, removed
    fp: int = 0  # content, removed
    fn: int = 0  # boilerplate, kept
    tn: int = 0  # content, kept

    def add(self, boilerplate: bool, removed: bool) -> None:
        if boilerplate:
            if removed:
                self.tp += 1
            else:
                self.fn += 1
        elif removed:
            self.fp += 1
        else:
            self.tn += 1

    def row(self) -> dict:
        cut = self.tp + self.fp
        gold = self.tp + self.fn
        return {"precision": self.tp / cut if cut else 1.0, "recall": self.tp / gold if gold else 1.0,
                "boilerplate": gold, "content": self.fp + self.tn, "removed": cut,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Result:
    pages: int = 0
    labels: int = 0
    found: int = 0  # labels whose line is in the current extraction
    unlabelled: int = 0  # current lines no label matches
    overall: Tally = field(default_factory=Tally)
    corpus: dict = field(default_factory=lambda: defaultdict(Tally))
    kind_recall: dict = field(default_factory=lambda: defaultdict(Tally))  # over lines labelled with the kind
    kind_precision: dict = field(default_factory=lambda: defaultdict(Tally))  # over lines cut by the kind's rules
    misses: list = field(default_factory=list)  # (corpus, page, kind, line)
    false_cuts: list = field(default_factory=list)  # (corpus, page, rule, line)
    lost: list = field(default_factory=list)  # (corpus, page, line): labelled, not extracted any more
    lost_boilerplate: int = 0  # of those, lines labelled boilerplate: extraction left them out
    new: list = field(default_factory=list)  # (corpus, page, rule or None, line): extracted, not labelled

    def as_dict(self) -> dict:
        gold = self.overall.tp + self.overall.fn + self.lost_boilerplate
        return {
            "end_to_end": {  # extraction + cleaning: boilerplate no longer in the text, content missing from it
                "boilerplate": gold, "gone": self.overall.tp + self.lost_boilerplate,
                "recall": (self.overall.tp + self.lost_boilerplate) / gold if gold else 1.0,
                "content_missing": len(self.lost) - self.lost_boilerplate,
            },
            "pages": self.pages, "labels": self.labels, "found": self.found,
            "coverage": self.found / self.labels if self.labels else 1.0, "unlabelled": self.unlabelled,
            "overall": self.overall.row(),
            "corpus": {k: v.row() for k, v in sorted(self.corpus.items())},
            "kind": {k: {"recall": self.kind_recall[k].row(), "precision": self.kind_precision[k].row()}
                     for k in KINDS if k in self.kind_recall or k in self.kind_precision},
            "misses": self.misses, "false_cuts": self.false_cuts, "lost": self.lost, "new": self.new,
        }


def load_labels(path: Path) -> dict[tuple[str, str], list[dict]]:
    pages: dict[tuple[str, str], list[dict]] = {}
    with open(path, encoding="utf-8") as rows:
        for n, row in enumerate(rows, 1):
            if not row.strip():
                continue
            rec = json.loads(row)
            missing = {"corpus", "page", "line", "boilerplate", "kind"} - rec.keys()
            if missing:
                raise ValueError(f"{path}:{n}: missing {', '.join(sorted(missing))}")
            pages.setdefault((rec["corpus"], rec["page"]), []).append(rec)
    return pages


def read_page(data: Path, corpus: str, page: str):
    """The RawItem (or Reject) for one labelled page, read by path as `reprise run` would."""
    path = data / corpus / page
    raw = path.read_bytes()
    if path.suffix == ".gz":
        return item_from_html(gzip.decompress(raw), Source(page), key=page)
    return next(iter(read_html(path, raw, None)))


def removed_lines(article: Article) -> list[tuple[str, str | None]]:
    """(line, rule that removed it or None) for each non-empty line of the article's raw text."""
    cuts = sorted((r.begin, r.end, r.rule) for r in article.removed)
    out = []
    for begin, end in line_spans(article.raw_text):
        covered = 0
        rules: dict[str, int] = {}
        for b, e, rule in cuts:
            overlap = min(end, e) - max(begin, b)
            if overlap > 0:
                covered += overlap
                rules[rule] = rules.get(rule, 0) + overlap
        removed = covered >= COVERED * (end - begin)
        out.append((article.raw_text[begin:end], max(rules, key=rules.get) if removed else None))
    return out


def evaluate(labels_path: Path, data: Path, progress=None) -> Result:
    result = Result()
    memory = OutletLines(lambda outlet: {})  # learned in label order, as a fresh `reprise run` would
    for (corpus, page), labels in load_labels(labels_path).items():
        result.pages += 1
        result.labels += len(labels)
        item = read_page(data, corpus, page)
        lines: list[tuple[str, str | None]] = []
        if isinstance(item, RawItem):
            article = prepare(item, memory)
            if isinstance(article, Article):
                lines = removed_lines(article)
            else:  # everything was cut: every line of the raw text is removed
                lines = [(line, "all") for line in normalise(item.text).split("\n") if line]
        available: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for line, rule in lines:
            available[key(line)].append((line, rule))
        for rec in labels:
            slot = available.get(key(rec["line"]))
            if not slot:
                result.lost.append((corpus, page, rec["line"]))
                result.lost_boilerplate += bool(rec["boilerplate"])
                continue
            rule = slot.pop(0)[1]
            result.found += 1
            boilerplate = bool(rec["boilerplate"])
            removed = rule is not None
            kind = rec["kind"] if boilerplate else "content"
            result.overall.add(boilerplate, removed)
            result.corpus[corpus].add(boilerplate, removed)
            if boilerplate:
                result.kind_recall[kind].add(True, removed)
            if removed:
                result.kind_precision[RULE_KIND.get(rule, "other-chrome")].add(boilerplate, True)
            if boilerplate and not removed:
                result.misses.append((corpus, page, kind, rec["line"]))
            elif removed and not boilerplate:
                result.false_cuts.append((corpus, page, rule, rec["line"]))
        for rest in available.values():
            result.new.extend((corpus, page, rule, line) for line, rule in rest)
        result.unlabelled = len(result.new)
        if progress:
            progress(result.pages)
    return result


def _row(name: str, r: dict) -> str:
    return (f"{name:<18} {r['precision']:6.3f} {r['recall']:6.3f}   {r['boilerplate']:5d} {r['content']:5d}"
            f" {r['tp']:5d} {r['fp']:5d} {r['fn']:5d}")


def handle(args) -> int:
    from ..cli import UserError

    labels, data = Path(args.labels), Path(args.data)
    if not labels.is_file():
        raise UserError(f"no labels at {labels}")
    if not data.is_dir():
        raise UserError(f"no data folder at {data} (give one with --data)")
    try:
        result = evaluate(labels, data)
    except (OSError, ValueError) as err:
        raise UserError(str(err)) from err
    out = result.as_dict()
    if args.json:
        if not args.verbose:
            for name in ("misses", "false_cuts", "lost", "new"):
                out[name] = len(out[name])
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(f"{out['pages']} pages, {out['labels']} labelled lines; {out['found']} found in the current extraction "
          f"(coverage {out['coverage']:.3f}), {out['unlabelled']} current lines unlabelled")
    e2e = out["end_to_end"]
    print(f"extraction + cleaning: {e2e['gone']} of {e2e['boilerplate']} boilerplate lines out of the text "
          f"(R {e2e['recall']:.3f}); {e2e['content_missing']} content lines missing from the extraction")
    print("cleaning, on the lines extraction gives:")
    print(f"{'subset':<18} {'P':>6} {'R':>6}   {'boil.':>5} {'cont.':>5} {'TP':>5} {'FP':>5} {'FN':>5}")
    print(_row("all", out["overall"]))
    for name, r in out["corpus"].items():
        print(_row(name, r))
    print("per kind: recall over lines labelled with the kind, precision over lines its rules cut")
    print(f"{'kind':<18} {'P':>6} {'R':>6}   {'label':>5} {'cut':>5} {'TP':>5} {'FP':>5} {'FN':>5}")
    for kind, r in out["kind"].items():
        rec, pre = r["recall"], r["precision"]
        print(f"{kind:<18} {pre['precision']:6.3f} {rec['recall']:6.3f}   {rec['boilerplate']:5d} {pre['removed']:5d}"
              f" {rec['tp']:5d} {pre['fp']:5d} {rec['fn']:5d}")
    if args.verbose:
        for corpus, page, kind, line in result.misses:
            print(f"miss      {corpus}/{page} [{kind}] {line[:120]}")
        for corpus, page, rule, line in result.false_cuts:
            print(f"false cut {corpus}/{page} [{rule}] {line[:120]}")
        for corpus, page, line in result.lost:
            print(f"not found {corpus}/{page} {line[:120]}")
        for corpus, page, rule, line in result.new:
            print(f"unlabelled {corpus}/{page} [{rule or 'kept'}] {line[:120]}")
    else:
        print(f"{len(result.misses)} misses, {len(result.false_cuts)} false cuts (--verbose lists them)")
    sys.stdout.flush()
    return 0
