"""Readers: .txt, .jsonl[.gz], .html, .warc[.gz] and RSS/Atom files, each to RawItems (or Rejects)."""

from __future__ import annotations

import gzip
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import ARTICLE, PARAGRAPHS, export, html_page, run_ok
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from reprise.ingest import Skipped, expand, kind_of, read_input
from reprise.model import RawItem, Reject

UTC = timezone.utc


def read(path: Path, outlet: str | None = None) -> list:
    return list(read_input(path.resolve(), outlet))


def items(path: Path, outlet: str | None = None) -> list[RawItem]:
    found = read(path, outlet)
    assert all(isinstance(i, RawItem) for i in found), found
    return found


# -- dispatch ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, kind", [
    ("a.txt", "txt"), ("a.TXT", "txt"), ("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"), ("a.ndjson", "jsonl"),
    ("a.html", "html"), ("a.htm", "html"), ("a.warc", "warc"), ("a.warc.gz", "warc"), ("a.rss", "feed"),
    ("a.atom", "feed"), ("a.xml", "feed"), ("a.pdf", None), ("README", None), ("a.gz", None),
])
def test_kind_of(name, kind):
    assert kind_of(Path(name)) == kind


def test_expand_walks_folders_sorted_and_skips_hidden_and_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.txt", "b/1.txt", "a/z.jsonl", ".hidden/x.txt", "a/.x.txt", "a/notes.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = list(expand([str(tmp_path), str(tmp_path / "missing.txt")]))
    paths = [f for f in found if isinstance(f, Path)]
    assert paths == [(tmp_path / n).resolve() for n in ("a/z.jsonl", "b/1.txt", "b/2.txt")]
    assert [s.path for s in found if isinstance(s, Skipped)] == [str(tmp_path / "a/notes.pdf")]
    rejects = [r for r in found if isinstance(r, Reject)]
    assert len(rejects) == 1 and rejects[0].reason == "no such file or folder"


# -- .txt --------------------------------------------------------------------------------------


def test_txt_headline_becomes_title_and_folder_the_outlet(tmp_path):
    folder = tmp_path / "le-temps"
    folder.mkdir()
    path = folder / "budget.txt"
    path.write_text("Budget voté à Lyon\n\n" + ARTICLE + "\n", encoding="utf-8")
    [item] = items(path)
    assert item.title == "Budget voté à Lyon"
    assert item.text.strip() == ARTICLE
    assert item.outlet == "le-temps"
    assert item.published is None
    assert item.url == ""
    assert item.source.input == str(path.resolve())


