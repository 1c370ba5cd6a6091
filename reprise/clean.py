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
* `outlet-repeat`: a short line the outlet already carried in several earlier articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import chrome, credits, outlet_lines
from .model import Removed
from .text import line_spans

CAPTION_MAX = 300


@dataclass
class Cleaned:
    text: str
    removed: list[Removed] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    outlet_keys: list[int] = field(default_factory=list)  # candidate lines to learn from


def clean(raw: str, outlet: str = "", memory: outlet_lines.OutletLines | None = None) -> Cleaned:
    """Cut boilerplate out of `raw` (already normalised). Offsets in `removed` are into `raw`."""
    spans = line_spans(raw)
    lines = [raw[b:e] for b, e in spans]
    cuts: list[tuple[int, int, str]] = []  # (begin, end, rule) in raw
    found_credits: list[str] = []
    dropped = [False] * len(lines)

    def drop(i: int, rule: str) -> None:
        dropped[i] = True
        cuts.append((spans[i][0], spans[i][1], rule))

    keys = outlet_lines.candidates(lines) if memory is not None else {}
    repeated = memory.boilerplate(outlet, keys) if keys else set()

    gallery = [False] * len(lines)
    for i, line in enumerate(lines):
        if dropped[i]:
            continue
        begin = spans[i][0]
        if len(line) <= 60:
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
        if nxt < len(lines) and lines[nxt] == line and len(line) >= 3:
            if len(line) <= CAPTION_MAX:
                drop(i, "gallery-caption")
                drop(nxt, "gallery-caption")
                gallery[i] = gallery[nxt] = True
            else:
                drop(nxt, "repeated-paragraph")
            continue
        if len(line) <= 80 and chrome.is_photo_credit(line):
            drop(i, "photo-credit")
            gallery[i] = True
            continue
        if len(line) <= 60 and chrome.is_interface(line):
            drop(i, "interface")
            continue
        if len(line) <= 250 and chrome.is_read_also(line):
            drop(i, "read-also")
            continue
        if repeated and outlet_lines.line_key(line) in repeated and not chrome.is_dateline(line):
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
            cuts.append((begin + cut_begin, spans[i][1], "credit"))

    # A bare name is a photographer's credit only beside other gallery chrome.
    for i, line in enumerate(lines):
        if not dropped[i] and chrome.is_person_name(line):
            near = gallery[max(0, i - 2): i] + gallery[i + 1: i + 3]
            if any(near):
                drop(i, "photo-credit")

    cuts.sort()
    text = _assemble(raw, cuts)
    removed = [Removed(b, e, raw[b:e], rule) for b, e, rule in cuts]
    return Cleaned(text, removed, _unique(found_credits), list(keys))


def _assemble(raw: str, cuts: list[tuple[int, int, str]]) -> str:
    """`raw` without the cut spans, blank-line runs and doubled spaces that cuts leave tidied."""
    if not cuts:
        return raw
    parts = []
    at = 0
    for begin, end, _ in cuts:
        if begin > at:
            parts.append(raw[at:begin])
        at = max(at, end)
    parts.append(raw[at:])
    lines = [line.strip().replace("  ", " ") for line in "".join(parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
