"""Stories in Spark: the local assigner, replayed on the driver in the local driver's batches.

Story assignment is sequential: each article joins a story open when it comes, or starts one.
`reprise run` assigns each batch of `BATCH_SIZE` stored articles in publication order, with the
near-duplicate edges and reuse the batch found. Everything those need (cleaning, fingerprints,
edges, alignment) is computed in parallel; the driver then streams the articles in input
order, cuts the same batches, and runs the same `StoryAssigner` over a scratch store. What each
article brings to the decisions (its lemmas, names, entities and sentence shingles: `state.item`,
most of the cost of an article) is made by the executors as well, and so is its embedding when a
model is given (each task loads the model once): the driver only decides.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import tempfile
from pathlib import Path

from ..embeddings import Embedder
from ..pipeline import BATCH_SIZE
from ..reuse import Passage, Reuse
from ..store import Store
from ..stories.assign import StoryAssigner
from ..stories.read import stories_rows
from ..stories.state import article_item, embed
from .read import SHIFT as FILE_SHIFT

ARTICLE, EDGE, REUSE = 0, 1, 2


def batch_starts(events) -> list[int]:
    """The order of the first article of each batch the local driver flushes, from every stored
    article and reject as `(order, is_article)`, in order: a batch ends at `BATCH_SIZE` articles,
    or at the end of an input file once `BATCH_SIZE` rejects are waiting."""
    starts: list[int] = []
    articles = rejects = 0
    current = None
    opened = False
    for order, is_article in events:
        file = order >> FILE_SHIFT
        if file != current:
            if current and rejects >= BATCH_SIZE:  # file 0 holds the rejects of missing paths: no check after them
                articles = rejects = 0
                opened = False
            current = file
        if not is_article:
            rejects += 1
            continue
        if not opened:
            starts.append(order)
            opened = True
        articles += 1
        if articles >= BATCH_SIZE:
            articles = rejects = 0
            opened = False
    return starts


def assign(spark, articles, verified, order, found, reject_orders, embeddings: str | None = None):
    """`(story_of RDD of (id, story_id), stories rows, stories table rows, story_articles rows, embeddings rows)`.
    `embeddings`: a model file every worker can read (`reprise spark run --embeddings`): the executors embed, the
    driver decides with it as `reprise run --embeddings` does, and the vectors are kept as the store keeps them."""
    article_orders = (order.orderBy("order").select("order").rdd.map(lambda r: (r.order, True)).toLocalIterator())
    starts = batch_starts(heapq.merge(article_orders, ((o, False) for o in sorted(reject_orders))))
    starts_of = spark.sparkContext.broadcast(starts)

    def batch(o: int) -> int:
        return bisect.bisect_right(starts_of.value, o) - 1

    rank = order.rdd.map(lambda r: (r.id, r.order))
    edge_rows = (verified.rdd.map(lambda r: (r.a, (r.b, r.similarity))).join(rank)
                 .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1]))).join(rank)
                 .map(lambda kv: (batch(max(kv[1][0][2], kv[1][1])), EDGE, 0, (kv[1][0][0], kv[0], kv[1][0][1]))))
    def with_items(pairs):
        rows = [(batch(o), ARTICLE, o, _slim_with_item(article)) for o, article in pairs]
        if embeddings and rows:
            embed([it for _, _, _, (_, it) in rows], Embedder(embeddings))
        return rows

    items = (articles.mapPartitions(with_items)
             .union(edge_rows)
             .union(found.map(lambda pair: (batch(pair[0]), REUSE, 0, pair[1]))))
    ordered = items.sortBy(lambda row: (row[0], row[1], row[2], str(row[3]) if row[1] else ""))
    return _replay(ordered.toLocalIterator(), Embedder(embeddings) if embeddings else None)


def _slim_with_item(article):
    """What the scratch store needs of an article (not its raw text nor its cuts), and its story item, made
    as the driver's `StoryAssigner` would make it."""
    it = article_item(article)
    it.sentence_shingles()
    return dataclasses.replace(article, raw_text="", removed=[]), it


def _replay(rows, embedder=None):
    with tempfile.TemporaryDirectory(prefix="reprise-stories-") as folder:
        store = Store.open(Path(folder) / "stories.db")
        try:
            assigner = StoryAssigner(store.conn, embedder=embedder)
            current, batch = None, ([], [], [])
            for number, kind, _, payload in rows:
                if number != current and current is not None:
                    _flush(store, assigner, *batch)
                    batch = ([], [], [])
                current = number
                batch[kind].append(payload)
            if current is not None:
                _flush(store, assigner, *batch)
            conn = store.conn
            story_of = conn.execute("SELECT id, story_id FROM articles").fetchall()
            exported = list(stories_rows(conn))
            table = [dict(zip(_columns(conn, "stories"), row)) for row in conn.execute("SELECT * FROM stories ORDER BY rowid")]
            joined = [dict(zip(_columns(conn, "story_articles"), row)) for row in conn.execute("SELECT * FROM story_articles")]
            vectors = conn.execute("SELECT article_id, model, vector FROM embeddings ORDER BY article_id").fetchall()
        finally:
            store.close()
    return story_of, exported, table, joined, vectors


def _flush(store, assigner, articles, edges, found) -> None:
    reuse = [Reuse(**{**r, "passages": [Passage(**p) for p in r["passages"]]}) for r in found]
    items = {it.id: it for _, it in articles}
    articles = [article for article, _ in articles]
    store.write_batch(articles, [], {}, (), edges, writers=[assigner.assign(articles, edges, reuse, items)])


def _columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
