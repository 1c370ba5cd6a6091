"""Recognisers for page chrome that survives HTML extraction, one line at a time.

Each function answers for a single line (already normalised); `clean.py` applies them in
order and records every cut.
"""

from __future__ import annotations

import re


def _any_of(words) -> str:
    """A pattern that finds whether any of `words` occurs (not which one), as a tree of their common prefixes:
    a regex tries the branches of an alternation one by one, and a tree leaves few to try at each position."""
    if "" in words:
        return ""  # one word is a prefix of the others: finding it is enough
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(first) + _any_of(rests) for first, rests in by_first.items()]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

_COUNTER = re.compile(
    r"^(?:(?:photo|image|bild|foto|diapo|slide)s?\s*)?\d{1,4}\s*(?:/|sur|of|von|de|di|sobre)\s*\d{1,4}$",
    re.IGNORECASE,
)
_PHOTO_AGENCIES = (
    r"keystone|afp|ap|reuters|epa|dpa|getty(?: images)?|imago|sipa|maxppp|belga|anp|efe|ansa|"
    r"sda|ats|afp photo|picture alliance|picture-alliance|abaca|hans lucas|xinhua|tass|ria novosti|"
    r"sputnik|shutterstock|istock|istockphoto|archives|archive|dr|ddp|apa|tt|ntb|scanpix|pa|aa"
)
_PHOTO_PREFIX = re.compile(
    r"^(?:\(|\[)?(?:photos?|crédits?(?: photos?)?|credits?|foto(?:s|grafie)?|bild(?:er)?|image|illustration|"
    r"archives?|copyright|©|\(c\)|source(?: image)?|vidéo|video)"
    r"(?:\s+(?:d['’]illustration|illustrative|d['’]archives?|de une|principale|top|header))?"
    r"\s*(?:\((?:cc|c)\))?\s*(?:[:/©]|[-–—]\s)",
    re.IGNORECASE,
)
# Licence words let a credit run longer ("Image : X by Y, licence Creative Commons by").
_LICENCE = re.compile(r"creative commons|\bcc[- ]by\b|\blicen[cs]e\b|\blizenz\b|wikimedia|flickr|unsplash", re.IGNORECASE)
_AGENCY_SLASH = re.compile(
    rf"^(?:©\s*)?(?:(?:{_PHOTO_AGENCIES})\b[^/]{{0,30}}/|[^/]{{1,30}}/\s*(?:{_PHOTO_AGENCIES})\b)[^/]{{0,40}}(?:/[^/]{{1,40}})?$",
    re.IGNORECASE,
)
_NAME = re.compile(r"^(?:[A-ZÀ-Ý][a-zà-ÿ'’-]+|[A-ZÀ-Ý]\.)(?: (?:[A-ZÀ-Ý][a-zà-ÿ'’-]+|[A-ZÀ-Ý]\.|de|van|von|da|di|le|la)){1,3}$")

