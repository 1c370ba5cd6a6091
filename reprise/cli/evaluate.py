"""`reprise evaluate cleaning`: standard metrics against gold data."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("evaluate", help="measure reprise against gold data",
                              description="Compute the standard metrics of a stage against gold data.")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    from ..evaluate import cleaning, clusters, lines, pairs, reuse

    cleaning.register(kinds)
    reuse.register(kinds)
    lines.register(kinds)
    pairs.register(kinds)
    clusters.register(kinds)
