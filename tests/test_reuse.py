"""Text reuse: passages with offsets in both texts, direction, common source, PAN measures, CLI."""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from reprise.cli import main
from reprise.evaluate.reuse import Case, measures
from reprise.reuse import AlignConfig, Document, ReuseIndex, align_corpus, align_pair
from reprise.reuse.index import NgramIndex, corpus_hits, shingles
from reprise.reuse.tokens import tokenize

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

AFP = (
    "« Nous ne laisserons aucun éleveur sur le bord du chemin », a assuré mardi le ministre de l'Agriculture "
    "lors d'un déplacement dans le Cantal, où la sécheresse a réduit de moitié la récolte de fourrage. "
    "Une enveloppe de 60 millions d'euros sera débloquée dès le mois prochain pour les exploitations les plus "
    "touchées, a-t-il précisé, sans exclure une rallonge si l'été reste aussi sec."
)
REWRITE = (
    "\"Nous ne laisserons aucun éleveur sur le bord du chemin\", a assuré le ministre de l'Agriculture, Marc Dupuis, "
    "lors d'un déplacement dans le Cantal, où la sécheresse a réduit de moitié la récolte de foin. "
    "Une enveloppe de 60 millions d'euros sera débloquée dès le mois prochain pour les exploitations les plus "
    "touchées, a-t-il précisé, sans exclure une rallonge si l'été reste aussi sec."
)
SOURCE_TEXT = "Le gouvernement veut rassurer les campagnes.\n\n" + AFP + "\n\nLes syndicats jugent l'effort insuffisant."
TARGET_TEXT = "Agriculture\n\n" + REWRITE + "\n\nLe préfet réunira les élus jeudi à Aurillac."
OTHER_SAME_TOPIC = (
    "La sécheresse frappe durement les éleveurs du Massif central. Dans le Cantal, beaucoup ont déjà entamé leurs "
    "stocks d'hiver et vendent des bêtes faute de fourrage. Le ministre de l'Agriculture est attendu sur place, où "
    "les syndicats réclament des aides d'urgence et un report des cotisations sociales."
)


def day(n: int) -> datetime:
    return datetime(2024, 7, n, 9, 30, tzinfo=timezone.utc)


def test_tokens_keep_offsets_and_ignore_quotes_and_case():
    text = "« Nous partons », dit-il. \"nous PARTONS\" l’homme"
    tokens = tokenize(text)
    words = [text[b:e] for b, e in zip(tokens.begins, tokens.ends)]
    assert words == ["Nous", "partons", "dit", "il", "nous", "PARTONS", "l", "homme"]
    assert tokens.ids[0] == tokens.ids[4] and tokens.ids[1] == tokens.ids[5]


def test_rewritten_afp_paragraph_is_one_passage_with_exact_offsets():
    a = Document("a", SOURCE_TEXT, day(1), ["afp"])
    b = Document("b", TARGET_TEXT, day(2), ["afp"])
    reuse = align_pair(a, b)
    assert reuse is not None
    assert (reuse.source_id, reuse.target_id, reuse.direction) == ("a", "b", "source_first")
    assert len(reuse.passages) == 1
    p = reuse.passages[0]
    assert SOURCE_TEXT[p.source_begin:p.source_end] == AFP
    assert TARGET_TEXT[p.target_begin:p.target_end] == REWRITE
    assert (p.source_begin, p.target_begin) == (SOURCE_TEXT.index(AFP), TARGET_TEXT.index(REWRITE))
    assert 0.8 < p.score < 1
    assert reuse.source_share == round(len(AFP) / len(SOURCE_TEXT), 4)
    assert reuse.target_share == round(len(REWRITE) / len(TARGET_TEXT), 4)
    assert reuse.common_source == "afp"


def test_direction_follows_dates_and_is_unknown_without_them():
    later_first = align_pair(Document("a", SOURCE_TEXT, day(5)), Document("b", TARGET_TEXT, day(2)))
    assert (later_first.source_id, later_first.direction) == ("b", "source_first")
    p = later_first.passages[0]
    assert TARGET_TEXT[p.source_begin:p.source_end] == REWRITE  # offsets follow the roles
    for da, db in ((None, None), (day(3), day(3)), (day(3), None)):
        reuse = align_pair(Document("z", SOURCE_TEXT, da), Document("y", TARGET_TEXT, db))
        assert reuse.direction == "unknown"
        assert reuse.source_id == "y"  # ties go by id


