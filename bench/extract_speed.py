"""Pages per second: reprise's HTML extraction beside trafilatura alone, on the same pages, in one run.

    .venv/bin/python bench/extract_speed.py [PAGES_DIR] [--limit N] [--rounds R]

PAGES_DIR holds .html or .html.gz pages (default: ../shared/data/trafilatura-eval/pages).
The extractors run in this one process, one after the other on each page (rotating which goes
first), so that a busy machine slows all alike; the ratios are the figures to read.
"trafilatura alone" is the benchmark's call (text only); "trafilatura+metadata" is the call reprise
made before (text, title, date, site name); "reprise extract()" adds pruning, link-block
filtering, the standfirst and the short-text retry, with metadata.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, cpu_model  # noqa: E402

DEFAULT = DATA / "trafilatura-eval" / "pages"


def load(folder: Path, limit: int | None) -> list[bytes]:
    files = sorted(p for p in folder.iterdir() if p.name.endswith((".html", ".htm", ".html.gz", ".htm.gz", ".gz")))
    if limit:
        files = files[:limit]
    return [gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in files]


def trafilatura_alone(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html, deduplicate=False, include_comments=False, include_tables=True) or ""


def trafilatura_metadata(html: bytes) -> str:
    """What reprise's extract() was before pruning and filtering: text plus metadata."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, deduplicate=False, include_comments=False, include_tables=True,
                                      with_metadata=True)
    return (doc.text or "") if doc else ""


def reprise_extract(html: bytes) -> str:
    from reprise.ingest.html import extract

    found = extract(html)
    return found.text if found else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (by name)")
    ap.add_argument("--rounds", type=int, default=1, help="passes over the pages")
    ap.add_argument("--no-warmup", action="store_true", help="skip the untimed first pass over all pages")
    args = ap.parse_args(argv)
    folder = Path(args.pages)
    if not folder.is_dir():
        print(f"no pages folder at {folder}", file=sys.stderr)
        return 2
    pages = load(folder, args.limit)
    if not pages:
        print(f"no pages in {folder}", file=sys.stderr)
        return 2
    runners = {"trafilatura alone": trafilatura_alone, "trafilatura+metadata": trafilatura_metadata,
               "reprise extract()": reprise_extract}
    # Warm up outside the clock: imports, and the date parser's per-language caches, which
    # would otherwise be paid by whichever extractor meets a language first.
    if not args.no_warmup:
        for html in pages:
            trafilatura_metadata(html)
    for run in runners.values():
        run(pages[0])
    spent = dict.fromkeys(runners, 0.0)
    chars = dict.fromkeys(runners, 0)
    names = list(runners)
    for r in range(args.rounds):
        for i, html in enumerate(pages):
            order = names[(i + r) % len(names):] + names[:(i + r) % len(names)]
            for name in order:
                t = time.perf_counter()
                text = runners[name](html)
                spent[name] += time.perf_counter() - t
                chars[name] += len(text)
    n = len(pages) * args.rounds
    print(f"machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}, "
          f"Python {platform.python_version()}")
    print(f"{len(pages)} pages from {folder} x {args.rounds} round(s), one process")
    print(f"{'extractor':<20} {'seconds':>8} {'pages/s':>8} {'ms/page':>8} {'chars out':>10}")
    for name in names:
        print(f"{name:<20} {spent[name]:8.1f} {n / spent[name]:8.1f} {1000 * spent[name] / n:8.1f} {chars[name]:10d}")
    ours = spent["reprise extract()"]
    print(f"reprise extract() time / trafilatura alone: {ours / spent['trafilatura alone']:.2f}; "
          f"/ trafilatura+metadata: {ours / spent['trafilatura+metadata']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
