"""One rule for following redirects with httpx, shared by `haowen add` and `haowen check`.

httpx builds the next request for every redirect answer, even with follow_redirects=False, and
raises InvalidURL (or an IDNA error) on a Location such as `javascript:…`.  `refuse_bad_redirect`
is a response event hook that looks at the Location first and raises BadRedirect, which callers turn
into a verdict, for anything that is not an http(s) URL with a host (the catalogue's URL rules).
"""

from __future__ import annotations

import httpx

from haowen.catalog.urls import UrlError, split_checked


class BadRedirect(Exception):
    """A redirect whose Location cannot be followed; the message says why, in Chinese."""

    def __init__(self, reason: str, code: int) -> None:
        super().__init__(reason)
        self.code = code


def _shown(location: str) -> str:
    return location if len(location) <= 80 else location[:80] + "…"


def redirect_target(base: httpx.URL, location: str) -> httpx.URL:
    """The URL `location` leads to from `base`; ValueError (saying why) unless it is http(s) with a host."""
    try:
        target = base.join(location.strip())
        if target.scheme not in ("http", "https"):
            raise ValueError(f"重定向到非 http(s) 地址：{_shown(location)}")
        split_checked(str(target))
        target.host  # noqa: B018 -- decoding an IDNA host is where a malformed one fails
    except UrlError as exc:
        raise ValueError(f"重定向地址无效：{_shown(location)}（{exc}）") from None
    except (httpx.InvalidURL, UnicodeError) as exc:  # IDNA errors are UnicodeErrors
        raise ValueError(f"重定向地址无效：{_shown(location)}（{exc}）") from None
    return target


async def refuse_bad_redirect(response: httpx.Response) -> None:
    """Response hook: raise BadRedirect for a redirect whose Location is not a usable http(s) URL."""
    location = response.headers.get("location")
    if response.is_redirect and location is not None:
        try:
            redirect_target(response.request.url, location)
        except ValueError as exc:
            raise BadRedirect(str(exc), response.status_code) from None
