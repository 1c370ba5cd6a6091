"""`reprise spark load DIR`: the output of `spark run` (a local folder, or a URI) into a new store, which later
runs go on with."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..ingest.files import FILE_SYSTEM_URI
from ..reuse.index import shingles
from ..reuse.tokens import tokenize
from ..store import StoreError
from .reuse import CONFIG


class _Output:
    """The folder `spark run` wrote: a local path, or a URI of a file system pyarrow reads (`file://`, `hdfs://`,
    `s3://`, `gs://`; `s3a://`, Hadoop's name for S3, read as `s3://`)."""

    def __init__(self, folder: str):
        from pyarrow import fs

        self.name = folder
        if FILE_SYSTEM_URI.match(folder):
            uri = "s3://" + folder.removeprefix("s3a://") if folder.startswith("s3a://") else folder
            try:
                self.fs, self.path = fs.FileSystem.from_uri(uri)
            except Exception as err:  # an unknown scheme, a missing libhdfs, no credentials: pyarrow's own errors
                raise StoreError(f"cannot read {folder}: {' '.join(str(err).split())[:300]}") from None
        else:
            self.fs, self.path = fs.LocalFileSystem(), str(Path(folder).expanduser().resolve())

    def has(self, *parts: str) -> bool:
        from pyarrow import fs

        return self.fs.get_file_info("/".join([self.path.rstrip("/"), *parts])).type == fs.FileType.Directory

    def rows(self, *parts: str):
        """Every row of the Parquet table in the subfolder `parts`, file by file in name order."""
        import pyarrow.parquet as pq
        from pyarrow import fs

        path = "/".join([self.path.rstrip("/"), *parts])
        if not self.has(*parts):
            raise StoreError(f"{self.name} has no {'/'.join(parts)}/ folder: is it the output of `reprise spark run`?")
        files = sorted(f.path for f in self.fs.get_file_info(fs.FileSelector(path)) if f.path.endswith(".parquet"))
        for part in files:
            yield from pq.read_table(part, filesystem=self.fs).to_pylist()


def load(folder: str, store) -> dict[str, int]:
    """Insert every table of `folder` into `store` (which must hold no articles); counts per table."""
    folder = _Output(folder)
    if store.count("articles"):
        raise StoreError(f"{store.path} already holds articles: load a Spark output into a new store")
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    counts = {}
    with store.transaction() as conn:
        articles = list(folder.rows("articles"))
        conn.executemany(
            "INSERT INTO articles (id, outlet, url, title, published, language, text, raw_text, credits, source,"
            " content_hash, extra, story_id, duplicate_of, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(a["id"], a["outlet"], a["url"], a["title"], a["published"], a["language"], a["text"], a["raw_text"],
              json.dumps(a["credits"]), a["source"], a["content_hash"], a["extra"], a["story_id"], a["duplicate_of"], now)
             for a in articles])
        conn.executemany("INSERT INTO reuse_shingles (article_id, hashes) VALUES (?, ?)",
                         [(a["id"], shingles(tokenize(a["text"]).ids, CONFIG.n).astype(np.uint64).tobytes()) for a in articles])
        counts["articles"] = len(articles)
        counts["removed"] = _insert(conn, folder, "removed", ("article_id", "begin", "end", "text", "rule"))
        counts["rejects"] = _insert(conn, folder, "rejects", ("input", "record", "reason"), extra=(now,),
                                    columns="input, record, reason, seen_at")
        counts["reuse"] = _insert(conn, folder, "reuse", ("source_id", "target_id", "direction", "common_source", "passages",
                                                          "source_share", "target_share"), json_columns=("passages",))
        _insert(conn, folder, "state/near_pairs", ("a", "b", "similarity"))
        _insert(conn, folder, "state/fingerprints", ("article_id", "band_keys", "shingles"))
        _insert(conn, folder, "state/outlet_lines", ("outlet", "line_key", "articles", "recent", "seen_at"))
        counts["stories"] = _insert(conn, folder, "state/stories", (
            "id", "first_article", "label", "first_seen", "last_seen", "activity", "article_count", "outlets", "entities",
            "summary", "representative", "merged_into", "merged_at", "merged_by"))
        _insert(conn, folder, "state/story_articles", ("article_id", "joined", "reason", "score", "new_sentences"))
        if folder.has("state", "embeddings"):  # outputs written before 2026-12-07 have none
            vectors = _insert(conn, folder, "state/embeddings", ("article_id", "model", "vector"))
            if vectors:
                counts["embeddings"] = vectors
    return counts


def _insert(conn, folder: _Output, where: str, names: tuple[str, ...], extra: tuple = (), columns: str | None = None,
            json_columns: tuple[str, ...] = ()) -> int:
    """Insert the rows of the subfolder `where` (`reuse`, `state/stories`) into the table of its last name."""
    table = where.rsplit("/", 1)[-1]
    rows = [tuple(json.dumps(r[k]) if k in json_columns else r[k] for k in names) + extra
            for r in folder.rows(*where.split("/"))]
    marks = ",".join("?" * (len(names) + len(extra)))
    conn.executemany(f"INSERT INTO {table} ({columns or ', '.join(names)}) VALUES ({marks})", rows)
    return len(rows)
