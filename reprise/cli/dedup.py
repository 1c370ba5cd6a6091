"""`reprise dedup INPUT... --output KEPT.jsonl`: exact and near duplicates out of a corpus, no store.

Reads what `reprise run` reads and writes the input's records minus the duplicates: each group keeps
its canonical member (the earliest published; ties by id). With `--groups`, every group and why
each member went. Records are identified by their own `id` field when they have one, otherwise by
reprise's article id.

How, in two passes:

1. every text is sketched as it was read (NFC, its word shingles, MinHash, LSH band keys), in worker
   processes (`--jobs`) that also parse the JSONL records; equal texts are one unit;
2. the pairs the LSH index proposes are verified on the clean texts: the candidates alone are cleaned,
   the way `reprise run` cleans (without the store's memory of each outlet's repeated lines, so that
   the result does not depend on the order of the input), and a pair is a duplicate when its clean
   texts are equal (an exact copy) or their exact Jaccard similarity reaches the threshold.

Cleaning (a credit line, page chrome) only ever changes a few lines of a text; as it can raise a pair's
similarity, the sketches look for pairs further below the threshold than the store does (INPUT_MARGIN).
On Reuters-21578 and French Wikinews the groups are those of sketching the clean texts, byte for byte;
a text made mostly of chrome that a copy does not share may be missed, where `reprise run` would find it.
Reading lines off the files, indexing, grouping and writing happen in this process, which keeps the JSONL
lines it read (up to CACHED_BYTES) for the second pass and the output; beyond, they are read again.
"""

from __future__ import annotations

import sys

CHUNK = 400  # texts per task sent to a worker
# Texts are sketched as they were read and their pairs verified once cleaned: cleaning (a credit line, chrome) may
# raise a pair's similarity, so the sketches look for pairs further below the threshold than the store does (at
# 0.8: 30 bands of 4 rows, which find a pair whose texts as read are at 0.6 with probability 0.985, at 0.7 0.9997).
INPUT_MARGIN = 0.3
MAX_LINE = 64 * 1024 * 1024
CACHED_BYTES = 256 * 1024 * 1024  # JSONL lines kept in memory for the second pass and the output; beyond, read again


def register(subparsers) -> None:
    from . import add_quiet

    p = subparsers.add_parser("dedup", help="drop exact and near-duplicate articles from a corpus (no store)",
                              description="Group exact copies and near duplicates (MinHash + LSH, then the exact "
                              "Jaccard similarity of word shingles, verified) and write the input records minus "
                              "the duplicates: each group keeps its earliest-published member.")
    p.add_argument("paths", nargs="+", metavar="INPUT", help="what `reprise run` reads: .jsonl[.gz] .txt .html "
                   ".warc[.gz] .rss/.atom/.xml, folders of them, feed URLs")
    p.add_argument("--output", "-o", required=True, metavar="KEPT.jsonl", help="the records kept (JSONL)")
    p.add_argument("--groups", metavar="GROUPS.jsonl", help="also write the groups: group_id, canonical_id, "
                   "members [{id, similarity, reason}]")
    p.add_argument("--threshold", type=float, default=0.8, help="Jaccard similarity of word shingles at or above "
                   "which two texts are near duplicates (default: %(default)s)")
    p.add_argument("--shingle-words", type=int, default=5, metavar="N", help="words per shingle (default: %(default)s)")
    p.add_argument("--outlet", help="outlet name for inputs that do not name one")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: one per core)")
    add_quiet(p)
    p.set_defaults(handler=handle)


