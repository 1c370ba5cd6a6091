"""Build a PAN-style text-reuse gold set from real articles, with offsets known by construction.

As the PAN text-alignment corpora were built (Potthast et al. 2010, 2013): a *target* is a
real article (the host) into which a passage of another real article (the source) has been
pasted after a known operation, so where the passage lies in both texts is known exactly:

| operation | difficulty | what is done to the copied passage |
|---|---|---|
| copy | none | nothing (2-4 sentences pasted as they are) |
| quotes | easy | quote marks changed: «» / “” / "" swapped, ' and ’ swapped |
| clause | easy | a clause inserted (`, selon une source proche du dossier,`) |
| dateword | medium | the date words dropped (`mardi`, `hier`, `on Tuesday`) |
| cut | medium | a sentence inside the passage cut out |
| reorder | medium | two paragraphs pasted in the other order (two cases) |
| swap | hard | about one word in ten replaced by a word of the host |
| mixed | hard | quotes + clause + swap |
| short | hard | one sentence of 8-20 words, pasted as it is |
| heavy | hard | quotes + clause + one word in four replaced |

A passage is taken only where it occurs once in its source and the host shares no run of
six words with the source, so the pasted passage is the only reuse in the pair.

Negative pairs are two real articles on the same topic (same Wikinews event, same WikiRef
topic, same Reuters topic, SemEval "same story" pairs) that share no run of six words.
Sources: French Wikinews first, then Reuters-21578, WikiRef220, SemEval-2022 task 8 (dev).
Every text goes through reprise's own reader and cleaning first, so offsets are into clean
texts. Fixed seed: the same data gives the same set.

The set is written outside the repository (derived texts are not ours to ship):

    .venv/bin/python eval/make_reuse_gold.py [--output PATH] [--data DIR] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from reprise.ingest import read_input
from reprise.model import RawItem, Source
from reprise.pipeline import prepare
from reprise.text import normalise

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEED = 20100815
OPERATIONS = {  # operation -> difficulty
    "copy": "none", "quotes": "easy", "clause": "easy", "dateword": "medium", "cut": "medium",
    "reorder": "medium", "swap": "hard", "mixed": "hard", "short": "hard", "heavy": "hard",
}
EASY = ("none", "easy")


def default_path() -> Path:
    import os

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "reprise" / "reuse-gold.json"


# -- reading the real articles -------------------------------------------------------------


def _clean(key: str, text: str, published=None) -> dict | None:
    article = prepare(RawItem(key=key, source=Source(key), text=text, published=published))
    if not hasattr(article, "text"):
        return None
    return {"text": article.text, "published": article.published}


def articles_of(path: Path, prefix: str, limit: int | None = None) -> list[dict]:
    """Clean articles of a JSONL file, ids prefixed (`wn:...`), with their topics (`events` or `topics`)."""
    out = []
    for item in read_input(path.resolve()):
        if not isinstance(item, RawItem):
            continue
        article = prepare(item)
        if not hasattr(article, "text"):
            continue
        extra = item.extra
        out.append({"id": f"{prefix}:{extra.get('input_id')}", "text": article.text, "published": article.published,
                    "topics": [str(t) for t in (extra.get("events") or extra.get("topics") or [])]})
        if limit and len(out) >= limit:
            break
    return out


def load(data: Path) -> dict[str, list[dict]]:
    """Clean articles of each data set (those present), as {name: [{id, text, published, topics}]}."""
    sets: dict[str, list[dict]] = {}
    wikinews = data / "frwikinews-2016-2018" / "articles.jsonl"
    if wikinews.is_file():
        sets["wikinews"] = articles_of(wikinews, "wn")
    reuters = data / "reuters21578" / "reuters21578.jsonl"
    if reuters.is_file():
        sets["reuters"] = articles_of(reuters, "rt", limit=4000)
    wikiref = data / "wikiref220" / "WikiRef220"
    if wikiref.is_dir():
        docs = []
        for path in sorted(wikiref.glob("*.txt")):
            for item in read_input(path.resolve()):
                if isinstance(item, RawItem):
                    article = prepare(item)
                    if hasattr(article, "text"):
                        topic = re.sub(r"[\s(]*\d*\)?\.txt$", "", path.name).rstrip(".0123456789 ")
                        docs.append({"id": f"wr:{path.stem}", "text": article.text, "published": None, "topics": [topic]})
        sets["wikiref"] = docs
    semeval = data / "semeval2022-task8" / "pairs_dev.csv"
    if semeval.is_file():
        docs = []
        csv.field_size_limit(10**7)
        with open(semeval, encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                same = float(row["Overall"]) <= 2
                for side in ("1", "2"):
                    cleaned = _clean(f"semeval:{row['pair_id']}:{side}", row["text" + side])
                    if cleaned:
                        docs.append({"id": f"se:{row['pair_id']}:{side}", "text": cleaned["text"], "published": None,
                                     "topics": [f"pair:{row['pair_id']}"] if same else [], "lang": row["lang" + side]})
        sets["semeval"] = docs
    return sets


# -- operations ------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…»\"”])\s+(?=[«\"“A-ZÀ-Ý0-9])")
_WORD = re.compile(r"\w+")
CLAUSES = {
    "fr": [" selon une source proche du dossier,", " a-t-on appris de source sûre,", " comme l'a rappelé un porte-parole,"],
    "en": [" according to officials familiar with the matter,", " a spokesman confirmed,", " sources said,"],
}
DATE_WORDS = {
    "fr": r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd'hui|demain)\b ?",
    "en": r"\b(?:on )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\b ?",
}


def sentences(text: str) -> list[tuple[int, int]]:
    """(begin, end) of each sentence, paragraph by paragraph."""
    out = []
    at = 0
    for para in text.split("\n"):
        if para.strip():
            begin = at
            for m in _SENTENCE_END.finditer(para):
                out.append((begin, at + m.start()))
                begin = at + m.end()
            out.append((begin, at + len(para)))
        at += len(para) + 1
    return [(b, e) for b, e in out if len(_WORD.findall(text[b:e])) >= 4]


def shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    w = [x.lower() for x in _WORD.findall(text)]
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def change_quotes(text: str, rng: random.Random) -> str:
    if "«" in text or "»" in text:
        text = re.sub(r"«\s?", "\"", text)
        text = re.sub(r"\s?»", "\"", text)
    elif "“" in text or "”" in text:
        text = text.replace("“", "\"").replace("”", "\"")
    elif "\"" in text:
        parts = text.split("\"")
        text = "".join(p + (("«\u00a0" if i % 2 == 0 else "\u00a0»") if i < len(parts) - 1 else "")
                       for i, p in enumerate(parts))
        text = text.replace("\u00a0", " ")
    if "’" in text:
        text = text.replace("’", "'")
    else:
        text = text.replace("'", "’")
    return text


def insert_clause(text: str, lang: str, rng: random.Random) -> str:
    clause = rng.choice(CLAUSES.get(lang, CLAUSES["en"]))
    commas = [m.end() for m in re.finditer(r",", text) if 20 < m.end() < len(text) - 20]
    if commas:
        at = rng.choice(commas)
        return text[:at] + clause + text[at:]
    spaces = [m.start() for m in re.finditer(r" ", text) if 20 < m.start() < len(text) - 20]
    at = spaces[len(spaces) // 2] if spaces else len(text)
    return text[:at] + "," + clause.rstrip(",") + "," + text[at:]


def drop_date_words(text: str, lang: str) -> str | None:
    out, count = re.subn(DATE_WORDS.get(lang, DATE_WORDS["en"]), "", text)
    return out.replace("  ", " ") if count else None


def swap_words(text: str, pool: list[str], rng: random.Random, rate: float = 0.1) -> str:
    found = list(_WORD.finditer(text))
    inner = found[3:-3]
    k = max(1, int(len(found) * rate))
    chosen = sorted(rng.sample(inner, min(k, len(inner))), key=lambda m: m.start())
    out = []
    at = 0
    for m in chosen:
        out.append(text[at:m.start()])
        out.append(rng.choice(pool))
        at = m.end()
    out.append(text[at:])
    return "".join(out)


def lang_of(name: str, doc: dict) -> str:
    return "fr" if name == "wikinews" or doc.get("lang") == "fr" else "en"


# -- building pairs --------------------------------------------------------------------------


def _date(doc: dict, index: int) -> datetime:
    return doc["published"] or datetime(2015, 1, 1, tzinfo=timezone.utc) + timedelta(days=index)


def make_positive(name: str, src: dict, host: dict, op: str, rng: random.Random, index: int) -> dict | None:
    """A target built from `host` with a passage of `src`, and the gold cases; None when `op` does not apply."""
    lang = lang_of(name, src)
    sents = sentences(src["text"])
    if len(sents) < 3:
        return None
    if op == "short":
        sents = [(b, e) for b, e in sents if 8 <= len(_WORD.findall(src["text"][b:e])) <= 20]
        if not sents:
            return None
    size = {"cut": 4, "reorder": 4, "short": 1}.get(op, rng.randint(2, 4))
    size = min(size, len(sents))
    if op in ("cut", "reorder") and size < 4:
        return None
    first = rng.randrange(0, len(sents) - size + 1)
    chosen = sents[first:first + size]
    text = src["text"]
    # The passage must occur once in the source: were it repeated there, the other copy would be
    # reuse too, and the gold would not know it.
    span = shingles(text[chosen[0][0]:chosen[-1][1]])
    if span & (shingles(text[:chosen[0][0]]) | shingles(text[chosen[-1][1]:])):
        return None
    pieces: list[tuple[int, int, str]] = []  # (source begin, source end, passage text) in target order
    if op == "reorder":
        half = size // 2
        g1 = (chosen[0][0], chosen[half - 1][1])
        g2 = (chosen[half][0], chosen[-1][1])
        pieces = [(g2[0], g2[1], text[g2[0]:g2[1]]), (g1[0], g1[1], text[g1[0]:g1[1]])]
    else:
        b, e = chosen[0][0], chosen[-1][1]
        passage = text[b:e]
        if op == "quotes":
            new = change_quotes(passage, rng)
            if new == passage:
                return None
            passage = new
        elif op == "clause":
            passage = insert_clause(passage, lang, rng)
        elif op == "dateword":
            passage = drop_date_words(passage, lang)
            if passage is None:
                return None
        elif op == "cut":
            mid = chosen[1 + rng.randrange(size - 2)]
            passage = text[b:mid[0]] + text[mid[1]:e].lstrip()
        elif op in ("swap", "mixed", "heavy"):
            pool = [w for w in _WORD.findall(host["text"]) if len(w) > 3] or ["mot"]
            if op in ("mixed", "heavy"):
                passage = insert_clause(change_quotes(passage, rng), lang, rng)
            passage = swap_words(passage, pool, rng, 0.25 if op == "heavy" else 0.1)
        pieces = [(b, e, normalise(passage).replace("\n\n", "\n"))]
    paragraphs = host["text"].split("\n\n")
    where = rng.randint(0, len(paragraphs))
    before = "\n\n".join(paragraphs[:where])
    after = "\n\n".join(paragraphs[where:])
    target = before + ("\n\n" if before else "")
    cases = []
    for sb, se, passage in pieces:
        if cases:
            target += "\n\n"
        cases.append({"source_begin": sb, "source_end": se, "target_begin": len(target),
                      "target_end": len(target) + len(passage)})
        target += passage
    target += ("\n\n" + after) if after else ""
    if normalise(target) != target:
        return None
    source_date = _date(src, index)
    return {
        "target": {"id": f"{src['id']}>{host['id']}", "text": target, "published": (source_date + timedelta(days=1)).isoformat()},
        "pair": {"source_id": src["id"], "target_id": f"{src['id']}>{host['id']}", "dataset": name, "operation": op,
                 "difficulty": OPERATIONS[op], "cases": cases},
        "source_published": source_date.isoformat(),
    }


class _Grams:
    """Six-word shingles of the documents of one set, computed once each."""

    def __init__(self, docs: list[dict]):
        self.docs = docs
        self.cache: dict[int, set] = {}

    def of(self, i: int) -> set:
        if i not in self.cache:
            self.cache[i] = shingles(self.docs[i]["text"])
        return self.cache[i]


def build(data: Path = DATA, scale: float = 1.0, seed: int = SEED, sets: dict | None = None) -> dict:
    """The gold set as {"documents": [...], "pairs": [...]}: positives per operation, and negatives."""
    rng = random.Random(seed)
    sets = load(data) if sets is None else sets
    per_op = {"wikinews": 16, "reuters": 6, "wikiref": 4, "semeval": 3}
    negatives = {"wikinews": 24, "reuters": 12, "wikiref": 12, "semeval": 12}
    documents: dict[str, dict] = {}
    pairs = []
    for name, docs in sets.items():
        docs = [d for d in docs if len(d["text"]) >= 300]
        if len(docs) < 4:
            continue
        order = list(range(len(docs)))
        rng.shuffle(order)
        used: set[int] = set()
        gram = _Grams(docs)

        cursor = 0
        for op in OPERATIONS:
            made = 0
            tries = 0
            want = max(1, round(per_op.get(name, 3) * scale))
            while made < want and tries < 40 * want and cursor < len(order) - 1:
                tries += 1
                si = order[cursor]
                cursor += 1
                if si in used:
                    continue
                hi = next((order[j] for j in range(cursor, min(cursor + 30, len(order)))
                           if order[j] not in used and not (gram.of(order[j]) & gram.of(si))), None)
                if hi is None:
                    continue
                built = make_positive(name, docs[si], docs[hi], op, rng, len(pairs))
                if built is None:
                    continue
                used.update((si, hi))
                src = docs[si]
                documents[src["id"]] = {"id": src["id"], "text": src["text"], "published": built["source_published"]}
                documents[built["target"]["id"]] = built["target"]
                pairs.append(built["pair"])
                made += 1
        # Negatives: same topic, no shared run of six words.
        by_topic: dict[str, list[int]] = {}
        for i, d in enumerate(docs):
            for t in d.get("topics") or []:
                by_topic.setdefault(t, []).append(i)
        candidates = [(t, ids) for t, ids in sorted(by_topic.items()) if len(ids) >= 2]
        rng.shuffle(candidates)
        made = 0
        want = max(1, round(negatives.get(name, 6) * scale))
        for _topic, ids in candidates:
            if made >= want:
                break
            a, b = rng.sample(ids, 2)
            if gram.of(a) & gram.of(b) or docs[a]["text"] == docs[b]["text"]:
                continue
            for i in (a, b):
                d = docs[i]
                documents.setdefault(d["id"], {"id": d["id"], "text": d["text"],
                                               "published": d["published"].isoformat() if d["published"] else None})
            pairs.append({"source_id": docs[a]["id"], "target_id": docs[b]["id"], "dataset": name, "operation": "negative",
                          "difficulty": "negative", "cases": []})
            made += 1
    return {"seed": seed, "scale": scale, "documents": [documents[k] for k in sorted(documents)], "pairs": pairs}


def write(path: Path, data: Path = DATA, scale: float = 1.0, seed: int = SEED) -> dict:
    gold = build(data, scale, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=default_path(), help="where to write (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default: %(default)s)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the number of pairs (default: 1)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    gold = write(args.output, args.data, args.scale, args.seed)
    print(f"{len(gold['pairs'])} pairs, {len(gold['documents'])} documents -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
