"""The output tables: rows and Spark schemas with the columns of `reprise export`.

`articles` carries one column more than the export, `raw_text` (what `removed` offsets point
into), so that `reprise spark load` gives a complete store.
"""

from __future__ import annotations

import json

from ..dates import iso
from ..model import Article, Reject

SCHEMAS = {
    "articles": "id string, outlet string, url string, title string, published string, language string, text string, "
                "credits array<string>, source string, story_id string, duplicate_of string, content_hash string, "
                "extra string, raw_text string",
    "removed": "article_id string, begin long, end long, text string, rule string",
    "rejects": "input string, record string, reason string",
    "duplicates": "group_id string, canonical_id string, members array<struct<id:string,similarity:double>>",
    "reuse": "source_id string, target_id string, direction string, common_source string, "
             "passages array<struct<source_begin:long,source_end:long,target_begin:long,target_end:long,score:double>>, "
             "source_share double, target_share double",
    "near_pairs": "a string, b string, similarity double",
    "fingerprints": "article_id string, band_keys binary, shingles binary",
    "order": "id string, order long",
    "outlet_lines": "outlet string, line_key long, articles long, recent double, seen_at long",
    "stories": "id string, label string, first_seen string, last_seen string, article_ids array<string>, "
               "outlets array<struct<outlet:string,count:long>>, entities array<struct<text:string,label:string,count:long>>, "
               "summary array<string>, merged_into string",
    "story_table": "id string, first_article string, label string, first_seen string, last_seen string, activity long, "
                   "article_count long, outlets string, entities string, summary string, representative string, "
                   "merged_into string, merged_at string, merged_by string",
    "story_articles": "article_id string, joined string, reason string, score double, new_sentences string",
    "embeddings": "article_id string, model string, vector binary",
}


def article_row(article: Article) -> tuple:
    """The exported row (without story_id and duplicate_of, joined later), JSON columns as the store gives them back."""
    return (article.id, article.outlet, article.url, article.title, iso(article.published), article.language,
            article.text, list(article.credits), json.dumps(article.source.as_dict(), ensure_ascii=False),
            None, None, article.content_hash, _stored_json(article.extra), article.raw_text)


def _stored_json(value) -> str:
    """`value` written to the store as JSON, read back, and exported as JSON text."""
    return json.dumps(json.loads(json.dumps(value, ensure_ascii=False, default=str)), ensure_ascii=False)


def removed_rows(article: Article):
    for r in article.removed:
        yield article.id, r.begin, r.end, r.text, r.rule


def reject_row(reject: Reject) -> tuple:
    return reject.input, reject.record, reject.reason


def fingerprint_row(row) -> tuple:
    """The store's `fingerprints` row of `duplicates.fingerprints` output: band keys and shingles as uint64 bytes."""
    import numpy as np

    article_id, shingles, keys = row
    return article_id, bytearray(np.array(keys, dtype=np.int64).tobytes()), bytearray(shingles)
