"""Each in-text cleaning rule cuts its kind of chrome, in French, English and German, and keeps content.

Every line here was written for these tests; none comes from a real page.
"""

import pytest

from reprise import chrome
from reprise.clean import clean

ARTICLE = [
    "Les bombardiers russes ont de nouveau frappé des positions dans l'est de la Syrie, mardi, selon "
    "le ministère de la Défense, qui évoque une opération d'une ampleur inédite depuis le début de l'année.",
    "Collaboration franco-russe",
    "« Nous partageons les informations avec nos partenaires », a déclaré un porte-parole à la presse.",
    "Les Tu-22 ont frappé Raqqa, selon l'Agence France-Presse (AFP).",
    "PARIS, 10 janvier 2016. –",
    "Le ministre doit s'exprimer jeudi devant la commission de la Défense de l'Assemblée nationale, "
    "où plusieurs députés réclament des explications sur le coût de l'opération.",
]


def removed(lines: list[str]) -> dict[str, str]:
    """Each removed line and the rule that removed it."""
    raw = "\n".join(lines)
    return {r.text: r.rule for r in clean(raw).removed}


def test_content_is_kept_whole():
    cleaned = clean("\n".join(ARTICLE))
    assert cleaned.removed == []
    assert cleaned.text == "\n".join(ARTICLE)


@pytest.mark.parametrize(
    "line, rule",
    [
        ("(nxp/ats/afp)", "credit"),
        ("— Reuters", "credit"),
        ("(Compiled by Jane Example)", "credit"),
        ("Reporting by John Example; Editing by Mary Example", "credit"),
        ("Edition : J.-P. Exemple", "credit"),
        ("12 / 48", "gallery-counter"),
        ("Photo: AFP", "photo-credit"),
        ("Photo (cc) : Jean Exemple", "photo-credit"),
        ("Bild: Max Muster", "photo-credit"),
        ("A rider wears a mask on the subway on Tuesday. Credit: Jane Example", "photo-credit"),
        ("Der Minister am Dienstag in Berlin. (Foto: Max Muster)", "photo-credit"),
        ("Image d'illustration : Exemple Photo by Jean, licence Creative Commons BY-SA", "photo-credit"),
        ("Actualisé", "interface"),
        ("Partager sur Facebook", "interface"),
        ("Share on WhatsApp", "interface"),
        ("Kommentare (12)", "interface"),
        ("Advertisement", "interface"),
        (">> Lire aussi : Le conseil municipal vote son budget", "read-also"),
        ("Read more: The council votes its budget", "read-also"),
        ("Lesen Sie auch: Der Stadtrat beschließt den Haushalt", "read-also"),
        ("En vidéo, trois gestes pour bien dormir", "read-also"),
        ("Nous utilisons des cookies pour améliorer votre expérience sur notre site.", "consent"),
        ("This website uses cookies to analyse traffic. By continuing to browse you accept their use.", "consent"),
        ("Wir verwenden Cookies, um unsere Webseite für Sie zu verbessern.", "consent"),
        ("Pour lire la suite", "promo"),
        ("Déjà abonné ? Connectez-vous", "promo"),
        ("Sign up for our newsletter to get the news in your inbox every morning.", "promo"),
        ("Subscribe now to read the full story.", "promo"),
        ("Jetzt abonnieren und weiterlesen", "promo"),
        ("Download the Example News app for iOS and Android.", "promo"),
        ("Dieser Artikel enthält Affiliate-Links.", "promo"),
        ("Publié le 3 mai 2019 à 10h12", "interface"),  # the interface rule knows the stamps it starts with
        ("Mis à jour le 12.03.2020, 07h36", "date-stamp"),
        ("chandigarh Updated: Apr 17, 2020 01:55 IST", "date-stamp"),
        ("Article mis à jour le 7 janvier 2020.", "date-stamp"),
        ("Veröffentlicht am 06.12.2022", "date-stamp"),
        ("mercredi 11 septembre 2019", "date-stamp"),
        ("Accueil > Monde > Europe", "navigation"),
        ("Un titre d'article | Monde | Le Journal | 23.05.2011", "navigation"),
        ("Jane Example is a health reporter for the Example Herald", "author-bio"),
        ("- -", "markup"),
        ("[object Object]", "markup"),
    ],
)
def test_each_rule_cuts_its_chrome(line, rule):
    cuts = removed([ARTICLE[0], line, ARTICLE[-1]])
    assert cuts == {line: rule}


