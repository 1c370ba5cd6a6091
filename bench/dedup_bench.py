"""Near duplicates on Reuters-21578: `reprise dedup` against datasketch 2 and text-dedup 0.4, as processes, same run.

All sides use word 5-gram shingles (lower case, split on non-word characters), 128
permutations and threshold 0.8. Prints a table: articles/s (best of N runs, wall and CPU), peak
RSS, kept articles, and precision/recall of near-duplicate pairs against the exact Jaccard
similarity of every pair of articles (all pairs, computed with a sparse product: no sampling, no
LSH in the truth). A pair counts as found by reprise when both articles are in one group; by
datasketch when its online query-then-insert reports one against the other (what a user of
MinHashLSH acts on); by text-dedup when both articles are in one of its clusters.

    .venv/bin/python bench/dedup_bench.py [--runs 2] [--input PATH] [--threshold 0.8] [--text-dedup-python PATH]

text-dedup 0.4 (PyPI `text-dedup`) needs Python >= 3.12, so it is a peer run from its own
interpreter, never a dependency of the project: `--text-dedup-python PATH`, or else a venv cached
in ~/.cache/reprise-bench/text-dedup-venv, created when missing from the first python3.12 /
python3.13 (on PATH, then under pyenv) that runs, with `pip install "text-dedup>=0.4,<0.5"`. With
none, the bench prints "text-dedup: skipped (...)" and goes on. It runs as its CLI is meant to
(`python -m text_dedup.minhash --input JSON --algorithm JSON --output JSON`), datasets' cache in a
fresh temporary directory each run (so no run reuses another's Arrow conversion), offline, with
its default processes (num_proc = cores) and hashing (xxh3, seed 42; bands and rows from its
datasketch-style optimum for the threshold), and: text column `text`, ngram_size 5, num_perm 128,
the threshold, min_length 1 (its default, 5, drops texts of fewer than 5 words from the output;
with 1 its shingles are exactly ours, a text shorter than 5 words being one shingle), and
`save_clusters` + `keep_index_column`; its LSH has the 9 bands of 13 rows datasketch picks. Two rows:
"verified", `check_false_positive = true` as its README configures MinHash (the articles of each LSH
cluster re-checked by exact Jaccard of the same 5-grams, those with no pair at the threshold let go,
the lowest index of each cluster kept), and "unverified, default" (`check_false_positive = false`:
LSH clusters as they come, and every member of every cluster removed, none kept, its cluster labels
not being row indices).
Its pairs: `clusters.pickle` maps the row index (line number in the JSONL, checked against the
`id` of the kept rows) of every clustered article to a cluster label; every pair of articles with
one label is a found pair, as for reprise's groups. Kept = rows of the dataset it saves.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, REPRISE, machine  # noqa: E402

PY = Path(sys.executable)
NONWORD = re.compile(r"\W+")
TD_SPEC = "text-dedup>=0.4,<0.5"
TD_VENV = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reprise-bench" / "text-dedup-venv"
TD_VARIANTS = {"text-dedup 0.4 (verified)": True, "text-dedup 0.4 (unverified, default)": False}  # check_false_positive
# run by text-dedup's interpreter after its timed run: its clusters and the row indices it kept, as JSON
TD_READ = """import json, pickle, sys
from datasets import load_from_disk
kept = load_from_disk(sys.argv[1])
clusters = pickle.load(open(sys.argv[1] + "/clusters.pickle", "rb"))
json.dump({"clusters": [[int(i), int(c)] for i, c in clusters.items()], "kept": list(kept["__INDEX__"]),
           "ids": list(kept["id"]) if "id" in kept.column_names else None}, sys.stdout)
