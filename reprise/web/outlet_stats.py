"""Per outlet: volume over time, how much of its text is copy, and which outlets it takes from.

Copy is measured on the `reuse` table: the characters of an article's clean text inside a passage
where it is the target (the later one, or the larger id when dates say nothing), counted once
however many sources share them; "agency" copy is the part found in pairs that credit the same
agency (`common_source`). Computed over the whole store, and kept until the store changes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter, defaultdict

from ..reuse.records import covered
from .readdb import has_table

_cache: dict[str, tuple[tuple, dict]] = {}
_lock = threading.Lock()


def _version(conn: sqlite3.Connection) -> tuple:
    seq = conn.execute("SELECT max(seq), count(*) FROM articles").fetchone()
    pairs = conn.execute("SELECT count(*) FROM reuse").fetchone()[0] if has_table(conn, "reuse") else 0
    return (*seq, pairs)


def outlet_stats(conn: sqlite3.Connection, key: str) -> dict:
    """{"outlets": [...], "months": [...], "takes_from": {target outlet: {source outlet: pairs}}} for the
    store `key` names, recomputed only when it changed."""
    version = _version(conn)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == version:
            return cached[1]
    stats = _compute(conn)
    with _lock:
        _cache[key] = (version, stats)
    return stats


def _compute(conn: sqlite3.Connection) -> dict:
    outlet_of, length_of = {}, {}
    counts: Counter = Counter()
    credited: Counter = Counter()
    volume: dict[str, Counter] = defaultdict(Counter)
    seen: dict[str, list] = {}
    for article_id, outlet, published, credits, length in conn.execute(
            "SELECT id, outlet, published, credits, length(text) FROM articles"):
        outlet_of[article_id], length_of[article_id] = outlet, length
        counts[outlet] += 1
        credited[outlet] += credits != "[]"
        if published:
            volume[outlet][published[:7]] += 1
            first_last = seen.setdefault(outlet, [published, published])
            first_last[0], first_last[1] = min(first_last[0], published), max(first_last[1], published)
    copied: dict[str, list] = defaultdict(list)
    agency: dict[str, list] = defaultdict(list)
    takes_from: dict[str, Counter] = defaultdict(Counter)
    if has_table(conn, "reuse"):
        for source_id, target_id, common_source, passages in conn.execute(
                "SELECT source_id, target_id, common_source, passages FROM reuse"):
            spans = [(p["target_begin"], p["target_end"]) for p in json.loads(passages)]
            copied[target_id] += spans
            if common_source:
                agency[target_id] += spans
            if source_id in outlet_of and target_id in outlet_of:
                takes_from[outlet_of[target_id]][outlet_of[source_id]] += 1
    chars: Counter = Counter()
    copied_chars: Counter = Counter()
    agency_chars: Counter = Counter()
    for article_id, outlet in outlet_of.items():
        chars[outlet] += length_of[article_id]
        copied_chars[outlet] += covered(copied.get(article_id, []))
        agency_chars[outlet] += covered(agency.get(article_id, []))
    months = sorted({m for per in volume.values() for m in per})
    rows = []
    for outlet in sorted(counts, key=lambda o: (-counts[o], o)):
        first, last = seen.get(outlet, [None, None])
        rows.append({
            "outlet": outlet, "articles": counts[outlet], "first": first, "last": last,
            "credited_share": round(credited[outlet] / counts[outlet], 4),
            "copied_share": round(copied_chars[outlet] / chars[outlet], 4) if chars[outlet] else 0.0,
            "agency_share": round(agency_chars[outlet] / chars[outlet], 4) if chars[outlet] else 0.0,
            "volume": [volume[outlet].get(m, 0) for m in months],
        })
    return {"outlets": rows, "months": months,
            "takes_from": {t: dict(sorted(s.items(), key=lambda kv: (-kv[1], kv[0]))) for t, s in sorted(takes_from.items())}}
