"""The web desk's speed: pages and `POST /api/articles` on a full store, then a bounded load test.

Builds a store in a temporary folder (the whole Reuters-21578 set, 19,043 articles, and the French
Wikinews set, loaded with `reprise run`), starts `reprise serve` on 127.0.0.1 (a free port), and
measures, one request at a time, p50/p99 of the story list, story pages and article pages (many
ids, sampled), and of `POST /api/articles` of one article (fresh Wikinews articles: new id and URL,
slightly edited text, so each goes to a story decision). Then 50 clients ask for those pages for 60 s
while `reprise watch` ingests (polling every 5 s) from a local feed whose entries change on every poll (feed and
pages served on 127.0.0.1 by this script). Nothing leaves 127.0.0.1; every process it starts is
stopped by its PID.

    .venv/bin/python bench/web_bench.py [--quick] [--clients 50] [--seconds 60] [--workdir DIR]

`--quick`: 2,000 Reuters and 300 Wikinews articles, 10 s of load. `--workdir DIR` keeps the store
there and reuses it on the next run (the POSTed and watched articles stay in it).
Targets (issue 6): pages p99 < 100 ms, ingest of one article p99 < 50 ms, on 2-core machines.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, REPRISE, machine  # noqa: E402

REUTERS = DATA / "reuters21578" / "reuters21578.jsonl"
WIKINEWS = DATA / "frwikinews-2016-2018" / "articles.jsonl"
HOST = "127.0.0.1"
PAGE_TARGET_MS, INGEST_TARGET_MS = 100.0, 50.0


# -- the store -----------------------------------------------------------------------------------

def head(path: Path, n: int | None) -> list[str]:
    with open(path, encoding="utf-8") as stream:
        return [line for line in itertools.islice(stream, n) if line.strip()]


def build_store(folder: Path, quick: bool) -> tuple[Path, float]:
    """The store (built unless already there) and the seconds `reprise run` took (0 when reused)."""
    db = folder / "desk.db"
    if db.exists():
        return db, 0.0
    inputs = [REUTERS, WIKINEWS]
    if quick:
        inputs = [folder / "reuters.jsonl", folder / "wikinews.jsonl"]
        inputs[0].write_text("".join(head(REUTERS, 2000)), encoding="utf-8")
        inputs[1].write_text("".join(head(WIKINEWS, 300)), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([str(REPRISE), "run", *map(str, inputs), "--db", str(db), "--quiet"], check=True)
    return db, time.perf_counter() - start


def sample_ids(db: Path, n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        stories = [s for (s,) in conn.execute("SELECT id FROM stories WHERE merged_into IS NULL ORDER BY id")]
        articles = [a for (a,) in conn.execute("SELECT id FROM articles ORDER BY id")]
    finally:
        conn.close()
    return rng.sample(stories, min(n, len(stories))), rng.sample(articles, min(n, len(articles)))


def count_articles(db: Path, url_prefix: str) -> int:
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM articles WHERE url LIKE ? || '%'", (url_prefix,)).fetchone()[0]
    finally:
        conn.close()


def edited(record: dict, tag: str, k: int) -> dict:
    """A fresh article from a Wikinews one: new id and URL, a sentence added, a word changed."""
    text = record["text"]
    words = text.split(" ")
    if len(words) > 20:
        words[len(words) // 2] = words[len(words) // 2].upper()
    return {**record, "id": f"bench-{tag}-{k}", "url": f"https://bench.example/{tag}/{k}", "outlet": "Bench Relais",
            "title": record["title"] + f" (relais {k})",
            "text": f"Selon nos informations ({tag} {k}), l'affaire reste suivie de près.\n\n" + " ".join(words)}


# -- processes ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen([str(REPRISE), "serve", "--db", str(db), "--host", HOST, "--port", str(port), "--quiet"],
                              stdout=subprocess.DEVNULL, stderr=open(log, "w"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"reprise serve stopped: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("reprise serve did not start within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # this process, by its PID
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


# -- a feed that changes on every poll ---------------------------------------------------------------

class Feed:
    """An RSS feed on 127.0.0.1 with new entries at every request, and their pages."""

    def __init__(self, records: list[dict], per_poll: int = 3, keep: int = 12):
        self.records, self.per_poll, self.keep = records, per_poll, keep
        self.polls, self.pages, self.lock = 0, 0, threading.Lock()
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/feed.xml":
                    body, kind = feed.rss(self.server.server_address[1]), "application/rss+xml"
                elif self.path.startswith("/page/") and self.path[6:].isdigit():
                    body, kind = feed.page(int(self.path[6:])), "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}"

    def entry(self, n: int) -> dict:
        return edited(self.records[n % len(self.records)], "watch", n)

    def rss(self, port: int) -> str:
        with self.lock:
            self.polls += 1
            newest = self.polls * self.per_poll
        items = []
        for n in range(newest - 1, max(newest - self.keep, 0) - 1, -1):
            record = self.entry(n)
            items.append(f"<item><title>{_xml(record['title'])}</title><link>{self.url}/page/{n}</link>"
                         f"<guid>{self.url}/page/{n}</guid><pubDate>{record['published']}</pubDate>"
                         f"<description>{_xml(record['text'][:200])}</description></item>")
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench feed</title>'
                f"<link>{self.url}/</link><description>changes on every poll</description>{''.join(items)}</channel></rss>")

    def page(self, n: int) -> str:
        with self.lock:
            self.pages += 1
        record = self.entry(n)
        paragraphs = "".join(f"<p>{_xml(p)}</p>" for p in record["text"].split("\n") if p.strip())
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>{_xml(record['title'])}</title></head><body>"
                f"<article><h1>{_xml(record['title'])}</h1><time datetime='{record['published']}'>{record['published']}"
                f"</time>{paragraphs}</article></body></html>")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace('"', "&quot;")


# -- measuring ---------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


class Client:
    """One keep-alive connection to the server."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes, float]:
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            answer = self.conn.getresponse()
            data = answer.read()
            location = answer.getheader("location", "")
            if answer.status in (301, 308) and location.startswith("/"):  # a story merged meanwhile: follow it
                self.conn.request(method, location, body=body, headers=headers or {})
                answer = self.conn.getresponse()
                data = answer.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            return 0, b"", time.perf_counter() - start
        return answer.status, data, time.perf_counter() - start

    def close(self) -> None:
        self.conn.close()


