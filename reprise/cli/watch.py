"""`reprise watch FEEDS.txt`: poll feeds on their schedule and run the pipeline on what is new."""

from __future__ import annotations

import signal
import sys
from datetime import datetime
from pathlib import Path


def register(subparsers) -> None:
    from . import add_db, add_quiet

    p = subparsers.add_parser("watch", help="poll RSS/Atom feeds and store new articles as they come",
                              description="Poll each feed of FEEDS.txt (one URL a line, optionally followed by its own "
                              "interval) with conditional requests, fetch each new entry's page, extract and clean it, "
                              "and store it. A failing feed is retried later and never stops the others; Ctrl-C or "
                              "kill loses nothing committed.")
    p.add_argument("feeds", metavar="FEEDS.txt")
    add_db(p)
    p.add_argument("--every", default="10m", help="how often to poll each feed (30s, 10m, 1h; default: %(default)s)")
    p.add_argument("--timeout", default="20s", help="give up on a feed or page after this long (default: %(default)s)")
    p.add_argument("--once", action="store_true", help="poll every feed once, then stop (for cron and tests)")
    p.add_argument("--embeddings", metavar="MODEL", help="a sentence-embedding model file, as `reprise run --embeddings`: "
                   "stories across languages")
    add_quiet(p)
    p.set_defaults(handler=handle)


def _stop(signum, frame):
    raise KeyboardInterrupt  # `kill` stops like Ctrl-C: the batch being written is rolled back, the rest kept


def handle(args) -> int:
    from ..store import Store
    from ..stories.assign import check_embedding_model
    from ..watch import WatchError, parse_interval, read_feeds, watch
    from . import UserError, load_embedder

    embedder = load_embedder(args.embeddings)
    try:
        every, timeout = parse_interval(args.every), parse_interval(args.timeout)
        if every < 10 and not args.once:
            raise WatchError(f"--every {args.every} is too often for other people's servers: 10s at least")
        feeds = read_feeds(Path(args.feeds), every)
    except WatchError as err:
        raise UserError(str(err)) from None
    store = Store.open(args.db)
    try:
        check_embedding_model(store.conn, embedder)  # now, not as a failed poll of every feed
    except BaseException:
        store.close()
        raise
    signal.signal(signal.SIGTERM, _stop)
    if not args.quiet:
        print(f"reprise watch: {len(feeds)} feed{'s' if len(feeds) != 1 else ''} into {args.db}"
              + ("" if args.once else " (Ctrl-C stops)"), file=sys.stderr)

    def log(line: str) -> None:
        if not args.quiet or ": failed: " in line:
            print(f"{datetime.now().strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)

    try:
        watch(feeds, store, once=args.once, timeout=timeout, log=log, embedder=embedder)
    finally:
        store.close()
    return 0
