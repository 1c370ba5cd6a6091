"""What `--embeddings` costs `reprise run`: the same inputs with and without the model, one core.

    .venv/bin/python bench/embedding_bench.py [--headlines 1000]

Inputs (../shared/data): the 220 French RPM2 articles (full texts) and the first UCI headlines (titles only,
each given as its own text, as `reprise evaluate clusters` does).
Each run goes into a fresh store, pinned to one core with OMP_NUM_THREADS=1 (the engine would take every core
otherwise). Reported: wall and CPU seconds, articles a second, milliseconds per article, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import DATA, REPRISE, machine, timed_process  # noqa: E402

RPM2 = DATA / "rpm2-fr" / "articles.jsonl"
UCI = DATA / "uci-news-headlines-2014" / "headlines.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--headlines", type=int, default=1000, help="UCI headlines to run (default: %(default)s)")
    args = parser.parse_args()
    from reprise.embeddings import bundled_model

    model = bundled_model()
    if model is None or not RPM2.exists() or not UCI.exists():
        print('needs reprise[embed] and ../shared/data (rpm2-fr, uci-news-headlines-2014)', file=sys.stderr)
        return 1
    print(f"machine: {machine()}")
    print(f"model: {model.name} ({model.stat().st_size / 2**20:.0f} MB)\n")
    print(f"{'input':<28} {'embeddings':>10} {'wall s':>7} {'CPU s':>7} {'art/s':>7} {'ms/art':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="reprise-embed-bench-") as tmp:
        headlines = Path(tmp) / "headlines.jsonl"
        with UCI.open(encoding="utf-8") as src, headlines.open("w", encoding="utf-8") as out:
            for n, line in enumerate(src):
                if n == args.headlines:
                    break
                record = json.loads(line)
                record["text"] = record.get("text") or record["title"]  # a bare headline, as `evaluate clusters` feeds it
                out.write(json.dumps(record) + "\n")
        for name, path, count in (("RPM2, 220 French articles", RPM2, 220),
                                  (f"UCI, {args.headlines} headlines", headlines, args.headlines)):
            for embedded in (False, True):
                db = Path(tmp) / f"{path.stem}-{embedded}.db"
                command = [str(REPRISE), "run", str(path), "--db", str(db), "--quiet"]
                if embedded:
                    command += ["--embeddings", str(model)]
                wall, cpu, rss = timed_process(command, env={"OMP_NUM_THREADS": "1"})
                print(f"{name:<28} {'yes' if embedded else 'no':>10} {wall:7.1f} {cpu:7.1f} {count / wall:7.1f} "
                      f"{1000 * wall / count:7.1f} {rss / 1024:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
