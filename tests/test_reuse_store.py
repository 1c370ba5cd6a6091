"""Reuse in `reprise run`: found as articles arrive, stored, exported, the same as `reprise align`."""


import numpy as np
import pytest
from conftest import cli, export, run_ok, write_jsonl

from reprise.dates import parse_date
from reprise.reuse import AlignConfig, Document, ReuseIndex, align_corpus
from reprise.reuse.index import NgramIndex, shingles
from reprise.reuse.tokens import tokenize

AFP = (
    "Le Conseil fédéral a adopté mercredi un message sur la réforme de la prévoyance vieillesse. "
    "Il prévoit de relever l'âge de la retraite des femmes à 65 ans et de renforcer le financement "
    "de l'AVS par un demi-point de TVA supplémentaire, a précisé le gouvernement dans un communiqué."
)
OWN = (
    "Les syndicats genevois ont réagi avec colère à l'annonce faite à Berne. Pour leur porte-parole, "
    "la mesure frappera d'abord les salariées des métiers les plus pénibles, qui partent déjà plus tôt."
)
OTHER = (
    "La ville de Lausanne a inauguré jeudi une nouvelle ligne de bus électrique entre la gare et le "
    "quartier de la Blécherette, avec une cadence de dix minutes aux heures de pointe."
)


def rows():
    return [
        {"url": "https://a.example/1", "outlet": "A", "published": "2024-03-06T09:00:00+01:00", "title": "AVS",
         "text": AFP + " (AFP)"},
        {"url": "https://b.example/1", "outlet": "B", "published": "2024-03-06T11:00:00+01:00", "title": "AVS : colère",
         "text": OWN + "\n\n" + AFP.replace("mercredi", "ce mercredi") + "\n\nAFP"},
        {"url": "https://c.example/1", "outlet": "C", "published": "2024-03-06T10:00:00+01:00", "title": "Bus",
         "text": OTHER},
    ]


def test_shared_passage_is_stored_with_offsets_direction_and_common_source(tmp_path):
    db = tmp_path / "t.db"
    run_ok(write_jsonl(tmp_path / "in.jsonl", rows()), "--db", db)
    articles = {a["url"]: a for a in export("articles", db)}
    [record] = export("reuse", db)
    source, target = articles["https://a.example/1"], articles["https://b.example/1"]
    assert (record["source_id"], record["target_id"]) == (source["id"], target["id"])
    assert record["direction"] == "source_first" and record["common_source"] == "afp"
    [passage] = record["passages"]  # the inserted word does not split the passage
    copied = target["text"][passage["target_begin"]:passage["target_end"]]
    assert copied.startswith("Le Conseil fédéral a adopté ce mercredi") and copied.endswith("dans un communiqué.")
    assert source["text"][passage["source_begin"]:passage["source_end"]] == AFP
    assert record["source_share"] > 0.9 and 0.4 < record["target_share"] < 0.8


def test_second_run_adds_only_new_pairs_and_ends_as_one_run(tmp_path):
    one = tmp_path / "one.db"
    run_ok(write_jsonl(tmp_path / "all.jsonl", rows()), "--db", one)
    two = tmp_path / "two.db"
    run_ok(write_jsonl(tmp_path / "first.jsonl", rows()[1:]), "--db", two)
    assert export("reuse", two) == []
    run_ok(write_jsonl(tmp_path / "second.jsonl", rows()[:1]), "--db", two)  # the source arrives last
    assert export("reuse", two) == export("reuse", one)
    run_ok(tmp_path / "first.jsonl", tmp_path / "second.jsonl", "--db", two)
    assert export("reuse", two) == export("reuse", one)


def test_export_reuse_as_csv_and_parquet(tmp_path):
    db = tmp_path / "t.db"
    run_ok(write_jsonl(tmp_path / "in.jsonl", rows()), "--db", db)
    assert cli("export", "reuse", "--db", db, "--format", "parquet", "--output", tmp_path / "r.parquet").code == 0
    pq = pytest.importorskip("pyarrow.parquet")
    [record] = pq.read_table(tmp_path / "r.parquet").to_pylist()
    assert record == export("reuse", db)[0]
    csv_text = cli("export", "reuse", "--db", db, "--format", "csv").out
    assert csv_text.splitlines()[0] == "source_id,target_id,direction,common_source,passages,source_share,target_share"


