"""Unicode and whitespace normalisation shared by every reader and by cleaning."""

from __future__ import annotations

import re
import unicodedata

# Characters that carry no text: zero-width marks, soft hyphen, BOM, controls other than newline/tab.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
# Every horizontal space, including no-break and thin spaces, becomes one plain space.
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFC, one kind of line break, spaces collapsed, lines trimmed, at most one blank line in a row.

    Paragraph breaks are kept: a single newline and a blank line both survive.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def line_spans(text: str) -> list[tuple[int, int]]:
    """(begin, end) of every non-empty line of `text`, end exclusive, newline not included."""
    spans = []
    begin = 0
    for line in text.split("\n"):
        end = begin + len(line)
        if line:
            spans.append((begin, end))
        begin = end + 1
    return spans
