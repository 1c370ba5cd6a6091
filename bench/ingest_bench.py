"""Read + clean + store of Reuters-21578 (19,043 articles) on one core, as a user runs it.

Prints articles/s, MB/s and peak RSS of `reprise run --store-only` (read, clean, language, store:
this issue's job) and of the whole `reprise run` (which also finds near duplicates and reuse, and
assigns stories) as processes pinned to one core (best of N runs, each into a fresh store), then
where the time goes inside one process, stage by stage, and how often the function-word fast path
of language identification answers and agrees with py3langid.

    .venv/bin/python bench/ingest_bench.py [--runs 3] [--skip-full] [--input PATH]

`--skip-full` leaves out the whole-pipeline runs (minutes each: reuse and stories dominate them);
`--runs 0` leaves out every process run and prints the stages only.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, REPRISE, machine, timed_process  # noqa: E402


def process_runs(data: Path, runs: int, options: tuple[str, ...] = (), empty_cache: bool = False) -> tuple[float, float, int]:
    """Best wall time, best CPU time and peak RSS of `reprise run OPTIONS` into a fresh store (`empty_cache`:
    and with an empty cache, as the first run on a machine, which unpacks py3langid's model into it)."""
    best, best_cpu, peak = float("inf"), float("inf"), 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = {"REPRISE_CACHE": f"{tmp}/cache"} if empty_cache else None
            elapsed, cpu, rss = timed_process([str(REPRISE), "run", str(data), "--db", f"{tmp}/bench.db", "--quiet",
                                               *options], env=env)
        best, best_cpu, peak = min(best, elapsed), min(best_cpu, cpu), max(peak, rss)
    return best, best_cpu, peak


def stages(data: Path) -> tuple[int, dict[str, float], tuple[int, int]]:
    from reprise import language
    from reprise.clean import clean
    from reprise.duplicates import DuplicateLinker
    from reprise.ingest import read_input
    from reprise.reuse_links import ReuseLinker
    from reprise.store import Store
    from reprise.text import normalise

    times: dict[str, float] = {}  # CPU seconds per stage
    language._identifier()  # model load is counted apart, in the process runs above
    gc.set_threshold(50_000, 20, 20)
    start = time.process_time()
    items = list(read_input(data))
    times["read (JSONL, fields, dates)"] = time.process_time() - start
    start = time.process_time()
    raws = [normalise(item.text) for item in items]
    times["normalise (NFC, spaces, unwrap)"] = time.process_time() - start
    start = time.process_time()
    cleaned = [clean(raw) for raw in raws]
    times["clean (boilerplate rules)"] = time.process_time() - start
    start = time.process_time()
    for c, item in zip(cleaned, items):
        language.identify(c.text, item.title)
    times["language id"] = time.process_time() - start
    fast = agree = 0
    for c, item in zip(cleaned, items):
        sample = item.title + "\n" + c.text[: language.SAMPLE_CHARS]
        quick = language.by_function_words(sample)
        if quick:
            fast += 1
            agree += quick == language.identify_slow(sample)
    from reprise.pipeline import prepare

    articles = [prepare(item) for item in items]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"{tmp}/stages.db")
        linker = DuplicateLinker(store.conn)
        start = time.process_time()
        for i in range(0, len(articles), 500):
            linker.add_batch([(a.id, a.text) for a in articles[i: i + 500]])
        times["near duplicates (shingles, MinHash, LSH, verify)"] = time.process_time() - start
        start = time.process_time()
        for i in range(0, len(articles), 500):
            store.write_batch(articles[i: i + 500], [], {})
        times["store (SQLite, 500 a batch)"] = time.process_time() - start
        reuse = ReuseLinker(store.conn)  # after the store: earlier articles are read back from it
        start = time.process_time()
        for i in range(0, len(articles), 500):
            reuse.add_batch(articles[i: i + 500])
        times["reuse (anchors, alignment)"] = time.process_time() - start
        store.close()
    return len(items), times, (fast, agree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=DATA / "reuters21578" / "reuters21578.jsonl")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-full", action="store_true", help="time `reprise run --store-only` only")
    args = parser.parse_args()
    if not args.input.exists():
        sys.exit(f"no input at {args.input}")
    size_mb = args.input.stat().st_size / 1e6
    print(f"machine: {machine()}")
    print(f"input: {args.input.name}, {size_mb:.1f} MB")
    # The process runs go first: a child forked from a parent that holds the corpus would report
    # the parent's memory as its own peak.
    rows = []
    if args.runs > 0:
        rows.append(("`--store-only`: read, clean, language, store", process_runs(args.input, args.runs, ("--store-only",))))
        rows.append(("the same, first run on a machine (empty cache: py3langid's model unpacked into it)",
                     process_runs(args.input, args.runs, ("--store-only",), empty_cache=True)))
        if not args.skip_full:
            rows.append(("read, clean, language, duplicates, reuse, stories, store", process_runs(args.input, args.runs)))
    n, times, (fast, agree) = stages(args.input)
    if rows:
        print()
        print(f"| `reprise run`, one core, best of {args.runs} | articles | wall s | articles/s | MB/s | CPU s "
              "| articles per CPU s | peak RSS |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, (elapsed, cpu, rss) in rows:
            print(f"| {name} | {n} | {elapsed:.2f} | {n / elapsed:,.0f} | {size_mb / elapsed:.1f} "
                  f"| {cpu:.2f} | {n / cpu:,.0f} | {rss / 1024:.0f} MB |")
    print()
    print("| stage, in one process | CPU s | articles per CPU s |")
    print("|---|---:|---:|")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} | {n / seconds:,.0f} |")
    print()
    print(f"language: the function-word fast path answered {fast}/{n} articles ({fast / n:.1%}); "
          f"py3langid agrees on {agree}/{fast} ({agree / max(fast, 1):.2%}); the rest went to py3langid")


if __name__ == "__main__":
    main()
