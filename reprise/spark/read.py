"""Inputs as `(order, RawItem | Reject)`: the local driver's readers, run in Spark tasks.

The order is the local driver's: files as `ingest.expand` lists them (sorted), records in
file order, encoded as `file index << 32 | record index`. Local JSONL, WARC and other files are
read by path in the tasks (a path every worker sees). Inputs given as a URI of a file system
(`hdfs://`, `s3a://`, `gs://`, `file:/`: any Spark has a connector for) are listed on the driver
through Spark's Hadoop file system, read whole by Spark (its `binaryFile` source, after the local
files, sorted by URI) and parsed by the same readers from their bytes; a file that vanishes between
the listing and the reading is a reject, as a missing local file is. Parquet, local or not, is read by
Spark, each row taken as a JSON record (`row N` instead of `line N`), after everything else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from ..ingest import Skipped, expand, is_url, kind_of
from ..ingest.files import FILE_SYSTEM_URI, Fetched
from ..ingest.jsonl import _record
from ..ingest.limits import megabytes
from ..model import Reject
from ..pipeline import _read_safely, _storable

SHIFT = 32
# Spark hands a task each file whole, as one Java byte array: at most 2 GiB, less some room
FETCH_MAX_BYTES = 2_000_000_000
VANISHED = "the file vanished between listing and reading"


class FileRead(NamedTuple):
    """The row that follows a fetched file's items (order: the file's index, then the last record number): it was
    there to be read. `settled` takes these rows out."""
    uri: str


def split_inputs(paths: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(inputs the local readers take, URIs of a file system Spark reads, local Parquet inputs)."""
    remote = [p for p in paths if FILE_SYSTEM_URI.match(p) and not is_url(p)]
    parquet = [p for p in paths if p not in remote and _is_parquet(p)]
    return [p for p in paths if p not in remote and p not in parquet], remote, parquet


def _is_parquet(path: str) -> bool:
    p = Path(path)
    if p.name.lower().endswith(".parquet"):
        return True
    return p.is_dir() and any(c.name.endswith(".parquet") for c in p.iterdir() if c.is_file())


def items(spark, paths: list[str], outlet: str | None, partitions: int):
    """The RDD of every input's `(order, RawItem | Reject)`, with a `FileRead` row after each file fetched from a
    file system URI; the count of files skipped; and the fetched files by index, for `settled`."""
    local, remote, parquet = split_inputs(paths)
    targets, early, skipped = [], [], 0
    for target in expand(local) if local else ():
        if isinstance(target, Reject):
            early.append(_storable(target))
        elif isinstance(target, Skipped):
            skipped += 1
        else:
            targets.append(target)
    sc = spark.sparkContext
    fetched, remote_parquet, remote_early, remote_skipped = listed(sc, remote)
    early += remote_early
    skipped += remote_skipped
    # Rejects of missing paths come first, as in the local driver: file index 0 holds them.
    found = sc.parallelize([(i, r) for i, r in enumerate(early)], 1)
    if targets:
        files = sc.parallelize(list(enumerate(targets, start=1)), max(1, min(len(targets), partitions)))
        found = found.union(files.flatMap(lambda pair: _read_file(pair[0], pair[1], outlet)))
    index_of = {uri: i for i, uri in enumerate(fetched, start=len(targets) + 1)}
    data = _whole_files(spark, fetched)
    if data is not None:
        found = found.union(data.rdd.flatMap(lambda row: _read_fetched(index_of[row.path], row.path, row.content, outlet)))
    if parquet or remote_parquet:
        found = found.union(_parquet_items(spark, parquet + remote_parquet, outlet,
                                           first_index=len(targets) + len(fetched) + 1))
    return found, skipped, {i: uri for uri, i in index_of.items()}


def settled(found, fetched: dict[int, str]):
    """`found` (persisted: it is read twice) without its `FileRead` rows, and with a reject for each fetched file
    that has none: it vanished after it was listed. Without fetched files there is nothing to count (no Spark job)."""
    if not fetched:
        return found
    read = set(found.filter(lambda pair: isinstance(pair[1], FileRead)).keys().map(lambda o: o >> SHIFT).collect())
    vanished = [(i << SHIFT, Reject(uri, "", VANISHED)) for i, uri in sorted(fetched.items()) if i not in read]
    rest = found.filter(lambda pair: not isinstance(pair[1], FileRead))
    return rest.union(found.context.parallelize(vanished, 1)) if vanished else rest


