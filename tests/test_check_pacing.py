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
        start = time.monotonic()
        results = asyncio.run(check_urls(urls, config, {}, dt.datetime.now(dt.timezone.utc),
                                         lambda r: seen.append(r.url)))
        elapsed = time.monotonic() - start
    finally:
        for s in servers:
            s.close()
    assert len(seen) == len(urls) and {r.verdict.status for r in results} == {"alive"}
    for s in servers:
        assert sum(s.counts.values()) == PER_HOST
        assert s.peak <= HOST_CONCURRENCY
        starts = sorted(t for ts in s.times.values() for t in ts)
        assert starts[-1] - starts[0] >= (PER_HOST - 1) * INTERVAL * 0.9  # the interval was kept
    budget = PER_HOST * INTERVAL  # hosts are paced in parallel
    assert elapsed < budget + 30, f"{elapsed:.1f}s for a {budget:.1f}s pacing budget"
