"""Local driver against Spark local[2] on Reuters-21578 and streams built from it: wall time, CPU
seconds and peak memory (PSS of the whole process tree: Python, the JVM and Spark's Python workers).

    .venv/bin/python bench/spark_bench.py [--sizes 2000,19043,100000]

A stream larger than Reuters repeats it: copy k of an article gets its own id and date (k years
later) and its first word dropped, so copies are near duplicates and reuse, as a wire archive has.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import DATA, REPRISE, machine

REUTERS = DATA / "reuters21578" / "reuters21578.jsonl"


def stream(size: int, path: Path) -> None:
    docs = [json.loads(line) for line in REUTERS.open(encoding="utf-8")]
    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            d = dict(docs[i % len(docs)])
            k = i // len(docs)
            if k:
                d["id"] = f"{d['id']}-{k}"
                d["date"] = str(int(d["date"][:4]) + k) + d["date"][4:] if d.get("date") else d.get("date")
                d["text"] = d["text"].split(" ", 1)[-1]
            out.write(json.dumps(d, ensure_ascii=False) + "\n")


def tree(pid: int) -> dict[int, tuple[int, float]]:
    """{pid: (proportional set size in KiB, CPU seconds so far)} of a process and all its descendants
    (PSS counts the pages forked workers share once)."""
    found, frontier = {}, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while frontier:
        p = frontier.pop()
        try:
            pss = sum(int(line.split()[1]) for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines()
                      if line.startswith("Pss:"))
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            found[p] = (pss, (int(fields[11]) + int(fields[12])) / tick)
            for task in Path(f"/proc/{p}/task").iterdir():
                frontier += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return found


def measure(args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the tree, peak memory of the tree in MiB), sampled every 0.25 s."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, cpu = 0, {}
    while proc.poll() is None:
        sample = tree(proc.pid)
        peak = max(peak, sum(pss for pss, _ in sample.values()))
        cpu.update({p: seconds for p, (_, seconds) in sample.items()})
        time.sleep(0.25)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"failed: {' '.join(map(str, args))}")
    return wall, sum(cpu.values()), peak // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,19043", help="articles per stream, comma-separated")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    if not REUTERS.exists():
        raise SystemExit(f"Reuters data not found at {REUTERS}")
    print(f"machine: {machine()}")
    print("| articles | local wall s | local CPU s | local peak MiB | spark wall s | spark CPU s | spark peak MiB "
          "| spark / local wall |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    work = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            data = work / f"reuters-{size}.jsonl"
            stream(size, data)
            local = measure([str(REPRISE), "run", str(data), "--db", str(work / f"{size}.db"), "--quiet"])
            spark = measure([str(REPRISE), "spark", "run", str(data), "--output", str(work / f"out-{size}"),
                             "--master", args.master, "--quiet"])
            print(f"| {size} | {local[0]:.0f} | {local[1]:.0f} | {local[2]} | {spark[0]:.0f} | {spark[1]:.0f} | {spark[2]} "
                  f"| {spark[0] / local[0]:.2f} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
