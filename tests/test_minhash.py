"""Word shingles, MinHash signatures and the LSH index: the building blocks of `reprise dedup`."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import numpy as np
import pytest

from reprise.lsh import LSHIndex, collision_probability, optimal_params
from reprise.minhash import EMPTY, MinHasher, estimate
from reprise.shingles import Shingler, jaccard, shingle_set, words

TEXT = ("Le gouvernement a annoncé mardi un plan de relance de dix milliards d'euros pour soutenir "
        "l'industrie automobile, a indiqué le ministre de l'Économie lors d'une conférence de presse.")


def reference_shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """Shingles as sets of word tuples, the slow obvious way."""
    w = words(text)
    if not w:
        return set()
    if len(w) < n:
        return {tuple(w)}
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def reference_jaccard(a: str, b: str, n: int = 5) -> float:
    x, y = reference_shingles(a, n), reference_shingles(b, n)
    return len(x & y) / len(x | y)


# -- shingles ---------------------------------------------------------------------------------


def test_words_are_lower_case_and_split_on_non_word_characters():
    assert words("L'Élysée a dit «NON» — 3 fois, mot_composé!") == ["l", "élysée", "a", "dit", "non", "3", "fois",
                                                                   "mot_composé"]


def test_one_hash_per_distinct_shingle():
    assert len(shingle_set("a b c d e f g")) == 3
    assert len(shingle_set("a b c d e a b c d e")) == 5  # a b c d e appears twice
    assert len(shingle_set("only three words")) == 1
    assert len(shingle_set(" ... ")) == 0


def test_case_and_punctuation_do_not_change_shingles():
    assert np.array_equal(shingle_set(TEXT), shingle_set(TEXT.upper().replace(",", " ;")))
    assert not np.array_equal(shingle_set(TEXT), shingle_set(TEXT.replace("dix", "douze")))


def test_hashed_jaccard_is_the_jaccard_of_the_word_shingles():
    other = TEXT.replace("mardi", "mercredi")
    assert jaccard(shingle_set(TEXT), shingle_set(other)) == pytest.approx(reference_jaccard(TEXT, other))
    assert jaccard(shingle_set(TEXT), shingle_set(TEXT)) == 1.0


def test_a_batch_gives_each_text_its_own_shingles():
    texts = [TEXT, "", "deux mots", TEXT.replace("mardi", "jeudi"), "Ü" * 3 + " " + "x" * 40 + " fin"]
    batch = Shingler(5).batch(texts)
    assert len(batch) == len(texts)
    for i, text in enumerate(texts):
        assert np.array_equal(np.unique(batch.of(i)), shingle_set(text))
    assert list(batch.counts()) == [len(reference_shingles(t)) for t in texts]


def test_long_and_non_ascii_words_hash_apart():
    a = shingle_set("anticonstitutionnellement " * 5)
    b = shingle_set("anticonstitutionnellemenu " * 5)
    c = shingle_set("électricité " * 5)
    assert len({a[0], b[0], c[0]}) == 3


def test_hashes_are_stable_across_processes():
    code = f"from reprise.shingles import shingle_set; print(shingle_set({TEXT!r}).tolist())"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1
    assert runs.pop().strip() == str(shingle_set(TEXT).tolist())


# -- MinHash ----------------------------------------------------------------------------------


def test_signatures_of_a_batch_equal_signatures_one_by_one():
    hasher = MinHasher(128)
    sets = [np.arange(i, i + 50 * i + 1, dtype=np.uint64) * np.uint64(2654435761) for i in range(6)]
    hashes = np.concatenate(sets)
    offsets = np.concatenate(([0], np.cumsum([len(s) for s in sets])))
    together = hasher.signatures(hashes, offsets)
    for i, s in enumerate(sets):
        assert np.array_equal(together[i], hasher.signature(s))
        assert np.array_equal(together[i], MinHasher(128).signature(s[::-1]))  # order does not matter


def test_repeats_do_not_change_a_signature_and_the_empty_set_is_empty():
    hasher = MinHasher(64)
    s = np.arange(1, 200, dtype=np.uint64)
    assert np.array_equal(hasher.signature(s), hasher.signature(np.concatenate((s, s[:50]))))
    assert (hasher.signature(np.zeros(0, dtype=np.uint64)) == EMPTY).all()


def test_small_sets_fill_every_position():
    sig = MinHasher(128).signature(np.array([12345], dtype=np.uint64))
    assert (sig != EMPTY).all()
    assert len(set(sig.tolist())) == 1  # one shingle: every position borrows its value


def test_estimates_follow_the_true_jaccard():
    rng = random.Random(7)
    hasher = MinHasher(128)
    errors = []
    for target in (0.2, 0.5, 0.8, 0.95):
        for _ in range(20):
            size = rng.randint(20, 400)
            common = np.array([rng.getrandbits(64) for _ in range(size)], dtype=np.uint64)
            extra = int(round(size * (1 - target) / target))
            a = np.concatenate((common, np.array([rng.getrandbits(64) for _ in range(extra // 2)], dtype=np.uint64)))
            b = np.concatenate((common, np.array([rng.getrandbits(64) for _ in range(extra - extra // 2)],
                                                 dtype=np.uint64)))
            true = jaccard(np.unique(a), np.unique(b))
            errors.append(float(estimate(hasher.signature(a), hasher.signature(b))) - true)
    assert abs(np.mean(errors)) < 0.02  # unbiased
    assert np.sqrt(np.mean(np.square(errors))) < 0.06  # about sqrt(J(1-J)/128)


def test_seed_changes_the_signature():
    s = np.arange(1, 100, dtype=np.uint64)
    assert not np.array_equal(MinHasher(128, seed=1).signature(s), MinHasher(128, seed=2).signature(s))


# -- LSH --------------------------------------------------------------------------------------


def test_optimal_params_fit_the_permutations_and_put_the_curve_at_the_threshold():
    for threshold in (0.5, 0.7, 0.8, 0.9):
        bands, rows = optimal_params(threshold, 128)
        assert bands * rows <= 128
        assert collision_probability(threshold - 0.2, bands, rows) < 0.5 < collision_probability(threshold + 0.1,
                                                                                                  bands, rows)
    assert optimal_params(0.8, 128) == (9, 13)


def test_optimal_params_agree_with_datasketch():
    lsh = pytest.importorskip("datasketch.lsh")
    for threshold in (0.5, 0.8, 0.9):
        assert optimal_params(threshold, 128) == lsh._optimal_param(threshold, 128, 0.5, 0.5)


def test_weighting_misses_more_lowers_the_curve():
    strict, lenient = optimal_params(0.8, 128), optimal_params(0.8, 128, 0.2, 0.8)
    assert collision_probability(0.8, *lenient) > collision_probability(0.8, *strict)


def test_index_finds_near_duplicates_and_not_strangers():
    shingler, hasher = Shingler(5), MinHasher(128)
    texts = {"a": TEXT, "b": TEXT.replace("mardi", "mercredi"), "c": "Un tout autre sujet, sans rapport aucun avec "
             "le premier, parle de football et de la victoire de Lyon contre Marseille dimanche soir."}
    index = LSHIndex(0.7, 128)
    for key, text in texts.items():
        index.insert(key, hasher.signature(shingler.batch([text]).hashes))
    assert len(index) == 3
    assert index.query(hasher.signature(shingler.batch([TEXT]).hashes)) >= {"a", "b"}
    assert "c" not in index.query(hasher.signature(shingler.batch([TEXT]).hashes))
    assert ("a", "b") in index.candidate_pairs()


def test_band_keys_are_stable_and_per_band():
    index = LSHIndex(params=(4, 8), num_perm=32)
    sig = MinHasher(32).signature(np.arange(1, 40, dtype=np.uint64))
    keys = index.band_keys(sig)
    assert keys.shape == (1, 4)
    assert np.array_equal(keys, LSHIndex(params=(4, 8), num_perm=32).band_keys(sig[None, :]))
    changed = sig.copy()
    changed[0] ^= 1
    assert (index.band_keys(changed) != keys).tolist() == [[True, False, False, False]]


def test_candidate_pairs_are_every_pair_sharing_a_band_key_once():
    index = LSHIndex(params=(2, 1), num_perm=2)
    index.insert_keys(["a", "b", "c", "d", "e"], np.array([[1, 9], [2, 9], [1, 8], [1, 7], [3, 7]], dtype=np.uint64))
    assert index.candidate_pairs() == {("a", "b"), ("a", "c"), ("a", "d"), ("c", "d"), ("d", "e")}
    assert index.query_keys(np.array([1, 0], dtype=np.uint64)) == {"a", "c", "d"}
    index.insert_keys(["f"], np.array([[3, 0]], dtype=np.uint64))  # after the tables were built
    assert index.query_keys(np.array([3, 0], dtype=np.uint64)) == {"e", "f"}
    assert ("e", "f") in index.candidate_pairs()


def test_a_key_matches_only_in_its_own_band():
    index = LSHIndex(params=(2, 1), num_perm=2)
    index.insert_keys(["a", "b"], np.array([[5, 6], [6, 5]], dtype=np.uint64))
    assert index.query_keys(np.array([5, 0], dtype=np.uint64)) == {"a"}
    assert index.query_keys(np.array([0, 5], dtype=np.uint64)) == {"b"}
    for i in range(100):  # many small inserts after the first query: segments merge as they grow
        index.insert_keys([f"x{i}"], np.array([[1000 + i, 6]], dtype=np.uint64))
    assert index.query_keys(np.array([1042, 0], dtype=np.uint64)) == {"x42"}
    assert len(index.query_keys(np.array([0, 6], dtype=np.uint64))) == 101
    assert index.keys().shape == (102, 2)
