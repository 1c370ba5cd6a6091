"""Feed URLs: the feed and each entry's page fetched from a local server (127.0.0.1 only).

An unreachable feed or page is a reject (or the entry's summary as fallback), never a crash.
"""

from __future__ import annotations

import socket
from datetime import datetime, timezone

import pytest
from conftest import PARAGRAPHS, export, html_page, run_ok

from reprise.ingest import limits, read_input
from reprise.ingest.fetch import USER_AGENT, FetchError, fetch
from reprise.model import RawItem, Reject

UTC = timezone.utc


@pytest.fixture(autouse=True)
def short_timeout(monkeypatch):
    monkeypatch.setattr(limits, "FETCH_TIMEOUT", 0.5)


def rss(base: str, entries: list[dict], title: str = "Le Petit Journal") -> str:
    items = []
    for e in entries:
        parts = [f"<title>{e['title']}</title>"]
        if e.get("path"):
            parts.append(f"<link>{base}{e['path']}</link>")
        if e.get("date"):
            parts.append(f"<pubDate>{e['date']}</pubDate>")
        if e.get("summary"):
            parts.append(f"<description>{e['summary']}</description>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{base}/</link><description>x</description>{''.join(items)}</channel></rss>")


SUMMARY = "Le maire a défendu une hausse des investissements dans les écoles et les transports publics de la ville."


def serve_feed(server, entries, path="/feed.xml", title="Le Petit Journal") -> str:
    server.add(path, rss(server.base, entries, title), ctype="application/rss+xml")
    return server.url(path)


def test_feed_url_pages_fetched_and_extracted(http_server):
    http_server.add("/budget", html_page("Budget voté à Lyon (page)", PARAGRAPHS, site="Autre Nom"))
    http_server.add("/vote", html_page("Le vote final", PARAGRAPHS[::-1]))
    url = serve_feed(http_server, [
        {"title": "Budget voté à Lyon", "path": "/budget", "date": "Tue, 05 Mar 2019 08:15:00 +0100", "summary": SUMMARY},
        {"title": "Le vote final", "path": "/vote", "summary": SUMMARY},
    ])
    budget, vote = read_input(url)
    assert isinstance(budget, RawItem) and isinstance(vote, RawItem)
    assert budget.url == http_server.url("/budget")
    assert budget.title == "Budget voté à Lyon"  # the entry's title
    assert budget.outlet == vote.outlet == "Le Petit Journal"  # the feed's title, whatever the page says
    assert budget.published == datetime(2019, 3, 5, 7, 15, tzinfo=UTC)
    for paragraph in PARAGRAPHS:
        assert paragraph in budget.text  # the page, not the summary
    assert budget.source.input == url and budget.source.record.startswith("entry 1")
    assert "text_from" not in budget.extra
    # every request says who is asking
    assert len(http_server.agents) == 3
    assert all(agent == USER_AGENT and agent.startswith("reprise/") for agent in http_server.agents)


def test_page_404_falls_back_to_summary(http_server):
    url = serve_feed(http_server, [{"title": "Disparu", "path": "/gone", "summary": SUMMARY}])
    [item] = read_input(url)
    assert isinstance(item, RawItem)
    assert item.text == SUMMARY
    assert item.extra["text_from"] == "feed entry"
    assert item.url == http_server.url("/gone")


def test_page_that_never_answers_falls_back_to_summary(http_server):
    http_server.add("/slow", b"", status=None)
    url = serve_feed(http_server, [{"title": "Lent", "path": "/slow", "summary": SUMMARY}])
    [item] = read_input(url)
    assert isinstance(item, RawItem) and item.text == SUMMARY


def test_unreachable_page_without_summary_is_a_reject(http_server):
    http_server.add("/slow", b"", status=None)
    url = serve_feed(http_server, [{"title": "Disparu", "path": "/gone"}, {"title": "Lent", "path": "/slow"}])
    gone, slow = read_input(url)
    assert isinstance(gone, Reject) and "404" in gone.reason and gone.input == url
    assert gone.record == f"entry 1 {http_server.url('/gone')}"
    assert isinstance(slow, Reject) and "0.5 s" in slow.reason


def test_fetch_size_limit(http_server, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FETCH_BYTES", 1000)
    http_server.add("/big", "x" * 5000)
    with pytest.raises(FetchError, match="over the"):
        fetch(http_server.url("/big"))


def test_fetch_errors_are_one_line(http_server):
    http_server.add("/slow", b"", status=None)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(http_server.url("/missing"))
    with pytest.raises(FetchError, match="no answer within 0.5 s"):
        fetch(http_server.url("/slow"))
    http_server.add("/drip", b"", status="drip")
    with pytest.raises(FetchError, match="still coming after 1.5 s"):
        fetch(http_server.url("/drip"))
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd")
    http_server.add("/ok", "bonjour", ctype="text/plain")
    body, headers = fetch(http_server.url("/ok"))
    assert body == b"bonjour" and headers["Content-Type"] == "text/plain"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_feed_errors_through_run(http_server, tmp_path):
    """404 feed, feed that never answers, nobody listening, not a feed: four rejects, the good feed stored, exit 0."""
    http_server.add("/hang.xml", b"", status=None)
    http_server.add("/page.html", html_page("Pas un flux", PARAGRAPHS))
    http_server.add("/budget", html_page("Budget voté à Lyon", PARAGRAPHS))
    good = serve_feed(http_server, [{"title": "Budget voté à Lyon", "path": "/budget", "summary": SUMMARY},
                                    {"title": "Disparu", "path": "/gone"}])
    bad = [http_server.url("/missing.xml"), http_server.url("/hang.xml"), f"http://127.0.0.1:{closed_port()}/feed.xml",
           http_server.url("/page.html")]
    db = tmp_path / "t.db"
    result = run_ok(*bad, good, "--db", db)
    assert result.out.strip() == f"1 read · 1 new · 0 already stored · 5 rejected (reprise export rejects --db {db})"
    rejects = {r["input"]: r for r in export("rejects", db)}
    assert set(rejects) == set(bad) | {good}
    assert "HTTP 404" in rejects[bad[0]]["reason"]
    assert "no answer within" in rejects[bad[1]]["reason"]
    assert "unreachable" in rejects[bad[2]]["reason"]
    assert rejects[good]["record"].startswith("entry 2")
    [article] = export("articles", db)
    assert article["outlet"] == "Le Petit Journal" and article["url"] == http_server.url("/budget")
    assert PARAGRAPHS[0] in article["text"]
    # fetched again, the same entry is already stored
    again = run_ok(good, "--db", db)
    assert again.out.startswith("1 read · 0 new · 1 already stored")