def test_txt_outlet_option_wins_over_folder(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_text("Budget voté à Lyon\n" + ARTICLE, encoding="utf-8")
    [item] = items(path, outlet="La Tribune")
    assert item.outlet == "La Tribune"


@pytest.mark.parametrize("first", [
    "Le conseil municipal a voté le budget.",  # a sentence, not a headline
    "x" * 200,  # too long for a headline
    "2019",  # no letters
])
def test_txt_first_line_that_is_not_a_headline_stays_in_the_text(tmp_path, first):
    path = tmp_path / "a.txt"
    path.write_text(first + "\n" + ARTICLE, encoding="utf-8")
    [item] = items(path)
    assert item.title == ""
    assert item.text.startswith(first)


def test_txt_single_line_has_no_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Une seule ligne sans point final", encoding="utf-8")
    [item] = items(path)
    assert item.title == "" and item.text == "Une seule ligne sans point final"


@pytest.mark.parametrize("encoding, text", [
    ("utf-8", "Élection à Genève\n« L'été sera décisif », a déclaré le député — selon l'agence."),
    ("utf-8-sig", "Élection à Genève\n« L'été sera décisif », a déclaré le député — selon l'agence."),
    ("cp1252", "Élection à Genève\n« L'été sera décisif », a déclaré le député — selon l'agence…"),
    ("utf-16", "Élection à Genève\n« L'été sera décisif », a déclaré le député — selon l'agence."),
])
def test_txt_encodings(tmp_path, encoding, text):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    [item] = items(path)
    assert item.title == "Élection à Genève"
    assert item.text.strip() == text.split("\n", 1)[1]


def test_txt_latin1_when_not_cp1252(tmp_path):
    # 0x81 and 0x8d are undefined in cp1252: only latin-1 decodes this
    path = tmp_path / "a.txt"
    path.write_bytes("Titre\nCafé crème servi à l'été".encode("latin-1") + b" \x81\x8d fin")
    [item] = items(path)
    assert "Café crème servi à l'été" in item.text


@pytest.mark.parametrize("name", ["a.txt.gz", "a.html.gz"])
def test_gzipped_txt_and_html(tmp_path, name):
    content = "Budget voté à Lyon\n\n" + ARTICLE if name.startswith("a.txt") else html_page("Budget voté à Lyon", PARAGRAPHS)
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    [item] = items(path)
    assert item.title == "Budget voté à Lyon"


# -- .jsonl ------------------------------------------------------------------------------------


def write_jsonl(path: Path, records: list, gz: bool = False) -> Path:
    data = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.mark.parametrize("text_field", ["text", "body", "content", "maintext"])
@pytest.mark.parametrize("title_field", ["title", "headline"])
def test_jsonl_text_and_title_aliases(tmp_path, text_field, title_field):
    path = write_jsonl(tmp_path / "a.jsonl", [{text_field: ARTICLE, title_field: "Budget voté"}])
    [item] = items(path)
    assert item.text == ARTICLE
    assert item.title == "Budget voté"


@pytest.mark.parametrize("date_field", ["published", "date", "pubdate", "published_at", "datetime"])
@pytest.mark.parametrize("value", ["2016-01-01T14:30:00Z", "Fri, 01 Jan 2016 14:30:00 GMT", 1451658600, "1451658600"])
def test_jsonl_date_aliases_and_forms(tmp_path, date_field, value):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE, date_field: value}])
    [item] = items(path)
    assert item.published == datetime(2016, 1, 1, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize("outlet_field", ["outlet", "source", "site", "series", "publisher"])
def test_jsonl_outlet_aliases(tmp_path, outlet_field):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE, outlet_field: "Le Temps"}])
    [item] = items(path, outlet="ignored")
    assert item.outlet == "Le Temps"


def test_jsonl_outlet_as_an_object(tmp_path):
    records = [{"text": ARTICLE, "source": {"id": "bbc-news", "name": "BBC News"}, "title": {"x": 1}},
               {"text": ARTICLE, "source": {"id": None}, "id": 2}]
    first, second = items(write_jsonl(tmp_path / "newsapi.jsonl", records))
    assert first.outlet == "BBC News"
    assert first.title == ""
    assert second.outlet == "newsapi" and second.extra["source"] == {"id": None}


def test_jsonl_fields_url_id_language_and_extra(tmp_path):
    record = {"id": "a-1", "text": ARTICLE, "title": "Budget", "url": "https://example.org/budget", "language": "fr",
              "outlet": "Le Temps", "source": "a citation", "events": ["budget"], "license": "CC BY"}
    path = write_jsonl(tmp_path / "a.jsonl", [record])
    [item] = items(path)
    assert item.url == "https://example.org/budget"
    assert item.language == "fr"
    assert item.outlet == "Le Temps"
    assert item.key == "url:https://example.org/budget"
    assert item.source.record == "line 1"
    # everything the reader does not map is kept
    assert item.extra["events"] == ["budget"]
    assert item.extra["license"] == "CC BY"
    assert item.extra["source"] == "a citation"  # an alias not used as the outlet is not lost
    assert item.extra["input_id"] == "a-1"


def test_jsonl_outlet_defaults(tmp_path):
    path = write_jsonl(tmp_path / "wires.jsonl", [{"text": ARTICLE}, {"text": ARTICLE, "url": "https://www.example.org/x"}])
    first, second = items(path)
    assert first.outlet == "wires"  # the file's name
    assert second.outlet == "example.org"  # the URL's host
    first, second = items(path, outlet="La Tribune")
    assert first.outlet == "La Tribune"
    assert first.published is None


def test_jsonl_keys_distinguish_records_without_url(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE, "id": 1}, {"text": ARTICLE, "id": 2}, {"text": ARTICLE}])
    keys = [i.key for i in items(path)]
    assert len(set(keys)) == 3


