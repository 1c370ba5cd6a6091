"""Stable identifiers: the same input always maps to the same id."""

from __future__ import annotations

import hashlib


def article_id(key: str) -> str:
    """16 hex digits derived from the item's key in its source (URL, or file + record)."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    """Hash of the clean text: equal texts, equal hashes (exact duplicates)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
