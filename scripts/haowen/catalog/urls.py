"""The one set of URL rules: canonical form, tracking parameters, per-host rewrites.

`canonical(url)` is what the catalogue stores and what dedupe compares.  Every host
specific rule is a row in HOST_RULES; the test table in tests/test_urls.py has a case
for each row.  The form is https unless the URL names a port other than 80 and 443 (then its
scheme is kept: a port is no evidence of https); fragments are dropped, except hash routes
(`#/…`, `#!…`), which are pages of a single-page site.
"""

from __future__ import annotations

import fnmatch
import functools
import ipaddress
import re
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlencode, urlsplit

import idna

ALLOWED_SCHEMES = ("http", "https")

# Query parameters that only track who shared a link (glob patterns, matched lower-case).
TRACKING_PARAMS = ("utm_*", "spm*", "vd_source", "share_token", "source_id")

# Characters left as they are in a path; everything else is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_SAFE_PATH = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=\-._~%]*")  # quote() leaves such a path as it is
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_STRAY_PERCENT = re.compile(r"%(?![0-9a-fA-F]{2})")
# An escaped unreserved character (letter, digit, - . _ ~): the same URL as the character itself.
_ESCAPED_UNRESERVED = re.compile(r"%(?:2[DdEe]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff]|7[Ee])")
# An escape the canonical form keeps: upper-case, and not of an unreserved character.
_KEPT_ESCAPE = r"%(?:[0-189A-F][0-9A-F]|2[0-9A-CF]|3[A-F]|[46]0|5[B-E]|7[B-DF])"
# A host name label once lower-cased and IDNA-encoded (underscores occur in real host names).
_LABEL = r"[a-z0-9_-]{1,63}"
_HOST_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*", re.ASCII)
# The common URL: http(s), a host of ASCII letters, digits, underscores and hyphens in dot-separated labels
# (an optional final dot), no port, and no tab or line break (urlsplit would drop those).  urlsplit would
# split it just like this, and its host needs no more checks.
PLAIN_URL = re.compile(rf"(?P<scheme>https?)://(?P<host>{_LABEL}(?:\.{_LABEL})*\.?)(?P<path>/[^?#\t\r\n]*)?"
                        r"(?:\?(?P<query>[^#\t\r\n]*))?(?:#(?P<fragment>[^\t\r\n]*))?", re.IGNORECASE | re.ASCII)
# A URL already in the catalogue's form (what links.yaml holds): https, a lower-case host without a
# trailing dot, a path of characters quote() leaves alone with upper-case escapes of anything but
# unreserved characters and no trailing slash, no query, no fragment.  Only its host rule could still change it.
_KEPT = r"[A-Za-z0-9:@!$&'()*+,;=\-._~]*+"
_CANONICAL_SHAPE = re.compile(rf"https://(?P<host>{_LABEL}(?:\.{_LABEL})*)"
                              rf"(?P<path>(?:/{_KEPT}(?:{_KEPT_ESCAPE}{_KEPT})*+)*+)(?<!/)", re.ASCII)


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


# A repository's front page under another name: `.git`, its default branch's root or README.
_GITHUB_HOME = re.compile(r"(/[^/]+/[^/]+?)(?:\.git|/tree/(?:main|master|HEAD)|/blob/(?:main|master|HEAD)/(?i:readme\.md))?/?")
# Query parameters of GitHub's page furniture (which tab, tab width, source view): never what a page is.
GITHUB_UI_PARAMS = ("tab", "plain", "ts")


def _github(p: Parts) -> Parts:
    """GitHub: www. is none; a repository is one page whatever `.git`, `/tree/main` or `?tab=…` says."""
    home = _GITHUB_HOME.fullmatch(p.path)
    if home:
        return Parts("github.com", home.group(1), [])
    return Parts("github.com", p.path, [(k, v) for k, v in p.query if k.lower() not in GITHUB_UI_PARAMS])


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
    "github.com": _github,
    "www.github.com": _github,
}


# What a page is, by host (or "*.suffix" for any host under it) and path of its canonical URL (the
# first row that matches); any other page is an article.  `haowen add` and import fill `kind` from this.
KIND_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple((h, re.compile(p), k) for h, p, k in (
    ("github.com", r"/[^/]+/[^/]+(?:/(?:tree|blob)/.*)?", "repo"),  # a repository, or a file or folder in it
    ("gitee.com", r"/[^/]+/[^/]+(?:/(?:tree|blob)/.*)?", "repo"),
    ("arxiv.org", r"/abs/.+", "paper"),
    ("openreview.net", r"/(?:forum|pdf)", "paper"),
    ("aclanthology.org", r"/[^/]+", "paper"),
    ("proceedings.neurips.cc", r"/paper.*", "paper"),
    ("proceedings.mlr.press", r"/.+", "paper"),
    ("huggingface.co", r"/papers/.+", "paper"),
    ("huggingface.co", r"/docs(?:/.*)?", "docs"),
    ("huggingface.co", r"/spaces/[^/]+/[^/]+(?:/.*)?", "demo"),  # a Space: an app running online
    ("huggingface.co", r"/datasets/[^/]+/[^/]+(?:/.*)?", "dataset"),
    ("huggingface.co", r"/(?!blog/|spaces/|datasets/|learn/|collections/|docs/|papers/)[^/]+/[^/]+(?:/.*)?", "model"),
    ("*.hf.space", r"/.*", "demo"),
    ("*.gradio.live", r"/.*", "demo"),
    ("chat.lmsys.org", r"/.*", "demo"),
    ("modelscope.cn", r"/studios/.+", "demo"),
    ("modelscope.cn", r"/models/[^/]+/[^/]+(?:/.*)?", "model"),
    ("modelscope.cn", r"/datasets/[^/]+/[^/]+(?:/.*)?", "dataset"),
    ("www.bilibili.com", r"/video/.+", "video"),
    ("www.youtube.com", r"/(?:watch|playlist|live/.+)", "video"),
    ("youtu.be", r"/.+", "video"),
    ("docs.nvidia.com", r"/.*", "docs"),
    ("pytorch.org", r"/docs/.*", "docs"),
))