def test_jsonl_with_bom_crlf_and_blank_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"text": ARTICLE, "id": n}, ensure_ascii=False) for n in range(3)]
    path.write_bytes(b"\xef\xbb\xbf" + (lines[0] + "\r\n\r\n" + lines[1] + "\r\n   \r\n" + lines[2]).encode("utf-8"))
    found = items(path)
    assert [i.source.record for i in found] == ["line 1", "line 3", "line 5"]
    assert all(i.text == ARTICLE for i in found)


def test_jsonl_gz_is_read_like_jsonl(tmp_path):
    records = [{"text": f"{ARTICLE} ({n})", "id": n} for n in range(5)]
    plain = items(write_jsonl(tmp_path / "a.jsonl", records))
    zipped = items(write_jsonl(tmp_path / "b.jsonl.gz", records, gz=True))
    assert [i.text for i in zipped] == [i.text for i in plain]
    assert zipped[0].outlet == "b"


def test_jsonl_is_streamed(tmp_path):
    """Records come out one by one as the file is read: the ones before a broken tail are not lost."""
    path = write_jsonl(tmp_path / "a.jsonl.gz", [{"text": ARTICLE, "id": n} for n in range(2000)], gz=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 4])
    stream = read_input(path.resolve())
    first = next(stream)
    assert isinstance(first, RawItem) and first.source.record == "line 1"
    rest = list(stream)
    assert isinstance(rest[-1], Reject) and "truncated" in rest[-1].reason
    assert len(rest) > 100


# -- .html -------------------------------------------------------------------------------------


def test_html_through_trafilatura(tmp_path):
    folder = tmp_path / "petit-journal"
    folder.mkdir()
    path = folder / "budget.html"
    path.write_text(html_page("Budget voté à Lyon", PARAGRAPHS, site="Le Petit Journal",
                              published="2019-03-05T08:15:00+01:00"), encoding="utf-8")
    [item] = items(path)
    assert item.title == "Budget voté à Lyon"
    for paragraph in PARAGRAPHS:
        assert paragraph in item.text
    assert "Accueil" not in item.text and "droits réservés" not in item.text
    assert item.outlet == "Le Petit Journal"
    assert item.published is not None and item.published.date().isoformat() == "2019-03-05"


def test_html_without_site_name_takes_the_folder(tmp_path):
    folder = tmp_path / "petit-journal"
    folder.mkdir()
    path = folder / "budget.html"
    path.write_text(html_page("Budget voté à Lyon", PARAGRAPHS), encoding="utf-8")
    [item] = items(path)
    assert item.outlet == "petit-journal"
    assert item.published is None


