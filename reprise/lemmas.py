"""Words to lemmas, for comparing articles by what they talk about.

`lemmas(text, lang)` cuts a text into word tokens, drops French élisions (l', d', qu', jusqu'...),
possessive 's and stopwords, and maps every word to its lemma with simplemma (about 50 languages;
other languages keep the lower-cased word). The keys are lower-cased and stripped of accents after
lemmatisation, so "Etat" and "État" meet. Scripts written without spaces (Chinese, Japanese, Thai...)
become overlapping character pairs. Digits are left out here: `numbers()` gives them apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Word tokens: letters (and marks), possibly joined by apostrophes or hyphens inside the word.
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-‐](?=[^\W\d_]))*")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d{3})*(?:[.,]\d+)?")
# Scripts without spaces between words: Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]+")
_APOSTROPHES = "'’"
_HYPHENS = re.compile("[-‐]")

# French élisions: the short word before the apostrophe is dropped (l'État -> État).
ELISIONS = frozenset("l d qu j n s c m t jusqu lorsqu puisqu quoiqu presqu quelqu".split())
# Languages written with élisions of the same kind (Italian l', dell', Catalan l', d').
_ELIDING = {"fr": ELISIONS, "it": frozenset("l d dell all dall nell sull un c m t s quest quell"), "ca": frozenset("l d s m t n")}

_STOPWORDS_TEXT = {
    "fr": """a à afin ai aie aient ainsi alors après as au aucun aucune auprès auquel aussi autre autres aux avaient avais
        avait avant avec avez avoir avons ayant c ça car ce ceci cela celle celles celui cependant certains ces cet cette
        ceux chez ci comme comment contre d dans de depuis des dès deux donc dont du durant elle elles en encore entre es
        est et été étaient était étant être eu eux fait faire fois font hors il ils j je jusqu l la laquelle le lequel les
        lesquels leur leurs lors lorsqu lui m ma mais me même mêmes mes moi moins mon n ne ni non nos notre nous on ont ou
        où par parce parmi pas pendant peu peut plus plusieurs pour pourquoi puis qu quand que quel quelle quelles quels qui
        quoi s sa sans se selon ses si sien soi soit son sont sous sur t ta te tes toi ton tous tout toute toutes très tu
        un une vers via vos votre vous y déjà aussi ainsi avoir être faire aller pouvoir devoir dire""",
    "en": """a about after again against all also am an and any are as at be because been before being between both but
        by can could did do does doing down during each few for from further had has have having he her here hers him his
        how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over
        own said same say says she should so some such than that the their them then there these they this those through
        to too under until up very was we were what when where which while who whom why will with would you your""",
    "de": """aber alle allem allen aller als also am an auch auf aus bei bin bis bist da damit dann das dass dem den denn
        der des dich die dir doch dort du durch ein eine einem einen einer eines er es für gegen hat hatte hatten haben
        hier ich ihm ihn ihr ihre im in ist ja jetzt kann kein keine man mehr mit muss nach nicht noch nun nur ob oder
        ohne schon sein seine sich sie sind so sollen soll über um und uns unter vom von vor war waren wenn werden wie
        wieder will wir wird wo wurde wurden zu zum zur zwischen sagte sagen""",
    "es": """a al algo algunos ante antes como con contra cual cuando de del desde donde dos e el ella ellas ellos en entre
        era es esa esas ese eso esos esta está están estas este esto estos fue fueron ha han hasta hay la las le les lo
        los más me mi muy no nos o otra otras otro otros para pero por porque que qué se según ser si sí sin sobre son
        su sus también te tiene todo todos tras un una uno unos y ya dijo""",
}
STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _STOPWORDS_TEXT.items()}


@lru_cache(maxsize=1)
def _supported() -> frozenset[str]:
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

        return frozenset(SUPPORTED_LANGUAGES)
    except ImportError:  # a layout simplemma may change: ask it directly instead
        return frozenset()


def supported(lang: str) -> bool:
    """Whether simplemma has a dictionary for this language."""
    langs = _supported()
    if langs:
        return lang in langs
    return _lemma_or_none("test", lang) is not None


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower case, without accents or other combining marks (cached: words and names come back again and again)."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


@lru_cache(maxsize=8)
def _stopwords(lang: str) -> frozenset[str]:
    words = STOPWORDS.get(lang, frozenset())
    return frozenset(fold(w) for w in words)


@lru_cache(maxsize=1)
def _lemmatizer():
    """simplemma reading its dictionaries as compressed streams: the same lemmas (checked on 138,392 words
    of 8 languages from ../shared/data), a few hundred MB less than the dictionaries decoded into memory
    (`reprise run` on Reuters: about 330 MB, docs/benchmarks.md)."""
    import simplemma
    from simplemma.strategies import DefaultStrategy

    return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(low_memory=True))


def _lemma_or_none(word: str, lang: str) -> str | None:
    try:
        return _lemmatizer().lemmatize(word, lang)
    except (ValueError, TypeError, ImportError, KeyError):
        return None


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The folded lemma of one word (lower-cased word when the language has no dictionary)."""
    low = word.lower()
    if lang and supported(lang):
        found = _lemma_or_none(low, lang)
        if found:
            return fold(found)
    return fold(low)


def _strip_apostrophes(word: str, lang: str) -> str:
    """l'État -> État, jusqu'à -> à, Trump's -> Trump; aujourd'hui stays whole."""
    for apostrophe in _APOSTROPHES:
        if apostrophe not in word:
            continue
        head, _, tail = word.partition(apostrophe)
        elisions = _ELIDING.get(lang, ELISIONS if lang in ("", "und") else ())
        if head.lower() in elisions and tail:
            return _strip_apostrophes(tail, lang)
        if tail.lower() == "s":
            return head
    return word


def words(text: str, lang: str = "") -> list[str]:
    """The word tokens of a text, hyphenated words cut in parts, élisions and possessives removed, case kept."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group()
        if not word.isascii() and _UNSPACED.search(word):
            out.extend(_char_pairs(word))
            continue
        if "-" not in word and "'" not in word and "’" not in word and "‐" not in word:
            out.append(word)  # most words: nothing to cut
            continue
        for part in _HYPHENS.split(word):  # Hartz-IV-Antrag -> Hartz IV Antrag; a-t-il -> a t il
            part = _strip_apostrophes(part, lang).strip("'’")
            if part:
                out.append(part)
    return out


def _char_pairs(word: str) -> list[str]:
    """Runs of an unspaced script become overlapping character pairs; other runs stay whole."""
    out = []
    begin = 0
    for match in _UNSPACED.finditer(word):
        if match.start() > begin:
            out.append(word[begin:match.start()])
        run = match.group()
        out.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
        begin = match.end()
    if begin < len(word):
        out.append(word[begin:])
    return out


def lemmas(text: str, lang: str = "") -> list[str]:
    """The lemmas of a text's words, in order, stopwords dropped (see the module's docstring)."""
    stop = _stopwords(lang)
    out = []
    for word in words(text, lang):
        key = lemma(word, lang)
        if len(key) < 2 and not _UNSPACED.match(key):
            continue
        if key in stop or fold(word) in stop:
            continue
        out.append(key)
    return out


def numbers(text: str) -> list[str]:
    """The numbers of a text, thousands separators removed (1 200 000, 1.200.000 -> 1200000)."""
    out = []
    for match in _NUMBER.finditer(text):
        raw = match.group()
        digits = re.sub(r"[.,\u00a0\u202f](?=\d{3}\b)", "", raw).replace(",", ".")
        out.append(digits)
    return out
