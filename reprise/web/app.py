"""The FastAPI application: pages, API, bundled assets (no CDN), security headers, errors without tracebacks."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from .. import __version__
from . import api, pages
from .cache import PageCache
from .ingest import MAX_BODY_BYTES, Writer

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("reprise.web")

# Pages load nothing from elsewhere and run only our own script; the API docs page needs its inline starter.
PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(db: str | Path, token: str | None = None, max_body: int = MAX_BODY_BYTES, embedder=None) -> FastAPI:
    """The desk over the store at `db` (which must exist). With `token`, POST requests must carry it; `embedder`:
    what the stories of posted articles embed them with."""
    writer = Writer(db, embedder)  # one pipeline for every POST of this process, set up on the first one

    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            writer.close()

    app = FastAPIOffline(lifespan=lifespan, title="reprise", version=__version__, static_url="/static/docs", redoc_url=None,
                         description="Read the news the way a desk editor reads the wires: stories, articles, reused "
                                     "passages. Reading is open; `POST /api/articles` needs the server's token when it "
                                     "has one (`Authorization: Bearer TOKEN`).")
    app.state.db = Path(db)
    app.state.token = token
    app.state.max_body = max_body
    app.state.writer = writer
    app.state.pages = PageCache()  # the story list, until the store changes
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if request.url.path not in ("/docs", "/docs/oauth2-redirect"):
            response.headers["Content-Security-Policy"] = PAGE_POLICY
            response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": err.detail}, status_code=err.status_code, headers=err.headers)
        return pages.error_page(request, err.status_code, str(err.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in err.errors())
        if _wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        return pages.error_page(request, 422, problems)

    @app.exception_handler(Exception)
    async def internal(request: Request, err: Exception):
        log.error("%s %s: %s: %s", request.method, request.url.path, type(err).__name__, err)
        if _wants_json(request):
            return JSONResponse({"detail": f"internal error: {type(err).__name__}"}, status_code=500)
        return pages.error_page(request, 500, f"internal error: {type(err).__name__}")

    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")