@pytest.mark.parametrize(
    "line",
    [
        "Collaboration franco-russe",  # an intertitle
        "« Nous partageons les informations avec nos partenaires », a déclaré un porte-parole.",  # a quote
        "PARIS, 10 janvier 2016. –",  # a dateline
        "10 janvier 2016. –",
        "Mai 2019",  # a month heading in a chronology
        "April 29, 1986.",  # the end of a sentence, not a stamp
        "1-1",  # a score
        "96'",  # a minute in a live report
        "|---|---|---|",  # a table's rule line belongs to the table
        "Why did the cookie go to the hospital?",  # a joke, not a notice
        "La CNIL impose aux éditeurs de recueillir le consentement des internautes avant de déposer des cookies.",
        "Die Daten werden nach dem Datenschutz der Behörde gelöscht.",
        "You can download Python 3.6.0 here.",
        "Klicken Sie auf Systemsteuerung, um das Fenster zu öffnen.",
        "The bank said one of its subsidiaries was already a member of the exchange.",
        "Users create an account and add a payment method before they can trade.",
        "Retour sur les revues de rang « 1 » ou « 1* » où les chercheurs « placent » quelques articles",
        "- Tarif adulte : 32 € | Enfants : 12 € | Bébés : gratuit",
        "Map",  # a heading, not the Maghreb agency
        "PC",
        "Sources : le ministère de la Santé et l'Institut Pasteur",
    ],
)
def test_content_lines_stay(line):
    assert removed([ARTICLE[0], line, ARTICLE[-1]]) == {}


def test_agency_named_mid_sentence_keeps_its_parentheses():
    line = "Les Tu-22 ont frappé Raqqa, selon l'Agence France-Presse (AFP)."
    assert clean(line).text == line
    assert clean("\n".join([ARTICLE[0], line])).removed == []


def test_gallery_caption_twice_goes_and_minutes_twice_stay():
    caption = "Le président arrive à Moscou pour une visite de deux jours."
    lines = [ARTICLE[0], "1 / 12", caption, caption, "Photo: Keystone", ARTICLE[-1]]
    cuts = removed(lines)
    assert cuts[caption] == "gallery-caption" and "1 / 12" in cuts
    live = ["91'", "91'", "Le gardien repousse la frappe.", ARTICLE[-1]]
    assert removed(live) == {}


def test_a_read_also_heading_takes_its_bulleted_links():
    lines = [ARTICLE[0], "READ MORE:", "• Council votes its budget", "• Mayor defends the schools plan",
             "The vote came after a three-hour debate in which the opposition denounced the city's growing debt."]
    cuts = removed(lines)
    assert set(cuts) == {"READ MORE:", "• Council votes its budget", "• Mayor defends the schools plan"}


def test_a_link_broken_over_two_lines_goes_whole():
    lines = [ARTICLE[0], "Lire aussi Jeanne Exemple &", "Paul Exemple, « Un titre », Le Journal, juin 2018.", ARTICLE[-1]]
    assert set(removed(lines)) == {lines[1], lines[2]}


def test_a_run_of_truncated_teasers_is_a_link_list():
    teasers = [f"Teaser number {n} about another story that the site wants you to read ..." for n in range(3)]
    assert set(removed([ARTICLE[0], *teasers])) == set(teasers)
    two = teasers[:2]
    assert removed([ARTICLE[0], *two, ARTICLE[-1]]) == {}  # two may be an ellipsis in a quote


def test_a_chrome_tail_takes_the_short_lines_left_in_it():
    form = [
        "Recevoir la newsletter",
        "Les nouvelles du quartier, une fois par semaine",
        "Adresse e-mail",
        "En remplissant ce formulaire vous acceptez de recevoir nos courriels. Vous pourrez vous désabonner.",
    ]
    cuts = removed([*ARTICLE, *form])
    assert set(cuts) == set(form)
    assert cuts["Les nouvelles du quartier, une fois par semaine"] == "chrome-tail"


