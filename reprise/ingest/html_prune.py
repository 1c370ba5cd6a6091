"""Prune page chrome from an HTML tree before main-text extraction.

An element goes when its tag is chrome by nature (nav, aside, form, ...) or when its class
or id says what it is for (share bar, related links, newsletter box, cookie banner, author
box, comments, ...). trafilatura has its own discard list, applied to divs, sections, spans and
paragraphs; this one also covers the tags it leaves alone (lists, list items, headings,
asides, blockquote embeds) and a few more words. An element
that holds most of the page's text is never pruned, whatever its name: a layout wrapper
named after a sidebar or a form around the whole page must not take the article with it.
"""

from __future__ import annotations

import re

# Words in a class or id that name chrome. Matched at word starts inside the attribute
# ("share-bar", "c-related-links", "newsletterBox"), so that "shared" or "unrelated" do not.
_CHROME_WORDS = (
    r"related|relacionad|newsletter|subscri|signup|sign-up|cookie|consent|gdpr|"
    r"breadcrumb|bread-crumb|disqus|sponsor|advert|adsense|outbrain|taboola|"
    r"author-?bio|author-?box|about-?author|saboxplugin|recommend|more-?stories|more-?articles|"
    r"next-?post|prev-?post|post-?nav|pagination|popular|trending|most-?read|table-?of-?contents|ez-toc|"
    r"rating|navbar|navigation|tag-?list|tagcloud|keywords|topics|"
    r"instagram-media|fb-post|embed|content-?blocker|disclosure|noprint|skip-?link|affiliate"
)
_CHROME = re.compile(rf"(?:^|[\s_-])(?:{_CHROME_WORDS})", re.IGNORECASE)
# Words that also name containers of real text (a "widget" or a "sidebar-right" layout box
# holding the story): these prune only link lists and short boxes.
_WEAK_WORDS = (
    r"share|sharing|social|widget|sidebar|menu|tags|read-?more|promo|author|copyright|credit|categor|"
    r"post-?meta|entry-?meta|tag-?links"
)
_WEAK = re.compile(rf"(?:^|[\s_-])(?:{_WEAK_WORDS})", re.IGNORECASE)
# Short words that only count as a whole token ("ad", "nav"), not inside another word; weak
# too ("section--has-ads" wraps an article).
_CHROME_TOKENS = frozenset("ad ads nav rel banner modal popup overlay footer toc cta".split())
_TOKEN_SPLIT = re.compile(r"[\s_-]+")

_CHROME_TAGS = frozenset(("nav", "aside", "button", "select", "option", "iframe", "svg", "dialog"))
# A form is chrome (search, newsletter, comment form) unless it wraps the page (ASP.NET).
_FORM_TAGS = frozenset(("form",))
_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
_KEEP_TAGS = frozenset(("html", "body", "main", "article", "h1", "head", "title", "meta", "script", "style", "link"))
# Share of the page's text above which an element is never pruned.
_MOST = 0.45
# A weakly named element stays when it holds this much text and is not mostly links.
_SHORT = 120
_LINKY = 0.4
_PROSE = 150  # a paragraph with this much text outside links is prose


def _names(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def _text_len(el) -> int:
    return sum(len(t.strip()) for t in el.itertext())


def _link_len(el) -> int:
    return sum(_text_len(a) for a in el.iter("a"))


def _has_prose(el) -> bool:
    """A paragraph of running text that is not a link: an article, not a box of links."""
    for p in el.iter("p"):
        if _text_len(p) - _link_len(p) >= _PROSE:
            return True
    return False


def verdict(el, total: int) -> str | None:
    """Why `el` is chrome (`tag:nav`, `name`, `weak`), or None to keep it."""
    if not isinstance(el.tag, str):
        return None
    tag = el.tag.lower()
    if tag in _KEEP_TAGS:
        return None
    names = _names(el)
    if tag in _CHROME_TAGS or el.get("role") in ("navigation", "complementary"):
        why = f"tag:{tag}"
    elif _CHROME.search(names):
        why = "name"
    elif tag in _HEADINGS:
        return None  # a heading goes with its box, or not at all (they are short, like chrome)
    elif _WEAK.search(names) or tag in _FORM_TAGS or any(t.lower() in _CHROME_TOKENS for t in _TOKEN_SPLIT.split(names) if t):
        why = "weak"
    else:
        return None
    size = _text_len(el)
    if size > _MOST * total or el.find(".//h1") is not None:
        return None
    if why == "weak" and size >= _SHORT and (_link_len(el) < _LINKY * size or _has_prose(el)):
        return None  # a container of running text, whatever its name
    return why


def prune(tree) -> int:
    """Remove chrome elements from an lxml tree in place; returns how many went."""
    body = tree.find(".//body") if tree.tag != "body" else tree
    if body is None:
        body = tree
    total = _text_len(body) or 1
    removed = 0
    for el in list(body.iter()):
        parent = el.getparent()
        if parent is None or not _attached(el, body):
            continue
        if verdict(el, total):
            remove_keep_tail(el)
            removed += 1
    return removed


def _attached(el, root) -> bool:
    for a in el.iterancestors():
        if a is root:
            return True
    return False


def remove_keep_tail(el) -> None:
    """Take `el` out of the tree, keeping the text that follows it (its tail) where it was."""
    parent = el.getparent()
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