def handle(args) -> int:
    from . import UserError

    if not 0.0 < args.threshold <= 1.0:
        raise UserError(f"--threshold must be above 0 and at most 1, not {args.threshold}")
    if args.shingle_words < 1:
        raise UserError("--shingle-words must be at least 1")
    from pathlib import Path

    for option, path in (("--output", args.output), ("--groups", args.groups)):
        if path and not Path(path).expanduser().resolve().parent.is_dir():
            raise UserError(f"{option}: no folder {Path(path).parent} to write {Path(path).name} in")
    summary = run(args.paths, args.output, args.groups, threshold=args.threshold, ngram=args.shingle_words,
                  outlet=args.outlet, jobs=args.jobs, progress=not args.quiet)
    if not args.quiet:
        for line in summary.reject_lines:
            print(line, file=sys.stderr)
        if summary.rejected > len(summary.reject_lines):
            print(f"... and {summary.rejected - len(summary.reject_lines)} more rejects", file=sys.stderr)
        print(summary.line(), file=sys.stderr)
    return 0


class Summary:
    def __init__(self):
        self.read = self.kept = self.exact = self.near = self.groups = self.rejected = self.skipped = 0
        self.no_text = 0
        self.reject_lines: list[str] = []

    def line(self) -> str:
        text = (f"{self.read} read · {self.kept} kept · {self.exact + self.near} dropped "
                f"({self.exact} exact copies, {self.near} near duplicates) in {self.groups} groups")
        if self.no_text:
            text += f" · {self.no_text} without words (kept, not compared)"
        if self.rejected:
            text += f" · {self.rejected} rejected"
        if self.skipped:
            text += f" · {self.skipped} files skipped (not a type reprise reads)"
        return text


_TOOLS: dict = {}


def _tools(ngram: int, num_perm: int, seed: int, lsh_params: tuple[int, int] | None) -> tuple:
    """The shingler, hasher and LSH index (for its band keys) of these settings, made once per process."""
    from ..lsh import LSHIndex
    from ..minhash import MinHasher
    from ..shingles import Shingler

    key = (ngram, num_perm, seed, lsh_params)
    if key not in _TOOLS:
        lsh = LSHIndex(num_perm=num_perm, params=lsh_params) if lsh_params else None
        _TOOLS[key] = (Shingler(ngram), MinHasher(num_perm, seed), lsh)
    return _TOOLS[key]


def _read(entry) -> tuple:
    """The record of an entry (see `sketch_chunk`): a Reject, or (id, when, text, outlet)."""
    from .. import ids
    from ..dedup import when_key
    from ..ingest.jsonl import _record
    from ..model import Reject

    if entry[0] == "text":
        return None, None, entry[1], entry[2]
    _, path, line_no, line, outlet = entry
    item = _record(path, line_no, line, outlet)
    if isinstance(item, Reject):
        return item
    return item.own_id or ids.article_id(item.key), when_key(item.published), item.text, item.outlet


def sketch_chunk(chunk: list, ngram: int = 5, num_perm: int = 128, seed: int = 1,
                 lsh_params: tuple[int, int] | None = None) -> tuple:
    """In a worker: read and sketch a chunk of entries, in order, each text as it was read (not cleaned).

    An entry is a JSONL line not parsed yet, `("line", path, line number, bytes, outlet)`; a text read
    already, `("text", text, outlet)`; or a Reject, passed on. Returns (found, signatures, band keys):
    `found` holds for each entry a Reject, or (id, when, digest) -- the record's id and `dedup.when_key` of
    its date (None for a text read already), and a 16-byte digest of its text (None when it has no words);
    then the MinHash signatures and, with `lsh_params` (bands, rows), the LSH band keys of the texts with a
    digest, in order (see `reprise.minhash.MinHasher`, `reprise.lsh.LSHIndex.band_keys`).
    """
    import unicodedata

    from ..dedup import text_digest
    from ..model import Reject
    from ..shingles import word_bytes

    shingler, hasher, lsh = _tools(ngram, num_perm, seed, lsh_params)
    found: list = []
    words = []
    for entry in chunk:
        record = entry if isinstance(entry, Reject) else _read(entry)
        if isinstance(record, Reject):
            found.append(record)
            continue
        ident, when, text, _ = record
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)  # one word written two ways is one word
        these = word_bytes(text)
        if not these.strip():
            found.append((ident, when, None))
            continue
        found.append((ident, when, text_digest(text)))
        words.append(these)
    batch = shingler.batch_words(words)
    signatures = hasher.signatures(batch.hashes, batch.offsets)
    return found, signatures, lsh.band_keys(signatures) if lsh is not None else None


