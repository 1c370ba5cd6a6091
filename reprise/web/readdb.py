"""Read connections: one per request, read-only, on a store in WAL mode (never blocks a writer)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(db: Path) -> sqlite3.Connection:
    """A read-only connection to the store at `db` (which must exist)."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA query_only = ON")
    return conn


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None