def test_common_source_needs_the_same_agency_on_both():
    one = align_pair(Document("a", SOURCE_TEXT, credits=["afp"]), Document("b", TARGET_TEXT, credits=["ats"]))
    assert one.common_source is None
    both = align_pair(Document("a", SOURCE_TEXT, credits=["nxp", "ats", "afp"]),
                      Document("b", TARGET_TEXT, credits=["ats", "afp"]))
    assert both.common_source == "ats/afp"


def test_same_topic_without_shared_text_gives_no_passage():
    assert align_pair(Document("a", SOURCE_TEXT), Document("b", OTHER_SAME_TOPIC)) is None


def test_reordered_paragraphs_are_two_passages():
    first, second = AFP.split(" Une enveloppe")
    second = "Une enveloppe" + second
    target = "Brève.\n\n" + second + "\n\n" + first + "\n\nFin de la brève, sans rapport aucun avec le reste."
    reuse = align_pair(Document("a", SOURCE_TEXT), Document("b", target))
    spans = sorted((SOURCE_TEXT[p.source_begin:p.source_end], target[p.target_begin:p.target_end]) for p in reuse.passages)
    assert spans == sorted([(first, first), (second, second)])


def test_frequent_ngrams_do_not_make_pairs():
    boiler = "Retrouvez toute l'actualité de la région sur notre site et nos réseaux sociaux chaque jour"
    docs = [Document(f"d{i}", f"Article numéro {i} sur un sujet différent {i * 7}. " + boiler) for i in range(4)]
    docs.append(Document("e", SOURCE_TEXT))
    docs.append(Document("f", TARGET_TEXT))
    pairs = [(r.source_id, r.target_id) for r in align_corpus(docs, AlignConfig(max_df=3))]
    assert pairs == [("e", "f")]
    assert len(list(align_corpus(docs[:2] + docs[4:], AlignConfig(max_df=3)))) == 2  # boilerplate in 2 docs is rare


def test_incremental_index_finds_the_same_pairs_as_the_corpus_path():
    texts = [SOURCE_TEXT, OTHER_SAME_TOPIC, TARGET_TEXT, AFP]
    ids = [tokenize(t).ids for t in texts]
    batch = {(h.a, h.b): len(h) for h in corpus_hits(ids, 5, 100, 3)}
    index = NgramIndex(max_df=100)
    incremental = {}
    for i, doc_ids in enumerate(ids):
        hashes = shingles(doc_ids, 5)
        for other, hits in index.query(i, hashes, min_match=3).items():
            incremental[(other, i)] = len(hits[0])
        index.add(i, hashes)
    assert incremental == batch
    assert set(batch) == {(0, 2), (0, 3), (2, 3)}


def test_merged_segments_equal_one_segment_built_from_all_their_documents():
    from reprise.reuse.index import _merge, _segment

    rng = np.random.default_rng(7)
    for _ in range(100):
        older = [rng.integers(0, 30, size=rng.integers(0, 25)).astype(np.uint64) for _ in range(rng.integers(1, 5))]
        newer = [rng.integers(0, 30, size=rng.integers(0, 25)).astype(np.uint64) for _ in range(rng.integers(1, 5))]
        merged = _merge(_segment(0, older, 4), _segment(len(older), newer, 4))
        whole = _segment(0, older + newer, 4)
        for field in ("keys", "starts", "df", "doc", "pos"):
            assert getattr(merged, field).dtype == getattr(whole, field).dtype
            assert getattr(merged, field).tolist() == getattr(whole, field).tolist(), field


def test_reuse_index_adds_articles_one_by_one_with_the_corpus_result():
    docs = [Document("b", TARGET_TEXT, day(2)), Document("x", OTHER_SAME_TOPIC, day(1)), Document("a", SOURCE_TEXT, day(1))]
    index = ReuseIndex()
    found = [r for d in docs for r in index.add(d)]
    assert [r.as_dict() for r in found] == [r.as_dict() for r in align_corpus(docs)]
    assert (found[0].source_id, found[0].target_id) == ("a", "b")  # found when "a" came, second


