"""`reprise story STORY_ID`: one story: label, summary, timeline, entities, outlets."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    from . import add_db

    p = subparsers.add_parser("story", help="print one story: summary, timeline, entities, outlets",
                              description="Print a story with its timeline (who was first, what each article added).")
    p.add_argument("story_id")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print the story as one JSON object")
    p.set_defaults(handler=handle)


def handle(args) -> int:
    from ..store import Store
    from ..stories.read import story
    from . import UserError

    store = Store.open(args.db, create=False)
    try:
        found = story(store.conn, args.story_id)
    finally:
        store.close()
    if found is None:
        raise UserError(f"no story {args.story_id} in {args.db} (list them with `reprise stories`)")
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if "timeline" not in found:
        print(f"{args.story_id} was merged into {found['merged_into']} (at {found['merged_at'] or 'an undated article'})")
        return 0
    print(found["label"])
    print(f"id        {found['id']}")
    print(f"seen      {found['first_seen'] or 'undated'}" + (f" → {found['last_seen']}" if found["last_seen"] else ""))
    outlets = ", ".join(f"{o['outlet']} ({o['count']})" for o in found["outlets"])
    names = ", ".join(f"{e['text']} ({e['count']})" for e in found["entities"][:10])
    print(f"outlets   {outlets}")
    print(f"entities  {names or '-'}")
    print("\nsummary")
    for sentence in found["summary"]:
        print(f"  {sentence}")
    print("\ntimeline")
    for t in found["timeline"]:
        mark = "first" if t["first"] else f"+{len(t['new_sentences'])} new"
        print(f"  {t['published'] or 'undated':<25} {t['outlet'][:24]:<24} {t['article_id']}  [{mark}]  {t['title'][:70]}")
        for sentence in t["new_sentences"][:3] if not t["first"] else ():
            print(f"      + {sentence[:110]}")
    return 0
