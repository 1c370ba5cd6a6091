"""Near duplicates in Spark: the band keys of `reprise.duplicates` joined, exact Jaccard verified,
then groups as `reprise.duplicate_groups` forms them, component by component.

The local driver matches each new article against the band keys of those stored before it;
every pair that shares a key in some band is verified, so the edges are those of the join of
all band keys with themselves, whatever the order of arrival.
"""

from __future__ import annotations

import numpy as np

from ..dates import iso
from ..duplicate_groups import canonicals, group_id
from ..duplicates import THRESHOLD, Fingerprinter
from ..shingles import jaccard
from .components import components

BATCH = 500


def fingerprints(articles):
    """`(id, shingles as bytes, [band key as a signed 64-bit int])` of each article of an RDD of `(order, Article)`."""
    def rows(pairs):
        fingerprinter = Fingerprinter(THRESHOLD)
        batch = []
        for _, article in pairs:
            batch.append(article)
            if len(batch) >= BATCH:
                yield from _fingerprint(fingerprinter, batch)
                batch = []
        yield from _fingerprint(fingerprinter, batch)

    return articles.mapPartitions(rows)


def _fingerprint(fingerprinter, batch):
    if not batch:
        return
    sets, keys = fingerprinter.fingerprints([a.text for a in batch])
    for article, shingles, row in zip(batch, sets, keys):
        yield article.id, shingles.tobytes(), row.view(np.int64).tolist()


def edges(spark, prints):
    """DataFrame `(a, b, similarity)` of the verified pairs (a < b), similarity rounded as the store keeps it."""
    from pyspark.sql import functions as F

    keys = spark.createDataFrame(
        prints.flatMap(lambda r: [(r[0], band, key) for band, key in enumerate(r[2])]), "id string, band int, key long")
    pairs = (keys.alias("x").join(keys.alias("y"), ["band", "key"]).where(F.col("x.id") < F.col("y.id"))
             .select(F.col("x.id").alias("a"), F.col("y.id").alias("b")).distinct())
    shingles = spark.createDataFrame(prints.map(lambda r: (r[0], bytearray(r[1]))), "id string, shingles binary")
    candidates = (pairs.join(shingles.withColumnRenamed("id", "a").withColumnRenamed("shingles", "sa"), "a")
                  .join(shingles.withColumnRenamed("id", "b").withColumnRenamed("shingles", "sb"), "b"))
    verified = candidates.rdd.mapPartitions(_verify)
    return spark.createDataFrame(verified, "a string, b string, similarity double")


def _verify(rows):
    for row in rows:
        similarity = jaccard(np.frombuffer(row.sa, dtype=np.uint64), np.frombuffer(row.sb, dtype=np.uint64))
        if similarity >= THRESHOLD:
            yield row.a, row.b, round(similarity, 4)


def groups(spark, verified, published):
    """`(duplicate_of DataFrame (id, duplicate_of), duplicates RDD of export rows)` from the verified
    edges and `published` (DataFrame id, published ISO text)."""
    label = components(spark, verified.select("a", "b"))
    members = label.join(published, "id").rdd.map(lambda r: (r.component, ("node", r.id, r.published)))
    links = (verified.join(label.withColumnRenamed("id", "a"), "a").rdd
             .map(lambda r: (r.component, ("edge", r.a, r.b, r.similarity))))
    decided = members.union(links).groupByKey().flatMap(lambda pair: _decide(list(pair[1]))).cache()
    duplicate_of = spark.createDataFrame(decided.filter(lambda r: r[0] == "of").map(lambda r: r[1:]),
                                         "id string, duplicate_of string")
    return duplicate_of, decided.filter(lambda r: r[0] == "group").map(lambda r: r[1])


def _decide(rows):
    dated = sorted((r[1], r[2]) for r in rows if r[0] == "node")
    links = {(r[1], r[2]): r[3] for r in rows if r[0] == "edge"}
    canonical_of = canonicals(dated, sorted(links))
    members: dict[str, list[dict]] = {}
    for article, canonical in sorted(canonical_of.items()):
        yield "of", article, canonical
        if canonical is not None:
            similarity = links.get((article, canonical), links.get((canonical, article)))
            members.setdefault(canonical, []).append({"id": article, "similarity": similarity})
    for canonical, rest in members.items():
        yield "group", {"group_id": group_id(canonical), "canonical_id": canonical,
                        "members": [{"id": canonical, "similarity": 1.0}, *rest]}


def published_of(spark, articles):
    """DataFrame `(id, published)`: the ISO text the store sorts groups by."""
    return spark.createDataFrame(articles.map(lambda pair: (pair[1].id, iso(pair[1].published))), "id string, published string")
