"""Local alignment: grow anchor hits into passages across small edits.

Three steps, all on word tokens (positions, not characters):

1. **chain**: hits sorted by position in A; a hit extends the chain whose last hit lies
   before it in *both* texts by at most `gap` words (the one closest to its diagonal), else
   it starts a new chain. An inserted clause, a changed word, a dropped date word breaks the
   run of shingles for a few words, not for `gap`, so the passage goes on as one; a sentence
   or two cut from one text (up to `cut` words skipped there while the other goes straight
   on) does not split it either; paragraphs moved around become separate chains, each in order;
2. **filter and merge**: chains with too few hits or words are dropped; chains that overlap
   in both texts are merged;
3. **refine edges**: each edge is extended word by word (X-drop: +1 for a match, -2 for a
   mismatch, stop once the score falls `xdrop` below its best) to take in words the anchors
   missed, such as a common phrase that is no anchor because it is too frequent; where that
   stops, a small edit (up to `jump` words in either text) is jumped when three words in a
   row match right after it, so a clause inserted near the end does not cut the passage short.
   A passage whose words match too thinly (`min_score`: matched words / words, the mean of
   both texts) is dropped: two stock phrases that happen to fall near each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AlignConfig:
    n: int = 5  # words per shingle
    gap: int = 40  # most words between two hits of one passage, in either text
    cut: int = 100  # most words one text may skip while the other goes straight on (a sentence cut)
    min_hits: int = 2  # anchor hits a passage needs
    min_words: int = 10  # words a passage needs in each text
    min_score: float = 0.3  # share of a passage's words that must match (two stray phrases 40 words apart are no passage)
    xdrop: int = 3
    jump: int = 8  # most words an edge extension jumps over (a small edit near the edge)
    max_df: int = 100  # shingles in more documents than this are not anchors
    min_match: int = 3  # shared rare shingles that make two documents a candidate pair
    max_repeat: int = 4  # shingles repeated more often in one document are not anchors


@dataclass
class TokenPassage:
    """A passage in word positions: [a0, a1) in A, [b0, b1) in B, and the share of its words that match."""

    a0: int
    a1: int
    b0: int
    b1: int
    score: float


def chain(pa: np.ndarray, pb: np.ndarray, n: int, gap: int, cut: int = 0) -> list[list[int]]:
    """Chains of hits as [a_first, a_last, b_first, b_last, hits, matched_a, matched_b]; hits sorted by (pa, pb)."""
    chains: list[list[int]] = []
    live: list[list[int]] = []
    reach = max(gap, cut)
    tight = n + 3  # a cut: the other text goes straight on
    for a, b in zip(pa.tolist(), pb.tolist()):
        best = None
        best_cost = 0
        still = []
        for c in live:
            da = a - c[1]
            if da > reach:
                continue  # hits come in order of a: this chain can take no more
            still.append(c)
            db = b - c[3]
            if da > 0 and 0 < db <= reach and ((da <= gap and db <= gap) or min(da, db) <= tight):
                cost = 2 * abs(da - db) + da + db
                if best is None or cost < best_cost:
                    best, best_cost = c, cost
        live = still
        if best is None:
            c = [a, a, b, b, 1, n, n]
            chains.append(c)
            live.append(c)
        else:
            da, db = a - best[1], b - best[3]
            best[5] += n if da > n else da
            best[6] += n if db > n else db
            best[1] = a
            best[3] = b
            best[4] += 1
    return chains


def _crosses(breaks: frozenset | set, x: int, step: int) -> bool:
    """Whether stepping onto word x (going `step`) crosses a paragraph or sentence-line boundary."""
    return (x if step > 0 else x + 1) in breaks


def _ungapped(ia: np.ndarray, ib: np.ndarray, x: int, y: int, step: int, xdrop: int, stop_a: int, stop_b: int,
              breaks_a, breaks_b) -> tuple[int, int, int]:
    """X-drop extension word by word from (x, y) going `step`: (words added, words matching, best score).

    Past a boundary (`breaks`: words that open a paragraph, or a line after a finished
    sentence) the extension must gain two more words, so one word matching by chance
    right after a paragraph does not join it.
    """
    score = best = best_k = matched = best_matched = 0
    need = 0
    k = 0
    while True:
        if x == stop_a or y == stop_b:
            break
        if _crosses(breaks_a, x, step) or _crosses(breaks_b, y, step):
            need = max(need, score + 2)
        k += 1
        if ia[x] == ib[y]:
            score += 1
            matched += 1
        else:
            score -= 2
        if score > best and score >= need:
            best, best_k, best_matched = score, k, matched
        elif best - score > xdrop:
            break
        x += step
        y += step
    return best_k, best_matched, best


def _window(ids: np.ndarray, x: int, step: int, size: int, stop: int, breaks) -> list[int]:
    """Up to `size` word ids from x going `step`, not reaching `stop` nor crossing a boundary."""
    if step > 0:
        end = min(x + size, stop, len(ids))
        for pos in range(x, end):
            if pos in breaks:
                end = pos
                break
        return ids[x:end].tolist() if end > x else []
    low = max(x - size + 1, stop + 1, 0)
    for pos in range(x, low - 1, -1):
        if pos + 1 in breaks:
            low = pos + 1
            break
    return ids[low:x + 1].tolist()[::-1] if x >= low else []


def _extend(ia: np.ndarray, ib: np.ndarray, a: int, b: int, step: int, config: AlignConfig, stop_a: int, stop_b: int,
            breaks_a=frozenset(), breaks_b=frozenset()) -> tuple[int, int, int]:
    """Words to add beyond (a, b) going `step` (+1 right, -1 left) in A and in B, and how many match.

    Ungapped X-drop first (kept when it gains at least two words net, so that one word
    matching by chance does not count); then, where it stops, a jump over a small edit (a
    few words inserted, dropped or changed, at most `jump` words in either text) when three
    words in a row match just after it, and extension again from there.
    """
    ta = tb = tm = 0
    k, m, gain = _ungapped(ia, ib, a, b, step, config.xdrop, stop_a, stop_b, breaks_a, breaks_b)
    if gain >= 2:
        ta, tb, tm = k, k, m
    seed, jump = 3, config.jump
    for _ in range(2):
        x, y = a + step * ta, b + step * tb
        wa = _window(ia, x, step, jump + seed, stop_a, breaks_a)
        wb = _window(ib, y, step, jump + seed, stop_b, breaks_b)
        if len(wa) < seed or len(wb) < seed:
            break
        starts: dict[tuple, int] = {}
        for j in range(len(wb) - seed + 1):
            starts.setdefault(tuple(wb[j:j + seed]), j)
        found = None
        for i in range(len(wa) - seed + 1):
            j = starts.get(tuple(wa[i:i + seed]))
            if j is not None and (i or j) and (found is None or i + j < found[0] + found[1]):
                found = (i, j)
        if found is None:
            break
        i, j = found
        k, m, _ = _ungapped(ia, ib, x + step * i, y + step * j, step, config.xdrop, stop_a, stop_b, breaks_a, breaks_b)
        ta, tb, tm = ta + i + k, tb + j + k, tm + m
    return ta, tb, tm


def passages(ia: np.ndarray, ib: np.ndarray, pa: np.ndarray, pb: np.ndarray, config: AlignConfig,
             breaks_a=frozenset(), breaks_b=frozenset()) -> list[TokenPassage]:
    """The passages two documents share, from their word ids and anchor hits (sorted by (pa, pb)).

    `breaks_a`, `breaks_b`: positions of the words that open a paragraph (see `_ungapped`).
    """
    n = config.n
    spans = []
    for a0, a_last, b0, b_last, hits, ma, mb in chain(pa, pb, n, config.gap, config.cut):
        a1, b1 = a_last + n, b_last + n
        if hits < config.min_hits or a1 - a0 < config.min_words or b1 - b0 < config.min_words:
            continue
        spans.append([a0, a1, b0, b1, ma, mb])
    if not spans:
        return []
    spans = _merge(spans)
    spans.sort(key=lambda s: (s[0], s[2]))
    out = []
    for i, (a0, a1, b0, b1, ma, mb) in enumerate(spans):
        # Do not grow into the next or previous passage.
        prev_a = max((s[1] for s in spans[:i] if s[1] <= a0), default=0)
        next_a = min((s[0] for s in spans[i + 1:] if s[0] >= a1), default=len(ia))
        ka, kb, m = _extend(ia, ib, a0 - 1, b0 - 1, -1, config, prev_a - 1, -1, breaks_a, breaks_b)
        a0, b0, ma, mb = a0 - ka, b0 - kb, ma + m, mb + m
        ka, kb, m = _extend(ia, ib, a1, b1, +1, config, next_a, len(ib), breaks_a, breaks_b)
        a1, b1, ma, mb = a1 + ka, b1 + kb, ma + m, mb + m
        # An anchor may reach one or two words into the next paragraph (or start just before
        # this one) when those words happen to match: stop at the paragraph.
        for t in (1, 2):
            if a1 - t > a0 and ((a1 - t) in breaks_a or (b1 - t) in breaks_b):
                a1, b1 = a1 - t, b1 - t
                break
        for t in (1, 2):
            if a0 + t < a1 and ((a0 + t) in breaks_a or (b0 + t) in breaks_b):
                a0, b0 = a0 + t, b0 + t
                break
        score = round((min(ma, a1 - a0) / (a1 - a0) + min(mb, b1 - b0) / (b1 - b0)) / 2, 3)
        if score >= config.min_score:
            out.append(TokenPassage(a0, a1, b0, b1, score))
    return out


def _merge(spans: list[list[int]]) -> list[list[int]]:
    """Merge passages that overlap in both texts (a repeated phrase can split one passage in two chains)."""
    spans = sorted(spans)
    merged: list[list[int]] = []
    for s in spans:
        for m in merged:
            if s[0] < m[1] and m[0] < s[1] and s[2] < m[3] and m[2] < s[3]:
                m[0], m[1], m[2], m[3] = min(m[0], s[0]), max(m[1], s[1]), min(m[2], s[2]), max(m[3], s[3])
                m[4] += s[4]
                m[5] += s[5]
                break
        else:
            merged.append(list(s))
    return merged
