"""Small inline SVG pictures: a volume sparkline, and who took from whom as an arc diagram."""

from __future__ import annotations

from collections import Counter
from datetime import date

from markupsafe import Markup


def sparkline(values: list[int], width: int = 120, height: int = 24, label: str = "volume over time") -> Markup:
    """Bars of `values` (counts per period), scaled to the box; empty when there is nothing to draw."""
    if not values or not any(values):
        return Markup("")
    top = max(values)
    step = width / len(values)
    bars = Markup("").join(
        Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/>').format(
            i * step, height - max(1.0, v / top * height), max(1.0, step - 1), max(1.0, v / top * height))
        for i, v in enumerate(values) if v)
    return Markup('<svg class="spark" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
                  '<title>{label}: {total} in all, at most {top} in one period</title>'
                  '<g fill="currentColor">{bars}</g><line x1="0" y1="{h}" x2="{w}" y2="{h}" stroke="currentColor"'
                  ' stroke-opacity=".3"/></svg>').format(w=width, h=height, label=label, total=sum(values), top=top, bars=bars)


def daily_counts(days: list[str], bins: int = 16) -> list[int]:
    """Counts of the dated items (`YYYY-MM-DD...`) in `bins` periods from the first day on: one day each
    when they span fewer days than that (so short stories compare at a glance), else equal periods."""
    dated = sorted(date.fromisoformat(d[:10]) for d in days if d and len(d) >= 10 and d[:10].replace("-", "").isdigit())
    if not dated:
        return []
    per = -(-((dated[-1] - dated[0]).days + 1) // bins)  # days in one period, rounded up
    counts: Counter = Counter((d - dated[0]).days // per for d in dated)
    return [counts.get(i, 0) for i in range(bins)]


def arcs(nodes: list[dict], edges: list[dict], width: int = 720) -> Markup:
    """Who took from whom: `nodes` ({id, label, href}) on a line in the order given (publication), an arc
    from each source to its target (`edges`: {source, target, share}) drawn above, thicker as more is taken."""
    if not nodes:
        return Markup("")
    gap = max(16, min(60, (width - 40) / max(len(nodes) - 1, 1)))
    width = int(40 + gap * (len(nodes) - 1))
    x = {n["id"]: 20 + i * gap for i, n in enumerate(nodes)}
    span = max((abs(x[e["target"]] - x[e["source"]]) for e in edges if e["source"] in x and e["target"] in x), default=0)
    height = int(40 + span / 2)
    base = height - 22
    parts = [Markup('<svg class="arcs" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img"'
                    ' aria-label="who took from whom">').format(w=width, h=height)]
    parts.append(Markup('<defs><marker id="tip" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="7" markerHeight="7"'
                        ' markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="currentColor"/>'
                        '</marker></defs>'))
    for e in edges:
        if e["source"] not in x or e["target"] not in x:
            continue
        x1, x2 = x[e["source"]], x[e["target"]]
        r = abs(x2 - x1) / 2
        sweep = 1 if x2 > x1 else 0
        parts.append(Markup('<path class="arc" d="M{x1:.1f},{y} A{r:.1f},{r:.1f} 0 0,{sweep} {x2:.1f},{y}" fill="none"'
                            ' stroke-width="{sw:.1f}" marker-end="url(#tip)"><title>{title}</title></path>').format(
            x1=x1, x2=x2, y=base, r=r, sweep=sweep, sw=1 + 4 * e["share"],
            title=f"{e['target']} took {e['share']:.0%} of its text from {e['source']}"))
    for i, n in enumerate(nodes):
        parts.append(Markup('<a href="{href}"><circle cx="{cx:.1f}" cy="{cy}" r="6"><title>{label}</title></circle>'
                            '<text x="{cx:.1f}" y="{ty}" text-anchor="middle">{num}</text></a>').format(
            href=n["href"], cx=x[n["id"]], cy=base, ty=base + 18, label=n["label"], num=i + 1))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
