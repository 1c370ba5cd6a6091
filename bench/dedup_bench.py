"""Near duplicates on Reuters-21578: `reprise dedup` against datasketch 2, as processes, same run.

Both sides use word 5-gram shingles (lower case, split on non-word characters), 128
permutations and threshold 0.8. Prints a table: articles/s (best of N runs, wall and CPU), peak
RSS, and precision/recall of near-duplicate pairs against the exact Jaccard similarity of every
pair of articles (all pairs, computed with a sparse product: no sampling, no LSH in the truth).
A pair counts as found by reprise when both articles are in one group; by datasketch when its
online query-then-insert reports one against the other (what a user of MinHashLSH acts on).

    .venv/bin/python bench/dedup_bench.py [--runs 2] [--input PATH] [--threshold 0.8]

text-dedup is not measured: its latest release (0.4.1) needs Python >= 3.12 (this is 3.11), and
0.4.0 would pull some sixty packages (pyspark, datasets, onnxruntime, sphinx...) into the
project's environment.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, REPRISE, machine  # noqa: E402

PY = Path(sys.executable)
NONWORD = re.compile(r"\W+")


def word_shingles(text: str, n: int = 5) -> set[str]:
    words = [w for w in NONWORD.split(text.lower()) if w]
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def datasketch_job(src: str, dst: str, threshold: float, pairs_out: str | None) -> None:
    """The baseline, as a user of datasketch 2 writes it: bulk MinHash, online LSH query-then-insert."""
    from datasketch import MinHash, MinHashLSH

    docs = [json.loads(line) for line in open(src, encoding="utf-8") if line.strip()]
    sets = [[s.encode("utf-8") for s in word_shingles(d.get("text", ""))] for d in docs]
    signatures = MinHash.bulk(sets, num_perm=128)
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    pairs = []
    with open(dst, "w", encoding="utf-8") as out:
        for i, (doc, sig) in enumerate(zip(docs, signatures)):
            found = lsh.query(sig)
            pairs += [(int(j), i) for j in found]
            if not found:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            lsh.insert(i, sig)
    if pairs_out:
        with open(pairs_out, "w") as out:
            json.dump(pairs, out)


def timed(args: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s of the process and its children, peak RSS KiB of the largest) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def true_pairs(docs: list[dict], threshold: float) -> set[tuple[int, int]]:
    """Every pair (i < j) whose exact word-5-gram Jaccard is at least `threshold`: a sparse product."""
    import numpy as np
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, doc in enumerate(docs):
        for s in word_shingles(doc.get("text", "")):
            rows.append(i)
            cols.append(vocab.setdefault(s, len(vocab)))
    a = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(docs), len(vocab)))
    sizes = np.asarray(a.sum(axis=1)).ravel()
    at = a.T.tocsr()
    found = set()
    for begin in range(0, len(docs), 1000):
        inter = (a[begin:begin + 1000] @ at).tocoo()
        i, j, common = inter.row + begin, inter.col, inter.data
        keep = (i < j) & (common >= threshold * (sizes[i] + sizes[j] - common))
        found.update(zip(i[keep].tolist(), j[keep].tolist()))
    return found


def stages(path: Path, threshold: float) -> list[tuple[str, float]]:
    """CPU seconds of each stage of `reprise dedup`, in this process, one core."""
    import hashlib

    from reprise import ids
    from reprise.clean import clean
    from reprise.dedup import Deduplicator
    from reprise.ingest import expand, read_input
    from reprise.shingles import word_bytes
    from reprise.text import normalise

    clock = time.process_time
    t = clock()
    items = [item for target in expand([str(path)]) for item in read_input(target)]
    read = clock() - t
    t = clock()
    raws = [normalise(item.text) for item in items]
    normalised = clock() - t
    t = clock()
    texts = [clean(raw, item.outlet, None).text for raw, item in zip(raws, items)]
    cleaned = clock() - t
    t = clock()
    words = [(hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), word_bytes(text)) for text in texts]
    tokenised = clock() - t
    t = clock()
    engine = Deduplicator(threshold)
    for item, (digest, w) in zip(items, words):
        engine.add_words(item.extra.get("input_id") or ids.article_id(item.key), w, digest, item.published)
    engine.flush()
    signed = clock() - t
    t = clock()
    engine.groups()
    grouped = clock() - t
    return [("read (reprise.ingest)", read), ("normalise (reprise.text)", normalised),
            ("clean (reprise.clean)", cleaned), ("words + digest", tokenised),
            ("shingles + MinHash + LSH insert", signed), ("candidates + verification + groups", grouped)]


def score(found: set, truth: set) -> tuple[float, float]:
    hit = len(found & truth)
    return (hit / len(found) if found else 1.0), (hit / len(truth) if truth else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=DATA / "reuters21578" / "reuters21578.jsonl")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--baseline", nargs=3, metavar=("IN", "OUT", "PAIRS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        datasketch_job(args.baseline[0], args.baseline[1], args.threshold, args.baseline[2])
        return
    if not args.input.exists():
        raise SystemExit(f"input absent: {args.input}")
    docs = [json.loads(line) for line in open(args.input, encoding="utf-8") if line.strip()]
    n = len(docs)
    with tempfile.TemporaryDirectory() as tmp:
        ds_cmd = [str(PY), __file__, "--threshold", str(args.threshold), "--baseline", str(args.input),
                  f"{tmp}/ds.jsonl", f"{tmp}/ds-pairs.json"]
        ours_cmd = [str(REPRISE), "dedup", str(args.input), "--output", f"{tmp}/kept.jsonl", "--groups",
                    f"{tmp}/groups.jsonl", "--threshold", str(args.threshold), "--quiet"]
        results: dict[str, list] = {"datasketch 2": [], "reprise dedup": []}
        for _ in range(args.runs):  # alternate, so that both meet the same load
            results["datasketch 2"].append(timed(ds_cmd))
            results["reprise dedup"].append(timed(ours_cmd))
        index = {str(d.get("id")): i for i, d in enumerate(docs)}
        ours = set()
        for line in open(f"{tmp}/groups.jsonl", encoding="utf-8"):
            members = sorted(index[str(m["id"])] for m in json.loads(line)["members"])
            ours.update((a, b) for k, a in enumerate(members) for b in members[k + 1:])
        theirs = {tuple(sorted(p)) for p in json.load(open(f"{tmp}/ds-pairs.json"))}
        kept = {"reprise dedup": sum(1 for _ in open(f"{tmp}/kept.jsonl")),
                "datasketch 2": sum(1 for _ in open(f"{tmp}/ds.jsonl"))}
    start = time.perf_counter()
    truth = true_pairs(docs, args.threshold)
    truth_time = time.perf_counter() - start
    quality = {"reprise dedup": score(ours, truth), "datasketch 2": score(theirs, truth)}

    print(f"machine: {machine()}")
    print(f"input: {args.input.name}, {n} articles; threshold {args.threshold}, word 5-grams, 128 permutations; "
          f"best of {args.runs} runs")
    print(f"truth: {len(truth)} pairs with exact Jaccard >= {args.threshold} among all {n * (n - 1) // 2} pairs "
          f"(raw input text; {truth_time:.0f} s)\n")
    print("| tool | wall s | articles/s | CPU s | peak RSS MiB | kept | pair precision | pair recall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        wall, cpu, rss = min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)
        precision, recall = quality[name]
        print(f"| {name} | {wall:.2f} | {n / wall:,.0f} | {cpu:.2f} | {rss / 1024:.0f} | {kept[name]} | "
              f"{precision:.3f} | {recall:.3f} |")
    ratio = min(r[0] for r in results["datasketch 2"]) / min(r[0] for r in results["reprise dedup"])
    print(f"\nreprise dedup is {ratio:.1f}x datasketch 2 in articles/s (wall, same run)\n")
    print("| stage of reprise dedup (one process) | CPU s | articles/s |")
    print("|---|---:|---:|")
    for name, seconds in stages(args.input, args.threshold):
        print(f"| {name} | {seconds:.2f} | {n / seconds if seconds else float('inf'):,.0f} |")


if __name__ == "__main__":
    main()
