"""`reprise spark run INPUT... --output DIR` and `reprise spark load DIR`: the pipeline on Spark."""

from __future__ import annotations

import re


def register(subparsers) -> None:
    from . import add_db, add_quiet

    p = subparsers.add_parser("spark", help="run the pipeline on Spark; load its output into a store",
                              description="The same pipeline as `reprise run`, on a Spark cluster or in local mode.")
    verbs = p.add_subparsers(dest="spark_command", metavar="VERB", required=True)
    r = verbs.add_parser("run", help="read, clean, match: Parquet out, one folder per table",
                         description="Read JSONL(.gz), WARC or Parquet inputs; write DIR/articles, DIR/removed, DIR/rejects, "
                         "DIR/duplicates (and DIR/state for `spark load`) as Parquet.")
    r.add_argument("paths", nargs="+", metavar="INPUT", help=".jsonl[.gz] .warc[.gz] .parquet (and what `reprise run` "
                   "reads) files or folders: local paths, or URIs of any file system Spark reads (hdfs://, s3a://, ...)")
    r.add_argument("--output", "-o", required=True, metavar="DIR", help="folder to write the tables into (a local path or "
                   "a URI, as INPUT)")
    r.add_argument("--master", default="local[*]", help="Spark master: local[N], spark://HOST:PORT, yarn (default: %(default)s)")
    r.add_argument("--partitions", type=_positive, help="partitions of each shuffle (default: twice the cores)")
    r.add_argument("--outlet", help="outlet name for inputs that do not name one")
    r.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    r.add_argument("--embeddings", metavar="MODEL", help="a sentence-embedding model file, as `reprise run --embeddings`; "
                   "the same path must be readable on every worker")
    add_quiet(r)
    r.set_defaults(handler=handle_run)
    load = verbs.add_parser("load", help="bring the output of `spark run` into a store",
                            description="Load the tables of a `reprise spark run` output folder into a store.")
    load.add_argument("folder", metavar="DIR", help="the output folder: a local path, or a URI (file://, hdfs://, s3://, "
                      "s3a://, gs://)")
    add_db(load)
    add_quiet(load)
    load.set_defaults(handler=handle_load)


def _positive(text: str) -> int:
    import argparse

    if not re.fullmatch(r"[1-9][0-9]*", text):
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def handle_run(args) -> int:
    from . import UserError, load_embedder

    conf = {}
    for item in args.conf:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UserError(f"--conf takes KEY=VALUE, not {item!r}")
        conf[key] = value
    load_embedder(args.embeddings)  # a wrong file is one line now, not a failed Spark job later
    try:
        from ..spark.driver import run
        from ..spark.session import SparkUnavailable, start, width
    except ImportError:
        from ..spark import MISSING

        raise UserError(MISSING) from None
    try:
        spark = start(args.master, args.partitions, conf)
    except SparkUnavailable as err:
        raise UserError(str(err)) from None
    try:
        summary = run(spark, args.paths, args.output, width(spark), outlet=args.outlet,
                      embeddings=str(args.embeddings) if args.embeddings else None)
    finally:
        spark.stop()
    if not args.quiet:
        print(summary.line(args.output))
    return 0


def handle_load(args) -> int:
    from ..spark.load import load
    from ..store import Store

    store = Store.open(args.db)
    try:
        counts = load(args.folder, store)
    finally:
        store.close()
    if not args.quiet:
        print(" · ".join(f"{n} {table}" for table, n in counts.items()) + f" loaded into {args.db}")
    return 0
