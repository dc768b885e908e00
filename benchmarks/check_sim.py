"""Rolling link checks at scale (issue 16): does every link get checked within the cycle, within budgets,
without losing saved results?  Two parts (method and results in benchmarks/README.md):

* `cycle`: 100k links (70% zhihu, 17% WeChat, the rest over 40 hosts) with data/check.yaml's real pacing,
  run after run on a virtual clock: the real planner, pacer, fetcher, budget stop and status file code,
  with an in-memory HTTP transport whose answers take a random 0.2-3 s of virtual time.
* `kill`: real `haowen check --budget` processes against real local HTTPS servers, pacing scaled down,
  1,000 links; most runs are killed at a random moment with SIGTERM or SIGKILL.

    python benchmarks/check_sim.py cycle [--links 100000] [--days 14] [--runs-per-day 1 6]
    python benchmarks/check_sim.py kill [--links 1000] [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from haowen.io.store import current_text  # noqa: E402
from haowen.linkcheck import run as check_run  # noqa: E402
from haowen.linkcheck.config import CheckConfig, load_config  # noqa: E402
from haowen.linkcheck.plan import make_plan  # noqa: E402
from haowen.linkcheck.state import LinkState, StatusBook  # noqa: E402
from haowen.web.addresses import ALLOW_ENV  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
START = dt.datetime(2026, 1, 1, 3, 17, tzinfo=dt.UTC)


def host_mix(n: int, seed: int = 7) -> list[str]:
    """`n` distinct URLs: 70% zhihu, 17% WeChat, the rest spread over 40 other hosts (seeded)."""
    rng = random.Random(seed)
    others = [f"blog{k}.example.com" for k in range(40)]
    urls = []
    for i in range(n):
        r = rng.random()
        if r < 0.70:
            urls.append(f"https://zhuanlan.zhihu.com/p/{600000000 + i}")
        elif r < 0.87:
            urls.append(f"https://mp.weixin.qq.com/s/sim{i:07d}")
        else:
            urls.append(f"https://{rng.choice(others)}/posts/{i}")
    return urls


class VirtualLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock jumps to the next timer whenever nothing is ready (no real waiting), with
    no threads and no DNS."""

    def __init__(self) -> None:
        super().__init__()
        self._now = 0.0
        real_select = self._selector.select

        def select(timeout: float | None = None) -> list:
            events = real_select(0)
            if not events and timeout:
                self._now += timeout
            elif not events and timeout is None and not self._ready:
                raise RuntimeError("nothing scheduled: the simulation would wait forever")
            return events

        self._selector.select = select  # type: ignore[method-assign]

    def time(self) -> float:
        return self._now

    def run_in_executor(self, executor, func, *args):  # type: ignore[no-untyped-def]
        """Work handed to a thread (reading a page) is done at once: it takes no virtual time."""
        future = self.create_future()
        try:
            future.set_result(func(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future

    async def getaddrinfo(self, host, port, **kwargs):  # type: ignore[no-untyped-def]
        """No DNS: every virtual host is at one public address (the transport answers anyway)."""
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("93.184.215.14", port))]


