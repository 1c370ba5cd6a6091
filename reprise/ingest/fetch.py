"""HTTP GET with a timeout, a size limit and a User-Agent that says who is asking."""

from __future__ import annotations

import urllib.error
import urllib.request

from .. import __version__
from .limits import FETCH_TIMEOUT, MAX_FETCH_BYTES, megabytes

USER_AGENT = f"reprise/{__version__} (news reuse analysis; polite feed reader)"


class FetchError(Exception):
    """A page or feed could not be fetched; the message says why, in one line."""


def fetch(url: str, timeout: float = FETCH_TIMEOUT, headers: dict | None = None) -> tuple[bytes, dict]:
    """(body, response headers). Raises FetchError."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_FETCH_BYTES + 1)
            if len(body) > MAX_FETCH_BYTES:
                raise FetchError(f"response over the {megabytes(MAX_FETCH_BYTES)} limit")
            return body, dict(response.headers.items())
    except urllib.error.HTTPError as err:
        raise FetchError(f"HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        raise FetchError(f"unreachable: {err.reason}") from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:.0f} s") from None
    except (OSError, ValueError) as err:
        raise FetchError(f"{type(err).__name__}: {err}") from None