def clean_chunk(chunk: list, ngram: int = 5) -> list:
    """In a worker: each entry (see `sketch_chunk`) cleaned as `reprise run` cleans it, to verify its pairs on:
    for each, None when no word is left of it, or (digest of the clean text, its sorted distinct shingles)."""
    import numpy as np

    from ..clean import clean
    from ..dedup import text_digest
    from ..shingles import Shingler, word_bytes
    from ..text import normalise

    digests: list = []
    words = []
    for entry in chunk:
        _, _, text, outlet = _read(entry)  # read once already: not a Reject
        raw = normalise(text)
        cleaned = clean(raw, outlet, None).text if raw else ""
        these = word_bytes(cleaned)
        digests.append(text_digest(cleaned) if these.strip() else None)
        if digests[-1] is not None:
            words.append(these)
    batch = Shingler(ngram).batch_words(words)
    sets = iter([np.unique(batch.of(i)) for i in range(len(batch))])
    return [(digest, next(sets)) if digest is not None else None for digest in digests]


def _load_cleaning() -> None:
    """In a worker, before the second pass: import what `clean_chunk` needs (its rules compile their patterns)."""
    from .. import clean  # noqa: F401


def _cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run(paths: list[str], output: str, groups_path: str | None = None, threshold: float = 0.8, ngram: int = 5,
        outlet: str | None = None, jobs: int = 0, progress: bool = False) -> Summary:
    """Deduplicate `paths` into `output` (and `groups_path`); `progress`: a bar on the terminal, if stderr is one."""
    import contextlib
    import functools
    import gc
    import itertools
    import json
    import multiprocessing
    from collections import deque
    from pathlib import Path

    from .. import ids, text  # noqa: F401  (what the workers' first pass uses: imported once, before they fork)
    from ..dates import iso
    from ..dedup import Deduplicator, when_key
    from ..ingest import Skipped, expand, kind_of, read_input
    from ..ingest.jsonl import read_lines
    from ..model import Reject
    from ..progress import progress_bar

    gc.set_threshold(50_000, 20, 20)
    summary = Summary()
    engine = Deduplicator(threshold, ngram=ngram, margin=INPUT_MARGIN)
    files: list[Path] = []  # JSONL inputs, whose kept lines are copied as they are
    cached: list[dict[int, bytes] | None] = []  # per JSONL input, its lines by number while they fit in CACHED_BYTES
    room = [CACHED_BYTES]
    where: list[tuple[int, int] | dict] = []  # per record: (file, line number) or the record itself
    # Per chunk sent to the workers, in order, what this process keeps of each of its entries: (file, line
    # number) of a JSONL line; (record, id, date) of a text read here; None for a Reject.
    kept: deque[list] = deque()

    def reject(r: Reject) -> None:
        summary.rejected += 1
        if len(summary.reject_lines) < 10:
            at = f" ({r.record})" if r.record else ""
            summary.reject_lines.append(f"rejected {r.input}{at}: {r.reason}")

    def entries():
        """(entry for a worker, what this process keeps of it), in the order of the inputs."""
        for target in expand(paths):
            if isinstance(target, Skipped):
                summary.skipped += 1
            elif isinstance(target, Reject):
                yield target, None
            elif not isinstance(target, str) and kind_of(target) == "jsonl":
                yield from jsonl_entries(target)
            else:
                for item in read_input(target, outlet):
                    if isinstance(item, Reject):
                        yield item, None
                        continue
                    record = {"id": item.own_id or ids.article_id(item.key), "url": item.url or None,
                              "title": item.title or None, "published": iso(item.published), "outlet": item.outlet,
                              "text": item.text, "source": item.source.as_dict()}
                    yield ("text", item.text, item.outlet), (record, record["id"], when_key(item.published))

    def jsonl_entries(path: Path):
        """The lines of a JSONL input, to be parsed by the workers (the checks `read_input` makes first, here)."""
        try:
            if path.stat().st_size == 0:
                yield Reject(str(path), "", "empty file"), None
                return
        except OSError as err:
            yield Reject(str(path), "", f"cannot read the file: {err.strerror or err}"), None
            return
        files.append(path)
        number = len(files) - 1
        lines: dict[int, bytes] | None = {}
        cached.append(lines)
        for found in read_lines(path):
            if isinstance(found, Reject):
                yield found, None
                continue
            if lines is not None:
                room[0] -= len(found[1])
                if room[0] >= 0:
                    lines[found[0]] = found[1]
                else:
                    lines = cached[number] = None  # too big to keep: its lines will be read again
            yield ("line", path, found[0], found[1], outlet), (number, found[0])

    def chunks():
        source = entries()
        while True:
            pairs = list(itertools.islice(source, CHUNK))
            if not pairs:
                return
            kept.append([mine for _, mine in pairs])
            yield [entry for entry, _ in pairs]

    index_of: list[int | None] = []  # record -> index in the engine (None: no text to compare)
    record_of: list[int] = []  # index in the engine -> record

    def entry_of(place) -> tuple:
        """What `clean_chunk` reads a record from: its place in a JSONL file (its line comes later), or its text."""
        if isinstance(place, dict):
            return ("text", place["text"], place["outlet"])
        lines = cached[place[0]]
        return ("line", files[place[0]], place[1], lines[place[1]] if lines is not None else None, outlet)

    def take(results) -> None:
        found, signatures, band_keys = results
        idents, whens, digests, records = [], [], [], []
        for result, mine in zip(found, kept.popleft()):
            if isinstance(result, Reject):
                reject(result)
                continue
            summary.read += 1
            ident, when, digest = result
            if ident is None:  # a text read here
                record, ident, when = mine
                where.append(record)
            else:
                where.append(mine)
            index_of.append(None)
            if digest is None:
                summary.no_text += 1
                continue
            idents.append(ident)
            whens.append(when)
            digests.append(digest)
            records.append(len(index_of) - 1)
        indices = engine.add_signed(idents, digests, None, None, signatures, band_keys, whens=whens)
        for record, index in zip(records, indices):
            index_of[record] = index
        record_of.extend(records)

    source = chunks()
    first = list(itertools.islice(source, 2))
    workers = jobs if jobs > 0 else _cores()
    sketch = functools.partial(sketch_chunk, ngram=ngram, num_perm=engine.hasher.num_perm, seed=engine.hasher.seed,
                               lsh_params=(engine.lsh.bands, engine.lsh.rows))
    verify = functools.partial(clean_chunk, ngram=ngram)
    with contextlib.ExitStack() as stack:
        pool = None
        if workers > 1 and len(first) > 1 and "fork" in multiprocessing.get_all_start_methods():
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
        mapper = pool.imap if pool is not None else map
        bar = progress_bar(progress, " records")
        for results in mapper(sketch, itertools.chain(first, source)):
            take(results)
            if bar is not None:
                bar.update(len(results[0]))
        if bar is not None:
            bar.close()
        if pool is not None:  # the workers load the cleaning rules while this process finds the candidates
            for _ in range(workers):
                pool.apply_async(_load_cleaning)
        edges, same = _verified(engine, lambda index: entry_of(where[record_of[index]]), mapper, verify)
    groups = engine.groups(edges, same)
    dropped: set[int] = set()
    for group in groups:
        summary.groups += 1
        for member in group.members[1:]:
            dropped.add(member.index)
            if member.similarity == 1.0 and member.reason.startswith("exact"):
                summary.exact += 1
            else:
                summary.near += 1
    kept_lines: dict[int, set[int]] = {}
    with open(output, "wb") as out:
        records = []
        for record, index in zip(where, index_of):
            if index is not None and index in dropped:
                continue
            summary.kept += 1
            if isinstance(record, tuple):
                kept_lines.setdefault(record[0], set()).add(record[1])
            records.append(record)
        # records in input order: JSONL files in the order read, their kept lines copied as they are
        written_files: set[int] = set()
        for record in records:
            if isinstance(record, dict):
                out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            elif record[0] not in written_files:
                written_files.add(record[0])
                lines = cached[record[0]]
                if lines is None:
                    _copy_lines(files[record[0]], kept_lines[record[0]], out)
                else:  # as `_copy_lines` copies them, from the lines kept
                    out.writelines(lines[n].rstrip(b"\r\n") + b"\n" for n in sorted(kept_lines[record[0]]))
    if groups_path:
        with open(groups_path, "w", encoding="utf-8") as out:
            for group in groups:
                out.write(json.dumps(group.as_dict(), ensure_ascii=False) + "\n")
    return summary


