"""The desk in a real headless Chromium (Debian's `chromium`, driven by Playwright): from the story list to
a story, to an article, a click on a highlighted passage lands on the same passage of the source article.

Set REPRISE_SCREENSHOTS=docs/screenshots to keep a screenshot of each page there (for the README).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
from conftest import REPRISE  # noqa: E402
from webstore import WIKINEWS, build_store, desk_records  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (Debian: apt-get install chromium; "
                                                          "`make test` installs it where it can)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not WIKINEWS.exists():
        pytest.skip(f"real data absent: {WIKINEWS}")
    db = build_store(tmp_path_factory.mktemp("browser") / "desk.db", desk_records(300))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([str(REPRISE), "serve", "--db", str(db), "--port", str(port), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/stories", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    try:
        yield context.new_page()
    finally:
        context.close()


def snapshot(page, name: str, full_page: bool = False) -> None:
    folder = os.environ.get("REPRISE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def test_story_list_to_story_to_article_to_the_source_passage(server, page):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server + "/")
    snapshot(page, "stories")
    page.select_option("select[name=outlet]", "Le Relais")
    page.click("button[type=submit]")
    page.click("a.story-link >> nth=0")
    assert "/stories/" in page.url
    page.wait_for_selector("svg.arcs")
    snapshot(page, "story", full_page=True)
    page.click(".timeline a.article-link:has-text('(Le Relais)')")
    relay_url = page.url
    assert "/articles/" in relay_url
    passage = page.locator("a.reused[title^='taken from Wikinews (fr)']").first
    passage.wait_for()
    snapshot(page, "article")
    chosen = passage.get_attribute("href")
    passage.click()
    page.wait_for_url("**" + chosen)
    source_id, anchor = chosen.split("/articles/")[1].split("#")
    assert page.url.endswith(chosen) and source_id not in relay_url
    current = page.locator("a.reused.current")
    assert current.count() >= 1
    landed = " ".join(current.all_inner_texts())
    assert page.locator(f"[id='{anchor}']").count() == 1
    assert page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top") < 860
    # the marked text is the source's side of the very passage the relay's highlight stood for
    n = int(anchor.rsplit("-", 1)[1])
    record = next(r for r in page.request.get(f"{server}/api/articles/{source_id}/reuse").json()["items"]
                  if r["partner"]["id"] == relay_url.rsplit("/", 1)[1])
    p = record["passages"][n]
    text = page.request.get(f"{server}/api/articles/{source_id}").json()["text"]
    assert " ".join(landed.split()) == " ".join(text[p["source_begin"]:p["source_end"]].split())
    snapshot(page, "source-passage")
    assert not errors


def test_cuts_toggle_in_place_and_pair_view(server, page):
    relayed = urllib.request.urlopen(f"{server}/api/articles?outlet=Le%20Relais").read().decode()
    article_id = relayed.split('"id":"')[1].split('"')[0]
    page.goto(f"{server}/articles/{article_id}")
    assert not page.locator("del.cut").first.is_visible()
    page.click("label[for=show-cuts]")
    cut = page.locator("del.cut").first
    assert cut.is_visible() and "Lire aussi" in cut.inner_text() and cut.get_attribute("title") == "cut by rule read-also"
    assert not page.locator("#text").is_visible()
    page.click("label[for=show-cuts]")
    page.click("a.pair-link >> nth=0")
    assert "/pair/" in page.url
    snapshot(page, "pair")
    copied = page.locator("a.passage[id^='t-']").first
    number = copied.get_attribute("id")[2:]
    copied.click()
    assert page.url.endswith(f"#s-{number}") and page.locator(f"#s-{number}").is_visible()
    page.goto(f"{server}/outlets")
    assert page.locator("table.outlets").inner_text().count("Le Relais") == 1
    snapshot(page, "outlets")


def test_hostile_article_runs_nothing_in_a_real_browser(server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/search?q=pi%C3%A9g%C3%A9es")
    page.click("a.article-link >> nth=0")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert "onerror=alert(2)" in page.locator("#text").inner_text()
    assert page.locator("a.original").count() == 0  # its javascript: URL is shown as text only
    page.hover("text=onmouseover")
    page.goto(f"{server}/outlets")
    page.hover("text=onmouseover")
    assert dialogs == []
