"""`reprise dedup INPUT... --output KEPT.jsonl`: exact and near duplicates out of a corpus, no store.

Reads what `reprise run` reads, cleans every text the same way (without the store's memory of
each outlet's repeated lines, so that the result does not depend on the order of the input),
groups exact and near duplicates (`reprise.dedup`) and writes the input's records minus the
duplicates: each group keeps its canonical member (the earliest published; ties by id). With
`--groups`, every group and why each member went. Records are identified by their own `id`
field when they have one, otherwise by reprise's article id.

Parsing JSONL records, cleaning, shingling, signing and LSH band keys run in worker processes
(`--jobs`); reading lines off the files, indexing, grouping and writing in this one.
"""

from __future__ import annotations

import sys

CHUNK = 400  # texts per task sent to a worker
MAX_LINE = 64 * 1024 * 1024


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
                  outlet=args.outlet, jobs=args.jobs)
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
            text += f" · {self.no_text} without text after cleaning (kept, not compared)"
        if self.rejected:
            text += f" · {self.rejected} rejected"
        if self.skipped:
            text += f" · {self.skipped} files skipped (not a type reprise reads)"
        return text


_TOOLS: dict = {}


def prepare_chunk(chunk: list, ngram: int = 5, num_perm: int = 128, seed: int = 1,
                  lsh_params: tuple[int, int] | None = None) -> tuple:
    """In a worker: read, clean, shingle and sign a chunk of entries, in order.

    An entry is a JSONL line not parsed yet, `("line", path, line number, bytes, outlet)`; a text read
    already, `("text", text, outlet)`; or a Reject, passed on. Returns (found, shingle hashes, offsets,
    signatures, band keys): `found` holds for each entry a Reject, or (id, when, digest) -- the record's
    id and `dedup.when_key` of its date (None for a text read already), and a 16-byte digest of its clean
    text (None when nothing is left of it); then the shingles, MinHash signatures and, with `lsh_params`
    (bands, rows), LSH band keys of the texts with a digest, in order (see `reprise.shingles.Batch`,
    `reprise.minhash.MinHasher`, `reprise.lsh.LSHIndex.band_keys`).
    """
    import hashlib

    from .. import ids
    from ..clean import clean
    from ..dedup import when_key
    from ..ingest.jsonl import _record
    from ..lsh import LSHIndex
    from ..minhash import MinHasher
    from ..model import Reject
    from ..shingles import Shingler, word_bytes
    from ..text import normalise

    key = (ngram, num_perm, seed, lsh_params)
    if key not in _TOOLS:
        lsh = LSHIndex(num_perm=num_perm, params=lsh_params) if lsh_params else None
        _TOOLS[key] = (Shingler(ngram), MinHasher(num_perm, seed), lsh)
    shingler, hasher, lsh = _TOOLS[key]
    found: list = []
    words = []
    for entry in chunk:
        if isinstance(entry, Reject):
            found.append(entry)
            continue
        if entry[0] == "line":
            _, path, line_no, line, outlet = entry
            item = _record(path, line_no, line, outlet)
            if isinstance(item, Reject):
                found.append(item)
                continue
            text, outlet = item.text, item.outlet
            ident, when = item.own_id or ids.article_id(item.key), when_key(item.published)
        else:
            _, text, outlet = entry
            ident = when = None
        raw = normalise(text)
        cleaned = clean(raw, outlet, None).text if raw else ""
        if not cleaned:
            found.append((ident, when, None))
            continue
        found.append((ident, when, hashlib.blake2b(cleaned.encode("utf-8"), digest_size=16).digest()))
        words.append(word_bytes(cleaned))
    batch = shingler.batch_words(words)
    signatures = hasher.signatures(batch.hashes, batch.offsets)
    return found, batch.hashes, batch.offsets, signatures, lsh.band_keys(signatures) if lsh is not None else None


def _cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run(paths: list[str], output: str, groups_path: str | None = None, threshold: float = 0.8, ngram: int = 5,
        outlet: str | None = None, jobs: int = 0) -> Summary:
    import functools
    import gc
    import itertools
    import json
    import multiprocessing
    from collections import deque
    from pathlib import Path

    from .. import clean, ids, text  # noqa: F401  (what the workers use: imported once, before they fork)
    from ..dates import iso
    from ..dedup import Deduplicator, when_key
    from ..ingest import Skipped, expand, kind_of, read_input
    from ..ingest.jsonl import read_lines
    from ..model import Reject
    from ..shingles import Batch

    gc.set_threshold(50_000, 20, 20)
    summary = Summary()
    engine = Deduplicator(threshold, ngram=ngram)
    files: list[Path] = []  # JSONL inputs, whose kept lines are copied as they are
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
        for found in read_lines(path):
            if isinstance(found, Reject):
                yield found, None
            else:
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

    def take(results) -> None:
        found, hashes, offsets, signatures, band_keys = results
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
        indices = engine.add_signed(idents, digests, None, Batch(hashes, offsets), signatures, band_keys, whens=whens)
        for record, index in zip(records, indices):
            index_of[record] = index

    source = chunks()
    first = list(itertools.islice(source, 2))
    workers = jobs if jobs > 0 else _cores()
    prepare = functools.partial(prepare_chunk, ngram=ngram, num_perm=engine.hasher.num_perm, seed=engine.hasher.seed,
                                lsh_params=(engine.lsh.bands, engine.lsh.rows))
    if workers > 1 and len(first) > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for results in pool.imap(prepare, itertools.chain(first, source)):
                take(results)
    else:
        for chunk in itertools.chain(first, source):
            take(prepare(chunk))

    groups = engine.groups()
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
                _copy_lines(files[record[0]], kept_lines[record[0]], out)
    if groups_path:
        with open(groups_path, "w", encoding="utf-8") as out:
            for group in groups:
                out.write(json.dumps(group.as_dict(), ensure_ascii=False) + "\n")
    return summary


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