# Interface words: whole lines made of one of these (lower case, end punctuation and counts ignored).
INTERFACE_WORDS = frozenset(
    """
    actualisé|ton opinion|votre opinion|partager|partagez|commentaires|commentaire|commenter|publicité|
    réagir|réagissez|imprimer|envoyer|envoyer par e-mail|tweeter|tweet|j'aime|abonnez-vous|s'abonner|
    newsletter|inscrivez-vous à la newsletter|lire la suite|lire plus|voir plus|afficher plus|
    plus d'informations|en savoir plus|fermer|retour|retour en haut|haut de page|sommaire|
    vos commentaires|laisser un commentaire|ajouter un commentaire|signaler un abus|contenus sponsorisés|
    recommandé|sponsorisé|à la une|les plus lus|dans la même rubrique|suivez-nous|suivez-nous sur|
    share|share this|share this article|comments|comment|advertisement|sponsored|print|email|e-mail|
    read more|show more|load more|subscribe|sign up|log in|sign in|related|related articles|
    most read|most popular|trending|follow us|back to top|close|next|previous|
    teilen|kommentare|kommentar|anzeige|werbung|drucken|versenden|mehr|weiterlesen|artikel teilen|
    mehr zum thema|newsletter abonnieren|zurück|nach oben|meistgelesen|
    compartir|comentarios|publicidad|imprimir|leer más|suscríbete|
    condividi|commenti|pubblicità|stampa|leggi anche|partager cet article|partager sur|
    facebook|twitter|google|google+|linkedin|whatsapp|reddit|digg|yahoo!|yahoo|identi.ca|pinterest|courriel|
    messenger|telegram|flipboard|bluesky|mastodon|threads|tumblr|xing|
    en direct|match en direct|live|rafraîchir|rafraichir|refresh|aktualisieren|télécharger|download|herunterladen|
    more information|more info|mehr informationen|nous contacter|contactez-nous|contact us|kontakt|
    faire un don|donate|spenden|jetzt spenden|filtrer par|trier par|filter by|sort by|filtern nach|sortieren nach|
    réinitialiser|reset|zurücksetzen|dans la playlist|playlist|ma playlist|add to playlist|ajouter à la playlist|
    merkliste|datenschutz|impressum|mentions légales|privacy policy|politique de confidentialité|terms of use|
    nutzungsbedingungen|conditions générales d'utilisation|infobox|info box|
    tags|topics|mots-clés|thèmes|schlagwörter|schlagworte|themen|etiquetas|temas|tematy|tagi|
    no comments|aucun commentaire|keine kommentare|sin comentarios|brak komentarzy
    """.replace("\n", "").split("|")
)
INTERFACE_WORDS = frozenset(w.strip() for w in INTERFACE_WORDS if w.strip())
# "Partager sur Facebook", "Share on X", "Teilen auf WhatsApp".
_SHARE_ON = re.compile(
    r"^(?:partager|partagez|share|teilen|envoyer|send)(?: (?:sur|on|via|auf|par|per|by))? "
    r"(?:facebook|twitter|x|linkedin|whatsapp|instagram|e-?mail|courriel|messenger|telegram|pinterest|reddit|"
    r"bluesky|mastodon|threads|xing|flipboard)$"
)
_INTERFACE_TRIM = re.compile(r"^[\s>»›▶►→•·|*+-]+|[\s:,;.…»›▶►→•·|*\d()\[\]-]+$")
_UPDATED = re.compile(
    r"^(?:actualisé|mis à jour|mise à jour|publié|modifié|updated|published|last updated|aktualisiert|"
    r"veröffentlicht|actualizado|publicado|aggiornato|pubblicato)\b[^.!?]{0,50}\d[^.!?]{0,30}$",
    re.IGNORECASE,
)
_LINK_MARKS = r"^[\s>»›▶►→•·*+-]*"
# French cross-links are often followed by the headline with no colon: "Lire aussi Le Tu-22 ...".
_READ_ALSO_FR = re.compile(
    _LINK_MARKS + r"(?:(?:à |a )?lire (?:aussi|également|encore)|(?:à |a )?voir (?:aussi|également)|"
    r"(?:à |a )?(?:écouter|regarder) aussi|sur le même sujet|(?:en )?vidéo\s*[,:–—-]|"
    r"articles? (?:en relation|liés|associés|similaires)$|à découvrir(?: aussi| également)?\s*:?$)",
    re.IGNORECASE,
)
# Elsewhere the words also start real sentences ("Related to this, ..."): a colon, dash or nothing must follow.
_READ_ALSO = re.compile(
    _LINK_MARKS + r"(?:read (?:more|also|next)|see also|related(?: story| stories| articles?| content)?|"
    r"more on this(?: story)?|also read|lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|"
    r"das könnte sie (?:auch )?interessieren|leer más|lea también|ver también|te puede interesar|"
    r"leggi anche|vedi anche|video|watch|"
    # "related ..." and "read/see also" in Spanish, Portuguese, Polish
    r"(?:noticias|notas|contenidos?|art[ií]culos) relacionad[oa]s|leia também|veja também|"
    r"czytaj (?:też|także|również)|zobacz (?:też|także|również))\s*(?:[:|>»›–—-]|$)",
    re.IGNORECASE,
)
_ANY_READ_ALSO = re.compile(f"{_READ_ALSO_FR.pattern}|{_READ_ALSO.pattern}", re.IGNORECASE)  # one search, not two