def page_paths(stories: list[str], articles: list[str]) -> dict[str, list[str]]:
    return {"story list": ["/"], "story page": [f"/stories/{quote(s)}" for s in stories],
            "article page": [f"/articles/{quote(a)}" for a in articles]}


def measure_pages(port: int, pid: int, paths: dict[str, list[str]], n: int) -> dict[str, dict]:
    client, results = Client(port), {}
    for kind, choices in paths.items():
        client.request("GET", choices[0])  # warm: templates, caches, the first connection
        times, errors = [], 0
        cpu = cpu_seconds(pid)
        for k in range(n):
            status, _, seconds = client.request("GET", choices[k % len(choices)])
            errors += status != 200
            times.append(seconds)
        results[kind] = {"n": n, "errors": errors, "times": times, "cpu": (cpu_seconds(pid) - cpu) / n}
    client.close()
    return results


def measure_posts(port: int, pid: int, records: list[dict], tag: str) -> tuple[float, dict]:
    """Seconds of the first POST (it sets the pipeline up), and the next ones' times and outcomes."""
    client, headers = Client(port), {"Content-Type": "application/json"}
    times, errors, joined, outcomes = [], 0, 0, {}
    first, cpu = 0.0, 0.0
    for k, record in enumerate(records):
        before = cpu_seconds(pid)
        status, data, seconds = client.request("POST", "/api/articles", json.dumps(edited(record, tag, k)).encode(), headers)
        answer = json.loads(data) if status == 200 else {}
        result = (answer.get("records") or [{}])[0]
        if status != 200 or result.get("status") != "new" or not result.get("story_id"):
            errors += 1
        outcomes[result.get("status", f"HTTP {status}")] = outcomes.get(result.get("status", f"HTTP {status}"), 0) + 1
        if k == 0:
            first = seconds
            continue
        cpu += cpu_seconds(pid) - before
        times.append(seconds)
        if result.get("story_id"):
            status, data, _ = client.request("GET", f"/api/articles?story={quote(result['story_id'])}&limit=2")
            joined += status == 200 and len(json.loads(data)["items"]) > 1
    client.close()
    return first, {"n": len(times), "errors": errors, "times": times, "joined": joined, "outcomes": outcomes,
                   "cpu": cpu / max(len(times), 1)}


