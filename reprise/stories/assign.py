"""The story clusterer against the store: what `reprise run` calls once per batch.

On start, the open stories are loaded: every live story last seen within the window of the latest
stored article (and every undated one), rebuilt from its stored articles: from what each brought to its
story, as the store keeps it (`story_items`, written with the article's story; `kept`), so that a closed
story that links reopen again and again is not lemmatised, named and shingled again. So a run that resumes
after `kill -9` holds what the run that never stopped held at the same point, and memory follows
the window, not the archive. Each batch is assigned in publication order (undated articles after,
in input order; ties by id); `assign` returns a writer that `Store.write_batch` runs inside the
batch's transaction: new stories, `articles.story_id`, how each article joined, merges kept as
redirects (`merged_into`, the publication time and id of the article that merged them), the
story items, and the label, summary, entities and outlets of every story the batch touched.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

import numpy as np

from ..dates import iso, parse_date
from ..model import Article
from ..reuse.records import covered
from ..store import ModelMismatch
from . import describe, kept, sentences
from .cluster import WINDOW, Decision, StoryClusterer
from .index import common_limit
from .model import MODEL, MODEL_EMBEDDING
from .read import resolve
from .state import ENTITY_MODE, Item, Story, article_item, embed, item

REUSE_SHARE = 0.3  # a reuse link is strong evidence when its near-verbatim passages cover this share of both articles
VERBATIM = 0.8  # a passage is near verbatim when this share of its words match word for word (formulas match less)


class StoryAssigner:
    def __init__(self, conn: sqlite3.Connection, window: timedelta | None = WINDOW, entity_mode: str = ENTITY_MODE,
                 embedder=None):
        """`embedder`: a loaded `embeddings.Embedder`; every article is then embedded (its vector kept in the
        `embeddings` table, so a story rebuilt later does not embed it again) and decided by MODEL_EMBEDDING."""
        check_embedding_model(conn, embedder)
        self.conn = conn
        self.entity_mode = entity_mode
        self.embedder = embedder
        self.clusterer = StoryClusterer(MODEL_EMBEDDING if embedder else MODEL, window=window)
        self.watermark: datetime | None = None
        self._made = kept.made(entity_mode)
        self._unkept: dict[str, Item] = {}  # items of stored articles the store did not keep, made again: kept next batch
        self._load()

    # -- loading ------------------------------------------------------------------------------

    def _load(self) -> None:
        c = self.clusterer
        self.watermark = parse_date(self.conn.execute(
            "SELECT max(published) FROM articles WHERE story_id IS NOT NULL").fetchone()[0])
        c.created = self.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        c.activity = self.conn.execute("SELECT coalesce(max(activity), 0) FROM stories").fetchone()[0]
        horizon = iso(self.watermark - c.window) if self.watermark and c.window else None
        rows = self.conn.execute(
            "SELECT id FROM stories WHERE merged_into IS NULL AND (last_seen IS NULL OR ? IS NULL OR last_seen >= ?)"
            " ORDER BY rowid", (horizon, horizon)).fetchall()
        for (sid,) in rows:
            self._revive(sid)

    def _revive(self, sid: str) -> Story:
        """Rebuild a stored story from its articles' kept items and open it."""
        rowid, activity = self.conn.execute("SELECT rowid, activity FROM stories WHERE id = ?", (sid,)).fetchone()
        story = Story(sid, rowid - 1, activity=activity)
        items = [self._item(*row) for row in self.conn.execute(
            "SELECT a.id, a.published, a.outlet, a.title, a.text, a.language, k.made, k.item FROM articles a"
            " LEFT JOIN story_items k ON k.article_id = a.id WHERE a.story_id = ? ORDER BY a.seq", (sid,))]
        if self.embedder is not None:
            self._stored_embeddings(sid, items)
        for it in items:
            story.add(it)
        return self.clusterer.open(story, counted=True)

    def _stored_embeddings(self, sid: str, items: list[Item]) -> None:
        """Give a stored story's articles their embeddings: as kept in the store (one query for the story),
        else (stored before a model was given) made now."""
        missing = {it.id: it for it in items if it.profile.embedding is None}
        if missing:
            for aid, vector in self.conn.execute(
                    "SELECT e.article_id, e.vector FROM embeddings e JOIN articles a ON a.id = e.article_id"
                    " WHERE a.story_id = ? AND e.model = ?", (sid, self.embedder.name)):
                if aid in missing and len(vector) == 4 * self.embedder.dim:
                    missing[aid].profile.embedding = np.frombuffer(vector, dtype=np.float32)
        embed(items, self.embedder)

    def _item(self, aid, published, outlet, title, text, lang, made, blob) -> Item:
        """The `item` of a stored article: as the store kept it, else (stored before items were kept, or made
        another way) made again, and kept by the next batch."""
        if made == self._made:
            return item(aid, parse_date(published), outlet, title, text, lang, kept=kept.decode(blob))
        found = item(aid, parse_date(published), outlet, title, text, lang, self.entity_mode)
        self._unkept[aid] = found
        return found

    def _story_of(self, article_id: str) -> str | None:
        """The open story of an assigned article (reopened when closed), None when it has none yet."""
        sid = self.clusterer.of.get(article_id)
        if sid is not None:
            return sid
        row = self.conn.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        sid = resolve(self.conn, row[0]) if row and row[0] else None
        if sid is None:
            return None
        if sid not in self.clusterer.stories:
            self._revive(sid)
        return sid

    def _same_names(self, it: Item, other_id: str, sid: str) -> bool:
        """Whether a link's copied text can be trusted to tell one story: the two articles name someone in
        common (a name too common in the window, `index.common_limit`, does not count), or either names
        no one. Wire formulas (dividends, results, offerings) are copied between reports on different
        companies, which name different ones."""
        other = next((m.profile for m in self.clusterer.stories[sid].members if m.id == other_id), None)
        if other is None or not it.profile.names or not other.names:
            return True
        idf = self.clusterer.idf
        limit = common_limit(idf)
        return any(k in other.names and idf.df.get("\x00n:" + k, 0) <= limit for k in it.profile.names)

    # -- a batch --------------------------------------------------------------------------------

    def assign(self, articles: list[Article], edges=(), reuse=(), items: dict[str, Item] | None = None):
        """Assign a batch; returns the writer of its rows (a function of the connection).

        `edges`: (a, b, similarity) near-duplicate pairs; `reuse`: `Reuse` records (source_id,
        target_id, source_share, target_share); either may name stored articles. `items`: the `item`
        of some of the articles (article id -> Item), made elsewhere with this assigner's entity mode
        (the Spark driver makes them on its executors); the others are made here."""
        items = dict(items or {})
        for article in articles:
            if article.id not in items:
                items[article.id] = article_item(article, self.entity_mode)
        if self.embedder is not None:
            embed(list(items.values()), self.embedder)
        vectors = [(aid, self.embedder.name, it.profile.embedding.astype(np.float32).tobytes())
                   for aid, it in items.items() if it.profile.embedding is not None] if self.embedder else []
        links = _links(edges, reuse)
        decisions: list[tuple[Article, Decision]] = []
        new_stories: list[str] = []
        merges: list[tuple[str, str, Article]] = []
        for article in _in_order(articles):
            it = items[article.id]
            linked = []
            for other, reason in links.get(article.id, ()):
                sid = self._story_of(other)
                if sid is not None and all(sid != s for s, _ in linked) and self._same_names(it, other, sid):
                    linked.append((sid, reason))
            decision = self.clusterer.add(it, linked)
            decisions.append((article, decision))
            if decision.reason == "new":
                new_stories.append(decision.story_id)
            merges += [(absorbed, decision.story_id, article) for absorbed in decision.merged]
            if article.published and (self.watermark is None or article.published > self.watermark):
                self.watermark = article.published
        batch = {a.id: (a.title, a.text) for a in articles}
        touched = {d.story_id for _, d in decisions}
        snapshot = {sid: self._describe(sid, batch) for sid in sorted(touched) if sid in self.clusterer.stories}
        self.clusterer.evict(self.watermark)
        unkept, self._unkept = self._unkept, {}
        kept_items = [(aid, self._made, kept.encode(it))
                      for aid, it in [*((a.id, items[a.id]) for a in articles), *sorted(unkept.items())]]

        def write(conn: sqlite3.Connection) -> None:
            conn.executemany("INSERT OR REPLACE INTO embeddings (article_id, model, vector) VALUES (?, ?, ?)", vectors)
            conn.executemany("INSERT OR REPLACE INTO story_items (article_id, made, item) VALUES (?, ?, ?)", kept_items)
            conn.executemany("INSERT INTO stories (id, first_article, label, activity, article_count, outlets, entities,"
                             " summary) VALUES (?, ?, '', 0, 0, '[]', '[]', '[]')",
                             [(sid, sid_first) for sid, sid_first in _firsts(decisions, new_stories)])
            conn.executemany("INSERT INTO story_articles (article_id, joined, reason, score, new_sentences)"
                             " VALUES (?, ?, ?, ?, ?)",
                             [(a.id, d.story_id, d.reason, d.score, json.dumps(d.new_sentences)) for a, d in decisions])
            conn.executemany("UPDATE articles SET story_id = ? WHERE id = ?", [(d.story_id, a.id) for a, d in decisions])
            for absorbed, survivor, article in merges:
                conn.execute("UPDATE stories SET merged_into = ?, merged_at = ?, merged_by = ? WHERE id = ?",
                             (survivor, iso(article.published), article.id, absorbed))
                conn.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (survivor, absorbed))
            for sid, row in snapshot.items():
                conn.execute("UPDATE stories SET label = ?, first_seen = ?, last_seen = ?, activity = ?, article_count = ?,"
                             " outlets = ?, entities = ?, summary = ?, representative = ? WHERE id = ?",
                             (row["label"], row["first_seen"], row["last_seen"], row["activity"], row["article_count"],
                              json.dumps(row["outlets"], ensure_ascii=False), json.dumps(row["entities"], ensure_ascii=False),
                              json.dumps(row["summary"], ensure_ascii=False), row["representative"], sid))

        return write

    def _describe(self, sid: str, batch: dict[str, tuple[str, str]]) -> dict:
        """The row of a story as it stands now (it may be closed before the writer runs)."""
        story = self.clusterer.stories[sid]
        idf = self.clusterer.idf
        representative = describe.central(story, idf)
        member = next(m for m in story.members if m.id == representative)
        title, text = batch.get(representative) or self.conn.execute(
            "SELECT title, text FROM articles WHERE id = ?", (representative,)).fetchone()
        entities = describe.entity_list(story)
        spans = sentences.split(text)
        return {"label": describe.label(entities, title, text[spans[0][0]:spans[0][1]] if spans else ""),
                "summary": describe.summary(text, story, idf, member.profile.lang),
                "first_seen": iso(story.first_seen), "last_seen": iso(story.last_seen), "activity": story.activity,
                "article_count": len(story.members),
                "outlets": [{"outlet": o, "count": n} for o, n in sorted(story.outlets.items(), key=lambda kv: (-kv[1], kv[0]))],
                "entities": entities, "representative": representative}


