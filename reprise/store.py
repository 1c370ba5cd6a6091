"""The embedded store: SQLite in WAL mode, schema versioned with migrations.

Writers commit in batches (`Store.transaction`); a process killed with `kill -9` loses only
the batch it had not committed, and the next run redoes exactly that batch. Readers never
block on the writer (WAL) and never see half a batch.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .dates import iso, parse_date
from .duplicate_groups import groups as duplicate_groups
from .duplicate_groups import regroup
from .model import Article, Reject, Source

# Pages of 8 KiB: an article's two texts (clean and raw) fit in one page more often than in SQLite's default 4 KiB,
# and writing Reuters-21578 costs a tenth less CPU.
PAGE_SIZE = 8192
# An article's `source` and `extra` as stored (anything JSON cannot hold as its text); one encoder for all of them
to_json = json.JSONEncoder(ensure_ascii=False, default=str).encode

# Each entry migrates the schema from version i to i + 1. Never edit one that has shipped.
MIGRATIONS = [
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        outlet TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        published TEXT,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        raw_text TEXT NOT NULL,
        credits TEXT NOT NULL,
        source TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        extra TEXT NOT NULL,
        story_id TEXT,
        duplicate_of TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE removed (
        article_id TEXT NOT NULL,
        begin INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        rule TEXT NOT NULL,
        PRIMARY KEY (article_id, begin, end)
    ) WITHOUT ROWID;
    CREATE TABLE rejects (
        input TEXT NOT NULL,
        record TEXT NOT NULL,
        reason TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (input, record)
    );
    CREATE TABLE outlet_lines (
        outlet TEXT NOT NULL,
        line_key INTEGER NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (outlet, line_key)
    ) WITHOUT ROWID;
    """,
    # 2: near duplicates, found as articles arrive (reprise/duplicates.py)
    """
    CREATE TABLE fingerprints (
        article_id TEXT PRIMARY KEY,
        band_keys BLOB NOT NULL,
        shingles BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE near_pairs (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        similarity REAL NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX near_pairs_b ON near_pairs(b);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
    """,
    # 3: outlet lines weigh recent articles more (reprise/outlet_lines.py)
    """
    ALTER TABLE outlet_lines ADD COLUMN recent REAL NOT NULL DEFAULT 0;
    ALTER TABLE outlet_lines ADD COLUMN seen_at INTEGER NOT NULL DEFAULT 0;
    """,
    # 4: reuse found as articles arrive (reprise/reuse_links.py): each article's word 5-gram
    # hashes (uint64, one per word position), and the pairs that share passages
    """
    CREATE TABLE reuse_shingles (
        article_id TEXT PRIMARY KEY,
        hashes BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE reuse (
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        direction TEXT NOT NULL,
        common_source TEXT,
        passages TEXT NOT NULL,
        source_share REAL NOT NULL,
        target_share REAL NOT NULL,
        PRIMARY KEY (source_id, target_id)
    ) WITHOUT ROWID;
    CREATE INDEX reuse_target ON reuse(target_id);
    """,
    # 5: stories, assigned as articles arrive (reprise/stories/): one row per story (merged ones
    # stay as redirects), and how each article joined its story
    """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        first_article TEXT NOT NULL,
        label TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        activity INTEGER NOT NULL,
        article_count INTEGER NOT NULL,
        outlets TEXT NOT NULL,
        entities TEXT NOT NULL,
        summary TEXT NOT NULL,
        representative TEXT,
        merged_into TEXT,
        merged_at TEXT,
        merged_by TEXT
    );
    CREATE INDEX stories_last_seen ON stories(last_seen);
    CREATE INDEX stories_activity ON stories(activity);
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY,
        joined TEXT NOT NULL,
        reason TEXT NOT NULL,
        score REAL NOT NULL,
        new_sentences TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX articles_story ON articles(story_id);
    """,
    # 6 -> 7: articles stored by `reprise run --store-only`, not yet matched (duplicates, reuse, stories)
    """
    ALTER TABLE articles ADD COLUMN linked INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX articles_unlinked ON articles(seq) WHERE linked = 0;
    """,
    # 7 -> 8: sentence embeddings of articles' heads, when stories are assigned with a model (`--embeddings`)
    """
    CREATE TABLE embeddings (
        article_id TEXT NOT NULL,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (article_id, model)
    ) WITHOUT ROWID;
    """,
    # 8 -> 9: what each article brought to its story (lemmas, names, sentence shingles: stories.kept), to
    # rebuild a closed story without making them again
    """
    CREATE TABLE story_items (
        article_id TEXT PRIMARY KEY,
        made TEXT NOT NULL,
        item BLOB NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store cannot be opened or written; the message says why in one line."""


