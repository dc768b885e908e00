"""Turn one fetched page into alive / dead / blocked / unknown with a code and a reason."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from haowen.catalog.status import Status
from haowen.linkcheck.config import HostRule, Limits
from haowen.web.markup import Reader, Stop, never, scan

STATUSES: tuple[Status, ...] = ("alive", "dead", "blocked", "unknown")
DEFAULT_RULE = HostRule(name="默认", match=["*"])

HIDDEN = frozenset({"script", "style", "title", "noscript", "template"})


@dataclass(frozen=True)
class Page:
    """What the server finally answered for a URL, after following redirects."""

    url: str
    final_url: str
    code: int
    body: str
    redirects: int = 0
    retry_after: float | None = None
    warning: str | None = None  # e.g. the declared charset did not fit the body


@dataclass(frozen=True)
class Verdict:
    """One URL's result in one run."""

    status: Status
    code: int | None
    reason: str


class _Visible(Reader):
    """Text outside hidden elements; has `enough` once it holds more than `limit` non-space characters."""

    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.hidden = 0  # hidden elements open
        self.limit, self.size = limit, 0

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        if tag in HIDDEN:
            self.hidden += 1

    def end(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def data(self, text: str) -> None:
        if not self.hidden:
            self.parts.append(text)
            self.size += sum(map(len, text.split()))
            self.enough = self.size > self.limit


def visible_text(body: str, limit: int | None = None, stop: Stop = never) -> str:
    """The text a reader sees: no title, scripts, styles, comments or tags; spaces collapsed.  With a
    `limit`, reading stops once the text is longer than that (the result is then longer than `limit`)."""
    reader = _Visible(len(body) if limit is None else limit)
    scan(body, reader, stop)
    return " ".join(" ".join(reader.parts).split())


def _is_article(path: str) -> bool:
    return path.strip("/") not in ("", "index.html", "index.php")


def moved_away(page: Page, limits: Limits) -> str | None:
    """'首页' or '登录页' when an article was redirected to one, else None."""
    if not page.redirects or not _is_article(urlsplit(page.url).path):
        return None
    final = urlsplit(page.final_url)
    if not _is_article(final.path):
        return "首页"
    target = (final.path + ("?" + final.query if final.query else "")).lower()
    return "登录页" if any(fnmatch.fnmatchcase(target, p) for p in limits.login_paths) else None


def _found(texts: list[str], *haystacks: str) -> str | None:
    return next((t for t in texts if any(t in h for h in haystacks)), None)


def _classify_ok(page: Page, rule: HostRule, limits: Limits, stop: Stop) -> Verdict:
    text = visible_text(page.body, rule.max_text, stop)
    short = len(text) <= rule.max_text
    hit = _found([*rule.blocked_texts, *limits.blocked_texts], page.final_url, *((page.body, text) if short else ()))
    if hit:
        return Verdict("blocked", page.code, f"验证或限流页面（{hit}），不代表失效")
    away = moved_away(page, limits)
    if away:
        return Verdict("dead", page.code, f"文章被重定向到{away}：{page.final_url}")
    hit = _found(rule.dead_texts, text) if short else None
    if hit:
        return Verdict("dead", page.code, f"页面提示“{hit}”")
    return Verdict("alive", page.code, "正常")


def classify(page: Page, rule: HostRule | None, limits: Limits, stop: Stop = never) -> Verdict:
    """The verdict for `page` under its host's row of the table (or the defaults); `stop` cuts reading short."""
    rule = rule or DEFAULT_RULE
    if page.code in limits.blocked_codes:
        return Verdict("blocked", page.code, f"HTTP {page.code}：被拒绝或限流，不代表失效")
    if page.code in limits.dead_codes:
        return Verdict("dead", page.code, f"HTTP {page.code}：页面不存在")
    if page.code in limits.accept or page.code in rule.accept:
        return _classify_ok(page, rule, limits, stop)
    return Verdict("unknown", page.code, f"HTTP {page.code}：暂时无法判断")
