"""How `reprise dedup`, `reprise align` and `reprise run` grow with the corpus, and what a second run costs.

Inputs: the first 1k and 5k articles of Reuters-21578, all 19,043, and a larger stream built by
repeating Reuters with perturbations (each repeat gets new ids and a few words changed per
sentence, with a fixed seed; made in a temporary folder, never kept). Each command runs as a
process on one core; the table gives wall and CPU seconds, articles per CPU second and peak RSS.

The second-run rows measure the incremental store: `reprise run` on the whole of Reuters but
the last 1,000 articles, then a second `reprise run` with those 1,000 only. The second run
reads the stored indexes (near-duplicate band keys, reuse shingles, open stories) and pays for
the new articles, not for the archive.

    .venv/bin/python bench/scaling_bench.py [--repeats 3] [--skip-run]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, REPRISE, machine, timed_process  # noqa: E402

REUTERS = DATA / "reuters21578" / "reuters21578.jsonl"
WORD = re.compile(r"\b[a-z]{4,}\b")


def perturbed(record: dict, copy: int, rng: random.Random) -> dict:
    """A later version of an article: new id, one word in about every twelve replaced by another of the text."""
    text = record.get("text") or ""
    words = WORD.findall(text)

    def swap(match):
        return rng.choice(words) if words and rng.random() < 1 / 12 else match.group(0)

    out = dict(record, text=WORD.sub(swap, text))
    out["id"] = f"{record.get('id', '')}-v{copy}"
    return out


def write_inputs(folder: Path, repeats: int) -> dict[str, tuple[Path, int]]:
    records = [json.loads(line) for line in REUTERS.open(encoding="utf-8")]
    rng = random.Random(20261123)
    inputs = {}
    for name, rows in (("1k", records[:1000]), ("5k", records[:5000]), ("19k", records)):
        inputs[name] = (_write(folder / f"{name}.jsonl", rows), len(rows))
    stream = list(records)
    for copy in range(1, repeats):
        stream += [perturbed(r, copy, rng) for r in records]
    inputs[f"{len(stream) // 1000}k (Reuters x{repeats}, perturbed)"] = (_write(folder / "stream.jsonl", stream), len(stream))
    inputs["19k but the last 1k"] = (_write(folder / "head.jsonl", records[:-1000]), len(records) - 1000)
    inputs["the last 1k"] = (_write(folder / "tail.jsonl", records[-1000:]), 1000)
    return inputs


def _write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def reprise(verb: str, *args) -> tuple[float, float, int]:
    return timed_process([str(REPRISE), verb, *map(str, args), "--quiet"])


def row(what: str, n: int, measured: tuple[float, float, int]) -> str:
    wall, cpu, rss = measured
    return f"| {what} | {n:,} | {wall:.1f} | {cpu:.1f} | {n / cpu:,.0f} | {rss / 1024:.0f} MB |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="copies of Reuters in the large stream (default: 3)")
    parser.add_argument("--skip-run", action="store_true", help="measure dedup and align only")
    args = parser.parse_args()
    if not REUTERS.exists():
        print(f"skipped: no data at {REUTERS}")
        return 0
    print(f"machine: {machine()}; each command a process pinned to one core")
    print()
    print("| command | articles | wall s | CPU s | articles per CPU s | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = write_inputs(tmp, args.repeats)
        sizes = [k for k in inputs if not k.startswith(("19k but", "the last"))]
        for name in sizes:
            path, n = inputs[name]
            out = tmp / "out.jsonl"
            for verb in ("dedup", "align"):
                print(row(f"`reprise {verb}`, {name}", n, reprise(verb, path, "--output", out)))
            if not args.skip_run:
                db = tmp / f"{n}.db"
                print(row(f"`reprise run`, {name}", n, reprise("run", path, "--db", db)))
                db.unlink()
            sys.stdout.flush()
        if not args.skip_run:
            db = tmp / "incremental.db"
            head, n_head = inputs["19k but the last 1k"]
            tail, n_tail = inputs["the last 1k"]
            print(row("`reprise run`, first run: Reuters but the last 1k", n_head, reprise("run", head, "--db", db)))
            print(row("`reprise run`, second run: the last 1k into that store", n_tail, reprise("run", tail, "--db", db)))
            print(row("`reprise run`, the same 1k into an empty store", n_tail, reprise("run", tail, "--db", tmp / "scratch.db")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
