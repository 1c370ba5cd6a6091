"""Inputs as `(order, RawItem | Reject)`: the local driver's readers, run in Spark tasks.

The order is the local driver's: files as `ingest.expand` lists them (sorted), records in
file order, encoded as `file index << 32 | record index`. JSONL and WARC files are read by
path in the tasks (a path every worker sees); Parquet is read by Spark, each row taken as a
JSON record (`row N` instead of `line N`), after the files the local driver reads.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..ingest import Skipped, expand
from ..ingest.jsonl import _record
from ..model import Reject
from ..pipeline import _read_safely, _storable

SHIFT = 32


def split_inputs(paths: list[str]) -> tuple[list[str], list[str]]:
    """(inputs the local readers take, Parquet inputs)."""
    parquet = [p for p in paths if _is_parquet(p)]
    return [p for p in paths if p not in parquet], parquet


def _is_parquet(path: str) -> bool:
    p = Path(path)
    if p.name.lower().endswith(".parquet"):
        return True
    return p.is_dir() and any(c.name.endswith(".parquet") for c in p.iterdir() if c.is_file())


def items(spark, paths: list[str], outlet: str | None, partitions: int):
    """The RDD of every input's `(order, RawItem | Reject)`, and the count of files skipped."""
    local, parquet = split_inputs(paths)
    targets, early, skipped = [], [], 0
    for target in expand(local) if local else ():
        if isinstance(target, Reject):
            early.append(_storable(target))
        elif isinstance(target, Skipped):
            skipped += 1
        else:
            targets.append(target)
    sc = spark.sparkContext
    # Rejects of missing paths come first, as in the local driver: file index 0 holds them.
    found = sc.parallelize([(i, r) for i, r in enumerate(early)], 1)
    if targets:
        files = sc.parallelize(list(enumerate(targets, start=1)), max(1, min(len(targets), partitions)))
        found = found.union(files.flatMap(lambda pair: _read_file(pair[0], pair[1], outlet)))
    if parquet:
        found = found.union(_parquet_items(spark, parquet, outlet, first_index=len(targets) + 1))
    return found, skipped


def _read_file(index: int, target, outlet: str | None):
    for record, item in enumerate(map(_storable, _read_safely(target, outlet))):
        yield index << SHIFT | record, item


def _parquet_items(spark, paths: list[str], outlet: str | None, first_index: int):
    frame = spark.read.parquet(*paths).select("*", "_metadata.file_path", "_metadata.row_index")
    files = sorted(r.file_path for r in frame.select("file_path").distinct().collect())
    index_of = {path: first_index + i for i, path in enumerate(files)}
    columns = [c for c in frame.columns if c not in ("file_path", "row_index")]

    def convert(row):
        record = {c: row[c] for c in columns}
        path = Path(row.file_path.removeprefix("file:"))
        line = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
        item = _record(path, row.row_index + 1, line, outlet)
        where = f"row {row.row_index + 1}"
        if isinstance(item, Reject):
            item.record = where
        else:
            item.source.record = where
        return index_of[row.file_path] << SHIFT | row.row_index, _storable(item)

    return frame.rdd.map(convert)
