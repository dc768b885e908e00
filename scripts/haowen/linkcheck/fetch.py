"""Fetch one URL politely: paced per host, redirects followed by hand, bounded body, retries with backoff."""

from __future__ import annotations

import asyncio
import email.utils
import functools
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace

import httpx

from haowen.linkcheck.config import CheckConfig
from haowen.linkcheck.pacing import HostGate, Pacer
from haowen.linkcheck.verdict import Page, Verdict, classify
from haowen.web.addresses import AddressError, get
from haowen.web.body import BodyError, read_body
from haowen.web.markup import off_loop
from haowen.web.pagetext import PageText, decode
from haowen.web.redirects import BadRedirect, redirect_target

REDIRECT_CODES = (301, 302, 303, 307, 308)


class Failure(Exception):
    """A URL that could not be fetched; `retry` tells whether trying again may help."""

    def __init__(self, reason: str, retry: bool, code: int | None = None) -> None:
        super().__init__(reason)
        self.verdict = Verdict("unknown", code, reason)
        self.retry = retry


def host_key(url: httpx.URL) -> str:
    """The host (with a non-default port) that pacing counts requests against."""
    return f"{url.host}:{url.port}" if url.port else url.host


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or HTTP date), or None."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def pacing(config: CheckConfig, url: httpx.URL) -> tuple[int, float]:
    """Concurrency and minimum interval (seconds) for requests to `url`'s host."""
    limits, rule = config.limits, config.rule_for(url.host, url.port)
    concurrency = rule.concurrency if rule and rule.concurrency else limits.host_concurrency
    interval = rule.interval if rule and rule.interval is not None else limits.interval
    return concurrency, interval


class OutOfBudget(Exception):
    """The run's time budget is spent: this request is not started."""


def _error_reason(exc: httpx.HTTPError) -> tuple[str, bool]:
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return "超时", True
    if isinstance(exc, httpx.ConnectError):
        tls = "ssl" in detail.lower() or "certificate" in detail.lower()
        return (f"TLS 错误：{detail}", False) if tls else (f"无法连接：{detail}", True)
    if isinstance(exc, (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError)):
        return f"连接中断：{detail}", True
    return f"请求失败：{detail}", False


@dataclass
class Fetcher:
    """Checks URLs with one shared client, pacer and configuration."""

    client: httpx.AsyncClient
    config: CheckConfig
    pacer: Pacer
    deadline: float | None = None  # event loop time after which no request starts
    in_flight: set[asyncio.Task[object]] = field(default_factory=set)  # tasks whose request has started

    def _gate(self, url: httpx.URL) -> HostGate:
        return self.pacer.gate(host_key(url), *pacing(self.config, url))

    def _in_budget(self) -> None:
        if self.deadline is not None and asyncio.get_running_loop().time() >= self.deadline:
            raise OutOfBudget

    def _wants_body(self, url: httpx.URL, code: int) -> bool:
        rule = self.config.rule_for(url.host, url.port)
        return code in self.config.limits.accept or bool(rule and code in rule.accept)

    @asynccontextmanager
    async def _flying(self, look: bool = True) -> AsyncIterator[None]:
        """Marks the current task as having a request (or the reading of its answer) under way, after a
        last look at the budget when `look`."""
        if look:
            self._in_budget()
        task = asyncio.current_task()
        assert task is not None
        self.in_flight.add(task)
        try:
            yield
        finally:
            self.in_flight.discard(task)

    async def _read(self, response: httpx.Response) -> PageText:
        return decode(await read_body(response, self.config.limits.max_body_bytes), response.charset_encoding)

    async def _hop(self, url: httpx.URL) -> tuple[int, str | None, float | None, PageText]:
        """One request: code, Location, Retry-After seconds and (for accepted codes) the body."""
        self._in_budget()
        async with self.pacer.slot(self._gate(url)), self._flying():
            try:
                async with asyncio.timeout(self.config.limits.timeout):
                    async with get(self.client, url) as response:
                        body = await self._read(response) if self._wants_body(url, response.status_code) else PageText("")
            except TimeoutError:
                raise Failure("超时", retry=True) from None
            except BadRedirect as exc:
                raise Failure(str(exc), retry=False, code=exc.code) from None
            except BodyError as exc:
                raise Failure(str(exc), retry=False, code=response.status_code) from None
            except AddressError as exc:
                raise Failure(str(exc), retry=exc.retry) from None
            except httpx.HTTPError as exc:
                reason, retry = _error_reason(exc)
                raise Failure(reason, retry) from None
        headers = response.headers
        return response.status_code, headers.get("location"), retry_after(headers.get("retry-after")), body

    async def fetch(self, url: str) -> Page:
        """The page at the end of `url`'s redirect chain; raises Failure when there is none."""
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as exc:  # IDNA errors are ValueErrors
            raise Failure(f"链接无效：{exc}", retry=False) from None
        seen = {str(current)}
        for hops in range(self.config.limits.max_redirects + 1):
            code, location, wait, body = await self._hop(current)
            if code not in REDIRECT_CODES or not location:
                return Page(url, str(current), code, body.text, hops, wait, body.warning)
            try:
                current = redirect_target(current, location)
            except ValueError as exc:
                raise Failure(str(exc), retry=False, code=code) from None
            if str(current) in seen:
                raise Failure(f"重定向循环：{current}", retry=False, code=code)
            seen.add(str(current))
        raise Failure(f"重定向超过 {self.config.limits.max_redirects} 次", retry=False, code=code)

    def _retry_wait(self, page: Page | None, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None when the answer stands."""
        limits = self.config.limits
        backoff: float = limits.backoff * 2**attempt
        if page is None:
            return backoff
        if page.code != 429 and not 500 <= page.code < 600:
            return None
        if page.retry_after is None:
            return backoff
        return page.retry_after if page.retry_after <= limits.max_retry_after else None

    async def check(self, url: str) -> Verdict:
        """Fetch with retries and classify under the URL's host row; any error is an unknown verdict."""
        return (await self.check_page(url))[0]

    async def check_page(self, url: str) -> tuple[Verdict, Page | None]:
        """`check`'s verdict and the page it was made from (None when no page was fetched)."""
        try:
            return await self._check(url)
        except OutOfBudget:
            raise
        except Exception as exc:  # one link's surprise never costs the run its other results
            return Verdict("unknown", None, f"检查出错：{type(exc).__name__}: {exc}"), None

    async def _check(self, url: str) -> tuple[Verdict, Page | None]:
        limits = self.config.limits
        for attempt in range(limits.retries + 1):
            page, verdict = None, None
            try:
                page = await self.fetch(url)
            except Failure as failure:
                if not failure.retry:
                    return failure.verdict, None
                verdict = failure.verdict
            wait = self._retry_wait(page, attempt) if attempt < limits.retries else None
            if wait is None:
                break
            if page is not None and page.retry_after is not None:
                self._gate(httpx.URL(page.final_url)).defer(wait)
            await asyncio.sleep(wait)
        if page is None:
            return verdict or Verdict("unknown", None, "无法获取"), None
        first = httpx.URL(url)
        rule = self.config.rule_for(first.host, first.port)
        async with self._flying(look=False):  # the page was fetched: its verdict gets the budget's grace
            verdict = await off_loop(functools.partial(classify, page, rule, limits))
        return (replace(verdict, reason=f"{verdict.reason}（{page.warning}）") if page.warning else verdict), page
