"""`reprise align INPUT... --output REUSE.jsonl`: every passage any two articles share, like passim."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    from . import add_quiet

    p = subparsers.add_parser("align", help="find the passages articles share (text reuse), as JSONL",
                              description="Read and clean the inputs as `reprise run` does, then write one JSON line "
                              "per pair of articles that share text: source_id, target_id, direction, common_source, "
                              "passages (character offsets in both clean texts), source_share, target_share.")
    p.add_argument("paths", nargs="+", metavar="INPUT", help="files, folders or feed URLs (as for `reprise run`)")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.add_argument("--outlet", help="outlet name for inputs that do not name one")
    p.add_argument("--max-df", type=int, default=100, help="n-grams in more articles than this are not anchors "
                   "(default: %(default)s)")
    p.add_argument("--ngram", type=int, default=5, help="words per anchor n-gram (default: %(default)s)")
    add_quiet(p)
    p.set_defaults(handler=handle)


def handle(args) -> int:
    from ..reuse import AlignConfig, align_corpus
    from ..reuse.inputs import read_documents
    from . import UserError

    if args.max_df < 2 or args.ngram < 1:
        raise UserError("--max-df must be at least 2 and --ngram at least 1")
    rejected = []
    docs = list(read_documents(args.paths, args.outlet, rejected.append))
    config = AlignConfig(n=args.ngram, max_df=args.max_df)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    pairs = passages = 0
    try:
        for reuse in align_corpus(docs, config):
            out.write(json.dumps(reuse.as_dict(), ensure_ascii=False) + "\n")
            pairs += 1
            passages += len(reuse.passages)
    finally:
        if args.output:
            out.close()
    if not args.quiet:
        where = f" -> {args.output}" if args.output else ""
        extra = f" · {len(rejected)} rejected" if rejected else ""
        print(f"{len(docs)} articles · {pairs} pairs share text · {passages} passages{extra}{where}", file=sys.stderr)
    return 0
