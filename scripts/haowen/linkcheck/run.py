"""One check run: every URL fetched (or reused while fresh), concurrently and politely."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import httpx

from haowen.catalog.urls import host
from haowen.linkcheck.config import CheckConfig
from haowen.linkcheck.fetch import Fetcher, OutOfBudget
from haowen.linkcheck.metadata import read_meta
from haowen.linkcheck.pacing import Pacer
from haowen.linkcheck.state import LinkState, is_fresh
from haowen.linkcheck.verdict import Verdict
from haowen.web.body import ACCEPT_ENCODING
from haowen.web.markup import off_loop
from haowen.web.pagemeta import PageMeta
from haowen.web.redirects import refuse_bad_redirect


@dataclass(frozen=True)
class Result:
    """One URL's outcome in this run, with what the status file adds."""

    url: str
    host: str
    verdict: Verdict
    cached: bool = False
    confirmed_dead: bool = False
    archive_url: str | None = None
    meta: PageMeta | None = None  # what the page says of its date and author, when asked for and alive


def make_client(config: CheckConfig) -> httpx.AsyncClient:
    """The shared client: no automatic redirects, proxies from the environment, bounded pool."""
    limits = config.limits
    return httpx.AsyncClient(
        follow_redirects=False,
        trust_env=True,
        timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
        limits=httpx.Limits(max_connections=limits.concurrency, max_keepalive_connections=limits.concurrency),
        headers={"User-Agent": limits.user_agent, "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
                 "Accept-Encoding": ACCEPT_ENCODING},
        event_hooks={"response": [refuse_bad_redirect]},
    )


async def check_urls(urls: list[str], config: CheckConfig, states: dict[str, LinkState], now: dt.datetime,
                     on_result: Callable[[Result], None], budget: float | None = None,
                     stop: asyncio.Event | None = None, wants_meta: Collection[str] = ()) -> list[Result]:
    """Results for `urls` in order; states checked within the TTL are reused without a request.

    With a `budget` (seconds) no request starts after it and requests still running get the
    schedule's grace; when `stop` is set, nothing more starts and running requests are dropped.
    Links left unchecked have no result.  For URLs in `wants_meta` whose page is alive, the result
    carries what the page says of its publication date and author.
    """
    ttl = dt.timedelta(hours=config.limits.ttl_hours)
    loop = asyncio.get_running_loop()
    deadline = None if budget is None else loop.time() + budget
    done: dict[str, Result] = {}
    async with make_client(config) as client:
        fetcher = Fetcher(client, config, Pacer(config.limits.concurrency), deadline)

        def keep(result: Result) -> None:
            done[result.url] = result
            on_result(result)

        async def one(url: str) -> None:
            prev = states.get(url)
            if prev is not None and is_fresh(prev, now, ttl):
                keep(Result(url, host(url), Verdict(prev.status, prev.code, prev.reason), cached=True))
                return
            try:
                verdict, page = await fetcher.check_page(url)
            except OutOfBudget:
                return
            keep(Result(url, host(url), verdict))  # kept even if reading the page's metadata is cut short
            if page is not None and verdict.status == "alive" and url in wants_meta:
                done[url] = dataclasses.replace(done[url], meta=await _meta(config, url, page.body, now))

        tasks = [asyncio.create_task(one(u)) for u in urls]
        await _until_done(tasks, budget, config.schedule.grace, fetcher.in_flight, stop)
    return [done[u] for u in urls if u in done]


async def _meta(config: CheckConfig, url: str, body: str, now: dt.datetime) -> PageMeta | None:
    """What the page says of its date and author, read off the event loop; None when reading failed."""
    try:
        return await off_loop(functools.partial(read_meta, config, url, body, now))
    except Exception:  # a page's surprise costs its metadata, never its verdict
        return None


async def _until_done(tasks: list[asyncio.Task[None]], budget: float | None, grace: float,
                      in_flight: set[asyncio.Task[object]], stop: asyncio.Event | None) -> None:
    """Wait for `tasks`; after `budget` seconds only those with a request under way, for `grace` more.

    Whatever still runs then, or when `stop` is set, is cancelled.
    """
    everything = asyncio.gather(*tasks, return_exceptions=True)
    stopper: asyncio.Future[Any] | None = asyncio.ensure_future(stop.wait()) if stop else None
    waiters: set[asyncio.Future[Any]] = {everything, *([stopper] if stopper else [])}
    try:
        await asyncio.wait(waiters, timeout=budget, return_when=asyncio.FIRST_COMPLETED)
        if not any(w.done() for w in waiters):
            for task in tasks:
                if task not in in_flight:
                    task.cancel()
            await asyncio.wait(waiters, timeout=grace, return_when=asyncio.FIRST_COMPLETED)
    finally:
        pending: list[asyncio.Future[Any]] = [*tasks, *([stopper] if stopper else [])]
        for future in pending:
            future.cancel()
        await asyncio.gather(everything, *([stopper] if stopper else []), return_exceptions=True)
