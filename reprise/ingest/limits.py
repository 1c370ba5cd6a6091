"""Size limits that keep one bad input from exhausting memory."""

MAX_FILE_BYTES = 50 * 1024 * 1024  # one article (a .txt or .html file) larger than this is rejected
MAX_RECORD_BYTES = 20 * 1024 * 1024  # one JSON line or WARC record larger than this is rejected
FETCH_TIMEOUT = 20.0  # seconds, for feeds and pages fetched over HTTP
FETCH_DEADLINE_FACTOR = 3  # a whole response takes at most this many timeouts
MAX_FETCH_BYTES = 20 * 1024 * 1024


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"
