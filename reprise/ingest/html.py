"""HTML pages to text and metadata with trafilatura (its own deduplication off: it is
non-deterministic, its cache depends on what was read before)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..dates import parse_date
from ..model import RawItem, Reject, Source
from .jsonl import host_of


@dataclass
class Extracted:
    text: str
    title: str = ""
    date: str = ""
    sitename: str = ""
    url: str = ""
    language: str = ""


def extract(html: bytes | str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of a page, or None when no article text is found."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        deduplicate=False,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
    )
    if doc is None or not (doc.text or "").strip():
        return None
    return Extracted(
        text=doc.text or "",
        title=doc.title or "",
        date=doc.date or "",
        sitename=doc.sitename or "",
        url=doc.url or url or "",
        language=doc.language or "",
    )


def item_from_html(html: bytes | str, source: Source, key: str, url: str = "", outlet: str | None = None):
    """A RawItem from one page, or a Reject saying why there is none."""
    try:
        found = extract(html, url or None)
    except Exception as err:  # trafilatura/lxml raise many kinds on broken markup
        return Reject(source.input, source.record, f"HTML could not be parsed: {type(err).__name__}: {err}")
    if found is None:
        return Reject(source.input, source.record, "no article text found in the page")
    page_url = url or found.url
    return RawItem(
        key=key,
        source=source,
        text=found.text,
        title=found.title,
        published=parse_date(found.date),
        outlet=found.sitename or host_of(page_url) or outlet or "",
        url=page_url,
        language=found.language,
    )


def read_html(path: Path, data: bytes, outlet: str | None):
    item = item_from_html(data, Source(str(path)), key=f"file:{path}", outlet=outlet)
    if isinstance(item, RawItem) and not item.outlet:
        item.outlet = path.parent.name
    yield item
