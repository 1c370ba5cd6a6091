"""Cleaning in Spark: each outlet's items in input order in one task, with its own outlet-line memory.

`OutletLines` keeps its state per outlet and nothing across outlets, so an outlet's articles
cleaned in input order, alone, are cut exactly as in the local run. One thing crosses
outlets: an item whose id was already stored is skipped, and two outlets may carry the same
URL; outlets that share an article id are cleaned in the same task, in input order.
"""

from __future__ import annotations

import zlib

from .. import ids
from ..model import Article, RawItem
from ..outlet_lines import OutletLines
from ..pipeline import prepare

LINES = -1  # the order of the last row of each task: the outlet-line counts it learned


def prepared(raw, partitions: int):
    """`(order, Article | Reject)` of the RawItems in `raw` (an RDD of `(order, RawItem | Reject)`);
    an item whose id an earlier item already took is left out, as the local driver skips it.
    Each task ends with `(LINES, [(outlet, line key, articles, recent, seen at)])`."""
    items = raw.filter(lambda pair: isinstance(pair[1], RawItem))
    linked = (items.map(lambda pair: (ids.article_id(pair[1].key), pair[1].outlet)).distinct()
              .groupByKey().map(lambda pair: sorted(set(pair[1]))).filter(lambda outlets: len(outlets) > 1).collect())
    group_of = raw.context.broadcast(outlet_groups(linked))

    def keyed(pair):
        order, item = pair
        return (group_of.value.get(item.outlet, item.outlet), order), item

    by_outlet = items.map(keyed).repartitionAndSortWithinPartitions(
        partitions, partitionFunc=lambda key: zlib.crc32(key[0].encode("utf-8", "surrogatepass")))
    return by_outlet.mapPartitions(_clean_in_order)


def outlet_groups(linked: list[list[str]]) -> dict[str, str]:
    """The outlet each linked outlet is cleaned with (the smallest of its connected set)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for outlets in linked:
        for other in outlets[1:]:
            a, b = sorted((root(outlets[0]), root(other)))
            if a != b:
                parent[b] = a
    return {x: root(x) for outlets in linked for x in outlets}


def _clean_in_order(rows):
    memory = OutletLines(lambda _outlet: {})
    stored: set[str] = set()
    for (_, order), item in rows:
        article_id = ids.article_id(item.key)
        if article_id in stored:
            continue
        result = prepare(item, memory)
        if isinstance(result, Article):
            stored.add(article_id)
        yield order, result
    # From an empty store, what is pending for the store is all the task learned.
    yield LINES, [(outlet, key, *state) for (outlet, key), state in memory.pending.items()]