# Sites that publish in Chinese (a host, or any host under a suffix starting with "."): an entry there is
# never marked English, whatever its title.
CHINESE_SITES: tuple[str, ...] = (
    ".cn", "zhihu.com", ".zhihu.com", ".qq.com", "csdn.net", ".csdn.net", "juejin.cn",
    "cnblogs.com", ".cnblogs.com", "kexue.fm", "spaces.ac.cn", "jianshu.com", ".jianshu.com", "bilibili.com",
    ".bilibili.com", "gitee.com", "jiqizhixin.com", ".jiqizhixin.com", "datalearner.com", ".datalearner.com",
    "papers.cool", "feishu.cn", ".feishu.cn", "segmentfault.com", "oschina.net",
    ".oschina.net", "infoq.cn", ".aliyun.com", ".baidu.com", ".163.com", ".sohu.com", ".weibo.com",
    "modelscope.cn", ".modelscope.cn",
)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

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


def _on(name: str, site: str) -> bool:
    """Whether host `name` is `site`, or under it when `site` is "*.suffix" or ".suffix"."""
    suffix = site.removeprefix("*")
    return name.endswith(suffix) if suffix.startswith(".") else name == site


def kind_of(url: str) -> str:
    """The kind of entry the canonical `url` is by KIND_RULES (repo, paper, demo, model, …), else article."""
    parts = urlsplit(url)
    name, path = (parts.hostname or "").lower(), parts.path or "/"
    return next((k for h, p, k in KIND_RULES if _on(name, h) and p.fullmatch(path)), "article")


def english(title: str, url: str) -> bool:
    """Clearly English: the title has Latin words and no CJK character, and the site is not a Chinese one."""
    name = (urlsplit(url).hostname or "").lower()
    if any(_on(name, site) for site in CHINESE_SITES) or _CJK.search(title):
        return False
    return len(_LATIN_WORD.findall(title)) >= 2


def host_label(url: str) -> str:
    """The name of the site of `url` for people: HOST_LABELS, else the host without `www.`."""
    name = (urlsplit(url).hostname or "").lower()
    return HOST_LABELS.get(name) or host(url)


def _is_tracking(key: str) -> bool:
    low = key.lower()
    return any(fnmatch.fnmatchcase(low, pat) for pat in TRACKING_PARAMS)


def _decoded(path: str) -> str:
    """`path` with escaped unreserved characters decoded, and a `%` that starts no escape escaped."""
    if "%" not in path:
        return path
    path = _STRAY_PERCENT.sub("%25", path)
    return _ESCAPED_UNRESERVED.sub(lambda m: chr(int(m.group(0)[1:], 16)), path)


def _norm_path(path: str) -> str:
    encoded = path if _SAFE_PATH.fullmatch(path) else quote(path, safe=_PATH_SAFE)
    if "%" in encoded:
        encoded = _PERCENT.sub(lambda m: m.group(0).upper(), encoded)
    return encoded.rstrip("/")


def _ascii_host(name: str) -> str:
    """`name` in IDNA A-labels: UTS-46 maps full-width letters, ideographic full stops and the like,
    then each non-ASCII label becomes its `xn--` form."""
    try:
        mapped = idna.uts46_remap(name, std3_rules=False, transitional=False)
        return ".".join(label if label.isascii() else idna.alabel(label).decode("ascii") for label in mapped.split("."))
    except UnicodeError:  # idna.IDNAError and the punycode codec's own errors
        raise UrlError(f"主机名 “{name}” 不是有效的域名：请检查有没有多余的符号") from None


def _ipv6_host(name: str) -> str:
    """The bracketed, compressed form of the IPv6 address `name` (urlsplit gives it without brackets)."""
    try:
        return f"[{ipaddress.IPv6Address(name).compressed}]" if "%" not in name else ""
    except ValueError:
        return ""


