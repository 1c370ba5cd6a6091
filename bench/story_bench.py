"""Story assignment latency per article (p50, p99) and peak RSS, with an archive already stored.

    .venv/bin/python bench/story_bench.py [--archive 10000,100000] [--stream 2000]

The stream is Reuters-21578 (../shared/data/reuters21578) with dates spread at 300 articles a day.
For each archive size, a fresh store first gets that many stored articles (Reuters texts again,
with other ids, dated before the stream, each in its story: written straight to the tables, since
only their presence matters), then a child process opens it, loads the open stories (`StoryAssigner`),
and assigns the stream one article at a time (each committed, untimed). Reported: the
time to load, the latency of `assign` per article, the peak RSS of the child, its CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import DATA, machine  # noqa: E402

REUTERS = DATA / "reuters21578" / "reuters21578.jsonl"
PER_DAY = 300
START = datetime(1987, 6, 1, tzinfo=timezone.utc)


def reuters(limit: int, skip: int = 0):
    """(title, text) of Reuters articles with a body, cycling over the corpus."""
    records = [json.loads(line) for line in REUTERS.open(encoding="utf-8")]
    records = [(r.get("title") or "", r["text"]) for r in records if (r.get("text") or "").strip()]
    for i in range(skip, skip + limit):
        yield i, records[i % len(records)]


def build_archive(db: Path, n: int) -> None:
    from reprise.dates import iso
    from reprise.store import Store
    from reprise.stories.state import story_id

    store = Store.open(db)
    with store.transaction() as conn:
        for i, (title, text) in reuters(n):
            aid = f"archive{i:07d}"
            when = iso(START - timedelta(days=(n - i) / PER_DAY + 1))
            sid = story_id(aid)
            conn.execute("INSERT INTO articles (id, outlet, url, title, published, language, text, raw_text, credits,"
                         " source, content_hash, extra, story_id, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         (aid, "Reuters", "", title, when, "en", text, text, "[]", "{}", aid, "{}", sid, when))
            conn.execute("INSERT INTO stories (id, first_article, label, first_seen, last_seen, activity, article_count,"
                         " outlets, entities, summary) VALUES (?,?,?,?,?,?,1,'[]','[]','[]')",
                         (sid, aid, title, when, when, i + 1))
    store.close()


def child(db: str, stream: int) -> None:
    """Load, then assign the stream; prints one JSON line of figures."""
    from reprise.model import Article, Source
    from reprise.store import Store
    from reprise.stories.assign import StoryAssigner

    store = Store.open(db)
    start = time.perf_counter()
    assigner = StoryAssigner(store.conn)
    load = time.perf_counter() - start
    latencies = []
    for i, (title, text) in reuters(stream, skip=7000):
        article = Article(f"stream{i:07d}", "Reuters", "", title, START + timedelta(days=i / PER_DAY), "en", text, text,
                          [], Source("bench"), f"h{i}")
        start = time.perf_counter()
        writer = assigner.assign([article])
        latencies.append(time.perf_counter() - start)
        store.write_batch([article], [], {}, writers=[writer])  # committed, untimed: later stories read it back
    latencies.sort()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"load_s": load, "p50_ms": latencies[len(latencies) // 2] * 1000,
                      "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000, "max_ms": latencies[-1] * 1000,
                      "open_stories": len(assigner.clusterer.stories), "rss_mb": usage.ru_maxrss / 1024,
                      "cpu_s": usage.ru_utime + usage.ru_stime}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default="10000,100000")
    parser.add_argument("--stream", type=int, default=2000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    if not REUTERS.exists():
        print(f"Reuters absent: {REUTERS}", file=sys.stderr)
        return 1
    print(machine())
    print(f"{'archive':>8} {'load s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'open':>5} {'RSS MB':>7} {'CPU s':>6}")
    for n in (int(x) for x in args.archive.split(",")):
        with tempfile.TemporaryDirectory(prefix="reprise-story-bench-") as tmp:
            db = Path(tmp) / "bench.db"
            build_archive(db, n)
            out = subprocess.run([sys.executable, __file__, "--child", str(db), str(args.stream)], check=True,
                                 capture_output=True, text=True).stdout
            r = json.loads(out)
            print(f"{n:8d} {r['load_s']:7.2f} {r['p50_ms']:7.2f} {r['p99_ms']:7.2f} {r['max_ms']:7.1f} {r['open_stories']:5d}"
                  f" {r['rss_mb']:7.0f} {r['cpu_s']:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
