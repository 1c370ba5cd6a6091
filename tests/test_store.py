"""The store: incremental runs, stable ids, crash safety (kill -9), schema version, bad --db paths."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLE, DATA, PARAGRAPHS, cli, export, one_line_error, run_ok

from reprise.store import PAGE_SIZE, SCHEMA_VERSION, Store, StoreError


def inputs(tmp_path: Path) -> tuple[Path, Path]:
    """Two folders of articles: a .txt outlet and a .jsonl."""
    a = tmp_path / "a" / "desk"
    a.mkdir(parents=True)
    for n in range(4):
        (a / f"{n}.txt").write_text(f"Titre numéro {n}\n\n{ARTICLE}\n\n{PARAGRAPHS[n % 3]} ({n})", encoding="utf-8")
    b = tmp_path / "b"
    b.mkdir()
    records = [{"text": f"{PARAGRAPHS[n % 3]}\n\n{ARTICLE} ({n})", "url": f"https://example.org/{n}", "title": f"T{n}",
                "published": f"2019-03-0{n + 1}T08:00:00Z"} for n in range(5)]
    (b / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return tmp_path / "a", b


def test_rerun_adds_nothing(tmp_path):
    a, b = inputs(tmp_path)
    db = tmp_path / "t.db"
    first = run_ok(a, b, "--db", db)
    assert first.out.strip() == "9 read · 9 new · 0 already stored · 0 rejected"
    before = export("articles", db), export("removed", db), export("rejects", db)
    again = run_ok(a, b, "--db", db)
    assert again.out.strip() == "9 read · 0 new · 9 already stored · 0 rejected"
    assert (export("articles", db), export("removed", db), export("rejects", db)) == before
    # a new file among the old ones: only it is new
    (a / "desk" / "9.txt").write_text("Nouveau titre\n\n" + ARTICLE + " Nouveau.", encoding="utf-8")
    third = run_ok(a, b, "--db", db)
    assert third.out.strip() == "10 read · 1 new · 9 already stored · 0 rejected"


def test_ids_stable_across_runs_and_path_order(tmp_path):
    a, b = inputs(tmp_path)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    run_ok(a, b, "--db", one)
    run_ok(b, a, "--db", two)
    first = {x["id"]: (x["url"], x["title"], x["source"]["file"], x["source"]["record"]) for x in export("articles", one)}
    second = {x["id"]: (x["url"], x["title"], x["source"]["file"], x["source"]["record"]) for x in export("articles", two)}
    assert first == second and len(first) == 9
    # the order the paths are given in changes nothing: same arrival order, same texts, same cuts
    assert export("articles", one) == export("articles", two)
    assert export("removed", one) == export("removed", two)
    # a fresh store gives the same ids again
    three = tmp_path / "three.db"
    run_ok(a / "desk" / "2.txt", b / "wire.jsonl", "--db", three)
    assert {x["id"] for x in export("articles", three)} <= set(first)
    # ids are 16 hex digits
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in first)


def test_same_url_in_two_inputs_is_stored_once(tmp_path):
    record = {"text": ARTICLE, "url": "https://example.org/same"}
    for name in ("x.jsonl", "y.jsonl"):
        (tmp_path / name).write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    result = run_ok(tmp_path / "x.jsonl", tmp_path / "y.jsonl", "--db", db)
    assert result.out.strip() == "2 read · 1 new · 1 already stored · 0 rejected"


def test_fixed_input_is_no_longer_a_reject(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "' + ARTICLE.replace("\n", "\\n") + '"}\n{oops\n', encoding="utf-8")
    db = tmp_path / "t.db"
    run_ok(path, "--db", db)
    assert [r["record"] for r in export("rejects", db)] == ["line 2"]
    path.write_text('{"text": "' + ARTICLE.replace("\n", "\\n") + '"}\n{"text": "Réparé. ' + PARAGRAPHS[0] + '"}\n',
                    encoding="utf-8")
    run_ok(path, "--db", db)
    assert export("rejects", db) == []
    assert len(export("articles", db)) == 2


def test_file_that_was_empty_and_now_reads_is_no_longer_a_reject(tmp_path):
    path = tmp_path / "later.jsonl"
    path.write_bytes(b"")
    db = tmp_path / "t.db"
    run_ok(path, "--db", db)
    assert [r["reason"] for r in export("rejects", db)] == ["empty file"]
    path.write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    run_ok(path, "--db", db)
    assert export("rejects", db) == []


def test_schema_version_is_set(tmp_path):
    db = tmp_path / "t.db"
    run_ok(inputs(tmp_path)[1], "--db", db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    store = Store.open(db, create=False)
    try:
        assert store.count("articles") == 5
    finally:
        store.close()


def test_store_of_a_newer_schema_is_refused(tmp_path):
    db = tmp_path / "t.db"
    a, b = inputs(tmp_path)
    run_ok(b, "--db", db)
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store.open(db)
    article_id = "0" * 16
    for args in (("run", a, "--db", db), ("export", "articles", "--db", db), ("show", article_id, "--db", db)):
        result = cli(*args)
        one_line_error(result)
        assert result.code == 2 and "newer" in result.err
    with sqlite3.connect(db) as conn:  # nothing was written
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5


def test_sqlite_file_of_another_program_is_left_alone(tmp_path):
    db = tmp_path / "places.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
    before = db.read_bytes()
    for args in (("run", inputs(tmp_path)[1], "--db", db), ("export", "articles", "--db", db)):
        result = cli(*args)
        one_line_error(result)
        assert "not a reprise store" in result.err
    assert db.read_bytes() == before


def test_not_a_store(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("this is not SQLite " * 100, encoding="utf-8")
    for args in (("run", inputs(tmp_path)[1], "--db", db), ("export", "articles", "--db", db)):
        result = cli(*args)
        one_line_error(result)
        assert "cannot use" in result.err


def unwritable_paths(tmp_path: Path) -> list[Path]:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    folder = tmp_path / "folder.db"
    folder.mkdir()
    paths = [tmp_path / "missing" / "t.db", afile / "t.db", folder]
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        paths.append(locked / "t.db")
    return paths


def test_unwritable_db_path(tmp_path):
    _, b = inputs(tmp_path)
    for db in unwritable_paths(tmp_path):
        result = cli("run", b, "--db", db)
        one_line_error(result)
        assert result.code == 2
        assert str(db) in result.err


# -- kill -9 -----------------------------------------------------------------------------------

KILLABLE = """
import sys
import reprise.pipeline
reprise.pipeline.BATCH_SIZE = 40  # many commits, so the kill lands between two of them
from reprise.cli import main
sys.exit(main(sys.argv[1:]))
"""


def articles_in(db: Path, where: str = "") -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(f"SELECT count(*) FROM articles {where}").fetchone()[0]
    except sqlite3.Error:
        return 0


def snapshot(db: Path):
    arts = sorted(json.dumps(a, sort_keys=True) for a in export("articles", db))
    cuts = sorted(json.dumps(r, sort_keys=True) for r in export("removed", db))
    return arts, cuts, export("rejects", db), export("duplicates", db), export("reuse", db)


def kill_9_midway(source: Path, db: Path, once_stored: int, *options) -> int:
    """`reprise run SOURCE [OPTIONS]` killed with SIGKILL once `once_stored` articles are committed; its exit status."""
    command = [sys.executable, "-c", KILLABLE, "run", str(source), "--db", str(db), "--quiet", *map(str, options)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while articles_in(db) < once_stored and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    return proc.returncode


def run_killable(source: Path, db: Path, *options) -> str:
    """`reprise run SOURCE [OPTIONS]` to the end in the killable run's batches (stories are decided in
    publication order within a batch: batches of another size may group a few articles otherwise)."""
    command = [sys.executable, "-c", KILLABLE, "run", str(source), "--db", str(db), *map(str, options)]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_kill_9_then_full_run_equals_clean_run(tmp_path, wiki):
    clean_db, hurt_db = tmp_path / "clean.db", tmp_path / "hurt.db"
    run_killable(wiki, clean_db)
    assert kill_9_midway(wiki, hurt_db, once_stored=200) == -signal.SIGKILL
    partial = articles_in(hurt_db)
    assert 0 < partial < 1191
    assert f"{partial} already stored" in run_killable(wiki, hurt_db)
    assert snapshot(hurt_db) == snapshot(clean_db)


def test_kill_9_with_duplicates_to_find(tmp_path):
    """Reuters is full of exact and near copies: a killed run resumes to the same groups."""
    reuters = DATA / "reuters21578" / "reuters21578.jsonl"
    if not reuters.exists():
        pytest.skip(f"real data absent: {reuters}")
    sample = tmp_path / "reuters-sample.jsonl"  # made at test time, never committed
    with open(reuters, encoding="utf-8") as lines:
        sample.write_text("".join(line for _, line in zip(range(4000), lines)), encoding="utf-8")
    clean_db, hurt_db = tmp_path / "clean.db", tmp_path / "hurt.db"
    run_killable(sample, clean_db)
    assert len(export("duplicates", clean_db)) >= 20
    kill_9_midway(sample, hurt_db, once_stored=1500)
    run_killable(sample, hurt_db)
    assert snapshot(hurt_db) == snapshot(clean_db)
    assert kept_items(hurt_db) == kept_items(clean_db) and len(kept_items(clean_db)) == 4000  # what stories are rebuilt from


def kept_items(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT article_id, made, item FROM story_items ORDER BY article_id").fetchall()


def test_an_older_store_is_migrated_and_keeps_its_data(tmp_path):
    from reprise.store import MIGRATIONS, _statements

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO outlet_lines (outlet, line_key, articles) VALUES ('W', 7, 12)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = Store.open(db)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA page_size").fetchone()[0] == 4096  # an existing store keeps its pages
        assert store.outlet_line_counts("W") == {7: (12, 0.0, 0)}
        assert store.count("near_pairs") == 0
    finally:
        store.close()


def linked_in(db: Path) -> int:
    return articles_in(db, "WHERE linked = 1")


def test_kill_9_while_matching_stored_articles_then_resume_equals_clean_run(tmp_path, wiki):
    clean_db, hurt_db = tmp_path / "clean.db", tmp_path / "hurt.db"
    run_killable(wiki, clean_db)
    base = [sys.executable, "-c", KILLABLE, "run", "--db", str(hurt_db), "--quiet"]
    subprocess.run(base + [str(wiki), "--store-only"], check=True)
    proc = subprocess.Popen(base + ["--match-stored"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while linked_in(hurt_db) < 200 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the matching ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert 0 < linked_in(hurt_db) < 1191
    subprocess.run(base + ["--match-stored"], check=True)
    assert linked_in(hurt_db) == 1191
    assert snapshot(hurt_db) == snapshot(clean_db)
    assert sorted(json.dumps(s, sort_keys=True) for s in export("stories", hurt_db)) == sorted(
        json.dumps(s, sort_keys=True) for s in export("stories", clean_db))