def _transport(rng: random.Random) -> httpx.AsyncBaseTransport:
    """Answers after a random 0.2-3 s of (virtual) time; 3% of pages are gone, 1% of answers are 503."""
    async def answer(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(rng.uniform(0.2, 3.0))
        roll = rng.random()
        code = 404 if roll < 0.03 else 503 if roll < 0.04 else 200
        return httpx.Response(code, html="<p>正文</p>")
    return httpx.MockTransport(answer)


def _virtual_client(transport: httpx.AsyncBaseTransport) -> Callable[[CheckConfig], httpx.AsyncClient]:
    real = check_run.make_client

    def make(config: CheckConfig) -> httpx.AsyncClient:
        client = real(config)
        client._transport = transport  # the only stand-in: no sockets, answers in virtual time
        return client
    return make


def one_run(urls: list[str], states: dict[str, LinkState], now: dt.datetime, config: CheckConfig,
            budget: float, rng: random.Random, status: Path) -> dict:
    """One budgeted run in virtual time: the plan, the run, the states saved; what it did."""
    plan = make_plan(urls, states, now, config, budget)
    book = StatusBook(status, states, urls, now, save_every=1e9, seen=current_text(status))
    loop, real_client = VirtualLoop(), check_run.make_client
    check_run.make_client = _virtual_client(_transport(rng))  # type: ignore[assignment]
    try:
        started = loop.time()
        results = loop.run_until_complete(check_run.check_urls(
            plan.urls, config, states, now, lambda r: book.record(r.url, r.verdict, r.cached), budget))
        took = loop.time() - started
    finally:
        check_run.make_client = real_client  # type: ignore[assignment]
        loop.close()
    book.save()
    return {"checked": len(results), "took": took, "states": book.states,
            "late": [h.host for h in plan.late_hosts()], "planned": len(plan.urls)}


def cycle(n: int, days: int, runs_per_day: int, budget: float, workdir: Path) -> dict:
    config = load_config(ROOT / "data" / "check.yaml")
    config = config.model_copy(update={"schedule": config.schedule.model_copy(update={"runs_per_day": runs_per_day})})
    urls, states, rng = host_mix(n), {}, random.Random(1)
    cycle_days = config.schedule.cycle_days
    per_run, worst_after_first_cycle = [], dt.timedelta(0)
    for k in range(days * runs_per_day):
        now = START + dt.timedelta(days=k / runs_per_day)
        wall = time.perf_counter()
        done = one_run(urls, states, now, config, budget, rng, workdir / "link-status.json")
        states = done["states"]
        ages = [now - states[u].last_checked for u in urls if u in states]
        never = len(urls) - len(ages)
        oldest = max(ages) if ages else dt.timedelta(0)
        if now - START >= dt.timedelta(days=cycle_days):
            worst_after_first_cycle = max(worst_after_first_cycle, oldest if not never else dt.timedelta(days=999))
        behind = Counter(u.split("/")[2] for u in urls
                         if u not in states or now - states[u].last_checked > dt.timedelta(days=cycle_days))
        per_run.append({"run": k + 1, "day": round(k / runs_per_day, 2), "checked": done["checked"],
                        "virtual_minutes": round(done["took"] / 60, 1), "never_checked": never,
                        "oldest_days": round(oldest.total_seconds() / 86400, 2), "behind": dict(behind.most_common(3)),
                        "late_hosts": done["late"], "wall_s": round(time.perf_counter() - wall, 1)})
        print(json.dumps(per_run[-1], ensure_ascii=False), flush=True)
    return {"links": n, "days": days, "runs_per_day": runs_per_day, "budget_min": budget / 60,
            "cycle_days": cycle_days, "max_run_minutes": max(r["virtual_minutes"] for r in per_run),
            "worst_age_after_first_cycle_days": round(worst_after_first_cycle.total_seconds() / 86400, 2),
            "cycle_met": worst_after_first_cycle <= dt.timedelta(days=cycle_days), "runs": per_run}


def _kill_world(n: int, work: Path) -> tuple[list, list[str], Path, Path, dict[str, str]]:
    from haowen.linkcheck.config import HostRule
    from test_check_support import LocalServer, make_cert, quick_config, write_config

    cert, key = make_cert(work)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    servers = [LocalServer(tls=tls) for _ in range(5)]  # zhihu-like, WeChat-like, three others
    rng = random.Random(3)
    urls = []
    for i in range(n):
        r = rng.random()
        s = servers[0] if r < 0.70 else servers[1] if r < 0.87 else rng.choice(servers[2:])
        urls.append(s.url(f"/slow/{i}", "https"))
    catalog = work / "data" / "links.yaml"
    catalog.parent.mkdir(parents=True)
    for name in ("taxonomy.yaml", "tags.yaml"):
        (catalog.parent / name).write_text((ROOT / "data" / name).read_text(encoding="utf-8"), encoding="utf-8")
    catalog.write_text("".join(f"- url: {u}\n  title: 文章 {i}\n  category: basics\n  added: 2025-12-01\n\n"
                               for i, u in enumerate(urls)), encoding="utf-8")
    aliases = {f"127.0.0.1:{servers[0].port}": "zhuanlan.zhihu.com", f"127.0.0.1:{servers[1].port}": "mp.weixin.qq.com"}
    config = quick_config(aliases, ttl_hours=0, retries=0)
    scaled = [HostRule(name="知乎（缩放）", match=["zhuanlan.zhihu.com"], concurrency=1, interval=0.015),
              HostRule(name="微信（缩放）", match=["mp.weixin.qq.com"], concurrency=1, interval=0.015)]
    config = config.model_copy(update={"hosts": scaled, "schedule": config.schedule.model_copy(update={
        "latency": 0.02, "grace": 0.5, "save_every": 0.3, "cycle_days": 1, "runs_per_day": 6})})
    env = {**os.environ, "SSL_CERT_FILE": str(cert), "PYTHONPATH": str(ROOT / "scripts"),
           ALLOW_ENV: "127.0.0.1/32"}  # the local servers: a benchmark, like the tests, may fetch them
    env.pop("CI", None)
    return servers, urls, catalog, write_config(config, work / "check.yaml"), env


def kill(n: int, runs: int, budget: float, work: Path) -> dict:
    """Real processes, real servers: runs 4 virtual hours apart, most killed at a random moment."""
    servers, urls, catalog, config, env = _kill_world(n, work)
    status, rng, log, previous = catalog.parent / "link-status.json", random.Random(5), [], {}
    lost = 0
    try:
        for k in range(runs):
            now = START + dt.timedelta(hours=4 * k)
            fate = rng.choice(["SIGKILL", "SIGTERM", "none"])
            cmd = [sys.executable, "-m", "haowen", "check", "--catalog", str(catalog), "--config", str(config),
                   "--budget", f"{budget}s"]
            wall = time.monotonic()
            proc = subprocess.Popen(cmd, env={**env, "HAOWEN_NOW": now.isoformat()},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if fate != "none":
                try:
                    proc.wait(timeout=rng.uniform(0.5, budget + 1.5))
                except subprocess.TimeoutExpired:
                    proc.send_signal(getattr(signal, fate))
            proc.wait(timeout=60)
            took = time.monotonic() - wall
            saved = json.loads(status.read_text(encoding="utf-8"))["links"] if status.exists() else {}
            # nothing saved before is lost: every link keeps a check at least as recent as before
            lost += sum(1 for u, s in previous.items() if u not in saved or saved[u]["last_checked"] < s["last_checked"])
            stamp = now.isoformat().replace("+00:00", "Z")
            this_run = sum(1 for s in saved.values() if s["last_checked"] == stamp)
            checked_at = [dt.datetime.fromisoformat(s["last_checked"]) for s in saved.values()]
            oldest = max((now - c for c in checked_at), default=dt.timedelta(0))
            log.append({"run": k + 1, "fate": fate, "exit": proc.returncode, "seconds": round(took, 2),
                        "saved_this_run": this_run, "never_checked": n - len(saved),
                        "oldest_hours": round(oldest.total_seconds() / 3600, 1)})
            print(json.dumps(log[-1]), flush=True)
            previous = saved
    finally:
        for s in servers:
            s.close()
    first_full = next((r["run"] for r in log if r["never_checked"] == 0), None)
    after = [r["oldest_hours"] for r in log[first_full:]] if first_full else []
    return {"links": n, "runs": runs, "budget_s": budget, "lost_results": lost,
            "all_checked_after_run": first_full, "worst_oldest_hours_after": max(after, default=None),
            "longest_run_s": max(r["seconds"] for r in log), "log": log}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="part", required=True)
    c = sub.add_parser("cycle")
    c.add_argument("--links", type=int, default=100_000)
    c.add_argument("--days", type=int, default=14)
    c.add_argument("--runs-per-day", type=int, nargs="+", default=[1, 6])
    c.add_argument("--budget-minutes", type=float, default=90)
    k = sub.add_parser("kill")
    k.add_argument("--links", type=int, default=1000)
    k.add_argument("--runs", type=int, default=30)
    k.add_argument("--budget", type=float, default=4.0)
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="haowen-check-sim-") as tmp:
        if args.part == "cycle":
            out = [cycle(args.links, args.days, r, args.budget_minutes * 60, Path(tmp)) for r in args.runs_per_day]
        else:
            out = kill(args.links, args.runs, args.budget, Path(tmp))
    suffix = "_" + "_".join(f"{r}x" for r in args.runs_per_day) if args.part == "cycle" else ""
    target = RESULTS / f"check_{args.part}{suffix}.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"→ {target}")


if __name__ == "__main__":
    main()