def load(port: int, paths: dict[str, list[str]], clients: int, seconds: float) -> dict[str, dict]:
    """`clients` threads, each asking for a random page as soon as the last one answered, for `seconds`."""
    kinds = list(paths)
    results = {kind: {"times": [], "errors": 0, "statuses": {}} for kind in kinds}
    lock = threading.Lock()
    start_line = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(seed: int) -> None:
        rng, client = random.Random(seed), Client(port)
        mine = {kind: ([], [0], {}) for kind in kinds}
        start_line.wait()
        while time.perf_counter() < stop_at[0]:
            kind = rng.choice(kinds)
            status, _, elapsed = client.request("GET", rng.choice(paths[kind]))
            times, errors, statuses = mine[kind]
            times.append(elapsed)
            if status != 200:
                errors[0] += 1
                statuses[status] = statuses.get(status, 0) + 1
        client.close()
        with lock:
            for kind, (times, errors, statuses) in mine.items():
                results[kind]["times"] += times
                results[kind]["errors"] += errors[0]
                for status, count in statuses.items():
                    results[kind]["statuses"][status] = results[kind]["statuses"].get(status, 0) + count

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    begin = time.perf_counter()
    stop_at[0] = begin + seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begin
    for result in results.values():
        result["rate"] = len(result["times"]) / elapsed
    results["elapsed"] = elapsed
    return results


# -- the report ----------------------------------------------------------------------------------