def is_counter(line: str) -> bool:
    """`1 / 448`, `Photo 3 sur 12`, `Bild 2 von 9`."""
    return len(line) <= 24 and _COUNTER.match(line) is not None


def is_photo_credit(line: str) -> bool:
    """A lone photo-credit line: `Keystone/AP/Ivan Sekretarev`, `Photo: AFP`, `© Reuters`."""
    if len(line) > 160 or line.endswith((".", "!", "?", ":")) and not line.endswith(" AFP."):
        return False
    if len(line) > 80 and not _LICENCE.search(line):
        return False
    if _PHOTO_PREFIX.match(line) and (len(line.split()) <= 8 or len(line.split()) <= 20 and _LICENCE.search(line)):
        return True
    return "/" in line and _AGENCY_SLASH.match(line) is not None


# A caption that ends with its credit: "A rider wears a mask on Tuesday. Credit: Jane Doe".
_CAPTION_CREDIT = re.compile(
    r"[.!?)]\s*\(?(?:credit|crédit|crédits|photo|photos|foto|fotos|bild|image|picture|©)\s*:\s*[^.:;!?]{2,60}\)?$",
    re.IGNORECASE,
)


def is_caption_credit(line: str) -> bool:
    """An image caption closed by its credit (`... on Tuesday. Credit: Jane Doe`, `... (Photo: AFP)`)."""
    return len(line) <= 300 and ":" in line and _CAPTION_CREDIT.search(line) is not None


def is_person_name(line: str) -> bool:
    """A line that is only a name (2-4 capitalised words), as photographers' credits are."""
    return len(line) <= 40 and _NAME.match(line) is not None


def is_interface(line: str) -> bool:
    """A line made only of interface words (`Actualisé`, `Partager`, `Commentaires (12)`)."""
    if len(line) > 60 or line.endswith(".") and not line.endswith(".."):
        return False  # a sentence, not a button
    core = _INTERFACE_TRIM.sub("", line.lower())
    if core in INTERFACE_WORDS or _SHARE_ON.match(core):
        return True
    return _UPDATED.match(line) is not None


def is_read_also(line: str) -> bool:
    """A cross-link: `>> Lire aussi : <headline>`, `À lire aussi`, `Read more:`, `>> <headline>`."""
    if len(line) > 250:
        return False
    if line.startswith((">>", "»»", "→", "▶", "►")) and not line.startswith(">>>") and len(line) <= 200:  # >>> is code
        return True
    return _ANY_READ_ALSO.match(line) is not None


_MONTHS = (
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"januar|februar|märz|juni|juli|oktober|dezember|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:er)?\.? (?:{_MONTHS})\b|\b(?:{_MONTHS}) \d{{1,2}}\b|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b",
    re.IGNORECASE,
)


def is_dateline(line: str) -> bool:
    """A short line that carries a date (`10 janvier 2016. –`): content, never boilerplate."""
    return len(line) <= 80 and _DATE.search(line) is not None


# --- Chrome of the page around the article: consent notices, subscription and newsletter prompts,
# date stamps, navigation, bare links. Each answers for one line, like the recognisers above.

