"""Rendered pages kept until the store changes: the story list (the desk's front page) is the same for
every reader between two writes, and costs a scan of every story to make.

What such a page shows (stories, their articles, labels, outlets, counts) changes only when articles
are stored: stories are assigned in the transaction that stores their articles. So the store's version
is the last article's arrival number with the last story's rowid and the schema version, read in one
statement before the page is made (a page made from a newer state than its key is never older than it).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict

VERSION = ("SELECT (SELECT max(seq) FROM articles), (SELECT max(rowid) FROM stories),"
           " (SELECT schema_version FROM pragma_schema_version)")


class PageCache:
    def __init__(self, size: int = 64):
        self.size = size
        self._pages: OrderedDict[tuple, tuple[tuple, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def version(conn: sqlite3.Connection) -> tuple | None:
        """The store's version, or None (nothing is kept) when it cannot tell (a store without stories)."""
        try:
            return tuple(conn.execute(VERSION).fetchone())
        except sqlite3.OperationalError:
            return None

    def get(self, key: tuple, version: tuple | None) -> bytes | None:
        if version is None:
            return None
        with self._lock:
            found = self._pages.get(key)
            if found is None or found[0] != version:
                return None
            self._pages.move_to_end(key)
            return found[1]

    def put(self, key: tuple, version: tuple | None, body: bytes) -> None:
        if version is None:
            return
        with self._lock:
            self._pages[key] = (version, body)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
