"""One plain-text article per file: encoding detected, title taken from a headline-like first line."""

from __future__ import annotations

from pathlib import Path

from ..model import RawItem, Reject, Source
from .decode import NotText, decode

TITLE_MAX_CHARS = 150


def split_title(text: str) -> tuple[str, str]:
    """(title, body) when the first line reads as a headline: short, no final full stop, text after."""
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    first = first.strip()
    if (
        sep
        and rest.strip()
        and 0 < len(first) <= TITLE_MAX_CHARS
        and not first.endswith((".", ",", ";", ":"))
        and any(ch.isalpha() for ch in first)
    ):
        return first, rest
    return "", text


def read_txt(path: Path, data: bytes, outlet: str | None):
    source = Source(str(path))
    try:
        text, _ = decode(data)
    except NotText as err:
        yield Reject(str(path), "", f"not a text file ({err})")
        return
    title, body = split_title(text)
    yield RawItem(
        key=f"file:{path}",
        source=source,
        text=body,
        title=title,
        outlet=outlet or path.parent.name,
    )
