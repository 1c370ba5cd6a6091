"""Unicode and whitespace normalisation shared by every reader and by cleaning."""

from __future__ import annotations

import re
import unicodedata

# Characters that carry no text: zero-width marks, soft hyphen, BOM, controls other than newline/tab.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
# Every horizontal space, including no-break and thin spaces, becomes one plain space.
_HSPACE = "\t\x0b\x0c\u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Only what must change: runs of two or more spaces, and any other kind of space. (One class first lets the
# regex engine skip to the next space at C speed: twice as fast as the plain alternation of the two.)
_SPACES = re.compile(f"[ {_HSPACE}](?:[ {_HSPACE}]+|(?<! ))")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFC, one kind of line break, spaces collapsed, lines trimmed, at most one blank line in a row.

    Paragraph breaks are kept: a single newline and a blank line both survive.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = unwrap(text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


# Hard-wrapped text (wire copy, mail, old archives): lines cut at a fixed width.
WRAP_MAX_WIDTH = 100  # wider lines are paragraphs, not wrapped lines
WRAP_FULL = 0.7  # a line at least this share of the width is "full": its paragraph goes on


def unwrap(text: str) -> str:
    """Join hard-wrapped lines back into paragraphs; other text is returned unchanged.

    Text counts as hard-wrapped when most of its lines fill a fixed width of at most
    WRAP_MAX_WIDTH characters. A paragraph then ends at a blank line, before an indented line,
    or after a line that stops short of the width (unless the next line visibly continues it).
    """
    lines = text.split("\n")
    if len(lines) < 4 or max(map(len, lines)) > WRAP_MAX_WIDTH + 40:  # room for indentation
        return text
    widths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(widths) < 4:
        return text
    width = max(widths)
    if width > WRAP_MAX_WIDTH:
        return text
    full = width * WRAP_FULL
    if sum(w >= full for w in widths) < 0.5 * len(widths):
        return text
    out: list[str] = []
    joining = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            out.append("")
            joining = False
            continue
        indented = line[:1].isspace()
        continues = stripped[0].islower() and out and out[-1] and not out[-1].endswith((".", "!", "?", ":"))
        if (joining or continues) and not indented:
            out[-1] = out[-1] + " " + stripped
        else:
            out.append(stripped)
        joining = len(line.rstrip()) >= full
    return "\n".join(out)


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
