"""Reuse found as articles arrive in `reprise run`, kept in the store.

Each new article is aligned against everything stored when it arrives, and nothing is
recomputed for old pairs (passim can only re-run the whole corpus):

* its word 5-gram hashes, one per word position, go into `reuse_shingles`; when a run
  starts they are loaded into one sorted postings index (`reuse/index.py`), about 16 bytes
  per stored word;
* a stored article that shares at least `min_match` rare shingles with the new one is read
  back and aligned with it (`reuse/align.py`); the pair goes into `reuse` with its passages,
  direction, common agency and shares (`reuse/records.py`).

A shingle is rare while it has been seen in fewer than `max_df` articles: a phrase that every
article of an outlet carries stops making pairs once it is common, but the pairs it made while
it was rare are kept. With no such phrase the result is the one `reprise align` gives for the
same articles.
"""

from __future__ import annotations

import json

import numpy as np

from .dates import iso, parse_date
from .model import Article
from .reuse import AlignConfig, Document, Reuse, ReuseIndex


class ReuseLinker:
    """The reuse index of a store's articles, and the reuse of new ones."""

    def __init__(self, conn, config: AlignConfig | None = None):
        self.conn = conn
        self.index = ReuseIndex(config, load_document=self._stored_document)
        self.ids: list[str] = []
        self.seq = 0  # every stored article up to this arrival number is in the index
        self._mine: set[str] = set()  # articles this linker indexed itself since then
        self.catch_up()

    def catch_up(self) -> None:
        """Index the shingles stored since the last look: all of them the first time, then those
        another writer (`reprise watch` beside a server) committed meanwhile."""
        rows = self.conn.execute(
            "SELECT s.article_id, s.hashes, a.seq FROM reuse_shingles s JOIN articles a ON a.id = s.article_id"
            " WHERE a.seq > ? ORDER BY a.seq", (self.seq,)).fetchall()
        theirs = [(article_id, blob) for article_id, blob, _ in rows if article_id not in self._mine]
        if theirs:
            self.ids.extend(article_id for article_id, _ in theirs)
            self.index.preload([np.frombuffer(blob, dtype=np.uint64) for _, blob in theirs])
        self.seq = max((seq for _, _, seq in rows), default=self.seq)
        self._mine.clear()

    def _stored_document(self, number: int) -> Document:
        article_id = self.ids[number]
        text, published, credits = self.conn.execute(
            "SELECT text, published, credits FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Document(article_id, text, parse_date(published), json.loads(credits))

    def add_batch(self, articles: list[Article]) -> tuple[list[tuple[str, bytes]], list[Reuse]]:
        """Shingle rows and reuse records of new articles, each against those before it."""
        docs = [Document(a.id, a.text, parse_date(iso(a.published)), list(a.credits)) for a in articles]
        found, hashes = self.index.index_batch(docs)
        self.ids.extend(a.id for a in articles)
        self._mine.update(a.id for a in articles)
        return [(a.id, h.tobytes()) for a, h in zip(articles, hashes)], found


def writer(shingle_rows: list[tuple[str, bytes]], found: list[Reuse]):
    """The batch's reuse rows, written inside the batch's transaction (`Store.write_batch`)."""

    def write(conn) -> None:
        conn.executemany("INSERT INTO reuse_shingles (article_id, hashes) VALUES (?, ?)", shingle_rows)
        conn.executemany(
            "INSERT OR REPLACE INTO reuse (source_id, target_id, direction, common_source, passages, source_share,"
            " target_share) VALUES (?,?,?,?,?,?,?)",
            [(r.source_id, r.target_id, r.direction, r.common_source, json.dumps([p.as_dict() for p in r.passages]),
              r.source_share, r.target_share) for r in found],
        )

    return write
