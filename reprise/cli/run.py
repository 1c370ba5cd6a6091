"""`reprise run PATH...`: the whole pipeline into the store, incrementally."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    from . import add_db, add_quiet

    p = subparsers.add_parser("run", help="read, clean and store articles (files, folders, feed URLs)",
                              description="Read files, folders (recursively) and feed URLs; clean every article; "
                              "store it. Re-running on the same input adds nothing.")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt .jsonl[.gz] .html .warc[.gz] .rss/.atom/.xml, "
                   "folders of them, or http(s) feed URLs")
    add_db(p)
    p.add_argument("--outlet", help="outlet name for inputs that do not name one (default: the folder's name)")
    add_quiet(p)
    p.set_defaults(handler=handle)


def handle(args) -> int:
    from ..pipeline import run
    from ..store import Store

    store = Store.open(args.db)
    try:
        summary = run(args.paths, store, outlet=args.outlet, progress=not args.quiet)
    finally:
        store.close()
    if not args.quiet:
        for line in summary.reject_lines:
            print(line, file=sys.stderr)
        if summary.rejected > len(summary.reject_lines):
            print(f"... and {summary.rejected - len(summary.reject_lines)} more rejects", file=sys.stderr)
        print(summary.line(args.db))
    return 0
