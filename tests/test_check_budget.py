"""Rolling, time-budgeted checks (issue 16): budget stop, oldest first, progress kept through signals, fair hosts.

Real HTTPS servers on 127.0.0.1 (two ports = two hosts with their own pacing), real `haowen check`
runs in this process or as child processes that are sent SIGTERM or SIGKILL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from haowen.cli import main
from haowen.linkcheck.config import HostRule
from haowen.linkcheck.plan import make_plan
from haowen.linkcheck.run import check_urls
from haowen.linkcheck.state import LinkState
from test_check_support import ARTICLE, Handler, LocalServer, quick_config, trusted_tls, write_config

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _world(tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch, slow: int, fast: int,
           slow_interval: float, **schedule: float) -> dict:
    tls = trusted_tls(tmp_path, monkeypatch)
    servers = {"slow": LocalServer(tls=tls), "fast": LocalServer(tls=tls)}
    urls = {name: [servers[name].url(f"/slow/{name}-{n}", "https") for n in range(count)]
            for name, count in (("slow", slow), ("fast", fast))}
    data_copy.write_text("".join(f"- url: {u}\n  title: 文章 {n}\n  category: basics\n  added: 2025-12-01\n\n"
                                 for n, u in enumerate(urls["slow"] + urls["fast"])), encoding="utf-8")
    config = quick_config({f"127.0.0.1:{servers['slow'].port}": "slow.test",
                           f"127.0.0.1:{servers['fast'].port}": "fast.test"}, ttl_hours=0, retries=0)
    rules = [HostRule(name="慢", match=["slow.test"], concurrency=1, interval=slow_interval),
             HostRule(name="快", match=["fast.test"], concurrency=2, interval=0.0)]
    config = config.model_copy(update={
        "hosts": rules + config.hosts,
        "schedule": config.schedule.model_copy(update={"latency": 0.05, "grace": 1.0, "save_every": 0.2,
                                                       **schedule})})
    return {"servers": servers, "urls": urls, "catalog": data_copy, "status": data_copy.parent / "link-status.json",
            "config": write_config(config, tmp_path / "check.yaml")}


@pytest.fixture
def world(tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    made = _world(tmp_path, data_copy, monkeypatch, slow=40, fast=20, slow_interval=0.25)
    yield made
    for server in made["servers"].values():
        server.close()


def _check(world: dict, now: str, *extra: str) -> int:
    os.environ["HAOWEN_NOW"] = now
    try:
        return main(["check", "--catalog", str(world["catalog"]), "--config", str(world["config"]), *extra])
    finally:
        del os.environ["HAOWEN_NOW"]


def _saved(world: dict) -> dict[str, dict]:
    return json.loads(world["status"].read_text(encoding="utf-8"))["links"]


def _served(world: dict, name: str) -> set[str]:
    server = world["servers"][name]
    return {server.url(p, "https") for p, n in server.counts.items() if n}


def test_budget_stops_new_requests_and_saves_what_it_did(world: dict, capsys) -> None:
    assert _check(world, "2026-01-01T08:00:00", "--budget", "2s") == 0  # its run time: benchmarks/check_sim.py
    slow = _served(world, "slow")
    assert 3 <= len(slow) <= 2 / 0.25 + 2  # one request every 0.25 s, none after the budget
    assert _served(world, "fast") == set(world["urls"]["fast"])  # the fast host is not held up by the slow one
    saved = _saved(world)
    assert set(saved) == slow | set(world["urls"]["fast"])
    assert f"本次检查 {len(saved)} / 60" in capsys.readouterr().out


def test_next_runs_take_never_checked_links_first_then_the_oldest(world: dict, capsys) -> None:
    slow, seen_before, checked_at = world["urls"]["slow"], set(), {}
    for day in range(1, 30):
        world["servers"]["slow"].counts.clear()
        assert _check(world, f"2026-01-{day:02d}T08:00:00", "--budget", "1s") == 0
        now = _served(world, "slow")
        unseen = set(slow) - seen_before
        if unseen:  # never-checked links first: nothing already checked while some were never
            assert now <= unseen or unseen <= now, (len(now), len(unseen))
        else:  # then the oldest checks: none of this run's links was checked later than one left out
            assert max(checked_at[u] for u in now) <= min(checked_at[u] for u in set(slow) - now)
            break
        seen_before |= now
        checked_at.update({u: day for u in now})
    else:
        pytest.fail("the slow host's links were never all checked")
    assert "最久未检查" in capsys.readouterr().out


def test_fair_shares_between_a_slow_and_a_fast_host() -> None:
    config = quick_config({}).model_copy(update={"hosts": [
        HostRule(name="慢", match=["slow.example"], concurrency=1, interval=3.0),
        HostRule(name="快", match=["fast.example"], concurrency=2, interval=1.0)]})
    now = dt.datetime(2026, 1, 8, tzinfo=dt.UTC)
    slow = [f"https://slow.example/p/{n}" for n in range(1000)]
    fast = [f"https://fast.example/p/{n}" for n in range(50)]
    states = {u: LinkState(status="alive", last_checked=now - dt.timedelta(days=1 + n % 5)) for n, u in enumerate(slow)}
    plan = make_plan(slow + fast, states, now, config, budget=120)
    shares = {h.host: h.planned for h in plan.hosts}
    assert shares == {"slow.example": 40, "fast.example": 50}  # 120 s at 3 s a link; all the fast host has
    assert set(plan.urls[:20]) & set(fast)  # the fast host's links start at once, not after the slow backlog
    assert plan.urls[:80:2] == [u for u in plan.urls if u in states][:40]  # hosts take turns, oldest first
    assert [h.host for h in plan.late_hosts()] == ["slow.example"]  # 1000 links × 3 s / 7 days > 120 s


def _start(world: dict, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "HAOWEN_NOW": "2026-01-01T08:00:00"}
    return subprocess.Popen([sys.executable, "-m", "haowen", "check", "--catalog", str(world["catalog"]),
                             "--config", str(world["config"]), *extra], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for_requests(world: dict, count: int) -> None:
    deadline = time.monotonic() + 60
    while sum(world["servers"]["slow"].counts.values()) < count:
        assert time.monotonic() < deadline, "the check made no progress"
        time.sleep(0.02)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_results_are_saved_on_sigterm_and_sigint(world: dict, sig: signal.Signals, code: int) -> None:
    proc = _start(world)
    _wait_for_requests(world, 6)
    proc.send_signal(sig)
    served = _served(world, "slow")
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == code, err
    saved = set(_saved(world)) & set(world["urls"]["slow"])
    assert len(saved) >= len(served) - 1  # at most the one request in flight is dropped
    assert saved <= _served(world, "slow") and "已保存" in err


def test_results_saved_before_sigkill_are_kept(world: dict) -> None:
    proc = _start(world)
    _wait_for_requests(world, 8)
    served_before = _served(world, "slow")
    time.sleep(0.2 * 2 + 0.25 * 2)  # two save periods (and two more requests) later
    proc.kill()
    proc.communicate(timeout=20)
    saved = set(_saved(world)) & set(world["urls"]["slow"])
    assert len(saved & served_before) >= len(served_before) - 1, (len(saved), len(served_before))
    assert saved <= _served(world, "slow")


class _Sleepy(Handler):
    def do_GET(self) -> None:
        self.server.owner.enter(self.path)  # type: ignore[attr-defined]
        time.sleep(1.5)
        self.send(200, ARTICLE)


@pytest.mark.parametrize(("grace", "finished"), [(4.0, 2), (0.1, 0)])
def test_requests_under_way_when_the_budget_ends_get_the_grace(grace: float, finished: int) -> None:
    server = LocalServer(_Sleepy)
    config = quick_config(timeout=5.0)
    config = config.model_copy(update={"schedule": config.schedule.model_copy(update={"grace": grace})})
    try:
        urls = [server.url("/a"), server.url("/b"), server.url("/c")]  # two at a time: the third never starts
        results = asyncio.run(check_urls(urls, config, {}, NOW, lambda r: None, budget=1.0))
    finally:
        server.close()
    assert len(results) == finished and all(r.verdict.status == "alive" for r in results)
    assert sum(server.counts.values()) == 2
