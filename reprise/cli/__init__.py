"""The `reprise` command: one verb per module in this package, errors in one line."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from . import align, dedup, evaluate, export, reuse, run, serve, show, spark, stories, story, watch

COMMANDS = (run, export, show, stories, story, evaluate, align, reuse, dedup, spark, serve, watch)


class UserError(Exception):
    """Something the user can fix; printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="reprise", description="Read the news the way a desk editor reads the wires.")
    parser.add_argument("--version", action="version", version=f"reprise {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    from ..export import ExportError
    from ..store import StoreError

    try:
        return args.handler(args) or 0
    except (UserError, StoreError, ExportError) as err:
        print(f"reprise {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"reprise {args.command}: interrupted (everything committed so far is kept)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`): not an error
        return 0
    except Exception as err:  # one line, never a traceback, unless asked for
        if os.environ.get("REPRISE_DEBUG"):
            raise
        print(f"reprise {args.command}: internal error: {type(err).__name__}: {err} "
              "(set REPRISE_DEBUG=1 to see where)", file=sys.stderr)
        return 1


def add_db(parser) -> None:
    parser.add_argument("--db", default="reprise.db", help="the store (SQLite file; default: %(default)s)")


def add_quiet(parser) -> None:
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def load_embedder(path: str | None):
    """The `--embeddings` model, loaded (None when not given); a UserError when it cannot be."""
    if not path:
        return None
    from ..embeddings import Embedder, EmbeddingsUnavailable

    try:
        return Embedder(path)
    except EmbeddingsUnavailable as err:
        raise UserError(str(err)) from None
