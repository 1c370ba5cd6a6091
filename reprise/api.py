"""The Python API: what the commands do, as functions (`import reprise`).

    import reprise

    summary = reprise.run(["feeds/", "archive.jsonl"], db="news.db")     # the pipeline into a store
    for s in reprise.list_stories("news.db", since="2018-12-01", query="gilets jaunes"):
        print(s["label"], s["article_count"])
    reprise.story("news.db", s["id"])                                    # timeline, summary, entities
    reprise.table("reuse", "news.db")                                    # any exported table, as dicts

    reprise.clean_text(text).text                                        # one text, boilerplate cut
    reprise.shared_passages(text_a, text_b)                              # what two texts share, or None
    reprise.deduplicate(["corpus.jsonl"], "kept.jsonl", groups="groups.jsonl")   # as `reprise dedup`
    reprise.align_files(["corpus.jsonl"])                                # every reused passage, as `reprise align`

(The names differ from the commands' where a module of the package has the command's name.)

Each function opens what it needs and closes it; errors are the exceptions of the modules behind
(`reprise.store.StoreError` for a file that is not a store, `ValueError` for a bad argument). The
modules themselves (`reprise.reuse`, `reprise.dedup`, `reprise.stories.read`, `reprise.store`) are the
API for finer work.
"""

from __future__ import annotations

from pathlib import Path


def run(paths, db: str | Path = "reprise.db", *, outlet: str | None = None, store_only: bool = False,
        embeddings: str | Path | None = None):
    """Read `paths` (files, folders, feed URLs; a single path may be given as a string) into the store at `db`:
    clean, duplicates, reuse and stories, incrementally, as `reprise run`. Returns the run's summary
    (`read`, `new`, `rejected`, ... and `.line()`). `embeddings`: a model file, as `--embeddings`."""
    from .embeddings import Embedder
    from .pipeline import run as run_pipeline
    from .store import Store

    embedder = Embedder(embeddings) if embeddings else None
    store = Store.open(db)
    try:
        return run_pipeline(_paths(paths), store, outlet=outlet, store_only=store_only, embedder=embedder)
    finally:
        store.close()


def clean_text(text: str, outlet: str = ""):
    """One text cleaned as `reprise run` cleans it (normalised, boilerplate lines cut, agency credits read), without
    a store's memory of the outlet's repeated lines. Returns a `reprise.clean.Cleaned`: `.text`, `.removed` (each
    cut, with its rule and offsets into the normalised text) and `.credits`."""
    from .clean import Cleaned
    from .clean import clean as clean_text
    from .text import normalise

    raw = normalise(text or "")
    return clean_text(raw, outlet, None) if raw else Cleaned("")


def shared_passages(a: str, b: str, *, a_id: str = "a", b_id: str = "b", a_published=None, b_published=None):
    """The passages two texts share (`reprise reuse`), with offsets into the texts as given: a
    `reprise.reuse.Reuse` (`.passages`, `.source_share`, `.target_share`, `.direction`, `.as_dict()`), or None.
    The texts are compared as they are: clean them first (`clean_text`) to leave their boilerplate out."""
    from .reuse import Document, align_pair

    if a_id == b_id:
        raise ValueError("the two texts need different ids")
    return align_pair(Document(a_id, a, a_published, []), Document(b_id, b, b_published, []))


def deduplicate(paths, output: str | Path, *, groups: str | Path | None = None, threshold: float = 0.8,
          shingle_words: int = 5, outlet: str | None = None, jobs: int = 0):
    """`reprise dedup`: the records of `paths` minus their exact and near duplicates into `output` (JSONL), and
    the groups into `groups` if given. Returns the summary (`read`, `kept`, `exact`, `near`, `groups`, `.line()`)."""
    from .cli.dedup import run as run_dedup

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be above 0 and at most 1, not {threshold}")
    if shingle_words < 1:
        raise ValueError("shingle_words must be at least 1")
    return run_dedup(_paths(paths), str(output), str(groups) if groups else None, threshold=threshold,
                     ngram=shingle_words, outlet=outlet, jobs=jobs)


def align_files(paths, *, outlet: str | None = None, ngram: int | None = None, max_df: int | None = None) -> list[dict]:
    """`reprise align`: every pair of articles of `paths` that share text, as the records of `export reuse`
    (source_id, target_id, direction, common_source, passages with offsets, shares), the texts cleaned first.
    Inputs that cannot be read are left out, as the command leaves them (it counts them on stderr)."""
    from .reuse import AlignConfig, align_corpus
    from .reuse.inputs import read_documents

    defaults = AlignConfig()
    config = AlignConfig(n=ngram or defaults.n, max_df=max_df or defaults.max_df)
    if config.max_df < 2 or config.n < 1:
        raise ValueError("max_df must be at least 2 and ngram at least 1")
    docs = list(read_documents(_paths(paths), outlet, lambda reject: None))
    return [found.as_dict() for found in align_corpus(docs, config)]


def list_stories(db: str | Path = "reprise.db", *, since: str | None = None, outlet: str | None = None,
            query: str | None = None, entity: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    """The live stories of a store, newest activity first, as `reprise stories` lists them (see
    `reprise.stories.read.list_stories` for the filters)."""
    from .stories.read import list_stories as read_list

    with _reading(db) as store:
        return read_list(store.conn, since=since, outlet=outlet, query=query, entity=entity, limit=limit, offset=offset)


def story(db: str | Path, story_id: str) -> dict | None:
    """One story as `reprise story` shows it (label, summary, timeline, entities, outlets), following the redirect
    of a story merged into another; None when the store has no such story."""
    from .stories.read import story as read_story

    with _reading(db) as store:
        return read_story(store.conn, story_id)


def table(name: str, db: str | Path = "reprise.db") -> list[dict]:
    """A table of the store as the records `reprise export TABLE --format jsonl` writes: articles, removed, rejects,
    duplicates, reuse or stories."""
    from .export import TABLES

    if name not in TABLES:
        raise ValueError(f"no table {name!r}: one of {', '.join(TABLES)}")
    with _reading(db) as store:
        return list(store.rows(name))


def _paths(paths) -> list[str]:
    return [str(paths)] if isinstance(paths, (str, Path)) else [str(p) for p in paths]


class _reading:
    """An existing store, opened for reading and closed after."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        from .store import Store

        self.store = Store.open(self.db, create=False)
        return self.store

    def __exit__(self, *exc):
        self.store.close()