class ModelMismatch(StoreError):
    """A writer would decide the store's stories with another embedding model than the store's, or with none
    (`stories.assign.check_embedding_model`)."""


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        path = Path(path)
        if not create and not path.exists():
            raise StoreError(f"no store at {path} (create one with `reprise run PATH --db {path}`)")
        if create and path.parent and not path.parent.exists():
            raise StoreError(f"cannot create {path}: folder {path.parent} does not exist")
        try:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot use {path} as a reprise store: {err}") from None
        store = cls(conn, path)
        try:
            store._check_version()  # before any write: a foreign or newer file is left as it is
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # a new store's; an existing one keeps its own
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            store._migrate()
        except sqlite3.DatabaseError as err:
            conn.close()
            raise StoreError(f"cannot use {path} as a reprise store: {err}") from None
        except StoreError:
            conn.close()
            raise
        return store

    def _check_version(self) -> int:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer reprise (schema {version} > {SCHEMA_VERSION})")
        if version == 0 and self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise StoreError(f"{self.path} is an SQLite database of another program, not a reprise store")
        return version

    def _migrate(self) -> None:
        if self._check_version() == SCHEMA_VERSION:
            return
        with self.transaction():  # one process migrates; another one waits, then finds it done
            for target in range(self._check_version(), SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[target]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {target + 1}")

    @contextmanager
    def transaction(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # -- writing -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def stored_ids(self, article_ids) -> set[str]:
        """Which of these ids are stored (one query per 500)."""
        wanted, found = list(dict.fromkeys(article_ids)), set()
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            found.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(part))})", part))
        return found

    def write_batch(self, articles: list[Article], rejects: list[Reject], outlet_lines: dict,
                    fingerprints: list[tuple] = (), edges: list[tuple] = (), writers=(), linked: bool = True,
                    newly_linked: list[str] = ()) -> None:
        """Articles, their cuts, rejects, learned outlet lines, and the articles' fingerprints and
        near-duplicate edges with the groups they change, all in one transaction; then each of
        `writers` (a function of the connection: reuse, stories) inside the same transaction.

        `linked=False`: the articles are stored without being matched (`reprise run --store-only`);
        `newly_linked`: stored articles that this batch's fingerprints, reuse and stories have matched."""
        now = _now()
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO articles (id, outlet, url, title, published, language, text, raw_text, credits, source,"
                " content_hash, extra, ingested_at, linked) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (a.id, a.outlet, a.url, a.title, iso(a.published), a.language, a.text, a.raw_text,
                     json.dumps(a.credits), to_json(a.source.as_dict()), a.content_hash, to_json(a.extra), now,
                     int(linked))
                    for a in articles
                ],
            )
            conn.executemany("UPDATE articles SET linked = 1 WHERE id = ?", [(i,) for i in newly_linked])
            conn.executemany(
                "INSERT INTO removed (article_id, begin, end, text, rule) VALUES (?,?,?,?,?)",
                [(a.id, r.begin, r.end, r.text, r.rule) for a in articles for r in a.removed],
            )
            if self._has_rejects(conn):  # an input that failed before and reads now is no longer a reject
                conn.executemany(  # the record's own reject, and a whole-file one ("empty file") of its input
                    "DELETE FROM rejects WHERE input = ? AND record IN (?, '')",
                    [(a.source.input, a.source.record) for a in articles],
                )
            conn.executemany(
                "INSERT INTO rejects (input, record, reason, seen_at) VALUES (?,?,?,?)"
                " ON CONFLICT (input, record) DO UPDATE SET reason = excluded.reason, seen_at = excluded.seen_at",
                [(r.input, r.record, r.reason, now) for r in rejects],
            )
            conn.executemany(
                "INSERT INTO outlet_lines (outlet, line_key, articles, recent, seen_at) VALUES (?,?,?,?,?)"
                " ON CONFLICT (outlet, line_key) DO UPDATE SET articles = excluded.articles,"
                " recent = excluded.recent, seen_at = excluded.seen_at",
                [(outlet, key, *state) for (outlet, key), state in outlet_lines.items()],
            )
            conn.executemany("INSERT INTO fingerprints (article_id, band_keys, shingles) VALUES (?,?,?)", fingerprints)
            if edges:
                conn.executemany("INSERT OR REPLACE INTO near_pairs (a, b, similarity) VALUES (?,?,?)", edges)
                regroup(conn, {article for a, b, _ in edges for article in (a, b)})
            for writer in writers:
                writer(conn)

    @staticmethod
    def _has_rejects(conn) -> bool:
        return conn.execute("SELECT 1 FROM rejects LIMIT 1").fetchone() is not None

    def unlinked(self, limit: int) -> list[Article]:
        """The first `limit` articles stored without being matched, in the order they were stored."""
        rows = self.conn.execute(
            "SELECT id, outlet, url, title, published, language, text, raw_text, credits, source, content_hash, extra"
            " FROM articles WHERE linked = 0 ORDER BY seq LIMIT ?", (limit,)).fetchall()
        return [Article(id=r[0], outlet=r[1], url=r[2], title=r[3], published=parse_date(r[4]), language=r[5], text=r[6],
                        raw_text=r[7], credits=json.loads(r[8]), source=_source(json.loads(r[9])), content_hash=r[10],
                        extra=json.loads(r[11])) for r in rows]

    def outlet_line_counts(self, outlet: str) -> dict[int, tuple[int, float, int]]:
        rows = self.conn.execute("SELECT line_key, articles, recent, seen_at FROM outlet_lines WHERE outlet = ?", (outlet,))
        return {key: (articles, recent, seen_at) for key, articles, recent, seen_at in rows}

    # -- reading -----------------------------------------------------------------------

    def article(self, article_id: str) -> dict | None:
        row = self.conn.execute(f"SELECT {ARTICLE_COLUMNS_SQL}, raw_text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return article_row(row, ARTICLE_COLUMNS + ("raw_text",))

    def removed_of(self, article_id: str) -> list[dict]:
        rows = self.conn.execute(
            "SELECT article_id, begin, end, text, rule FROM removed WHERE article_id = ? ORDER BY begin", (article_id,)
        )
        return [dict(zip(REMOVED_COLUMNS, row)) for row in rows]

    def rows(self, table: str):
        """Every row of an exported table as a dict, in a stable order."""
        if table == "articles":
            cursor = self.conn.execute(f"SELECT {ARTICLE_COLUMNS_SQL} FROM articles ORDER BY seq")
            for row in cursor:
                yield article_row(row, ARTICLE_COLUMNS)
        elif table == "removed":
            cursor = self.conn.execute(
                "SELECT r.article_id, r.begin, r.end, r.text, r.rule FROM removed r JOIN articles a ON a.id = r.article_id"
                " ORDER BY a.seq, r.begin"
            )
            for row in cursor:
                yield dict(zip(REMOVED_COLUMNS, row))
        elif table == "rejects":
            cursor = self.conn.execute("SELECT input, record, reason FROM rejects ORDER BY rowid")
            for row in cursor:
                yield dict(zip(REJECT_COLUMNS, row))
        elif table == "duplicates":
            yield from duplicate_groups(self.conn)
        elif table == "reuse":
            cursor = self.conn.execute(f"SELECT {', '.join(REUSE_COLUMNS)} FROM reuse ORDER BY source_id, target_id")
            for row in cursor:
                record = dict(zip(REUSE_COLUMNS, row))
                record["passages"] = json.loads(record["passages"])
                yield record
        elif table == "stories":
            from .stories.read import stories_rows

            yield from stories_rows(self.conn)
        else:
            raise StoreError(f"unknown table {table!r}")

    def count(self, table: str) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


ARTICLE_COLUMNS = ("id", "outlet", "url", "title", "published", "language", "text", "credits", "source",
                   "story_id", "duplicate_of", "content_hash", "extra")
ARTICLE_COLUMNS_SQL = ", ".join(ARTICLE_COLUMNS)
REMOVED_COLUMNS = ("article_id", "begin", "end", "text", "rule")
REJECT_COLUMNS = ("input", "record", "reason")
REUSE_COLUMNS = ("source_id", "target_id", "direction", "common_source", "passages", "source_share", "target_share")
_JSON_COLUMNS = {"credits", "source", "extra"}


def article_row(row, columns) -> dict:
    return {c: (json.loads(v) if c in _JSON_COLUMNS else v) for c, v in zip(columns, row)}


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _source(stored: dict) -> Source:
    return Source(stored.get("file", ""), stored.get("record", ""))
