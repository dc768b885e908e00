"""The one set of URL rules: canonical form, tracking parameters, per-host rewrites.

`canonical(url)` is what the catalogue stores and what dedupe compares.  Every host
specific rule is a row in HOST_RULES; the test table in tests/test_urls.py has a case
for each row.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

ALLOWED_SCHEMES = ("http", "https")

# Query parameters that only track who shared a link (glob patterns, matched lower-case).
TRACKING_PARAMS = ("utm_*", "spm*", "vd_source", "share_token", "source_id")

# Characters left as they are in a path; everything else is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


class UrlError(ValueError):
    """A URL that cannot be in the catalogue."""


@dataclass(frozen=True)
class Parts:
    """A split URL being rewritten (host lower-case, path case kept)."""

    host: str
    path: str
    query: list[tuple[str, str]]


def _zhihu(p: Parts) -> Parts:
    """zhihu: tardis share links are columns; no query parameter means anything."""
    m = re.fullmatch(r"/tardis/[^/]+/art/(\d+)/?", p.path)
    if m:
        return Parts("zhuanlan.zhihu.com", f"/p/{m.group(1)}", [])
    return replace(p, query=[])


_WECHAT_KEYS = ("__biz", "mid", "idx", "sn")


def _wechat(p: Parts) -> Parts:
    """WeChat: long form keeps __biz/mid/idx/sn (in that order); short form /s/<id> no query."""
    if p.path.rstrip("/") in ("/s", "/mp/appmsg/show"):
        found = dict(p.query)
        if "__biz" not in found:
            return p
        return Parts(p.host, "/s", [(k, found[k]) for k in _WECHAT_KEYS if k in found])
    return replace(p, query=[])


_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})"


def _arxiv(p: Parts) -> Parts:
    """arXiv: abs, pdf, .pdf and vN forms are all https://arxiv.org/abs/<id>."""
    m = re.fullmatch(rf"/(?:abs|pdf|html)/{_ARXIV_ID}(?:v\d+)?(?:\.pdf)?/?", p.path)
    if m:
        return Parts("arxiv.org", f"/abs/{m.group(1)}", [])
    return p


def _bilibili(p: Parts) -> Parts:
    """bilibili: only the part number `p` selects content; video ids keep their case."""
    return replace(p, query=[(k, v) for k, v in p.query if k == "p"])


HOST_RULES: dict[str, Callable[[Parts], Parts]] = {
    "zhihu.com": _zhihu,
    "www.zhihu.com": _zhihu,
    "zhuanlan.zhihu.com": _zhihu,
    "mp.weixin.qq.com": _wechat,
    "arxiv.org": _arxiv,
    "www.arxiv.org": _arxiv,
    "export.arxiv.org": _arxiv,
    "www.bilibili.com": _bilibili,
    "m.bilibili.com": _bilibili,
}


def _is_tracking(key: str) -> bool:
    low = key.lower()
    return any(fnmatch.fnmatchcase(low, pat) for pat in TRACKING_PARAMS)


def _norm_path(path: str) -> str:
    encoded = quote(path, safe=_PATH_SAFE)
    encoded = re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), encoded)
    return encoded.rstrip("/")


def split_checked(url: str) -> tuple[str, str]:
    """Scheme and host of `url`, raising UrlError unless it is an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = scheme + ":" if scheme else "没有协议"
        raise UrlError(f"只接受 http 或 https 链接（这里是 {shown}）")
    if not parts.hostname:
        raise UrlError("链接缺少主机名")
    return scheme, parts.hostname


@functools.lru_cache(maxsize=1 << 18)  # pure; validate and every page that shows a link ask again
def canonical(url: str) -> str:
    """The catalogue's form of `url`: https, no fragment, no tracking, host rules applied."""
    split_checked(url)
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in pairs if not _is_tracking(k)]
    p = Parts(host, parts.path or "/", query)
    rule = HOST_RULES.get(host)
    if rule:
        p = rule(p)
    path = _norm_path(p.path)
    qs = urlencode(p.query, safe="=/:") if p.query else ""
    return urlunsplit(("https", p.host, path, qs, ""))


def host(url: str) -> str:
    """Lower-case host of `url`, without a leading `www.`."""
    name = (urlsplit(url).hostname or "").lower()
    return name.removeprefix("www.")


def display(url: str) -> str:
    """A readable form of `url` (percent-escapes decoded) for people, never for links."""
    return unquote(url)
