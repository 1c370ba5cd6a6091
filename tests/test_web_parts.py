"""The pieces pages are made of: highlighted text, cuts in place, a pair's edits, links, pictures."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from reprise.web.marks import Span, highlighted, pair_columns, with_cuts  # noqa: E402
from reprise.web.pages import moment, safe_url  # noqa: E402
from reprise.web.svg import arcs, daily_counts, sparkline  # noqa: E402


def test_overlapping_passages_split_into_segments_each_following_one_link():
    text = "<b>un</b> deux trois quatre cinq"
    spans = [Span(0, 18, "r-a-0", "/articles/a#r-x-0", "from a", (False, -0.5, "a", 0)),
             Span(10, 30, "r-b-1", "/articles/b#r-x-1", "by b", (True, -0.9, "b", 1))]
    html = str(highlighted(text, spans))
    assert html.startswith('<span class="anchor" id="r-a-0"></span><a class="reused" href="/articles/a#r-x-0"')
    assert "&lt;b&gt;un&lt;/b&gt;" in html and "<b>" not in html
    assert 'data-p="r-a-0 r-b-1"' in html  # the overlap belongs to both, and follows the source (rank first)
    assert html.count('<span class="anchor"') == 2 and html.endswith("</a>nq")


def test_cuts_are_shown_in_place_and_escaped():
    raw = "Titre\n<i>Partager</i>\nTexte."
    html = str(with_cuts(raw, [{"begin": 6, "end": 21, "rule": "interface"}]))
    assert html == ('Titre\n<del class="cut" title="cut by rule interface"><span class="rule">interface</span>'
                    '&lt;i&gt;Partager&lt;/i&gt;</del>\nTexte.')


def test_pair_columns_mark_the_edits_inside_a_passage():
    source = "Intro. Le maire a signé le décret mardi."
    target = "Le maire a signé le texte mardi soir. Fin."
    left, right = pair_columns(source, target, [{"source_begin": 7, "source_end": 40, "target_begin": 0,
                                                 "target_end": 37, "score": 0.8}])
    assert '<a class="passage" id="s-0" href="#t-0"><sup>1</sup>' in str(left) and "<del>décret</del>" in str(left)
    assert "<ins>texte</ins>" in str(right) and "<ins> soir</ins>" in str(right) and str(right).endswith(" Fin.")


@pytest.mark.parametrize("url, kept", [
    ("https://fr.wikinews.org/wiki/X", True), ("http://a.example/p?q=1", True), ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False), ("data:text/html,x", False), ("//evil.example", False),
    ("https://", False), ("https://a.example/\nx", False), ("", False), (None, False)])
def test_only_http_links_are_links(url, kept):
    assert safe_url(url) == (url if kept else "")


def test_moments_and_volumes():
    assert moment("2016-01-01T00:00:00+00:00") == "2016-01-01" and moment("2016-01-01T14:30:00+00:00") == "2016-01-01 14:30"
    assert moment(None) == "date unknown"
    assert daily_counts(["2016-01-01", "2016-01-03", "2016-01-03", None])[:3] == [1, 0, 2]
    year = daily_counts(["2016-01-01", "2016-12-31"])
    assert len(year) == 16 and year[0] == year[-1] == 1
    assert str(sparkline([0, 0])) == "" and str(sparkline([1, 3])).count("<rect") == 2


def test_arcs_escape_labels_and_skip_unknown_articles():
    nodes = [{"id": "a", "href": "/articles/a", "label": "<script>x</script>"}, {"id": "b", "href": "/articles/b", "label": "b"}]
    picture = str(arcs(nodes, [{"source": "a", "target": "b", "share": 0.5}, {"source": "a", "target": "zz", "share": 1}]))
    assert picture.count('class="arc"') == 1 and "&lt;script&gt;" in picture and "<script>" not in picture
