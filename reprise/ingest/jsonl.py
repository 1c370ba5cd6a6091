"""One article per JSON line (`.jsonl`, `.jsonl.gz`), streamed: the file is never loaded whole."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from ..dates import parse_date
from ..model import RawItem, Reject, Source
from .files import Fetched, opened
from .limits import MAX_RECORD_BYTES, megabytes

TEXT_FIELDS = ("text", "body", "content", "maintext")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "pubdate", "published_at", "datetime")
OUTLET_FIELDS = ("outlet", "source", "site", "series", "publisher")
KNOWN = set(TEXT_FIELDS + TITLE_FIELDS + DATE_FIELDS + OUTLET_FIELDS + ("url", "id", "language"))


def _first(record: dict, names) -> tuple[str | None, object]:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return name, value
    return None, None


def host_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def read_jsonl(path: Path | Fetched, outlet: str | None):
    for found in read_lines(path):
        yield found if isinstance(found, Reject) else _record(path, found[0], found[1], outlet)


def read_lines(path: Path | Fetched):
    """The lines of a JSONL file as they are, not parsed: (line number, bytes) for each line that is not blank,
    and a Reject for a line over the size limit and for a file cut short. `read_jsonl` parses each with `_record`;
    `reprise dedup` has its worker processes do it."""
    line_no = 0
    try:
        with opened(path) as stream:
            while True:
                line = stream.readline(MAX_RECORD_BYTES + 1)  # bounded: one huge line must not fill memory
                if not line:
                    break
                line_no += 1
                if len(line) > MAX_RECORD_BYTES:
                    size = len(line) + _skip_line(stream)
                    yield Reject(str(path), f"line {line_no}",
                                 f"line is {megabytes(size)}, over the {megabytes(MAX_RECORD_BYTES)} limit")
                    continue
                if not line.strip():
                    continue
                yield line_no, line
    except (EOFError, OSError, zlib.error) as err:
        yield Reject(str(path), f"line {line_no + 1}", f"file is truncated or corrupt after line {line_no}: {err}")


def _skip_line(stream) -> int:
    """Read past the rest of an over-long line; the number of bytes skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(1024 * 1024)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _record(path: Path, line_no: int, line: bytes, outlet: str | None):
    where = f"line {line_no}"
    if len(line) > MAX_RECORD_BYTES:
        return Reject(str(path), where, f"line is {megabytes(len(line))}, over the {megabytes(MAX_RECORD_BYTES)} limit")
    try:
        record = json.loads(line)
    except UnicodeDecodeError:
        return Reject(str(path), where, "line is not valid UTF-8")
    except json.JSONDecodeError as err:
        return Reject(str(path), where, f"malformed JSON: {err.msg} at column {err.colno}")
    except RecursionError:
        return Reject(str(path), where, "malformed JSON: nested too deeply")
    if not isinstance(record, dict):
        return Reject(str(path), where, f"a JSON {type(record).__name__}, not an object")
    _, text = _first(record, TEXT_FIELDS)
    if text is None:
        return Reject(str(path), where, "no text (fields tried: " + ", ".join(TEXT_FIELDS) + ")")
    if not isinstance(text, str):
        return Reject(str(path), where, f"text is a {type(text).__name__}, not a string")
    outlet_field, record_outlet = _first(record, OUTLET_FIELDS)
    if isinstance(record_outlet, dict):  # {"id": ..., "name": "BBC News"}, as NewsAPI gives it
        record_outlet = record_outlet.get("name") or None
    if not isinstance(record_outlet, (str, int, float)):
        outlet_field, record_outlet = None, None
    url = record.get("url") if isinstance(record.get("url"), str) else ""
    _, title = _first(record, TITLE_FIELDS)
    _, published = _first(record, DATE_FIELDS)
    own_id = record.get("id")
    # The record's own outlet wins; `--outlet` names the outlet of records that have none.
    name = str(record_outlet) if record_outlet is not None else (outlet or url and host_of(url) or _stem(path))
    if url:
        key = f"url:{url}"
    elif own_id not in (None, ""):
        key = f"id:{name}:{own_id}"
    else:
        key = f"file:{path}#{line_no}"
    extra = {k: v for k, v in record.items() if k not in KNOWN}
    for alias in OUTLET_FIELDS:  # an alias not used as the outlet is kept (`source` may be a citation)
        if alias != outlet_field and alias in record:
            extra[alias] = record[alias]
    if own_id not in (None, ""):
        extra.setdefault("input_id", own_id)
    return RawItem(
        key=key,
        source=Source(str(path), where),
        text=text,
        title=str(title) if isinstance(title, (str, int, float)) else "",
        published=parse_date(published),
        outlet=name,
        url=url,
        language=str(record.get("language") or ""),
        extra=extra,
        own_id=str(own_id) if own_id not in (None, "") else "",
    )


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name
