"""Block filters on the extracted document, where links are still visible.

trafilatura's result tree (paragraphs, headings, lists, quotes, tables, with <ref> for the
links when asked) is filtered before it is turned into text:

* a block that is mostly link text (a related headline, a list of links to other stories
  or sections) goes;
* a heading whose section lost all its blocks that way goes with them ("Related stories"
  above a list of links).

Then the links are unwrapped (their text stays) and the tree is serialised as text.
"""

from __future__ import annotations

import re

from lxml import etree

from .html_prune import remove_keep_tail

_LINKY = 0.6  # share of a block's text in links above which it is a link block
_LONG = 300  # a block this long is prose with links in it, whatever the share
_SHOWN_ADDRESS = re.compile(r"^(?:https?://|www\.|[\w.+-]+@[\w-]+\.)", re.IGNORECASE)


def _len(el) -> int:
    return sum(len(t.strip()) for t in el.itertext())


def _link_len(el) -> int:
    """Text in links, except links that show their address (a cited source, not a teaser)."""
    return sum(_len(r) for r in el.iter("ref") if not _SHOWN_ADDRESS.match("".join(r.itertext()).strip()))


def is_link_block(el) -> bool:
    """Mostly links and not long: a link to another page, not a paragraph that cites one."""
    size = _len(el)
    if not size or el.tag == "table":
        return False
    if el.tag == "list":
        items = [i for i in el.iter("item")]
        if items and all(_link_len(i) >= _LINKY * _len(i) for i in items if _len(i)):
            return True
        return False
    return size < _LONG and _link_len(el) >= _LINKY * size


def filter_blocks(body) -> int:
    """Drop link blocks (and headings left over them) from trafilatura's body; returns how many."""
    children = [c for c in body if isinstance(c.tag, str)]
    drop = [is_link_block(c) for c in children]
    # A heading whose following blocks, up to the next heading, all went.
    for i, c in enumerate(children):
        if c.tag != "head" or drop[i]:
            continue
        j = i + 1
        section = []
        while j < len(children) and children[j].tag != "head":
            section.append(j)
            j += 1
        if section and all(drop[k] for k in section):
            drop[i] = True
        elif not section and is_link_block(c):
            drop[i] = True
    for c, gone in zip(children, drop):
        if gone:
            remove_keep_tail(c)
    return sum(drop)


def body_text(body) -> str:
    """The text of trafilatura's body, links unwrapped."""
    from trafilatura.xml import xmltotxt

    etree.strip_tags(body, "ref")
    return xmltotxt(body, include_formatting=False) or ""