def check_embedding_model(conn: sqlite3.Connection, embedder) -> None:
    """Refuse a writer whose stories would be decided otherwise than the store's so far: a store holding vectors of
    an embedding model takes writers with that model only (the file's name tells it), so that its stories are all
    decided one way and the same input gives the same stories. A store filled without a model may go on with one:
    its stored articles are embedded when their stories are rebuilt."""
    row = conn.execute("SELECT model FROM embeddings LIMIT 1").fetchone()
    if row is None or (embedder is not None and embedder.name == row[0]):
        return
    given = f"not {embedder.name}" if embedder is not None else "and no model was given"
    raise ModelMismatch(f"the stories of this store are decided with the embedding model {row[0]}, {given}: "
                     f"give --embeddings with that model file, or write to another store")


def _firsts(decisions, new_stories):
    firsts = {d.story_id: a.id for a, d in decisions if d.reason == "new"}
    return [(sid, firsts[sid]) for sid in new_stories]


def _in_order(articles: list[Article]) -> list[Article]:
    """Publication order, ties by id; undated articles after the dated ones, in input order."""
    dated = sorted((a for a in articles if a.published is not None), key=lambda a: (a.published, a.id))
    return dated + [a for a in articles if a.published is None]


def _verbatim_share(r) -> float:
    """The smaller of the two shares of text that a reuse record's near-verbatim passages cover.

    Wire formulas (offerings, results: "said it sold 100 mln dlrs of notes due...") align loosely
    between unrelated reports; only copied text says two articles tell one story."""
    strong = [p for p in r.passages if p.score >= VERBATIM]
    if not strong:
        return 0.0
    out = 1.0
    for share, side in ((r.source_share, "source"), (r.target_share, "target")):
        whole = covered([(getattr(p, f"{side}_begin"), getattr(p, f"{side}_end")) for p in r.passages])
        kept = covered([(getattr(p, f"{side}_begin"), getattr(p, f"{side}_end")) for p in strong])
        out = min(out, share * kept / whole if whole else 0.0)
    return out


def _links(edges, reuse) -> dict[str, list[tuple[str, str]]]:
    """Article id -> (other article id, reason), strongest first: duplicates, then substantial reuse."""
    strength: dict[tuple[str, str], tuple[float, str]] = {}
    for a, b, similarity in edges:
        for x, y in ((a, b), (b, a)):
            strength[x, y] = max(strength.get((x, y), (0.0, "")), (1.0 + similarity, "duplicate"))
    for r in reuse:
        share = _verbatim_share(r)
        if share >= REUSE_SHARE:
            for x, y in ((r.source_id, r.target_id), (r.target_id, r.source_id)):
                strength[x, y] = max(strength.get((x, y), (0.0, "")), (share, "reuse"))
    out: dict[str, list] = {}
    for (x, y), (_, reason) in sorted(strength.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.setdefault(x, []).append((y, reason))
    return out
