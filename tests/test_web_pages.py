"""The pages over a store of real French Wikinews articles, one outlet relaying some of them, and one
hostile article: every page answers, links lead where they say, nothing from an article runs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from webstore import HOSTILE_TITLE, WIKINEWS, build_store, desk_records  # noqa: E402

from reprise.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    if not WIKINEWS.exists():
        pytest.skip(f"real data absent: {WIKINEWS}")
    db = build_store(tmp_path_factory.mktemp("pages") / "desk.db", desk_records())
    with TestClient(create_app(db)) as c:
        yield c


class Live(HTMLParser):
    """Markup a browser would run or follow into script: script elements other than our own bundled one,
    any on* handler attribute, any javascript:/data: URL in a link or source attribute."""

    def __init__(self, body: str):
        super().__init__()
        self.found: list[str] = []
        self.feed(body)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src") != "/static/app.js":
            self.found.append(f"<script {attrs}>")
        for name, value in attrs.items():
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value.startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}={value}")


def crawl(client, start="/", limit=400) -> dict[str, str]:
    """Every page reachable from `start` (query strings kept), at most `limit`: path -> HTML."""
    seen, queue, pages = set(), [start], {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        answer = client.get(path)
        if "html" not in answer.headers.get("content-type", ""):
            continue
        assert answer.status_code == 200, path
        pages[path] = answer.text
        for link in re.findall(r'href="([^"#]+)', answer.text):
            target = urljoin("http://testserver" + path, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc == "testserver" and not parts.path.startswith(("/static/", "/docs")):  # docs: no article data
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def test_no_page_carries_live_hostile_markup(client):
    pages = crawl(client)
    assert len(pages) > 100
    live = {path: Live(body).found for path, body in pages.items() if Live(body).found}
    assert not live
    evil = client.get("/api/articles", params={"q": "piégées"}).json()["items"][0]
    page = client.get(f"/articles/{evil['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Élections piégées" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="javascript:' not in page and "javascript:alert(3)" in page  # the URL shown as text, not as a link
    assert "&lt;b onmouseover=alert(6)&gt;Evil&lt;/b&gt;" in page
    assert any(HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;") in body for path, body in pages.items()
               if path.startswith("/articles?") or path == "/articles")


def test_pages_send_a_content_security_policy(client):
    answer = client.get("/articles")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_story_list_and_story_page(client):
    home = client.get("/").text
    assert re.findall(r'href="/stories/([^"]+)"', home) and '<svg class="spark"' in home
    relayed = client.get("/", params={"outlet": "Le Relais"}).text
    story_id = re.findall(r'href="/stories/([^"]+)"', relayed)[0]
    story = client.get(f"/stories/{story_id}").text
    assert "Timeline" in story and 'class="arcs"' in story and "Le Relais" in story
    assert len(re.findall(r'class="article-link" href="/articles/[0-9a-f]{16}"', story)) >= 2


def test_article_highlights_link_to_the_same_passage_in_the_other_article(client):
    relayed = client.get("/api/articles", params={"outlet": "Le Relais"}).json()["items"]
    partial = next(a for a in relayed if not a["duplicate_of"])
    page = client.get(f"/articles/{partial['id']}").text
    links = re.findall(r'<a class="reused" href="/articles/([0-9a-f]+)#(r-[0-9a-f]+-\d+)"', page)
    assert links
    for other, anchor in set(links):
        assert f'id="{anchor}"' in client.get(f"/articles/{other}").text
    assert 'id="show-cuts"' in page and 'class="text raw"' in page


def test_removed_text_is_shown_in_place(client):
    cut = next(a for a in client.get("/api/articles", params={"limit": 200}).json()["items"]
               if client.get(f"/api/articles/{a['id']}").json()["removed"])
    article = client.get(f"/api/articles/{cut['id']}").json()
    page = client.get(f"/articles/{cut['id']}").text
    first = article["removed"][0]
    assert re.search(r'<del class="cut" title="cut by rule ' + re.escape(first["rule"]), page)


def test_pair_view_links_passages_both_ways(client):
    relayed = client.get("/api/articles", params={"outlet": "Le Relais"}).json()["items"]
    partial = next(a for a in relayed if not a["duplicate_of"])
    record = client.get(f"/api/articles/{partial['id']}/reuse").json()["items"][0]
    page = client.get(f"/pair/{record['source_id']}/{record['target_id']}").text
    assert 'id="s-0" href="#t-0"' in page and 'id="t-0" href="#s-0"' in page
    assert "<ins>" in page  # the relay's own words inside a passage are marked


def test_outlets_page_measures_copy(client):
    page = client.get("/outlets").text
    row = re.search(r'outlet=Le%20Relais">Le Relais</a></td>(.*?)</tr>', page, re.S).group(1)
    copied = [int(x) for x in re.findall(r">(\d+)%<", row)]
    assert copied[1] >= 50  # most of the relay's text is copy


@pytest.mark.parametrize("path, status", [
    ("/articles?page=abc&since=yesterday", 200), ("/?until=2016-99-01", 200), ("/articles/%3Cscript%3E", 404),
    ("/pair/nope/nope2", 404), ("/stories/none", 404), ("/search?q=", 200)])
def test_bad_addresses_answer_a_page_not_a_traceback(client, path, status):
    answer = client.get(path)
    assert answer.status_code == status and "Traceback" not in answer.text and "<script>" not in answer.text
