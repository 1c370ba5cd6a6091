"""HTTP GET with a timeout, a size limit and a User-Agent that says who is asking."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request

from .. import __version__
from . import limits
from .limits import megabytes

USER_AGENT = f"reprise/{__version__} (news reuse analysis; polite feed reader)"


class FetchError(Exception):
    """A page or feed could not be fetched; the message says why, in one line. `status`: the HTTP status
    of an answer that was not a success (304 Not Modified to a conditional request included), else None."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def fetch(url: str, timeout: float | None = None, headers: dict | None = None) -> tuple[bytes, dict]:
    """(body, response headers). Raises FetchError. The timeout defaults to `limits.FETCH_TIMEOUT`."""
    if timeout is None:
        timeout = limits.FETCH_TIMEOUT
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = _read_body(response, timeout)
            return body, dict(response.headers.items())
    except urllib.error.HTTPError as err:
        raise FetchError(f"HTTP {err.code} {err.reason}", status=err.code) from None
    except urllib.error.URLError as err:
        raise FetchError(f"unreachable: {err.reason}") from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s") from None
    except http.client.HTTPException as err:  # a broken answer: bad status line, body cut short
        raise FetchError(f"bad HTTP answer: {type(err).__name__}: {err}") from None
    except (OSError, ValueError) as err:
        raise FetchError(f"{type(err).__name__}: {err}") from None


def _read_body(response, timeout: float) -> bytes:
    """The body, read as it arrives: over the size limit, or still coming after a few timeouts
    (a server that sends a byte now and then), it is given up."""
    deadline = time.monotonic() + limits.FETCH_DEADLINE_FACTOR * timeout
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limits.MAX_FETCH_BYTES:
            raise FetchError(f"response over the {megabytes(limits.MAX_FETCH_BYTES)} limit")
        if time.monotonic() > deadline:
            raise FetchError(f"response still coming after {limits.FETCH_DEADLINE_FACTOR * timeout:g} s")
