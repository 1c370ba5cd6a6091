"""`reprise reuse A B`: two texts side by side, the passages they share marked in both."""

from __future__ import annotations

import json
import re
import shutil
import sys
import textwrap
from pathlib import Path


def register(subparsers) -> None:
    from . import add_db

    p = subparsers.add_parser("reuse", help="show the passages two articles share, side by side",
                              description="Align two articles — files (the first article of each) or article ids in "
                              "the store — and print both clean texts side by side with the shared passages marked "
                              "[1> ... <1] (highlighted on a terminal).")
    p.add_argument("a", metavar="FILE_OR_ID_A")
    p.add_argument("b", metavar="FILE_OR_ID_B")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the reuse record (as `reprise align` writes it) and both texts")
    p.add_argument("--width", type=int, help="total width (default: the terminal's)")
    p.set_defaults(handler=handle)


def load(arg: str, db: str):
    """A Document from a file (its first article) or an article id in the store."""
    from ..dates import parse_date
    from ..reuse import Document
    from ..reuse.inputs import read_documents
    from . import UserError

    if Path(arg).exists():
        reasons = []
        for doc in read_documents([arg], on_reject=lambda r: reasons.append(r.reason)):
            return doc
        raise UserError(f"no article in {arg}" + (f" ({reasons[0]})" if reasons else ""))
    if not Path(db).exists():
        raise UserError(f"{arg} is not a file, and there is no store at {db} to look it up in")
    from ..store import Store

    store = Store.open(db, create=False)
    try:
        row = store.article(arg)
    finally:
        store.close()
    if row is None:
        raise UserError(f"{arg} is neither a file nor an article id in {db}")
    return Document(row["id"], row["text"], parse_date(row["published"]), list(row["credits"] or []))


def handle(args) -> int:
    from ..reuse import align_pair

    a, b = load(args.a, args.db), load(args.b, args.db)
    if a.id == b.id:
        b.id = b.id + "'"
    reuse = align_pair(a, b)
    if args.json:
        record = reuse.as_dict() if reuse else None
        print(json.dumps({"reuse": record, "texts": {a.id: a.text, b.id: b.text}}, ensure_ascii=False, indent=2))
        return 0
    if reuse is None:
        print(f"{a.id} and {b.id} share no passage")
        return 0
    source, target = (a, b) if reuse.source_id == a.id else (b, a)
    print(f"source {source.id}  ({source.published.date() if source.published else 'date unknown'})  "
          f"share {reuse.source_share:.1%}")
    print(f"target {target.id}  ({target.published.date() if target.published else 'date unknown'})  "
          f"share {reuse.target_share:.1%}")
    print(f"direction {reuse.direction}" + (f" · common source {reuse.common_source}" if reuse.common_source else "")
          + f" · {len(reuse.passages)} passage{'s' if len(reuse.passages) != 1 else ''}")
    for i, p in enumerate(reuse.passages, 1):
        print(f"  [{i}] source {p.source_begin}-{p.source_end}  target {p.target_begin}-{p.target_end}  score {p.score}")
    print()
    width = args.width or shutil.get_terminal_size((160, 40)).columns
    column = max(20, (width - 3) // 2)
    left = wrap(mark(source.text, [(p.source_begin, p.source_end) for p in reuse.passages]), column)
    right = wrap(mark(target.text, [(p.target_begin, p.target_end) for p in reuse.passages]), column)
    colour = sys.stdout.isatty()
    for line in side_by_side(left, right, column, colour):
        print(line)
    return 0


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with passage i wrapped as `[i> ... <i]` (spans numbered from 1, in the given order)."""
    inserts = []
    for i, (b, e) in enumerate(spans, 1):
        inserts.append((b, 1, f"[{i}>"))
        inserts.append((e, 0, f"<{i}]"))
    out = []
    at = 0
    for pos, _, label in sorted(inserts):
        out.append(text[at:pos])
        out.append(label)
        at = pos
    out.append(text[at:])
    return "".join(out)


def wrap(text: str, width: int) -> list[str]:
    lines = []
    for para in text.split("\n"):
        lines.extend(textwrap.wrap(para, width, break_long_words=True, break_on_hyphens=False) or [""])
    return lines


_MARK = re.compile(r"\[\d+>|<\d+\]")


def _paint(line: str, inside: bool) -> tuple[str, bool]:
    """The line with marked passages in reverse video; whether a passage is still open at its end."""
    out = ["\x1b[7m"] if inside else []
    at = 0
    for m in _MARK.finditer(line):
        out.append(line[at:m.end()] if not m.group().startswith("[") else line[at:m.start()])
        if m.group().startswith("["):
            out.append("\x1b[7m" + m.group())
            inside = True
        else:
            out.append("\x1b[0m")
            inside = False
        at = m.end()
    out.append(line[at:])
    if inside:
        out.append("\x1b[0m")
    return "".join(out), inside


def side_by_side(left: list[str], right: list[str], width: int, colour: bool) -> list[str]:
    out = []
    open_left = open_right = False
    for i in range(max(len(left), len(right))):
        x = left[i] if i < len(left) else ""
        y = right[i] if i < len(right) else ""
        x = x.ljust(width)
        if colour:
            x, open_left = _paint(x, open_left)
            y, open_right = _paint(y, open_right)
        out.append(f"{x} │ {y}".rstrip())
    return out
