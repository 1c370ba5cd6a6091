"""The local driver: read -> extract -> clean -> persist, streaming, incremental, in batches.

`prepare` is the pure stage function (a RawItem in, an Article or a Reject out); `run`
drives it over inputs and writes to the store.
"""

from __future__ import annotations

import gc
import json
import os
import re
from dataclasses import dataclass, field

from . import ids, language
from .clean import clean
from .ingest import Skipped, expand, read_input
from .model import Article, RawItem, Reject
from .outlet_lines import OutletLines
from .progress import progress_bar
from .store import Store, to_json
from .text import normalise

BATCH_SIZE = 500
LOOKAHEAD = 200  # items read ahead, so that one query tells which of them are stored already


@dataclass
class Summary:
    read: int = 0
    new: int = 0
    already: int = 0
    rejected: int = 0
    skipped: int = 0
    linked: int = 0  # articles stored earlier by --store-only, matched now
    unlinked: bool = False  # this run stored without matching (--store-only)
    reject_lines: list[str] = field(default_factory=list)

    def line(self, db: str = "reprise.db") -> str:
        text = f"{self.read} read · {self.new} new · {self.already} already stored · {self.rejected} rejected"
        db_option = "" if str(db) == "reprise.db" else f" --db {db}"
        if self.rejected:
            text += f" (reprise export rejects{db_option})"
        if self.skipped:
            text += f" · {self.skipped} files skipped (not a type reprise reads)"
        if self.linked:
            text += f" · {self.linked} stored earlier matched now"
        if self.unlinked and self.new:
            text += f" · not matched yet (reprise run --match-stored{db_option})"
        return text


def prepare(item: RawItem, memory: OutletLines | None = None) -> Article | Reject:
    """Normalise, clean and identify the language of one item."""
    raw = normalise(item.text)
    title = normalise(item.title).replace("\n", " ")
    if not raw:
        return Reject(item.source.input, item.source.record, "article text is empty")
    cleaned = clean(raw, item.outlet, memory)
    if not cleaned.text:
        rules = ", ".join(sorted({r.rule for r in cleaned.removed}))
        return Reject(item.source.input, item.source.record, f"nothing left after cleaning (all cut as {rules})")
    if memory is not None:  # learn from stored articles only: a rejected item is read again on every run
        memory.learn(item.outlet, cleaned.outlet_keys)
    lang = language.identify(cleaned.text, title)
    if lang == language.UNDETERMINED and item.language:
        lang = item.language.lower()[:2]
    return Article(
        id=ids.article_id(item.key),
        outlet=item.outlet,
        url=item.url,
        title=title,
        published=item.published,
        language=lang,
        text=cleaned.text,
        raw_text=raw,
        credits=cleaned.credits,
        source=item.source,
        content_hash=ids.content_hash(cleaned.text),
        removed=cleaned.removed,
        extra=item.extra,
    )


def run(paths: list[str], store: Store, outlet: str | None = None, progress: bool = False,
        store_only: bool = False, embedder=None) -> Summary:
    """Read every input of `paths` (files, folders, feed URLs) into the store.

    `store_only`: read, clean and store, and leave duplicates, reuse and stories to a later run,
    which matches those articles first, in the order they were stored, as one run would have.
    `embedder`: a loaded `embeddings.Embedder` for the stories (see `stories.assign.StoryAssigner`)."""
    inputs = (target if isinstance(target, (Reject, Skipped)) else _read_safely(target, outlet) for target in expand(paths))
    summary = Ingestor(store, link=not store_only, embedder=embedder).ingest(inputs, progress)
    summary.unlinked = store_only
    return summary


def ingest(inputs, store: Store, progress: bool = False) -> Summary:
    """Each input's items (RawItem or Reject), or a Reject or Skipped for the input itself, into the store
    in batches: what `run`, `reprise watch` and the web API's POST share."""
    return Ingestor(store).ingest(inputs, progress)


