"""WARC archives (`.warc`, `.warc.gz`) with warcio: HTML responses only.

The URL comes from `WARC-Target-URI`. `WARC-Date` is when the page was crawled, not when it
was published, so it is kept as `crawled` and never used as the publication date.
"""

from __future__ import annotations

from pathlib import Path

from ..model import RawItem, Reject, Source
from .files import Fetched, open_raw
from .html import item_from_html
from .limits import MAX_RECORD_BYTES, megabytes

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path | Fetched, outlet: str | None):
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import ChunkedDataException
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    # What warcio raises on a broken archive: its own errors, and an AttributeError on a response record that
    # names no target URI (it reads the HTTP headers by the URI's scheme)
    broken = (ArchiveLoadFailed, ChunkedDataException, StatusAndHeadersParserException, AttributeError, EOFError,
              OSError, ValueError)

    offset = 0
    try:
        with open_raw(path) as stream:
            head = stream.read(5)
            if not head.startswith((b"WARC/", b"\x1f\x8b")):  # warcio would read a whole "first line" of junk
                yield Reject(str(path), "offset 0", "not a WARC file (no WARC/ header, not gzipped)")
                return
            stream.seek(0)
            records = ArchiveIterator(stream)
            for record in records:
                # `get_record_offset` reads the record to its end: read the body first.
                body = None
                if _is_html(record):
                    body = record.content_stream().read(MAX_RECORD_BYTES + 1)
                offset = records.get_record_offset()
                where = f"offset {offset}"
                missing = getattr(record.raw_stream, "limit", 0)
                if missing > 0:
                    yield Reject(str(path), where, f"WARC record is truncated ({missing} bytes missing)")
                    continue
                if body is None:
                    continue
                if len(body) > MAX_RECORD_BYTES:
                    yield Reject(str(path), where, f"record over the {megabytes(MAX_RECORD_BYTES)} limit")
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                item = item_from_html(body, Source(str(path), where), key=f"url:{url}" if url else f"file:{path}#{offset}",
                                      url=url, outlet=outlet)
                if isinstance(item, RawItem):
                    item.extra["crawled"] = record.rec_headers.get_header("WARC-Date") or ""
                yield item
    except broken as err:
        why = "a response record names no WARC-Target-URI" if isinstance(err, AttributeError) else _short(err)
        yield Reject(str(path), f"offset {offset}", f"WARC is truncated or corrupt after offset {offset}: {why}")


def _is_html(record) -> bool:
    """A successful HTML response (or an HTML resource record)."""
    if record.rec_type not in ("response", "resource"):
        return False
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        ctype = record.http_headers.get_header("Content-Type") or ""
        if status and not status.startswith("2"):
            return False
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    return ctype.lower().startswith(HTML_TYPES)


def _short(err: Exception, limit: int = 200) -> str:
    """An error message on one line and short (warcio quotes whole lines of the file)."""
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[:limit] + "…"