def test_no_chrome_tail_through_the_article():
    lines = [ARTICLE[0], "Recevoir la newsletter", ARTICLE[1], ARTICLE[5], "Partager", "Commentaires (3)"]
    assert "Collaboration franco-russe" not in removed(lines)


def test_an_interface_heading_takes_its_options():
    lines = [ARTICLE[0], "Filtrer par :", "- Membres", "- Partenaires", ARTICLE[-1]]
    assert set(removed(lines)) == {"Filtrer par :", "- Membres", "- Partenaires"}
    contact = [ARTICLE[0], "Nous contacter :", "redaction@example.org", ARTICLE[-1]]
    assert set(removed(contact)) == {"Nous contacter :", "redaction@example.org"}


def test_a_site_name_only_at_the_top():
    assert removed(["Example.net", *ARTICLE]) == {"Example.net": "navigation"}
    assert removed([*ARTICLE[:2], "example.org", ARTICLE[-1]]) == {}


@pytest.mark.parametrize("line", ["Publié le 3 mai 2019 à 10h12", "Stand: 28.04.2020 21:38 Uhr", "Posted on March 3, 2020"])
def test_date_stamps(line):
    assert chrome.is_date_stamp(line)


@pytest.mark.parametrize("line", ["Publié en 1927.", "+81 158-23-2012", "Le 3 mai 2019, il a démissionné.",
                                  "23.10.2015 - 25.10.2015", "September 2013/2014"])
def test_not_date_stamps(line):
    assert not chrome.is_date_stamp(line)


def test_a_series_list_goes_and_the_episode_label_stays():
    lines = ["Épisode 13", "Épisodes", "Épisode 1", "Épisode 2", "Épisode 4", "Le titre de cet épisode", ARTICLE[0]]
    assert set(removed(lines)) == {"Épisodes", "Épisode 1", "Épisode 2", "Épisode 4"}
    assert removed(["Episode 3", ARTICLE[0]]) == {}


def test_dates_heading_a_chronology_stay():
    days = ["Jeudi 3 février 2022", ARTICLE[0], "Vendredi 4 février 2022", ARTICLE[5]]
    assert removed(days) == {}
    assert removed(["Jeudi 3 février 2022", *ARTICLE]) == {"Jeudi 3 février 2022": "date-stamp"}


def test_python_prompts_are_not_cross_links():
    lines = [ARTICLE[0], ">>> def foo(bar=None):", "... x = 1", ARTICLE[-1]]
    assert removed(lines) == {}


def test_a_cookie_notice_goes_whole_and_an_article_on_cookies_stays():
    notice = ["Nous utilisons des cookies pour mesurer l'audience de notre site.",
              "Des cookies sont déposés par le site et par des tiers à des fins de statistiques."]
    assert set(removed([*ARTICLE, *notice])) == set(notice)
    buttons = [notice[0], "Mesure d'audience :", "Tout accepter", "Tout refuser",
               "Vous pouvez paramétrer vos cookies ci-dessous.", ARTICLE[5]]
    assert set(removed(buttons)) == set(buttons[:5])
    article = ["La CNIL impose aux éditeurs de recueillir le consentement des internautes avant de déposer des cookies.",
               "Les sites qui déposent des cookies publicitaires sans accord risquent une amende.", ARTICLE[5]]
    assert removed(article) == {}


def test_a_heading_without_its_links_does_not_take_the_article():
    end = ["READ MORE:", "The manager has been told to train all staff by the end of the month.",
           "The restaurant was inspected again two weeks later."]
    assert set(removed([ARTICLE[0], *end])) == {"READ MORE:"}
    links = ["À lire aussi :", "Revue Exemple : savons-nous encore débattre ?", "Revue Modèle : les langages du politique"]
    assert set(removed([ARTICLE[0], *links])) == set(links)


def test_a_short_label_between_two_chrome_lines_goes_with_them():
    cuts = removed(ARTICLE[:1] + ["—", "Composition", "—"] + ARTICLE[1:])
    assert cuts == {"—": "markup", "Composition": "markup"}


def test_a_sentence_between_two_chrome_lines_stays():
    lines = ARTICLE[:1] + ["Partager", "Le vote a eu lieu.", "Partager"] + ARTICLE[1:]
    assert "Le vote a eu lieu." not in removed(lines)
