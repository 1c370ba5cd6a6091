"""The HTML pages: stories, a story, articles, an article, a pair, outlets, search. Server-rendered."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..reuse import Document, align_pair
from . import marks, queries, stories, svg
from .api import Reader
from .cache import PageCache
from .outlet_stats import outlet_stats

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 30


def safe_url(url) -> str:
    """The URL when it is an http(s) link with a host, else "" (rendered as text, never as a link)."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 for c in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def moment(value: str | None) -> str:
    """`2016-01-01 14:30` from a stored time; the day alone at midnight (most sources give only a day)."""
    if not value:
        return "date unknown"
    shown = value[:16].replace("T", " ")
    return shown[:10] if shown.endswith(" 00:00") else shown


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = safe_url
    env.filters["pct"] = lambda v: f"{v:.0%}" if isinstance(v, (int, float)) else "–"
    env.filters["day"] = lambda v: v[:10] if v else "date unknown"
    env.filters["moment"] = moment
    env.filters["names"] = lambda outlets: [o.get("outlet", "") if isinstance(o, dict) else str(o) for o in outlets or []]
    return env


ENV = _env()


def render(name: str, status_code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(name).render(**context), status_code=status_code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render("error.html", status, title=f"{status}", status=status, message=message, nav="")


class Filters:
    """The list filters of a page's query string; an unreadable date is dropped, and said so."""

    def __init__(self, request: Request, names=("q", "entity", "outlet", "since", "until")):
        params = request.query_params
        self.values = {n: params.get(n, "").strip()[:200] for n in names}
        self.problems = []
        for name in ("since", "until"):
            if self.values.get(name):
                try:
                    self.values[name] = date.fromisoformat(self.values[name]).isoformat()
                except ValueError:
                    self.problems.append(f"{name}: {self.values[name]!r} is not a date (YYYY-MM-DD); ignored")
                    self.values[name] = ""
        page = params.get("page", "1")
        self.page = min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1

    def get(self, name: str) -> str | None:
        return self.values.get(name) or None

    def link(self, page: int) -> str:
        return "?" + urlencode({**{k: v for k, v in self.values.items() if v}, "page": page})


@router.get("/", response_class=HTMLResponse)
def stories_page(conn: Reader, request: Request):
    f = Filters(request)
    key = (tuple(f.values.items()), f.page, tuple(f.problems))
    cache, version = request.app.state.pages, PageCache.version(conn)
    kept = cache.get(key, version)
    if kept is not None:
        return HTMLResponse(kept)
    page = _stories_page(conn, f)
    cache.put(key, version, page.body)
    return page


def _stories_page(conn, f: Filters) -> HTMLResponse:
    found = stories.list_stories(conn, query=f.get("q"), entity=f.get("entity"), outlet=f.get("outlet"),
                                 since=f.get("since"), until=f.get("until"), limit=PAGE_SIZE + 1,
                                 offset=(f.page - 1) * PAGE_SIZE)
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    days: dict[str, list[str]] = {}
    if found:
        ids = [s["id"] for s in found]
        for story_id, published in conn.execute(
                f"SELECT story_id, published FROM articles WHERE story_id IN ({','.join('?' * len(ids))})", ids):
            days.setdefault(story_id, []).append(published)
    for s in found:
        s["spark"] = svg.sparkline(svg.daily_counts(days.get(s["id"], [])), label="articles over time")
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return render("stories.html", title="Stories", nav="stories", stories=found, f=f, more=more,
                  outlets=queries.outlets(conn), articles=articles, stories_ready=stories.available())


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(conn: Reader, story_id: str):
    found = stories.story(conn, story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id}")
    if found.get("merged_into"):
        return RedirectResponse(f"/stories/{found['merged_into']}", status_code=301)
    timeline = found.get("timeline") or []
    ids = [t["article_id"] for t in timeline]
    info = queries.partners(conn, ids)
    duplicate_of = dict(conn.execute(
        f"SELECT id, duplicate_of FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()) if ids else {}
    copies: dict[str, list[dict]] = {}
    rows = []
    for t in timeline:
        t["url"] = info.get(t["article_id"], {}).get("url", "")
        canonical = duplicate_of.get(t["article_id"])
        if canonical in duplicate_of:  # a copy of an article of this story: folded into its canonical's line
            copies.setdefault(canonical, []).append(t)
        else:
            rows.append(t)
    edges = [{"source": r["source_id"], "target": r["target_id"], "share": r["target_share"]}
             for r in queries.reuse_among(conn, ids)]
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [{"id": t["article_id"], "href": f"/articles/{t['article_id']}",
              "label": f"{t['outlet']} · {(t['published'] or '')[:16]} · {t['title']}"}
             for t in timeline if t["article_id"] in linked][:60]
    return render("story.html", title=found.get("label") or story_id, nav="stories", story=found, rows=rows,
                  copies=copies, graph=svg.arcs(nodes, edges), edges=len(edges),
                  summary=_sentences(found.get("summary")))


def _sentences(summary) -> list[str]:
    if isinstance(summary, str):
        return [summary] if summary else []
    return [s if isinstance(s, str) else str(s.get("text", "")) for s in summary or []]


@router.get("/articles", response_class=HTMLResponse)
def articles_page(conn: Reader, request: Request):
    f = Filters(request, ("q", "outlet", "since", "until"))
    found, total = queries.list_articles(conn, q=f.get("q"), outlet=f.get("outlet"), since=f.get("since"),
                                         until=f.get("until"), limit=PAGE_SIZE, offset=(f.page - 1) * PAGE_SIZE)
    for item in found:
        item["snippet"] = ""
    return render("articles.html", title="Articles", nav="articles", articles=found, total=total, f=f,
                  more=f.page * PAGE_SIZE < total, outlets=queries.outlets(conn), stories_found=[])


@router.get("/search", response_class=HTMLResponse)
def search_page(conn: Reader, request: Request):
    f = Filters(request, ("q",))
    found, total = queries.search(conn, f.get("q") or "", limit=PAGE_SIZE, offset=(f.page - 1) * PAGE_SIZE)
    matched = stories.list_stories(conn, query=f.get("q"), limit=10) if f.get("q") else []
    return render("articles.html", title=f"Search: {f.get('q') or ''}", nav="search", articles=found, total=total, f=f,
                  more=f.page * PAGE_SIZE < total, outlets=[], stories_found=matched)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(conn: Reader, article_id: str):
    found = queries.article(conn, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    reuse = queries.reuse_of(conn, article_id)
    text = marks.highlighted(found["text"], marks.reuse_spans(article_id, reuse))
    story = stories.heading(conn, found["story_id"]) if found["story_id"] else None
    return render("article.html", title=found["title"] or article_id, nav="articles", a=found, text=text,
                  raw=marks.with_cuts(found["raw_text"], found["removed"]), reuse=reuse, story=story,
                  group=queries.duplicate_group(conn, article_id, found["duplicate_of"]))


@router.get("/pair/{a}/{b}", response_class=HTMLResponse)
def pair_page(conn: Reader, a: str, b: str):
    first, second = queries.article(conn, a), queries.article(conn, b)
    for wanted, got in ((a, first), (b, second)):
        if got is None:
            raise HTTPException(404, f"no article {wanted}")
    record = queries.reuse_pair(conn, a, b)
    if record is None and a != b:  # not stored (yet): aligned now, from the stored texts
        found = align_pair(*(Document(x["id"], x["text"]) for x in (first, second)))
        record = found.as_dict() if found else None
    if record is None:
        return render("pair.html", title="No shared passage", nav="", source=first, target=second, record=None,
                      left="", right="")
    source, target = (first, second) if record["source_id"] == first["id"] else (second, first)
    left, right = marks.pair_columns(source["text"], target["text"], record["passages"])
    return render("pair.html", title=f"{source['title']} / {target['title']}", nav="", source=source, target=target,
                  record=record, left=left, right=right)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(conn: Reader, request: Request):
    stats = outlet_stats(conn, str(request.app.state.db))
    for row in stats["outlets"]:
        row["spark"] = svg.sparkline(row["volume"], width=160, label="articles per month")
    top = [row["outlet"] for row in stats["outlets"][:15]]
    return render("outlets.html", title="Outlets", nav="outlets", stats=stats, top=top,
                  matrix=stats["takes_from"], months=stats["months"])
