"""1,000 URLs on 5 local hosts: per-host concurrency is never exceeded and pacing keeps to its budget."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from haowen.linkcheck.run import check_urls
from test_check_support import LocalServer, quick_config

HOSTS, PER_HOST, HOST_CONCURRENCY, INTERVAL = 5, 200, 2, 0.01


def test_thousand_urls_stay_within_per_host_limits(monkeypatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    servers = [LocalServer() for _ in range(HOSTS)]
    config = quick_config(host_concurrency=HOST_CONCURRENCY, interval=INTERVAL, concurrency=8, timeout=10.0)
    urls = [s.url(f"/slow/{i}") for s in servers for i in range(PER_HOST)]
    seen: list[str] = []
    try:
        results = asyncio.run(check_urls(urls, config, {}, dt.datetime.now(dt.UTC),
                                         lambda r: seen.append(r.url)))
    finally:
        for s in servers:
            s.close()
    assert len(seen) == len(urls) and {r.verdict.status for r in results} == {"alive"}
    for s in servers:
        assert sum(s.counts.values()) == PER_HOST
        assert s.peak <= HOST_CONCURRENCY
        starts = sorted(t for ts in s.times.values() for t in ts)
        assert starts[-1] - starts[0] >= (PER_HOST - 1) * INTERVAL * 0.9  # the interval was kept


def test_a_slow_paced_host_keeps_its_pace_while_fast_hosts_fill_the_global_slots() -> None:
    """Eight fast hosts keep every global slot busy; the slow host's requests, each after its 50 ms turn, go
    to the front of the queue for a slot instead of waiting behind the fast hosts' (which stretched its pace)."""
    from haowen.linkcheck.pacing import Pacer

    hold, interval, slow_starts = 0.02, 0.05, []

    async def request(pacer: Pacer, key: str, concurrency: int, pace: float, starts: list[float] | None) -> None:
        async with pacer.slot(pacer.gate(key, concurrency, pace)):
            if starts is not None:
                starts.append(time.monotonic())
            await asyncio.sleep(hold)

    async def main() -> None:
        pacer = Pacer(2)
        fast = [request(pacer, f"fast{h}", 2, 0.0, None) for h in range(8) for _ in range(60)]
        slow = [request(pacer, "slow", 1, interval, slow_starts) for _ in range(8)]
        await asyncio.gather(*fast, *slow)

    asyncio.run(main())
    gaps = [b - a for a, b in zip(slow_starts, slow_starts[1:])]
    assert sum(gaps) / len(gaps) < interval + 2 * hold, gaps  # first come, first served: ~0.2 s a gap
