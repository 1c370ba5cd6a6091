"""Article text as HTML: reused passages highlighted and linked, cuts shown in place, a pair's edits.

Everything that comes from an article goes through `escape`; the only markup is ours.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass
class Span:
    """A passage of one article's text, the anchor it carries and where clicking it goes."""

    begin: int
    end: int
    anchor: str
    href: str
    title: str
    rank: tuple  # the covering span with the smallest rank is the one a click follows


def anchor(partner_id: str, number: int) -> str:
    """The id of the anchor at passage `number` of the reuse pair with `partner_id`."""
    return f"r-{partner_id}-{number}"


def reuse_spans(article_id: str, reuse: list[dict]) -> list[Span]:
    """The passages of `article_id` in its reuse records (see queries.reuse_of), each linked to the same
    passage in the partner article; a passage copied from a source is followed before one copied by others."""
    spans = []
    for r in reuse:
        partner = r["partner"]
        what = "taken from" if r["role"] == "target" else "taken by"
        name = f"{partner.get('outlet') or ''}: {partner.get('title') or partner['id']}"
        for n, p in enumerate(r["passages"]):
            begin, end = (p["target_begin"], p["target_end"]) if r["role"] == "target" else (p["source_begin"], p["source_end"])
            spans.append(Span(begin, end, anchor(partner["id"], n), f"/articles/{partner['id']}#{anchor(article_id, n)}",
                              f"{what} {name} (score {p['score']})", (r["role"] != "target", -r["share"], partner["id"], n)))
    return spans


def highlighted(text: str, spans: list[Span]) -> Markup:
    """`text` with every span highlighted as a link; an empty anchor marks where each span begins.
    Overlapping spans split the text into segments; each segment lists the spans it belongs to in `data-p`."""
    cuts = sorted({0, len(text), *(min(max(x, 0), len(text)) for s in spans for x in (s.begin, s.end))})
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.begin, []).append(s)
    out = []
    for begin, end in zip(cuts, cuts[1:]):
        for s in sorted(starts.get(begin, []), key=lambda s: s.anchor):
            out.append(Markup('<span class="anchor" id="{}"></span>').format(s.anchor))
        piece = text[begin:end]
        covering = [s for s in spans if s.begin <= begin and s.end >= end]
        if not covering:
            out.append(escape(piece))
            continue
        chosen = min(covering, key=lambda s: s.rank)
        out.append(Markup('<a class="reused" href="{}" title="{}" data-p="{}">{}</a>').format(
            chosen.href, chosen.title, " ".join(sorted(s.anchor for s in covering)), piece))
    return Markup("").join(out)


def with_cuts(raw: str, removed: list[dict]) -> Markup:
    """The text before cleaning, each cut in place as `<del>` with its rule."""
    out, at = [], 0
    for cut in removed:
        if cut["begin"] < at:
            continue
        out.append(escape(raw[at:cut["begin"]]))
        out.append(Markup('<del class="cut" title="cut by rule {}"><span class="rule">{}</span>{}</del>').format(
            cut["rule"], cut["rule"], raw[cut["begin"]:cut["end"]]))
        at = cut["end"]
    out.append(escape(raw[at:]))
    return Markup("").join(out)


_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


def _edits(mine: str, theirs: str, tag: str) -> Markup:
    """`mine` with the words that differ from `theirs` wrapped in `tag` (del on the source side, ins on the target's)."""
    a, b = _TOKEN.findall(mine), _TOKEN.findall(theirs)
    out = []
    for op, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        piece = "".join(a[i1:i2])
        out.append(escape(piece) if op == "equal" or not piece.strip() else Markup(f"<{tag}>{{}}</{tag}>").format(piece))
    return Markup("").join(out)


def pair_columns(source: str, target: str, passages: list[dict]) -> tuple[Markup, Markup]:
    """Both texts of a reuse pair: passage n is `#s-n` in the source and `#t-n` in the target, each linking
    to the other, with the words changed inside it marked (deleted from the source, inserted in the target)."""
    chosen, reach = [], 0
    for n, p in sorted(enumerate(passages), key=lambda np: np[1]["source_begin"]):
        if p["source_begin"] >= reach:  # passages of one pair do not overlap; if they did, the first is shown
            chosen.append((n, p))
            reach = p["source_end"]
    return (_column(source, target, chosen, "source", "target", "del"),
            _column(target, source, chosen, "target", "source", "ins"))


def _column(text: str, other_text: str, chosen: list, side: str, other: str, tag: str) -> Markup:
    """One text of a pair with its passages linked to the other text's (`#s-n` <-> `#t-n`); a passage
    overlapping the one before it in this text is left unmarked here."""
    out, at = [], 0
    for n, p in sorted(chosen, key=lambda np: np[1][f"{side}_begin"]):
        begin, end = p[f"{side}_begin"], p[f"{side}_end"]
        if begin < at:
            continue
        out.append(escape(text[at:begin]))
        theirs = other_text[p[f"{other}_begin"]:p[f"{other}_end"]]
        out.append(Markup('<a class="passage" id="{}-{}" href="#{}-{}"><sup>{}</sup>{}</a>').format(
            side[0], n, other[0], n, n + 1, _edits(text[begin:end], theirs, tag)))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)
