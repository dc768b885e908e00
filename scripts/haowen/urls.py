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
from typing import NamedTuple
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

ALLOWED_SCHEMES = ("http", "https")

# Query parameters that only track who shared a link (glob patterns, matched lower-case).
TRACKING_PARAMS = ("utm_*", "spm*", "vd_source", "share_token", "source_id")

# Characters left as they are in a path; everything else is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_SAFE_PATH = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=\-._~%]*")  # quote() leaves such a path as it is
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
# The common URL: http(s), a host of ASCII letters, digits, dots and hyphens, no port, and no
# tab or line break (urlsplit would drop those).  urlsplit would split it just like this.
_PLAIN_URL = re.compile(r"https?://(?P<host>[a-z0-9][a-z0-9.-]*)(?P<path>/[^?#\t\r\n]*)?"
                        r"(?:\?(?P<query>[^#\t\r\n]*))?(?:#[^\t\r\n]*)?", re.IGNORECASE | re.ASCII)
# A URL already in the catalogue's form (what links.yaml holds): https, a lower-case host without a
# trailing dot, a path of characters quote() leaves alone with upper-case escapes and no trailing
# slash, no query, no fragment.  Only its host rule could still change it.
_KEPT = r"[A-Za-z0-9:@!$&'()*+,;=\-._~]*+"
_CANONICAL_SHAPE = re.compile(rf"https://(?P<host>[a-z0-9][a-z0-9.-]*)(?<!\.)"
                              rf"(?P<path>(?:/{_KEPT}(?:%[0-9A-F]{{2}}{_KEPT})*+)*+)(?<!/)", re.ASCII)


class UrlError(ValueError):
    """A URL that cannot be in the catalogue."""


class Parts(NamedTuple):
    """A split URL being rewritten (host lower-case, path case kept)."""

    host: str
    path: str
    query: list[tuple[str, str]]


_TARDIS = re.compile(r"/tardis/[^/]+/art/(\d+)/?")


def _zhihu(p: Parts) -> Parts:
    """zhihu: tardis share links are columns; zhihu.com is www.zhihu.com; no query parameter means anything."""
    m = _TARDIS.fullmatch(p.path)
    if m:
        return Parts("zhuanlan.zhihu.com", f"/p/{m.group(1)}", [])
    host = "www.zhihu.com" if p.host == "zhihu.com" else p.host
    return Parts(host, p.path, []) if p.query or host != p.host else p


_WECHAT_KEYS = ("__biz", "mid", "idx", "sn")


def _wechat(p: Parts) -> Parts:
    """WeChat: long form keeps __biz/mid/idx/sn (in that order); short form /s/<id> no query."""
    if p.path.rstrip("/") in ("/s", "/mp/appmsg/show"):
        found = dict(p.query)
        if "__biz" not in found:
            return p
        return Parts(p.host, "/s", [(k, found[k]) for k in _WECHAT_KEYS if k in found])
    return Parts(p.host, p.path, []) if p.query else p


_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_PATH = re.compile(rf"/(?:abs|pdf|html)/{_ARXIV_ID}(?:v\d+)?(?:\.pdf)?/?")


def _arxiv(p: Parts) -> Parts:
    """arXiv: abs, pdf, .pdf and vN forms are all https://arxiv.org/abs/<id>."""
    m = _ARXIV_PATH.fullmatch(p.path)
    if m:
        return Parts("arxiv.org", f"/abs/{m.group(1)}", [])
    return p


def _bilibili(p: Parts) -> Parts:
    """bilibili: a video on m. is the one on www.; only the part number `p` selects content; ids keep their case."""
    host = "www.bilibili.com" if p.path.startswith("/video/") else p.host
    return Parts(host, p.path, [(k, v) for k, v in p.query if k == "p"])


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


# What a page is, by host and path of its canonical URL (the first row that matches); any other
# page is an article.  `haowen add` fills an entry's `kind` from this.
KIND_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple((h, re.compile(p), k) for h, p, k in (
    ("github.com", r"/[^/]+/[^/]+(?:/tree/.*)?", "repo"),
    ("gitee.com", r"/[^/]+/[^/]+", "repo"),
    ("arxiv.org", r"/abs/.+", "paper"),
    ("openreview.net", r"/(?:forum|pdf)", "paper"),
    ("aclanthology.org", r"/[^/]+", "paper"),
    ("proceedings.neurips.cc", r"/paper.*", "paper"),
    ("proceedings.mlr.press", r"/.+", "paper"),
    ("huggingface.co", r"/papers/.+", "paper"),
    ("huggingface.co", r"/docs(?:/.*)?", "docs"),
    ("huggingface.co", r"/(?!blog/|datasets/|spaces/|learn/)[^/]+/[^/]+", "docs"),  # a model's page
    ("www.bilibili.com", r"/video/.+", "video"),
    ("www.youtube.com", r"/(?:watch|playlist|live/.+)", "video"),
    ("youtu.be", r"/.+", "video"),
    ("docs.nvidia.com", r"/.*", "docs"),
    ("pytorch.org", r"/docs/.*", "docs"),
))