def _host_name(hostname: str, bracketed: bool) -> str:
    """The normalised form of urlsplit's `hostname` (`bracketed` in the URL: an IP literal); UrlError if it
    is empty or not a valid host."""
    if bracketed:
        host = _ipv6_host(hostname)
        if not host:
            raise UrlError(f"主机名 “[{hostname}]” 不是有效的 IPv6 地址")
        return host
    name = unquote(hostname).lower()
    host = (name if name.isascii() else _ascii_host(name)).lower().removesuffix(".")
    if not host:
        raise UrlError("链接缺少主机名")
    if not _HOST_NAME.fullmatch(host):
        raise UrlError(f"主机名 “{hostname}” 无效：只能由字母、数字、连字符和下划线组成，以点分段，每段 1 到 63 个字符")
    return host


def _port(parts: SplitResult) -> int | None:
    """The port `parts` names, if any; UrlError unless it is 1 to 65535."""
    try:
        port = parts.port
    except ValueError:  # not a number, or above 65535
        port = 0
    if port is not None and not 0 < port < 65536:
        raise UrlError(f"“{parts.netloc}” 的端口号无效：应为 1 到 65535 之间的整数，或者去掉端口")
    return port


def _split(url: str) -> tuple[str, str, str, str, str]:
    """Scheme, host, path, query and fragment of `url`, the host normalised and followed by its port unless
    that is 80 or 443; UrlError unless `url` is an absolute http(s) URL with a valid host and port."""
    stripped = url.strip()
    plain = PLAIN_URL.fullmatch(stripped)
    if plain:  # the parts urlsplit would find, found faster, and a host that needs no more checks
        scheme, host, path, query, fragment = plain.group("scheme", "host", "path", "query", "fragment")
        return scheme.lower(), host.lower().removesuffix("."), path or "", query or "", fragment or ""
    try:
        parts = urlsplit(stripped)
    except ValueError:  # brackets without an IPv6 address, a host with characters NFKC makes / ? # @ or :
        raise UrlError("链接的主机名部分无法解析：请检查方括号和主机名里的符号") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = scheme + ":" if scheme else "没有协议"
        raise UrlError(f"只接受 http 或 https 链接（这里是 {shown}）")
    if not parts.hostname:
        raise UrlError("链接缺少主机名")
    host, port = _host_name(parts.hostname, parts.netloc.rpartition("@")[2].startswith("[")), _port(parts)
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    return scheme, host, parts.path, parts.query, parts.fragment


def plainly_http(url: str) -> bool:
    """True when `url` (already stripped) is one split_checked accepts, judged without splitting it."""
    return PLAIN_URL.fullmatch(url) is not None


def split_checked(url: str) -> tuple[str, str]:
    """Scheme and normalised host (with a port other than 80 and 443) of `url`; UrlError unless it is an
    absolute http(s) URL with a valid host and port, that is, unless canonical() accepts it."""
    scheme, host, *_ = _split(url)
    return scheme, host


@functools.lru_cache(maxsize=1 << 18)  # pure; validate and every page that shows a link ask again
def canonical(url: str) -> str:
    """The catalogue's form of `url`: https (http kept with a port), IDNA host, no fragment but a hash route,
    no tracking, host rules applied;
    UrlError (with the reason, for people) if `url` cannot be in the catalogue."""
    return url if already_canonical(url) else rebuilt(url)


def already_canonical(url: str) -> bool:
    """True when `rebuilt(url)` would give `url` back, judged without taking it apart."""
    shape = _CANONICAL_SHAPE.fullmatch(url)
    if shape is None:
        return False
    rule = HOST_RULES.get(shape["host"])
    if rule is None:
        return True
    parts = Parts(shape["host"], shape["path"] or "/", [])
    return rule(parts) == parts


def rebuilt(url: str) -> str:
    """`url` taken apart and put together in the catalogue's form."""
    scheme, host, path, qs, fragment = _split(url)
    query = [(k, v) for k, v in parse_qsl(qs, keep_blank_values=True) if not _is_tracking(k)] if qs else []
    p = Parts(host, _decoded(path) or "/", query)
    rule = HOST_RULES.get(host)
    if rule:
        p = rule(p)
    path, encoded = _norm_path(p.path), urlencode(p.query, safe="=/:") if p.query else ""
    scheme = "http" if scheme == "http" and ":" in p.host.rpartition("]")[2] else "https"
    route = _hash_route(fragment)
    # What urlunsplit makes of a host and a path that is empty or starts with "/", only faster.
    return f"{scheme}://{p.host}{path or '/' if route else path}" + (f"?{encoded}" if encoded else "") + route


def _hash_route(fragment: str) -> str:
    """`#` and the fragment when it is a hash route (`/…` or `!…`: a page of a single-page site), else ""."""
    if not fragment.startswith(("/", "!")):
        return ""
    encoded = quote(_decoded(fragment), safe=_PATH_SAFE + "?")
    return "#" + _PERCENT.sub(lambda m: m.group(0).upper(), encoded)


@functools.lru_cache(maxsize=1 << 18)  # pure; every page and count showing a link asks again
def host(url: str) -> str:
    """Lower-case host of `url`, without a leading `www.`."""
    name = (urlsplit(url).hostname or "").lower()
    return name.removeprefix("www.")


def display(url: str) -> str:
    """A readable form of `url` (percent-escapes decoded) for people, never for links."""
    return unquote(url)
