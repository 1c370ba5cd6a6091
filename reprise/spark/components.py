"""Connected components of an edge list with DataFrame operations (no GraphFrames).

Every node starts labelled with its own id; each round, a node takes the smallest label among
its own and its neighbours'; when no label changes, each label is the smallest id of its
component. Near-duplicate components are small and shallow, so a few rounds do.
"""

from __future__ import annotations


def components(spark, edges):
    """DataFrame `(id, component)` for every node of `edges` (columns a, b)."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("src"), F.col("b").alias("dst")).union(
        edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))).cache()
    label = both.select(F.col("src").alias("id")).distinct().withColumn("component", F.col("id")).localCheckpoint()
    while True:
        offered = (both.join(label.withColumnRenamed("id", "src"), "src")
                   .select(F.col("dst").alias("id"), "component").union(label))
        new = offered.groupBy("id").agg(F.min("component").alias("component")).localCheckpoint()
        changed = new.join(label.withColumnRenamed("component", "old"), "id").where(F.col("component") != F.col("old")).count()
        label = new
        if not changed:
            return label