def _whole_files(spark, uris: list[str]):
    """A frame of `path, content` of the files at `uris` (None when there are none). Spark checks that every path
    exists before it reads any: a file gone since the listing is left out and the others tried again; one that goes
    while they are read is passed over (`ignoreMissingFiles`). `settled` makes a reject of each."""
    from pyspark.errors import AnalysisException

    reader = spark.read.format("binaryFile").option("ignoreMissingFiles", "true")
    while uris:
        try:
            return reader.load(uris).select("path", "content")
        except AnalysisException:
            still = [uri for uri in uris if _exists(spark.sparkContext, uri)]
            if len(still) == len(uris):
                raise
            uris = still
    return None


def _exists(sc, uri: str) -> bool:
    path = sc._jvm.org.apache.hadoop.fs.Path(uri)
    return bool(path.getFileSystem(sc._jsc.hadoopConfiguration()).exists(path))


def listed(sc, uris: list[str]) -> tuple[list[str], list[str], list[Reject], int]:
    """The files under URIs of file systems Spark reads, through its Hadoop `FileSystem`, as `expand` lists local
    ones (folders walked, hidden entries left out): (files to fetch, sorted; Parquet inputs; rejects; files of a
    type reprise does not read)."""
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    files: dict[str, None] = {}
    parquet: list[str] = []
    rejects: list[Reject] = []
    skipped = 0
    for uri in uris:
        try:
            path = jvm.org.apache.hadoop.fs.Path(uri)
            fs = path.getFileSystem(conf)
            if not fs.exists(path):
                rejects.append(Reject(uri, "", "no such file or folder"))
                continue
            status = fs.getFileStatus(path)
            if not status.isDirectory():
                found = [(status, status.getPath().getName())]
            else:
                base = status.getPath().toString().rstrip("/") + "/"
                found = []
                walk = fs.listFiles(path, True)
                while walk.hasNext():
                    status = walk.next()
                    found.append((status, status.getPath().toString().removeprefix(base)))
        except Exception as err:  # py4j's error of a missing connector, a refused connection, a denied listing
            rejects.append(Reject(uri, "", f"cannot list it: {_java_message(err)}"))
            continue
        if any(name.endswith(".parquet") for status, name in found if not _hidden(name)):
            parquet.append(uri)  # a folder of Parquet files (or one), read by Spark as one input
            continue
        for status, name in found:
            if _hidden(name):
                continue
            where = status.getPath().toString()
            if kind_of(Fetched(where, b"")) is None:
                skipped += 1
            elif status.getLen() > FETCH_MAX_BYTES:
                rejects.append(Reject(where, "", f"file is {megabytes(status.getLen())}, over the "
                                      f"{megabytes(FETCH_MAX_BYTES)} Spark hands a task as one file: split it"))
            else:
                files[where] = None
    return sorted(files), parquet, [_storable(r) for r in rejects], skipped


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/") if part)


def _java_message(err: Exception) -> str:
    """The first line of a Java exception's message, short."""
    text = str(getattr(err, "java_exception", None) or err)
    return " ".join(text.strip().splitlines()[0].split())[:300] if text.strip() else type(err).__name__


def _read_file(index: int, target, outlet: str | None):
    for record, item in enumerate(map(_storable, _read_safely(target, outlet))):
        yield index << SHIFT | record, item


def _read_fetched(index: int, uri: str, data: bytearray, outlet: str | None):
    yield from _read_file(index, Fetched(uri, bytes(data)), outlet)
    yield index << SHIFT | (1 << SHIFT) - 1, FileRead(uri)


def _parquet_items(spark, paths: list[str], outlet: str | None, first_index: int):
    frame = spark.read.parquet(*paths).select("*", "_metadata.file_path", "_metadata.row_index")
    files = sorted(r.file_path for r in frame.select("file_path").distinct().collect())
    index_of = {path: first_index + i for i, path in enumerate(files)}
    columns = [c for c in frame.columns if c not in ("file_path", "row_index")]

    def convert(row):
        record = {c: row[c] for c in columns}
        uri = row.file_path
        path = Path(uri.removeprefix("file:")) if uri.startswith("file:") else Fetched(uri, b"")
        line = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
        item = _record(path, row.row_index + 1, line, outlet)
        where = f"row {row.row_index + 1}"
        if isinstance(item, Reject):
            item.record = where
        else:
            item.source.record = where
        return index_of[row.file_path] << SHIFT | row.row_index, _storable(item)

    return frame.rdd.map(convert)