def test_batches_find_what_one_document_at_a_time_finds_even_where_a_shingle_turns_common():
    texts = [AFP, AFP + " " + OTHER, OWN + " " + AFP, OTHER, AFP.replace("mercredi", "jeudi"), OWN, AFP]
    hashes = [shingles(tokenize(t).ids, 5) for t in texts]
    for max_df in (2, 3, 100):
        single = NgramIndex(max_df=max_df)
        one_by_one = []
        for i, h in enumerate(hashes):
            one_by_one.append({k: (p.tolist(), q.tolist()) for k, (p, q) in single.query(i, h).items()})
            single.add(i, h)
        for size in (2, 3, 7):
            batched = NgramIndex(max_df=max_df)
            found = []
            for start in range(0, len(hashes), size):
                part = hashes[start:start + size]
                found += [{k: (p.tolist(), q.tolist()) for k, (p, q) in hits.items()}
                          for hits in batched.query_batch(start, part)]
                batched.add_batch(start, part)
            assert found == one_by_one, (max_df, size)
        assert any(one_by_one)
    assert len(NgramIndex()) == 0 and np.array_equal(hashes[0], hashes[-1])


def test_stored_reuse_equals_reprise_align_on_french_wikinews(tmp_path, wiki, monkeypatch):
    monkeypatch.setattr(ReuseIndex, "RECENT_WORDS", 2000)  # earlier articles are read back from the store
    lines = wiki.read_text(encoding="utf-8").splitlines()[:700]
    half = len(lines) // 2
    (tmp_path / "a.jsonl").write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("\n".join(lines[half:]) + "\n", encoding="utf-8")
    db = tmp_path / "w.db"
    run_ok(tmp_path / "a.jsonl", "--db", db, "--quiet")
    run_ok(tmp_path / "b.jsonl", "--db", db, "--quiet")  # a second run: the index comes from the store
    docs = [Document(a["id"], a["text"], parse_date(a["published"]), a["credits"]) for a in export("articles", db)]
    expected = [r.as_dict() for r in align_corpus(docs)]
    assert len(expected) > 50
    assert export("reuse", db) == expected
    index = ReuseIndex(AlignConfig())  # in memory, in batches, the same
    found = [r.as_dict() for start in range(0, len(docs), 64) for r in index.add_batch(docs[start:start + 64])]
    assert sorted(found, key=lambda r: (r["source_id"], r["target_id"])) == expected


def test_a_long_lived_ingestor_takes_in_what_another_writer_stored(tmp_path):
    from reprise.ingest.jsonl import read_jsonl
    from reprise.pipeline import Ingestor
    from reprise.store import Store

    db = tmp_path / "t.db"
    first, second, third = (write_jsonl(tmp_path / f"{i}.jsonl", [r]) for i, r in enumerate(rows()))
    server = Store.open(db)
    ingestor = Ingestor(server)  # loaded once, as the web API keeps it
    assert ingestor.ingest([read_jsonl(third, None)]).new == 1
    run_ok(first, "--db", db)  # another writer: the AFP dispatch
    copy = dict(rows()[0], url="https://d.example/1", outlet="D", published="2024-03-06T12:00:00+01:00")
    assert ingestor.ingest([read_jsonl(write_jsonl(tmp_path / "copy.jsonl", [copy]), None)]).new == 1
    assert ingestor.ingest([read_jsonl(second, None)]).new == 1
    server.close()
    ids = {a["url"]: a["id"] for a in export("articles", db)}
    pairs = {(r["source_id"], r["target_id"]) for r in export("reuse", db)}
    source = ids["https://a.example/1"]
    assert {(source, ids["https://d.example/1"]), (source, ids["https://b.example/1"])} <= pairs
    [group] = export("duplicates", db)
    assert group["canonical_id"] == source and {m["id"] for m in group["members"]} == {source, ids["https://d.example/1"]}
