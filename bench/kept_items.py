"""What a kept story item saves: making an article's story item from its text against decoding the item the
store kept (`story_items`, reprise/stories/kept.py), per article, and the size of the kept blob.

    .venv/bin/python bench/kept_items.py [--articles 2000] [--rounds 3]

The first ARTICLES of Reuters-21578 and of the French Wikinews set, each as `reprise run` makes them
(`state.item`, sentence shingles included). Each figure is the best of ROUNDS passes over the articles
(one core, in this process): the ratio of the two is what a closed story reopened by a link saves on
each of its articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import DATA, machine  # noqa: E402
from reprise.stories import kept  # noqa: E402
from reprise.stories.state import item  # noqa: E402

SETS = {"Reuters-21578 (en)": (DATA / "reuters21578" / "reuters21578.jsonl", "en"),
        "French Wikinews (fr)": (DATA / "frwikinews-2016-2018" / "articles.jsonl", "fr")}


def made(records: list[dict], lang: str) -> list:
    out = [item(str(i), None, "bench", r.get("title") or "", r.get("text") or "", lang) for i, r in enumerate(records)]
    for it in out:
        it.sentence_shingles()
    return out


def best_ms(step, rounds: int, count: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return 1000 * best / count


def row(name: str, path: Path, lang: str, articles: int, rounds: int) -> str:
    if not path.exists():
        return f"| {name} | absent: {path} | | | | | | |"
    with open(path, encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(articles), lines)]
    n = len(records)
    items = made(records, lang)
    blobs = [kept.encode(it) for it in items]
    make = best_ms(lambda: made(records, lang), rounds, n)
    encode = best_ms(lambda: [kept.encode(it) for it in items], rounds, n)
    decode = best_ms(lambda: [kept.decode(b) for b in blobs], rounds, n)
    size = sum(map(len, blobs)) / n
    text = sum(len((r.get("text") or "").encode("utf-8")) for r in records) / n
    return f"| {name} | {n:,} | {make:.2f} | {encode:.2f} | {decode:.2f} | {make / decode:.1f} | {size:,.0f} | {text:,.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print("| set | articles | make ms/article | encode ms | decode ms | make / decode | blob bytes | text bytes |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (path, lang) in SETS.items():
        print(row(name, path, lang, args.articles, args.rounds))


if __name__ == "__main__":
    main()
