"""Stories as `reprise.stories.read` gives them; an empty list while that module or its table is not there."""

from __future__ import annotations

import sqlite3


def _reader():
    try:
        from ..stories import read
    except ImportError:
        return None
    return read


def available() -> bool:
    return _reader() is not None


def list_stories(conn: sqlite3.Connection, *, until: str | None = None, limit: int = 50, offset: int = 0,
                 **filters) -> list[dict]:
    """A page of stories, newest activity first; `until` keeps those first seen on or before that day."""
    reader = _reader()
    if reader is None:
        return []
    try:
        if not until:
            return reader.list_stories(conn, limit=limit, offset=offset, **filters)
        kept, start = [], 0
        while len(kept) < offset + limit:
            batch = reader.list_stories(conn, limit=200, offset=start, **filters)
            kept += [s for s in batch if (s.get("first_seen") or "")[:10] <= until]
            if len(batch) < 200:
                break
            start += 200
        return kept[offset:offset + limit]
    except sqlite3.OperationalError:  # a store written before stories existed
        return []


def story(conn: sqlite3.Connection, story_id: str) -> dict | None:
    reader = _reader()
    if reader is None:
        return None
    try:
        return reader.story(conn, story_id)
    except sqlite3.OperationalError:
        return None


def heading(conn: sqlite3.Connection, story_id: str) -> dict | None:
    """A live story's id and label only (what an article page shows of its story): no timeline to read."""
    if _reader() is None:
        return None
    try:
        row = conn.execute("SELECT id, label FROM stories WHERE id = ? AND merged_into IS NULL", (story_id,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return {"id": row[0], "label": row[1]} if row else None
