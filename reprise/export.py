"""Tables out of the store as JSONL (default), CSV or Parquet, streamed where the format allows."""

from __future__ import annotations

import csv
import json
import sys

TABLES = ("articles", "removed", "rejects", "duplicates", "reuse", "stories")
FORMATS = ("jsonl", "csv", "parquet")


class ExportError(Exception):
    pass


def write(rows, fmt: str, output: str | None, table: str = "") -> int:
    """Write `rows` (dicts) to `output` (a path, or None for standard output); returns the row count."""
    if output:
        try:  # fail early and in one line when the file cannot be written
            open(output, "wb").close()
        except OSError as err:
            raise ExportError(f"cannot write {output}: {err.strerror or err}") from None
    if fmt == "parquet":
        return _parquet(rows, output, table)
    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        return _jsonl(rows, stream) if fmt == "jsonl" else _csv(rows, stream, table)
    finally:
        if output:
            stream.close()


def _jsonl(rows, stream) -> int:
    n = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _cell(value):
    """Lists and objects go into CSV cells as JSON."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _csv(rows, stream, table: str = "") -> int:
    writer = None
    n = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
        n += 1
    if writer is None and _columns(table):  # an empty table still has its header
        csv.writer(stream).writerow(_columns(table))
    return n


def _columns(table: str) -> list[str]:
    return list(_COLUMNS.get(table, ()))


_COLUMNS = {
    "articles": ("id", "outlet", "url", "title", "published", "language", "text", "credits", "source",
                 "story_id", "duplicate_of", "content_hash", "extra"),
    "removed": ("article_id", "begin", "end", "text", "rule"),
    "rejects": ("input", "record", "reason"),
    "reuse": ("source_id", "target_id", "direction", "common_source", "passages", "source_share", "target_share"),
    "stories": ("id", "label", "first_seen", "last_seen", "article_ids", "outlets", "entities", "summary", "merged_into"),
}


PASSAGE_OFFSETS = ("source_begin", "source_end", "target_begin", "target_end")


def _arrow_schema(table: str):
    import pyarrow as pa

    text = pa.string()
    schemas = {
        "articles": [("id", text), ("outlet", text), ("url", text), ("title", text), ("published", text),
                     ("language", text), ("text", text), ("credits", pa.list_(text)), ("source", text),
                     ("story_id", text), ("duplicate_of", text), ("content_hash", text), ("extra", text)],
        "removed": [("article_id", text), ("begin", pa.int64()), ("end", pa.int64()), ("text", text), ("rule", text)],
        "rejects": [("input", text), ("record", text), ("reason", text)],
        "duplicates": [("group_id", text), ("canonical_id", text),
                       ("members", pa.list_(pa.struct([("id", text), ("similarity", pa.float64())])))],
        "reuse": [("source_id", text), ("target_id", text), ("direction", text), ("common_source", text),
                  ("passages", pa.list_(pa.struct([(k, pa.int64()) for k in PASSAGE_OFFSETS] + [("score", pa.float64())]))),
                  ("source_share", pa.float64()), ("target_share", pa.float64())],
        "stories": [("id", text), ("label", text), ("first_seen", text), ("last_seen", text), ("article_ids", pa.list_(text)),
                    ("outlets", pa.list_(pa.struct([("outlet", text), ("count", pa.int64())]))),
                    ("entities", pa.list_(pa.struct([("text", text), ("label", text), ("count", pa.int64())]))),
                    ("summary", pa.list_(text)), ("merged_into", text)],
    }
    return pa.schema(schemas[table]) if table in schemas else None


def _parquet(rows, output: str | None, table: str) -> int:
    if not output:
        raise ExportError("Parquet is a binary format: give a file with --output")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError('Parquet export needs pyarrow: pip install "reprise[parquet]"') from None
    schema = _arrow_schema(table)
    writer = None
    batch: list[dict] = []
    n = 0

    def flush():
        nonlocal writer, schema
        data = pa.Table.from_pylist([{k: _parquet_cell(v) for k, v in r.items()} for r in batch], schema=schema)
        if writer is None:
            schema = data.schema
            writer = pq.ParquetWriter(output, schema)
        writer.write_table(data)
        batch.clear()

    for row in rows:
        batch.append(row)
        n += 1
        if len(batch) >= 5000:
            flush()
    if batch:
        flush()
    if writer is None:
        pq.write_table((schema or pa.schema([])).empty_table(), output)
    else:
        writer.close()
    return n


def _parquet_cell(value):
    """Nested values whose shape varies by row (`source`, `extra`) are stored as JSON text."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value
