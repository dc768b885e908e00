"""Fetch an article's title for `haowen add`: short timeouts, bounded body, checked redirects.

og:title first, then WeChat's `msg_title`, then `<title>`; the text decoded by pagetext.decode;
site suffixes removed by titles.clean_title.  Every failure is a FetchError with a message for people.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import sys
from collections.abc import Mapping, Sequence

import httpx

from haowen.text.titles import clean_title
from haowen.web.addresses import AddressError, get
from haowen.web.body import ACCEPT_ENCODING, BodyError, read_body
from haowen.web.markup import Reader, scan
from haowen.web.pagetext import PageText, decode
from haowen.web.redirects import BadRedirect, redirect_target, refuse_bad_redirect

TIMEOUT_ENV = "HAOWEN_FETCH_TIMEOUT"
DEFAULT_TIMEOUT = 10.0  # seconds for the whole fetch: connecting, headers, redirects and body
MAX_TIMEOUT = 600.0
MAX_BYTES = 1_000_000
MAX_REDIRECTS = 5
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
BLOCKED_STATUS = (401, 403, 429, 451)  # the wording for refusals; which pages are verification pages is data/check.yaml's
# An escape, or any other character but the closing quote: the two never overlap, so no backtracking.
_MSG_TITLE = re.compile(r"""\bmsg_title\s*=\s*(['"])((?:\\.|(?!\1)[^\\])*)\1""", re.S)
_JS_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|(\r\n|.))", re.S)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0",
              "\n": "", "\r": "", "\r\n": "", "\u2028": "", "\u2029": ""}


class FetchError(Exception):
    """The title could not be fetched; the message says why, in Chinese."""


class _TitleReader(Reader):
    def __init__(self) -> None:
        self.og_title: str | None = None
        self.title: str | None = None
        self._in_title = False
        self._parts: list[str] = []

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        if tag == "meta" and (attrib.get("property") or attrib.get("name") or "").lower() == "og:title":
            self.og_title = self.og_title or (attrib.get("content") or "").strip() or None
        elif tag == "title" and self.title is None:
            self._in_title = True

    def data(self, text: str) -> None:
        if self._in_title:
            self._parts.append(text)

    def end(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = "".join(self._parts).strip() or None


def configured_timeout() -> float:
    """The timeout from $HAOWEN_FETCH_TIMEOUT when it is a number of seconds up to MAX_TIMEOUT, else the default."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if 0 < value <= MAX_TIMEOUT else DEFAULT_TIMEOUT


def js_unescape(text: str) -> str:
    """The value of a JavaScript string literal's body: \\x3c, \\u4e2d, \\u{1F600}, \\n, \\' and the rest decoded."""
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2) or m.group(3)
        if code:
            return chr(min(int(code, 16), 0x10FFFF))
        return _JS_SIMPLE.get(m.group(4), m.group(4))
    decoded = _JS_ESCAPE.sub(one, text)  # a pair of \\uD83D\\uDE00 halves becomes one character below
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def title_from_html(page: str) -> str | None:
    """og:title, else WeChat's msg_title, else <title>; cleaned of site suffixes."""
    parser = _TitleReader()
    scan(page, parser)
    msg = _MSG_TITLE.search(page)
    msg_title = html.unescape(js_unescape(msg.group(2))).strip() if msg else None
    for candidate in (parser.og_title, msg_title, parser.title):
        if candidate and clean_title(candidate):
            return clean_title(candidate)
    return None


def _check(resp: httpx.Response) -> None:
    code = resp.status_code
    if code in BLOCKED_STATUS:
        raise FetchError(f"网站拒绝了访问（HTTP {code}），知乎等网站常这样")
    if code >= 400:
        raise FetchError(f"网页打不开（HTTP {code}）")
    kind = resp.headers.get("content-type", "text/html").split(";")[0].strip().lower()
    if kind not in HTML_TYPES:
        raise FetchError(f"链接指向的不是网页（{kind}）")


async def _page(client: httpx.AsyncClient, url: str, max_bytes: int, answered: list[bool]) -> PageText:
    """The page at the end of `url`'s redirects; `answered` gets True once its headers have come."""
    try:
        current = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:  # IDNA errors are ValueErrors
        raise FetchError(f"链接无效（{exc}）") from None
    seen = {str(current)}
    for _ in range(MAX_REDIRECTS + 1):
        async with get(client, current) as resp:
            if resp.is_redirect:
                try:
                    current = redirect_target(current, resp.headers["location"])
                except ValueError as exc:
                    raise FetchError(str(exc)) from None
                if str(current) in seen:
                    raise FetchError("网页的重定向形成了循环")
                seen.add(str(current))
                continue
            _check(resp)
            answered.append(True)
            return decode(await read_body(resp, max_bytes), resp.charset_encoding)
    raise FetchError(f"重定向超过 {MAX_REDIRECTS} 次")


async def _fetch(url: str, timeout: float, max_bytes: int) -> PageText:
    """The page, within one deadline of `timeout` seconds for connecting, headers, redirects and body."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
               "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.6", "Accept-Encoding": ACCEPT_ENCODING}
    answered: list[bool] = []
    try:
        async with httpx.AsyncClient(headers=headers, timeout=timeout, follow_redirects=False,
                                     event_hooks={"response": [refuse_bad_redirect]}) as client:
            async with asyncio.timeout(timeout):  # from the first request on, not while loading certificates
                return await _page(client, url, max_bytes, answered)
    except (TimeoutError, httpx.TimeoutException):
        raise FetchError("网页响应太慢，已放弃" if answered else f"网页在 {timeout:g} 秒内没有响应") from None
    except (BadRedirect, BodyError, AddressError) as exc:
        raise FetchError(str(exc)) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"无法访问网页（{type(exc).__name__}）") from None
    except (httpx.InvalidURL, ValueError, OSError) as exc:  # what else a strange server can cause
        raise FetchError(f"无法访问网页（{type(exc).__name__}: {exc}）") from None


def fetch_title(url: str, timeout: float | None = None, max_bytes: int = MAX_BYTES,
                blocked_texts: Sequence[str] = ()) -> str:
    """The title of the page at `url`, or FetchError saying why there is none (also when the title holds
    one of `blocked_texts`: a verification page, see data/check.yaml)."""
    timeout = configured_timeout() if timeout is None else timeout
    page, warning = asyncio.run(_fetch(url, timeout, max_bytes))
    if warning:
        print(f"注意：{warning}", file=sys.stderr)
    title = title_from_html(page)
    if title is None:
        raise FetchError("网页里没有找到标题")
    if any(text in title for text in blocked_texts):
        raise FetchError(f"网站返回了验证页面（“{title}”）而不是文章")
    return title
