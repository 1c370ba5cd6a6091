"""`reprise show ARTICLE_ID`: one article, and with --removed what cleaning cut, in place."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    from . import add_db

    p = subparsers.add_parser("show", help="print one stored article",
                              description="Print an article's metadata and clean text.")
    p.add_argument("article_id")
    add_db(p)
    p.add_argument("--removed", action="store_true",
                   help="show the text before cleaning with each cut marked in place as [- rule: text -]")
    p.add_argument("--json", action="store_true", help="print the article (and its cuts) as one JSON object")
    p.set_defaults(handler=handle)


def handle(args) -> int:
    from ..store import Store
    from . import UserError

    store = Store.open(args.db, create=False)
    try:
        article = store.article(args.article_id)
        if article is None:
            raise UserError(f"no article {args.article_id} in {args.db} (list them with `reprise export articles`)")
        removed = store.removed_of(args.article_id)
    finally:
        store.close()
    if args.json:
        article["removed"] = removed
        if not args.removed:
            article.pop("raw_text")
        print(json.dumps(article, ensure_ascii=False, indent=2))
        return 0
    source = article["source"]
    print(f"id         {article['id']}")
    print(f"title      {article['title']}")
    print(f"outlet     {article['outlet']}")
    print(f"published  {article['published'] or 'unknown'}")
    print(f"language   {article['language']}")
    if article["url"]:
        print(f"url        {article['url']}")
    if article["credits"]:
        print(f"credits    {'/'.join(article['credits'])}")
    print(f"source     {source['file']}" + (f" ({source['record']})" if source.get("record") else ""))
    print(f"cuts       {len(removed)}" + ("" if args.removed or not removed else "  (see them with --removed)"))
    print()
    print(marked(article["raw_text"], removed) if args.removed else article["text"])
    return 0


def marked(raw: str, removed: list[dict]) -> str:
    """The text before cleaning, each cut wrapped as `[- rule: text -]` where it was."""
    out = []
    at = 0
    for cut in removed:
        out.append(raw[at:cut["begin"]])
        out.append(f"[- {cut['rule']}: {raw[cut['begin']:cut['end']]} -]")
        at = cut["end"]
    out.append(raw[at:])
    return "".join(out)
