"""`POST /api/articles`: one article or a JSONL batch through the same pipeline as `reprise run`.

The body is JSONL (one article a line, the fields `reprise run` reads in `.jsonl` files), or with
`Content-Type: application/json` one JSON object or an array of them. Records are validated and
rejected exactly as in a file (and kept in `rejects`, under the input `api POST <time> <n>`). URLs in
records are stored as data and never fetched.

Each server process keeps one `Writer`: one `pipeline.Ingestor` (its outlet lines, near-duplicate and
reuse indexes, open stories), made on the first POST and kept for the next ones, which then cost the
article's own work only. Writes go one at a time, on one thread that owns the store's connection; each
first takes in what another writer (`reprise watch`, `reprise run`) committed meanwhile.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from .. import ids, language
from ..ingest.jsonl import _record
from ..model import RawItem, Reject
from ..pipeline import Ingestor
from ..store import Store

MAX_BODY_BYTES = 10 * 1024 * 1024
_requests = itertools.count(1)


class BodyTooLarge(Exception):
    pass


async def read_body(request, limit: int) -> bytes:
    """The request body, refused (BodyTooLarge) as soon as it is known to exceed `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _lines(body: bytes, content_type: str) -> list[bytes]:
    """The body's records, one JSON text each."""
    if content_type.split(";")[0].strip().lower() == "application/json":
        try:
            whole = json.loads(body)
        except (ValueError, RecursionError):
            return [body]  # rejected as malformed JSON, like a bad line of a file
        if isinstance(whole, list):
            return [json.dumps(record, ensure_ascii=False).encode("utf-8") for record in whole]
        return [body]
    return body.splitlines()


def parse(body: bytes, content_type: str, name: str) -> list[RawItem | Reject]:
    """Items and rejects of a request body; records without a URL or an id get a key from their content,
    so that the same article posted twice is stored once."""
    found = []
    for n, line in enumerate(_lines(body, content_type), 1):
        if not line.strip():
            continue
        item = _record(Path("api"), n, line, None)
        if isinstance(item, Reject):
            item.input = name
        else:
            item.source.input = name
            if item.key.startswith("file:"):
                content = f"{item.outlet}\n{item.title}\n{item.text}".encode("utf-8", "replace")
                item.key = "post:" + hashlib.sha1(content).hexdigest()
        found.append(item)
    return found


class Writer:
    """The pipeline of one server process over the store at `db`: made on the first write, kept for the
    next ones, and dropped (made again next time) when a write fails half-way, so that no index holds
    what the store does not."""

    def __init__(self, db: Path, embedder=None):
        self.db = Path(db)
        self.embedder = embedder  # what stories embed articles with (`reprise serve --embeddings`), if anything
        self.lock = threading.Lock()  # one write at a time, and one Ingestor made
        # SQLite connections belong to the thread that opened them: every write runs on this one.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reprise-writer")
        self._ingestor: Ingestor | None = None

    async def ingest(self, body: bytes, content_type: str) -> dict:
        """`ingest_body` on the writer thread, without holding the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, self.ingest_body, body, content_type)

    def ingest_body(self, body: bytes, content_type: str) -> dict:
        """Store what a request body holds; per record: its id, and whether it was new, already stored or rejected."""
        name = f"api POST {datetime.now(timezone.utc).replace(microsecond=0).isoformat()} {next(_requests)}"
        items = parse(body, content_type, name)
        with self.lock:
            if self._ingestor is None:
                store = Store.open(self.db, create=False)
                try:
                    self._ingestor = Ingestor(store, embedder=self.embedder)
                    language._identifier()  # the model loads once, here, not in the first POST it is needed by
                except BaseException:
                    store.close()
                    raise
            try:
                return _ingest(self._ingestor, items, name)
            except BaseException:
                self._drop()
                raise

    def _drop(self) -> None:
        if self._ingestor is not None:
            self._ingestor.store.close()
            self._ingestor = None

    def close(self) -> None:
        """Close the store (on the thread that opened it) and stop the writer thread; a later write starts again."""
        def drop():
            with self.lock:
                self._drop()

        self._thread.submit(drop).result()
        self._thread.shutdown()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reprise-writer")  # threads start on use


def _ingest(ingestor: Ingestor, items: list[RawItem | Reject], name: str) -> dict:
    store = ingestor.store
    wanted = {ids.article_id(i.key) for i in items if isinstance(i, RawItem)}
    before = {a for a in wanted if store.has_article(a)}
    summary = ingestor.ingest([items])
    records, seen = [], set()
    rejects = dict(store.conn.execute("SELECT record, reason FROM rejects WHERE input = ?", (name,)).fetchall())
    for item in items:
        if isinstance(item, Reject):
            records.append({"record": item.record, "status": "rejected", "reason": item.reason})
            continue
        article_id = ids.article_id(item.key)
        row = store.conn.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            status = "rejected"
        elif article_id in before or article_id in seen:
            status = "already stored"
        else:
            status = "new"
        seen.add(article_id)
        record = {"record": item.source.record, "id": article_id, "status": status}
        if row is None:
            record["reason"] = rejects.get(item.source.record, "rejected")
        else:
            record["story_id"] = row[0]
        records.append(record)
    return {"read": summary.read, "new": summary.new, "already": summary.already, "rejected": summary.rejected,
            "records": records}
