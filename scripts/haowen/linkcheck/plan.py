"""What a budgeted run checks: never-checked links first, then the oldest, every host its fair share.

Hosts are checked in parallel, each at its own pace (check.yaml), so a host's share of the budget is
the number of links its pacing allows in that time; all hosts together are also bounded by the global
concurrency.  That total is divided max-min fairly, so a slow host's backlog never takes the turns of
a fast host.  The plan also says when a host's links cannot all be checked once per cycle.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from itertools import chain, zip_longest
from urllib.parse import urlsplit

import httpx

from haowen.linkcheck.config import CheckConfig
from haowen.linkcheck.fetch import pacing
from haowen.linkcheck.state import LinkState, is_fresh


@dataclass(frozen=True)
class HostPlan:
    """One host's part of the plan."""

    host: str
    total: int  # links on this host
    due: int  # links not checked within the TTL
    planned: int  # links this run checks
    per_link: float  # estimated seconds per link at this host's pace
    cycle_need: float  # seconds each run needs so that every link is checked once per cycle

    def cycle_ok(self, budget: float) -> bool:
        return self.cycle_need <= budget


@dataclass(frozen=True)
class Plan:
    """The links to check, in the order to start them, and how each host fares."""

    urls: list[str]
    hosts: list[HostPlan]
    budget: float
    cycle_need: float  # seconds each run needs, all hosts together, to meet the cycle

    def late_hosts(self) -> list[HostPlan]:
        """Hosts whose pacing cannot check all their links once per cycle within the budget."""
        return [h for h in self.hosts if not h.cycle_ok(self.budget)]


def _key(url: str) -> str:
    """What pacing counts requests against (fetch.host_key), without httpx's slower parsing."""
    try:
        parts = urlsplit(url)
        return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname or ""
    except ValueError:
        return ""


def _per_link(config: CheckConfig, url: str) -> float:
    """Seconds per link at the host's pace: its interval, or the latency shared by its parallel requests."""
    try:
        concurrency, interval = pacing(config, httpx.URL(url))
    except (httpx.InvalidURL, ValueError):
        concurrency, interval = config.limits.host_concurrency, config.limits.interval
    return max(interval, config.schedule.latency / concurrency)


def overdue_first(urls: list[str], states: dict[str, LinkState], now: dt.datetime) -> list[str]:
    """`urls` never checked first (in their order; a check "after" `now` counts as none), then by oldest check."""
    never = [u for u in urls if u not in states or states[u].in_future(now)]
    checked = sorted((u for u in urls if u in states and not states[u].in_future(now)), key=lambda u: states[u].last_checked)
    return never + checked


def fair_shares(demands: dict[str, int], capacity: int) -> dict[str, int]:
    """Max-min fair split of `capacity` links between hosts wanting `demands`: small demands in full."""
    shares, left = {}, capacity
    for n, (host, want) in enumerate(sorted(demands.items(), key=lambda kv: kv[1])):
        shares[host] = min(want, left // (len(demands) - n))
        left -= shares[host]
    return shares


def make_plan(urls: list[str], states: dict[str, LinkState], now: dt.datetime, config: CheckConfig,
              budget: float) -> Plan:
    """The plan for a run of `budget` seconds over `urls` (the status file's `states`)."""
    ttl = dt.timedelta(hours=config.limits.ttl_hours)
    schedule = config.schedule
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(_key(url), []).append(url)
    runs_per_cycle = schedule.cycle_days * schedule.runs_per_day
    due = {h: overdue_first([u for u in us if not is_fresh(states.get(u), now, ttl)], states, now)
           for h, us in by_host.items()}
    per_link = {h: _per_link(config, us[0]) for h, us in by_host.items()}
    demands = {h: min(len(due[h]), math.floor(budget / per_link[h])) for h in by_host}
    capacity = math.floor(budget * config.limits.concurrency / schedule.latency)
    shares = fair_shares(demands, capacity)
    hosts = [HostPlan(h, len(by_host[h]), len(due[h]), shares[h], per_link[h],
                      len(by_host[h]) * per_link[h] / runs_per_cycle) for h in by_host]
    hosts.sort(key=lambda p: (-p.total, p.host))
    rounds = zip_longest(*(due[p.host][:p.planned] for p in hosts))  # hosts take turns
    order = [u for u in chain.from_iterable(rounds) if u is not None]
    total_need = len(urls) * schedule.latency / config.limits.concurrency / runs_per_cycle
    return Plan(order, hosts, budget, max([total_need, *(h.cycle_need for h in hosts)], default=0.0))