def test_html_without_article_text_is_a_reject(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><head><title>Menu</title></head><body><div></div></body></html>", encoding="utf-8")
    [reject] = read(path)
    assert isinstance(reject, Reject) and reject.reason


def test_real_html_pages(html_pages):
    found = [x for p in html_pages[:8] for x in read_input(p)]
    assert len(found) == 8
    stored = [x for x in found if isinstance(x, RawItem)]
    assert len(stored) >= 4
    for item in stored:
        assert len(item.text) > 200 and item.outlet


# -- .warc -------------------------------------------------------------------------------------


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, extra_records: bool = True,
               warc_date: str = "2011-06-01T12:00:00Z") -> Path:
    """A WARC of HTML responses (url, body), with a request, an image, a 404 and a metadata record around them."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))

        def response(url, body, status="200 OK", ctype="text/html; charset=utf-8"):
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": warc_date})
            writer.write_record(record)

        if extra_records:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record("http://example.org/", "request", payload=io.BytesIO(b""),
                                                          http_headers=req))
            response("http://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ctype="image/png")
            response("http://example.org/gone", html_page("Gone", PARAGRAPHS).encode(), status="404 Not Found")
        for url, body in pages:
            response(url, body)
        if extra_records:
            writer.write_record(writer.create_warc_record("http://example.org/meta", "metadata",
                                                          payload=io.BytesIO(b"via: test"),
                                                          warc_content_type="text/plain"))
    return path


@pytest.mark.parametrize("name", ["pages.warc", "pages.warc.gz"])
def test_warc_html_responses_only(tmp_path, name):
    pages = [
        ("http://example.org/news/budget", html_page("Budget voté à Lyon", PARAGRAPHS).encode()),
        ("http://example.org/news/vote", html_page("Le vote final", PARAGRAPHS[::-1], site="Le Petit Journal").encode()),
    ]
    path = write_warc(tmp_path / name, pages)
    found = items(path)
    assert [i.url for i in found] == ["http://example.org/news/budget", "http://example.org/news/vote"]
    assert [i.title for i in found] == ["Budget voté à Lyon", "Le vote final"]
    for item in found:
        assert item.published is None  # WARC-Date is when it was crawled, never the publication date
        assert item.extra["crawled"].startswith("2011-06-01")
        assert item.source.record.startswith("offset ")
        assert item.key == f"url:{item.url}"
    assert found[0].outlet == "example.org"
    assert found[1].outlet == "Le Petit Journal"
    offsets = [int(i.source.record.split()[1]) for i in found]
    assert offsets == sorted(set(offsets)) and offsets[0] > 0


@pytest.mark.parametrize("data, why", [
    (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort", "names no WARC-Target-URI"),
    (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/\r\nContent-Length: 9999\r\n\r\n"
     b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>cut", "truncated"),
])
def test_a_broken_warc_is_one_reject_with_its_reason(tmp_path, data, why):
    path = tmp_path / "broken.warc"
    path.write_bytes(data)
    [reject] = read(path)
    assert isinstance(reject, Reject) and why in reject.reason and "internal error" not in reject.reason


def test_warc_offsets_point_at_the_records(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    pages = [(f"http://example.org/n{n}", html_page(f"Titre {n}", PARAGRAPHS).encode()) for n in range(3)]
    path = write_warc(tmp_path / "p.warc.gz", pages)
    data = path.read_bytes()
    for item in items(path):
        offset = int(item.source.record.split()[1])
        record = next(iter(ArchiveIterator(io.BytesIO(data[offset:]))))
        assert record.rec_headers.get_header("WARC-Target-URI") == item.url


def test_warc_of_real_pages(tmp_path, html_pages):
    chosen = html_pages[:6]
    pages = [(f"https://news.example.org/{p.parent.name}/{p.stem}", p.read_bytes()) for p in chosen]
    path = write_warc(tmp_path / "real.warc.gz", pages, extra_records=False)
    found = read(path)
    html_items = [x for p in chosen for x in read_input(p)]
    # the same pages as files and inside the WARC give the same texts
    assert [type(x) for x in found] == [type(x) for x in html_items]
    assert [x.text for x in found if isinstance(x, RawItem)] == [x.text for x in html_items if isinstance(x, RawItem)]
    assert sum(isinstance(x, RawItem) for x in found) >= 3
    assert all(x.url.startswith("https://news.example.org/") for x in found if isinstance(x, RawItem))


# -- RSS / Atom files --------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Le Petit Journal</title><link>https://example.org/</link><description>Actualités</description>
<item><title>Budget voté à Lyon</title><link>https://example.org/budget</link>
<pubDate>Tue, 05 Mar 2019 08:15:00 +0100</pubDate>
<description>Un résumé court.</description>
<content:encoded><![CDATA[<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>]]></content:encoded></item>
<item><title>Le vote final</title><link>https://example.org/vote</link>
<description><![CDATA[<p>{PARAGRAPHS[2]}</p>]]></description></item>
<item><title>Sans rien</title><link>https://example.org/rien</link></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>La Tribune</title><id>urn:x</id><updated>2019-03-05T10:00:00Z</updated>
<entry><title>Budget voté à Lyon</title><link href="https://tribune.example/budget"/><id>urn:1</id>
<published>2019-03-05T07:15:00Z</published><updated>2019-03-06T07:15:00Z</updated>
<content type="html">&lt;p&gt;{PARAGRAPHS[0]}&lt;/p&gt;&lt;p&gt;{PARAGRAPHS[1]}&lt;/p&gt;</content></entry>
<entry><title>Le vote final</title><link href="https://tribune.example/vote"/><id>urn:2</id>
<updated>2019-03-06T09:00:00Z</updated><summary>{PARAGRAPHS[2]}</summary></entry>
</feed>
"""


