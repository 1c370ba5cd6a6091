"""The REST API under /api: stories, articles, reuse, search (paged), and ingest by POST."""

from __future__ import annotations

import hmac
import sqlite3
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from ..store import ModelMismatch
from . import queries, stories
from .ingest import BodyTooLarge, read_body
from .readdb import connect

router = APIRouter(prefix="/api", tags=["api"])

Limit = Query(50, ge=1, le=200, description="items per page")
Offset = Query(0, ge=0, le=1_000_000, description="items to skip")


def reader(request: Request):
    """A read-only connection for the length of one request."""
    conn = connect(request.app.state.db)
    try:
        yield conn
    finally:
        conn.close()


Reader = Annotated[sqlite3.Connection, Depends(reader)]


def _page(items: list, limit: int, offset: int, total: int | None = None) -> dict:
    page = {"items": items, "limit": limit, "offset": offset}
    if total is not None:
        page["total"] = total
    page["next_offset"] = offset + limit if (len(items) == limit and (total is None or offset + limit < total)) else None
    return page


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@router.get("/stories", summary="Stories, newest activity first")
def list_stories(conn: Reader,
                 q: str | None = Query(None, max_length=500, description="words in the label or a title"),
                 entity: str | None = Query(None, max_length=200), outlet: str | None = Query(None, max_length=200),
                 since: date | None = None, until: date | None = None,
                 limit: int = Limit, offset: int = Offset):
    found = stories.list_stories(conn, since=_day(since), until=_day(until), outlet=outlet, query=q, entity=entity,
                                 limit=limit, offset=offset)
    return _page(found, limit, offset)


@router.get("/stories/{story_id}", summary="One story: timeline, entities, summary; a merged id redirects")
def get_story(conn: Reader, story_id: str):
    found = stories.story(conn, story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id}")
    if found.get("merged_into"):
        return RedirectResponse(f"/api/stories/{found['merged_into']}", status_code=308)
    return found


@router.get("/articles", summary="Articles, newest first")
def list_articles(conn: Reader, q: str | None = Query(None, max_length=500),
                  outlet: str | None = Query(None, max_length=200),
                  story: str | None = Query(None, max_length=200), since: date | None = None, until: date | None = None,
                  limit: int = Limit, offset: int = Offset):
    items, total = queries.list_articles(conn, q=q, outlet=outlet, story=story, since=_day(since), until=_day(until),
                                         limit=limit, offset=offset)
    return _page(items, limit, offset, total)


@router.get("/articles/{article_id}", summary="One article: clean text, text before cleaning, cuts, duplicate group")
def get_article(conn: Reader, article_id: str):
    found = queries.article(conn, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    found["duplicate_group"] = queries.duplicate_group(conn, article_id, found["duplicate_of"])
    return found


@router.get("/articles/{article_id}/reuse", summary="The passages this article shares with others, with offsets")
def get_reuse(conn: Reader, article_id: str, limit: int = Limit, offset: int = Offset):
    if queries.article(conn, article_id) is None:
        raise HTTPException(404, f"no article {article_id}")
    found = queries.reuse_of(conn, article_id)
    return _page(found[offset:offset + limit], limit, offset, len(found))


@router.get("/search", summary="Articles containing every word, and stories matching them")
def search(conn: Reader, q: str = Query(..., min_length=1, max_length=500),
           limit: int = Query(20, ge=1, le=200),
           offset: int = Offset):
    articles, total = queries.search(conn, q, limit=limit, offset=offset)
    return {"q": q, "articles": _page(articles, limit, offset, total),
            "stories": stories.list_stories(conn, query=q, limit=10)}


@router.post("/articles", summary="Ingest one article (JSON) or a batch (JSONL) through the pipeline",
             description="Needs `Authorization: Bearer TOKEN` when the server has a token. URLs in records are never "
                         "fetched. Each record answers with its id and status: new, already stored, or rejected with "
                         "the reason.")
async def post_articles(request: Request):
    _check_token(request)
    try:
        body = await read_body(request, request.app.state.max_body)
    except BodyTooLarge:
        raise HTTPException(413, f"request body over {request.app.state.max_body} bytes") from None
    if not body.strip():
        raise HTTPException(400, "empty body: send one JSON object, or JSON lines")
    try:
        return await request.app.state.writer.ingest(body, request.headers.get("content-type", ""))
    except ModelMismatch as err:
        raise HTTPException(409, str(err)) from None


def _check_token(request: Request) -> None:
    token = request.app.state.token
    if not token:
        return
    given = request.headers.get("authorization", "")
    given = given[7:] if given.lower().startswith("bearer ") else request.headers.get("x-reprise-token", "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
        raise HTTPException(401, "this server needs its token to write: Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})
