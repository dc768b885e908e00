"""检查链接是否还能访问：正常、失效、被拦截、未知；隔天复查确认失效，并查找存档"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.text import Text

from haowen.catalog.load import Catalog, load_or_exit
from haowen.catalog.model import Link
from haowen.catalog.urls import canonical
from haowen.editing.layout import replace_entries
from haowen.editing.revise import Change, revise
from haowen.io.problems import Problem
from haowen.io.store import atomic_write, current_text
from haowen.linkcheck.archive import find_snapshots
from haowen.linkcheck.config import CONFIG_FILE, CheckConfig, ConfigError, load_config, parse_duration
from haowen.linkcheck.inputs import catalog_urls, file_urls, run_time
from haowen.linkcheck.metadata import Proposal, lacking, proposals, render_report, wanted_urls
from haowen.linkcheck.plan import make_plan
from haowen.linkcheck.progress import reporter
from haowen.linkcheck.report import Coverage, render, render_markdown, summary_tables
from haowen.linkcheck.run import Result, check_urls, make_client
from haowen.linkcheck.state import STATUS_FILE, LinkState, StatusBook, load_states

EXIT_ON_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--urls", type=Path, metavar="FILE", help="改为检查这个文件里的链接（每行一个），不读写状态文件")
    p.add_argument("--config", type=Path, metavar="PATH", help="检查配置，默认是 links.yaml 旁边的 check.yaml")
    p.add_argument("--report", type=Path, metavar="PATH", help="把报告写进这个文件，而不是标准输出")
    p.add_argument("--full-report", type=Path, metavar="PATH",
                   help="把不截断的 Markdown 报告（列出每条有问题的链接）写进这个文件；"
                        "--format markdown 的报告只列出 GitHub 议题长度上限内放得下的链接")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="报告格式")
    p.add_argument("--fail-on", action="append", choices=("dead", "blocked", "unknown"), default=[],
                   help="本次有这种状态的链接时退出码为 1（可重复）")
    p.add_argument("--budget", nargs="?", const="", metavar="DURATION",
                   help="只在这段时间内检查（600s、90m、2h；不写时长用 check.yaml 的 schedule.budget）："
                        "从未检查的优先，其次最久未检查的，每个主机按节奏分到预算")
    p.add_argument("--propose-metadata", action="store_true",
                   help="条目缺发表日期或作者时，从判为正常的页面里读出来写进 links.yaml（不改已有的值）")
    p.add_argument("--metadata-report", type=Path, metavar="FILE",
                   help="把补充的发表日期和作者列成 Markdown 写进这个文件（不加 --propose-metadata 时只列出不写入）")
    p.add_argument("--now", help=argparse.SUPPRESS)


@dataclass
class Outcome:
    """What a run did: its results, the coverage, and the signal that stopped it (if any)."""

    results: list[Result]
    now: dt.datetime
    skipped: int
    coverage: Coverage | None = None
    signal: int | None = None
    filled: list[Proposal] | None = None  # metadata proposed (None when not asked for)
    written: bool = False  # … and written into links.yaml


def _budget(value: str | None, config: CheckConfig) -> float | None:
    if value is None:
        return None
    try:
        return parse_duration(value or config.schedule.budget)
    except ValueError as exc:
        raise ConfigError([Problem("--budget", 1, 1, str(exc))]) from None


async def _archive(config: CheckConfig, states: dict[str, LinkState], seconds: float | None) -> int:
    """Look up archived copies for confirmed dead links that have none yet, within `seconds` if given.

    Returns how many were found.
    """
    wanted = [u for u, s in states.items() if s.confirmed_dead and not s.archive_url]
    if not wanted or (seconds is not None and seconds <= 0):
        return 0
    async with make_client(config) as client:
        try:
            async with asyncio.timeout(seconds):
                found = await find_snapshots(client, config.archive, wanted)
        except TimeoutError:
            return 0  # the next run looks again
    for url, snapshot in found.items():
        states[url].archive_url = snapshot
    return len(found)


async def _checked(urls: list[str], config: CheckConfig, old: dict[str, LinkState], now: dt.datetime,
                   on_result: Callable[[Result], None], budget: float | None,
                   wants_meta: set[str]) -> tuple[list[Result], int | None]:
    """check_urls, stopped early (and told which signal) by SIGINT or SIGTERM."""
    loop, stop, caught = asyncio.get_running_loop(), asyncio.Event(), list[int]()

    def on_signal(sig: int) -> None:
        caught.append(sig)
        stop.set()

    for sig in EXIT_ON_SIGNAL:
        loop.add_signal_handler(sig, on_signal, sig)
    try:
        results = await check_urls(urls, config, old, now, on_result, budget, stop, wants_meta)
    finally:
        for sig in EXIT_ON_SIGNAL:
            loop.remove_signal_handler(sig)
    return results, caught[0] if caught else None


def fill_in(found: list[Proposal], applied: list[Proposal]) -> Change:
    """The change that gives entries the values `found` for fields they still lack (never overwriting);
    `applied` is set to the proposals it used."""
    def change(catalog: Catalog, text: str) -> str:
        applied.clear()
        entries = {canonical(e.link.url): e.link for e in catalog.entries}
        new: dict[str, Link] = {}
        for url in dict.fromkeys(p.url for p in found):
            link = entries.get(canonical(url))
            used = [p for p in found if p.url == url and p.field in lacking(link)] if link else []
            if link and used:
                new[link.url] = Link.model_validate({**link.model_dump(), **{p.field: p.value for p in used}})
                applied.extend(used)
        return replace_entries(text, new, catalog) if new else text
    return change


def _metadata(catalog: Catalog, results: list[Result], write: bool) -> tuple[list[Proposal], bool]:
    """What the pages gave for missing fields, written into links.yaml (one locked write) if `write`."""
    found = proposals(catalog, [(r.url, r.meta) for r in results if r.meta])
    if not write or not found:
        return found, False
    applied: list[Proposal] = []
    if revise(catalog, fill_in(found, applied)) is None:  # revise said why on stderr
        return found, False
    return applied, True


def _check(args: argparse.Namespace) -> Outcome:
    started = time.monotonic()
    now = run_time(args.now)
    config = load_config(args.config or args.catalog.parent / CONFIG_FILE)
    budget = _budget(args.budget, config)
    catalog = None if args.urls else load_or_exit(args.catalog)
    metadata = args.propose_metadata or args.metadata_report is not None
    if metadata and catalog is None:
        raise ConfigError([Problem("--urls", 1, 1,
                                   "--propose-metadata 和 --metadata-report 只能用于检查目录，不能与 --urls 一起用")])
    wants_meta = wanted_urls(catalog) if metadata and catalog else set()
    urls = catalog_urls(catalog) if catalog is not None else file_urls(args.urls)
    skipped = [u for u in urls if config.excluded(u)]
    urls = [u for u in urls if not config.excluded(u)]
    state_path = catalog.data_dir / STATUS_FILE if catalog else None
    seen = current_text(state_path) if state_path else None  # before loading: a later change is never overwritten
    old = load_states(state_path) if state_path else {}
    plan = make_plan(urls, old, now, config, budget) if budget is not None else None
    todo = plan.urls if plan else urls
    book = StatusBook(state_path, old, urls, now, config.schedule.save_every, seen) if state_path else None
    with reporter(len(todo)) as show:
        def on_result(result: Result) -> None:
            show(result)
            if book:
                book.record(result.url, result.verdict, result.cached)

        left = None if budget is None else budget - (time.monotonic() - started)
        results, caught = asyncio.run(_checked(todo, config, old, now, on_result, left, wants_meta))
    if not book or not catalog:
        return Outcome(results, now, len(skipped), signal=caught)
    book.save()  # before the archive look-ups, which a signal may cut short
    filled, written = _metadata(catalog, results, args.propose_metadata) if metadata else (None, False)
    if caught is None:
        left = None if budget is None else budget - (time.monotonic() - started)
        if asyncio.run(_archive(config, book.states, left)):
            book.save()
    results = [dataclasses.replace(r, confirmed_dead=book.states[r.url].confirmed_dead,
                                   archive_url=book.states[r.url].archive_url) for r in results]
    coverage = Coverage.of(results, urls, book.states, now, config.schedule.cycle_days, plan)
    return Outcome(results, now, len(skipped), coverage, caught, filled, written)


def run(args: argparse.Namespace) -> int:
    try:
        done = _check(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem.text(), file=sys.stderr)
        return 2
    results = done.results
    text = render(results, args.format, done.now, done.coverage)
    if args.report:
        atomic_write(args.report, text)
    if args.full_report:
        atomic_write(args.full_report, render_markdown(results, done.now, done.coverage, limit=None))
    if args.report or args.format != "text":
        console = Console(stderr=True, highlight=False)
        for line in done.coverage.lines() if done.coverage else []:
            console.print(Text(line))
        for table in summary_tables(results):
            console.print(table)
    if not args.report:
        sys.stdout.write(text)
    if done.filled is not None:
        if args.metadata_report:
            atomic_write(args.metadata_report, render_report(done.filled, done.written))
        if done.written:
            print(f"已为 {len({p.url for p in done.filled})} 条补充发表日期或作者（{args.catalog}）", file=sys.stderr)
    if done.skipped:
        print(f"按排除规则跳过 {done.skipped} 条链接", file=sys.stderr)
    if done.signal is not None:
        print(f"收到 {signal.Signals(done.signal).name}，已停止：本次得到的 {len(results)} 条结果已保存", file=sys.stderr)
        return EXIT_ON_SIGNAL[signal.Signals(done.signal)]
    failed = {r.verdict.status for r in results} & set(args.fail_on)
    return 1 if failed else 0
