"""`reprise watch`: poll RSS/Atom feeds on their schedule, fetch new entries' pages, run the pipeline.

Each feed is asked with a conditional request (the ETag and Last-Modified of its last answer), so an
unchanged feed costs a 304; only entries whose article is not stored yet have their page fetched.
A feed that fails is logged and asked again later, waiting longer after each failure in a row
(`every` × 2, × 4 ... up to `MAX_BACKOFF`); it never stops the others. What a poll finds goes into
the store through one `pipeline.Ingestor` kept between polls (its indexes load once; what another
writer stores meanwhile is taken in before each poll's articles; what a `reprise run --store-only`
left is matched first), in transactions: stopped at any point, nothing committed is lost, and the
next poll redoes what was not (the feed's validators are kept only once its entries are in).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import ids
from .ingest import is_url
from .ingest.feeds import feed_items
from .ingest.fetch import FetchError, fetch
from .model import Reject
from .pipeline import Ingestor
from .store import Store

MAX_BACKOFF = 6 * 3600.0  # seconds: a failing feed is asked at least this often
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|d)?")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class WatchError(Exception):
    """The feeds list cannot be used; the message says why in one line."""


def parse_interval(text: str) -> float:
    """Seconds in `30s`, `10m`, `1.5h`, `1d` or a bare number of seconds."""
    match = _INTERVAL.fullmatch(text.strip().lower())
    if not match or float(match.group(1)) <= 0:
        raise WatchError(f"{text!r} is not a duration (like 30s, 10m, 1h)")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


@dataclass
class Feed:
    """One feed and what the watcher knows of it."""

    url: str
    every: float
    due: float = 0.0
    etag: str = ""
    modified: str = ""
    failures: int = 0


def read_feeds(path: Path, every: float) -> list[Feed]:
    """The feeds of a list: one URL a line, optionally followed by its own interval (`URL 5m`); `#` comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise WatchError(f"cannot read {path}: {getattr(err, 'strerror', None) or err}") from None
    feeds: dict[str, Feed] = {}
    for n, line in enumerate(text.splitlines(), 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if not is_url(fields[0]) or len(fields) > 2:
            raise WatchError(f"{path} line {n}: expected `URL [INTERVAL]` with an http(s) URL, got {line.strip()!r}")
        own = parse_interval(fields[1]) if len(fields) == 2 else every
        feeds.setdefault(fields[0], Feed(fields[0], own))
    if not feeds:
        raise WatchError(f"{path} lists no feed (one http(s) URL a line)")
    return list(feeds.values())


@dataclass
class Poll:
    """What one poll of one feed did."""

    feed: str
    status: str  # "new entries", "not modified", "failed"
    new: int = 0
    rejected: int = 0
    error: str = ""

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.feed}: failed: {self.error}"
        if self.status == "not modified":
            return f"{self.feed}: not modified"
        return f"{self.feed}: {self.new} new · {self.rejected} rejected"


def poll(feed: Feed, store: Store, timeout: float | None = None, ingestor: Ingestor | None = None) -> Poll:
    """Ask the feed (conditionally), store its new entries (through `ingestor`, or a new one), and
    update what is known of it."""
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.modified:
        headers["If-Modified-Since"] = feed.modified
    try:
        data, answer = fetch(feed.url, timeout=timeout, headers=headers)
    except FetchError as err:
        if err.status == 304:
            return Poll(feed.url, "not modified")
        return Poll(feed.url, "failed", error=str(err))
    answer = {k.lower(): v for k, v in answer.items()}
    page_fetcher = partial(fetch, timeout=timeout)
    items = list(feed_items(data, feed.url, None, page_fetcher, wanted=lambda entry: not _stored(store, entry)))
    if len(items) == 1 and isinstance(items[0], Reject) and not items[0].record:
        return Poll(feed.url, "failed", error=items[0].reason)  # not a feed, or empty: nothing to store
    summary = (ingestor or Ingestor(store)).ingest([items])
    feed.etag, feed.modified = answer.get("etag", ""), answer.get("last-modified", "")
    return Poll(feed.url, "new entries", summary.new, summary.rejected)


def _stored(store: Store, entry) -> bool:
    link = entry.get("link", "")
    return bool(link) and store.has_article(ids.article_id(f"url:{link}"))


def watch(feeds: list[Feed], store: Store, *, once: bool = False, timeout: float | None = None,
          log: Callable[[str], None] = print, clock=time.monotonic, sleep=time.sleep, embedder=None) -> None:
    """Poll each feed when it is due, forever (or one round with `once`); `log` gets one line per poll.
    `embedder`: what stories embed articles with (`reprise watch --embeddings`)."""
    ingestor = None
    while True:
        for feed in sorted(feeds, key=lambda f: (f.due, f.url)):
            if feed.due > clock() and not once:
                continue
            try:
                if ingestor is None:
                    ingestor = Ingestor(store, embedder=embedder)
                    _match_stored(ingestor, log)
                result = poll(feed, store, timeout, ingestor)
            except Exception as err:  # one feed's surprise never stops the others
                ingestor = None  # its state may be half-way through a batch: the next poll loads it anew
                result = Poll(feed.url, "failed", error=f"internal error: {type(err).__name__}: {err}")
            feed.failures = feed.failures + 1 if result.status == "failed" else 0
            wait = min(feed.every * 2 ** feed.failures, max(MAX_BACKOFF, feed.every))
            feed.due = clock() + wait
            log(result.line() + (f" (retry in {_duration(wait)})" if result.status == "failed" else ""))
        if once:
            return
        sleep(max(0.0, min(f.due for f in feeds) - clock()))


def _match_stored(ingestor: Ingestor, log: Callable[[str], None]) -> None:
    """Match what a `reprise run --store-only` left in the store, before any new entry, as `reprise run` does."""
    linked = ingestor.link_stored()
    if linked:
        log(f"matched {linked} articles stored earlier without matching (reprise run --store-only)")


def _duration(seconds: float) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"
