"""Shared helpers for the benchmarks: where the data is, what machine this is, timing a process."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPRISE = ROOT / ".venv" / "bin" / "reprise"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    cpu = cpu_model()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, load average {load:.2f}"


def timed_process(args: list[str], one_core: bool = True, env: dict | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in KiB) of a child process, pinned to one core when asked
    (`env`: variables to set for it).

    CPU seconds (user + system) suffer less than wall time when other work shares the machine.
    The figures are the child's own (with the workers it waited for), not a maximum over every
    child this process has run.
    """
    if one_core and hasattr(os, "sched_setaffinity"):
        core = sorted(os.sched_getaffinity(0))[-1]
        args = ["taskset", "-c", str(core), *args]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, env={**os.environ, **env} if env else None)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, args)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss
