"""`make demo`: run the main job on real news and say where to look.

Input, in this order: `--data PATH` (files or folders); else the French Wikinews set in
`../shared/data` when it sits beside the checkout (no network is touched then); else the live
feeds listed in `examples/feeds-fr.txt`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from .paths import PROJECT, SHARED_DATA
from .pipeline import run
from .store import Store
from .text import shortened

WIKINEWS = SHARED_DATA / "frwikinews-2016-2018" / "articles.jsonl"
FEEDS = PROJECT / "examples" / "feeds-fr.txt"
OUT = PROJECT / "demo-out"


def feed_urls(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def choose_input(data: str | None) -> tuple[list[str], str]:
    if data:
        return [data], f"your files ({data})"
    if WIKINEWS.exists():
        return [str(WIKINEWS)], f"the French Wikinews set beside the checkout ({WIKINEWS}); no network used"
    return feed_urls(FEEDS), f"{len(feed_urls(FEEDS))} live French news feeds ({FEEDS.relative_to(PROJECT)})"


def report(store: Store, db: Path) -> None:
    conn = store.conn
    n = store.count("articles")
    if not n:
        print("No article could be stored; see the rejects above.")
        return
    outlets = conn.execute("SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY 2 DESC LIMIT 5").fetchall()
    languages = conn.execute("SELECT language, count(*) FROM articles GROUP BY language ORDER BY 2 DESC LIMIT 5").fetchall()
    rules = conn.execute("SELECT rule, count(*) FROM removed GROUP BY rule ORDER BY 2 DESC").fetchall()
    credits: Counter = Counter()
    for (value,) in conn.execute("SELECT credits FROM articles WHERE credits != '[]'"):
        credits.update(value.strip("[]").replace('"', "").split(", "))
    example = conn.execute(
        "SELECT a.id, a.title FROM articles a JOIN removed r ON r.article_id = a.id "
        "GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1"
    ).fetchone() or conn.execute("SELECT id, title FROM articles ORDER BY seq LIMIT 1").fetchone()
    print()
    print(f"{n} articles in {db}")
    print("  outlets:   " + ", ".join(f"{o} ({c})" for o, c in outlets))
    print("  languages: " + ", ".join(f"{lang} ({c})" for lang, c in languages))
    if rules:
        print("  cleaning cut: " + ", ".join(f"{r} ({c})" for r, c in rules))
    if credits:
        print("  agency credits: " + ", ".join(f"{k} ({c})" for k, c in credits.most_common(6)))
    copies, groups = conn.execute("SELECT count(*), count(DISTINCT duplicate_of) FROM articles "
                                  "WHERE duplicate_of IS NOT NULL").fetchone()
    print(f"  duplicates: {copies} articles are copies or near copies of another, in {groups} groups")
    rel = db.relative_to(Path.cwd()) if db.is_relative_to(Path.cwd()) else db
    pair = show_reuse(store, db.parent / "reuse.jsonl")
    story = show_stories(store)
    print()
    print("Where to look:")
    print(f"  .venv/bin/reprise serve --db {rel}   # the web desk on http://127.0.0.1:8000/: stories, articles, who took what")
    if story:
        print(f"  .venv/bin/reprise story {story} --db {rel}   # the largest story: timeline, outlets, entities, summary")
        print(f"  .venv/bin/reprise stories --db {rel} | head   # every story, newest activity first")
    if pair:
        print(f"  .venv/bin/reprise reuse {pair[0]} {pair[1]} --db {rel}   # the pair that shares most, side by side")
    print(f"  .venv/bin/reprise show {example[0]} --db {rel} --removed   # \"{shortened(example[1], 60)}\", "
          "with its cuts in place")
    print(f"  .venv/bin/reprise export articles --db {rel} | head -n 3    # every article as JSONL (also --format csv|parquet)")
    print(f"  .venv/bin/reprise export removed --db {rel} | head          # every cut, with its rule and offsets")
    print(f"  .venv/bin/reprise export duplicates --db {rel}               # each group of copies, canonical first")
    print(f"  .venv/bin/reprise export rejects --db {rel}                  # every input that could not be used, and why")


def show_stories(store: Store) -> str | None:
    """Say how the articles group into stories; the id of the largest."""
    live, merged = store.conn.execute(
        "SELECT count(*) FILTER (WHERE merged_into IS NULL), count(*) FILTER (WHERE merged_into IS NOT NULL) FROM stories"
    ).fetchone()
    top = store.conn.execute(
        "SELECT id, label, article_count FROM stories WHERE merged_into IS NULL ORDER BY article_count DESC, rowid LIMIT 1"
    ).fetchone()
    if top is None:
        return None
    several = store.conn.execute(
        "SELECT count(*) FROM stories WHERE merged_into IS NULL AND article_count > 1").fetchone()[0]
    print(f"  stories: {live} ({several} with more than one article; {merged} merged into another)")
    print(f"  largest story: {top[1]!r}, {top[2]} articles")
    return top[0]


def show_reuse(store: Store, output: Path) -> tuple[str, str] | None:
    """Say what the stored articles share (found by `reprise run` as they came); the top pair's ids."""
    from .export import write

    count = write(store.rows("reuse"), "jsonl", str(output), "reuse")
    print(f"  reuse: {count} pairs of articles share passages (written to {output.name})")
    top = store.conn.execute(
        "SELECT source_id, target_id, target_share, passages FROM reuse ORDER BY target_share DESC, source_id, target_id LIMIT 1"
    ).fetchone()
    if top is None:
        return None
    source_id, target_id, target_share, passages = top
    count = len(json.loads(passages))
    print(f"  most copied: {target_share:.0%} of {target_id} is in {source_id} ({count} passage{'s' if count > 1 else ''})")
    return source_id, target_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="files or a folder to run on instead of the default input")
    parser.add_argument("--db", type=Path, default=OUT / "news.db")
    args = parser.parse_args(argv)
    paths, what = choose_input(args.data)
    if args.data and not Path(args.data).exists():
        print(f"make demo: error: {args.data} does not exist", file=sys.stderr)
        return 2
    args.db.parent.mkdir(parents=True, exist_ok=True)
    print(f"reprise demo: reading {what}")
    store = Store.open(args.db)
    try:
        summary = run(paths, store, progress=True)
        for line in summary.reject_lines:
            print(line, file=sys.stderr)
        print(summary.line(args.db))
        report(store, args.db.resolve())
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
