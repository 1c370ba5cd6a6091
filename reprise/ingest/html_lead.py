"""The standfirst: the paragraph between a news page's headline and its body.

Main-text extractors often leave it out, since it sits in the page header beside the
headline, byline and share bar. Here it is found before extraction (the extractor changes
the tree) and put back in front of the extracted text when the extractor left it out.

A candidate is an element after the page's <h1> whose class or id names a lead
(`lead`, `intro`, `chapo`, `standfirst`, `teaser`, `summary`, `excerpt`, `subtitle`, ...),
holding a sentence or more of text that is not a list of links. It only counts when it
comes before the first paragraph the extractor kept, so a "teaser" box further down the
page (links to other stories) is never taken for the lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

_LEAD = re.compile(
    r"(?:^|[\s_-])(?:lead|intro|teaser|chapo|chapeau|standfirst|stand-first|summary|excerpt|sub-?head|"
    r"sub-?title|subline|dek|deck|abstract|kicker-text|description|header-text|preface|perex)",
    re.IGNORECASE,
)
_TAGS = frozenset(("p", "div", "h2", "h3", "span", "section", "header", "strong", "hgroup"))
_MIN, _MAX = 40, 1200
_MIN_NEXT = 60
_KEEP = 1000  # candidates looked at, in page order
_PUT_BACK = 1  # how many are put back (two, subtitle and lead, measured worse)
_PARAGRAPH = 100  # a kept line this long is body text, not a caption or byline
_LINKY = 0.3
_WS = re.compile(r"\s+")


@dataclass
class Leads:
    """Text of the page body in document order (squashed) and lead candidates in it."""

    body: str = ""
    start: int = 0  # where the headline is in `body`
    headline: str = ""
    found: list[tuple[int, str]] = field(default_factory=list)  # (offset in body, text)


def _squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _text(el) -> str:
    return _squash(" ".join(el.itertext()))


def lead_candidates(tree) -> Leads:
    body = tree.find(".//body")
    if body is None:
        return Leads()
    parts: list[str] = []
    size = 0
    offsets = {}
    for event, el in etree.iterwalk(body, events=("start", "end")):
        if event == "start":
            offsets[el] = size
            piece = el.text if isinstance(el.tag, str) and el.tag not in ("script", "style") else None
        else:
            piece = el.tail
        if piece and piece.strip():
            piece = _squash(piece)
            parts.append(piece)
            size += len(piece) + 1
    leads = Leads(body=" ".join(parts))
    h1 = next((h for h in body.iter("h1") if _text(h)), None)  # an empty <h1> is a logo
    if h1 is not None:
        leads.start = offsets.get(h1, 0)
        leads.headline = _text(h1)
    after = leads.start + len(leads.headline)
    around = set() if h1 is None else {h1, *h1.iterancestors()}
    for el in body.iter(*_TAGS):
        at = offsets.get(el, 0)
        if el in around or h1 is not None and h1 in el.iterancestors():
            continue  # the headline, what holds it, what it holds
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        # the text right under the headline, when it is a paragraph and not a byline
        first = h1 is not None and leads.start < at <= after + 1 and el.tag in ("p", "h2")
        if not first and not _LEAD.search(names):
            continue
        text = _text(el)
        if first and len(text) < _MIN_NEXT and not _LEAD.search(names):
            continue
        if not _MIN <= len(text) <= _MAX:
            continue
        links = sum(len(_text(a)) for a in el.iter("a"))
        if links > _LINKY * len(text):
            continue
        if any(text in seen or seen in text for _, seen in leads.found):
            continue
        leads.found.append((at, text))
        if len(leads.found) >= _KEEP:
            break
    return leads


def with_lead(text: str, leads: Leads) -> str:
    """`text` with the page's standfirst in front, when the extractor left it out."""
    if not leads.found:
        return text
    flat = _squash(text)
    # Candidates count between the headline and the kept body; from the top of the page when
    # the kept body is not found after the <h1> (a logo or a sidebar title, not the headline).
    since = leads.start + 1
    first = _first_kept(text, leads, since)
    if first is None:
        since = 0
        first = _first_kept(text, leads, since)
    if first is None:
        return text
    missing = []
    for at, lead in leads.found:
        if at < since:
            continue
        if at >= first:
            break
        if lead in flat or lead[:60] in flat:
            continue  # the extractor kept this one (a byline, a subtitle, or the lead itself)
        missing.append(lead)
    if not missing:
        return text
    return "\n".join([*missing[:_PUT_BACK], text])


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _first_kept(text: str, leads: Leads, since: int) -> int | None:
    """Where the body the extractor kept begins in the page: its first paragraph of running text
    (captions, bylines and a repeated headline before it do not count)."""
    headline = _alnum(leads.headline)
    found = None
    for line in text.split("\n")[:8]:
        probe = _squash(line)[:40]
        if len(probe) < 15 or headline and _alnum(probe) in headline:
            continue
        at = leads.body.find(probe, since)
        if at < 0:
            continue
        if len(line) >= _PARAGRAPH:
            return at
        if found is None:
            found = at
    return found


def json_ld_body(tree) -> str:
    """The longest `articleBody` in the page's JSON-LD (schema.org) blocks, as plain text."""
    import json

    best = ""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                body = item.get("articleBody")
                if isinstance(body, str) and len(body) > len(best):
                    best = body
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    if "<" in best:
        from lxml import html as lxml_html

        try:
            best = "\n".join(t.strip() for t in lxml_html.fromstring(f"<div>{best}</div>").itertext() if t.strip())
        except (ValueError, etree.ParserError):
            return ""
    import html

    return html.unescape(best).strip()