def row(what: str, result: dict, target: float | None = None, extra: str = "") -> str:
    times = result["times"]
    p50, p99 = percentile(times, 50) * 1000, percentile(times, 99) * 1000
    met = "" if target is None else ("yes" if p99 < target else "**no**")
    cpu = f" {result['cpu'] * 1000:.1f} |" if "cpu" in result else ""
    return (f"| {what} | {len(times):,} | {result['errors']} | {p50:.1f} | {p99:.1f} | "
            f"{'' if target is None else f'< {target:.0f}'} | {met} |{cpu} {extra} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller store and 10 s of load")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=None, help="load test length (default: 60, 10 with --quick)")
    parser.add_argument("--samples", type=int, default=None, help="requests per page kind (default: 300, 60 with --quick)")
    parser.add_argument("--posts", type=int, default=None, help="articles POSTed one by one (default: 200, 40 with --quick)")
    parser.add_argument("--workdir", type=Path, help="keep the store here and reuse it (default: a temporary folder)")
    args = parser.parse_args()
    seconds = args.seconds or (10.0 if args.quick else 60.0)
    samples = args.samples or (60 if args.quick else 300)
    posts = args.posts or (40 if args.quick else 200)
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="reprise-web-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(6)
    tag = f"{int(time.time())}"
    print(machine())
    try:
        db, built = build_store(folder, args.quick)
        wikinews = [json.loads(line) for line in head(WIKINEWS, 300 if args.quick else None)]
        stories, articles = sample_ids(db, max(samples, 500), rng)
        conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
        size = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)").fetchone()
        conn.close()
        print(f"store: {size[0]:,} articles, {size[1]:,} stories"
              + (f" (built by reprise run in {built:.0f} s)" if built else " (reused)"), flush=True)
        paths = page_paths(stories, articles)
        server, port = start_server(db, folder / "serve.log")
        try:
            pages = measure_pages(port, server.pid, paths, samples)
            first_post, post = measure_posts(port, server.pid, rng.sample(wikinews, min(posts + 1, len(wikinews))), tag)
            server_cpu = cpu_seconds(server.pid)
            with Feed(rng.sample(wikinews, len(wikinews))) as feed:
                feeds = folder / "feeds.txt"
                # `--every` must be 10 s or more (politeness to other people's servers); this feed is ours, on
                # 127.0.0.1, and its own line asks for 5 s.
                feeds.write_text(f"{feed.url}/feed.xml 5s\n", encoding="utf-8")
                watched_before = count_articles(db, feed.url)
                load_before = os.getloadavg()[0]
                watcher = subprocess.Popen([str(REPRISE), "watch", str(feeds), "--db", str(db), "--every", "10s",
                                            "--timeout", "10s", "--quiet"], stdout=subprocess.DEVNULL,
                                           stderr=open(folder / "watch.log", "w"))
                try:
                    under_load = load(port, paths, args.clients, seconds)
                    watch_died = watcher.poll()
                finally:
                    stop(watcher)
                watched = count_articles(db, feed.url) - watched_before
                load_after = os.getloadavg()[0]
                polls, fetched = feed.polls, feed.pages
            server_cpu = cpu_seconds(server.pid) - server_cpu
        finally:
            stop(server)
        serve_errors = (folder / "serve.log").read_text().strip()
        watch_errors = (folder / "watch.log").read_text().strip()
    finally:
        if args.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)

    print()
    print("One request at a time (keep-alive connection, 127.0.0.1):")
    print()
    print("| request | n | errors | p50 ms | p99 ms | target p99 | met | server CPU ms/req | |")
    print("|---|---:|---:|---:|---:|---|---|---:|---|")
    for kind, result in pages.items():
        print(row(kind, result, PAGE_TARGET_MS, f"{len(paths[kind])} distinct" if len(paths[kind]) > 1 else ""))
    print(row("POST /api/articles, one article", post, INGEST_TARGET_MS,
              f"{post['joined']} joined a story with other articles; outcomes {post['outcomes']}"))
    print(f"\nfirst POST of the server process (sets the pipeline up): {first_post * 1000:.0f} ms")
    total = sum(len(under_load[k]["times"]) for k in paths)
    errors = sum(under_load[k]["errors"] for k in paths)
    print(f"\nUnder load: {args.clients} clients for {under_load['elapsed']:.0f} s, `reprise watch` (every 5 s) writing "
          f"({polls} feed polls, {fetched} pages fetched, {watched} articles stored); "
          f"load average {load_before:.2f} before, {load_after:.2f} after; server CPU {server_cpu:.0f} s, "
          f"{server_cpu / max(total, 1) * 1000:.1f} ms a request:")
    print()
    print("| request | n | errors | p50 ms | p99 ms | | | req/s |")
    print("|---|---:|---:|---:|---:|---|---|---:|")
    for kind in paths:
        result = under_load[kind]
        print(row(kind, result, None, f"{result['rate']:.1f}"))
    every = {"times": [t for k in paths for t in under_load[k]["times"]], "errors": errors}
    print(row("all pages", every, None, f"{total / under_load['elapsed']:.1f}"))
    if watch_died is not None:
        print(f"**reprise watch stopped early** (exit {watch_died})")
    if errors:
        print("error statuses:", {k: under_load[k]["statuses"] for k in paths})
    for name, text in (("serve", serve_errors), ("watch", watch_errors)):
        if text:
            print(f"\n{name} logged:\n" + "\n".join(text.splitlines()[-10:]))
    print()
    print(machine())
    return 1 if errors or post["errors"] or any(r["errors"] for r in pages.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
