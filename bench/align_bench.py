"""Benchmark `reprise align` on Reuters-21578 (19,043 articles): one process, one core.

Runs `reprise align` as a process (as a user would) and prints articles/s, wall time, peak
RSS and pairs found, with the machine (nproc, CPU model); then, in this process, the time
of each stage (reading + cleaning with `prepare`, then alignment) to show where it goes.

    .venv/bin/python bench/align_bench.py [INPUT] [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA as SHARED_DATA  # noqa: E402
from common import cpu_model  # noqa: E402

DATA = SHARED_DATA / "reuters21578" / "reuters21578.jsonl"
PASSIM_SECONDS = 215  # passim on the same file, measured on these machines


def run_process(path: Path) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MiB, pairs) of one `reprise align` process."""
    exe = Path(sys.executable).with_name("reprise")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "reprise"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reuse.jsonl"
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        start = time.perf_counter()
        proc = subprocess.Popen(command + ["align", str(path), "--output", str(out), "--quiet"], env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if status != 0:
            raise SystemExit(f"reprise align failed with status {status}")
        pairs = sum(1 for _ in out.open(encoding="utf-8"))
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, pairs


def stages(path: Path) -> tuple[int, tuple[float, float], tuple[float, float]]:
    """Articles, and (wall, CPU) seconds of reading + cleaning, then of alignment."""
    from reprise.reuse import align_corpus
    from reprise.reuse.inputs import read_documents

    wall, cpu = time.perf_counter(), time.process_time()
    docs = list(read_documents([str(path)]))
    read = (time.perf_counter() - wall, time.process_time() - cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    sum(1 for _ in align_corpus(docs))
    return len(docs), read, (time.perf_counter() - wall, time.process_time() - cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?", type=Path, default=DATA)
    parser.add_argument("--runs", type=int, default=1, help="process runs; the best is reported (default: 1)")
    args = parser.parse_args()
    if not args.input.exists():
        print(f"skipped: no data at {args.input}")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, children included
    runs = [run_process(args.input) for _ in range(max(1, args.runs))]
    seconds, cpu, rss, pairs = min(runs)
    n, read, align = stages(args.input)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: nproc {os.cpu_count()} · {cpu_model()} · Python {platform.python_version()} · pinned to one core"
          f" · load average {load:.1f} at the end")
    print(f"input: {args.input.name} ({n} articles)")
    print()
    print("| what | articles | wall s | CPU s | articles/s (wall) | peak RSS | pairs |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| `reprise align` (process) | {n} | {seconds:.1f} | {cpu:.1f} | {n / seconds:,.0f} | {rss:.0f} MiB | {pairs:,} |")
    print(f"| stage: read + clean (`prepare`) | {n} | {read[0]:.1f} | {read[1]:.1f} | {n / read[0]:,.0f} | | |")
    print(f"| stage: align (`align_corpus`) | {n} | {align[0]:.1f} | {align[1]:.1f} | {n / align[0]:,.0f} | | |")
    print(f"| passim (reference) | {n} | {PASSIM_SECONDS} | | {n / PASSIM_SECONDS:,.0f} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
