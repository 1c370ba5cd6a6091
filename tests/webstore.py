"""Stores for the web tests: real French Wikinews articles run through the pipeline, with an outlet
that relays some of them and one hostile article."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_jsonl

from reprise.paths import SHARED_DATA
from reprise.pipeline import run
from reprise.store import Store

WIKINEWS = SHARED_DATA / "frwikinews-2016-2018" / "articles.jsonl"


def wikinews_lines(n: int) -> list[dict]:
    """The first `n` records of the French Wikinews set."""
    with open(WIKINEWS, encoding="utf-8") as stream:
        return [json.loads(line) for _, line in zip(range(n), stream)]


HOSTILE_TITLE = "<script>alert(1)</script>Élections piégées"
HOSTILE_TEXT = "<img src=x onerror=alert(2)> <script>alert(4)</script> <a href=\"javascript:alert(5)\">lien</a> Fin."


def desk_records(n: int = 120) -> list[dict]:
    """A desk-like input: `n` Wikinews articles; a second outlet that takes whole paragraphs from three of
    them a day later (one nearly whole, a near copy); and an article whose title, text, URL and outlet
    carry hostile markup."""
    records = wikinews_lines(n)
    relayed = []
    for k, original in enumerate(records[10:13]):
        paragraphs = [p for p in original["text"].split("\n") if p.strip()]
        kept = paragraphs if k == 0 else paragraphs[:2]
        intro = "" if k == 0 else OWN_WORDS
        relayed.append({"id": f"relais-{k}", "outlet": "Le Relais", "url": f"https://relais.example/{k}",
                        "title": f"{original['title']} (Le Relais)", "published": _next_day(original["published"]),
                        "text": intro + "\n\n".join(kept) + ("" if k == 0 else "\n\nNous y reviendrons.")
                        + "\n\n>> Lire aussi : Les autres titres du jour\n(ats/afp)"})
    hostile = dict(records[0])
    hostile.update(id="evil-1", url="javascript:alert(3)", outlet="<b onmouseover=alert(6)>Evil</b>", title=HOSTILE_TITLE,
                   text=records[0]["text"] + "\n\n" + HOSTILE_TEXT)
    return records + relayed + [hostile]


OWN_WORDS = ("Selon nos informations, la situation reste suivie de près par nos correspondants sur place, qui ont "
             "rencontré plusieurs témoins dans la matinée.\n\nLes réactions se sont multipliées dans la journée, entre "
             "inquiétude des habitants, prudence des élus locaux et appels au calme des associations.\n\n")


def _next_day(published: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(published[:10]) + timedelta(days=1)).isoformat()


def build_store(db: Path, records: list[dict]) -> Path:
    """A store holding `records`, run through the pipeline (cleaning, duplicates, reuse, stories)."""
    source = write_jsonl(db.with_suffix(".jsonl"), records)
    store = Store.open(db)
    try:
        run([str(source)], store)
    finally:
        store.close()
    return db