_MONTH_ABBR = (
    r"jan|janv|feb|fév|fev|févr|mar|apr|avr|jun|jul|juil|aug|aoû|sep|sept|oct|nov|dec|déc|dez|mär|mrz|okt"
)
_WEEKDAYS = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
)
_MONTH_WORD = re.compile(rf"^(?:{_MONTHS}|{_MONTH_ABBR})$", re.IGNORECASE)
_STAMP_WORDS = re.compile(
    r"^(?:\S+\s+)?(?:publié|publiée|publication|mis à jour|mise à jour|modifié|modifiée|actualisé|actualisée|créé|créée|"
    r"posted|published|updated|last updated|first published|last modified|veröffentlicht|aktualisiert|erstellt|"
    r"geändert|zuletzt aktualisiert|stand)(?:\s+(?:le|on|am|at))?\s*:?\s*",
    re.IGNORECASE,
)
_STAMP_SEPARATORS = r"\s,;:./()+|–—-"
_STAMP_SPLIT = re.compile(rf"[{_STAMP_SEPARATORS}]+")
# Text made only of the words of a date and time, between separators: months, and the other parts of a stamp
# (`a.m` is split at its dot like any word, so it takes `a` and `m`: `10 a.m.` is not a stamp).
_DATE_WORDS_ONLY = re.compile(
    rf"[{_STAMP_SEPARATORS}]*(?:(?:{_MONTHS}|{_MONTH_ABBR}|\d{{1,4}}(?:er|e|st|nd|rd|th|h\d{{0,2}}|'?)?|{_WEEKDAYS}|"
    r"le|la|à|a|at|on|am|um|the|of|de|du|h|uhr|heure|heures|gmt|utc|cet|cest|mez|mesz|est|edt|pst|pdt|ist|bst|pm)"
    rf"(?![^{_STAMP_SEPARATORS}])[{_STAMP_SEPARATORS}]*)+",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    r"\b(?:\d{1,2}[./-](?:0?[1-9]|1[0-2])[./-]\d{2,4}|\d{4}[./-](?:0?[1-9]|1[0-2])[./-]\d{1,2}|(?:0?[1-9]|1[0-2])/\d{1,2}/\d{2,4})\b"
)


_DIGIT = re.compile(r"\d")


def _is_date_tokens(text: str, bare: bool) -> bool:
    """`text` is only a date (and time): day, month, year, weekday, hour, zone, small words."""
    if _DIGIT.search(text) is None:
        return False
    if _DATE_WORDS_ONLY.fullmatch(text) is None:
        return False  # a word that is no part of a date: most lines stop here
    tokens = [t for t in _STAMP_SPLIT.split(text) if t]
    month = any(_MONTH_WORD.match(t) for t in tokens) or _NUMERIC_DATE.search(text) is not None
    if not month:
        return False
    # "Mai 2019" may head a chronology, "April 29, 1986." end a sentence, "3.5.2015 - 5.5.2015" give an
    # event's dates; a stamp has a day and one year
    return not bare or (len(re.findall(r"\d+", text)) >= 2 and re.search(r"(?<!\d)\d{1,2}(?!\d)", text) is not None
                        and len(re.findall(r"(?<!\d)\d{4}(?!\d)", text)) <= 1 and not text.endswith("."))


def is_date_stamp(line: str) -> bool:
    """A publication stamp: `Publié le 3 mai 2019 à 10h12`, `Updated: Apr 17, 2020 01:55 IST`,
    `mercredi 11 septembre 2019`. A dateline that opens the article (`10 janvier 2016. –`) is not one."""
    if len(line) > 90 or _DIGIT.search(line) is None or line.rstrip().endswith(("–", "—", "-")):
        return False
    m = _STAMP_WORDS.match(line)
    if m and m.end() < len(line):
        return _is_date_tokens(line[m.end():], bare=False)
    return _is_date_tokens(line, bare=True)


_TIME = re.compile(r"(?<![\d.])\d{1,2}[:h.]\d{2}(?![\d.])")


