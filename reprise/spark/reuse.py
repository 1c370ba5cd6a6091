"""Reuse in Spark: shingle postings, the document-frequency filter as a rank, the local aligner.

`reprise run` aligns each new article with those stored before it, a shingle counting as an
anchor while fewer than `max_df` earlier articles carried it. So a shingle links exactly the
first `max_df` articles that carry it, in input order (each at most `max_repeat` times): the
filter is a rank over the postings, the candidate pairs a join of what is left, and each pair
with `min_match` hits goes to the same aligner (`reuse.records`) with the same hits.
"""

from __future__ import annotations

import numpy as np

from ..dates import iso, parse_date
from ..reuse import AlignConfig, Document
from ..reuse.index import shingles
from ..reuse.records import _Prepared, _reuse_of_hits
from ..reuse.tokens import tokenize

CONFIG = AlignConfig()


def document(article) -> Document:
    """The aligner's view of an article, as `reuse_links` builds it (dates as the store keeps them)."""
    return Document(article.id, article.text, parse_date(iso(article.published)), list(article.credits))


def postings(articles):
    """`(shingle as a signed 64-bit int, order, position)` of every anchor-able shingle of an RDD of `(order, Article)`."""
    def rows(pair):
        order, article = pair
        hashes = shingles(tokenize(article.text).ids, CONFIG.n)
        keys, inverse, counts = np.unique(hashes, return_inverse=True, return_counts=True)
        allowed = (counts <= CONFIG.max_repeat)[inverse]
        signed = hashes.view(np.int64)
        for pos in np.flatnonzero(allowed).tolist():
            yield int(signed[pos]), order, pos

    return articles.flatMap(rows)


def pairs(spark, articles):
    """DataFrame `(old, new, hits)`: article orders old < new with `min_match` hits or more, each hit
    `(p_new, p_old)`, for the documents the frequency filter lets meet."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    rows = spark.createDataFrame(postings(articles), "h long, doc long, pos int")
    by_shingle = Window.partitionBy("h")
    ranked = (rows.withColumn("rank", F.dense_rank().over(by_shingle.orderBy("doc")))
              .withColumn("df", F.max("rank").over(by_shingle))
              .where((F.col("rank") <= CONFIG.max_df) & (F.col("df") >= 2)).select("h", "doc", "pos"))
    old, new = ranked.alias("o"), ranked.alias("n")
    hits = (old.join(new, "h").where(F.col("o.doc") < F.col("n.doc"))
            .select(F.col("o.doc").alias("old"), F.col("n.doc").alias("new"),
                    F.struct(F.col("n.pos").alias("p_new"), F.col("o.pos").alias("p_old")).alias("hit")))
    return (hits.groupBy("old", "new").agg(F.collect_list("hit").alias("hits"))
            .where(F.size("hits") >= CONFIG.min_match))


def found(spark, articles):
    """RDD of `(order of the later article, export row of reuse)`, aligned from the candidate pairs."""
    docs = spark.createDataFrame(articles.map(lambda pair: (pair[0], _pickled(document(pair[1])))), "doc long, document binary")
    candidates = (pairs(spark, articles)
                  .join(docs.withColumnRenamed("doc", "old").withColumnRenamed("document", "d_old"), "old")
                  .join(docs.withColumnRenamed("doc", "new").withColumnRenamed("document", "d_new"), "new"))
    return candidates.rdd.mapPartitions(_align)


def _align(rows):
    import pickle

    for row in rows:
        hits = sorted((h.p_new, h.p_old) for h in row.hits)
        p_new = np.array([h[0] for h in hits], dtype=np.int32)
        p_old = np.array([h[1] for h in hits], dtype=np.int32)
        old, new = _Prepared(pickle.loads(row.d_old)), _Prepared(pickle.loads(row.d_new))
        reuse = _reuse_of_hits(old, new, p_old, p_new, CONFIG)
        if reuse is not None:
            yield row.new, reuse.as_dict()


def _pickled(doc: Document) -> bytearray:
    import pickle

    return bytearray(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
