"""py3langid's model unpacked once into the cache: the same answers as py3langid's own loader, ISO 639-1 codes
only, and a cache that cannot be written or read is no error."""

import os
import time

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from reprise import langid_model

TEXTS = [
    "Le gouvernement a annoncé mardi une réforme des retraites.",
    "Правительство объявило во вторник о пенсионной реформе, заявил министр.",
    "政府は火曜日、年金改革を発表した。",
    "الحكومة أعلنت الثلاثاء عن إصلاح نظام التقاعد",
    "Rząd ogłosił we wtorek reformę emerytalną.",
    "Hükümet salı günü emeklilik reformunu açıkladı.",
    # a table of figures, as agencies file results: py3langid's full model calls it Nigerian Pidgin (`pcm`)
    "BROWN-FORMAN INC 4TH QTR NET\nShr one dlr vs 73 cts\nNet 12.6 mln vs 15.8 mln\nRevs 337.3 mln vs 315.2 mln",
]


@pytest.fixture(scope="module")
def reference():
    """py3langid's own loader, restricted to the same languages."""
    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    two_letter = LanguageIdentifier.from_model_file(MODEL_FILE)
    two_letter.set_languages([code for code in full.labels if len(code) == 2])
    return full, two_letter


def test_cached_model_answers_as_py3langid_restricted_to_iso_639_1(tmp_path, monkeypatch, reference):
    full, two_letter = reference
    monkeypatch.setenv("REPRISE_CACHE", str(tmp_path))
    first = langid_model.load_identifier()  # unpacks and writes the cache
    (folder,) = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]
    written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    second = langid_model.load_identifier()  # maps it
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no staging folder is left behind"
    for text in TEXTS:
        expected = two_letter.classify(text)[0]
        assert first.classify(text)[0] == second.classify(text)[0] == expected
    assert full.classify(TEXTS[-1])[0] == "pcm" and second.classify(TEXTS[-1])[0] == "en"
    assert all(len(code) == 2 for code in second.labels)


def test_a_copy_left_half_written_by_a_killed_process_is_removed_when_stale(tmp_path, monkeypatch):
    monkeypatch.setenv("REPRISE_CACHE", str(tmp_path))
    stale, fresh = tmp_path / ".unpacking-stale", tmp_path / ".unpacking-fresh"
    for staging in (stale, fresh):
        staging.mkdir()
        (staging / "ptc.npy").write_bytes(b"half")
    old = time.time() - 2 * langid_model.STALE_STAGING
    os.utime(stale, (old, old))
    langid_model.load_identifier()
    assert not stale.exists() and fresh.exists(), "only a copy older than any write could be is removed"


def test_a_cache_that_cannot_be_written_falls_back_to_the_package(tmp_path, monkeypatch, reference):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("REPRISE_CACHE", str(blocker))
    identifier = langid_model.load_identifier()
    assert [identifier.classify(t)[0] for t in TEXTS] == [reference[1].classify(t)[0] for t in TEXTS]


def test_a_damaged_cache_is_written_anew(tmp_path, monkeypatch, reference):
    monkeypatch.setenv("REPRISE_CACHE", str(tmp_path))
    langid_model.load_identifier()
    (folder,) = list(tmp_path.iterdir())
    ptc = folder / "ptc.npy"
    whole = os.path.getsize(ptc)
    with open(ptc, "r+b") as f:  # cut short, as a full disk would leave it
        f.truncate(whole // 2)
    identifier = langid_model.load_identifier()
    assert [identifier.classify(t)[0] for t in TEXTS] == [reference[1].classify(t)[0] for t in TEXTS]
    assert os.path.getsize(ptc) == whole, "the damaged copy was replaced by a whole one"
    assert langid_model.load_identifier().classify(TEXTS[0])[0] == "fr"