def is_bare_date(line: str) -> bool:
    """A date alone on its line, without an hour (`mercredi 11 septembre 2019`): a stamp when the text has
    one, the headings of a chronology or a day-by-day report when it has several."""
    return is_date_stamp(line) and not _STAMP_WORDS.match(line) and not _TIME.search(line)


_COOKIE = re.compile(
    r"\bcookies\b|\bcookie[- ](?:policy|settings|banner|consent|richtlinie|einstellungen)|\btraceurs\b|\btrackers\b|"
    r"tracking technolog|datenschutzerklärung|"
    r"\b(?:vos|your|ihre) (?:données personnelles|personal data|personenbezogenen daten)",
    re.IGNORECASE,
)
_COOKIE_STEMS = ("cookie", "traceur", "tracker", "tracking", "datenschutz", "données personnelles", "personal data",
                 "personenbezogen")
# ... and what a notice does with them (a biscuit recipe or a joke about cookies does none of it).
_CONSENT_CONTEXT = re.compile(
    r"consent|accept|refus|paramétr|paramètres|settings|einstellungen|einwillig|zustimm|akzept|finalités|"
    r"partenaires|partners|\btiers\b|third[- ]part|statisti|audience|analy|mesure|measure|publicit|advertis|werb|"
    r"personnalis|personalis|navigat|brows|\bsite\b|website|webseite|dépos|utilis|\bus(?:e|es|ed|ing)\b|verwend|nutz|"
    r"politique|policy|richtlinie|opt-out|désactiv|activer|disable|enable|partage|sharing",
    re.IGNORECASE,
)


# A notice speaks to the reader about this site; an article about cookies speaks about others.
_CONSENT_ADDRESS = re.compile(
    r"\b(?:nous|vous|votre|vos|notre|nos|we|you|your|our|us|wir|sie|ihr|ihre|unser\w*|dein\w*|du)\b|"
    r"\b(?:ce|this|diese[rs]?) (?:site|website|webseite|seite)\b|ci-dessus|ci-dessous|\babove\b|\bbelow\b",
    re.IGNORECASE,
)


def mentions_cookies(line: str) -> bool:
    """A line about cookies or trackers and what is done with them: a notice's line beside another one."""
    if len(line) > 400 or not may_hold_cookies(line.lower()):
        return False
    return _COOKIE.search(line) is not None and _CONSENT_CONTEXT.search(line) is not None


def is_consent(line: str) -> bool:
    """A line of a cookie / personal-data notice (`Nous utilisons des cookies ...`, `Cookies de mesure d'audience`)."""
    if not mentions_cookies(line):
        return False
    return len(line) <= 60 or _CONSENT_ADDRESS.search(line) is not None