def test_pan_measures_on_a_hand_made_case():
    case = Case(0, (0, 100), (0, 100))
    halves = [Case(0, (0, 50), (0, 50)), Case(0, (50, 100), (50, 100))]
    m = measures([case], halves)
    assert (m["precision"], m["recall"], m["granularity"]) == (1.0, 1.0, 2.0)
    assert m["plagdet"] == pytest.approx(1 / math.log2(3))
    wide = measures([case], [Case(0, (0, 200), (0, 100))])  # 200 of 300 characters right
    assert wide["precision"] == pytest.approx(2 / 3) and wide["recall"] == 1.0
    elsewhere = measures([case], [Case(1, (0, 100), (0, 100))])  # another pair: detects nothing
    assert elsewhere["precision"] == 0.0 and elsewhere["recall"] == 0.0


@pytest.mark.skipif(not (DATA / "frwikinews-2016-2018" / "articles.jsonl").is_file(), reason="shared data not present")
def test_derived_gold_sample_scores_well():
    from reprise.evaluate.reuse import evaluate, generator

    module = generator()
    wikinews = module.articles_of(DATA / "frwikinews-2016-2018" / "articles.jsonl", "wn")
    gold = module.build(DATA, scale=0.25, sets={"wikinews": wikinews})
    operations = {p["operation"] for p in gold["pairs"]}
    assert {"copy", "quotes", "clause", "reorder", "swap", "negative"} <= operations
    again = module.build(DATA, scale=0.25, sets={"wikinews": wikinews})
    assert again == gold  # fixed seed
    texts = {d["id"]: d["text"] for d in gold["documents"]}
    for pair in gold["pairs"]:
        source, target = texts[pair["source_id"]], texts[pair["target_id"]]
        for c in pair["cases"]:
            assert c["source_end"] > c["source_begin"] and c["target_end"] > c["target_begin"]
            if pair["operation"] in ("copy", "short", "reorder"):  # pasted as they are (paragraph breaks may close up)
                pasted = target[c["target_begin"]:c["target_end"]]
                assert pasted.split() == source[c["source_begin"]:c["source_end"]].split()
    result = evaluate(gold)["measures"]
    assert result["all"]["plagdet"] >= 0.85
    assert result["easy (copy, quotes, clause)"]["plagdet"] >= 0.9
    streamed = evaluate(gold, incremental=True)["measures"]  # as `reprise run` aligns
    assert streamed["all"]["plagdet"] >= 0.85
    assert streamed["easy (copy, quotes, clause)"]["plagdet"] >= 0.9


def test_cli_align_writes_one_record_per_pair(tmp_path, capsys):
    corpus = tmp_path / "in.jsonl"
    rows = [{"id": "s1", "text": SOURCE_TEXT, "published": "2024-07-01"},
            {"id": "t1", "text": TARGET_TEXT, "published": "2024-07-02"},
            {"text": OTHER_SAME_TOPIC, "url": "https://example.org/x"}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "reuse.jsonl"
    assert main(["align", str(corpus), "--output", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    r = records[0]
    assert (r["source_id"], r["target_id"], r["direction"]) == ("s1", "t1", "source_first")
    assert len(r["passages"]) == 1
    assert set(r["passages"][0]) == {"source_begin", "source_end", "target_begin", "target_end", "score"}
    assert "3 articles · 1 pairs share text" in capsys.readouterr().err


def test_cli_reuse_shows_two_files_side_by_side(tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SOURCE_TEXT, encoding="utf-8")
    b.write_text(TARGET_TEXT, encoding="utf-8")
    assert main(["reuse", str(a), str(b), "--width", "120"]) == 0
    shown = capsys.readouterr().out
    assert "1 passage" in shown and "[1>" in shown and "<1]" in shown and " │ " in shown
    assert main(["reuse", str(a), str(b), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert len(record["reuse"]["passages"]) == 1
    assert main(["reuse", str(a), "no-such-id", "--db", str(tmp_path / "none.db")]) == 2
