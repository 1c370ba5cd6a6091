"""RSS and Atom with feedparser: feed files, and feed URLs whose entries' pages are fetched.

A feed file gives each entry's content (or summary). A feed URL is fetched once; each entry's
page is then fetched and extracted like any HTML page, with the entry's own content as the
fallback when the page cannot be had.
"""

from __future__ import annotations

import calendar
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from ..model import RawItem, Reject, Source
from .fetch import FetchError, fetch
from .html import item_from_html
from .jsonl import host_of

PAGE_WORKERS = 6  # pages of one feed fetched at once


def _published(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)  # feedparser gives UTC


def _entry_text(entry) -> str:
    """The entry's own text: full content when the feed carries it, else the summary, as plain text."""
    html = ""
    if entry.get("content"):
        html = max((c.get("value", "") for c in entry["content"]), key=len)
    if not html:
        html = entry.get("summary", "") or ""
    return html_to_text(html)


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph a line."""
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises ParserError and ValueError on junk
        return ""
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()


def parse(data: bytes):
    import feedparser

    return feedparser.parse(data)


def _feed_error(feed) -> str | None:
    if feed.entries:
        return None
    if feed.get("bozo"):
        return f"not a readable RSS/Atom feed: {feed.get('bozo_exception')}"
    return "feed has no entries"


def read_feed_file(path: Path, data: bytes, outlet: str | None):
    feed = parse(data)
    error = _feed_error(feed)
    if error:
        yield Reject(str(path), "", error)
        return
    name = feed.feed.get("title") or outlet or path.stem
    for n, entry in enumerate(feed.entries, 1):
        where = f"entry {n}"
        text = _entry_text(entry)
        link = entry.get("link", "")
        if not text.strip():
            yield Reject(str(path), where, "entry has no content or summary")
            continue
        yield RawItem(
            key=f"url:{link}" if link else f"file:{path}#{n}",
            source=Source(str(path), where),
            text=text,
            title=entry.get("title", ""),
            published=_published(entry),
            outlet=name,
            url=link,
        )


def read_feed_url(url: str, outlet: str | None, fetcher=fetch):
    """Entries of a live feed, each entry's page fetched and extracted."""
    try:
        data, _ = fetcher(url)
    except FetchError as err:
        yield Reject(url, "", f"feed could not be fetched: {err}")
        return
    yield from feed_items(data, url, outlet, fetcher)


def feed_items(data: bytes, url: str, outlet: str | None, fetcher=fetch, wanted=None):
    """The entries of a fetched feed as articles, each entry's page fetched and extracted; with `wanted`
    (a function of the entry), only the entries it accepts (`reprise watch` leaves out those it has)."""
    feed = parse(data)
    error = _feed_error(feed)
    if error:
        yield Reject(url, "", error)
        return
    name = feed.feed.get("title") or outlet or host_of(url)
    numbered = [(n, entry) for n, entry in enumerate(feed.entries, 1) if wanted is None or wanted(entry)]
    # Pages are fetched a few at a time; results come back in feed order whatever finishes first.
    with ThreadPoolExecutor(max_workers=PAGE_WORKERS) as pool:
        yield from pool.map(lambda ne: entry_item(ne[1], url, ne[0], name, fetcher), numbered)


def entry_item(entry, feed_url: str, n: int, outlet: str, fetcher=fetch):
    """One feed entry as an article: its page extracted, else its own content."""
    link = entry.get("link", "")
    where = f"entry {n}" + (f" {link}" if link else "")
    source = Source(feed_url, where)
    key = f"url:{link}" if link else f"feed:{feed_url}#{entry.get('id') or n}"
    item = None
    failure = ""
    if link:
        try:
            page, _ = fetcher(link)
            item = item_from_html(page, source, key=key, url=link, outlet=outlet)
        except FetchError as err:
            failure = f"page could not be fetched: {err}"
        if isinstance(item, Reject):
            failure, item = item.reason, None
    if item is None:
        text = _entry_text(entry)
        if not text.strip():
            return Reject(feed_url, where, failure or "entry has no link, content or summary")
        item = RawItem(key=key, source=source, text=text, url=link)
        item.extra["text_from"] = "feed entry"
    item.outlet = outlet  # the feed names the outlet, whatever the page's metadata says
    item.title = entry.get("title") or item.title
    item.published = _published(entry) or item.published
    return item
