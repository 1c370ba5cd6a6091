"""Readers: any mix of files, folders and feed URLs in, RawItems and Rejects out.

Folders are walked recursively and every list is sorted, so the result never depends on the
order in which the file system lists entries.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..model import Reject
from .files import Fetched, opened, size_of
from .jsonl import read_jsonl
from .limits import MAX_FILE_BYTES, megabytes

# Suffix (after an optional `.gz`) -> kind of input.
KINDS = {
    ".txt": "txt", ".text": "txt",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".warc": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


def kind_of(path: Path | Fetched) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = name[name.rfind("."):] if "." in name else ""
    return KINDS.get(suffix)


@dataclass
class Skipped:
    """A file in a folder that is not of a type we read (counted, not rejected)."""

    path: str


def is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def expand(args: list[str]):
    """Inputs to read, in an order that depends only on what they are, not on the order given.

    First a Reject for each path that does not exist, then every file (folders walked
    recursively, hidden entries skipped) sorted by absolute path, each once, then feed URLs,
    sorted. Files of a type reprise does not read come as Skipped.
    """
    files: dict[Path, object] = {}
    urls: set[str] = set()
    for arg in args:
        if is_url(arg):
            urls.add(arg)
            continue
        path = Path(arg).expanduser()
        if path.is_dir():
            for child in path.rglob("*"):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    resolved = child.resolve()
                    files[resolved] = resolved if kind_of(child) else Skipped(str(child))
        elif path.is_file():
            files[path.resolve()] = path.resolve()
        elif path.exists():
            yield Reject(str(path), "", "not a regular file or folder")
        else:
            yield Reject(str(path), "", "no such file or folder")
    for path in sorted(files, key=str):
        yield files[path]
    yield from sorted(urls)


def read_input(target, outlet: str | None = None):
    """Every RawItem or Reject of one input (a resolved path, a file fetched as `files.Fetched`, or a feed URL)."""
    # The readers of pages, feeds and WARC (lxml, trafilatura, feedparser, http.client: a tenth of a second to
    # import) are imported by the inputs that need them, not by every run over JSON Lines.
    if isinstance(target, str):
        from .feeds import read_feed_url

        yield from read_feed_url(target, outlet)
        return
    path: Path | Fetched = target
    kind = kind_of(path)
    if kind is None:
        yield Reject(str(path), "", f"unsupported file type {path.suffix or '(no suffix)'}: "
                     "reprise reads .txt, .jsonl, .html, .warc, .rss/.atom/.xml, optionally gzipped")
        return
    try:
        size = size_of(path)
        if size == 0:
            yield Reject(str(path), "", "empty file")
            return
        if kind == "jsonl":
            yield from read_jsonl(path, outlet)
            return
        if kind == "warc":
            from .warc import read_warc

            yield from read_warc(path, outlet)
            return
        if size > MAX_FILE_BYTES:
            yield Reject(str(path), "", f"file is {megabytes(size)}, over the {megabytes(MAX_FILE_BYTES)} limit for one article")
            return
        try:
            with opened(path) as stream:  # bounded: a small gzipped file may unzip to gigabytes
                data = stream.read(MAX_FILE_BYTES + 1)
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            yield Reject(str(path), "", f"gzip file is truncated or corrupt: {err}")
            return
        if len(data) > MAX_FILE_BYTES:
            yield Reject(str(path), "", f"unzips to over the {megabytes(MAX_FILE_BYTES)} limit")
            return
    except OSError as err:  # unreadable (permissions), or gone since it was listed
        yield Reject(str(path), "", f"cannot read the file: {err.strerror or err}")
        return
    yield from _reader(kind)(path, data, outlet)


def _reader(kind: str):
    """The reader of a whole file of this kind."""
    if kind == "txt":
        from .txt import read_txt

        return read_txt
    if kind == "html":
        from .html import read_html

        return read_html
    from .feeds import read_feed_file

    return read_feed_file
