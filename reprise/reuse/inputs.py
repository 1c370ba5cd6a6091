"""Documents from the inputs `reprise run` reads: same readers, same `prepare`, nothing stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .. import ids
from ..ingest import Skipped, expand, read_input
from ..model import Article, Reject
from ..outlet_lines import OutletLines
from ..pipeline import prepare
from .records import Document


def document_of(article: Article, own_id: str | None = None) -> Document:
    """The aligner's view of a prepared article; `own_id` (the input's `id`) wins over the article id."""
    return Document(own_id or article.id, article.text, article.published, list(article.credits))


def read_documents(paths: list[str], outlet: str | None = None,
                   on_reject: Callable[[Reject], None] | None = None) -> Iterator[Document]:
    """Every article of `paths` (files, folders, feed URLs), cleaned as `reprise run` cleans it.

    The id is the input's own `id` when it has one, else `reprise.ids.article_id(key)`.
    """
    memory = OutletLines(lambda _outlet: {})  # learns outlet boilerplate within this run, as `run` does
    for target in expand(paths):
        if isinstance(target, Skipped):
            continue
        if isinstance(target, Reject):
            if on_reject:
                on_reject(target)
            continue
        for item in read_input(target, outlet):
            if isinstance(item, Reject):
                if on_reject:
                    on_reject(item)
                continue
            result = prepare(item, memory)
            if isinstance(result, Reject):
                if on_reject:
                    on_reject(result)
                continue
            yield document_of(result, item.own_id or ids.article_id(item.key))
