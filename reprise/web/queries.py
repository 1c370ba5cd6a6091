"""What the pages and the API read from the store: articles, their cuts, reuse, duplicate groups, search."""

from __future__ import annotations

import json
import sqlite3

from ..duplicate_groups import group_id
from .readdb import has_table

LIST_COLUMNS = ("id", "outlet", "url", "title", "published", "language", "credits", "story_id", "duplicate_of")
PARTNER_COLUMNS = ("id", "outlet", "title", "published", "url")


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def words_of(query: str | None) -> list[str]:
    """The words of a search query (at most 8, so that one request stays cheap)."""
    return (query or "").split()[:8]


def _filters(q=None, outlet=None, since=None, until=None, story=None) -> tuple[str, list]:
    clauses, params = [], []
    for word in words_of(q):
        clauses.append("(title LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')")
        params += [_like(word)] * 2
    if outlet:
        clauses.append("outlet = ?")
        params.append(outlet)
    if since:
        clauses.append("substr(published, 1, 10) >= ?")
        params.append(since)
    if until:
        clauses.append("substr(published, 1, 10) <= ?")
        params.append(until)
    if story:
        clauses.append("story_id = ?")
        params.append(story)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_articles(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0, **filters) -> tuple[list[dict], int]:
    """A page of articles, newest first (undated last), and how many match in all."""
    where, params = _filters(**filters)
    total = conn.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {', '.join(LIST_COLUMNS)} FROM articles{where}"
        " ORDER BY published IS NULL, published DESC, seq DESC LIMIT ? OFFSET ?", [*params, limit, offset])
    return [_listed(row) for row in rows], total


def _listed(row) -> dict:
    item = dict(zip(LIST_COLUMNS, row))
    item["credits"] = json.loads(item["credits"])
    return item


def article(conn: sqlite3.Connection, article_id: str) -> dict | None:
    """One article with its clean text, its text before cleaning and its cuts."""
    row = conn.execute(f"SELECT {', '.join(LIST_COLUMNS)}, text, raw_text, source, extra FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    if row is None:
        return None
    item = _listed(row[:len(LIST_COLUMNS)])
    item["text"], item["raw_text"] = row[-4], row[-3]
    item["source"], item["extra"] = json.loads(row[-2]), json.loads(row[-1])
    item["removed"] = [dict(zip(("begin", "end", "text", "rule"), cut)) for cut in conn.execute(
        "SELECT begin, end, text, rule FROM removed WHERE article_id = ? ORDER BY begin", (article_id,))]
    return item


def partners(conn: sqlite3.Connection, ids) -> dict[str, dict]:
    """id -> {id, outlet, title, published, url} of the given articles."""
    ids = sorted(set(ids))
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute(f"SELECT {', '.join(PARTNER_COLUMNS)} FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                            chunk)
        found.update({row[0]: dict(zip(PARTNER_COLUMNS, row)) for row in rows})
    return found


REUSE_COLUMNS = ("source_id", "target_id", "direction", "common_source", "passages", "source_share", "target_share")


def _reuse_row(row) -> dict:
    item = dict(zip(REUSE_COLUMNS, row))
    item["passages"] = json.loads(item["passages"])
    return item


def reuse_of(conn: sqlite3.Connection, article_id: str) -> list[dict]:
    """Every reuse record the article is in, each with `role` (this article is the "source" or the
    "target") and `partner` (the other article), the largest share of this article first."""
    if not has_table(conn, "reuse"):
        return []
    rows = [_reuse_row(r) for r in conn.execute(
        f"SELECT {', '.join(REUSE_COLUMNS)} FROM reuse WHERE source_id = ? UNION ALL "
        f"SELECT {', '.join(REUSE_COLUMNS)} FROM reuse WHERE target_id = ?", (article_id, article_id))]
    others = partners(conn, [r["target_id"] if r["source_id"] == article_id else r["source_id"] for r in rows])
    for r in rows:
        r["role"] = "source" if r["source_id"] == article_id else "target"
        other = r["target_id"] if r["role"] == "source" else r["source_id"]
        r["partner"] = others.get(other, {"id": other})
        r["share"] = r["source_share"] if r["role"] == "source" else r["target_share"]
    rows.sort(key=lambda r: (-r["share"], r["partner"]["id"]))
    return rows


def reuse_pair(conn: sqlite3.Connection, a: str, b: str) -> dict | None:
    """The stored reuse record of two articles, whichever is the source."""
    if not has_table(conn, "reuse"):
        return None
    row = conn.execute(f"SELECT {', '.join(REUSE_COLUMNS)} FROM reuse WHERE (source_id = ? AND target_id = ?)"
                       " OR (source_id = ? AND target_id = ?)", (a, b, b, a)).fetchone()
    return _reuse_row(row) if row else None


def reuse_among(conn: sqlite3.Connection, ids: list[str]) -> list[dict]:
    """The reuse records whose two articles are both in `ids` (without passages)."""
    if not ids or not has_table(conn, "reuse"):
        return []
    wanted = set(ids)
    found = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute("SELECT source_id, target_id, direction, source_share, target_share FROM reuse"
                            f" WHERE source_id IN ({','.join('?' * len(chunk))})", chunk)
        found += [dict(zip(("source_id", "target_id", "direction", "source_share", "target_share"), row))
                  for row in rows if row[1] in wanted]
    return sorted(found, key=lambda r: (r["source_id"], r["target_id"]))


def duplicate_group(conn: sqlite3.Connection, article_id: str, duplicate_of: str | None) -> dict | None:
    """The duplicate group the article is in: {group_id, canonical_id, members: [{id, similarity}]}, or None."""
    canonical = duplicate_of or article_id
    members = conn.execute(
        "SELECT a.id, p.similarity FROM articles a LEFT JOIN near_pairs p ON (p.a = a.id AND p.b = ?) OR (p.b = a.id AND p.a = ?)"
        " WHERE a.duplicate_of = ? ORDER BY a.id", (canonical, canonical, canonical)).fetchall()
    if not members:
        return None
    return {"group_id": group_id(canonical), "canonical_id": canonical,
            "members": [{"id": canonical, "similarity": 1.0}] + [{"id": i, "similarity": s} for i, s in members]}


def outlets(conn: sqlite3.Connection) -> list[str]:
    return [o for (o,) in conn.execute("SELECT DISTINCT outlet FROM articles ORDER BY outlet")]


def snippet(text: str, words: list[str], width: int = 160) -> str:
    """A piece of `text` around the first of `words` found in it."""
    low = text.lower()
    at = min((i for i in (low.find(w.lower()) for w in words) if i >= 0), default=0)
    begin = max(0, at - width // 3)
    piece = text[begin:begin + width].replace("\n", " ")
    return ("…" if begin else "") + piece + ("…" if begin + width < len(text) else "")


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, offset: int = 0) -> tuple[list[dict], int]:
    """Articles that contain every word of `query` (title or text), newest first, each with a snippet."""
    words = words_of(query)
    if not words:
        return [], 0
    where, params = _filters(q=query)
    total = conn.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {', '.join(LIST_COLUMNS)}, text FROM articles{where}"
        " ORDER BY published IS NULL, published DESC, seq DESC LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    found = []
    for row in rows:
        item = _listed(row[:-1])
        item["snippet"] = snippet(row[-1], words)
        found.append(item)
    return found, total
