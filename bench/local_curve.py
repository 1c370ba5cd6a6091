"""How the local driver's cost grows along one long stream: `reprise run` on the Reuters stream of
`bench/spark_bench.py` (copy k of each dispatch k years later, its first word dropped), sampled as it goes.

    .venv/bin/python bench/local_curve.py [--size 1000000] [--step 50000] [--max-minutes 90]

The first N articles of the stream of any size are the stream of size N, and `reprise run` commits each
batch as it goes, so one run gives the cost of every size it passes: a row each time the store holds
another `--step` articles (counted read-only from the store), with the wall and CPU seconds so far, the
marginal milliseconds an article since the previous row, and the peak memory (PSS) so far. A run stopped
at `--max-minutes` leaves the rows it reached: a 1M stream takes hours on one core.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from common import REPRISE, machine
from spark_bench import REUTERS, stream, tree


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="articles in the stream")
    parser.add_argument("--step", type=int, default=50_000, help="a row every this many stored articles")
    parser.add_argument("--max-minutes", type=float, default=90.0, help="stop the run after this long")
    args = parser.parse_args()
    if not REUTERS.exists():
        raise SystemExit(f"Reuters data not found at {REUTERS}")
    print(f"machine: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="local-curve-"))
    proc = None
    try:
        data, db = work / "stream.jsonl", work / "stream.db"
        stream(args.size, data)
        print(f"stream: {args.size:,} articles built from Reuters-21578; `reprise run` into a new store")
        print("| stored articles | wall s | CPU s | marginal ms/article (wall) | peak MiB |")
        print("|---:|---:|---:|---:|---:|", flush=True)
        start = time.perf_counter()
        proc = subprocess.Popen([str(REPRISE), "run", str(data), "--db", str(db), "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak, cpu, mark, last = 0, {}, args.step, (0, 0.0)
        while proc.poll() is None:
            sample = tree(proc.pid)
            peak = max(peak, sum(pss for pss, _ in sample.values()))
            cpu.update({p: seconds for p, (_, seconds) in sample.items()})
            wall = time.perf_counter() - start
            count = stored(db)
            if count >= mark or wall > args.max_minutes * 60:
                rate = (wall - last[1]) / max(1, count - last[0]) * 1000
                print(f"| {count:,} | {wall:.0f} | {sum(cpu.values()):.0f} | {rate:.1f} | {peak // 1024} |", flush=True)
                last = (count, wall)
                mark = (count // args.step + 1) * args.step
            if wall > args.max_minutes * 60:
                print(f"stopped after {args.max_minutes:g} minutes at {count:,} of {args.size:,} articles")
                break
            time.sleep(2)
        else:
            if proc.returncode:
                raise SystemExit(f"reprise run failed (exit {proc.returncode})")
            wall = time.perf_counter() - start
            print(f"| {stored(db):,} (end) | {wall:.0f} | {sum(cpu.values()):.0f} | | {peak // 1024} |")
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
