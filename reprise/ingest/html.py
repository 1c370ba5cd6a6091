"""HTML pages to text and metadata: chrome pruned, trafilatura, link blocks dropped, the
standfirst kept (trafilatura's own deduplication off: it is non-deterministic, its cache
depends on what was read before)."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from ..dates import parse_date
from ..model import RawItem, Reject, Source
from .html_blocks import body_text, filter_blocks
from .html_lead import json_ld_body, lead_candidates, with_lead
from .html_prune import prune
from .jsonl import host_of

_LD_MIN = 200  # JSON-LD articleBody: at least this long
_LD_RATIO = 2  # and this many times the extracted text
_OWN_SHARE = 0.5  # trafilatura's own pass is kept when it has at least this share of the full pass's text
_RETRY_BELOW = 1000  # a text shorter than this gets a second pass favouring recall
_RETRY_GAIN = 1.5  # taken when it is this many times longer


@dataclass
class Extracted:
    text: str
    title: str = ""
    date: str = ""
    sitename: str = ""
    url: str = ""
    language: str = ""


def extract(html: bytes | str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of a page, or None when no article text is found.

    1. The page is parsed once and chrome elements are pruned from the tree (html_prune).
    2. trafilatura extracts the main text from what is left, links kept as markup, so that
       link blocks (related headlines, lists of links) can be dropped (html_blocks).
    3. trafilatura's own pass (no fallback extractors) is kept when it has between half and
       all of the full pass's text: the fallback then only added a coarse block of chrome.
    4. When the text is short, a second pass on the whole page favouring recall is tried,
       and when the page's JSON-LD carries a much longer `articleBody`, that is taken.
    5. A standfirst between the headline and the body is put back when the extractor left
       it out (html_lead).
    Measured on trafilatura's benchmark in docs/evaluation.md.
    """
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    ld_body = json_ld_body(tree)
    prune(tree)
    lead = lead_candidates(tree)
    own = _extract_doc(deepcopy(tree), url, fast=True, metadata=False)
    doc = _extract_doc(tree, url)
    if doc is None:
        return None
    text = body_text(filtered(doc.body))
    if own is not None:
        structured = body_text(filtered(own.body))
        if _OWN_SHARE * len(text) <= len(structured) <= len(text):
            text = structured  # the fallback's extra text was not a rescue: keep the finer-grained result
    if len(text) < _RETRY_BELOW:
        fresh = trafilatura.load_html(html)
        again = _extract_doc(fresh, url, favor_recall=True, metadata=False) if fresh is not None else None
        if again is not None:
            longer = body_text(filtered(again.body))
            if len(longer) > _RETRY_GAIN * len(text):
                text = longer
    if len(ld_body) >= _LD_MIN and len(ld_body) > _LD_RATIO * len(text):
        text = ld_body  # the extractor found a fragment; the page's own metadata has the article
    if not text.strip():
        return None
    text = with_lead(text, lead)
    return Extracted(
        text=text,
        title=doc.title or "",
        date=doc.date or "",
        sitename=doc.sitename or "",
        url=doc.url or url or "",
        language=doc.language or "",
    )


def _date_params() -> dict:
    """trafilatura's own date settings, asking for the time and zone too: who published first is
    decided by the hour, not the day."""
    from trafilatura.settings import set_date_params

    return {**set_date_params(True), "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def _extract_doc(tree, url: str | None, favor_recall: bool = False, metadata: bool = True, fast: bool = False):
    import trafilatura

    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        deduplicate=False,
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=metadata,
        date_extraction_params=_date_params() if metadata else None,
        favor_recall=favor_recall,
        fast=fast,
    )
    if doc is None or doc.body is None:
        return None
    return doc


def filtered(body):
    filter_blocks(body)
    return body


def item_from_html(html: bytes | str, source: Source, key: str, url: str = "", outlet: str | None = None):
    """A RawItem from one page, or a Reject saying why there is none."""
    try:
        found = extract(html, url or None)
    except Exception as err:  # trafilatura/lxml raise many kinds on broken markup
        return Reject(source.input, source.record, f"HTML could not be parsed: {type(err).__name__}: {err}")
    if found is None:
        return Reject(source.input, source.record, "no article text found in the page")
    page_url = url or found.url
    return RawItem(
        key=key,
        source=source,
        text=found.text,
        title=found.title,
        published=parse_date(found.date),
        outlet=found.sitename or host_of(page_url) or outlet or "",
        url=page_url,
        language=found.language,
    )


def read_html(path: Path, data: bytes, outlet: str | None):
    item = item_from_html(data, Source(str(path)), key=f"file:{path}", outlet=outlet)
    if isinstance(item, RawItem) and not item.outlet:
        item.outlet = path.parent.name
    yield item
