"""The REST API over a store of real French Wikinews articles (FastAPI's test client)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from webstore import WIKINEWS, build_store, desk_records  # noqa: E402

from reprise.store import Store  # noqa: E402
from reprise.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    if not WIKINEWS.exists():
        pytest.skip(f"real data absent: {WIKINEWS}")
    db = build_store(tmp_path_factory.mktemp("desk") / "desk.db", desk_records())
    store = Store.open(db)
    try:
        live = store.conn.execute("SELECT id FROM stories ORDER BY article_count DESC, id LIMIT 1").fetchone()[0]
        with store.transaction() as conn:  # a story merged into another one: its id stays, as a redirect
            conn.execute("INSERT INTO stories (id, first_article, label, activity, article_count, outlets, entities,"
                         " summary, merged_into) VALUES ('story-old', 'x', 'old', 0, 0, '[]', '[]', '[]', ?)", (live,))
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def client(desk):
    with TestClient(create_app(desk)) as c:
        yield c


def test_articles_are_paged_newest_first(client):
    first = client.get("/api/articles", params={"limit": 7}).json()
    assert len(first["items"]) == 7 and first["total"] == 124 and first["next_offset"] == 7
    second = client.get("/api/articles", params={"limit": 7, "offset": 7}).json()
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    dates = [a["published"] for a in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)
    last = client.get("/api/articles", params={"limit": 50, "offset": 100}).json()
    assert len(last["items"]) == 24 and last["next_offset"] is None


def test_article_filters(client):
    relayed = client.get("/api/articles", params={"outlet": "Le Relais"}).json()
    assert relayed["total"] == 3 and {a["outlet"] for a in relayed["items"]} == {"Le Relais"}
    january = client.get("/api/articles", params={"since": "2016-01-01", "until": "2016-01-05", "limit": 200}).json()
    assert january["items"] and all("2016-01-01" <= a["published"][:10] <= "2016-01-05" for a in january["items"])


@pytest.mark.parametrize("query", ["limit=0", "limit=1000", "offset=-1", "limit=abc", "since=yesterday"])
def test_bad_paging_is_a_422_with_a_reason(client, query):
    answer = client.get(f"/api/articles?{query}")
    assert answer.status_code == 422
    assert answer.json()["detail"] and "Traceback" not in answer.text


def test_one_article_with_its_cuts_and_duplicate_group(client):
    listed = client.get("/api/articles", params={"outlet": "Le Relais"}).json()["items"]
    copies = [a for a in listed if a["duplicate_of"]]
    assert len(copies) == 1  # the relayed article that is nearly whole is a near copy of its original
    article = client.get(f"/api/articles/{copies[0]['id']}").json()
    assert article["text"] and article["raw_text"] and isinstance(article["removed"], list)
    group = article["duplicate_group"]
    assert group["canonical_id"] == copies[0]["duplicate_of"] and len(group["members"]) == 2
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/articles/nope").json() == {"detail": "no article nope"}


def test_reuse_offsets_point_at_the_same_words(client):
    relayed = client.get("/api/articles", params={"outlet": "Le Relais"}).json()["items"]
    partial = next(a for a in relayed if not a["duplicate_of"])
    reuse = client.get(f"/api/articles/{partial['id']}/reuse").json()
    assert reuse["total"] >= 1
    record = next(r for r in reuse["items"] if r["partner"]["outlet"] == "Wikinews (fr)")
    assert record["role"] == "target" and record["direction"] == "source_first"
    source = client.get(f"/api/articles/{record['source_id']}").json()["text"]
    target = client.get(f"/api/articles/{partial['id']}").json()["text"]
    for p in record["passages"]:
        assert source[p["source_begin"]:p["source_end"]].split()[:5] == target[p["target_begin"]:p["target_end"]].split()[:5]
    assert client.get("/api/articles/nope/reuse").status_code == 404


def test_search(client):
    found = client.get("/api/search", params={"q": "Valence"}).json()
    assert found["articles"]["total"] >= 1
    for a in found["articles"]["items"]:
        assert "valence" in (a["title"] + a["snippet"]).lower()
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", params={"q": "zzzqqqxxx"}).json()["articles"]["total"] == 0


def test_stories_list_story_and_merged_redirect(client):
    stories = client.get("/api/stories", params={"limit": 20}).json()["items"]
    seen = [s["last_seen"] for s in stories]
    assert len(stories) == 20 and seen == sorted(seen, reverse=True)
    relayed = client.get("/api/stories", params={"outlet": "Le Relais"}).json()["items"]
    assert len(relayed) == 3  # each relay, published the day after, joins the story of the article it relays
    assert all(s["article_count"] >= 2 and "Le Relais" in [o["outlet"] for o in s["outlets"]] for s in relayed)
    story = client.get(f"/api/stories/{relayed[0]['id']}").json()
    assert story["timeline"][0]["first"] is True and story["timeline"][0]["outlet"] == "Wikinews (fr)"
    moved = client.get("/api/stories/story-old", follow_redirects=False)
    assert moved.status_code == 308
    live = client.get(moved.headers["location"]).json()
    assert live["timeline"] and not live.get("merged_into")
    assert client.get("/api/stories/none-such").status_code == 404


def test_empty_store_answers_everywhere(tmp_path):
    db = tmp_path / "empty.db"
    Store.open(db).close()
    with TestClient(create_app(db)) as c:
        assert c.get("/api/stories").json()["items"] == []
        assert c.get("/api/articles").json()["total"] == 0
        for page in ("/", "/articles", "/outlets", "/search?q=x"):
            answer = c.get(page)
            assert answer.status_code == 200, page
        assert "No story yet" in c.get("/").text


def test_openapi_docs_use_bundled_assets(client):
    docs = client.get("/docs").text
    assert "cdn." not in docs and "/static/docs/swagger-ui-bundle.js" in docs
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/articles/{article_id}",
            "/api/articles/{article_id}/reuse", "/api/search"} <= set(paths)
    assert "post" in paths["/api/articles"]


def test_readers_never_wait_for_a_writer_nor_see_its_batch(desk, client):
    before = client.get("/api/articles", params={"limit": 1}).json()["total"]
    writer = Store.open(desk)
    try:
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute(
            "INSERT INTO articles (id, outlet, url, title, language, text, raw_text, credits, source, content_hash, extra,"
            " ingested_at) VALUES ('half', 'X', '', 'half written', 'fr', 't', 't', '[]', '{}', 'h', '{}', 'now')")
        answer = client.get("/api/articles", params={"limit": 1})
        assert answer.status_code == 200 and answer.json()["total"] == before
        assert client.get("/api/articles/half").status_code == 404
        writer.conn.execute("ROLLBACK")
    finally:
        writer.close()


def test_api_json_is_utf8(client):
    item = client.get("/api/articles", params={"q": "Drôme"}).json()["items"][0]
    assert "Drôme" in json.dumps(item, ensure_ascii=False)
