"""The command line: `run` summary and exit codes, `export` in three formats, `show`, one-line errors."""

from __future__ import annotations

import csv
import json
import re
import subprocess

import pytest
from conftest import ARTICLE, REPRISE, cli, export, one_line_error, run_ok

ARTICLE_COLUMNS = ["id", "outlet", "url", "title", "published", "language", "text", "credits", "source", "story_id",
                   "duplicate_of", "content_hash", "extra"]
REMOVED_COLUMNS = ["article_id", "begin", "end", "text", "rule"]
REJECT_COLUMNS = ["input", "record", "reason"]
COLUMNS = {"articles": ARTICLE_COLUMNS, "removed": REMOVED_COLUMNS, "rejects": REJECT_COLUMNS}

SUMMARY = re.compile(
    r"^(\d+) read · (\d+) new · (\d+) already stored · (\d+) rejected( \(reprise export rejects( --db \S+)?\))?$"
)

# Boilerplate cleaning cuts: an agency credit line, interface words, a "read also" link.
WITH_CHROME = (
    "Budget voté à Lyon\n\n"
    "Actualisé\n"
    "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine, après un débat de plus de "
    "trois heures entre la majorité et l'opposition, qui a tenté jusqu'au bout d'obtenir le report du vote sur les "
    "investissements.\n"
    ">> Lire aussi : Le maire promet des écoles neuves\n"
    "Le maire a défendu une hausse des investissements dans les écoles et les transports, tandis que l'opposition a "
    "dénoncé une dette qui augmente plus vite que prévu et des impôts locaux qui pourraient suivre dès l'an prochain.\n"
    "Partager\n"
    "(ats/afp)\n"
)


@pytest.fixture
def store(tmp_path):
    """A store with a few articles (one with cuts) and two rejects."""
    inp = tmp_path / "in"
    (inp / "desk").mkdir(parents=True)
    (inp / "desk" / "chrome.txt").write_text(WITH_CHROME, encoding="utf-8")
    (inp / "desk" / "plain.txt").write_text("Le vote final\n\n" + ARTICLE, encoding="utf-8")
    (inp / "wire.jsonl").write_text(
        json.dumps({"text": ARTICLE + " Fil.", "url": "https://example.org/fil", "published": "2019-03-05T08:15:00+01:00",
                    "title": "Fil", "outlet": "Agence", "events": ["budget"]}) + "\n{oops\n" + json.dumps({"title": "x"}) + "\n",
        encoding="utf-8")
    db = tmp_path / "t.db"
    result = run_ok(inp, "--db", db)
    return db, result


def test_run_summary_line(store):
    db, result = store
    assert result.out.strip() == f"3 read · 3 new · 0 already stored · 2 rejected (reprise export rejects --db {db})"
    assert SUMMARY.match(result.out.strip())
    assert "rejected " in result.err and "line 2" in result.err  # each reject said on standard error