"""


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


def timed(args: list[str], env: dict | None = None, log: str | None = None) -> tuple[float, float, int]:
    """(wall s, CPU s of the process and its children, peak RSS KiB of the largest) of one process."""
    err = open(log, "w") if log else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=err, stderr=err, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if log:
        err.close()
    if os.waitstatus_to_exitcode(status) != 0:
        tail = "\n" + "".join(open(log).readlines()[-15:]) if log else ""
        raise SystemExit(f"failed: {' '.join(args)}{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def python_version(python: str) -> tuple[int, ...] | None:
    try:
        out = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return tuple(int(x) for x in out.stdout.split()) if out.returncode == 0 and out.stdout.strip() else None


def text_dedup_python(requested: Path | None) -> tuple[Path | None, str]:
    """(interpreter with text-dedup 0.4, its version) or (None, why not): the one asked for, else the cached venv."""
    if requested is None:
        python = TD_VENV / "bin" / "python"
        if not python.exists():
            pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
            candidates = [shutil.which(name) for name in ("python3.12", "python3.13")]
            candidates += [str(p) for p in sorted(pyenv.glob("3.1[2-9]*/bin/python"))]
            base = next((c for c in candidates if c and (python_version(c) or (0,)) >= (3, 12)), None)
            if base is None:
                return None, "needs Python >= 3.12: no python3.12 or python3.13 found that runs"
            print(f"text-dedup: creating {TD_VENV} with {base} and pip install \"{TD_SPEC}\"", file=sys.stderr)
            try:
                subprocess.run([base, "-m", "venv", str(TD_VENV)], check=True)
                subprocess.run([str(python), "-m", "pip", "install", "-q", TD_SPEC], check=True)
            except (OSError, subprocess.CalledProcessError) as error:
                shutil.rmtree(TD_VENV, ignore_errors=True)
                return None, f"could not create its venv with {base}: {error}"
    else:
        python = requested
    if (python_version(str(python)) or (0,)) < (3, 12):
        return None, f"needs Python >= 3.12: {python} is not one"
    out = subprocess.run([str(python), "-c", "from importlib.metadata import version; print(version('text-dedup'))"],
                         capture_output=True, text=True)
    version = out.stdout.strip()
    if out.returncode != 0 or not version.startswith("0.4"):
        return None, f"{python} has no text-dedup 0.4 ({version or 'not installed'})"
    return python, version


def text_dedup_cmd(python: Path, src: Path, out: str, threshold: float, verify: bool) -> list[str]:
    read = {"path": "json", "data_files": str(src), "split": "train"}
    algorithm = {"algorithm_name": "minhash", "text_column": "text", "num_perm": 128, "threshold": threshold,
                 "ngram_size": 5, "min_length": 1, "check_false_positive": verify}
    output = {"output_dir": out, "save_clusters": True, "keep_index_column": True}
    return [str(python), "-m", "text_dedup.minhash",
            "--input", json.dumps({"input_type": "local_files", "file_type": "json", "read_arguments": read}),
            "--algorithm", json.dumps(algorithm), "--output", json.dumps(output), "--debug.logging_level", "20"]


def text_dedup_result(python: Path, out: str, docs: list[dict]) -> tuple[set[tuple[int, int]], int]:
    """(pairs of row indices in one cluster, kept rows) from what text-dedup wrote in `out`."""
    result = json.loads(subprocess.run([str(python), "-c", TD_READ, out], capture_output=True, text=True,
                                       check=True).stdout)
    if result["ids"] is not None and any(str(docs[i].get("id")) != str(x) for i, x in zip(result["kept"], result["ids"])):
        raise SystemExit("text-dedup's row indices are not the input's line numbers")
    clusters: dict[int, list[int]] = {}
    for i, label in result["clusters"]:
        clusters.setdefault(label, []).append(i)
    pairs = set()
    for members in clusters.values():
        members.sort()
        pairs.update((a, b) for k, a in enumerate(members) for b in members[k + 1:])
    return pairs, len(result["kept"])


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
    """CPU seconds of each stage of `reprise dedup`, one after the other in this process (one core): what its
    main process does (lines off the file, the LSH index, reading the candidates' lines again, verification and
    grouping) and what its workers do, chunk by chunk."""
    import gc

    from reprise import ids
    from reprise.cli import dedup as dedup_cli
    from reprise.dedup import Deduplicator, when_key
    from reprise.ingest.jsonl import _record, read_lines

    gc.set_threshold(50_000, 20, 20)  # as `reprise dedup` sets it
    clock = time.process_time
    t = clock()
    lines = list(read_lines(path))
    read = clock() - t
    t = clock()
    items = [_record(path, line_no, line, None) for line_no, line in lines]
    keys = [(item.own_id or ids.article_id(item.key), when_key(item.published)) for item in items]
    parsed = clock() - t
    engine = Deduplicator(threshold, margin=dedup_cli.INPUT_MARGIN)
    params = (engine.lsh.bands, engine.lsh.rows)
    t = clock()
    sketched = []
    for begin in range(0, len(items), dedup_cli.CHUNK):
        part = [("text", item.text, item.outlet) for item in items[begin:begin + dedup_cli.CHUNK]]
        sketched.append(dedup_cli.sketch_chunk(part, lsh_params=params))
    sketching = clock() - t
    t = clock()
    for k, (found, signatures, band_keys) in enumerate(sketched):
        part = keys[k * dedup_cli.CHUNK: (k + 1) * dedup_cli.CHUNK]
        engine.add_signed([i for i, _ in part], [digest for _, _, digest in found], None, None, signatures, band_keys,
                          whens=[w for _, w in part])
    engine.estimated_pairs()
    indexed = clock() - t
    cleaning = [0.0]

    def timed_clean(chunk):
        started = clock()
        try:
            return dedup_cli.clean_chunk(chunk)
        finally:
            cleaning[0] += clock() - started

    t = clock()
    line_of = [line_no for line_no, _ in lines]
    edges, same = dedup_cli._verified(engine, lambda index: ("line", path, line_of[index], None, None), map,
                                      timed_clean)
    engine.groups(edges, same)
    verified = clock() - t - cleaning[0]
    return [("lines off the file (main process)", read), ("JSON records, ids, dates (workers)", parsed),
            ("NFC + words + digest + shingles + MinHash + LSH band keys of the texts as read (workers)", sketching),
            ("LSH index + candidate pairs (main process)", indexed),
            ("normalise + clean + shingles of the candidates (workers)", cleaning[0]),
            ("candidates' lines read again + verification + groups (main process)", verified)]


def score(found: set, truth: set) -> tuple[float, float]:
    hit = len(found & truth)
    return (hit / len(found) if found else 1.0), (hit / len(truth) if truth else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=DATA / "reuters21578" / "reuters21578.jsonl")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--text-dedup-python", type=Path, metavar="PATH",
                        help=f"Python >= 3.12 with {TD_SPEC} (default: {TD_VENV}, created when missing)")
    parser.add_argument("--baseline", nargs=3, metavar=("IN", "OUT", "PAIRS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        datasketch_job(args.baseline[0], args.baseline[1], args.threshold, args.baseline[2])
        return
    if not args.input.exists():
        raise SystemExit(f"input absent: {args.input}")
    docs = [json.loads(line) for line in open(args.input, encoding="utf-8") if line.strip()]
    n = len(docs)
    td_python, td_note = text_dedup_python(args.text_dedup_python)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    variants = TD_VARIANTS if td_python else {}
    found: dict[str, set] = {}
    kept: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ds_cmd = [str(PY), __file__, "--threshold", str(args.threshold), "--baseline", str(args.input),
                  f"{tmp}/ds.jsonl", f"{tmp}/ds-pairs.json"]
        ours_cmd = [str(REPRISE), "dedup", str(args.input), "--output", f"{tmp}/kept.jsonl", "--groups",
                    f"{tmp}/groups.jsonl", "--threshold", str(args.threshold), "--quiet"]
        results: dict[str, list] = {"datasketch 2": [], "reprise dedup": [], **{name: [] for name in variants}}
        for run in range(args.runs):  # alternate, so that all meet the same load
            results["datasketch 2"].append(timed(ds_cmd))
            results["reprise dedup"].append(timed(ours_cmd))
            for k, (name, verify) in enumerate(variants.items()):
                out = f"{tmp}/td-{k}-{run}"
                env = {**os.environ, "HF_DATASETS_CACHE": f"{out}-cache", "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
                       "HF_HUB_DISABLE_TELEMETRY": "1"}
                cmd = text_dedup_cmd(td_python, args.input, out, args.threshold, verify)
                results[name].append(timed(cmd, env=env, log=f"{out}.log"))
                found[name], kept[name] = text_dedup_result(td_python, out, docs)
                shutil.rmtree(f"{out}-cache", ignore_errors=True)
        index = {str(d.get("id")): i for i, d in enumerate(docs)}
        ours = set()
        for line in open(f"{tmp}/groups.jsonl", encoding="utf-8"):
            members = sorted(index[str(m["id"])] for m in json.loads(line)["members"])
            ours.update((a, b) for k, a in enumerate(members) for b in members[k + 1:])
        found["reprise dedup"] = ours
        found["datasketch 2"] = {tuple(sorted(p)) for p in json.load(open(f"{tmp}/ds-pairs.json"))}
        kept["reprise dedup"] = sum(1 for _ in open(f"{tmp}/kept.jsonl"))
        kept["datasketch 2"] = sum(1 for _ in open(f"{tmp}/ds.jsonl"))
    start = time.perf_counter()
    truth = true_pairs(docs, args.threshold)
    truth_time = time.perf_counter() - start
    quality = {name: score(pairs, truth) for name, pairs in found.items()}

    print(f"machine: {machine()} (after the runs; {load_before:.2f} before them)")
    print(f"input: {args.input.name}, {n} articles; threshold {args.threshold}, word 5-grams, 128 permutations; "
          f"best of {args.runs} runs")
    if td_python:
        print(f"text-dedup {td_note} from {td_python}")
    print(f"truth: {len(truth)} pairs with exact Jaccard >= {args.threshold} among all {n * (n - 1) // 2} pairs "
          f"(raw input text; {truth_time:.0f} s)\n")
    print("| tool | wall s | articles/s | CPU s | peak RSS MiB | kept | pair precision | pair recall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        wall, cpu, rss = min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)
        precision, recall = quality[name]
        print(f"| {name} | {wall:.2f} | {n / wall:,.0f} | {cpu:.2f} | {rss / 1024:.0f} | {kept[name]} | "
              f"{precision:.3f} | {recall:.3f} |")
    if not td_python:
        print(f"text-dedup: skipped ({td_note})")
    best = {name: (min(r[0] for r in runs), min(r[1] for r in runs)) for name, runs in results.items()}
    ours_wall, ours_cpu = best["reprise dedup"]
    print("\nreprise dedup, same run, in articles per wall s (per CPU s): " + "; ".join(
        f"{wall / ours_wall:.1f}x ({cpu / ours_cpu:.1f}x) {name}"
        for name, (wall, cpu) in best.items() if name != "reprise dedup") + "\n")
    print("| stage of reprise dedup (one process) | CPU s | articles/s |")
    print("|---|---:|---:|")
    for name, seconds in stages(args.input, args.threshold):
        print(f"| {name} | {seconds:.2f} | {n / seconds if seconds else float('inf'):,.0f} |")


if __name__ == "__main__":
    main()
