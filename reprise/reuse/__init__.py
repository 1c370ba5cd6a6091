"""Text reuse: the passages two articles share, with character offsets in both clean texts.

The API::

    from reprise.reuse import Document, align_corpus, align_pair

    docs = [Document(id, clean_text, published, credits), ...]
    for reuse in align_corpus(docs):        # every pair that shares text (like passim)
        reuse.as_dict()                      # the `reprise align` record
    align_pair(doc_a, doc_b)                 # one pair: a Reuse, or None
    index = ReuseIndex()                     # incremental: each article against those before it
    index.add(doc)                           # -> [Reuse, ...]

How: word tokens (`tokens`), rare word n-grams as anchors with a document-frequency
filter (`index`), anchors grown into passages across small edits (`align`), and the record
(`records`): the earlier-published article is the source; with no dates, or equal ones,
`direction` is "unknown" and the source is the smaller id. Deterministic: documents are
taken in order of id.
"""

from __future__ import annotations

from .align import AlignConfig
from .records import Document, Passage, Reuse, ReuseIndex, align_corpus, align_pair

__all__ = ["AlignConfig", "Document", "Passage", "Reuse", "ReuseIndex", "align_corpus", "align_pair"]
