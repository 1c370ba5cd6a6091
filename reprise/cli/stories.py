"""`reprise stories`: the stories of the store, newest activity first, one block each."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    from . import add_db

    p = subparsers.add_parser("stories", help="list the stories of the store, newest activity first",
                              description="List stories: label, id, span, articles and outlets.")
    add_db(p)
    p.add_argument("--since", help="stories seen on or after this date (YYYY-MM-DD or ISO 8601 time)")
    p.add_argument("--outlet", help="stories with an article of this outlet")
    p.add_argument("--query", help="words that must all appear in the label or in an article title")
    p.add_argument("--entity", help="stories naming this person, place or organisation")
    p.add_argument("--limit", type=int, default=50, help="at most this many stories (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(handler=handle)


def since_value(text: str | None) -> str | None:
    """The stored form (ISO 8601 UTC) of a --since date, or a UserError."""
    from ..dates import iso, parse_date
    from . import UserError

    if not text:
        return None
    when = parse_date(text)
    if when is None:
        raise UserError(f"--since {text!r} is not a date (use YYYY-MM-DD or an ISO 8601 time)")
    return iso(when)


def handle(args) -> int:
    from ..store import Store
    from ..stories.read import list_stories
    from . import UserError

    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    since = since_value(args.since)
    store = Store.open(args.db, create=False)
    try:
        found = list_stories(store.conn, since=since, outlet=args.outlet, query=args.query, entity=args.entity,
                             limit=args.limit)
    finally:
        store.close()
    for s in found:
        if args.json:
            print(json.dumps(s, ensure_ascii=False))
            continue
        span = f"{s['first_seen'] or '?'} → {s['last_seen'] or '?'}" if s["first_seen"] else "undated"
        outlets = ", ".join(f"{o['outlet']} ({o['count']})" for o in s["outlets"][:5])
        print(f"{s['label']}\n  {s['id']} · {s['article_count']} articles · {span}\n  outlets: {outlets}\n")
    if not found and not args.json:
        print("no story matches" if any((args.since, args.outlet, args.query, args.entity)) else "no stories yet")
    return 0
