"""`reprise run PATH...`: the whole pipeline into the store, incrementally."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    from . import add_db, add_quiet

    p = subparsers.add_parser("run", help="read, clean and store articles (files, folders, feed URLs)",
                              description="Read files, folders (recursively) and feed URLs; clean every article; "
                              "store it. Re-running on the same input adds nothing.")
    p.add_argument("paths", nargs="*", metavar="PATH", help=".txt .jsonl[.gz] .html .warc[.gz] .rss/.atom/.xml, "
                   "folders of them, or http(s) feed URLs")
    add_db(p)
    p.add_argument("--outlet", help="outlet name for inputs that do not name one (default: the folder's name)")
    p.add_argument("--store-only", action="store_true", help="read, clean and store, and leave duplicates, reuse "
                   "and stories to the next `reprise run`, which matches these articles first (loading an archive)")
    p.add_argument("--match-stored", action="store_true", help="with no PATH: only match what a --store-only run "
                   "left (any run with a PATH does that first anyway)")
    p.add_argument("--embeddings", metavar="MODEL", help="a sentence-embedding model file on local disk "
                   "(reprise[embed]: multilingual-e5-small, 4-bit): stories decided with it too, across languages; "
                   "about 0.1-0.3 s of one core an article")
    add_quiet(p)
    p.set_defaults(handler=handle)


def handle(args) -> int:
    from ..pipeline import run
    from ..store import Store
    from . import UserError, load_embedder

    if args.store_only and args.match_stored:
        raise UserError("--store-only and --match-stored go against each other: choose one")
    if not args.paths and not args.match_stored:
        raise UserError("give a PATH to read (or --match-stored to match what a --store-only run left)")
    embedder = load_embedder(args.embeddings)
    store = Store.open(args.db)
    try:
        summary = run(args.paths, store, outlet=args.outlet, progress=not args.quiet, store_only=args.store_only,
                      embedder=embedder)
    finally:
        store.close()
    if not args.quiet:
        for line in summary.reject_lines:
            print(line, file=sys.stderr)
        if summary.rejected > len(summary.reject_lines):
            print(f"... and {summary.rejected - len(summary.reject_lines)} more rejects", file=sys.stderr)
        print(summary.line(args.db))
    return 0
