"""Recognisers for page chrome that survives HTML extraction, one line at a time.

Each function answers for a single line (already normalised); `clean.py` applies them in
order and records every cut.
"""

from __future__ import annotations

import re
from re import _constants as _sre
from re import _parser as _sre_parse


def _trie(words) -> str:
    """A pattern that matches each of `words` and nothing else, as a tree of their common prefixes (a regex
    tries the branches of an alternation one by one, and a tree leaves few to try at each position)."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        if word:
            by_first.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(first) + _trie(rests) for first, rests in sorted(by_first.items())]
    if not branches:
        return ""
    tree = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{tree})?" if "" in words else tree


def any_of(words) -> str:
    """A pattern that finds whether any of `words` occurs (not which one), as a tree of their common prefixes:
    a regex tries the branches of an alternation one by one, and a tree leaves few to try at each position."""
    if "" in words:
        return ""  # one word is a prefix of the others: finding it is enough
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(first) + any_of(rests) for first, rests in by_first.items()]
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
_SHARE_ON_WORDS = (
    r"(?:partager|partagez|share|teilen|envoyer|send)(?: (?:sur|on|via|auf|par|per|by))? "
    r"(?:facebook|twitter|x|linkedin|whatsapp|instagram|e-?mail|courriel|messenger|telegram|pinterest|reddit|"
    r"bluesky|mastodon|threads|xing|flipboard)"
)
_SHARE_ON = re.compile(f"^{_SHARE_ON_WORDS}$")
_TRIM_HEAD = r"\s>»›▶►→•·|*+-"  # what is trimmed off the start of an interface line ...
_TRIM_TAIL = r"\s:,;.…»›▶►→•·|*\d()\[\]-"  # ... and off its end
_INTERFACE_TRIM = re.compile(f"^[{_TRIM_HEAD}]+|[{_TRIM_TAIL}]+$")
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


def may_be_agency_credit(line: str) -> bool:
    """What `is_photo_credit` needs of a line that holds a slash and does not open as a credit: `_AGENCY_SLASH`."""
    return len(line) <= 160 and "/" in line and _AGENCY_SLASH.match(line) is not None


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
_STAMP_OPENERS = (
    r"publié|publiée|publication|mis à jour|mise à jour|modifié|modifiée|actualisé|actualisée|créé|créée|"
    r"posted|published|updated|last updated|first published|last modified|veröffentlicht|aktualisiert|erstellt|"
    r"geändert|zuletzt aktualisiert|stand"
)
_STAMP_WORDS = re.compile(rf"^(?:\S+\s+)?(?:{_STAMP_OPENERS})(?:\s+(?:le|on|am|at))?\s*:?\s*", re.IGNORECASE)
_STAMP_SEPARATORS = r"\s,;:./()+|–—-"
_STAMP_SPLIT = re.compile(rf"[{_STAMP_SEPARATORS}]+")
# Text made only of the words of a date and time, between separators: months, and the other parts of a stamp
# (`a.m` is split at its dot like any word, so it takes `a` and `m`: `10 a.m.` is not a stamp).
_DATE_WORDS = (  # as one tree (`_trie`): the regex engine tries few of them at each word, not all
    f"{_MONTHS}|{_MONTH_ABBR}|{_WEEKDAYS}|"
    r"le|la|à|a|at|on|am|um|the|of|de|du|h|uhr|heure|heures|gmt|utc|cet|cest|mez|mesz|est|edt|pst|pdt|ist|bst|pm"
).split("|")
_DATE_WORDS_ONLY = re.compile(
    rf"[{_STAMP_SEPARATORS}]*(?:(?:{_trie(_DATE_WORDS)}|\d{{1,4}}(?:er|e|st|nd|rd|th|h\d{{0,2}}|'?)?)"
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




_PROMO_GATE = re.compile(r"\b" + any_of(_PROMO_STEMS))  # a stem at the start of a word
# The same for ASCII text, which holds no other stem and needs no Unicode tables (twice as fast): most wire copy.
_PROMO_GATE_ASCII = re.compile(r"\b" + any_of([stem for stem in _PROMO_STEMS if stem.isascii()]), re.ASCII)


def _has_promo_stem(low: str) -> bool:
    return (_PROMO_GATE_ASCII if low.isascii() else _PROMO_GATE).search(low) is not None


def promo_stems(text: str):
    """Where the stems of promo patterns start in `text` (lower case), as `may_hold_promo` finds them."""
    return (m.start() for m in (_PROMO_GATE_ASCII if text.isascii() else _PROMO_GATE).finditer(text))


# The same two gates for ASCII text in one pass, faster: its bytes with every character but a letter, a digit or
# `_` made a space, so that a word starts after a space (the regex engine jumps from space to space), searched for
# a space and a promo stem (`\b` + stem), or a space and the start of one of the words `_COOKIE` needs at the
# start of a word (the rest it finds anywhere: `tracking technolog`, or in non-ASCII words).
_ASCII_WORD_BYTES = bytes(c if c < 128 and (chr(c).isalnum() or c == 0x5F) else 0x20 for c in range(256))
_SPACED = {c: " " for c in range(128) if not (chr(c).isalnum() or c == 0x5F)}
_PROMO_SPACED = sorted({stem.translate(_SPACED) for stem in _PROMO_STEMS if stem.isascii()})
_COOKIE_SPACED = ["cookie", "traceurs", "trackers"] + [f"{a} {b}" for a in ("vos", "your", "ihre")
                                                       for b in ("personal data", "personenbezogenen daten")]
if any(a.startswith(b) or b.startswith(a) for a in _PROMO_SPACED for b in _COOKIE_SPACED):
    raise ValueError("a promo stem and a cookie word must not start one another: one match could not tell both")
# One tree of both (a match is the shortest word of either list that starts there: it tells which list)
_ASCII_GATES = re.compile(f" {any_of(_PROMO_SPACED + _COOKIE_SPACED)}".encode())
_COOKIE_MATCHES = frozenset(f" {word}".encode() for word in _COOKIE_SPACED)


def ascii_gates(text: str) -> tuple[list[tuple[int, int]], bool]:
    """For ASCII `text` (lower case): the spans (begin, end) that hold the places where a promo stem may start
    (at least every one `promo_stems` finds), and whether the text may hold a line `_COOKIE` finds."""
    spaced = (" " + text).encode("ascii").translate(_ASCII_WORD_BYTES)
    stems, cookies = [], b"tracking technolog" in spaced
    for m in _ASCII_GATES.finditer(spaced):
        if m.group() in _COOKIE_MATCHES:
            cookies = True
        else:
            stems.append((m.start(), m.end() - 1))  # in `text`, one character to the left
    return stems, cookies


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
# Eight numbers or more run together by marks and no letter: a widget's strip of figures that extraction glued
# into one line (a live report's minutes `95'88'88'81'…`). A table's row keeps spaces between its numbers.
NUMBER_STRIP = re.compile(r"(?:\d+[^\w\s]+){8,}[\d\W_]*$")


def is_markup(line: str) -> bool:
    """A line with no letter and no digit: `-`, `| | |`, `•` (a table's `|---|---|` belongs to the table),
    what a page script printed instead of text (`[object Object]`, `undefined`), or a strip of numbers run
    together (`NUMBER_STRIP`)."""
    if len(line) <= 15 and line.lower() in _SCRIPT_LEFTOVERS:  # lower() never shortens a line
        return True
    if not line[:1].isalnum() and _ALNUM.search(line) is None:
        return _TABLE_RULE.match(line) is None
    return NUMBER_STRIP.match(line) is not None


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


# --- One test for many lines. Most recognisers above cut a line only when a pattern matches at its start;
# `openings` finds what such a match begins with, so that one scan of a whole text finds the lines that may be
# cut (`clean.py`), and the recognisers run on those only.

_READ_ALSO_MARKS = re.compile(r">>|»»|→|▶|►")  # what `is_read_also` takes a line starting with (a superset)
_INTERFACE_LINE = re.compile(  # the lines whose `is_interface` core is a word of INTERFACE_WORDS or a share button
    rf"[{_TRIM_HEAD}]*(?:{_trie(INTERFACE_WORDS)}|{_SHARE_ON_WORDS})[{_TRIM_TAIL}]*$", re.IGNORECASE
)
_LEFTOVER_LINE = re.compile("(?:" + "|".join(map(re.escape, sorted(_SCRIPT_LEFTOVERS))) + ")$", re.IGNORECASE)
NO_ALNUM_LINE = re.compile(r"[\W_]*$")  # `is_markup` otherwise: no letter and no digit
_DATE_LINE = re.compile(f"(?:{_DATE_WORDS_ONLY.pattern})$", re.IGNORECASE)  # a bare date (`is_date_stamp`)
# ... or a stamp: its words (`_STAMP_WORDS`), then the words of a date only
_STAMP_LINE = re.compile(
    rf"(?:\S+\s+)?{_trie(_STAMP_OPENERS.split('|'))}(?:\s+(?:le|on|am|at))?\s*:?\s*(?:{_DATE_WORDS_ONLY.pattern})$",
    re.IGNORECASE,
)

# The patterns a line must match at its start (`.match`) for a recogniser to cut it: a counter, a photo credit
# (or a `/` in the line: `_AGENCY_SLASH`), an interface line, a cross-link, markup, a production credit, an
# author's blurb, a form field, a date stamp, a series' heading. Those of LINE_STARTS open with words or with
# marks (`openings`); those of LINE_TESTS with a letter or a digit of a wide class: they are tests as they are,
# written so that each matches the lower-cased line wherever its recogniser may cut the line; those of
# CASED_TESTS (an author's blurb opens with capitals) test the line as it is.
LINE_STARTS = (
    _PHOTO_PREFIX, _INTERFACE_LINE, _UPDATED, _READ_ALSO_MARKS, _ANY_READ_ALSO, _LEFTOVER_LINE, _PRODUCTION,
    _FORM_FIELD, _SERIES_HEAD,
)
LINE_TESTS = (_COUNTER, NO_ALNUM_LINE, NUMBER_STRIP, _STAMP_LINE, _DATE_LINE)
CASED_TESTS = (_AUTHOR_BIO,)


_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}


END = "(?:$)"  # the atom that ends an opening where a match must reach the end of the line


def openings(pattern: re.Pattern, size: int = 6) -> list[tuple[str, ...]] | None:
    """What every match of `pattern` (`.match`) begins with, as a list of openings, one of which starts each
    match: up to `size` atoms, each a character or (last) a pattern, of a character class or END, to be read
    with the flags of `pattern`. None when a match may begin with anything (the empty string among others)."""
    found = _openings(list(_sre_parse.parse(pattern.pattern, pattern.flags)), size, [5000])
    if found is None or () in found:
        return None
    return sorted(found)


def _openings(items: list, size: int, budget: list[int]) -> set[tuple[str, ...]] | None:
    """The openings of the sequence of parsed regex `items`, as tuples of atoms (a character, or a class's
    pattern, which ends a tuple); a shorter tuple where a match may end or go on with anything. None: anything.
    (`budget`: calls left, so that a repetition of what may match nothing cannot recurse for ever.)"""
    budget[0] -= 1
    if not items or size == 0 or budget[0] < 0:
        return {()}
    (op, av), rest = items[0], items[1:]
    if op is _sre.AT and av is _sre.AT_END:  # `$`: nothing but the end of the line can follow
        return {(END,)}
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):  # match no character: leaving them out only admits more
        return _openings(rest, size, budget)
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _openings(list(sub) + rest, size, budget)
    if op is _sre.BRANCH:
        found: set = set()
        for branch in av[1]:
            more = _openings(list(branch) + rest, size, budget)
            if more is None:
                return None
            found |= more
        return found
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        if high == 0:
            return _openings(rest, size, budget)
        # one repetition, then the others (at least low - 1 more, at most high - 1) and the rest
        again = [(_sre.MAX_REPEAT, (max(low - 1, 0), high - 1 if high != _sre.MAXREPEAT else high, sub))]
        once = _openings(list(sub) + again + rest, size, budget)
        if once is None or low > 0:
            return once
        none = _openings(rest, size, budget)  # ... or no repetition
        return None if none is None else once | none
    if op is _sre.LITERAL:
        heads = [chr(av)]
    elif op is _sre.NOT_LITERAL:
        heads = ["[^" + re.escape(chr(av)) + "]"]
    elif op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in av):
        heads = [chr(code) for _, code in av]
    elif op is _sre.IN:
        heads = [_class(av)]
        if heads[0] is None:
            return None
    else:
        return None
    if len(heads[0]) > 1 or size == 1:  # a class: the opening ends with it (what follows would multiply openings)
        return {(head,) for head in heads}
    tails = _openings(rest, size - 1, budget)
    if tails is None:
        return {(head,) for head in heads}
    return {(head,) + tail for head in heads for tail in tails}


def opening_tree(found) -> str:
    """One pattern that matches where one of the openings `found` does, as a tree of their common prefixes."""
    if () in found:
        return ""  # one is a prefix of the others: finding it is enough
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for opening in found:
        by_first.setdefault(opening[0], []).append(opening[1:])
    branches = [(re.escape(atom) if len(atom) == 1 else atom) + opening_tree(rests) for atom, rests in sorted(by_first.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _class(items) -> str | None:
    """A parsed character class back as a pattern (`[^\\s>a-z]`), or None for what it cannot write."""
    out = []
    for kind, value in items:
        if kind is _sre.NEGATE and not out:
            out.append("^")
        elif kind is _sre.LITERAL:
            out.append(re.escape(chr(value)))
        elif kind is _sre.RANGE:
            out.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
        elif kind is _sre.CATEGORY and value in _CATEGORIES:
            out.append(_CATEGORIES[value])
        else:
            return None
    return "[" + "".join(out) + "]" if out not in ([], ["^"]) else None
