"""Words to lemmas: French élisions, accents, guillemets, stopwords; any script runs."""

import pytest

from reprise import lemmas as L


def test_french_elisions_are_dropped():
    got = L.lemmas("l'État, d'Emmanuel, qu'il, j'ai, n'est, s'est, c'était, jusqu'à Lyon, lorsqu'on arriva", "fr")
    assert "etat" in got and "emmanuel" in got and "lyon" in got
    for elided in ("l", "d", "qu", "j", "n", "s", "c", "jusqu", "lorsqu", "l'etat", "jusqu'a"):
        assert elided not in got


def test_curly_apostrophes_and_compound_words():
    assert L.lemmas("l’Assemblée nationale", "fr") == ["assemblee", "national"]
    assert "aujourd'hui" in L.lemmas("aujourd'hui", "fr")  # not an élision
    assert L.words("Jean-Pierre", "fr") == ["Jean", "Pierre"]


def test_accents_and_case_meet():
    assert L.lemmas("État", "fr") == L.lemmas("Etat", "fr") == L.lemmas("ÉTAT", "fr")


def test_guillemets_and_stopwords_are_dropped():
    got = L.lemmas("« Nous ne céderons pas », a déclaré le ministre de l'Intérieur.", "fr")
    assert "«" not in "".join(got) and "»" not in "".join(got)
    for stop in ("nous", "ne", "pas", "le", "de"):
        assert stop not in got
    assert "ceder" in got and "declarer" in got and "ministre" in got and "interieur" in got


def test_lemmatisation_merges_inflections():
    assert L.lemmas("Les chevaux", "fr") == L.lemmas("le cheval", "fr") == ["cheval"]
    assert L.lemmas("the horses were running", "en") == L.lemmas("a horse runs", "en")


def test_english_possessive():
    assert L.lemmas("Trump's lawyers", "en") == ["trump", "lawyer"]


@pytest.mark.parametrize("text, lang", [
    ("أعلنت الحكومة اليوم عن خطة جديدة", "ar"),
    ("北京市政府今天宣布了新的交通政策", "zh"),
    ("東京都は新しい計画を発表した", "ja"),
    ("Президент заявил в понедельник о новых мерах", "ru"),
    ("Η κυβέρνηση ανακοίνωσε νέα μέτρα", "el"),
    ("רה\"מ הודיע היום", "he"),
    ("सरकार ने मिशन को मंजूरी दी", "hi"),
    ("Hükümet yeni önlemleri açıkladı", "tr"),
    ("some text in a language nobody declared", "xx"),
    ("no language at all", ""),
    ("", "fr"),
    ("1234 5678 !!! ???", "fr"),
])
def test_any_script_runs(text, lang):
    got = L.lemmas(text, lang)
    assert isinstance(got, list) and all(isinstance(w, str) and w for w in got)


def test_unspaced_scripts_become_character_pairs():
    assert L.lemmas("北京政府", "zh") == ["北京", "京政", "政府"]


def test_lookups_are_cached():
    L.lemma.cache_clear()
    L.lemmas("les chevaux les chevaux les chevaux", "fr")
    info = L.lemma.cache_info()
    assert info.hits >= 2 and info.misses <= 2


def test_numbers():
    assert L.numbers("1.200.000 euros, 3,5 % et 42 morts en 2019") == ["1200000", "3.5", "42", "2019"]
    assert L.lemmas("42 morts en 2019", "fr") == ["mort"]
