"""Publication dates from the forms feeds and archives use: ISO 8601, RFC 2822, epoch seconds."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

_EPOCH = re.compile(r"^\d{9,13}(\.\d+)?$")


def parse_date(value) -> datetime | None:
    """A timezone-aware datetime, or None when `value` is empty or not a date.

    A date or time without a zone is taken as UTC. Epoch values in milliseconds are recognised
    by their size.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _from_epoch(seconds: float) -> datetime | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def iso(value: datetime | None) -> str | None:
    """The stored form: ISO 8601 in UTC, seconds precision."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()