# Prompts of the site itself. Some open their line ...
_PROMO_OPENINGS = (
    # paywalls and accounts
    r"(?:ou )?cré(?:ez|er) (?:votre|un) compte\b", r"connectez-vous\b", r"abonnez-vous\b",
    r"\d+(?:[,.]\d+)?\s?€.{0,40}\b(?:par mois|/mois)\b", r"(?:or )?create (?:a free |an |your )(?:free )?account\b",
    r"continue reading\b",
    # newsletters, alerts, apps
    r"recevoir (?:la |notre |nos |les |des )?(?:newsletter|lettre|informations|infos|alertes|actualités)\b",
    # instructions to click or download, donation and contact calls, affiliate notices
    r"[^.!?]{0,80}\b(?:icône|image|lien|bouton|vignette|bulletin|formulaire|coupon|icon|link|button|form)s? (?:ci-dessous|below)",
    r"faire un don\b", r"(?:donate|jetzt spenden)\b", r"soutenez[- ]nous\b", r"support (?:us|our journalism)\b",
    r"(?:for )?(?:comments|feedback|questions)\b.{0,40}\bcontact\b",
)
# ... the others may start at any word of it.
_PROMO_PHRASES = (
    # paywalls and accounts
    r"pour (?:lire|découvrir) la suite\b", r"réservée? aux abonnés\b", r"déjà (?:un compte|abonné)", r"identifiez-vous\b",
    r"je m['’]abonne\b", r"offre (?:découverte|d['’]essai|spéciale)\b", r"en illimité\b", r"accès illimité\b",
    r"accès à tous les (?:articles|contenus)\b", r"\d+ articles? (?:gratuits? )?par mois\b",
    r"subscribe (?:now|today|to (?:our|read|continue))\b", r"already (?:a subscriber|have an account)\b",
    r"(?:log|sign) in to (?:read|continue|comment)\b", r"unlimited (?:digital )?access\b",
    r"jetzt (?:abonnieren|registrieren|anmelden|testen)\b", r"bereits (?:abonnent|registriert)\b", r"weiterlesen mit\b",
    # newsletters, alerts, apps
    r"(?:inscrivez-vous|abonnez-vous) à (?:notre|la) (?:newsletter|lettre)\b", r"liste de diffusion\b",
    r"(?:vous )?désabonner\b", r"en remplissant ce formulaire\b", r"courriels? par mois\b",
    r"sign up (?:for|to) (?:our|the)\b.{0,40}\b(?:newsletter|e-?mails?|alerts?)\b",
    r"(?:get|receive)\b.{0,60}\b(?:newsletter|daily e-?mail|e-?mail alerts?)\b", r"newsletter (?:abonnieren|bestellen)\b",
    r"téléchargez (?:notre|l['’])\s?appli", r"download (?:the|our)\b.{0,40}\bapps?\b",
    r"(?:laden sie|holen sie sich) (?:die|unsere)\b.{0,30}\bapp\b", r"app herunterladen\b",
    # instructions to click or download, donation and contact calls, affiliate notices
    r"clique[zr] ici\b", r"en cliquant ici\b", r"click here\b", r"klicken sie hier\b",
    r"submit(?:ting)? (?:a |your )?(?:news|press) release\b",
    (r"(?:a bien été |a été |was |has been )?ajouté à (?:la |votre |vos )?"
     r"(?:liste de lecture|playlist|panier|favoris|sélection)\b"),
    r"added to (?:your |the )?(?:playlist|cart|basket|favou?rites|reading list)\b",
    r"zur (?:merkliste|playlist|wunschliste) hinzugefügt\b",
    r"télécharger (?:ce|cette|le|la) (?:graphique|document|fichier|infographie|pdf)\b",
    r"download (?:this|the) (?:chart|graphic|pdf|file|document)\b", r"(?:acrobat|adobe|pdf) reader\b",
    r"affiliate (?:partnerships?|links?|commissions?|programs?)\b", r"liens? (?:d['’]affiliation|affiliés)\b",
    r"affiliate-links?\b",
)
# One alternation per anchor: the anchor is tested once at each position, not once per pattern (4x faster).
_PROMO = re.compile(rf"^(?:{'|'.join(_PROMO_OPENINGS)})|\b(?:{'|'.join(_PROMO_PHRASES)})", re.IGNORECASE)
_FORM_FIELD = re.compile(
    r"^(?:nom|prénom|e-?mail|adresse e-?mail|(?:numéro de )?téléphone(?: portable)?|code postal|name|first name|"
    r"last name|(?:phone|mobile)(?: number)?|zip code|vorname|nachname|telefon(?:nummer)?|postleitzahl)\s*\*?\s*:?$",
    re.IGNORECASE,
)


