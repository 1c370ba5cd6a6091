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
        ("95'88'88'81'81'74'74'73'65'52'46' 96'", "markup"),  # a live widget's minutes, glued into one line
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
        "1,234,567 2,345,678 3,456,789 4,567,890",  # a table's row of figures
        "01.23.45.67.89",  # a phone number
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


# --- The fast path cuts what every rule on every line cuts -------------------------------------------------------
# `clean` runs its line rules only on the lines `_suspects` finds (patterns at their start, a few characters inside,
# promo stems) and gates whole passes on cheap tests of the whole text. Run against the plain way (every rule on
# every line, and the text's promo and cookie gates as `chrome` defines them), on texts made of every line these
# tests use, as written, in capitals, with leading capitals, and with characters that do not lower-case in place.

# ... and one or more lines for each pattern a line test of `clean` holds (`chrome.LINE_STARTS`, `LINE_TESTS`)
ONE_OF_EACH = [
    "Photo 3 sur 12", "Bild 2 von 9", "Crédit photo : AFP", "(Photo: Reuters)", "Source image : Wikimedia",
    "Keystone/AP/Ivan Exemple", "© AFP/Jean Exemple", "Partager", "» Commentaires (3)", "Share this article",
    "Mis à jour le 3 mai 2019 à 10h", "Updated 12:30 GMT, 3 May 2019", "À lire aussi :", "Related stories",
    "»» Le budget voté", "undefined", "[object Object]", "NaN", "---", "• • •", "|---|---|",
    "(Reporting by Jane Example)", "Editing by John Example", "Rédaction : Marie Exemple",
    "Jane Example is a health reporter for the Herald.", "Prénom *", "E-mail :", "Code postal", "Phone number",
    "Publié le 3 mai 2019 à 10h12", "Stand: 28.04.2020 21:38 Uhr", "mercredi 11 septembre 2019",
    "Updated: Apr 17, 2020 01:55 IST", "3 mai 2019", "April 29, 1986.", "Tous les épisodes", "Épisode 1",
    "Épisode 2", "Folge 3", "(nxp/ats/afp)", "Source : AFP", "avec AFP", "© Reuters 2019",
    "PARIS (AFP) - Le président a dit.", "Il a dit. (ats/afp)", "Un manifestant mardi à Paris. Photo: AFP",
    "Le maire a démissionné...", "Le budget est voté...", "La ville recrute...", "Accueil > Monde > Europe",
    "Titre | Rubrique | Site", "Pour lire la suite, abonnez-vous", "Sign up for our newsletter",
    "Jetzt abonnieren", "Nous utilisons des cookies pour améliorer votre expérience.", "Example.net",
    "Filtrer par :", "- Date", "- Lieu", "Nous contacter :", "contact@example.org", "Actualisé il y a 3 minutes",
    "Photographe Jean/AFP", "Il l'a confirmé mardi. (AFP)", "95'88'88'81'81'74'74'73'65'", "1.2.3.4.5.6.7.8.9.10",
]


def _lines_of_this_module() -> list[str]:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    found = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return sorted(line for text in found for line in text.split("\n") if 2 <= len(line.strip()) and "\\" not in line)


def _variants(lines: list[str]) -> list[str]:
    texts = []
    for size in (3, 7):
        for begin in range(0, len(lines), size):
            part = lines[begin:begin + size]
            texts += ["\n".join(part), "\n".join(ARTICLE[:2] + part + ARTICLE[2:]), "\n\n".join(part)]
    texts += ["\n".join(line.upper() for line in lines[i:i + 5]) for i in range(0, len(lines), 5)]
    texts += ["\n".join(line.title() for line in lines[i:i + 5]) for i in range(0, len(lines), 5)]
    texts += ["\n".join(["İstanbul ſeite ıi"] + lines[i:i + 4]) for i in range(0, len(lines), 4)]  # not aligned
    texts += ["\n".join(lines[i:i + 2] * 2) for i in range(0, len(lines), 9)]  # lines twice in a row
    texts += ["\n".join(ONE_OF_EACH[i:i + 6]) for i in range(len(ONE_OF_EACH))]  # in their order, each line first
    return texts


class _PlainGates:
    """The gates as `chrome` defines them: promo stems and cookie words anywhere in the lower-cased text."""

    def __init__(self, raw: str):
        self.low = raw.lower()
        self.aligned = False
        self.stems = None
        self.promo = chrome.may_hold_promo(self.low)
        self.cookies = chrome.may_hold_cookies(self.low)
        self.navigation = True