class Ingestor:
    """The pipeline over one store, with the state it keeps between batches: the outlet lines
    cleaning learned, the near-duplicate and reuse indexes, the open stories.

    A long-lived writer (the web API) keeps one and calls `ingest` for each request: the indexes
    are loaded once, and each call first takes in what another writer (`reprise watch`, `reprise
    run`) committed meanwhile.
    """

    def __init__(self, store: Store, link: bool = True, embedder=None):
        """`link=False`: store articles without matching them (see `run`); the indexes are not loaded.
        `embedder`: what the stories embed articles with, if anything (`run`)."""
        self.store = store
        self.link = link
        self.embedder = embedder
        self.memory = OutletLines(store.outlet_line_counts)
        if link:
            from .duplicates import DuplicateLinker  # numpy: loaded by runs, not by every command that reads articles
            from .reuse_links import ReuseLinker
            from .stories.assign import StoryAssigner

            self.duplicates = DuplicateLinker(store.conn)
            self.reuse = ReuseLinker(store.conn)
            self.stories = StoryAssigner(store.conn, embedder=embedder)
        self.seq = store.conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
        self._mine: set[str] = set()  # articles this ingestor stored since it last looked

    def link_stored(self) -> int:
        """Match the articles a store-only run left, in the order they were stored and in the batches a
        run would have made; each batch commits its matches at once. Returns how many were matched."""
        done = 0
        while True:
            articles = self.store.unlinked(BATCH_SIZE)
            if not articles:
                return done
            self.store.write_batch([], [], {}, *self._matches(articles), newly_linked=[a.id for a in articles])
            self.duplicates.committed()
            self._mine.update(a.id for a in articles)
            done += len(articles)

    def _matches(self, articles: list[Article]) -> tuple[list, list, list]:
        """Fingerprint rows, near-duplicate edges, and the writers of reuse and stories, of a batch."""
        from .reuse_links import writer

        fingerprints, edges = self.duplicates.add_batch([(a.id, a.text) for a in articles])
        shingle_rows, reuse = self.reuse.add_batch(articles)
        story_rows = self.stories.assign(articles, edges, reuse)
        return fingerprints, edges, [writer(shingle_rows, reuse), story_rows]

    def catch_up(self) -> None:
        """Take in what another writer stored since this one last looked."""
        rows = self.store.conn.execute("SELECT id, seq FROM articles WHERE seq > ?", (self.seq,)).fetchall()
        if any(article_id not in self._mine for article_id, _ in rows):
            self.memory = OutletLines(self.store.outlet_line_counts)
            if self.link:
                self.duplicates.catch_up()
                self.reuse.catch_up()
                self.stories = type(self.stories)(self.store.conn, embedder=self.embedder)  # open stories as now stored
        self.seq = max((seq for _, seq in rows), default=self.seq)
        self._mine.clear()

    def ingest(self, inputs, progress: bool = False) -> Summary:
        """Match what a store-only run left (when this ingestor matches), then read, clean, store and match
        `inputs`, in batches."""
        # Many small, short-lived objects and no cycles worth chasing: collect rarely.
        gc.set_threshold(50_000, 20, 20)
        self.catch_up()
        store, summary = self.store, Summary()
        if self.link:  # what a --store-only run left goes first, as one run would have taken it
            summary.linked = self.link_stored()
        articles: list[Article] = []
        rejects: list[Reject] = []
        bar = progress_bar(progress)

        def flush() -> None:
            memory = self.memory
            if (articles or rejects or memory.pending) and self.link:
                store.write_batch(articles, rejects, memory.pending, *self._matches(articles))
            elif articles or rejects or memory.pending:
                store.write_batch(articles, rejects, memory.pending, linked=False)
            if self.link:
                self.duplicates.committed()
            self._mine.update(a.id for a in articles)
            for pending in (articles, rejects):
                pending.clear()
            memory.pending.clear()

        def reject(r: Reject) -> None:
            summary.rejected += 1
            rejects.append(r)
            if len(summary.reject_lines) < 10:
                where = f" ({r.record})" if r.record else ""
                summary.reject_lines.append(f"rejected {r.input}{where}: {r.reason}")

        for target in inputs:
            if isinstance(target, Reject):
                reject(_storable(target))
                continue
            if isinstance(target, Skipped):
                summary.skipped += 1
                continue
            for chunk in _chunks(map(_storable, target), LOOKAHEAD):
                # what is stored already, asked once for the chunk; and what this run took but may not
                # have committed when the chunk was asked about
                id_of = [None if isinstance(i, Reject) else ids.article_id(i.key) for i in chunk]
                stored = store.stored_ids(i for i in id_of if i is not None)
                taken = {a.id for a in articles}
                for item, article_id in zip(chunk, id_of):
                    if bar is not None:
                        bar.update(1)
                    if isinstance(item, Reject):
                        reject(item)
                        continue
                    summary.read += 1
                    if article_id in taken or article_id in stored:
                        summary.already += 1
                        continue
                    result = prepare(item, self.memory)
                    if isinstance(result, Reject):
                        reject(result)
                        continue
                    articles.append(result)
                    taken.add(article_id)
                    summary.new += 1
                    if len(articles) >= BATCH_SIZE:
                        flush()
            if len(rejects) >= BATCH_SIZE:
                flush()
        flush()
        if bar is not None:
            bar.close()
        return summary


def _chunks(items, size: int):
    """Lists of up to `size` consecutive items."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _read_safely(target, outlet: str | None):
    """The items of one input; a reader's unexpected failure is a reject of that input, and the run goes on."""
    try:
        yield from read_input(target, outlet)
    except Exception as err:
        if os.environ.get("REPRISE_DEBUG"):
            raise
        yield Reject(str(target), "", f"internal error while reading: {type(err).__name__}: {err}"[:500])


_SURROGATES = re.compile("[\ud800-\udfff]")


def _valid(value):
    """A string without lone surrogates, which cannot be stored as UTF-8 (a file name that is not
    UTF-8, a JSON `"\\ud800"`): each becomes U+FFFD."""
    if isinstance(value, str) and not value.isascii() and _SURROGATES.search(value):
        return _SURROGATES.sub("\ufffd", value)
    return value


def _storable(item: RawItem | Reject) -> RawItem | Reject:
    if isinstance(item, Reject):
        item.input, item.record, item.reason = _valid(item.input), _valid(item.record), _valid(item.reason)
        return item
    fields = (item.key, item.text, item.title, item.outlet, item.url, item.language, item.source.input,
              item.source.record)
    joined = "".join(map(str, fields))  # (a surrogate in one of them is one in their concatenation: one test)
    if not joined.isascii() and _SURROGATES.search(joined):
        for name in ("key", "text", "title", "outlet", "url", "language"):
            setattr(item, name, _valid(getattr(item, name)))
        item.source.input, item.source.record = _valid(item.source.input), _valid(item.source.record)
    if item.extra:
        dumped = to_json(item.extra)
        if not dumped.isascii() and _SURROGATES.search(dumped):
            item.extra = json.loads(_valid(dumped))
    return item
