"""Shared fixtures: the real data folder, the CLI run in-process, and a local HTTP server."""

from __future__ import annotations

import contextlib
import io
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reprise.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPRISE = ROOT / ".venv" / "bin" / "reprise"
WIKI = DATA / "frwikinews-2016-2018" / "articles.jsonl"
HTML_PAGES = DATA / "news-html-pages"

ARTICLE = (
    "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine, "
    "après un débat de plus de trois heures.\n\n"
    "Le maire a défendu une hausse des investissements dans les écoles et les transports, "
    "tandis que l'opposition a dénoncé une dette qui augmente plus vite que prévu."
)


def html_page(title: str, paragraphs: list[str], *, site: str = "", published: str = "", lang: str = "fr") -> str:
    meta = ""
    if site:
        meta += f'<meta property="og:site_name" content="{site}">\n'
    if published:
        meta += f'<meta property="article:published_time" content="{published}">\n'
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>\n{meta}</head>\n'
            f'<body><nav><a href="/">Accueil</a> <a href="/sport">Sport</a></nav>\n'
            f"<article><h1>{title}</h1>\n{body}\n</article><footer>Tous droits réservés</footer></body></html>\n")


PARAGRAPHS = [
    "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine, après un débat de plus "
    "de trois heures entre la majorité et l'opposition.",
    "Le maire a défendu une hausse des investissements dans les écoles et les transports, tandis que l'opposition "
    "a dénoncé une dette qui augmente plus vite que prévu.",
    "Le vote final a eu lieu peu avant minuit, avec une majorité confortable pour l'équipe municipale sortante.",
]


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


def cli(*args) -> Result:
    """`reprise ARGS...` in this process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as stop:  # argparse errors and --help
            code = stop.code if isinstance(stop.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """`records` as a JSON Lines file at `path` (inputs written by a test, never taken from the data)."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def export(table: str, db) -> list[dict]:
    """Rows of `reprise export TABLE --db DB` (JSONL on standard output)."""
    result = cli("export", table, "--db", db)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines() if line.strip()]


def run_ok(*args) -> Result:
    """`reprise run ARGS...`, which must exit 0 without a traceback."""
    result = cli("run", *args)
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    return result


def one_line_error(result: Result) -> None:
    """A failure: non-zero exit, one line on standard error, no traceback."""
    assert result.code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err


@pytest.fixture
def wiki() -> Path:
    if not WIKI.exists():
        pytest.skip(f"real data absent: {WIKI}")
    return WIKI


@pytest.fixture
def html_pages() -> list[Path]:
    pages = sorted(HTML_PAGES.glob("*/*.html")) if HTML_PAGES.is_dir() else []
    if not pages:
        pytest.skip(f"real data absent: {HTML_PAGES}")
    return pages


# -- a local HTTP server ---------------------------------------------------------------------


class Server:
    """Serves `routes` (path -> (status, content type, body)) on 127.0.0.1.

    A route whose status is None never answers (until the test ends), one whose status is
    "drip" answers a byte at a time, without end; every request's User-Agent is kept in `agents`.
    """

    def __init__(self):
        self.routes: dict[str, tuple[int | str | None, str, bytes]] = {}
        self.agents: list[str] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                server.agents.append(self.headers.get("User-Agent", ""))
                status, ctype, body = server.routes.get(self.path, (404, "text/plain", b"not found"))
                if status is None:
                    server.release.wait(30)
                    return
                if status == "drip":
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(10**9))
                    self.end_headers()
                    while not server.release.wait(0.05):
                        try:
                            self.wfile.write(b" ")
                            self.wfile.flush()
                        except OSError:
                            return
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str, ctype: str = "text/html; charset=utf-8", status: int | str | None = 200):
        self.routes[path] = (status, ctype, body.encode("utf-8") if isinstance(body, str) else body)


@pytest.fixture
def http_server():
    server = Server()
    server.thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.httpd.shutdown()
        server.httpd.server_close()
