"""Agency credits: `(nxp/ats/afp)`, `agences/boi`, `(AFP)`, `— Reuters`.

A credit says where copy came from, so cleaning takes it out of the text and keeps it,
parsed into lower-case tokens, on the article (`["nxp", "ats", "afp"]`).
"""

from __future__ import annotations

import functools
import re

# News agencies a credit may name (lower case). Sources: the agencies' own bylines.
AGENCIES = frozenset(
    """
    afp ats sda ats-sda keystone-ats ap reuters reuter dpa ansa efe belga apa kyodo xinhua tass
    ria anp ntb tt pap ctk čtk mti upi bloomberg keystone sid kna epd awp apn dapd ddp afx aps
    map aa ani pti ians cp pc lusa ep agerpres bta hina sta tanjug fena mia ata kna ana-mpa
    ana yonhap bernama antara pna aap nzpa sapa nan ipa iss
    """.split()
)
# Words that stand for "the agencies" in a credit (`agences/boi`).
AGENCY_WORDS = frozenset({"agences", "agence", "agencies", "agenturen", "agencias", "agenzie", "wires"})
_WITH = re.compile(r"^(?:avec|with|mit)\s+", re.IGNORECASE)
_ALIASES = {"reuter": "reuters", "čtk": "ctk"}
# Agencies whose name is also a common word or abbreviation: alone on a line, only with a mark.
_WORDLIKE = frozenset({"map", "pc", "cp", "ep", "aa", "tt", "ana", "mia", "ata", "sid", "ani", "iss", "nan", "ipa", "pna", "sta"})

_TOKEN = r"[A-Za-zÀ-ÿčČ]{2,10}(?:-[A-Za-z]{2,4})?"
_GROUP = rf"{_TOKEN}(?:\s*/\s*{_TOKEN}){{0,5}}"
TRAILING_ENDS = (")", "].", ").", "]")  # how a line that ends with a credit ends
_PAREN_AT_END = re.compile(rf"\s*[\(\[]\s*((?:avec\s+|with\s+|mit\s+)?{_GROUP})\s*[\)\]]\.?$")
_DATELINE = re.compile(rf"^([A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{{1,40}}(?:,\s*[^()\n]{{1,40}})?)(\s*\(\s*({_GROUP})\s*\))\s*[-—–:]")
_CREDIT_WORDS = r"avec|with|mit|source|sources|quelle|fuente"
_CREDIT_LINE = re.compile(
    rf"^[\(\[]?\s*(?:[-—–]+\s*)?(?:(?:{_CREDIT_WORDS})\s*:?\s*|©\s*|\(c\)\s*)?"
    rf"({_GROUP})\s*(?:\d{{4}})?\s*[\)\]]?\.?$",
    re.IGNORECASE,
)
# What a line `_CREDIT_LINE` matches starts with: a bracket, a space, a dash or `©`, or else its first token (maybe
# after one of its words), which ends the line (but for a year, a bracket, a dot) or goes on with a slash. (A
# token is all the letters of a word, as what may follow it is no letter: no letter may, so that lines fail fast.)
_CREDIT_LINE_START = re.compile(
    rf"[\(\[\s\-—–©]|(?:(?:{_CREDIT_WORDS})\s*:?\s*)?"
    rf"[A-Za-zÀ-ÿčČ]{{2,10}}(?![A-Za-zÀ-ÿčČ])(?:-[A-Za-z]{{2,4}}(?![A-Za-z]))?(?:\s*/|\s*(?:\d{{4}})?\s*[\)\]]?\.?$)",
    re.IGNORECASE,
)


def parse_group(group: str, *, alone: bool) -> list[str] | None:
    """Tokens of a credit group, or None when the group is not a credit.

    A group is a credit when it names an agency; beside the agency, a slash group may carry
    the editor's initials (`nxp`). A single word (`alone`) must itself be an agency.
    """
    group = _WITH.sub("", group.strip())
    tokens = [t.strip().lower() for t in group.split("/")]
    if not tokens or not all(tokens):
        return None
    named = [t for t in tokens if t in AGENCIES or t in AGENCY_WORDS]
    if not named:
        return None
    if alone and len(tokens) == 1 and tokens[0] not in AGENCIES:
        return None
    others = [t for t in tokens if t not in AGENCIES and t not in AGENCY_WORDS]
    if any(len(t) > 4 for t in others):  # beside agencies, only initials
        return None
    return [_ALIASES.get(t, t) for t in tokens]


def credit_line(line: str) -> list[str] | None:
    """The credit tokens when the whole line is a credit (`(nxp/ats/afp)`, `— Reuters`)."""
    if len(line) > 60:
        return None
    tokens = _credit_line(line)
    return list(tokens) if tokens is not None else None


@functools.lru_cache(maxsize=4096)  # a wire's sign-off (`Reuter`) ends thousands of its texts
def _credit_line(line: str) -> tuple[str, ...] | None:
    m = _CREDIT_LINE.match(line)
    if not m:
        return None
    if m.group(1).lower() in _WORDLIKE and not line.startswith(("(", "[", "-", "—", "–")):
        return None  # a bare "Map" or "PC" is a heading; "(PC)" or "— MAP" is the agency
    tokens = parse_group(m.group(1), alone=True)
    return tuple(tokens) if tokens is not None else None


def trailing_credit(line: str) -> tuple[int, list[str]] | None:
    """A parenthesised credit ending a paragraph (`... a-t-il dit. (ats/afp)`): (cut start, tokens)."""
    if not line.endswith(TRAILING_ENDS):
        return None
    m = _PAREN_AT_END.search(line)
    if not m or m.start() == 0:
        return None
    before = line[: m.start()].rstrip()
    single = "/" not in m.group(1)
    # A lone "(AFP)" is a credit only after a finished sentence, not after "Agence France-Presse".
    if single and not before.endswith((".", "!", "?", "»", '"', "”", "…")):
        return None
    tokens = parse_group(m.group(1), alone=True)
    return (m.start(), tokens) if tokens else None


def dateline_credit(line: str) -> tuple[int, int, list[str]] | None:
    """The credit in a dateline (`PARIS (AFP) - ...`): (cut begin, cut end, tokens); the place stays."""
    if "(" not in line[:90]:
        return None
    m = _DATELINE.match(line)
    if not m:
        return None
    tokens = parse_group(m.group(3), alone=True)
    return (m.start(2), m.end(2), tokens) if tokens else None


# What a whole-line credit starts with, in the lower-cased line (see `chrome.LINE_TESTS`), and a dateline credit in
# the line as it is (`chrome.CASED_TESTS`); a trailing credit needs its line to end with one of TRAILING_ENDS.
LINE_TESTS = (_CREDIT_LINE_START,)
CASED_TESTS = (_DATELINE,)