# How each site is named where an entry lists its other copies (另见：微信 / 知乎); other hosts are
# shown by their host name.
HOST_LABELS: dict[str, str] = {
    "mp.weixin.qq.com": "微信",
    "zhuanlan.zhihu.com": "知乎",
    "www.zhihu.com": "知乎",
    "github.com": "GitHub",
    "arxiv.org": "arXiv",
    "www.bilibili.com": "B 站",
    "www.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "huggingface.co": "Hugging Face",
    "blog.csdn.net": "CSDN",
    "juejin.cn": "掘金",
    "www.cnblogs.com": "博客园",
    "kexue.fm": "科学空间",
    "spaces.ac.cn": "科学空间",
    "www.jianshu.com": "简书",
    "medium.com": "Medium",
    "x.com": "X",
}


def kind_of(url: str) -> str:
    """The kind of entry the canonical `url` is by KIND_RULES: repo, paper, video, docs or article."""
    parts = urlsplit(url)
    name, path = (parts.hostname or "").lower(), parts.path or "/"
    return next((k for h, p, k in KIND_RULES if h == name and p.fullmatch(path)), "article")


def host_label(url: str) -> str:
    """The name of the site of `url` for people: HOST_LABELS, else the host without `www.`."""
    name = (urlsplit(url).hostname or "").lower()
    return HOST_LABELS.get(name) or host(url)


def _is_tracking(key: str) -> bool:
    low = key.lower()
    return any(fnmatch.fnmatchcase(low, pat) for pat in TRACKING_PARAMS)


def _norm_path(path: str) -> str:
    encoded = path if _SAFE_PATH.fullmatch(path) else quote(path, safe=_PATH_SAFE)
    if "%" in encoded:
        encoded = _PERCENT.sub(lambda m: m.group(0).upper(), encoded)
    return encoded.rstrip("/")


def _checked(url: str) -> tuple[SplitResult, str, str]:
    """`url` split, with its scheme and host; UrlError unless it is an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = scheme + ":" if scheme else "没有协议"
        raise UrlError(f"只接受 http 或 https 链接（这里是 {shown}）")
    hostname = parts.hostname
    if not hostname:
        raise UrlError("链接缺少主机名")
    return parts, scheme, hostname


def plainly_http(url: str) -> bool:
    """True when `url` (already stripped) is one split_checked accepts, judged without splitting it."""
    return _PLAIN_URL.fullmatch(url) is not None


def split_checked(url: str) -> tuple[str, str]:
    """Scheme and host of `url`, raising UrlError unless it is an absolute http(s) URL."""
    _, scheme, hostname = _checked(url)
    return scheme, hostname


@functools.lru_cache(maxsize=1 << 18)  # pure; validate and every page that shows a link ask again
def canonical(url: str) -> str:
    """The catalogue's form of `url`: https, no fragment, no tracking, host rules applied."""
    return url if _already_canonical(url) else _rebuilt(url)


def _already_canonical(url: str) -> bool:
    """True when `_rebuilt(url)` would give `url` back, judged without taking it apart."""
    shape = _CANONICAL_SHAPE.fullmatch(url)
    if shape is None:
        return False
    rule = HOST_RULES.get(shape["host"])
    if rule is None:
        return True
    parts = Parts(shape["host"], shape["path"] or "/", [])
    return rule(parts) == parts


def _rebuilt(url: str) -> str:
    """`url` taken apart and put together in the catalogue's form."""
    plain = _PLAIN_URL.fullmatch(url.strip())
    if plain:  # the parts urlsplit would find, found faster
        (hostname, path, qs), port = plain.group("host", "path", "query"), None
    else:
        parts, _, hostname = _checked(url)
        port, path, qs = parts.port, parts.path, parts.query
    host = hostname.lower().rstrip(".")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(qs, keep_blank_values=True) if not _is_tracking(k)] if qs else []
    p = Parts(host, path or "/", query)
    rule = HOST_RULES.get(host)
    if rule:
        p = rule(p)
    path, encoded = _norm_path(p.path), urlencode(p.query, safe="=/:") if p.query else ""
    if not p.host:  # a host like "." — urlunsplit has rules for such corners
        return urlunsplit(("https", p.host, path, encoded, ""))
    # What urlunsplit makes of a host and a path that is empty or starts with "/", only faster.
    return f"https://{p.host}{path}?{encoded}" if encoded else f"https://{p.host}{path}"


@functools.lru_cache(maxsize=1 << 18)  # pure; every page and count showing a link asks again
def host(url: str) -> str:
    """Lower-case host of `url`, without a leading `www.`."""
    name = (urlsplit(url).hostname or "").lower()
    return name.removeprefix("www.")


def display(url: str) -> str:
    """A readable form of `url` (percent-escapes decoded) for people, never for links."""
    return unquote(url)