def test_rss_file(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    budget, vote, empty = read(path, outlet="ignored")
    assert isinstance(budget, RawItem) and isinstance(vote, RawItem)
    assert budget.title == "Budget voté à Lyon"
    assert budget.url == "https://example.org/budget"
    assert budget.outlet == "Le Petit Journal"
    assert budget.published == datetime(2019, 3, 5, 7, 15, tzinfo=UTC)
    assert PARAGRAPHS[0] in budget.text and PARAGRAPHS[1] in budget.text  # full content over the summary
    assert "<p>" not in budget.text
    assert vote.text.strip() == PARAGRAPHS[2]  # the summary when there is no content
    assert vote.published is None
    assert isinstance(empty, Reject) and empty.record == "entry 3"


def test_atom_file(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    budget, vote = items(path)
    assert budget.outlet == vote.outlet == "La Tribune"
    assert budget.url == "https://tribune.example/budget"
    assert budget.published == datetime(2019, 3, 5, 7, 15, tzinfo=UTC)
    assert vote.published == datetime(2019, 3, 6, 9, 0, tzinfo=UTC)  # updated when there is no published
    assert PARAGRAPHS[1] in budget.text and vote.text == PARAGRAPHS[2]


def test_not_a_feed_is_a_reject(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text("<?xml version='1.0'?><urlset><url><loc>https://x</loc></url></urlset>", encoding="utf-8")
    [reject] = read(path)
    assert isinstance(reject, Reject) and reject.reason


# -- every reader through `reprise run` --------------------------------------------------------


def test_every_kind_in_one_run(tmp_path):
    inp = tmp_path / "in"
    (inp / "wire").mkdir(parents=True)
    (inp / "wire" / "a.txt").write_text("Budget voté à Lyon\n\n" + ARTICLE, encoding="utf-8")
    write_jsonl(inp / "b.jsonl.gz", [{"text": PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[1], "url": "https://example.org/j"}], gz=True)
    (inp / "c.html").write_text(html_page("Le vote final", PARAGRAPHS, site="Le Petit Journal"), encoding="utf-8")
    write_warc(inp / "d.warc.gz", [("http://example.org/w", html_page("Dans la WARC", PARAGRAPHS[::-1]).encode())])
    (inp / "e.rss").write_text(RSS, encoding="utf-8")
    db = tmp_path / "t.db"
    result = run_ok(inp, "--db", db)
    arts = export("articles", db)
    assert len(arts) == 6
    assert result.out.startswith("6 read · 6 new · 0 already stored · 1 rejected")
    by_outlet = {a["outlet"] for a in arts}
    assert {"wire", "example.org", "Le Petit Journal"} <= by_outlet
    for article in arts:
        assert article["language"] == "fr"
        assert article["text"].strip()


# -- files read elsewhere (`ingest.files.Fetched`: the Spark driver's inputs on HDFS, S3, ...) ----------------


def test_fetched_bytes_read_like_the_file_they_came_from(tmp_path):
    """Every kind, handed over as a URI and its bytes, gives the items of the local file, named by the URI."""
    from reprise.ingest.files import Fetched

    inp = tmp_path / "wire"
    inp.mkdir()
    (inp / "a.txt").write_text("Budget voté à Lyon\n\n" + ARTICLE, encoding="utf-8")
    write_jsonl(inp / "b.jsonl.gz", [{"text": PARAGRAPHS[0]}, {"text": PARAGRAPHS[1], "url": "https://example.org/j"}],
                gz=True)
    with gzip.open(inp / "c.html.gz", "wt", encoding="utf-8") as out:
        out.write(html_page("Le vote final", PARAGRAPHS, site="Le Petit Journal"))
    write_warc(inp / "d.warc.gz", [("http://example.org/w", html_page("Dans la WARC", PARAGRAPHS[::-1]).encode())])
    (inp / "e.rss").write_text(RSS, encoding="utf-8")
    (inp / "f.jsonl").write_bytes(b'{"text": "x"}\n{broken\n')
    (inp / "g.jsonl").write_bytes(b"")
    for path in sorted(inp.iterdir()):
        uri = f"hdfs://namenode:8020/archive/wire/{path.name}"
        local = [vars(i) | {"source": vars(i.source)} if isinstance(i, RawItem) else vars(i) for i in read(path)]
        fetched = [vars(i) | {"source": vars(i.source)} if isinstance(i, RawItem) else vars(i)
                   for i in read_input(Fetched(uri, path.read_bytes()))]
        assert local, path
        as_uri = json.loads(json.dumps(local, default=str).replace(str(path.resolve()), uri))
        assert json.loads(json.dumps(fetched, default=str)) == as_uri, path.name
