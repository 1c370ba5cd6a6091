"""Duplicate groups from the verified edges in the store (`near_pairs`), as `reprise run` keeps them.

Groups are derived from the edges of the components that new edges touch, the way `reprise dedup`
forms them: in order of publication (undated last, ties by id), an article not yet grouped is the
canonical member of a new group, which every ungrouped article verified at the threshold of it
joins. Members point at their canonical with `duplicate_of`. Plain SQL and Python: the store
uses this without loading the numerical engine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def group_id(canonical_id) -> str:
    """A stable id for the group whose canonical member has this id."""
    return "dup-" + hashlib.blake2b(str(canonical_id).encode("utf-8"), digest_size=8).hexdigest()


def regroup(conn, touched: Iterable[str]) -> None:
    """Recompute `duplicate_of` over the components of the edge graph that hold `touched`."""
    seen: set[str] = set()
    for start in sorted(touched):
        if start in seen:
            continue
        component = _component(conn, start)
        seen |= component
        _assign(conn, component)


def _component(conn, start: str) -> set[str]:
    found, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        rows = conn.execute("SELECT b FROM near_pairs WHERE a = ? UNION SELECT a FROM near_pairs WHERE b = ?", (node, node))
        for (other,) in rows:
            if other not in found:
                found.add(other)
                frontier.append(other)
    return found


def _assign(conn, component: set[str]) -> None:
    ids = sorted(component)
    marks = ",".join("?" * len(ids))
    dated = conn.execute(f"SELECT id, published FROM articles WHERE id IN ({marks})", ids).fetchall()
    pairs = conn.execute(f"SELECT a, b FROM near_pairs WHERE a IN ({marks})", ids).fetchall()
    conn.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?",
                     [(canonical, article) for article, canonical in canonicals(dated, pairs).items()])


def canonicals(dated: list[tuple[str, str | None]], pairs: list[tuple[str, str]]) -> dict[str, str | None]:
    """The canonical of each article of one component (None for a canonical itself), from its
    members `(id, published ISO or None)` and verified edges `(a, b)`."""
    order = [i for i, _ in sorted(dated, key=lambda row: (row[1] is None, row[1] or "", row[0]))]
    edges: dict[str, set[str]] = {i: set() for i, _ in dated}
    for a, b in pairs:
        edges[a].add(b)
        edges[b].add(a)
    canonical_of: dict[str, str | None] = {}
    for article in order:
        if article in canonical_of:
            continue
        canonical_of[article] = None
        for other in edges[article]:
            if other not in canonical_of:
                canonical_of[other] = article
    return canonical_of


def groups(conn):
    """Every duplicate group of the store: `{group_id, canonical_id, members: [{id, similarity}]}`,
    the canonical member first (similarity 1.0), groups in order of their canonical's id."""
    rows = conn.execute(
        "SELECT a.duplicate_of, a.id, p.similarity FROM articles a "
        "LEFT JOIN near_pairs p ON (p.a = a.id AND p.b = a.duplicate_of) OR (p.b = a.id AND p.a = a.duplicate_of) "
        "WHERE a.duplicate_of IS NOT NULL ORDER BY a.duplicate_of, a.id"
    )
    current, members = None, []
    for canonical, member, similarity in rows:
        if canonical != current:
            if current is not None:
                yield _group(current, members)
            current, members = canonical, []
        members.append({"id": member, "similarity": similarity})
    if current is not None:
        yield _group(current, members)


def _group(canonical: str, members: list[dict]) -> dict:
    return {"group_id": group_id(canonical), "canonical_id": canonical,
            "members": [{"id": canonical, "similarity": 1.0}, *members]}
