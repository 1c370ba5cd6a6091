"""Unicode and whitespace normalisation shared by every reader and by cleaning."""

from __future__ import annotations

import re
import unicodedata

# Characters that carry no text: zero-width marks, soft hyphen, BOM, controls other than newline/tab.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
_INVISIBLE_ASCII = bytes([*range(0x00, 0x09), 0x0b, *range(0x0e, 0x20), 0x7f])  # the ASCII ones, as bytes
# Every horizontal space, including no-break and thin spaces, becomes one plain space.
_HSPACE = "\t\x0b\x0c\u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Only what must change: runs of two or more spaces, and any other kind of space. (One class first lets the
# regex engine skip to the next space at C speed: twice as fast as the plain alternation of the two.)
_SPACES = re.compile(f"[ {_HSPACE}](?:[ {_HSPACE}]+|(?<! ))")
_OTHER_SPACE = re.compile(f"[{_HSPACE}]")  # ... so there is nothing to change without one of these, or two spaces
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFC, one kind of line break, spaces collapsed, lines trimmed, at most one blank line in a row.

    Paragraph breaks are kept: a single newline and a blank line both survive.
    """
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():  # NFC already, and no space or invisible character beyond ASCII: bytes are faster
        data = text.encode("ascii")
        visible = data.translate(None, _INVISIBLE_ASCII)
        if len(visible) != len(data):
            text = visible.decode("ascii")
        text = unwrap(text)
        other_space = "\t" in text or "\x0c" in text
    else:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = _INVISIBLE.sub("", text)
        text = unwrap(text)
        other_space = _OTHER_SPACE.search(text) is not None
    if other_space or "  " in text:
        text = _SPACES.sub(" ", text)
    # The only spaces left are plain (`\r`, the controls that are spaces and the line separators are gone): a
    # line to trim starts or ends with one.
    if text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    return squeeze_blank_lines(text).strip()


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
    ends = list(map(len, map(str.rstrip, lines)))  # each line's width; 0: a blank line
    widths = [width for width in ends if width]
    if len(widths) < 4:
        return text
    width = max(widths)
    if width > WRAP_MAX_WIDTH:
        return text
    full = width * WRAP_FULL
    if len([w for w in widths if w >= full]) < 0.5 * len(widths):
        return text
    stripped = list(map(str.strip, lines))
    # Between two lines that are not blank, a line break goes unless the second is indented, or the first
    # stops short of the width and the second does not visibly continue it (a lower-case start after no full stop).
    out = [""] * (2 * len(lines) - 1)
    out[0::2] = stripped
    out[1::2] = [" " if last and this and not line[0].isspace()
                 and (width >= full or this[0].islower() and last[-1] not in ".!?:") else "\n"
                 for last, this, width, line in zip(stripped, stripped[1:], ends, lines[1:])]
    return "".join(out)


def squeeze_blank_lines(text: str) -> str:
    """Runs of blank lines down to one."""
    return _BLANK_RUNS.sub("\n\n", text) if "\n\n\n" in text else text


def shortened(text: str, size: int) -> str:
    """`text` on one line, cut at a word boundary to at most `size` characters, an ellipsis marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size - 1].rsplit(" ", 1)[0] + "…"


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