# Each pattern of _PROMO holds one of these: lines without any are not searched (the search is slow).
# Form fields (`Prénom *`, `E-mail :`) are matched apart: they are short and hold no stem.
_PROMO_STEMS = (
    "la suite", "abonn", "compte", "connectez", "identifiez", "offre", "illimité", "accès à tous", "mois",
    "subscri", "already a", "already have", "create a", "create an", "create your", "log in", "sign in",
    "continue reading", "unlimited", "jetzt", "bereits", "weiterlesen", "newsletter", "lettre", "recevoir",
    "diffusion", "désabonner", "formulaire", "courriel", "sign up", "e-mail", "email", "appli", "laden sie",
    "holen sie", "herunterladen", "clique", "cliquant", "click", "klicken", "dessous", "icon below", "icons below",
    "image below", "images below", "link below", "links below", "button below", "buttons below", "form below",
    "forms below", "submit", "ajouté", "added to", "hinzugefügt", "télécharger", "download", "acrobat", "adobe",
    "pdf reader", "un don", "donate", "spenden", "soutenez", "support us", "support our", "contact",
    "affiliate partner", "affiliate link", "affiliate commission", "affiliate program", "affiliate-link",
    "affiliation", "affiliés",
)




_PROMO_GATE = re.compile(r"\b" + _any_of(_PROMO_STEMS))  # a stem at the start of a word
# The same for ASCII text, which holds no other stem and needs no Unicode tables (twice as fast): most wire copy.
_PROMO_GATE_ASCII = re.compile(r"\b" + _any_of([stem for stem in _PROMO_STEMS if stem.isascii()]), re.ASCII)


def _has_promo_stem(low: str) -> bool:
    return (_PROMO_GATE_ASCII if low.isascii() else _PROMO_GATE).search(low) is not None


def may_hold_promo(text: str) -> bool:
    """Whether any line of `text` (lower case) can be a promo beyond a form field: a cheap test on the whole text."""
    return _has_promo_stem(text)


def may_hold_cookies(text: str) -> bool:
    """Whether `text` (lower case, a line or a whole text) can speak of cookies: a cheap test."""
    return any(stem in text for stem in _COOKIE_STEMS)


def is_form_field(line: str) -> bool:
    """A form's field label (`Prénom *`, `E-mail :`)."""
    return len(line) <= 40 and _FORM_FIELD.match(line) is not None


def is_promo(line: str) -> bool:
    """A subscription, newsletter, app, donation or click prompt of the site (`Pour lire la suite`,
    `Sign up for our newsletter`, `Jetzt abonnieren`)."""
    if len(line) > 400:
        return False
    if not _has_promo_stem(line.lower()):
        return is_form_field(line)  # `Prénom *`: no stem announces it
    return _PROMO.search(line) is not None or _FORM_FIELD.match(line) is not None


_BREADCRUMB = re.compile(r"\s[>›]\s|\s»\s(?!.*«)")
_SITE_NAME = re.compile(
    r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|eu|fr|de|ch|at|be|uk|ca|us|io|tv|it|es|nl)$", re.IGNORECASE
)


def is_site_name(line: str) -> bool:
    """A bare domain (`Example.net`): at the top of a text, the site's masthead. Elsewhere it may be an address."""
    return len(line) <= 60 and _SITE_NAME.match(line) is not None


def is_navigation(line: str) -> bool:
    """A breadcrumb (`Accueil > Monde > ...`), a page title with its sections (`Titre | Rubrique | Site | date`)."""
    if len(line) > 200:
        return False
    if line.startswith(("|", ">", "»", "›")):
        return False  # table rows; cross-links are read-also
    if "|" not in line and ">" not in line and "›" not in line and "»" not in line:
        return False
    if len(_BREADCRUMB.findall(line)) >= 2:
        return True
    parts = line.split(" | ")
    return len(parts) >= 3 and all(0 < len(p) <= 100 for p in parts) and not line.startswith(("-", "•", "*", "–"))


_TABLE_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")


_SCRIPT_LEFTOVERS = frozenset({"[object object]", "undefined", "null", "nan"})
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts


def is_markup(line: str) -> bool:
    """A line with no letter and no digit: `-`, `| | |`, `•` (a table's `|---|---|` belongs to the table),
    or what a page script printed instead of text (`[object Object]`, `undefined`)."""
    if len(line) <= 15 and line.lower() in _SCRIPT_LEFTOVERS:  # lower() never shortens a line
        return True
    return not line[:1].isalnum() and _ALNUM.search(line) is None and _TABLE_RULE.match(line) is None


