"""检查链接是否还能访问：正常、失效、被拦截、未知；隔天复查确认失效，并查找存档"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from rich.console import Console

from ..catalog import load_or_exit
from ..check.archive import find_snapshots
from ..check.config import CONFIG_FILE, CheckConfig, ConfigError, load_config
from ..check.inputs import catalog_urls, file_urls, run_time
from ..check.progress import reporter
from ..check.report import render, summary_tables
from ..check.run import Result, check_urls, make_client
from ..check.state import STATUS_FILE, LinkState, advance, load_states, save_states
from ..store import atomic_write, current_text


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--urls", type=Path, metavar="FILE", help="改为检查这个文件里的链接（每行一个），不读写状态文件")
    p.add_argument("--config", type=Path, metavar="PATH", help="检查配置，默认是 links.yaml 旁边的 check.yaml")
    p.add_argument("--report", type=Path, metavar="PATH", help="把报告写进这个文件，而不是标准输出")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="报告格式")
    p.add_argument("--fail-on", action="append", choices=("dead", "blocked", "unknown"), default=[],
                   help="本次有这种状态的链接时退出码为 1（可重复）")
    p.add_argument("--now", help=argparse.SUPPRESS)


async def _archive(config: CheckConfig, states: dict[str, LinkState]) -> None:
    """Look up archived copies for confirmed dead links that have none yet."""
    wanted = [u for u, s in states.items() if s.confirmed_dead and not s.archive_url]
    if not wanted:
        return
    async with make_client(config) as client:
        found = await find_snapshots(client, config.archive, wanted)
    for url, snapshot in found.items():
        states[url].archive_url = snapshot


def _record(results: list[Result], old: dict[str, LinkState], now: dt.datetime,
            config: CheckConfig) -> tuple[list[Result], dict[str, LinkState]]:
    """The new status file contents (only this run's URLs) and results carrying confirmation and archive."""
    states = {r.url: old[r.url] if r.cached else advance(old.get(r.url), r.verdict, now) for r in results}
    asyncio.run(_archive(config, states))
    marked = [dataclasses.replace(r, confirmed_dead=states[r.url].confirmed_dead,
                                  archive_url=states[r.url].archive_url) for r in results]
    return marked, states


def _check(args: argparse.Namespace) -> tuple[list[Result], dt.datetime, int]:
    now = run_time(args.now)
    config = load_config(args.config or args.catalog.parent / CONFIG_FILE)
    catalog = None if args.urls else load_or_exit(args.catalog)
    urls = file_urls(args.urls) if args.urls else catalog_urls(catalog)
    skipped = [u for u in urls if config.excluded(u)]
    urls = [u for u in urls if not config.excluded(u)]
    state_path = catalog.data_dir / STATUS_FILE if catalog else None
    seen = current_text(state_path) if state_path else None  # before loading: a later change is never overwritten
    old = load_states(state_path) if state_path else {}
    with reporter(len(urls)) as on_result:
        results = asyncio.run(check_urls(urls, config, old, now, on_result))
    if state_path:
        results, states = _record(results, old, now, config)
        save_states(state_path, states, seen)
    return results, now, len(skipped)


def run(args: argparse.Namespace) -> int:
    try:
        results, now, skipped = _check(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem.text(), file=sys.stderr)
        return 2
    text = render(results, args.format, now)
    if args.report:
        atomic_write(args.report, text)
    if args.report or args.format != "text":
        console = Console(stderr=True, highlight=False)
        for table in summary_tables(results):
            console.print(table)
    if not args.report:
        sys.stdout.write(text)
    if skipped:
        print(f"按排除规则跳过 {skipped} 条链接", file=sys.stderr)
    failed = {r.verdict.status for r in results} & set(args.fail_on)
    return 1 if failed else 0
