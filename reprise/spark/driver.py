"""`reprise spark run`: read, clean, match, align and assign stories; Parquet out, one folder per table."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Reject
from . import duplicates, prepare, read, reuse, stories, tables


@dataclass
class Summary:
    read: int = 0
    articles: int = 0
    rejected: int = 0
    skipped: int = 0
    groups: int = 0
    reuse: int = 0
    stories: int = 0

    def line(self, output: str) -> str:
        text = (f"{self.read} read · {self.articles} articles · {self.rejected} rejected · "
                f"{self.groups} duplicate groups · {self.reuse} reuse pairs · {self.stories} stories")
        if self.skipped:
            text += f" · {self.skipped} files skipped (not a type reprise reads)"
        return f"{text} → {output}"


def run(spark, paths: list[str], output: str, partitions: int, outlet: str | None = None,
        embeddings: str | None = None) -> Summary:
    """The pipeline over `paths`, each table written to `output/TABLE/` as Parquet (and what
    `spark load` needs besides under `output/state/`). `embeddings`: a model file every worker reads, for
    the stories (as `reprise run --embeddings`)."""
    from pyspark import StorageLevel

    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    keep = StorageLevel.MEMORY_AND_DISK
    out = output.rstrip("/") or "/"
    summary = Summary()
    listed, summary.skipped, fetched = read.items(spark, paths, outlet, partitions)
    listed = listed.persist(keep)
    raw = read.settled(listed, fetched)
    done = prepare.prepared(raw, partitions).persist(keep)
    articles = done.filter(lambda pair: isinstance(pair[1], Article))
    found = raw.filter(lambda pair: isinstance(pair[1], Reject)).union(done.filter(lambda pair: isinstance(pair[1], Reject)))
    summary.read = raw.filter(lambda pair: not isinstance(pair[1], Reject)).count()
    summary.articles = articles.count()
    reject_orders = found.keys().collect()
    _write(_rejects(spark, found), out, "rejects")
    summary.rejected = _count(spark, out, "rejects")
    listed.unpersist()

    prints = duplicates.fingerprints(articles).persist(keep)
    verified = duplicates.edges(spark, prints).persist(keep)
    duplicate_of, groups = duplicates.groups(spark, verified, duplicates.published_of(spark, articles))
    _write(spark.createDataFrame(groups, tables.SCHEMAS["duplicates"]).orderBy("canonical_id"), out, "duplicates")
    summary.groups = _count(spark, out, "duplicates")

    aligned = reuse.found(spark, articles).persist(keep)
    _write(spark.createDataFrame(aligned.values(), tables.SCHEMAS["reuse"]).orderBy("source_id", "target_id"), out, "reuse")
    summary.reuse = _count(spark, out, "reuse")

    order = spark.createDataFrame(articles.map(lambda pair: (pair[1].id, pair[0])), tables.SCHEMAS["order"]).persist(keep)
    story_of, exported, table, joined, vectors = stories.assign(spark, articles, verified, order, aligned, reject_orders,
                                                                embeddings)
    _write(spark.createDataFrame(exported, tables.SCHEMAS["stories"]), out, "stories")
    summary.stories = len(exported)

    frame = spark.createDataFrame(articles.map(lambda pair: tables.article_row(pair[1])), tables.SCHEMAS["articles"])
    columns = frame.columns
    frame = (frame.drop("duplicate_of", "story_id").join(duplicate_of, "id", "left")
             .join(spark.createDataFrame(story_of, "id string, story_id string"), "id", "left")
             .join(order, "id").orderBy("order").select(*columns))
    _write(frame, out, "articles")
    _write(spark.createDataFrame(articles.flatMap(lambda pair: tables.removed_rows(pair[1])), tables.SCHEMAS["removed"])
           .orderBy("article_id", "begin"), out, "removed")

    state = _under(out, "state")
    _write(verified.orderBy("a", "b"), state, "near_pairs")
    _write(spark.createDataFrame(prints.map(tables.fingerprint_row), tables.SCHEMAS["fingerprints"]), state, "fingerprints")
    _write(order.orderBy("order"), state, "order")
    lines = done.filter(lambda pair: pair[0] == prepare.LINES).flatMap(lambda pair: pair[1])
    _write(spark.createDataFrame(lines, tables.SCHEMAS["outlet_lines"]), state, "outlet_lines")
    _write(spark.createDataFrame(table, tables.SCHEMAS["story_table"]), state, "stories")
    _write(spark.createDataFrame(joined, tables.SCHEMAS["story_articles"]), state, "story_articles")
    _write(spark.createDataFrame(vectors, tables.SCHEMAS["embeddings"]), state, "embeddings")
    return summary


def _rejects(spark, found):
    """Rejects in input order, one per (input, record) as the store keeps them."""
    rows = found.map(lambda pair: ((pair[1].input, pair[1].record), (pair[0], pair[1].reason)))
    first = rows.reduceByKey(lambda x, y: (min(x[0], y[0]), max(x, y)[1]))
    frame = spark.createDataFrame(first.map(lambda kv: (kv[1][0], *kv[0], kv[1][1])),
                                  "order long, input string, record string, reason string")
    return frame.orderBy("order").drop("order")


def _under(folder: str, name: str) -> str:
    """`folder/name`, where `folder` may be a URI (`hdfs://host/out`), which `pathlib` would not keep whole."""
    return f"{folder.rstrip('/')}/{name}"


def _count(spark, folder: str, name: str) -> int:
    return spark.read.parquet(_under(folder, name)).count()


def _write(frame, folder: str, name: str) -> None:
    frame.write.mode("overwrite").parquet(_under(folder, name))