_PRODUCTION = re.compile(
    r"^\((?:compiled|edited|reported|written|reporting|editing|additional reporting|writing|mitarbeit|redaktion|"
    r"bearbeitung|rédaction|édition)\b[^()]{1,120}\)\.?$|"
    r"^(?:compiled|reporting|additional reporting|editing|writing) by\b[^.]{1,120}(?:;[^.]{1,80})*\.?$|"
    r"^(?:édition|edition|rédaction|redaktion|bearbeitung|mise en ligne|editing)\s*:\s*[^:!?]{2,60}$",
    re.IGNORECASE,
)


def is_production_credit(line: str) -> bool:
    """Who compiled or edited the copy: `(Compiled by ...)`, `Reporting by ...; Editing by ...`."""
    return len(line) <= 200 and _PRODUCTION.match(line) is not None


_AUTHOR_BIO = re.compile(
    r"^[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){1,3} (?:is|was|est|ist) (?:a |an |the |un |une |la |le |der |die |)"
    r"(?:[\w-]+ ){0,4}(?:reporter|correspondent|journalist|editor|writer|columnist|journaliste|correspondante?|"
    r"rédact(?:eur|rice)|chroniqueu(?:r|se)|reporterin|korrespondent(?:in)?|redakteur(?:in)?|autor(?:in)?)\b"
    r"[^.!?]{0,80}\.?$"
)


def is_author_bio(line: str) -> bool:
    """The author's standing blurb: `Jane Doe is a health reporter for the Herald`."""
    return len(line) <= 160 and _AUTHOR_BIO.match(line) is not None


_CONTACT_ITEM = re.compile(r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?[\d ()./-]{6,20})$")


def is_option_item(line: str) -> bool:
    """What an interface heading (`Filtrer par :`, `Nous contacter :`) lists: short bulleted options, an
    e-mail address or a phone number."""
    if _CONTACT_ITEM.match(line):
        return True
    return line.startswith(("-", "•", "*", "–", "·")) and len(line) <= 40 and len(line.split()) <= 4


_SERIES_HEAD = re.compile(
    r"^(?:tous les |les |autres |all |more |other |alle |weitere )?(?:épisodes|episodes|folgen|chapitres|chapters|kapitel)"
    r"(?: précédents| suivants| de la série| in this series| der serie)?\s*:?$",
    re.IGNORECASE,
)
_SERIES_ITEM = re.compile(
    r"^(?:épisode|episode|folge|ép\.|ep\.|chapitre|chapter|kapitel|partie|part|teil)\s*\d{1,3}$", re.IGNORECASE
)


def is_series_head(line: str) -> bool:
    """The heading of a podcast's or a series' list of episodes (`Épisodes`, `All episodes`, `Weitere Folgen`)."""
    return _SERIES_HEAD.match(line) is not None


def is_series_item(line: str) -> bool:
    """An entry of such a list (`Épisode 4`, `Episode 12`, `Folge 3`)."""
    return _SERIES_ITEM.match(line) is not None


def is_teaser(line: str) -> bool:
    """A teaser cut short (`... the first turn-off was blocked ...`): in a run, a list of links."""
    return len(line) <= 300 and line.endswith(("...", "…")) and not line.endswith(("....", "……"))


_READ_ALSO_HEAD = re.compile(r"^(?:[\s>»›▶►→•·*+-]*)(?:\S+\s+){0,3}\S+\s*:?$")


def is_read_also_head(line: str) -> bool:
    """A cross-link heading with nothing after it (`À lire aussi :`, `READ MORE:`, `Lire aussi sur le site`):
    the links follow on the next lines."""
    return len(line) <= 40 and is_read_also(line) and _READ_ALSO_HEAD.match(line) is not None