def test_the_fast_path_cuts_what_every_rule_on_every_line_cuts(monkeypatch):
    import reprise.clean as cleaning

    texts = _variants(_lines_of_this_module())
    assert len(texts) > 200
    fast = [clean(text) for text in texts]
    monkeypatch.setattr(cleaning, "_Gates", _PlainGates)
    monkeypatch.setattr(cleaning, "_suspects", lambda raw, lines, *rest: range(len(lines)))
    plain = [clean(text) for text in texts]
    for text, a, b in zip(texts, fast, plain):
        assert (a.text, a.removed, a.credits) == (b.text, b.removed, b.credits), text


def test_the_gates_open_wherever_a_rule_may_need_them():
    import reprise.clean as cleaning

    for text in _variants(_lines_of_this_module()):
        gates = cleaning._Gates(text)
        assert gates.promo or not chrome.may_hold_promo(text.lower())
        assert gates.cookies or not any(chrome.mentions_cookies(line) for line in text.split("\n"))
        lines, begins = cleaning._lines(text)
        if gates.stems is not None:
            stem_lines = {i for b, e in gates.stems for i in range(len(lines)) if begins[i] < e and b < begins[i] + len(lines[i])}
            assert all(i in stem_lines for i, line in enumerate(lines) if chrome.may_hold_promo(line.lower())), text


def test_openings_are_what_matches_start_with():
    pattern = chrome.re.compile(r"^(?:photo|crédit)s?\s*:|©|[>»]+\s|e-?mail$", chrome.re.IGNORECASE)
    found = chrome.openings(pattern, size=12)
    assert ("©",) in found and (*"e-mail", chrome.END) in found and (*"email", chrome.END) in found
    assert (*"photos", "[\\s]") in found and (*"photo", ":") in found
    tree = chrome.re.compile(chrome.opening_tree(found), chrome.re.IGNORECASE | chrome.re.MULTILINE)
    for line in ["Photos : X", "crédit: y", "© AFP", ">> Lire", "» Lire", "E-mail", "email"]:
        assert pattern.match(line) and tree.match(line), line
    for line in ["Photographie", "emails", "Le crédit", "- Lire"]:
        assert not tree.match(line), line
    assert chrome.openings(chrome.re.compile(r"\w+|x")) == [("[\\w]",), ("x",)]  # a class ends an opening
    assert chrome.openings(chrome.re.compile(r".x")) is None and chrome.openings(chrome.re.compile(r"a?")) is None
    assert chrome.openings(chrome.re.compile(r"(?:ab)*c"), size=6) == [
        ("a", "b", "a", "b", "a", "b"), ("a", "b", "a", "b", "c"), ("a", "b", "c"), ("c",)]


def test_the_exact_tree_of_words_matches_each_word_and_no_other():
    words = ["mar", "mars", "march", "mardi", "sep", "sept", "september", "a", "at"]
    tree = chrome.re.compile(chrome._trie(words))
    assert all(tree.fullmatch(word) for word in words)
    assert not any(tree.fullmatch(other) for other in ["ma", "marc", "septem", "s", "", "att", "b"])


def test_the_fast_path_cuts_what_every_rule_cuts_with_an_outlets_memory(monkeypatch):
    import reprise.clean as cleaning
    from reprise.outlet_lines import OutletLines

    memory = OutletLines(lambda outlet: {})
    signature = ["Suivez-nous", "La rédaction vous recommande", "Notre newsletter du soir"]
    for i in range(8):  # the outlet's standing lines, in each of its articles
        memory.learn("x", clean("\n".join(ARTICLE[i % 3:] + signature), "x", memory).outlet_keys)
    texts = ["\n".join(ARTICLE[:k] + signature[:m] + ARTICLE[k:]) for k in range(len(ARTICLE)) for m in range(4)]
    texts += [text.replace("Suivez-nous", "SUIVEZ-NOUS") for text in texts]
    fast = [clean(text, "x", memory) for text in texts]
    assert any(r.rule == "outlet-repeat" for c in fast for r in c.removed)
    monkeypatch.setattr(cleaning, "_Gates", _PlainGates)
    monkeypatch.setattr(cleaning, "_suspects", lambda raw, lines, *rest: range(len(lines)))
    plain = [clean(text, "x", memory) for text in texts]
    for text, a, b in zip(texts, fast, plain):
        assert (a.text, a.removed, a.credits, a.outlet_keys) == (b.text, b.removed, b.credits, b.outlet_keys), text
