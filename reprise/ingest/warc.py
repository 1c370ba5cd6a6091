"""WARC archives (`.warc`, `.warc.gz`) with warcio: HTML responses only.

The URL comes from `WARC-Target-URI`. `WARC-Date` is when the page was crawled, not when it
was published, so it is kept as `crawled` and never used as the publication date.
"""

from __future__ import annotations

from pathlib import Path

from ..model import RawItem, Reject, Source
from .html import item_from_html
from .limits import MAX_RECORD_BYTES, megabytes

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, outlet: str | None):
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    offset = 0
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                offset = records.get_record_offset()
                if record.rec_type not in ("response", "resource"):
                    continue
                where = f"offset {offset}"
                if record.rec_type == "response" and record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    ctype = record.http_headers.get_header("Content-Type") or ""
                    if status and not status.startswith("2"):
                        continue
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if not ctype.lower().startswith(HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                body = record.content_stream().read(MAX_RECORD_BYTES + 1)
                if len(body) > MAX_RECORD_BYTES:
                    yield Reject(str(path), where, f"record over the {megabytes(MAX_RECORD_BYTES)} limit")
                    continue
                item = item_from_html(body, Source(str(path), where), key=f"url:{url}" if url else f"file:{path}#{offset}",
                                      url=url, outlet=outlet)
                if isinstance(item, RawItem):
                    item.extra["crawled"] = record.rec_headers.get_header("WARC-Date") or ""
                yield item
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as err:
        yield Reject(str(path), f"offset {offset}", f"WARC is truncated or corrupt after offset {offset}: {err}")
