"""Reading stories out of the store: plain functions over an sqlite3 connection.

Used by `reprise stories`, `reprise story`, `reprise export stories` and the web desk. Every
function reads committed rows only (WAL readers never see half a batch) and never writes.

A story dict (`list_stories`) has `id, label, first_seen, last_seen, article_count, outlets,
entities`; the record of one story (`story`, `stories_rows`) adds `article_ids, summary,
merged_into` and, for `story`, `representative` and `timeline`.
"""

from __future__ import annotations

import json
import sqlite3

from ..lemmas import fold

_LIST_COLUMNS = "s.id, s.label, s.first_seen, s.last_seen, s.article_count, s.outlets, s.entities"


def _fold_function(conn: sqlite3.Connection) -> None:
    conn.create_function("reprise_fold", 1, lambda v: fold(v) if isinstance(v, str) else v, deterministic=True)


def _listed(row) -> dict:
    sid, label, first_seen, last_seen, count, outlets, entities = row
    return {"id": sid, "label": label, "first_seen": first_seen, "last_seen": last_seen, "article_count": count,
            "outlets": json.loads(outlets), "entities": json.loads(entities)}


def list_stories(conn: sqlite3.Connection, since: str | None = None, outlet: str | None = None,
                 query: str | None = None, entity: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    """Live stories (not merged away), newest activity first (last seen, then latest joined).

    `since`: an ISO date or time; stories last seen at or after it (undated stories are left out).
    `outlet`: stories with at least one article of that outlet (exact name).
    `query`: words that must all appear in the label or in an article title (case and accents ignored).
    `entity`: stories whose entities include this name (case and accents ignored).
    """
    _fold_function(conn)
    where = ["s.merged_into IS NULL"]
    params: list = []
    if since:
        where.append("s.last_seen >= ?")
        params.append(since)
    if outlet:
        where.append("EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.outlet = ?)")
        params.append(outlet)
    for word in (query or "").split():
        where.append("(instr(reprise_fold(s.label), ?) OR EXISTS (SELECT 1 FROM articles a"
                     " WHERE a.story_id = s.id AND instr(reprise_fold(a.title), ?)))")
        params += [fold(word), fold(word)]
    if entity:
        where.append("EXISTS (SELECT 1 FROM json_each(s.entities) e"
                     " WHERE reprise_fold(json_extract(e.value, '$.text')) = ?)")
        params.append(fold(entity.strip()))
    sql = (f"SELECT {_LIST_COLUMNS} FROM stories s WHERE {' AND '.join(where)}"
           " ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.activity DESC, s.id LIMIT ? OFFSET ?")
    return [_listed(row) for row in conn.execute(sql, (*params, max(0, int(limit)), max(0, int(offset))))]


def resolve(conn: sqlite3.Connection, story_id: str) -> str | None:
    """The live story an id stands for: itself, or the story it was merged into (followed to the end)."""
    seen = set()
    while story_id not in seen:
        seen.add(story_id)
        row = conn.execute("SELECT merged_into FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        if row[0] is None:
            return story_id
        story_id = row[0]
    return None


def _record(conn: sqlite3.Connection, row) -> dict:
    (sid, label, first_seen, last_seen, count, outlets, entities, summary, merged_into, merged_at,
     representative) = row
    article_ids = [r[0] for r in conn.execute(
        "SELECT id FROM articles WHERE story_id = ? ORDER BY published IS NULL, published, seq", (sid,))]
    if merged_into is not None:
        article_ids = []
    return {"id": sid, "label": label, "first_seen": first_seen, "last_seen": last_seen, "article_count": count,
            "article_ids": article_ids, "outlets": json.loads(outlets), "entities": json.loads(entities),
            "summary": json.loads(summary), "merged_into": merged_into, "merged_at": merged_at,
            "representative": representative}


_RECORD_COLUMNS = ("id, label, first_seen, last_seen, article_count, outlets, entities, summary, merged_into, merged_at,"
                   " representative")


def stories_rows(conn: sqlite3.Connection):
    """Every story as its export record (`id, label, first_seen, last_seen, article_ids, outlets, entities,
    summary, merged_into`), merged ones included as redirects, in order of creation."""
    for row in conn.execute(f"SELECT {_RECORD_COLUMNS} FROM stories ORDER BY rowid").fetchall():
        record = _record(conn, row)
        yield {k: record[k] for k in ("id", "label", "first_seen", "last_seen", "article_ids", "outlets", "entities",
                                      "summary", "merged_into")}


def story(conn: sqlite3.Connection, story_id: str) -> dict | None:
    """One story: its export record plus `representative` and `timeline`, or None when unknown.

    For an id merged into another story: `{"id": story_id, "merged_into": live_id, "merged_at": time}`.
    The timeline lists the articles in publication order (undated last, in arrival order):
    `{article_id, published, outlet, title, first, new_sentences}`; `first` marks the article that
    published first, `new_sentences` the sentences it added to what the story had before it joined.
    """
    row = conn.execute(f"SELECT {_RECORD_COLUMNS} FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    record = _record(conn, row)
    if record["merged_into"] is not None:
        return {"id": story_id, "merged_into": resolve(conn, story_id) or record["merged_into"],
                "merged_at": record["merged_at"]}
    timeline = []
    rows = conn.execute(
        "SELECT a.id, a.published, a.outlet, a.title, a.text, sa.new_sentences FROM articles a"
        " LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE a.story_id = ?"
        " ORDER BY a.published IS NULL, a.published, a.seq", (story_id,))
    for i, (aid, published, outlet, title, text, spans) in enumerate(rows):
        new = [text[b:e] for b, e in json.loads(spans)] if spans else []
        timeline.append({"article_id": aid, "published": published, "outlet": outlet, "title": title,
                         "first": i == 0, "new_sentences": new})
    record["timeline"] = timeline
    return record
