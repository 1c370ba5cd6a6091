"""HTML extraction: chrome pruned before extraction, link blocks dropped, the standfirst kept."""

from __future__ import annotations

import json

import lxml.html
from lxml import etree

from reprise.ingest.html import extract, item_from_html
from reprise.ingest.html_blocks import filter_blocks, is_link_block
from reprise.ingest.html_lead import json_ld_body, lead_candidates, with_lead
from reprise.ingest.html_prune import prune, verdict
from reprise.model import RawItem, Source

BODY = [
    "The city council voted on Tuesday evening to approve next year's budget after a debate that lasted "
    "more than three hours and drew a large crowd of residents to the town hall.",
    "The mayor defended a rise in spending on schools and public transport, while the opposition warned "
    "that the city's debt was growing faster than its revenue and called for a delay of two new projects.",
    "Several residents spoke during the public session, most of them about the plan to close a library "
    "branch in the north of the city, which the council finally agreed to keep open for another year.",
    "The budget will be published in full next week, and a second vote on the transport plan is expected "
    "before the end of the month, once the regional authority has given its opinion on the new bus lines.",
]
LEAD = "Councillors approved a budget that raises spending on schools and transport despite warnings about the debt."


def page(extra_article: str = "", extra_body: str = "") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in BODY)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Budget approved</title></head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience on our website. Accept all cookies</p>
<button>Accept</button></div>
<header class="site-header"><ul class="main-menu"><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li></ul></header>
<main><article>
<h1>City council approves next year's budget</h1>
<p class="article-lead">{LEAD}</p>
<div class="share-bar"><a href="/s/fb">Share on Facebook</a> <a href="/s/tw">Share on Twitter</a></div>
<div class="article-body">{paragraphs}
{extra_article}</div>
<div class="newsletter-signup"><p>Get the morning briefing in your inbox every day.</p>
<form><input type="email"><button>Subscribe</button></form></div>
</article>
<aside class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/a">Mayor unveils plan for new tram line across the river</a></li>
<li><a href="/b">Opposition calls for audit of city finances after report</a></li></ul></aside>
</main>{extra_body}
<footer><p>Copyright Example Daily News, all rights reserved.</p></footer>
</body></html>"""


def test_article_text_stays_and_chrome_goes():
    found = extract(page())
    assert found is not None
    for paragraph in BODY:
        assert paragraph in found.text
    for chrome in ("cookies", "Share on Facebook", "morning briefing", "Mayor unveils plan", "Related stories",
                   "all rights reserved", "Politics"):
        assert chrome not in found.text, chrome


def test_standfirst_is_put_back_in_front_of_the_body():
    found = extract(page())
    assert found.text.startswith(LEAD)
    assert found.text.count(LEAD) == 1


def test_link_block_inside_the_article_goes():
    related = ('<p><a href="/c">Read more: council delays vote on the new stadium until spring</a></p>'
               '<h3>More from politics</h3><ul><li><a href="/d">Regional election date set for March</a></li>'
               '<li><a href="/e">Parties agree on televised debate</a></li></ul>')
    found = extract(page(extra_article=related))
    assert "council delays vote" not in found.text
    assert "Regional election date" not in found.text
    assert "More from politics" not in found.text
    assert BODY[-1] in found.text


def test_paragraph_citing_a_link_stays():
    cited = ('<p>The full report, which the <a href="/r">audit office</a> released on Monday, lists forty '
             'recommendations for the city, from pensions to the maintenance of bridges and roads.</p>')
    found = extract(page(extra_article=cited))
    assert "lists forty recommendations" in found.text


def test_prune_keeps_a_text_container_whatever_its_name():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = (f'<html><body><div class="widget sidebar-right"><h1>Title</h1>{paragraphs}</div>'
            '<div class="widget"><a href="/x">Other story one</a> <a href="/y">Other story two</a></div></body></html>')
    tree = lxml.html.fromstring(html)
    prune(tree)
    text = tree.text_content()
    assert BODY[0] in text
    assert "Other story one" not in text


def test_prune_verdicts():
    total = 5000
    assert verdict(lxml.html.fragment_fromstring('<div class="social-share">x</div>'), total) == "weak"
    assert verdict(lxml.html.fragment_fromstring('<ul class="related-posts"><li>x</li></ul>'), total) == "name"
    assert verdict(lxml.html.fragment_fromstring("<nav><a>Home</a></nav>"), total) == "tag:nav"
    assert verdict(lxml.html.fragment_fromstring('<div class="unrelated-content">x</div>'), total) is None
    prose = "".join(f"<p>{p}</p>" for p in BODY)
    assert verdict(lxml.html.fragment_fromstring(f'<div class="share-wrapper">{prose}</div>'), total) is None
    # a whole page wrapped in a form (ASP.NET) is not chrome
    assert verdict(lxml.html.fragment_fromstring(f"<form>{'word ' * 1200}</form>"), total) is None


def test_link_blocks():
    body = etree.fromstring(
        "<body><p>Plain paragraph of text with no link at all in it.</p>"
        '<p><ref target="/a">A headline of another story</ref></p>'
        '<p>See <ref target="https://example.org/report">https://example.org/report</ref></p>'
        '<head>Related</head><list><item><ref target="/b">One</ref></item><item><ref target="/c">Two</ref></item></list>'
        "</body>")
    kinds = [is_link_block(c) for c in body]
    assert kinds == [False, True, False, False, True]
    assert filter_blocks(body) == 3
    assert [c.tag for c in body] == ["p", "p"]


def test_lead_only_counts_before_the_kept_body():
    html = f"""<html><body><h1>Headline</h1><p>{BODY[0]}</p><p>{BODY[1]}</p>
    <div class="teaser">Another story teaser that sits after the body and is not the lead of this article.</div>
    </body></html>"""
    tree = lxml.html.fromstring(html)
    leads = lead_candidates(tree)
    assert with_lead(f"{BODY[0]}\n{BODY[1]}", leads) == f"{BODY[0]}\n{BODY[1]}"


def test_json_ld_article_body():
    data = {"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "articleBody": "First &amp; second."}]}
    tree = lxml.html.fromstring(f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head>'
                                "<body><p>x</p></body></html>")
    assert json_ld_body(tree) == "First & second."


def test_extract_is_deterministic():
    html = page()
    assert extract(html).text == extract(html).text


def test_item_from_html_keeps_its_contract():
    item = item_from_html(page(), Source("page.html"), key="k", url="https://example.org/budget")
    assert isinstance(item, RawItem)
    assert item.url == "https://example.org/budget"
    assert BODY[0] in item.text


def test_publication_time_keeps_its_hour_and_zone():
    body = "<p>" + "Le conseil municipal a voté le budget de la ville après un long débat. " * 12 + "</p>"
    page = ('<html><head><meta property="article:published_time" content="2019-03-05T08:15:00+01:00">'
            f"<title>Budget</title></head><body><article><h1>Budget voté</h1>{body}</article></body></html>")
    item = item_from_html(page, Source("page.html"), key="file:page.html")
    assert item.published.isoformat() == "2019-03-05T08:15:00+01:00"
