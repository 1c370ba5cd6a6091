"""Recognisers for page chrome that survives HTML extraction, one line at a time.

Each function answers for a single line (already normalised); `clean.py` applies them in
order and records every cut.
"""

from __future__ import annotations

import re

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
    r"archives?|copyright|©|\(c\)|source(?: image)?|vidéo|video)\s*[:/©]",
    re.IGNORECASE,
)
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
    messenger|telegram|flipboard|bluesky|mastodon|threads|tumblr|xing
    """.replace("\n", "").split("|")
)
INTERFACE_WORDS = frozenset(w.strip() for w in INTERFACE_WORDS if w.strip())
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
    r"(?:à |a )?(?:écouter|regarder) aussi|sur le même sujet)\b",
    re.IGNORECASE,
)
# Elsewhere the words also start real sentences ("Related to this, ..."): a colon, dash or nothing must follow.
_READ_ALSO = re.compile(
    _LINK_MARKS + r"(?:read (?:more|also|next)|see also|related(?: story| stories| articles?| content)?|"
    r"more on this(?: story)?|also read|lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|"
    r"das könnte sie (?:auch )?interessieren|leer más|lea también|ver también|te puede interesar|"
    r"leggi anche|vedi anche)\s*(?:[:|>»›–—-]|$)",
    re.IGNORECASE,
)


def is_counter(line: str) -> bool:
    """`1 / 448`, `Photo 3 sur 12`, `Bild 2 von 9`."""
    return len(line) <= 24 and _COUNTER.match(line) is not None


def is_photo_credit(line: str) -> bool:
    """A lone photo-credit line: `Keystone/AP/Ivan Sekretarev`, `Photo: AFP`, `© Reuters`."""
    if len(line) > 80 or line.endswith((".", "!", "?", ":")) and not line.endswith(" AFP."):
        return False
    if _PHOTO_PREFIX.match(line) and len(line.split()) <= 8:
        return True
    return "/" in line and _AGENCY_SLASH.match(line) is not None


def is_person_name(line: str) -> bool:
    """A line that is only a name (2-4 capitalised words), as photographers' credits are."""
    return len(line) <= 40 and _NAME.match(line) is not None


def is_interface(line: str) -> bool:
    """A line made only of interface words (`Actualisé`, `Partager`, `Commentaires (12)`)."""
    if len(line) > 60:
        return False
    core = _INTERFACE_TRIM.sub("", line.lower())
    if core in INTERFACE_WORDS:
        return True
    return _UPDATED.match(line) is not None


def is_read_also(line: str) -> bool:
    """A cross-link: `>> Lire aussi : <headline>`, `À lire aussi`, `Read more:`, `>> <headline>`."""
    if len(line) > 250:
        return False
    if line.startswith((">>", "»»", "→", "▶", "►")) and len(line) <= 200:
        return True
    return _READ_ALSO_FR.match(line) is not None or _READ_ALSO.match(line) is not None


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
