"""A story item as the store keeps it (`story_items`), so that a closed story reopened by a link is rebuilt
from what its articles brought to it, without lemmatising, naming and shingling them again.

The blob is zlib-compressed JSON of the profile (lemma, name and number counts in their order, which the
sums and the IDF weights follow), the entities and the sentence shingles; decoding gives back an item equal
to the one `state.item` makes. `made()` says how items were made: a row made another way (another entity mode,
an older format) is not used, and the item is made again.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from sys import intern

from ..entities import Entity
from ..similarity import Profile
from .state import Item

FORMAT = 2  # raise when what `state.item` makes changes (lemmas, names as keyed or shown, numbers, shingles)


def made(entity_mode: str) -> str:
    """The `made` value of items of an entity mode in this format."""
    return f"{FORMAT} {entity_mode}"


def encode(it: Item) -> bytes:
    """The blob of an item (its sentence shingles are computed if they were not)."""
    p = it.profile
    record = {"lang": p.lang, "head": p.head, "body": p.body, "names": p.names, "kinds": p.name_kinds,
              "numbers": p.numbers, "words": p.words,
              "entities": [[e.kind, e.text, e.key] for e in it.entities],
              "sentences": [[begin, end, sorted(grams)] for (begin, end), grams in it.sentence_shingles()]}
    return zlib.compress(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def decode(blob: bytes) -> tuple[Profile, list[Entity], list]:
    """The profile, entities and sentence shingles kept in `blob` (as `state.item` takes them)."""
    record = json.loads(zlib.decompress(blob))
    profile = Profile(lang=record["lang"], head=_counts(record["head"]), body=_counts(record["body"]),
                      names=_counts(record["names"]), name_kinds={intern(k): v for k, v in record["kinds"].items()},
                      numbers=_counts(record["numbers"]), words=record["words"])
    return (profile, [Entity(kind, text, intern(key)) for kind, text, key in record["entities"]],
            [((begin, end), set(grams)) for begin, end, grams in record["sentences"]])


def _counts(decoded: dict) -> Counter:
    """Counts with their terms interned: the open stories hold many profiles of the same words, and terms
    lemmatised from texts are shared strings too (JSON gives each its own copy)."""
    return Counter({intern(term): count for term, count in decoded.items()})
