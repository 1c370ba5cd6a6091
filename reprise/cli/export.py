"""`reprise export TABLE`: a table of the store as JSONL, CSV or Parquet."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    from ..export import FORMATS, TABLES
    from . import add_db

    p = subparsers.add_parser("export", help="write a table of the store as JSONL, CSV or Parquet",
                              description="Write a table to standard output (or --output). Tables: " + ", ".join(TABLES))
    p.add_argument("table", choices=TABLES)
    add_db(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="jsonl", help="default: %(default)s")
    p.add_argument("--output", "-o", help="file to write (default: standard output; required for parquet)")
    p.set_defaults(handler=handle)


def handle(args) -> int:
    from ..export import write
    from ..store import Store

    store = Store.open(args.db, create=False)
    try:
        n = write(store.rows(args.table), args.format, args.output, args.table)
    finally:
        store.close()
    if args.output:
        print(f"{n} {args.table} rows written to {args.output}", file=sys.stderr)
    return 0
