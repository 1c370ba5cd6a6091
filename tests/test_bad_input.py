"""Bad input: each case gives a recorded reject (or a clean decode), the rest of the batch goes
on, `reprise run` exits 0 and never prints a traceback."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import ARTICLE, REPRISE, export, run_ok
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

GOOD_LINES = [{"id": n, "title": f"Article {n}", "text": f"{ARTICLE}\n\nParagraphe propre à l'article numéro {n}."}
              for n in range(1, 4)]


def batch(tmp_path: Path) -> Path:
    """An input folder with good articles in it: two .txt files and a .jsonl of three."""
    inp = tmp_path / "in"
    (inp / "desk").mkdir(parents=True)
    (inp / "desk" / "one.txt").write_text("Budget voté à Lyon\n\n" + ARTICLE, encoding="utf-8")
    (inp / "desk" / "two.txt").write_text("Le vote final\n\n" + ARTICLE.replace("mardi", "mercredi"), encoding="utf-8")
    (inp / "good.jsonl").write_text("".join(json.dumps(r) + "\n" for r in GOOD_LINES), encoding="utf-8")
    return inp


def run_batch(tmp_path: Path, *extra) -> tuple[list[dict], list[dict], str]:
    """`reprise run` on the batch (and `extra` paths): articles, rejects, output."""
    db = tmp_path / "t.db"
    result = run_ok(batch(tmp_path), *extra, "--db", db)
    return export("articles", db), export("rejects", db), result.output


def good_ones_stored(articles: list[dict], extra: int = 0) -> None:
    sources = {a["source"]["file"] for a in articles}
    assert len(articles) == 5 + extra
    assert any(s.endswith("one.txt") for s in sources) and any(s.endswith("good.jsonl") for s in sources)


def reject_of(rejects: list[dict], path: Path) -> dict:
    found = [r for r in rejects if r["input"] == str(path.resolve()) or r["input"] == str(path)]
    assert len(found) == 1, rejects
    assert found[0]["reason"]
    return found[0]


def write_pages_warc(path: Path, n: int = 4) -> Path:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(n):
            body = (f"<html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1>"
                    + "".join(f"<p>{para} ({i}.{k})</p>" for k, para in enumerate(ARTICLE.split("\n\n") * 40))
                    + "</article></body></html>").encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"http://example.org/p{i}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))
    return path


def test_invalid_utf8_line_in_jsonl(tmp_path):
    bad = tmp_path / "bad.jsonl"
    lines = [json.dumps({"id": "a", "text": ARTICLE}).encode(), b'{"id": "b", "text": "caf\xe9 cr\xe8me \xff\xfe"}',
             json.dumps({"id": "c", "text": ARTICLE + " Suite."}).encode()]
    bad.write_bytes(b"\n".join(lines) + b"\n")
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles, extra=2)
    reject = reject_of(rejects, bad)
    assert reject["record"] == "line 2" and "UTF-8" in reject["reason"]


def test_file_name_that_is_not_utf8(tmp_path):
    folder = os.fsencode(tmp_path / "noms")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as out:
        out.write(("Titre\n\n" + ARTICLE).encode("utf-8"))
    with open(os.path.join(folder, b"vid\xe9.txt"), "wb"):
        pass
    articles, rejects, _ = run_batch(tmp_path, os.fsdecode(folder))
    good_ones_stored(articles, extra=1)
    [article] = [a for a in articles if "caf" in a["source"]["file"]]
    assert article["source"]["file"].endswith("caf\ufffd.txt") and article["title"] == "Titre"
    [reject] = rejects
    assert reject["input"].endswith("vid\ufffd.txt") and reject["reason"] == "empty file"


def test_lone_surrogates_in_json(tmp_path):
    bad = tmp_path / "surrogates.jsonl"
    bad.write_text('{"id": 1, "title": "T\\udce9", "text": "' + ARTICLE.replace("\n", "\\n") + ' \\ud800", "x": ["\\udfff"]}\n',
                   encoding="utf-8")
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles, extra=1)
    assert rejects == []
    [article] = [a for a in articles if a["source"]["file"] == str(bad.resolve())]
    assert article["title"] == "T\ufffd" and article["text"].endswith("\ufffd") and article["extra"]["x"] == ["\ufffd"]


def test_invalid_utf8_txt_is_decoded(tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Titre en latin-1\n\nLe député a déclaré que l'été serait décisif pour la réforme.".encode("latin-1")
                    + b" \x81 fin")
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles, extra=1)
    assert rejects == []
    [article] = [a for a in articles if a["source"]["file"] == str(bad.resolve())]
    assert "Le député a déclaré que l'été serait décisif" in article["text"]


def test_cp1252_file(tmp_path):
    bad = tmp_path / "cp1252.txt"
    bad.write_bytes("Élection à Genève\n\n« Le député a déclaré que l'été serait décisif » — selon l'agence…".encode("cp1252"))
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles, extra=1)
    assert rejects == []
    [article] = [a for a in articles if a["source"]["file"] == str(bad.resolve())]
    assert article["title"] == "Élection à Genève"
    assert "« Le député a déclaré que l'été serait décisif » — selon l'agence…" in article["text"]


def test_truncated_html(tmp_path):
    bad = tmp_path / "cut.html"
    page = ("<html><head><title>Coupé</title></head><body><article><h1>Coupé</h1>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")) + "<p>Le texte s'arrête net au milieu d'une phr")
    bad.write_text(page, encoding="utf-8")
    articles, rejects, _ = run_batch(tmp_path, bad)
    mine = [a for a in articles if a["source"]["file"] == str(bad.resolve())]
    if mine:  # what the page holds is read
        good_ones_stored(articles, extra=1)
        assert "Le conseil municipal a voté mardi soir" in mine[0]["text"]
    else:
        good_ones_stored(articles)
        reject_of(rejects, bad)


def cut_inside_third_record(data: bytes) -> bytes:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for _ in records:
        offsets.append(records.get_record_offset())
    return data[: (offsets[2] + offsets[3]) // 2]


def test_truncated_warc_gz(tmp_path):
    whole = write_pages_warc(tmp_path / "whole.warc.gz")
    data = whole.read_bytes()
    whole.unlink()
    bad = tmp_path / "cut.warc.gz"
    bad.write_bytes(cut_inside_third_record(data))
    articles, rejects, _ = run_batch(tmp_path, bad)
    from_warc = [a for a in articles if a["source"]["file"] == str(bad.resolve())]
    assert len(from_warc) == 2  # the records before the cut are kept
    good_ones_stored(articles, extra=len(from_warc))
    reject = reject_of(rejects, bad)
    assert reject["record"].startswith("offset ") and int(reject["record"].split()[1]) > 0
    assert "truncated" in reject["reason"]


def test_truncated_plain_warc(tmp_path):
    gz = write_pages_warc(tmp_path / "whole.warc.gz")
    bad = tmp_path / "cut.warc"
    data = gzip.decompress(gz.read_bytes())
    gz.unlink()
    bad.write_bytes(cut_inside_third_record(data))
    articles, rejects, _ = run_batch(tmp_path, bad)
    assert len([a for a in articles if a["source"]["file"] == str(bad.resolve())]) == 2
    reject = reject_of(rejects, bad)
    assert reject["record"].startswith("offset ") and "truncated" in reject["reason"]


def test_malformed_json_line_between_good_ones(tmp_path):
    bad = tmp_path / "mixed.jsonl"
    bad.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n{not json\n" + json.dumps({"id": "c", "text": ARTICLE + " Fin."})
                   + "\n", encoding="utf-8")
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles, extra=2)
    reject = reject_of(rejects, bad)
    assert reject["record"] == "line 2" and "JSON" in reject["reason"]


def test_json_line_nested_too_deeply(tmp_path):
    bad = tmp_path / "deep.jsonl"
    bad.write_text("[" * 100_000 + "\n" + json.dumps({"id": "b", "text": ARTICLE}) + "\n", encoding="utf-8")
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles, extra=1)
    reject = reject_of(rejects, bad)
    assert reject["record"] == "line 1" and "JSON" in reject["reason"]


def test_truncated_gzipped_txt(tmp_path):
    bad = tmp_path / "cut.txt.gz"
    data = gzip.compress(("Titre\n\n" + ARTICLE * 50).encode("utf-8"))
    bad.write_bytes(data[: len(data) // 2])
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles)
    assert "gzip" in reject_of(rejects, bad)["reason"]


def test_a_reader_that_fails_unexpectedly_loses_only_its_input(tmp_path, monkeypatch):
    import reprise.pipeline

    real = reprise.pipeline.read_input

    def failing(target, outlet=None):
        if str(target).endswith("two.txt"):
            raise RuntimeError("boom")
        yield from real(target, outlet)

    monkeypatch.setattr(reprise.pipeline, "read_input", failing)
    monkeypatch.delenv("REPRISE_DEBUG", raising=False)
    db = tmp_path / "t.db"
    run_ok(batch(tmp_path), "--db", db)
    assert len(export("articles", db)) == 4
    [reject] = export("rejects", db)
    assert reject["input"].endswith("two.txt") and "RuntimeError: boom" in reject["reason"]


def test_json_line_without_text(tmp_path):
    bad = tmp_path / "notext.jsonl"
    bad.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n\n" + json.dumps({"id": "b", "title": "Sans texte"}) + "\n",
                   encoding="utf-8")
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles, extra=1)
    reject = reject_of(rejects, bad)
    assert reject["record"] == "line 3" and "no text" in reject["reason"]


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl", "empty.warc.gz", "empty.rss"])
def test_empty_file(tmp_path, name):
    bad = tmp_path / name
    bad.write_bytes(b"")
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles)
    assert reject_of(rejects, bad)["reason"] == "empty file"


def test_binary_file_named_txt(tmp_path):
    bad = tmp_path / "binary.txt"
    bad.write_bytes(bytes(range(256)) * 64)
    articles, rejects, _ = run_batch(tmp_path, bad)
    good_ones_stored(articles)
    assert "not a text file" in reject_of(rejects, bad)["reason"]


@pytest.mark.parametrize("name", ["big.txt", "big.html", "big.jsonl", "big.warc"])
def test_100_mb_file(tmp_path, name):
    bad = tmp_path / name
    with open(bad, "wb") as out:  # sparse: no 100 MB written
        out.truncate(100 * 1024 * 1024)
    articles, rejects, output = run_batch(tmp_path, bad)
    good_ones_stored(articles)
    reject = reject_of(rejects, bad)
    assert len(reject["reason"]) < 300
    assert len(output) < 5000


def test_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "nowhere" / "articles.jsonl"
    articles, rejects, _ = run_batch(tmp_path, missing)
    good_ones_stored(articles)
    reject = reject_of(rejects, missing)
    assert reject["record"] == "" and reject["reason"] == "no such file or folder"


def test_all_at_once_through_the_installed_command(tmp_path):
    """The whole mix in one run of the `reprise` executable: exit 0, no traceback, a re-run adds nothing."""
    if not REPRISE.exists():
        pytest.skip("no .venv/bin/reprise")
    inp = batch(tmp_path)
    (inp / "bad").mkdir()
    (inp / "bad" / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (inp / "bad" / "empty.txt").write_bytes(b"")
    (inp / "bad" / "cp1252.txt").write_bytes("Élection\n\nLe député a déclaré que l'été serait décisif.".encode("cp1252"))
    (inp / "bad" / "mixed.jsonl").write_bytes(b'{"text": "' + ARTICLE.encode().replace(b"\n", b"\\n") + b'"}\n{oops\n\xff\n')
    db = tmp_path / "t.db"
    env = {**os.environ, "REPRISE_DEBUG": ""}
    args = [str(REPRISE), "run", str(inp), str(tmp_path / "missing"), "--db", str(db)]
    first = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    assert first.stdout.strip().endswith(f"5 rejected (reprise export rejects --db {db})")
    again = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0
    assert " 0 new · " in again.stdout
    assert len(export("articles", db)) == 7
    assert len(export("rejects", db)) == 5