def test_run_quiet_prints_nothing(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_ok(tmp_path / "a.txt", tmp_path / "missing.txt", "--db", tmp_path / "t.db", "--quiet")
    assert result.out == "" and result.err == ""


def test_run_summary_without_rejects(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_ok(tmp_path / "a.txt", "--db", tmp_path / "t.db")
    assert result.out.strip() == "1 read · 1 new · 0 already stored · 0 rejected"
    assert SUMMARY.match(result.out.strip())


def test_run_counts_skipped_files(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    result = run_ok(tmp_path / "in", "--db", tmp_path / "t.db")
    assert result.out.strip().endswith("· 1 files skipped (not a type reprise reads)")


def test_exit_codes(tmp_path, store):
    db, _ = store
    assert cli("run", tmp_path / "missing.txt", "--db", tmp_path / "x.db").code == 0  # a reject, not a failure
    assert cli().code == 2  # no command
    assert cli("frobnicate").code == 2
    assert cli("run", "--db", db).code == 2  # no path
    assert cli("export", "nothing", "--db", db).code == 2
    assert cli("export", "articles", "--format", "xml", "--db", db).code == 2
    assert cli("export", "articles", "--db", db).code == 0
    assert cli("--version").code == 0


@pytest.mark.parametrize("args", [
    ("export", "articles"),
    ("export", "rejects", "--format", "csv"),
    ("show", "0123456789abcdef"),
])
def test_missing_store_is_one_line(tmp_path, args):
    db = tmp_path / "nowhere.db"
    result = cli(*args, "--db", db)
    one_line_error(result)
    assert result.code == 2 and "no store at" in result.err
    assert not db.exists()  # reading never creates a store


def test_argument_errors_are_one_line(store):
    db, _ = store
    for args in (("export", "nothing", "--db", db), ("show",), ("run",)):
        one_line_error(cli(*args))


# -- export ------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["articles", "removed", "rejects"])
def test_export_jsonl(store, table, tmp_path):
    db, _ = store
    rows = export(table, db)
    assert rows and all(list(r) == COLUMNS[table] for r in rows)
    out = tmp_path / f"{table}.jsonl"
    result = cli("export", table, "--db", db, "--format", "jsonl", "--output", out)
    assert result.code == 0 and result.out == ""
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == rows


@pytest.mark.parametrize("table", ["articles", "removed", "rejects"])
def test_export_csv(store, table, tmp_path):
    db, _ = store
    out = tmp_path / f"{table}.csv"
    assert cli("export", table, "--db", db, "--format", "csv", "--output", out).code == 0
    with open(out, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    assert reader.fieldnames == COLUMNS[table]
    expected = export(table, db)
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        for column, value in want.items():
            if isinstance(value, (list, dict)):
                assert json.loads(row[column]) == value
            else:
                assert row[column] == ("" if value is None else str(value))


@pytest.mark.parametrize("table", ["articles", "removed", "rejects"])
def test_export_parquet(store, table, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    db, _ = store
    out = tmp_path / f"{table}.parquet"
    result = cli("export", table, "--db", db, "--format", "parquet", "--output", out)
    assert result.code == 0, result.err
    data = pq.read_table(out)
    assert data.column_names == COLUMNS[table]
    rows = data.to_pylist()
    expected = export(table, db)
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        for column, value in want.items():
            if isinstance(value, dict):
                assert json.loads(row[column]) == value
            else:
                assert row[column] == value


def test_export_of_empty_tables_keeps_the_columns(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "t.db"
    run_ok(tmp_path / "a.txt", "--db", db)
    assert export("rejects", db) == []
    out = tmp_path / "rejects.csv"
    assert cli("export", "rejects", "--db", db, "--format", "csv", "--output", out).code == 0
    assert out.read_text(encoding="utf-8").strip() == "input,record,reason"
    out = tmp_path / "rejects.parquet"
    assert cli("export", "rejects", "--db", db, "--format", "parquet", "--output", out).code == 0
    assert pq.read_table(out).column_names == REJECT_COLUMNS


def test_export_parquet_needs_output(store):
    db, _ = store
    result = cli("export", "articles", "--db", db, "--format", "parquet")
    one_line_error(result)
    assert "--output" in result.err


def test_export_to_unwritable_output_is_one_line(store, tmp_path):
    db, _ = store
    for fmt in ("jsonl", "csv", "parquet"):
        result = cli("export", "articles", "--db", db, "--format", fmt, "--output", tmp_path / "no" / "such" / "dir.out")
        one_line_error(result)
        assert result.code == 2 and "cannot write" in result.err


def test_exported_fields(store):
    db, _ = store
    arts = {a["title"]: a for a in export("articles", db)}
    fil = arts["Fil"]
    assert fil["outlet"] == "Agence" and fil["url"] == "https://example.org/fil"
    assert fil["published"] == "2019-03-05T07:15:00+00:00"
    assert fil["language"] == "fr"
    assert fil["extra"] == {"events": ["budget"]}
    assert fil["source"]["record"] == "line 1" and fil["source"]["file"].endswith("wire.jsonl")
    assert fil["story_id"].startswith("story-") and fil["duplicate_of"] is None
    chrome = arts["Budget voté à Lyon"]
    assert chrome["outlet"] == "desk" and chrome["published"] is None
    assert "Partager" not in chrome["text"] and "(ats/afp)" not in chrome["text"]
    assert chrome["credits"] == ["ats", "afp"]
    rejects = export("rejects", db)
    assert [(r["record"], r["reason"].split(":")[0]) for r in rejects] == [("line 2", "malformed JSON"),
                                                                          ("line 3", "no text (fields tried")]


# -- show --------------------------------------------------------------------------------------


def article_id(db, title: str) -> str:
    return next(a["id"] for a in export("articles", db) if a["title"] == title)


def test_show(store):
    db, _ = store
    aid = article_id(db, "Budget voté à Lyon")
    result = cli("show", aid, "--db", db)
    assert result.code == 0
    assert f"id         {aid}" in result.out
    assert "title      Budget voté à Lyon" in result.out
    assert "published  unknown" in result.out
    assert "credits    ats/afp" in result.out
    assert "(see them with --removed)" in result.out
    assert "Partager" not in result.out
    assert "Le conseil municipal a voté mardi soir" in result.out


def test_show_removed_marks_cuts_in_place(store):
    db, _ = store
    aid = article_id(db, "Budget voté à Lyon")
    result = cli("show", aid, "--db", db, "--removed")
    assert result.code == 0
    assert "[- credit: (ats/afp) -]" in result.out
    assert "[- interface: Partager -]" in result.out
    body = result.out.split("\n\n", 1)[1]
    raw = json.loads(cli("show", aid, "--db", db, "--json", "--removed").out)["raw_text"]
    assert re.sub(r"\[- [\w-]+: (.*?) -\]", r"\1", body).rstrip("\n") == raw  # marks wrap the cut text, in place
    # the text around the cuts is the text before cleaning
    assert body.index("Le conseil municipal") < body.index("[- interface: Partager -]") < body.index("[- credit")


def test_show_json(store):
    db, _ = store
    aid = article_id(db, "Fil")
    result = cli("show", aid, "--db", db, "--json")
    assert result.code == 0
    shown = json.loads(result.out)
    exported = next(a for a in export("articles", db) if a["id"] == aid)
    assert {k: v for k, v in shown.items() if k != "removed"} == exported
    assert shown["removed"] == []
    with_cuts = json.loads(cli("show", article_id(db, "Budget voté à Lyon"), "--db", db, "--json", "--removed").out)
    assert "raw_text" in with_cuts and len(with_cuts["removed"]) >= 3
    assert {r["rule"] for r in with_cuts["removed"]} >= {"credit", "interface"}


def test_show_unknown_id_is_one_line(store):
    db, _ = store
    result = cli("show", "0123456789abcdef", "--db", db)
    one_line_error(result)
    assert result.code == 2 and "no article 0123456789abcdef" in result.err


def check_offsets(db) -> int:
    """For every removed row: raw_text[begin:end] == text, seen through `show --json --removed`."""
    removed = export("removed", db)
    by_article: dict[str, list[dict]] = {}
    for row in removed:
        by_article.setdefault(row["article_id"], []).append(row)
    for aid, rows in by_article.items():
        shown = json.loads(cli("show", aid, "--db", db, "--json", "--removed").out)
        raw = shown["raw_text"]
        assert shown["removed"] == sorted(rows, key=lambda r: r["begin"])
        end = 0
        for row in shown["removed"]:
            assert end <= row["begin"] < row["end"] <= len(raw)  # in order, never overlapping
            assert raw[row["begin"]:row["end"]] == row["text"], row
            end = row["end"]
    return len(removed)


def test_removed_offsets(store):
    db, _ = store
    assert check_offsets(db) >= 3


def test_removed_offsets_on_real_data(tmp_path, wiki):
    db = tmp_path / "t.db"
    run_ok(wiki, "--db", db, "--quiet")
    assert check_offsets(db) > 0


def test_installed_command_errors_without_traceback(tmp_path):
    if not REPRISE.exists():
        pytest.skip("no .venv/bin/reprise")
    for args in (["show", "nope", "--db", str(tmp_path / "none.db")], ["export", "articles", "--db", str(tmp_path / "none.db")],
                 ["run", str(tmp_path), "--db", str(tmp_path / "no" / "t.db")]):
        p = subprocess.run([str(REPRISE), *args], capture_output=True, text=True, timeout=60)
        assert p.returncode == 2
        assert "Traceback" not in p.stdout + p.stderr
        assert len(p.stderr.strip().splitlines()) == 1 and p.stderr.startswith("reprise ")
