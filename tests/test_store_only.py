"""`reprise run --store-only`: store now, match later, with the result of one run."""

from __future__ import annotations

import json
import sqlite3
from itertools import islice

from conftest import cli, export, one_line_error, run_ok, write_jsonl

TABLES = ("articles", "removed", "duplicates", "reuse", "stories", "rejects")


def _sorted(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def test_store_only_then_run_gives_what_one_run_gives(tmp_path, wiki):
    # 700 French Wikinews articles: two batches, so matching resumes across batches as one run does
    head = write_jsonl(tmp_path / "head.jsonl", [json.loads(line) for line in islice(wiki.open(encoding="utf-8"), 700)])
    one, split = tmp_path / "one.db", tmp_path / "split.db"
    run_ok(str(head), "--db", str(one), "--quiet")
    stored = run_ok(str(head), "--db", str(split), "--store-only")
    assert "700 new" in stored.out and "not matched yet" in stored.out
    with sqlite3.connect(split) as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE linked = 0").fetchone()[0] == 700
        assert conn.execute("SELECT count(*) FROM fingerprints").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 0
    matched = run_ok("--db", str(split), "--match-stored")
    assert "700 stored earlier matched now" in matched.out
    for table in TABLES:
        assert _sorted(export(table, split)) == _sorted(export(table, one)), table
    assert any(r["story_id"] for r in export("articles", split))
    again = run_ok(str(head), "--db", str(split))  # nothing left to match, nothing new
    assert "matched now" not in again.out and "700 already stored" in again.out


def test_a_run_with_new_input_matches_the_stored_articles_first(tmp_path):
    text = ("Le conseil municipal de Lyon a voté mardi soir le budget de la ville pour l'année prochaine, après un "
            "débat de plus de trois heures entre la majorité et l'opposition sur les investissements dans les écoles.")
    first = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": text, "date": "2024-05-01T10:00:00Z", "source": "x"}])
    second = write_jsonl(tmp_path / "b.jsonl", [{"id": "b", "text": text, "date": "2024-05-01T12:00:00Z", "source": "y"}])
    db = tmp_path / "n.db"
    run_ok(str(first), "--db", str(db), "--store-only")
    result = run_ok(str(second), "--db", str(db))
    assert "1 stored earlier matched now" in result.out
    groups = export("duplicates", db)
    assert len(groups) == 1 and len(groups[0]["members"]) == 2  # the later article found the stored one
    articles = {a["url"] or a["id"]: a for a in export("articles", db)}
    assert len({a["story_id"] for a in articles.values()}) == 1


def test_a_path_is_needed_unless_only_matching(tmp_path):
    one_line_error(cli("run", "--db", str(tmp_path / "x.db"), "--store-only"))
    one_line_error(cli("run", "--db", str(tmp_path / "x.db")))
    one_line_error(cli("run", "--db", str(tmp_path / "x.db"), "--store-only", "--match-stored"))
    result = run_ok("--db", str(tmp_path / "empty.db"), "--match-stored")  # nothing to match: nothing done
    assert result.out.startswith("0 read · 0 new")
