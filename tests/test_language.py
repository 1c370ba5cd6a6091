"""Language identification: fast path on function words, py3langid for the rest, never a crash."""

import pytest

from reprise.language import UNDETERMINED, by_function_words, identify

SAMPLES = {
    "fr": "Le gouvernement a annoncé mardi une réforme des retraites, selon le ministre qui s'est exprimé devant les députés.",
    "en": "The government said on Tuesday that it would reform pensions, the minister told members of parliament.",
    "de": "Die Regierung hat am Dienstag eine Reform der Renten angekündigt, sagte der Minister vor dem Parlament.",
    "es": "El gobierno anunció el martes una reforma de las pensiones, según el ministro que habló ante los diputados.",
    "it": "Il governo ha annunciato martedì una riforma delle pensioni, secondo il ministro che ha parlato alla camera.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_identifies_common_news_languages(lang):
    assert identify(SAMPLES[lang]) == lang


def test_other_scripts_go_to_the_full_model():
    assert by_function_words("Правительство объявило во вторник о пенсионной реформе, заявил министр.") is None
    assert identify("Правительство объявило во вторник о пенсионной реформе, заявил министр.") == "ru"
    assert identify("政府は火曜日、年金改革を発表した。大臣が国会で述べた。") in {"ja", "zh"}


def test_nothing_to_judge_is_undetermined():
    assert identify("12 / 448 — 3,5 %") == UNDETERMINED
    assert identify("") == UNDETERMINED


def test_short_or_ambiguous_text_is_left_to_the_model():
    assert by_function_words("Paris, 17 novembre") is None


def test_a_headline_with_a_few_function_words_is_answered_without_the_model():
    assert by_function_words("Le gouvernement annonce la réforme des retraites") == "fr"
    assert by_function_words("Fed official says the weak data of March was caused by the weather") == "en"
    assert by_function_words("Fed official says weak data caused by weather, should not slow the taper") is None  # 2
    assert by_function_words("Il governo annuncia la riforma delle pensioni") is None  # it 2, fr 1: no margin


def test_capitals_do_not_mislead_the_model():
    # py3langid alone calls this headline Luxembourgish (`lb`) as it is written, English once lowered
    assert identify("Samsung Galaxy S5 Launch Set For April") == "en"
    table = "ACME MINING CORP <ACM> 4TH QTR NET\nShr 12 cts vs 9 cts\nNet 1.2 mln vs 900,000\nRevs 15.1 mln vs 12.3 mln"
    assert identify(table) == "en"
