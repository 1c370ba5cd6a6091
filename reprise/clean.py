"""Cleaning: normalised text in, clean text out, and every cut recorded with its rule.

Rules, in the order they are tried on each line:

* `credit`: agency credits, a whole line (`(nxp/ats/afp)`, `— Reuters`) or inside one
  (`PARIS (AFP) -`, `... a-t-il dit. (ats/afp)`); parsed into `credits`;
* `gallery-counter`: `1 / 448`;
* `gallery-caption`: a caption pasted twice in a row (both copies go);
* `repeated-paragraph`: a longer paragraph repeated right after itself (the copy goes);
* `photo-credit`: `Keystone/AP/Ivan Sekretarev`, `Photo: AFP`; a bare name next to a gallery;
* `interface`: `Actualisé`, `Ton opinion`, `Partager`, `Commentaires (12)`;
* `read-also`: `>> Lire aussi : <headline>`, `À lire aussi`, `Read more:`;
* page chrome (`_page_chrome`): `markup` (no letter or digit), production credits, `author-bio`,
  captions closed by their credit, `consent` (cookie notices), `promo` (paywall, newsletter,
  app, donation prompts), `date-stamp` (`Publié le ...`, a lone date), `navigation`
  (breadcrumbs, `Title | Section | Site`);
* `outlet-repeat`: a short line the outlet already carried in several earlier articles.

Then, over the whole text: a site name on the first line, cookie notices taken whole, the
links a cross-link heading announces and runs of teasers, `chrome-tail` (the short
lines left in a text that has turned into chrome down to its end), and a short label left
alone between two lines of chrome.

Most lines of an article are no rule's business, and the rules are many: the lines go through
them only when `_suspects` finds that one may cut them, with a few scans of the whole text (one
for what the rules want at the start of a line, a tree of their opening words built from their
own patterns by `chrome.openings`; a few characters a rule needs inside a line; promo stems), and
passes over the whole text run only when a cheap test of the text says they may cut something.
`tests/test_clean_rules.py` checks this against every rule on every line.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from . import chrome, credits, outlet_lines
from .model import Removed
from .text import squeeze_blank_lines

CAPTION_MAX = 300
PAGE_CHROME_MAX = 400  # no page-chrome rule cuts a longer line: it is a paragraph


@dataclass
class Cleaned:
    text: str
    removed: list[Removed] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    outlet_keys: list[int] = field(default_factory=list)  # candidate lines to learn from


def clean(raw: str, outlet: str = "", memory: outlet_lines.OutletLines | None = None) -> Cleaned:
    """Cut boilerplate out of `raw` (already normalised). Offsets in `removed` are into `raw`."""
    lines, begins = _lines(raw)  # the non-empty lines, and where each begins in `raw`
    cuts: list[tuple[int, int, str]] = []  # (begin, end, rule) in raw
    found_credits: list[str] = []
    dropped = [False] * len(lines)
    rule_of: list[str | None] = [None] * len(lines)

    def drop(i: int, rule: str) -> None:
        dropped[i] = True
        rule_of[i] = rule
        cuts.append((begins[i], begins[i] + len(lines[i]), rule))

    short_keys = outlet_lines.short_line_keys(lines) if memory is not None else {}
    keys = outlet_lines.candidates(lines, short_keys)
    repeated = memory.boilerplate(outlet, keys) if keys else set()
    repeated_at = {i for i, key in short_keys.items() if key in repeated} if repeated else set()  # their lines

    twice = _doubled(lines)
    gates = _Gates(raw)
    suspects = _suspects(raw, lines, begins, gates, twice, repeated_at)  # no rule below cuts another line
    # Captions pasted twice in a row are a gallery's when the page shows one: several such
    # pairs, a counter or a photo credit. Otherwise a doubled paragraph just loses its copy.
    stamps = {i for i in suspects if len(lines[i]) <= 90 and chrome.is_date_stamp(lines[i])}
    bare = {i for i in stamps if chrome.is_bare_date(lines[i])}
    gallery_page = len(twice) >= 2 or bool(twice) and any(
        chrome.is_counter(lines[i]) or chrome.is_photo_credit(lines[i]) for i in suspects if len(lines[i]) <= 80
    )
    gallery = [False] * len(lines)
    for i in suspects:
        if dropped[i]:
            continue
        line = lines[i]
        begin = begins[i]
        size = len(line)
        if size <= 60:
            tokens = credits.credit_line(line)
            if tokens:
                found_credits.extend(tokens)
                drop(i, "credit")
                continue
            if chrome.is_counter(line):
                drop(i, "gallery-counter")
                gallery[i] = True
                continue
        nxt = i + 1
        if nxt < len(lines) and lines[nxt] == line and size >= 3 and any(ch.isalpha() for ch in line):
            if gallery_page and size <= CAPTION_MAX:
                drop(i, "gallery-caption")
                drop(nxt, "gallery-caption")
                gallery[i] = gallery[nxt] = True
                continue
            drop(nxt, "repeated-paragraph")  # the first copy is still judged by the rules below
        if size <= 160 and chrome.is_photo_credit(line):
            drop(i, "photo-credit")
            gallery[i] = True
            continue
        if size <= 60 and chrome.is_interface(line):
            drop(i, "interface")
            continue
        if size <= 250 and chrome.is_read_also(line):
            drop(i, "read-also")
            continue
        rule = _page_chrome(line, gates, i in stamps) if size <= PAGE_CHROME_MAX else None
        if rule == "date-stamp" and len(bare) >= 2 and i in bare:
            rule = None  # several dates alone on their lines head the parts of a chronology
        if rule:
            drop(i, rule)
            continue
        if i in repeated_at and not chrome.is_dateline(line):
            drop(i, "outlet-repeat")
            continue
        dated = credits.dateline_credit(line)
        if dated:
            cut_begin, cut_end, tokens = dated
            found_credits.extend(tokens)
            cuts.append((begin + cut_begin, begin + cut_end, "credit"))
        trailing = credits.trailing_credit(line)
        if trailing:
            cut_begin, tokens = trailing
            found_credits.extend(tokens)
            cuts.append((begin + cut_begin, begin + size, "credit"))

    if lines and not dropped[0] and chrome.is_site_name(lines[0]):
        drop(0, "navigation")
    if gates.cookies:
        _consent_blocks(lines, dropped, rule_of, drop)
    if "interface" in rule_of or "read-also" in rule_of or any(chrome.is_series_head(lines[i]) for i in suspects):
        _link_lists(lines, dropped, rule_of, drop)
    if raw.count("...") + raw.count("…") >= 3:  # each teaser ends with one
        _teasers(lines, dropped, drop)
    _chrome_tail(lines, dropped, rule_of, drop)
    _chrome_between(lines, dropped, rule_of, drop)

    # A bare name is a photographer's credit only beside other gallery chrome.
    if any(gallery):
        for i, line in enumerate(lines):
            if not dropped[i] and chrome.is_person_name(line):
                near = gallery[max(0, i - 2): i] + gallery[i + 1: i + 3]
                if any(near):
                    drop(i, "photo-credit")

    cuts.sort()
    text = _assemble(raw, cuts)
    removed = [Removed(b, e, raw[b:e], rule) for b, e, rule in cuts]
    return Cleaned(text, removed, _unique(found_credits), list(keys))


def _lines(raw: str) -> tuple[list[str], list[int]]:
    """The non-empty lines of `raw` and the offset where each begins (see `text.line_spans`)."""
    parts = raw.split("\n")
    begins = list(itertools.accumulate([len(part) + 1 for part in parts], initial=0))
    if "" not in parts:
        return parts, begins
    kept = [i for i, part in enumerate(parts) if part]
    return [parts[i] for i in kept], [begins[i] for i in kept]


def _doubled(lines: list[str]) -> list[int]:
    """The lines of three characters or more that the next line repeats."""
    if len(set(lines)) == len(lines):
        return []
    return [i for i in range(len(lines) - 1) if lines[i] == lines[i + 1] and len(lines[i]) >= 3]


class _Gates:
    """What a whole text may hold, tested once on the text, so that most lines skip the costly rules."""

    def __init__(self, raw: str):
        self.low = low = raw.lower()
        # `low` lines up with `raw`, character for character, and a pattern of lower-case words finds in it what
        # the same pattern, case ignored, finds in `raw`: unless a character lower-cases to two (`İ`) or is
        # equal, case ignored, to another letter than its lower case (dotless `ı` to `i`, long `ſ` to `s`)
        self.aligned = len(low) == len(raw) and (raw.isascii() or "ı" not in raw and "ſ" not in raw)
        # Whether a line may be a promo beyond a form field (`is_promo`), or speak of cookies (`is_consent`): as each
        # rule tests its line again, a gate may open for a text where none is; and where (spans) promo stems are.
        self.stems: list[tuple[int, int]] | None = None  # None: not known, test each line
        if raw.isascii():
            self.stems, self.cookies = chrome.ascii_gates(low)
            self.promo = bool(self.stems)
        else:
            self.promo = chrome.may_hold_promo(low)
            self.cookies = chrome.may_hold_cookies(low)
            if self.promo and self.aligned:
                self.stems = [(at, at + 1) for at in chrome.promo_stems(low)]
        self.navigation = "|" in raw or ">" in raw or "›" in raw or "»" in raw


def _start_test() -> str:
    """The test that finds the lines that may start as a line rule wants, in lower case: a tree of what the
    patterns of `chrome.LINE_STARTS` open with, in lower case (where they find a line, it finds the lower-cased
    line), then the patterns of `chrome.LINE_TESTS` and `credits.LINE_TESTS`, written to find the lower-cased
    line."""
    found: set[tuple[str, ...]] = set()
    for pattern in chrome.LINE_STARTS:
        for opening in chrome.openings(pattern):
            atoms = []  # each character in lower case, and each class but one that holds letters (it stops there)
            for atom in opening:
                if len(atom) == 1:
                    atoms.append(atom.lower())
                elif atom == chrome.END or not any(re.match(atom, letter) for letter in "aAéÉ"):
                    atoms.append(atom)
                else:
                    break
            found.add(tuple(atoms))
    if () in found:
        raise ValueError("a pattern of chrome.LINE_STARTS opens with anything: it belongs to LINE_TESTS")
    return "|".join([chrome.opening_tree(found)] + [p.pattern for p in credits.LINE_TESTS + chrome.LINE_TESTS])


# In "\n" + the lower-cased text, the line breaks followed by a line the test finds at its start (a lookahead, so
# that each line is tried on its own); where the lower-cased text does not line up with the text, in the text
# itself, ignoring case (slower). The tests that need capitals, in "\n" + the text.
_START_TEST = _start_test()
_LOWER_STARTS = re.compile(f"\n(?={_START_TEST})", re.MULTILINE)
_CASED_STARTS = re.compile("\n(?=" + "|".join(p.pattern.removeprefix("^") for p in credits.CASED_TESTS + chrome.CASED_TESTS)
                           + ")", re.MULTILINE)


def _folded_starts() -> re.Pattern:
    return re.compile(f"\n(?={_START_TEST})", re.MULTILINE | re.IGNORECASE)  # cached by `re`; seldom needed


# What `is_navigation` needs in a line: ` > ` or ` | ` (the mark first: the regex engine jumps from mark to mark)
_NAVIGATION = re.compile(r"[>›»|](?:(?<=\s[>›»])(?=\s)|(?<= \|)(?= ))")


# What the other rules need in a line, and a test of a line that holds it: a colon, for a caption's credit; a
# slash, for an agency's photo credit (`/` in a line that starts as `_AGENCY_SLASH` says). The tests are the
# rules' own, or what they test first. (A trailing credit needs a closing bracket at the end of its line.)
_NEEDLES = ((":", chrome.is_caption_credit), ("/", chrome.may_be_agency_credit))


def _suspects(raw: str, lines: list[str], begins: list[int], gates: _Gates, twice: list[int], repeated_at: set[int]):
    """The lines the rules of `clean` may cut, in order: each rule cuts only a line that one of the tests here
    finds (a pattern at its start; a colon for a caption's credit, a slash for an agency's photo credit, a
    closing bracket at its end for a trailing credit, ` > ` or ` | ` for navigation, a promo stem; the next line
    the same; a line the outlet repeats). Most lines of an article are found by none."""
    if gates.cookies:
        return range(len(lines))  # a cookie notice takes the lines beside its own: every line is a suspect
    found = set(repeated_at)  # lines the outlet repeats
    starts = _LOWER_STARTS.finditer("\n" + gates.low) if gates.aligned else _folded_starts().finditer("\n" + raw)
    for m in itertools.chain(starts, _CASED_STARTS.finditer("\n" + raw)):
        i = bisect_left(begins, m.start())  # the line that starts there in `raw`, if not an empty one
        if i < len(begins) and begins[i] == m.start():
            found.add(i)
    for needle, test in _NEEDLES:
        at = raw.find(needle)
        while at >= 0:
            i = bisect_right(begins, at) - 1
            if test(lines[i]):
                found.add(i)
            at = raw.find(needle, begins[i] + len(lines[i]))
    ends = credits.TRAILING_ENDS
    found.update(i for i, line in enumerate(lines) if line.endswith(ends) and credits.trailing_credit(line))
    if gates.navigation:
        for m in _NAVIGATION.finditer(raw):
            found.update(range(bisect_right(begins, m.start()) - 1, bisect_right(begins, m.end() - 1)))
    if gates.stems is not None:  # `is_promo`: a stem in the line (or a form field, at its start)
        for begin, end in gates.stems:
            found.update(range(bisect_right(begins, begin) - 1, bisect_right(begins, end - 1)))
    elif gates.promo:
        found.update(i for i, line in enumerate(lines) if chrome.may_hold_promo(line.lower()))
    if twice:
        found.update(i for i in range(len(lines) - 1) if lines[i] == lines[i + 1])
    found.discard(-1)  # (nothing is found before the first line, nor after the last one: in case)
    found.discard(len(lines))
    return sorted(found)


def _page_chrome(line: str, gates: _Gates, stamp: bool) -> str | None:
    """The rule that cuts `line` as chrome of the page around the article, if one does
    (`stamp`: the line is a date stamp, found beforehand)."""
    if chrome.is_markup(line):
        return "markup"
    if chrome.is_production_credit(line):
        return "credit"
    if chrome.is_author_bio(line):
        return "author-bio"
    if chrome.is_caption_credit(line):
        return "photo-credit"
    if gates.cookies and chrome.is_consent(line):
        return "consent"
    if chrome.is_promo(line) if gates.promo else chrome.is_form_field(line):
        return "promo"
    if stamp:
        return "date-stamp"
    if chrome.is_navigation(line):
        return "navigation"
    return None


CONSENT_GAP = 4  # lines between two lines of a cookie notice that belong to it


def _consent_blocks(lines: list[str], dropped: list[bool], rule_of: list, drop) -> None:
    """A cookie notice runs over several lines: beside one of its lines, a line about cookies is part of it
    even when it does not address the reader (`Des cookies sont déposés par le site et des tiers.`)."""
    n = len(lines)
    about_cookies = [i for i, line in enumerate(lines) if chrome.mentions_cookies(line)]
    if not about_cookies:
        return
    changed = True
    while changed:
        changed = False
        for i in about_cookies:
            if dropped[i]:
                continue
            if any(rule_of[j] == "consent" for j in range(max(0, i - 2), min(n, i + 3))):
                drop(i, "consent")
                changed = True
    # ... and the short lines between two of its lines are its own (`Mesure d'audience :`, the buttons).
    at = [i for i in range(n) if rule_of[i] == "consent"]
    for i, k in zip(at, at[1:]):
        between = range(i + 1, k)
        if 0 < len(between) <= CONSENT_GAP and all(not dropped[j] and len(lines[j]) <= 150 for j in between):
            for j in between:
                drop(j, "consent")


_BULLETS = ("•", "-", "–", "*", "·", "►", "▶", "›", "»")
LINK_LIST_MAX = 12  # items a cross-link heading may announce
TAIL_LIST_MAX = 5  # lines after a heading at the very end of the text, all taken as its links


def _link_lists(lines: list[str], dropped: list[bool], rule_of: list, drop) -> None:
    """Cross-links come in lists: the lines a heading announces (`À lire aussi :` + links, a
    link broken over two lines), and runs of three or more teasers cut short (`...`)."""
    n = len(lines)
    for i, line in enumerate(lines):
        if not dropped[i] and chrome.is_series_head(line) and i + 1 < n and chrome.is_series_item(lines[i + 1]):
            drop(i, "read-also")  # `Épisodes` and the episodes it lists: the series' navigation
            j = i + 1
            while j < n and j <= i + 2 * LINK_LIST_MAX and not dropped[j] and chrome.is_series_item(lines[j]):
                drop(j, "read-also")
                j += 1
        if rule_of[i] == "interface" and line.endswith(":"):  # `Filtrer par :`, `Nous contacter :` and their items
            j = i + 1
            while j < n and j <= i + LINK_LIST_MAX and not dropped[j] and chrome.is_option_item(lines[j]):
                drop(j, "interface")
                j += 1
        if rule_of[i] not in ("read-also", "interface") or not chrome.is_read_also(line):
            continue
        head = chrome.is_read_also_head(line) and line.endswith(":")
        if not head and not line.endswith(("&", ",", " et", " and", " und")):
            continue
        j = i + 1
        if head and j < n and lines[j].startswith(_BULLETS):
            while j < n and j <= i + LINK_LIST_MAX and lines[j].startswith(_BULLETS) and len(lines[j]) <= 250:
                if not dropped[j]:
                    drop(j, "read-also")
                j += 1
        elif head and n - j <= TAIL_LIST_MAX:
            for k in range(j, n):
                if lines[k].endswith(".") and not dropped[k]:
                    break  # a sentence: the article goes on after a heading whose links were lost
                if not dropped[k]:
                    drop(k, "read-also")
        elif j < n and not dropped[j] and len(lines[j]) <= 200:
            drop(j, "read-also")


def _teasers(lines: list[str], dropped: list[bool], drop) -> None:
    """Runs of three or more teasers cut short (`...`): a list of links."""
    n = len(lines)
    i = 0
    while i < n:
        j = i
        while j < n and not dropped[j] and chrome.is_teaser(lines[j]):
            j += 1
        if j - i >= 3:
            for k in range(i, j):
                drop(k, "read-also")
        i = max(j, i + 1)


_TAIL_RULES = frozenset({"consent", "promo", "read-also", "interface", "navigation"})
TAIL_SHARE = 0.5  # share of a text's last lines cut as chrome for the rest of them to go too
TAIL_LINE_MAX = 200  # longer lines in such a tail are kept: they are paragraphs
TAIL_SENTENCE_MIN = 60  # ... and so is a finished sentence this long: the article goes on down to it
_SENTENCE_END = (".", "!", "?", "»", '"', "”")


def _chrome_tail(lines: list[str], dropped: list[bool], rule_of: list, drop) -> None:
    """Once the text has turned into page chrome (a consent notice, a subscription form, link
    lists) and stays mostly chrome to its end, the short lines left among it are chrome too."""
    if dropped.count(True) < 3:
        return  # it takes three lines of chrome
    n = len(lines)
    start = None
    cut = strong = 0
    for s in range(n - 1, -1, -1):
        if not dropped[s]:
            line = lines[s]
            if len(line) > TAIL_LINE_MAX or len(line) >= TAIL_SENTENCE_MIN and line.endswith(_SENTENCE_END):
                break  # a paragraph: the article goes on down to here
            continue
        cut += 1
        strong += rule_of[s] in _TAIL_RULES
        if strong >= 3 and cut >= TAIL_SHARE * (n - s):
            start = s
    if start is None:
        return
    for i in range(start, n):
        if not dropped[i] and len(lines[i]) <= TAIL_LINE_MAX:
            drop(i, "chrome-tail")


BETWEEN_MAX = 40  # a line this short, with chrome cut on both sides of it, is part of that chrome
_BETWEEN_RULES = frozenset({"markup", "navigation", "interface", "read-also", "promo", "consent", "chrome-tail"})


def _chrome_between(lines: list[str], dropped: list[bool], rule_of: list, drop) -> None:
    """A short label left alone between two lines of page chrome (a tab's `FORMATION` between
    separators) belongs to it. A sentence, or a line beside a credit or a gallery, stays."""
    if dropped.count(True) < 2:
        return  # it takes chrome on both sides
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if (not dropped[i] and len(line) <= BETWEEN_MAX and not line.endswith(_SENTENCE_END)
                and rule_of[i - 1] in _BETWEEN_RULES and rule_of[i + 1] in _BETWEEN_RULES):
            drop(i, "chrome-tail" if rule_of[i + 1] == "chrome-tail" else rule_of[i - 1])


def _assemble(raw: str, cuts: list[tuple[int, int, str]]) -> str:
    """`raw` without the cut spans (sorted, each inside one line). A line cut whole disappears
    with its line break; what is left of a line cut inside is tidied; blank lines stay single."""
    if not cuts:
        return raw
    out: list[str] = []
    at = 0  # raw[at:] is still to copy; lines without a cut are copied as they are
    k = 0
    while k < len(cuts):
        begin = raw.rfind("\n", 0, cuts[k][0]) + 1  # the line of this cut (and of the next ones inside it)
        end = raw.find("\n", begin)
        if end < 0:
            end = len(raw)
        pieces, left = [], begin
        while k < len(cuts) and cuts[k][0] < end:
            pieces.append(raw[left: max(left, cuts[k][0])])
            left = max(left, cuts[k][1])
            k += 1
        pieces.append(raw[left:end])
        out.append(raw[at:begin])
        kept = " ".join("".join(pieces).split())
        if kept:
            out.append(kept)
            at = end
        else:
            at = end + 1  # the line goes with its line break
    out.append(raw[at:])
    return squeeze_blank_lines("".join(out)).strip()


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