def _verified(engine, entry_of, mapper, verify) -> tuple[list, list]:
    """The pairs of units the sketches propose, verified on their clean texts: (edges, same) for
    `Deduplicator.groups` -- the pairs whose exact Jaccard similarity reaches the threshold, and those
    whose clean texts are equal. `entry_of(index)` tells how to read the text at an index of the engine (a
    JSONL line not kept in memory is read again here, from its file); `verify` cleans them through `mapper`."""
    from ..ingest.jsonl import read_lines
    from ..model import Reject
    from ..shingles import jaccard

    pairs = engine.estimated_pairs()
    units = sorted(set(pairs.ravel().tolist()))
    entries = [entry_of(engine.unit_texts[unit]) for unit in units]
    wanted: dict = {}  # file -> line number -> positions in `entries`
    for at, entry in enumerate(entries):
        if entry[0] == "line" and entry[3] is None:  # a line not kept in memory
            wanted.setdefault(entry[1], {}).setdefault(entry[2], []).append(at)
    for path, lines in wanted.items():
        for found in read_lines(path):
            if not isinstance(found, Reject) and found[0] in lines:
                for at in lines[found[0]]:
                    entries[at] = entries[at][:3] + (found[1],) + entries[at][4:]
    ready = [at for at, entry in enumerate(entries) if entry[0] == "text" or entry[3] is not None]
    cleaned = dict.fromkeys(units)  # a line no longer in its file (changed since): nothing to compare
    chunks = [[entries[at] for at in ready[begin: begin + CHUNK]] for begin in range(0, len(ready), CHUNK)]
    for begin, results in zip(range(0, len(ready), CHUNK), mapper(verify, chunks)):
        cleaned.update(zip([units[at] for at in ready[begin: begin + CHUNK]], results))
    edges, same = [], []
    for a, b in pairs.tolist():
        left, right = cleaned[a], cleaned[b]
        if left is None or right is None:
            continue  # no word left to compare
        if left[0] == right[0]:
            same.append((a, b))
            continue
        similarity = jaccard(left[1], right[1])
        if similarity >= engine.threshold:
            edges.append((a, b, similarity))
    return edges, same


def _copy_lines(path, keep: set[int], out) -> None:
    """Copy the lines numbered in `keep` (from 1, counted as the JSONL reader counts them)."""
    import gzip

    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as stream:
        line_no = 0
        while True:
            line = stream.readline(MAX_LINE)
            if not line:
                break
            line_no += 1
            wanted = line_no in keep
            complete = line.endswith(b"\n")
            while not complete:  # an over-long line (rejected when read: skipped), or the last one
                more = stream.readline(MAX_LINE)
                if not more:
                    break
                if wanted:
                    line += more
                complete = more.endswith(b"\n")
            if wanted:
                out.write(line.rstrip(b"\r\n") + b"\n")
