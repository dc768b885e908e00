"""One check run: every URL fetched (or reused while fresh), concurrently and politely."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from ..redirects import refuse_bad_redirect
from ..urls import host
from .classify import Verdict
from .config import CheckConfig
from .fetch import Fetcher
from .pacing import Pacer
from .state import LinkState, is_fresh


@dataclass(frozen=True)
class Result:
    """One URL's outcome in this run, with what the status file adds."""

    url: str
    host: str
    verdict: Verdict
    cached: bool = False
    confirmed_dead: bool = False
    archive_url: str | None = None


def make_client(config: CheckConfig) -> httpx.AsyncClient:
    """The shared client: no automatic redirects, proxies from the environment, bounded pool."""
    limits = config.limits
    return httpx.AsyncClient(
        follow_redirects=False,
        trust_env=True,
        timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
        limits=httpx.Limits(max_connections=limits.concurrency, max_keepalive_connections=limits.concurrency),
        headers={"User-Agent": limits.user_agent, "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
        event_hooks={"response": [refuse_bad_redirect]},
    )


async def check_urls(urls: list[str], config: CheckConfig, states: dict[str, LinkState], now: dt.datetime,
                     on_result: Callable[[Result], None]) -> list[Result]:
    """Results for `urls` in order; states checked within the TTL are reused without a request."""
    ttl = dt.timedelta(hours=config.limits.ttl_hours)
    async with make_client(config) as client:
        fetcher = Fetcher(client, config, Pacer(config.limits.concurrency))

        async def one(url: str) -> Result:
            prev = states.get(url)
            if prev is not None and is_fresh(prev, now, ttl):
                result = Result(url, host(url), Verdict(prev.status, prev.code, prev.reason), cached=True)
            else:
                result = Result(url, host(url), await fetcher.check(url))
            on_result(result)
            return result

        return list(await asyncio.gather(*(one(u) for u in urls)))
