"""`reprise spark load DIR`: the output of `spark run` into a new store, which later runs go on with."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..reuse.index import shingles
from ..reuse.tokens import tokenize
from ..store import StoreError
from .reuse import CONFIG


def _rows(folder: Path, name: str):
    import pyarrow.parquet as pq

    path = folder / name
    if not path.is_dir():
        raise StoreError(f"{folder} has no {name}/ folder: is it the output of `reprise spark run`?")
    for part in sorted(path.glob("*.parquet")):
        yield from pq.read_table(part).to_pylist()


def load(folder: str, store) -> dict[str, int]:
    """Insert every table of `folder` into `store` (which must hold no articles); counts per table."""
    folder = Path(folder)
    if store.count("articles"):
        raise StoreError(f"{store.path} already holds articles: load a Spark output into a new store")
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    counts = {}
    with store.transaction() as conn:
        articles = list(_rows(folder, "articles"))
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
        state = folder / "state"
        _insert(conn, state, "near_pairs", ("a", "b", "similarity"))
        _insert(conn, state, "fingerprints", ("article_id", "band_keys", "shingles"))
        _insert(conn, state, "outlet_lines", ("outlet", "line_key", "articles", "recent", "seen_at"))
        counts["stories"] = _insert(conn, state, "stories", (
            "id", "first_article", "label", "first_seen", "last_seen", "activity", "article_count", "outlets", "entities",
            "summary", "representative", "merged_into", "merged_at", "merged_by"))
        _insert(conn, state, "story_articles", ("article_id", "joined", "reason", "score", "new_sentences"))
    return counts


def _insert(conn, folder: Path, table: str, names: tuple[str, ...], extra: tuple = (), columns: str | None = None,
            json_columns: tuple[str, ...] = ()) -> int:
    rows = [tuple(json.dumps(r[k]) if k in json_columns else r[k] for k in names) + extra for r in _rows(folder, table)]
    marks = ",".join("?" * (len(names) + len(extra)))
    conn.executemany(f"INSERT INTO {table} ({columns or ', '.join(names)}) VALUES ({marks})", rows)
    return len(rows)
